"""The model's points as a section of the note for the file (beside the rules, never instead)."""

from __future__ import annotations

from typing import Any

_HEAD = {
    "de": (
        "Punktemodell (ergänzend, nicht maßgeblich)",
        "Punkte gesamt",
        "Grundwert",
        "Modell nicht verfügbar – die Einstufung folgt allein den Regeln.",
        "Das Punktemodell ordnet nur ergänzend; maßgeblich sind die Regeln und Ihre Prüfung.",
    ),
    "en": (
        "Points model (supplementary, not decisive)",
        "Total points",
        "Base points",
        "Model unavailable – the tier follows the rules alone.",
        "The points model only supplements the order; the rules and your review decide.",
    ),
}


def render_model_section(points: dict[str, Any] | None, lang: str = "de") -> str:
    """A few lines for the text explanation: total, per-factor points and reasons."""
    head, total, base, missing, note = _HEAD["en" if lang == "en" else "de"]
    lines = ["", f"{head}:"]
    if points is None:
        return "\n".join([*lines, f"  {missing}", ""])
    version = points.get("model_version")
    lines.append(f"  {total}: {points['points']}" + (f" (Version {version})" if version else ""))
    lines.append(f"  {base}: {points['intercept_points']}")
    for reason in points.get("reasons", []):
        label = reason.get("text_en" if lang == "en" else "text_de") or reason.get("feature")
        lines.append(f"  {reason.get('points', 0):+d} {label}")
    lines.append(f"  {note}")
    return "\n".join(lines) + "\n"
