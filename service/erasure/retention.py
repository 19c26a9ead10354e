"""Retention periods (GDPR Art. 5(1)(e)): what is due for erasure at a date, and erasing it.

Five kinds of record, each with its own period (``TRIAGE_RETENTION_*``, docs/operations.md):

* **closed cases** - a case closed longer than ``retention_closed_case_days`` ago is erased with
  everything stored about it, exactly like an erasure on request (:mod:`service.erasure.service`);
  a case is named by its region and id, so two regions' cases with the same id are due (and
  erased) each by its own closing date;
* **decision reasons** - the free text of a decision older than ``retention_decision_reason_days``
  is erased from the decision and from its audit entry (redacted; the decision itself, its kind,
  tier and rank stay until the case goes);
* **recorded evaluations and events** - rows of ``case_evaluations`` (once that table exists)
  recorded more than ``retention_event_days`` ago, except each case's (region and id) newest one;
* **explanations shown** - the rows of ``explanations_shown`` (each explanation as a person was
  shown it) recorded more than ``retention_explanation_days`` ago (they go earlier with their
  case);
* **simulations** - the audit entries of what-if simulations (``ruleset.simulate``: parameters
  and aggregates) older than ``retention_simulation_days`` become tombstones.

Every audit change is recorded by one signed ``retention.apply`` entry per run (per batch of
cases), so the chain still verifies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import MetaData, Table, and_, delete, func, select, update
from sqlalchemy.orm import Session

from service.audit import chain
from service.audit.models import AuditEntry
from service.cases.keys import CaseKey
from service.cases.models import CaseRecord
from service.decisions.models import Decision
from service.erasure import service as erasure_service

#: Tables of recorded evaluations and events: (table, time column, key column).
EVENT_TABLES = (("case_evaluations", "recorded_at", "id"),)
SIMULATION_ACTIONS = ("ruleset.simulate",)
CASE_BATCH = 500


@dataclass(frozen=True)
class Periods:
    closed_case_days: int
    decision_reason_days: int
    event_days: int
    simulation_days: int
    explanation_days: int = 730


@dataclass
class RetentionReport:
    """What a run erased (or, in a dry run, would erase)."""

    now: datetime
    periods: Periods
    dry_run: bool
    cases: list[CaseKey] = field(default_factory=list)
    decision_reasons: int = 0
    events: dict[str, int] = field(default_factory=dict)
    simulations: int = 0
    explanations: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    tombstoned: int = 0
    redacted: int = 0
    audit_seqs: list[int] = field(default_factory=list)

    def cutoff(self, days: int) -> datetime:
        return self.now - timedelta(days=days)


def touched(report: RetentionReport) -> list[str]:
    """The tables a real run changed (deleted or overwrote rows in), the audit log included."""
    tables = [table for table, count in report.rows.items() if count]
    tables += [table for table, count in report.events.items() if count]
    if report.decision_reasons:
        tables.append("decisions")
    if report.explanations:
        tables.append("explanations_shown")
    if report.tombstoned or report.redacted:
        tables.append("audit_log")
    return sorted(set(tables))


def _reflected(db_session: Session, name: str) -> Table | None:
    metadata = MetaData()
    try:
        metadata.reflect(bind=db_session.connection(), only=[name])
    except Exception:  # the table does not exist (yet) in this database
        return None
    return metadata.tables.get(name)


def due_cases(db_session: Session, before: datetime) -> list[CaseKey]:
    """The cases (region and id) closed before ``before``."""
    return [
        CaseKey(region, case_id)
        for region, case_id in db_session.execute(
            select(CaseRecord.region, CaseRecord.case_id)
            .where(CaseRecord.status == "closed", CaseRecord.closed_at < before)
            .order_by(CaseRecord.region, CaseRecord.case_id)
        )
    ]


def due_reasons(db_session: Session, before: datetime) -> list[tuple[int, int]]:
    """(decision id, audit seq) of decisions whose reason is due."""
    return [
        (row.id, row.audit_seq)
        for row in db_session.execute(
            select(Decision.id, Decision.audit_seq).where(
                Decision.decided_at < before, Decision.reason != ""
            )
        )
    ]


def _event_rows(db_session: Session, before: datetime, *, erase: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, time_column, key in EVENT_TABLES:
        table = _reflected(db_session, name)
        if table is None:
            continue
        case_columns = [table.c[c] for c in ("region", "case_id") if c in table.c]
        newest = (
            select(func.max(table.c[key])).group_by(*case_columns).scalar_subquery()
            if "case_id" in table.c
            else None
        )
        condition = table.c[time_column] < before
        if newest is not None:
            condition = and_(condition, table.c[key].not_in(newest))
        if erase:
            result = db_session.execute(delete(table).where(condition))
            counts[name] = int(getattr(result, "rowcount", 0) or 0)
        else:
            counts[name] = int(
                db_session.scalar(select(func.count()).select_from(table).where(condition)) or 0
            )
    return counts


def _explanations_shown(db_session: Session, before: datetime, *, erase: bool) -> int:
    table = _reflected(db_session, "explanations_shown")
    if table is None:
        return 0
    condition = table.c.shown_at < before
    if erase:
        result = db_session.execute(delete(table).where(condition))
        return int(getattr(result, "rowcount", 0) or 0)
    return int(db_session.scalar(select(func.count()).select_from(table).where(condition)) or 0)


def _simulation_entries(db_session: Session, before: datetime) -> list[int]:
    return list(
        db_session.scalars(
            select(AuditEntry.seq).where(
                AuditEntry.action.in_(SIMULATION_ACTIONS),
                AuditEntry.at < before.isoformat(timespec="microseconds"),
                AuditEntry.erased.is_(None),
            )
        )
    )


def _reason_erasures(db_session: Session, seqs: list[int]) -> list[chain.Erasure]:
    erasures = []
    for chunk_start in range(0, len(seqs), 1000):
        chunk = seqs[chunk_start : chunk_start + 1000]
        rows = db_session.execute(
            select(AuditEntry.seq, AuditEntry.target, AuditEntry.details, AuditEntry.erased).where(
                AuditEntry.seq.in_(chunk), AuditEntry.reason.is_not(None)
            )
        )
        for row in rows:
            if row.erased and json.loads(row.erased).get("kind") == chain.TOMBSTONE:
                continue
            erasures.append(
                chain.Erasure(row.seq, chain.REDACTED, row.target, json.loads(row.details), None)
            )
    return erasures


def apply(
    db_session: Session, *, periods: Periods, now: datetime, actor: str, dry_run: bool
) -> RetentionReport:
    """Erase what is due at ``now`` (in the caller's transaction); a dry run changes nothing."""
    chain.lock(db_session)
    report = RetentionReport(now=now, periods=periods, dry_run=dry_run)
    report.cases = due_cases(db_session, report.cutoff(periods.closed_case_days))
    due_reason_rows = due_reasons(db_session, report.cutoff(periods.decision_reason_days))
    simulations = _simulation_entries(db_session, report.cutoff(periods.simulation_days))
    report.simulations = len(simulations)
    if dry_run:
        erased_cases = set(report.cases)
        report.decision_reasons = len(due_reason_rows)
        report.events = _event_rows(db_session, report.cutoff(periods.event_days), erase=False)
        report.explanations = _explanations_shown(
            db_session, report.cutoff(periods.explanation_days), erase=False
        )
        report.rows = {"cases": len(erased_cases)} if erased_cases else {}
        return report
    target = f"retention:{now.date().isoformat()}"
    common = {"periods_days": periods.__dict__, "as_of": now.isoformat(timespec="seconds")}
    # closed cases, in batches (each batch one signed entry)
    for start in range(0, len(report.cases), CASE_BATCH):
        batch = report.cases[start : start + CASE_BATCH]
        done = erasure_service.erase_cases(
            db_session,
            batch,
            actor=actor,
            action="retention.apply",
            target=target,
            details={**common, "kind": "closed_cases"},
            reason=None,
        )
        for table, count in done.rows.items():
            report.rows[table] = report.rows.get(table, 0) + count
        report.tombstoned += len(done.audit_tombstoned)
        report.redacted += len(done.audit_redacted)
        report.audit_seqs.append(done.audit_seq)
    # decision reasons (of cases that stay), evaluations and events, simulations
    due_reason_rows = due_reasons(db_session, report.cutoff(periods.decision_reason_days))
    report.decision_reasons = len(due_reason_rows)
    ids = [decision_id for decision_id, _ in due_reason_rows]
    for start in range(0, len(ids), 1000):
        db_session.execute(
            update(Decision).where(Decision.id.in_(ids[start : start + 1000])).values(reason="")
        )
    report.events = _event_rows(db_session, report.cutoff(periods.event_days), erase=True)
    report.explanations = _explanations_shown(
        db_session, report.cutoff(periods.explanation_days), erase=True
    )
    erasures = _reason_erasures(db_session, sorted({seq for _, seq in due_reason_rows}))
    erasures += [chain.Erasure(seq, chain.TOMBSTONE, "", {}, None) for seq in simulations]
    # every real run is on record, also one that found nothing due
    entry = chain.erase(
        db_session,
        erasures=erasures,
        actor=actor,
        action="retention.apply",
        target=target,
        details={
            **common,
            "kind": "reasons_events_simulations",
            "decision_reasons": len(ids),
            "events": report.events,
            "explanations_shown": report.explanations,
            "simulations": len(simulations),
            **erasure_service.scrub_note(db_session),
        },
        reason=None,
    )
    report.tombstoned += sum(e.kind == chain.TOMBSTONE for e in erasures)
    report.redacted += sum(e.kind == chain.REDACTED for e in erasures)
    report.audit_seqs.append(entry.seq)
    return report
