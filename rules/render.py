"""Renderers of the explanation record: the note for the file (text) and a one-line reason.

They only arrange what :func:`rules.explanation.explain` states; every word comes from the
record or from the message catalogue (:mod:`texts`). HTML rendering lives with the web UI
(templates); JSON is ``Explanation.model_dump``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.explanation import Explanation, tier_criteria
from rules.labels import format_date, label
from rules.language import Always, RuleSet
from texts import plural, text


def render_text(expl: Explanation, lang: str | None = None) -> str:
    """The explanation as a plain-text note for the file (Aktenvermerk)."""
    lang = expl.lang if lang is None else lang

    def t(key: str, **values: object) -> str:
        return text(f"note.{key}", lang, **values)

    none = f"  {t('none')}"
    lines = [
        t("title"),
        t("case_line", case_id=expl.case_id, region=label("region", expl.region, lang)),
        t(
            "as_of_line",
            as_of=format_date(expl.as_of, lang),
            ruleset=expl.ruleset,
            version=expl.ruleset_version,
        ),
        "",
        t("tier_line", tier=expl.tier_label, score=expl.score),
        f"{t('reason')}: {expl.tier_reason}",
        "",
        f"{t('legal_status')}:",
        *(f"  {s.label}: {s.text}" for s in expl.legal_status),
        "",
        f"{t('criteria')}:",
    ]
    for c in expl.criteria:
        mark = "[x]" if c.fired else "[ ]"
        head = f"{c.title}: {t('met') if c.fired else t('not_met')}"
        if c.fired:
            head += f" ({plural('note.points', c.points, lang)})"
        lines.append(f"  {mark} {head}")
        if c.fired and c.description:
            lines.append(f"      {t('requirement')}: {c.description}")
        lines += [f"      {t('measured')}: {m.text}" for m in c.measures]
        lines += [f"      {t('measured_other')}: {m.text}" for m in c.other_measures]
        lines += [f"      {t('reason')}: {g}" for g in c.grounds]
        if c.fired:
            lines.append(f"      {t('basis')}: {c.basis}")
            lines += [f"      {t('evidence')}: {ev.text}" for ev in c.evidence]
        # records counted without making it fire (below its threshold)
        lines += [f"      {t('counted')}: {ev.text}" for ev in c.counted]
    lines += ["", f"{t('near_misses')}:"]
    near = [f"  - {m.text}" for c in expl.near_misses for m in c.measures if m.near_miss]
    lines += near or [none]
    lines += ["", f"{t('changes')}:"]
    if expl.tier_changes:
        lines.append(f"  {t('changes_hint')}")
        lines += [f"  - {c.text}" for c in expl.tier_changes]
    else:
        lines.append(none)
    lines += ["", f"{t('blockers')}:"]
    for b in expl.blockers:
        lines.append(f"  - {b.title}")
        lines.append(f"      {t('basis')}: {b.basis}")
    if not expl.blockers:
        lines.append(none)
    lines += ["", f"{t('actions')}:"]
    for a in expl.actions:
        lines.append(f"  - {a.title}")
        lines += [f"      {t('evidence')}: {ev.text}" for ev in a.evidence]
    if not expl.actions:
        lines.append(none)
    lines += ["", f"{t('not_counted')}:"]
    for n in expl.not_counted:
        lines.append(f"  - {n.record.text}")
        if n.reasons:
            lines += [f"      {r.line}" for r in n.reasons]
        else:
            lines.append(f"      {n.text}")
    if not expl.not_counted:
        lines.append(none)
    lines += ["", f"{t('parameters')}:"]
    lines += [f"  {p.label}: {p.text}" for p in expl.parameter_lines]
    lines += ["", expl.disclaimer]
    return "\n".join(lines) + "\n"


def short_reason(
    tier: str, criteria: Sequence[str], blockers: Sequence[str], ruleset: RuleSet, lang: str = "de"
) -> str:
    """One line for a queue row beside its tier column, e.g. ``Gewaltdelikt, Mehrfachtäter``.

    The tier has its own column, so the line gives the reason only: the criteria met, a legal
    obstacle, and, in the catch-all tier, that the criteria met only add points.
    """
    names = [ruleset.rule(c).title.get(lang) for c in criteria]
    line = ", ".join(names) if names else text("note.no_criterion", lang)
    if blockers:
        titles = ", ".join(ruleset.rule(b).title.get(lang) for b in blockers)
        line += " – " + text("note.obstacle", lang, titles=titles)
    elif names and isinstance(ruleset.tier(tier).when, Always):
        making = set(tier_criteria(ruleset))
        if not making & set(criteria):
            line = plural("note.short.points_only", len(names), lang, titles=line)
    return line
