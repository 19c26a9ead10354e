"""Gathering the monitoring figures: decisions from the database, the open caseload, the model.

:func:`build_report` is what the API (``GET /api/v1/monitoring``), the page (``/monitoring``)
and the documentation pack read. It hands plain tables to :mod:`service.monitoring.figures`
and adds the words (German by default) and the sources (rule set version and checksum, model
version, dates).

What is approximated, and said so on the page: the fairness of the queue at past weekly
reference dates is computed from **today's versions of today's open cases** evaluated at each
date (cases received after a date are left out); the criteria of a past decision are those of
the decided case version evaluated with the rule set in force today at the decision's reference
date.

Who sees what (issue #14, item 4), by the simulation's own predicate
(:data:`service.rulesets.service.FAIRNESS_ROLES`, see :func:`shows_audit_fields`): callers who
may see audit-only fields (auditors) get the report as before - any reference date, today's
open cases, the fairness breakdown by nationality and sex. Every other caller (policy staff,
administrators) gets no breakdown by an audit-only field (no fairness series, no fairness
warning) and reads the monitoring under the simulation's date grid
(:func:`reference_date`): Mondays the grid allows only (:func:`service.rulesets.service.
simulation_dates`, i.e. :func:`policy.disclosure.available_dates`), on the open caseload as it
stood at the end of that Monday (:meth:`service.queue.caseload.CaseloadCache.at`), so two
reports never differ by fewer than the minimum cell size of cases.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import and_, select

from cases.frames import frames_from_cases
from cases.model import Case
from models.dataset import AUDIT_ATTRIBUTES, MISSING_GROUP
from models.history import DECISION_LABELS
from rules import RuleSet
from rules.batch import evaluate
from rules.labels import label
from service.cases.models import CaseVersion
from service.db.engine import Database
from service.decisions.models import Decision
from service.errors import InvalidInput
from service.model_runtime import ModelRuntime
from service.monitoring import figures
from service.monitoring.figures import Signal, Thresholds
from service.queue.caseload import CaseloadCache
from service.rulesets import service as ruleset_service
from service.rulesets.active import document_digest
from service.settings import Settings
from texts import format_percent, text
from texts.labels import week_label

__all__ = [
    "build_report",
    "reference_date",
    "shows_audit_fields",
    "sources",
    "thresholds_from",
]


def thresholds_from(settings: Settings) -> Thresholds:
    return Thresholds(
        departure_rate=settings.monitoring_departure_rate,
        agreement=settings.monitoring_agreement,
        psi_warn=settings.monitoring_psi_warn,
        psi_alert=settings.monitoring_psi_alert,
        min_cell=settings.min_cell_size,
    )


def shows_audit_fields(role: str | None) -> bool:
    """May a caller of ``role`` see figures broken down by audit-only fields (nationality,
    sex)? The simulation's predicate, not a second one: exactly the roles that are not on the
    date grid (:func:`service.rulesets.service.gridded`, i.e.
    :data:`~service.rulesets.service.FAIRNESS_ROLES`: auditors)."""
    return not ruleset_service.gridded(role)


def reference_date(
    *,
    db: Database,
    caseloads: CaseloadCache,
    role: str | None,
    as_of: date | None,
    min_cell_size: int,
) -> date:
    """The reference date a caller of ``role`` reads the monitoring at.

    Auditors: ``as_of`` or today, as before. Everyone else: the date grid of the simulation
    (issue #14, item 4) - without ``as_of`` the latest available Monday that has ended; an
    ``as_of`` off the grid (not a Monday, not ended, or too close to another available one)
    is refused with a 422 naming the nearest possible Monday before it.
    """
    if shows_audit_fields(role):
        return as_of or date.today()
    today = ruleset_service.today_utc()
    day = as_of or today
    dates = ruleset_service.simulation_dates(
        db=db, caseloads=caseloads, until=day, min_cell_size=min_cell_size
    )
    if dates and (as_of is None or dates[-1] == as_of):
        return dates[-1]
    key = "monitoring.date_not_ended" if day >= today else "monitoring.date_grid"
    raise InvalidInput("as_of", key, day=day, earlier=dates[-1] if dates else "–", n=min_cell_size)


def audited_reference_date(
    *,
    db: Database,
    caseloads: CaseloadCache,
    user: Any,
    as_of: date | None,
    min_cell_size: int,
    refused: str,
    target: str,
    **details: Any,
) -> date:
    """:func:`reference_date` for ``user``; a date the grid refuses is on record as the audit
    action ``refused`` (with ``details``), so that a probe of the date grid is seen too."""
    from service.audit import service as audit_service

    try:
        return reference_date(
            db=db, caseloads=caseloads, role=user.role, as_of=as_of, min_cell_size=min_cell_size
        )
    except InvalidInput:
        audit_service.record(
            db,
            actor=user.name,
            action=refused,
            target=target,
            details={
                "as_of": as_of.isoformat() if as_of else None,
                **details,
                "role": user.role,
                "reason": "date_grid",
            },
        )
        raise


def sources(ruleset: RuleSet, model: ModelRuntime) -> dict[str, Any]:
    """What the figures were computed from: rule set version and checksum, model version."""
    described: dict[str, Any] | None = None
    if model.available:
        info = model.handle.info()
        described = {
            "name": info.get("name"),
            "version": info.get("version"),
            "uri": info.get("uri"),
            "trained_at": info.get("trained_at"),
            "label_source": info.get("label_source"),
            "data_description": info.get("data_description"),
            "ruleset": info.get("ruleset"),
            "gates_passed": info.get("gates_passed"),
            "fairness_justification": info.get("fairness_justification"),
        }
    return {
        "ruleset": {
            "name": ruleset.name,
            "version": ruleset.version,
            "checksum": document_digest(ruleset.document) if ruleset.document else None,
        },
        "model": described,
    }


# ------------------------------------------------------------------------ decisions


def _decisions(db: Database, since: datetime, until: datetime) -> list[Any]:
    with db.read() as session:
        return list(
            session.execute(
                select(
                    Decision.id,
                    Decision.case_id,
                    Decision.kind,
                    Decision.override,
                    Decision.tier,
                    Decision.as_of,
                    Decision.decided_at,
                    Decision.decided_by,
                    CaseVersion.region,
                    CaseVersion.data,
                )
                .join(
                    CaseVersion,
                    and_(
                        CaseVersion.region == Decision.region,
                        CaseVersion.case_id == Decision.case_id,
                        CaseVersion.version == Decision.case_version,
                    ),
                )
                .where(Decision.decided_at >= since, Decision.decided_at < until)
                .order_by(Decision.decided_at, Decision.id)
            ).all()
        )


def _decision_tables(
    rows: list[Any], ruleset: RuleSet, model: ModelRuntime
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per decision with its criteria, one row per case's first label-bearing one)."""
    criteria_ids = [rule.id for rule in ruleset.criteria]
    # Evaluated and scored per day and region: the model names a case by its id, which is
    # unique within a region only.
    by_day: dict[tuple[date, str], list[int]] = defaultdict(list)
    cases: list[Case] = []
    for i, row in enumerate(rows):
        cases.append(Case.model_validate_json(row.data))
        by_day[(row.as_of, row.region)].append(i)
    fired: list[list[str]] = [[] for _ in rows]
    model_says: list[float] = [np.nan] * len(rows)
    for (day, _), positions in by_day.items():
        subset = [cases[i] for i in positions]
        evaluation = evaluate(frames_from_cases(subset), ruleset, day)
        for k, i in enumerate(positions):
            fired[i] = [criteria_ids[j] for j in np.flatnonzero(evaluation.criteria[k])]
        points = model.points(subset, day)
        if points:
            for i, case in zip(positions, subset, strict=True):
                scored = points.get(case.case_id)
                if scored is not None:
                    model_says[i] = 1.0 if scored["points"] > 0 else 0.0
    priority = set(ruleset.queue.priority)
    table = pd.DataFrame(
        {
            "case_id": [r.case_id for r in rows],
            "kind": [r.kind for r in rows],
            "override": [bool(r.override) for r in rows],
            "tier": [r.tier for r in rows],
            "region": [r.region for r in rows],
            "week": [figures.week_of(_utc(r.decided_at).date()) for r in rows],
            "criteria": fired,
            "rules": [1.0 if r.tier in priority else 0.0 for r in rows],
            "model": model_says,
            "decision": [DECISION_LABELS.get(r.kind, np.nan) for r in rows],
        }
    )
    first = table.dropna(subset=["decision"]).drop_duplicates(["region", "case_id"], keep="first")
    return table, first.reset_index(drop=True)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# ---------------------------------------------------------------------- the report


def _labelled(rows: list[dict[str, Any]], kind: str, ruleset: RuleSet, lang: str) -> None:
    for row in rows:
        key = row["key"]
        if kind == "tier":
            try:
                row["label"] = ruleset.tier(key).label.get(lang)
            except KeyError:
                row["label"] = key
        elif kind == "criterion":
            try:
                row["label"] = ruleset.rule(key).title.get(lang)
            except KeyError:
                row["label"] = key
        elif kind == "region":
            row["label"] = label("region", key, lang)
        else:
            row["label"] = week_label(key, lang)


def _drift(
    model: ModelRuntime, frames: Any, as_of: date, thresholds: Thresholds, lang: str
) -> tuple[dict[str, Any], list[Signal]]:
    if not model.available:
        return {"available": False, "reason": "no_model", "features": []}, []
    handle = model.handle
    training = handle.training_distribution()
    if training is None:
        return {"available": False, "reason": "no_distribution", "features": []}, []
    if len(frames) == 0:
        return {"available": False, "reason": "no_cases", "features": []}, []
    from models.features import feature_titles

    current = handle.input_distribution(frames, as_of)
    table = handle.points_table
    bins = {str(f): [str(b) for b in g["bin"]] for f, g in table.groupby("feature", sort=False)}
    rows, signals = figures.drift(training, current, bins, feature_titles(lang), thresholds)
    return {"available": True, "reason": None, "features": rows}, signals


def _fairness(
    caseload: Any, ruleset: RuleSet, as_of: date, weeks: int, thresholds: Thresholds
) -> tuple[dict[str, Any], list[Signal]]:
    priority = list(ruleset.queue.priority)
    received = np.asarray(caseload.received_days, dtype=np.int64)
    per_week = []
    for day in figures.week_ends(as_of, weeks):
        if len(caseload) == 0:
            continue
        number = int(np.datetime64(day, "D").astype(np.int64))
        present = received <= number
        if not present.any():
            continue
        frames = caseload.frames.take(np.flatnonzero(present))
        evaluation = evaluate(frames, ruleset, day)
        selected = np.isin(evaluation.tier_ids(), priority)
        groups = {}
        for attribute in AUDIT_ATTRIBUTES:
            values = frames.cases[attribute].astype(object).to_numpy()
            groups[attribute] = np.where(pd.isna(values), MISSING_GROUP, values)
        per_week.append((day, selected, groups))
    series, signals = figures.fairness_over_time(per_week, thresholds)
    return {"priority_tiers": priority, "attributes": series}, signals


def decimal(value: float | None, lang: str, digits: int = 2) -> str:
    """``0,25`` in German, ``0.25`` in English."""
    if value is None:
        return "–"
    number = f"{value:.{digits}f}"
    return number if lang == "en" else number.replace(".", ",")


def _message(signal: Signal, ruleset: RuleSet, lang: str) -> str:
    subject = signal.subject
    if signal.code == "departures":
        subject = (
            text("monitoring.subject.total", lang)
            if subject == "total"
            else week_label(subject, lang)
        )
    elif signal.code == "agreement":
        subject = text(f"monitoring.pair.{subject}", lang)
    elif signal.code == "drift":
        from models.features import feature_titles

        subject = feature_titles(lang).get(subject, subject)
    elif signal.code == "fairness":
        subject = text(f"monitoring.attribute.{subject}", lang)
    percent = signal.code in ("departures", "agreement")
    value = format_percent(signal.value, lang) if percent else decimal(signal.value, lang)
    threshold = (
        format_percent(signal.threshold, lang) if percent else decimal(signal.threshold, lang)
    )
    return text(
        f"monitoring.warning.{signal.code}", lang, subject=subject, value=value, threshold=threshold
    )


def build_report(
    *,
    db: Database,
    caseloads: CaseloadCache,
    ruleset: RuleSet,
    model: ModelRuntime,
    settings: Settings,
    as_of: date,
    weeks: int,
    audit_fields: bool,
    lang: str = "de",
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    """Every figure of the monitoring at ``as_of`` over the last ``weeks`` weeks (JSON-ready).

    ``audit_fields`` (:func:`shows_audit_fields` of the caller): with it, the report as
    auditors read it (today's open cases, the fairness breakdown by nationality and sex);
    without it, no breakdown by an audit-only field and the open caseload as it stood at the
    end of ``as_of`` (a grid date, :func:`reference_date`), its count hidden when small.
    """
    thresholds = thresholds or thresholds_from(settings)
    until = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    since = until - timedelta(days=7 * weeks)
    rows = _decisions(db, since, until)
    table, first = _decision_tables(rows, ruleset, model)
    departures, signals = figures.departures(table, thresholds)
    from service.demo import SIMULATED_CASEWORKER

    simulated = sum(1 for r in rows if r.decided_by == SIMULATED_CASEWORKER)
    for kind in ("tier", "criterion", "region", "week"):
        _labelled(departures[f"by_{kind}"], kind, ruleset, lang)
    agreement, more = figures.agreement(first, thresholds)
    signals += more
    open_cases: int | None
    if audit_fields:
        caseload = caseloads.get(db)
        frames = caseload.frames
        open_cases = len(caseload)
    else:
        # The Monday's caseload as it stood, read as the simulation reads it (issue #14).
        frames = ruleset_service.caseload_frames(caseload=caseloads.at(db, as_of), as_of=as_of)
        open_cases = len(frames)
        if 0 < open_cases < thresholds.min_cell:
            open_cases = None
    drift, more = _drift(model, frames, as_of, thresholds, lang)
    signals += more
    if not drift["available"]:
        drift["message"] = text(f"monitoring.drift_reason.{drift['reason']}", lang)
    if audit_fields:
        fairness, more = _fairness(caseload, ruleset, as_of, weeks, thresholds)
        fairness["hidden"] = False
        signals += more
    else:
        # No breakdown by an audit-only field, and no warning naming one.
        fairness = {
            "priority_tiers": list(ruleset.queue.priority),
            "attributes": {},
            "hidden": True,
            "message": text("monitoring.fairness_hidden", lang),
        }
    return {
        "as_of": as_of.isoformat(),
        "weeks": weeks,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": sources(ruleset, model),
        "thresholds": thresholds.as_dict(),
        "warnings": [
            {**s.as_dict(), "message": _message(s, ruleset, lang)}
            for s in sorted(signals, key=lambda s: (s.level != "alert", s.code, s.subject))
        ],
        "decisions": {"total": len(rows), "simulated": simulated},
        "departures": departures,
        "agreement": agreement,
        "drift": drift,
        "fairness": fairness,
        "open_cases": open_cases,
        "audit_fields_shown": audit_fields,
        "date_grid": not audit_fields,
        "caseload": "current" if audit_fields else "as_of",
        "min_cell_size": thresholds.min_cell,
    }
