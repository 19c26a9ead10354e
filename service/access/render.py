"""The printable document of a case export (``templates/case_export.html``), in German or
English.

A self-contained HTML page (styles inline, no scripts, nothing loaded from elsewhere) that prints
on A4 like the print view of a case. The export's data holds codes (``koeln``, ``enforceable``,
``P1``, ``case.read``); the person concerned reads them here as labelled fields in words: field
and vocabulary labels from the catalogue, criteria and tiers by their rule set's titles and
labels, dates as ``30.11.2026, 16:23 Uhr``, tables and audit actions by their names (the codes
of the audit actions beside them, for auditors). The JSON export keeps the codes: it is the data.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from rules import RuleSet
from service.audit import wording
from service.changes.wording import cause_text
from texts import has, shown, text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

#: Where the label of a stored field is looked up: the case's fields, then the document's own.
Where = tuple[Callable[[str], str], ...]
FIELD_LABELS: Where = (
    lambda key: f"vocab.field.{key}",
    lambda key: f"audit.export.field.{key}",
    lambda key: f"audit.key.{key}",
)
RECORD_LABELS: dict[str, Where] = {
    "offences": (lambda key: f"vocab.offences_field.{key}", *FIELD_LABELS),
    "incidents": (lambda key: f"vocab.incidents_field.{key}", *FIELD_LABELS),
}
RECORD_KIND = {"offences": "web.kind_offence", "incidents": "web.kind_incident"}
#: Fields the document shows elsewhere (the case number in the title) or that only link rows.
LEFT_OUT = frozenset({"case_id"})


def _ruleset() -> RuleSet | None:
    from service.rulesets.active import configured_ruleset

    try:
        return configured_ruleset()
    except Exception:
        return None


def _capital(label: str | None) -> str | None:
    return label[:1].upper() + label[1:] if label else label


def _fields(words: wording.Wording, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of a stored row as (label or code, value in words, nested records)."""
    fields: list[dict[str, Any]] = []
    row = dict(row)
    if isinstance(row.get("cause"), str) and "cause_detail" in row:  # a recorded evaluation
        detail = row.pop("cause_detail")
        with contextlib.suppress(ValueError, TypeError):
            detail = json.loads(detail) if isinstance(detail, str) else detail
        cause = cause_text(row["cause"], detail if isinstance(detail, dict) else {}, words.lang)
        row["cause"] = cause[:1].upper() + cause[1:]
    for key, value in row.items():
        if key in LEFT_OUT:
            continue
        if key in RECORD_LABELS and isinstance(value, list):
            records = [
                {
                    "title": f"{text(RECORD_KIND[key], words.lang)} {n}",
                    "fields": [
                        wording.Detail(d.key, _capital(d.label), d.value)
                        for d in words.details(
                            {k: v for k, v in item.items() if not k.endswith("_id")},
                            RECORD_LABELS[key],
                        )
                    ],
                }
                for n, item in enumerate(value, start=1)
                if isinstance(item, dict)
            ]
            label = _capital(text(f"vocab.records.{key}", words.lang))
            fields.append({"key": key, "label": label, "records": records})
            continue
        if key == "cause":
            fields.append(
                {
                    "key": key,
                    "label": words.label(key, FIELD_LABELS),
                    "value": (wording.Shown(str(value)),),
                }
            )
            continue
        (detail,) = words.details({key: value}, FIELD_LABELS)
        fields.append({"key": key, "label": _capital(detail.label), "value": detail.value})
    return fields


def view(data: dict[str, Any], lang: str, ruleset: RuleSet | None = None) -> dict[str, Any]:
    """The export's data in words for the document."""
    words = wording.Wording(ruleset if ruleset is not None else _ruleset(), lang)
    case = data["case"]
    tables = []
    for name, rows in sorted(data.get("other_tables", {}).items()):
        key = f"audit.export.table.{name}"
        tables.append(
            {
                "name": text(key, lang) if has(key) else None,
                "code": name,
                "rows": [_fields(words, row) for row in rows],
            }
        )
    return {
        "region": text(f"vocab.region.{case['region']}", lang)
        if has(f"vocab.region.{case['region']}")
        else case["region"],
        "first_imported": wording.when(case["first_imported_at"], lang),
        "updated": wording.when(case["updated_at"], lang),
        "closed": wording.when(case["closed_at"], lang) if case.get("closed_at") else None,
        "versions": [
            {
                "version": v["version"],
                "when": wording.when(v["imported_at"], lang),
                "by": v["imported_by"],
                "import_id": v["import_id"],
                "fields": _fields(words, v["record"]),
            }
            for v in data["versions"]
        ],
        "decisions": [
            {
                "when": wording.when(d["decided_at"], lang),
                "by": d["decided_by"],
                "kind": text(f"web.decision.{d['kind']}", lang)
                if has(f"web.decision.{d['kind']}")
                else d["kind"],
                "tier": (words.tier(d["tier"]) or d["tier"]) if d.get("tier") else "–",
                "as_of": wording.day(d["as_of"], lang) if d.get("as_of") else "–",
                "override_note": shown(d.get("override_note"), lang),
                "raw": d,
            }
            for d in data["decisions"]
        ],
        "shown": [
            {
                "as_of": wording.day(e["as_of"], lang) if e.get("as_of") else "–",
                "at": wording.when(e["shown_at"], lang, utc=True),
                "lang": text(f"audit.value.lang.{e['lang']}", lang)
                if has(f"audit.value.lang.{e['lang']}")
                else e["lang"],
                "raw": e,
            }
            for e in data["explanations_shown"]
        ],
        "tables": tables,
        "audit": [
            {
                "seq": a["seq"],
                "when": wording.when(a["at"], lang),
                "action": wording.action_label(a["action"], lang),
                "code": a["action"],
                "actor": a["actor"],
                "target": wording.target(a["target"], lang),
                "reason": a.get("reason"),
                "details": words.details(a["details"]),
            }
            for a in data["audit"]
        ],
        "made": wording.when(data["exported_at"], lang),
    }


def render_html(data: dict[str, Any], lang: str = "de", ruleset: RuleSet | None = None) -> str:
    def msg(key: str, **values: Any) -> str:
        return text(f"retention.{key}", lang, **values)

    def gmsg(key: str, **values: Any) -> str:
        return text(f"gdpr.{key}", lang, **values)

    def amsg(key: str, **values: Any) -> str:
        return text(f"audit.{key}", lang, **values)

    return _env.get_template("case_export.html").render(
        data=data, shown=view(data, lang, ruleset), lang=lang, msg=msg, gmsg=gmsg, amsg=amsg
    )
