"""Renderers of the explanation record: a note for the file (text) and a one-line reason.

HTML rendering lives with the web UI (templates); JSON is ``Explanation.model_dump``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.explanation import Explanation
from rules.labels import format_date, label
from rules.language import RuleSet

_HEAD = {
    "de": {
        "title": "Aktenvermerk – Priorisierung im Fallmanagement NRW",
        "case": "Fall",
        "region": "Bezirksregierung",
        "as_of": "Stichtag",
        "ruleset": "Regelwerk",
        "version": "Version",
        "score": "Punktwert",
        "criteria": "Kriterien",
        "evidence": "Belege",
        "basis": "Grundlage",
        "near": "Knapp verfehlt",
        "changes": "Was die Einstufung ändern würde",
        "blockers": "Rechtliche Hindernisse",
        "actions": "Erforderliche Schritte",
        "not_counted": "Nicht berücksichtigte Einträge",
        "params": "Parameter",
        "none": "keine",
        "points": "Punkte",
    },
    "en": {
        "title": "File note – prioritisation in Fallmanagement NRW",
        "case": "Case",
        "region": "District government",
        "as_of": "Reference date",
        "ruleset": "Rule set",
        "version": "version",
        "score": "Score",
        "criteria": "Criteria",
        "evidence": "Evidence",
        "basis": "Basis",
        "near": "Near misses",
        "changes": "What would change the tier",
        "blockers": "Legal obstacles",
        "actions": "Required steps",
        "not_counted": "Records not counted",
        "params": "Parameters",
        "none": "none",
        "points": "points",
    },
}


def render_text(expl: Explanation, lang: str | None = None) -> str:
    """The explanation as a plain-text note for the file (Aktenvermerk)."""
    lang = lang or expl.lang
    h = _HEAD["en" if lang == "en" else "de"]
    lines = [
        h["title"],
        f"{h['case']} {expl.case_id} · {h['region']} {label('region', expl.region, lang)}",
        f"{h['as_of']}: {format_date(expl.as_of, lang)} · {h['ruleset']} {expl.ruleset}, "
        f"{h['version']} {expl.ruleset_version}",
        "",
        f"{expl.tier_label} — {expl.tier_reason}",
        f"{h['score']}: {expl.score}",
        "",
        f"{h['criteria']}:",
    ]
    for c in expl.criteria:
        mark = "[x]" if c.fired else "[ ]"
        points = f" ({c.points} {h['points']})" if c.fired else ""
        lines.append(f"  {mark} {c.text}{points}")
        if c.fired:
            lines.append(f"      {h['basis']}: {c.basis}")
            for ev in c.evidence:
                lines.append(f"      {h['evidence']}: {ev.text}")
    lines += ["", f"{h['near']}:"]
    lines += [f"  - {c.text}" for c in expl.near_misses] or [f"  {h['none']}"]
    lines += ["", f"{h['changes']}:"]
    lines += [f"  - {t.text}" for t in expl.tier_changes] or [f"  {h['none']}"]
    lines += ["", f"{h['blockers']}:"]
    lines += [f"  - {b.title} ({b.basis})" for b in expl.blockers] or [f"  {h['none']}"]
    lines += ["", f"{h['actions']}:"]
    for a in expl.actions:
        lines.append(f"  - {a.title}")
        lines += [f"      {h['evidence']}: {ev.text}" for ev in a.evidence]
    if not expl.actions:
        lines.append(f"  {h['none']}")
    lines += ["", f"{h['not_counted']}:"]
    lines += [f"  - {n.record.text}: {n.text}" for n in expl.not_counted] or [f"  {h['none']}"]
    params = ", ".join(f"{k} = {_value(v)}" for k, v in expl.parameters.items())
    lines += ["", f"{h['params']}: {params}", "", expl.disclaimer]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def short_reason(
    tier: str, criteria: Sequence[str], blockers: Sequence[str], ruleset: RuleSet, lang: str = "de"
) -> str:
    """One line for a queue row, e.g. ``Gewaltdelikt, Mehrfachtäter – vollziehbar …``."""
    names = [ruleset.rule(c).title.get(lang) for c in criteria]
    text = (
        ", ".join(names)
        if names
        else ("kein Kriterium erfüllt" if lang == "de" else "no criterion met")
    )
    if blockers:
        text += " – " + ("Hindernis: " if lang == "de" else "obstacle: ")
        text += ", ".join(ruleset.rule(b).title.get(lang) for b in blockers)
    elif tier != ruleset.tier_ids[-1]:
        text += " – " + ruleset.tier(tier).label.get(lang)
    return text
