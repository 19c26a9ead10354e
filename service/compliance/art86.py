"""The explanation for the person concerned (AI Act Art. 86, GDPR Art. 13-15): plain German.

Written from the **same explanation record** as the note for the file
(:func:`rules.explanation.explain`, rendered for the file by :func:`rules.render.render_text`):
the tier and its reason, the criteria that applied with the records behind them, the legal
obstacles, what was not counted, and the single changes that would move the case. Only the
arrangement and the wording differ: short sentences, no internal ids (no case reference, no
record numbers, no rule codes), the presumption of innocence said in words, the person's
rights, and the sources (rule set version and checksum, model version, dates).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from cases.model import Case
from rules.explanation import Explanation, RecordRef
from rules.labels import amount, format_date, label
from texts import plural, text

__all__ = ["internal_ids", "render_art86"]


def _t(key: str, lang: str, **values: object) -> str:
    return text(f"compliance.{key}", lang, **values)


def _months(value: float, lang: str) -> str:
    """``1 Monat``, ``14 Monate``, ``1,5 Monate``: the note's words for a sentence."""
    return amount(value, "months", lang)


def record_line(record: RecordRef, lang: str) -> str:
    """A record in words, without its id: what, when, status and sentence."""
    day = format_date(record.date, lang)
    if record.kind == "incident":
        return _t(
            "art86.record.incident", lang, what=record.what, date=day, severity=record.severity
        )
    parts = [label("status", record.status, lang)] if record.status else []
    if record.sentence_months is not None:
        parts.append(
            _t("art86.record.fine", lang)
            if record.sentence_months == 0
            else _months(record.sentence_months, lang)
        )
    if record.suspended:
        parts.append(_t("art86.record.suspended", lang))
    if record.not_final:
        parts.append(_t("art86.record.not_final", lang))
    return _t("art86.record.offence", lang, what=record.what, date=day, status=", ".join(parts))


def internal_ids(case: Case, explanation: Explanation) -> list[str]:
    """Every id the person must not read: case reference, record numbers, rule and tier codes."""
    ids = [case.case_id]
    ids += [o.offence_id for o in case.offences] + [i.incident_id for i in case.incidents]
    ids += [c.id for c in explanation.criteria] + [b.id for b in explanation.blockers]
    ids += [a.id for a in explanation.actions]
    return sorted(set(ids), key=len, reverse=True)


def _scrub(line: str, case: Case, lang: str) -> str:
    """Replace any record number in a sentence by the record's date."""
    records = [(o.offence_id, o.date) for o in case.offences]
    records += [(i.incident_id, i.date) for i in case.incidents]
    for rid, day in records:
        line = re.sub(
            rf"\b{re.escape(rid)}\b",
            _t("art86.a_record", lang, date=format_date(day, lang)),
            line,
        )
    return line


def _bullets(lines: Iterable[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def render_art86(
    explanation: Explanation,
    case: Case,
    *,
    checksum: str,
    model_version: str | None,
    generated: date,
    contact: str,
    sample: bool = False,
) -> str:
    """The explanation as Markdown, in the explanation's language (German by default)."""
    lang = explanation.lang
    out = [f"# {_t('art86.title', lang)}", ""]
    if sample:
        out += [f"*{_t('art86.sample', lang)}*", ""]
    out += [_t("art86.intro", lang), ""]
    placed = _t(
        "art86.placed",
        lang,
        as_of=format_date(explanation.as_of, lang),
        tier=explanation.tier_label,
    )
    out += [
        f"**{placed}**",
        "",
        f"## {_t('art86.why', lang)}",
        "",
    ]
    fired = [c for c in explanation.criteria if c.fired]
    if not fired:
        out += [_t("art86.no_criteria", lang), ""]
    any_open = False
    for criterion in fired:
        requirement = criterion.description or criterion.title
        out.append(_t("art86.criterion", lang, title=criterion.title, requirement=requirement))
        if criterion.evidence:
            out += ["", _t("art86.records", lang), ""]
            out += _bullets(record_line(r, lang) for r in criterion.evidence)
            any_open = any_open or any(r.not_final for r in criterion.evidence)
        out.append("")
    if explanation.blockers:
        titles = ", ".join(b.title for b in explanation.blockers)
        out += [_t("art86.obstacles", lang, titles=titles), ""]
    if any_open:
        out += [_t("art86.not_final", lang), ""]
    if explanation.not_counted:
        out += [plural("compliance.art86.not_counted", len(explanation.not_counted), lang), ""]
    if explanation.tier_changes:
        out += [f"## {_t('art86.changes', lang)}", ""]
        out += _bullets(_scrub(change.text, case, lang) for change in explanation.tier_changes)
        out.append("")
    if model_version:
        out += [_t("art86.model", lang), ""]
    out += [_scrub(explanation.disclaimer, case, lang), ""]
    out += [f"## {_t('art86.rights_title', lang)}", "", _t("art86.rights", lang, contact=contact)]
    model = (
        _t("art86.model_version", lang, version=model_version)
        if model_version
        else _t("art86.no_model", lang)
    )
    out += [
        "",
        "---",
        "",
        _t(
            "art86.sources",
            lang,
            ruleset=explanation.ruleset,
            version=explanation.ruleset_version,
            checksum=checksum[:12],
            model=model,
            as_of=format_date(explanation.as_of, lang),
            generated=format_date(generated, lang),
        ),
        "",
    ]
    return "\n".join(out)
