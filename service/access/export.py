"""Gather everything stored about one case (GDPR Art. 15 access).

The export holds every version of the record (audit-only fields included: they are stored), every
decision, every row of any other table naming the case (found by reflection: recorded
evaluations and events, pending erasure requests, whatever later migrations add), every audit
entry about it, and the explanations shown: each as it was shown (``explanations_shown``: the
record or text, version, rule set and checksum, model version, reference date, language, who and
when); reads on record from before explanations were stored are listed without content. Other
cases named in the same audit entries (an import, a queue page) are left out: the export is
about this case only.

A case is named by its region and its id: another region's case with the same id is another
person's, and nothing of it - rows, explanations, audit entries - is in this export. Audit
entries are matched as :mod:`service.erasure.naming` says: exactly by ``case:<region>/<id>`` or
``<region>/<id>``; an id without a region only in entries that say the region of the cases they
list or whose region the database records (a decision's entry). An entry from before the
region change that names the case by its id alone cannot say its region: it is collected into
the export of the case with that id in every region.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import MetaData, Table, select
from sqlalchemy.orm import Session

from rules.explanation import Explanation
from rules.render import render_text
from service.access.models import ExplanationShown
from service.audit import service as audit_service
from service.audit.models import AuditEntry
from service.cases import service as case_service
from service.cases.keys import CaseKey, case_target
from service.cases.models import CaseRecord
from service.db.base import utcnow
from service.db.engine import Database
from service.decisions.models import Decision
from service.erasure import naming
from service.erasure import service as erasure_service

FORMAT = "rrk-triage case export 2"  # 2: explanations as stored when shown
#: Tables the export shows in their own section; every other table with case_id is listed as is.
OWN_SECTIONS = frozenset({"cases", "case_versions", "decisions", "audit_log", "explanations_shown"})
EXPLANATION_ACTIONS = frozenset({"case.explanation.read"})


class CaseNotFoundError(LookupError):
    pass


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(key): _plain(value) for key, value in row.items()}


class AmbiguousCaseError(LookupError):
    """The id is held by more than one region and no region was named (``.regions``)."""

    def __init__(self, case_id: str, regions: tuple[str, ...]) -> None:
        super().__init__(case_id)
        self.case_id, self.regions = case_id, regions


def find_case(
    db_session: Session, *, case_id: str, regions: tuple[str, ...], region: str | None = None
) -> CaseKey:
    """The case ``case_id`` among ``regions`` (in ``region`` if given). Raises
    :class:`CaseNotFoundError`, or :class:`AmbiguousCaseError` when no region is given and
    more than one of ``regions`` holds the id."""
    try:
        record = case_service.get_visible(
            db_session=db_session, case_id=case_id, regions=regions, region=region
        )
    except case_service.AmbiguousCase as error:
        raise AmbiguousCaseError(case_id, tuple(error.regions)) from None
    if record is None:
        raise CaseNotFoundError(case_id)
    return CaseKey(record.region, record.case_id)


def only_this_case(value: Any, names: Collection[str]) -> Any:
    """``value`` with lists that name several cases cut down to the items about the case
    (``names``: its words in the entry, :meth:`service.erasure.naming.CaseNames.of`)."""
    return naming.only(value, names)


def audit_entries(db_session: Session, key: CaseKey) -> list[dict[str, Any]]:
    """Every audit entry about the case ``key`` (and none about another region's case with the
    same id that says its region), its details cut down to this case."""
    names = naming.CaseNames([key])
    recorded = erasure_service.recorded_regions(db_session, names.ids)
    wanted: dict[int, frozenset[str]] = {}
    for row in erasure_service.audit_candidates(db_session, names.ids):
        details = json.loads(row.details)
        region = recorded.get(row.seq)
        if names.entry(row.target, row.reason, details, region)[1]:
            wanted[row.seq] = names.of(row.target, details, region)
    seqs = sorted(wanted)
    entries = []
    for start in range(0, len(seqs), 500):
        for entry in db_session.scalars(
            select(AuditEntry).where(AuditEntry.seq.in_(seqs[start : start + 500]))
        ):
            entries.append(
                {
                    "seq": entry.seq,
                    "at": entry.at,
                    "actor": entry.actor,
                    "action": entry.action,
                    "target": entry.target,
                    "details": only_this_case(json.loads(entry.details), wanted[entry.seq]),
                    "reason": entry.reason,
                    "hash": entry.hash,
                }
            )
    return sorted(entries, key=lambda e: e["seq"])


def _other_tables(db_session: Session, key: CaseKey) -> dict[str, list[dict[str, Any]]]:
    metadata = MetaData()
    metadata.reflect(bind=db_session.connection())
    found: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        if table.name in OWN_SECTIONS or "case_id" not in table.c:
            continue
        rows = db_session.execute(select(table).where(_of_case(table, key))).mappings()
        found[table.name] = [_row(r) for r in rows]
    return found


def _of_case(table: Table, key: CaseKey) -> Any:
    """The rows of ``table`` about the case: by region and id (by id alone in a table without
    a region, which cannot say its region; since migration 0010 every such table has one)."""
    if "region" in table.c:
        return (table.c.region == key.region) & (table.c.case_id == key.case_id)
    return table.c.case_id == key.case_id


def _note(row: ExplanationShown, payload: Any) -> str | None:
    """The note for the file as the person could read it: the text shown, or the note of the
    explanation record shown (in the language it was shown in)."""
    if row.content_kind == "text":
        return row.content
    try:
        record = Explanation.model_validate(
            {k: v for k, v in payload.items() if k != "model"} if isinstance(payload, dict) else {}
        )
    except ValidationError:
        return None
    return render_text(record, row.lang if row.lang in ("de", "en") else "de")


def _explanations(
    db_session: Session, key: CaseKey, audit: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every explanation as it was shown (``explanations_shown``), oldest first; reads on record
    in the audit log from before explanations were stored are listed without content."""
    rows = db_session.scalars(
        select(ExplanationShown)
        .where(ExplanationShown.region == key.region, ExplanationShown.case_id == key.case_id)
        .order_by(ExplanationShown.id)
    ).all()
    results: list[dict[str, Any]] = []
    for row in rows:
        payload = json.loads(row.content) if row.content_kind == "record" else None
        results.append(
            {
                "stored": True,
                "view": row.view,
                "version": row.case_version,
                "as_of": _plain(row.as_of),
                "lang": row.lang,
                "ruleset": row.ruleset,
                "ruleset_checksum": row.ruleset_checksum,
                "model_version": row.model_version,
                "shown_to": row.shown_to,
                "shown_at": _plain(row.shown_at),
                "audit_seq": row.audit_seq,
                "content_kind": row.content_kind,
                "content_hash": row.content_hash,
                "explanation": payload,
                "text": row.content if row.content_kind == "text" else None,
                "note": _note(row, payload),
            }
        )
    stored = {row.audit_seq for row in rows}
    for entry in audit:
        details = entry["details"]
        is_shown = entry["action"] in EXPLANATION_ACTIONS or (
            entry["action"] == "case.read" and details.get("format") == "web"
        )
        if not is_shown or entry["seq"] in stored or "version" not in details:
            continue
        results.append(
            {
                "stored": False,
                "view": details.get("format"),
                "version": details.get("version"),
                "as_of": details.get("as_of"),
                "lang": details.get("lang", "de"),
                "shown_to": entry["actor"],
                "shown_at": entry["at"],
                "audit_seq": entry["seq"],
            }
        )
    return sorted(results, key=lambda item: (str(item["shown_at"]), item["audit_seq"]))


def gather(db_session: Session, *, region: str, case_id: str, exported_by: str) -> dict[str, Any]:
    """Everything stored about the case ``case_id`` of ``region`` (raises
    :class:`CaseNotFoundError`)."""
    record = db_session.get(CaseRecord, (region, case_id))
    if record is None:
        raise CaseNotFoundError(case_id)
    key = CaseKey(record.region, record.case_id)
    versions = {
        v.version: v
        for v in case_service.get_versions(
            db_session=db_session, region=key.region, case_id=key.case_id
        )
    }
    decisions = db_session.scalars(
        select(Decision)
        .where(Decision.region == key.region, Decision.case_id == key.case_id)
        .order_by(Decision.id)
    ).all()
    audit = audit_entries(db_session, key)
    return {
        "format": FORMAT,
        "case_id": key.case_id,
        "region": key.region,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "exported_by": exported_by,
        "case": {
            "case_id": record.case_id,
            "region": record.region,
            "status": record.status,
            "current_version": record.current_version,
            "first_imported_at": _plain(record.first_imported_at),
            "updated_at": _plain(record.updated_at),
            "closed_at": _plain(record.closed_at),
        },
        "versions": [
            {
                "version": v.version,
                "region": v.region,
                "received_on": _plain(v.received_on),
                "imported_at": _plain(v.imported_at),
                "imported_by": v.imported_by,
                "import_id": v.import_id,
                "content_hash": v.content_hash,
                "record": json.loads(v.data),
            }
            for v in versions.values()
        ],
        "decisions": [
            {
                "id": d.id,
                "case_version": d.case_version,
                "kind": d.kind,
                "reason": d.reason,
                "override": d.override,
                "override_note": d.override_note,
                "rank": d.rank,
                "tier": d.tier,
                "score": d.score,
                "as_of": _plain(d.as_of),
                "ruleset": d.ruleset,
                "decided_by": d.decided_by,
                "decided_at": _plain(d.decided_at),
                "audit_seq": d.audit_seq,
            }
            for d in decisions
        ],
        "explanations_shown": _explanations(db_session, key, audit),
        "other_tables": _other_tables(db_session, key),
        "audit": audit,
    }


def record_export(db: Database, *, actor: str, data: dict[str, Any], format: str, via: str) -> None:
    """Put an export on record (``case.export``, about the case by region and id) before it is
    handed out: what, how much, how."""
    audit_service.record(
        db,
        actor=actor,
        action="case.export",
        target=case_target(data["region"], data["case_id"]),
        details={
            "format": format,
            "versions": len(data["versions"]),
            "audit": len(data["audit"]),
            "via": via,
        },
    )
