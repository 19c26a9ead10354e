"""Words of the policy charts (key prefix ``chart``): axes, legend and titles."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "before": ("bisher", "before"),
    "draft": ("Entwurf", "draft"),
    "cases": ("Fälle", "Cases"),
    "tier": ("Stufe", "Tier"),
    "and": (" und ", " and "),
    "legend_before": ("hell: bisher", "light: before"),
    "legend_draft": ("kräftig: Entwurf", "dark: draft"),
    "capacity": ("Kapazität für {tiers} je Woche", "Capacity for {tiers} per week"),
    "title": (
        "Fälle je Bezirksregierung und Stufe: bisher und Entwurf",
        "Cases per district government and tier: before and draft",
    ),
    "subtitle": (
        "{baseline} → {proposal} · Stichtag {day} · {n} Fälle",
        "{baseline} → {proposal} · reference date {day} · {n} cases",
    ),
    "change": ("{name}: {before} → {after}", "{name}: {before} → {after}"),
    "changes": ("Änderung: {changes}", "Change: {changes}"),
    "omitted_tier": (
        "„{tier}“ ({before} bisher, {after} Entwurf)",
        "“{tier}” ({before} before, {after} draft)",
    ),
    "omitted": ("nicht gezeigt: {tiers}", "not shown: {tiers}"),
    "bar_number": (
        "Zahl über dem Balken: Fälle in {tiers} (rot: über der Kapazität)",
        "Number above the bar: cases in {tiers} (red: over capacity)",
    ),
}
