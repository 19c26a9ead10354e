"""Importing cases (all or nothing, one transaction) and reading them within a region scope."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import Session

from cases.frames import CaseFrames, frames_from_cases
from cases.model import AUDIT_ONLY_FIELDS, Case
from cases.validation import CaseInputError, InputIssue
from rules import RuleSet
from service.audit import chain
from service.cases.canonical import canonical_records
from service.cases.keys import CaseKey
from service.cases.models import (
    CaseRecord,
    CaseVersion,
    ImportResult,
    StoreState,
)
from service.db.base import utcnow
from service.db.bulk import bulk_insert
from service.errors import SaidIssue
from service.queue.caseload import ImportedLoad

_CHUNK = 2000  # ids per IN (...) query: far below SQLite's and PostgreSQL's parameter limits


def canonical_record(case: Case) -> str:
    """The stored JSON of a case: SPEC field names in model order, ISO dates, no spaces.

    Deterministic for a given model, so equal records give equal content hashes.
    """
    return case.model_dump_json()


def bump_revision(db_session: Session) -> None:
    """Tell every cache that cases or their status changed (inside the changing transaction)."""
    db_session.execute(
        update(StoreState).where(StoreState.id == 1).values(revision=StoreState.revision + 1)
    )


def _existing(
    db_session: Session, keys: Sequence[CaseKey]
) -> dict[CaseKey, tuple[int, str, str, datetime]]:
    """(region, case_id) -> (current version, status, content hash of the current version,
    first imported at), for the cases that exist."""
    found: dict[CaseKey, tuple[int, str, str, datetime]] = {}
    for start in range(0, len(keys), _CHUNK):
        rows = db_session.execute(
            select(
                CaseRecord.region,
                CaseRecord.case_id,
                CaseRecord.current_version,
                CaseRecord.status,
                CaseVersion.content_hash,
                CaseRecord.first_imported_at,
            )
            .join(
                CaseVersion,
                (CaseVersion.region == CaseRecord.region)
                & (CaseVersion.case_id == CaseRecord.case_id)
                & (CaseVersion.version == CaseRecord.current_version),
            )
            .where(tuple_(CaseRecord.region, CaseRecord.case_id).in_(keys[start : start + _CHUNK]))
        )
        for region, case_id, version, status, content_hash, first in rows:
            found[CaseKey(region, case_id)] = (version, status, content_hash, first)
    return found


class AmbiguousCase(Exception):
    """A case id that exists in more than one of the caller's regions, asked for without one.

    ``regions`` are the caller's own regions that hold the id (nothing of other regions).
    """

    def __init__(self, case_id: str, regions: list[str]) -> None:
        super().__init__(f"case {case_id} exists in {', '.join(regions)}")
        self.case_id = case_id
        self.regions = regions


def check_regions(
    case_ids: Sequence[str], case_regions: Sequence[str], regions: Collection[str]
) -> list[InputIssue]:
    """Issues for records of a region the importer may not write (from the input alone)."""
    allowed = set(regions)
    return [
        SaidIssue.said(
            case_id,
            "region",
            "ingest.region_not_yours",
            line,
            region=region,
            regions=", ".join(regions),
        )
        for line, (case_id, region) in enumerate(zip(case_ids, case_regions, strict=True), 1)
        if region not in allowed
    ]


def import_cases(
    *,
    db_session: Session,
    cases: Sequence[Case],
    actor: str,
    regions: Collection[str],
    source: str,
    as_of: date | None = None,
    ruleset: RuleSet | None = None,
    model_version: str | None = None,
    reason: str | None = None,
) -> ImportResult:
    """Store validated cases as new versions, or nothing (:func:`store_import` of their frames,
    without the load)."""
    return store_import(
        db_session=db_session,
        frames=frames_from_cases(cases),
        actor=actor,
        regions=regions,
        source=source,
        as_of=as_of,
        ruleset=ruleset,
        model_version=model_version,
        reason=reason,
    )[0]


def store_import(
    *,
    db_session: Session,
    frames: CaseFrames,
    actor: str,
    regions: Collection[str],
    source: str,
    as_of: date | None = None,
    ruleset: RuleSet | None = None,
    model_version: str | None = None,
    reason: str | None = None,
) -> tuple[ImportResult, ImportedLoad]:
    """Store every case of validated ``frames`` as a new version, or nothing; also what the
    import did to the open caseload, for
    :meth:`service.queue.caseload.CaseloadCache.apply_import` after the commit.

    Works on columns: the stored JSON of each case is written from the frames
    (:func:`service.cases.canonical.canonical_records`, the same text the model gives), and
    the rows go in with the database's bulk path (:func:`service.db.bulk.bulk_insert`: ``COPY``
    on PostgreSQL, one prepared ``executemany`` on SQLite) in the caller's transaction.

    Raises :class:`CaseInputError` for records of regions the importer may not write. Cases
    are named by region and id: a record is a new version of the case with its id *in its
    region*, and what other regions hold is never looked at (issue #14, the region oracle).

    Every case whose record changed (and every case without a recorded evaluation yet) gets its
    evaluation at ``as_of`` (default today) recorded with the import as its cause, under
    ``ruleset`` (default: the version in force on ``as_of``). ``reason`` (why the cases are
    imported) is the reason of the audit entry ``cases.import``.
    """
    case_ids = [str(c) for c in frames.cases["case_id"].tolist()]
    case_regions = [str(r) for r in frames.cases["region"].astype(object).tolist()]
    issues = check_regions(case_ids, case_regions, regions)
    if issues:  # decided on the input alone, before anything stored is looked at
        raise CaseInputError(issues, source)
    chain.lock(db_session)  # serialises imports: no two transactions create the same case
    open_before = db_session.scalar(
        select(func.count()).select_from(CaseRecord).where(CaseRecord.status == "open")
    )
    keys = [CaseKey(r, c) for r, c in zip(case_regions, case_ids, strict=True)]
    existing = _existing(db_session, keys)
    records = canonical_records(frames)
    received = frames.cases["received_on"].to_numpy().astype("datetime64[D]").tolist()
    now, import_id = utcnow(), str(uuid.uuid4())
    new_rows: list[dict[str, object]] = []
    updated_rows: list[dict[str, object]] = []
    version_rows: list[dict[str, object]] = []
    imported: list[dict[str, object]] = []
    reopened = 0
    open_positions: list[int] = []  # rows of ``frames`` open after the import
    open_versions: list[int] = []
    open_first: list[datetime] = []
    for position, (case_id, region, data) in enumerate(
        zip(case_ids, case_regions, records, strict=True)
    ):
        content_hash = hashlib.sha256(data.encode("utf-8")).hexdigest()
        previous = existing.get(keys[position])
        version = 1 if previous is None else previous[0] + 1
        changed = previous is None or previous[2] != content_hash
        version_rows.append(
            {
                "case_id": case_id,
                "version": version,
                "region": region,
                "received_on": received[position],
                "data": data,
                "content_hash": content_hash,
                "imported_at": now,
                "imported_by": actor,
                "import_id": import_id,
            }
        )
        if previous is None:
            new_rows.append(
                {
                    "case_id": case_id,
                    "region": region,
                    "current_version": 1,
                    "status": "open",
                    "first_imported_at": now,
                    "updated_at": now,
                    "closed_at": None,
                }
            )
            first = now
        else:
            # New facts about a closed case need a person to look again: it reopens.
            reopen = previous[1] == "closed" and changed
            reopened += reopen
            row: dict[str, object] = {
                "case_id": case_id,
                "region": region,
                "current_version": version,
                "updated_at": now,
            }
            if reopen:
                row.update(status="open", closed_at=None)
            updated_rows.append(row)
            first = previous[3]
        if previous is None or previous[1] == "open" or changed:
            open_positions.append(position)
            open_versions.append(version)
            open_first.append(first)
        imported.append(
            {"case_id": case_id, "region": region, "version": version, "changed": changed}
        )
    bulk_insert(db_session, CaseRecord, new_rows)
    bulk_insert(db_session, CaseVersion, version_rows)
    if updated_rows:  # bulk UPDATE by primary key (region, case_id)
        db_session.execute(update(CaseRecord), updated_rows)
    bump_revision(db_session)
    _record_import(
        db_session,
        frames=frames,
        imported=imported,
        keys=keys,
        existing=existing,
        actor=actor,
        import_id=import_id,
        as_of=as_of or date.today(),
        ruleset=ruleset,
        model_version=model_version,
    )
    revision = db_session.scalar(select(StoreState.revision).where(StoreState.id == 1)) or 0
    result = ImportResult.model_validate(  # one validation in Rust, not a model per case
        {
            "import_id": import_id,
            "imported": len(case_ids),
            "created": len(new_rows),
            "new_versions": len(updated_rows),
            "reopened": reopened,
            "cases": imported,
        }
    )
    chain.append(
        db_session,
        actor=actor,
        action="cases.import",
        target=f"import:{import_id}",
        details={
            "source": source,
            "imported": result.imported,
            "created": result.created,
            "new_versions": result.new_versions,
            "reopened": reopened,
            "cases": [[c["case_id"], c["version"]] for c in imported],
            "regions": sorted({str(c["region"]) for c in imported}),
        },
        reason=reason,
    )
    load = ImportedLoad(
        revision=revision,
        empty_before=not open_before,
        imported_keys=keys,
        case_ids=[case_ids[p] for p in open_positions],
        regions=[case_regions[p] for p in open_positions],
        versions=open_versions,
        first_import=[f.date() for f in open_first],
        updated=[now.date()] * len(open_positions),
        frames=frames.take(open_positions),
    )
    return result, load


def _record_import(
    db_session: Session,
    *,
    frames: CaseFrames,
    imported: Sequence[dict[str, object]],
    keys: Sequence[CaseKey],
    existing: dict[CaseKey, tuple[int, str, str, datetime]],
    actor: str,
    import_id: str,
    as_of: date,
    ruleset: RuleSet | None,
    model_version: str | None,
) -> None:
    """Record the evaluation of every case the import changed (or that has no record yet).

    Works on the import's columns (the batch engine on ``frames``, and the next calendar date
    of each case from the same columns), so a large import does not build one case object per
    record.
    """
    from service.changes import record as recording
    from service.rulesets.active import get_active_ruleset

    unchanged = [keys[p] for p, item in enumerate(imported) if not item["changed"]]
    unrecorded = set(unchanged) - set(recording.last_records(db_session, unchanged))
    picked = [
        position
        for position, item in enumerate(imported)
        if item["changed"] or keys[position] in unrecorded
    ]
    if not picked:
        return
    ruleset = ruleset or get_active_ruleset(db_session, on=as_of)
    chosen = frames if len(picked) == len(imported) else frames.take(picked)
    recording.record_frames(
        db_session,
        frames=chosen,
        versions=[int(str(imported[p]["version"])) for p in picked],
        ruleset=ruleset,
        as_of=as_of,
        cause="import",
        details=[
            {
                "version": imported[p]["version"],
                "date": as_of.isoformat(),
                "import_id": import_id,
                "first": keys[p] not in existing,
            }
            for p in picked
        ],
        actor=actor,
        model_version=model_version,
    )


def get_visible(
    *, db_session: Session, case_id: str, regions: Collection[str], region: str | None = None
) -> CaseRecord | None:
    """The case ``case_id`` of one of ``regions`` (of ``region`` if given); ``None`` otherwise.

    Only the caller's regions are searched, so the answer for an id used in another region is
    the answer for an id used nowhere. Raises :class:`AmbiguousCase` when ``region`` is not
    given and the id exists in more than one of ``regions``.
    """
    if region is not None:
        if region not in regions:
            return None
        return db_session.get(CaseRecord, (region, case_id))
    found = list(
        db_session.scalars(
            select(CaseRecord)
            .where(CaseRecord.case_id == case_id, CaseRecord.region.in_(list(regions)))
            .order_by(CaseRecord.region)
        )
    )
    if len(found) > 1:
        raise AmbiguousCase(case_id, [r.region for r in found])
    return found[0] if found else None


def exists(*, db_session: Session, case_id: str) -> bool:
    """Is there a case ``case_id`` in any region? (For the audit of denied accesses only.)"""
    return (
        db_session.scalar(select(CaseRecord.case_id).where(CaseRecord.case_id == case_id).limit(1))
        is not None
    )


def get_version(
    *, db_session: Session, region: str, case_id: str, version: int
) -> CaseVersion | None:
    return db_session.scalars(
        select(CaseVersion).where(
            CaseVersion.region == region,
            CaseVersion.case_id == case_id,
            CaseVersion.version == version,
        )
    ).first()


def get_versions(*, db_session: Session, region: str, case_id: str) -> list[CaseVersion]:
    return list(
        db_session.scalars(
            select(CaseVersion)
            .where(CaseVersion.region == region, CaseVersion.case_id == case_id)
            .order_by(CaseVersion.version)
        )
    )


def load_case(version: CaseVersion) -> Case:
    """The stored record as the strict case model (it was validated when imported)."""
    return Case.model_validate_json(version.data)


def shown_record(version: CaseVersion) -> dict[str, object]:
    """The record as shown to people: without audit-only fields."""
    data = json.loads(version.data)
    return {k: v for k, v in data.items() if k not in AUDIT_ONLY_FIELDS}


def touch(record: CaseRecord, when: datetime | None = None) -> None:
    record.updated_at = when or utcnow()
