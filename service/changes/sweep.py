"""The passing of time: when a case's facts change by the calendar alone, and recording that.

A case's facts change with no new record only on a few computable dates: a record leaves a
window (``as_of - W months < date``) for each window length ``W`` the rule set uses, a record
dated in the future starts to count, a birthday changes the age, and ``days until release``
crosses a number the rule set compares with. :func:`next_change` computes the earliest such date
after ``as_of`` from the case's records (a superset: on some of these dates nothing the rules
read changes, on no other date does anything change). Every record stores it, so
:func:`sweep` re-evaluates only the cases whose date has come -- not the whole caseload daily.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from cases.frames import CaseFrames
from cases.model import Case
from rules import RuleSet
from rules.days import to_days, to_days_array
from rules.language import Compare, Within
from rules.windows import in_window, window_start
from service.cases.keys import CaseKey
from service.cases.models import CaseRecord, CaseVersion
from service.changes.models import CaseEvaluation, Cause

_HORIZON_DAYS = 3660  # numbers larger than ten years are not day counts worth scheduling

_SHAPES: dict[int, tuple[RuleSet, tuple[int, ...], tuple[int, ...]]] = {}


def _walk(node: Any) -> Iterator[Any]:
    if isinstance(node, Within | Compare):
        yield node
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for item in dataclasses.fields(node):
            yield from _walk(getattr(node, item.name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _walk(item)


def calendar_shape(ruleset: RuleSet) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The window lengths (months) and the whole numbers of days the rule set compares with."""
    hit = _SHAPES.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1], hit[2]
    months: set[int] = set()
    numbers: set[int] = {0}
    parts = [ruleset.facts, ruleset.criteria, ruleset.blockers, ruleset.actions]
    parts += [ruleset.flags, ruleset.tiers]
    for node in _walk(parts):
        if isinstance(node, Within):
            months.add(int(ruleset.value(node.months)))
        else:
            value = ruleset.value(node.operand)
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and abs(value) <= _HORIZON_DAYS
                and float(value).is_integer()
            ):
                numbers.add(int(value))
    shape = (tuple(sorted(months)), tuple(sorted(numbers)))
    if len(_SHAPES) > 64:
        _SHAPES.clear()
    _SHAPES[id(ruleset)] = (ruleset, *shape)
    return shape


@lru_cache(maxsize=65536)
def _exit(day: date, months: int) -> date:
    """The first reference date at which a record of ``day`` is outside a ``months`` window."""
    exit_day: date = day + relativedelta(months=months)
    while window_start(exit_day, months) < day:
        exit_day += timedelta(days=1)
    return exit_day


def change_dates(case: Case, ruleset: RuleSet, as_of: date) -> Iterator[date]:
    """Every date after ``as_of`` on which a fact of the case may change by the calendar."""
    months, numbers = calendar_shape(ruleset)
    days = [o.date for o in case.offences] + [i.date for i in case.incidents]
    for day in days:
        if day > as_of:
            yield day
        for w in months:
            yield _exit(day, w)
    if case.birth_date is not None:
        birthday = _next_birthday(case.birth_date, as_of)
        if birthday is not None:
            yield birthday
    if case.release_date is not None:
        for n in numbers:
            for day in (case.release_date - timedelta(days=n), case.release_date + timedelta(n)):
                yield day
                yield day + timedelta(days=1)


@lru_cache(maxsize=65536)
def _next_birthday(birth: date, as_of: date) -> date | None:
    for year in (as_of.year, as_of.year + 1, as_of.year + 2):
        try:
            day = birth.replace(year=year)
        except ValueError:  # 29 February in a common year: a year older on 1 March
            day = date(year, 3, 1)
        if day > as_of:
            return day
    return None  # pragma: no cover - one of three years always lies ahead


def next_change(case: Case, ruleset: RuleSet, as_of: date) -> date | None:
    """The earliest date after ``as_of`` on which the case's facts may change (``None``: never)."""
    upcoming = [d for d in change_dates(case, ruleset, as_of) if d > as_of]
    return min(upcoming) if upcoming else None


#: The "next change" of a case whose facts the calendar never changes again (an empty value
#: means "not yet computed": an imported record, due at the next sweep).
NEVER = date(2999, 12, 31)


def scheduled(case: Case, ruleset: RuleSet, as_of: date) -> date:
    """:func:`next_change`, or :data:`NEVER`."""
    return next_change(case, ruleset, as_of) or NEVER


_EPOCH64 = np.datetime64("1970-01-01", "D")


def _as_dates(days: npt.NDArray[np.float64]) -> list[date]:
    """Whole day numbers (no ``NaN``) as dates."""
    return list((_EPOCH64 + days.astype(np.int64)).astype("datetime64[D]").tolist())


class _Distinct:
    """The distinct days of a column (``NaN`` missing), to compute something once per day."""

    def __init__(self, days: npt.NDArray[np.float64]) -> None:
        self.known = ~np.isnan(days)
        values, self.inverse = np.unique(days[self.known], return_inverse=True)
        self.days = _as_dates(values)
        self.size = len(days)

    def apply(self, compute: Any) -> npt.NDArray[np.float64]:
        """``compute(date) -> date | None`` for every row (``NaN`` where missing or ``None``)."""
        out = np.full(self.size, np.nan)
        if not self.days:
            return out
        found = [compute(day) for day in self.days]
        results = np.asarray(
            [np.nan if day is None else float(to_days(day)) for day in found], dtype=np.float64
        )
        out[self.known] = results[self.inverse]
        return out


def next_changes_frames(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> list[date]:
    """:func:`scheduled` for every case of ``frames`` (in row order), from the columns.

    The same dates as the per-case form, computed once per distinct record date, birth date
    and window: an import stores each case's next date without building case objects.
    """
    months, numbers = calendar_shape(ruleset)
    n = len(frames.cases)
    today = float(to_days(as_of))
    best = np.full(n, np.inf)

    def offer(rows: npt.NDArray[np.int64], days: npt.NDArray[np.float64]) -> None:
        ahead = ~np.isnan(days) & (days > today)
        np.minimum.at(best, rows[ahead], days[ahead])

    for frame in (frames.offences, frames.incidents):
        if frame.empty:
            continue
        rows = frame["case_idx"].to_numpy().astype(np.int64)
        days = to_days_array(frame["date"])
        offer(rows, days)
        distinct = _Distinct(days)
        for w in months:
            offer(rows, distinct.apply(lambda d, w=w: _exit(d, w)))
    every = np.arange(n, dtype=np.int64)
    births = _Distinct(to_days_array(frames.cases["birth_date"]))
    offer(every, births.apply(lambda d: _next_birthday(d, as_of)))
    release = to_days_array(frames.cases["release_date"])
    for k in numbers:
        for shift in (-k, k):
            offer(every, release + shift)
            offer(every, release + shift + 1)
    never = np.isinf(best)
    out = _as_dates(np.where(never, 0.0, best))
    return [NEVER if flag else day for day, flag in zip(out, never.tolist(), strict=True)]


def time_cause(case: Case, ruleset: RuleSet, before: date, after: date) -> dict[str, Any]:
    """What the calendar changed between two reference dates, as codes (for the cause text)."""
    months, numbers = calendar_shape(ruleset)
    records: list[tuple[str, str, str | None, date]] = [
        ("offence", o.offence_id, o.status, o.date) for o in case.offences
    ] + [("incident", i.incident_id, None, i.date) for i in case.incidents]
    for kind, record_id, status, day in records:
        for w in months:
            if in_window(day, before, w) and not in_window(day, after, w):
                return {
                    "kind": "record_left",
                    "record_kind": kind,
                    "record": record_id,
                    "status": status,
                    "months": w,
                    "date": after.isoformat(),
                }
    if case.release_date is not None and before < case.release_date <= after:
        return {"kind": "released", "release_date": case.release_date.isoformat()}
    if case.release_date is not None and case.in_custody:
        days = (case.release_date - after).days
        if any((case.release_date - before).days > n >= days for n in numbers):
            return {"kind": "release", "release_date": case.release_date.isoformat(), "days": days}
    if case.birth_date is not None:
        birthday = _next_birthday(case.birth_date, before)
        if birthday is not None and birthday <= after:
            age = (
                after.year
                - case.birth_date.year
                - int((after.month, after.day) < (case.birth_date.month, case.birth_date.day))
            )
            return {"kind": "birthday", "age": age}
    return {"kind": "date", "date": after.isoformat()}


def due(db_session: Session, as_of: date, ruleset_label: str) -> list[tuple[CaseEvaluation, str]]:
    """The newest record of every open case whose next change has come (or whose rule set is not
    the one in force), with the case's current stored record."""
    newest = select(func.max(CaseEvaluation.id)).group_by(
        CaseEvaluation.region, CaseEvaluation.case_id
    )
    rows = db_session.execute(
        select(CaseEvaluation, CaseVersion.data)
        .join(
            CaseRecord,
            (CaseRecord.region == CaseEvaluation.region)
            & (CaseRecord.case_id == CaseEvaluation.case_id),
        )
        .join(
            CaseVersion,
            (CaseVersion.region == CaseRecord.region)
            & (CaseVersion.case_id == CaseRecord.case_id)
            & (CaseVersion.version == CaseRecord.current_version),
        )
        .where(
            CaseEvaluation.id.in_(newest),
            CaseRecord.status == "open",
            CaseEvaluation.as_of < as_of,
            (CaseEvaluation.next_change <= as_of)
            | CaseEvaluation.next_change.is_(None)  # imported: not yet scheduled
            | (CaseEvaluation.ruleset != ruleset_label),
        )
        .order_by(CaseEvaluation.region, CaseEvaluation.case_id)
    ).all()
    return [(row, data) for row, data in rows]


def sweep(db_session: Session, *, ruleset: RuleSet, as_of: date, actor: str) -> dict[str, int]:
    """Re-evaluate the cases whose calendar date has come; record those whose outcome changed.

    A case whose outcome did not change keeps its record, with its next date moved on. An open
    case with no record at all (stored before recording began) gets its first one
    (:func:`record_first`). Returns how many cases were looked at (``checked``), how many
    records were written for them (``recorded``) and how many first records (``first``).
    """
    from service.changes.record import batch_outcomes, record

    first = record_first(db_session, ruleset=ruleset, as_of=as_of, actor=actor)
    found = due(db_session, as_of, ruleset.label)
    if not found:
        return {"checked": 0, "recorded": 0, "first": first}
    cases = [Case.model_validate_json(data) for _, data in found]
    outcomes = batch_outcomes(cases, ruleset, as_of)
    details = []
    for (last, _), case in zip(found, cases, strict=True):
        if last.ruleset != ruleset.label:
            details.append({"ruleset": ruleset.label, "kind": "scheduled"})
        else:
            details.append(time_cause(case, ruleset, last.as_of, as_of))
    keys = [CaseKey(case.region, case.case_id) for case in cases]
    written: set[CaseKey] = set()
    causes: tuple[Cause, Cause] = ("ruleset", "time")
    for cause in causes:
        pick = [
            i
            for i, (last, _) in enumerate(found)
            if (last.ruleset != ruleset.label) == (cause == "ruleset")
        ]
        if not pick:
            continue
        written |= set(
            record(
                db_session,
                cases=[cases[i] for i in pick],
                versions={keys[i]: found[i][0].case_version for i in pick},
                outcomes=[outcomes[i] for i in pick],
                ruleset=ruleset,
                as_of=as_of,
                cause=cause,
                details=[details[i] for i in pick],
                actor=actor,
                only_changed=True,
            )
        )
    # Cases whose outcome stayed the same: move their next date on, nothing else.
    for (last, _), case, key in zip(found, cases, keys, strict=True):
        if key not in written:
            last.next_change = scheduled(case, ruleset, as_of)
    db_session.flush()
    return {"checked": len(found), "recorded": len(written), "first": first}


_FIRST_CHUNK = 5000


def unrecorded(
    db_session: Session, limit: int, after: tuple[str, str] = ("", "")
) -> list[tuple[str, str, int, str]]:
    """Open cases without any recorded evaluation (stored before recording began, migration
    0007): region, case id, current version and stored record, by region and case id after
    ``after`` (a region and an id), at most ``limit``."""
    from service.changes.record import open_versions

    rows = db_session.execute(
        open_versions()
        .where(
            tuple_(CaseVersion.region, CaseVersion.case_id) > tuple_(*after),
            ~select(CaseEvaluation.id)
            .where(
                CaseEvaluation.region == CaseRecord.region,
                CaseEvaluation.case_id == CaseRecord.case_id,
            )
            .exists(),
        )
        .limit(limit)
    ).all()
    return [
        (str(region), str(case_id), int(version), str(data))
        for region, case_id, version, data in rows
    ]


def record_first(db_session: Session, *, ruleset: RuleSet, as_of: date, actor: str) -> int:
    """Record a first evaluation (cause ``first``) of every open case that has none; returns
    how many. From then on the queue's marker and the change feed compare with it."""
    from service.changes.record import batch_outcomes, record

    done, after = 0, ("", "")
    while True:
        rows = unrecorded(db_session, _FIRST_CHUNK, after)
        if not rows:
            return done
        after = (rows[-1][0], rows[-1][1])
        cases = [Case.model_validate_json(data) for _, _, _, data in rows]
        record(
            db_session,
            cases=cases,
            versions={CaseKey(region, case_id): version for region, case_id, version, _ in rows},
            outcomes=batch_outcomes(cases, ruleset, as_of),
            ruleset=ruleset,
            as_of=as_of,
            cause="first",
            details={"kind": "first", "date": as_of.isoformat()},
            actor=actor,
        )
        db_session.flush()
        done += len(rows)
