"""Events: one new fact about one case, applied to the case, and what it changed in the queue.

An event is a JSON object with ``case_id``, ``type`` and the fields of its type (see
``docs/event-path.md``); a file of events is JSON Lines, applied in file order. Applying an event
gives a new, fully re-validated :class:`cases.model.Case` -- an event can never produce a case
the case format would refuse (a conviction without a sentence, a duplicate ``offence_id``).

:func:`replay` runs a file of events against a caseload on the event path (durable_rules) and
returns one :class:`Change` per event: tier, score, criteria, blockers, actions and flags before
and after, and a one-line description such as ``R-000123: P2 -> P1 (ENFORCEABLE)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from cases.model import (
    CASE_ID_PATTERN,
    Case,
    DepartureStatus,
    Incident,
    IsoDate,
    Offence,
    OffenceStatus,
    TolerationReason,
    TravelDocument,
)
from cases.validation import CaseInputError, InputIssue, format_path
from rules.interpreter import CaseResult
from rules.language import RuleSet

# --- the event model --------------------------------------------------------------------------


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    case_id: Annotated[str, Field(pattern=CASE_ID_PATTERN, max_length=64)]
    event_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None

    def changes(self) -> dict[str, Any]:
        """The fields this event sets (those given in the input), by name."""
        skip = {"case_id", "event_id", "type"}
        return {name: getattr(self, name) for name in self.model_fields_set - skip}


class OffenceAdded(_Event):
    """A new offence becomes known (usually an investigation)."""

    type: Literal["offence_added"]
    offence: Offence


class OffenceUpdated(_Event):
    """An offence's procedural status changes, e.g. ``under_investigation`` -> ``convicted``."""

    type: Literal["offence_updated"]
    offence_id: Annotated[str, Field(min_length=1, max_length=64)]
    status: OffenceStatus | None = None
    sentence_months: Annotated[float, Field(ge=0)] | None = None
    suspended: bool | None = None
    juvenile: bool | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> OffenceUpdated:
        if not set(self.changes()) - {"offence_id"}:
            raise ValueError(
                "names no field to change (status, sentence_months, suspended, juvenile)"
            )
        return self


class IncidentAdded(_Event):
    """A documented incident of negative social behaviour."""

    type: Literal["incident_added"]
    incident: Incident


class DepartureStatusChanged(_Event):
    """The departure obligation arises or becomes enforceable (or ends)."""

    type: Literal["departure_status_changed"]
    departure_status: DepartureStatus


class CustodyChanged(_Event):
    """Custody begins or ends, or the expected release date moves."""

    type: Literal["custody_changed"]
    in_custody: bool
    release_date: IsoDate | None = None


class LegalStatusChanged(_Event):
    """A legal obstacle is set or lifted: asylum procedure, deportation ban, Duldung reason."""

    type: Literal["legal_status_changed"]
    asylum_pending: bool | None = None
    deportation_ban: bool | None = None
    toleration_reason: TolerationReason | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> LegalStatusChanged:
        if not self.changes():
            raise ValueError(
                "names no field to change (asylum_pending, deportation_ban, toleration_reason)"
            )
        for name in ("asylum_pending", "deportation_ban"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} is true or false, not null")
        return self


class TravelDocumentChanged(_Event):
    """The passport situation changes (a document is procured, expires, ...)."""

    type: Literal["travel_document_changed"]
    travel_document: TravelDocument


Event = Annotated[
    OffenceAdded
    | OffenceUpdated
    | IncidentAdded
    | DepartureStatusChanged
    | CustodyChanged
    | LegalStatusChanged
    | TravelDocumentChanged,
    Field(discriminator="type"),
]
EVENT_TYPES: tuple[str, ...] = (
    "offence_added",
    "offence_updated",
    "incident_added",
    "departure_status_changed",
    "custody_changed",
    "legal_status_changed",
    "travel_document_changed",
)
_EVENT = TypeAdapter(Event)


class EventError(ValueError):
    """An event that cannot be applied to its case; says which field and why."""

    def __init__(self, case_id: str | None, path: str, message: str) -> None:
        self.case_id = case_id
        self.path = path
        self.message = message
        super().__init__(f"case {case_id}: {path}: {message}")


class EventInputError(CaseInputError):
    """A file of events with any bad event; carries every issue, nothing was applied."""


def parse_event(raw: Any) -> Event:
    """Validate one raw event (a dict as parsed from JSON); raises ``ValidationError``."""
    return _EVENT.validate_python(raw)


def _issues(error: ValidationError, case_id: str | None, line: int) -> Iterator[InputIssue]:
    for item in error.errors(include_url=False):
        loc = [p for p in item["loc"] if isinstance(p, int) or p not in EVENT_TYPES]
        loc = [p for p in loc if isinstance(p, int) or not str(p).startswith("function-")]
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of this event type)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "union_tag_invalid":
            message = f"unknown event type; expected one of {', '.join(EVENT_TYPES)}"
        yield InputIssue(case_id, format_path(loc) if loc else "<event>", message, line)


def event_issues(error: ValidationError, case_id: str | None, line: int) -> list[InputIssue]:
    """The issues of one event that failed validation, each naming its field."""
    return list(_issues(error, case_id, line))


def _parse(lines: Iterable[str]) -> tuple[list[tuple[int, Event]], list[InputIssue]]:
    events: list[tuple[int, Event]] = []
    issues: list[InputIssue] = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            issues.append(InputIssue(None, "<event>", f"not valid JSON: {error.msg}", line_no))
            continue
        case_id = raw.get("case_id") if isinstance(raw, dict) else None
        try:
            events.append((line_no, parse_event(raw)))
        except ValidationError as error:
            issues.extend(_issues(error, case_id if isinstance(case_id, str) else None, line_no))
    return events, issues


def parse_events(lines: Iterable[str], *, source: str | None = None) -> list[tuple[int, Event]]:
    """Events of a JSON Lines text with their line numbers, all or nothing.

    Blank lines are skipped. Raises :class:`EventInputError` with every bad line.
    """
    events, issues = _parse(lines)
    if issues:
        raise EventInputError(issues, source)
    return events


def load_events(path: str | Path) -> list[tuple[int, Event]]:
    """Events of a JSON Lines file (see :func:`parse_events`)."""
    path = Path(path)
    return parse_events(path.read_text(encoding="utf-8").splitlines(), source=str(path))


# --- applying an event -------------------------------------------------------------------------


def _validated(data: dict[str, Any], case_id: str) -> Case:
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        item = error.errors(include_url=False)[0]
        loc = [
            p
            for p in item["loc"]
            if isinstance(p, int) or not str(p).startswith(("function-", "lax-"))
        ]
        message = item["msg"].removeprefix("Value error, ")
        ctx = item.get("ctx") or {}
        if item["type"] == "duplicate_record_id":
            loc += [ctx["index"], ctx["key"]]
            message = f"duplicate {ctx['key']} {ctx['record_id']!r} in this case"
        raise EventError(case_id, format_path(loc), message) from None


def apply_event(case: Case, event: Event, *, as_of: date | None = None) -> Case:
    """The case after ``event``: a new, re-validated case (the input is not changed).

    With ``as_of``, a new offence or incident dated after it is an error: it would be silently
    ignored by every rule otherwise.
    """
    if event.case_id != case.case_id:
        raise EventError(
            event.case_id,
            "case_id",
            f"event for {event.case_id!r} applied to case {case.case_id!r}",
        )
    data = case.model_dump()
    if isinstance(event, OffenceAdded | IncidentAdded):
        kind, record = (
            ("offences", event.offence)
            if isinstance(event, OffenceAdded)
            else ("incidents", event.incident)
        )
        if as_of is not None and record.date > as_of:
            raise EventError(
                case.case_id,
                f"{kind[:-1]}.date",
                f"date {record.date} lies after the reference date {as_of}",
            )
        data[kind] = [*data[kind], record.model_dump()]
    elif isinstance(event, OffenceUpdated):
        for index, offence in enumerate(data["offences"]):
            if offence["offence_id"] == event.offence_id:
                changes = event.changes()
                changes.pop("offence_id")
                if (
                    changes.get("status")
                    in ("dismissed", "acquitted", "under_investigation", "charged")
                    and "sentence_months" not in changes
                ):
                    changes["sentence_months"] = None  # a sentence belongs to a conviction
                data["offences"][index] = {**offence, **changes}
                break
        else:
            known = ", ".join(o["offence_id"] for o in data["offences"]) or "none"
            raise EventError(
                case.case_id,
                "offence_id",
                f"no offence {event.offence_id!r} in this case (known: {known})",
            )
    elif isinstance(event, CustodyChanged):
        data["in_custody"] = event.in_custody
        data["release_date"] = event.release_date
    else:
        data.update(event.changes())
    return _validated(data, case.case_id)


# --- what changed -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the queue shows of one case: the comparable part of a :class:`CaseResult`."""

    tier: str
    score: int
    criteria: tuple[str, ...]
    blockers: tuple[str, ...]
    actions: tuple[str, ...]
    flags: tuple[str, ...]  # the flags that hold

    @classmethod
    def of(cls, result: CaseResult) -> Outcome:
        return cls(
            result.tier,
            result.score,
            tuple(result.criteria),
            tuple(result.blockers),
            tuple(result.actions),
            tuple(n for n, on in result.flags.items() if on),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "score": self.score,
            "criteria": list(self.criteria),
            "blockers": list(self.blockers),
            "actions": list(self.actions),
            "flags": list(self.flags),
        }


#: The parts of an outcome a change reports, in the order its reasons are listed.
_PARTS = ("flags", "criteria", "blockers", "actions")


@dataclass(frozen=True)
class Change:
    """One case before and after one event."""

    case_id: str
    before: Outcome
    after: Outcome
    event: Event | None = None
    line: int | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def gained(self, part: str) -> list[str]:
        """Ids of ``part`` (criteria, blockers, actions, flags) that hold after but not before."""
        before = getattr(self.before, part)
        return [i for i in getattr(self.after, part) if i not in before]

    def lost(self, part: str) -> list[str]:
        after = getattr(self.after, part)
        return [i for i in getattr(self.before, part) if i not in after]

    def reasons(self) -> list[str]:
        """Flags, criteria, blockers and actions that changed: ``X`` gained, ``not X`` lost."""
        out: list[str] = []
        for part in _PARTS:
            out += self.gained(part)
            out += [f"not {i}" for i in self.lost(part)]
        return out

    def describe(self) -> str:
        """One line: ``R-000123: P2 -> P1 (ENFORCEABLE)``; the score when only it moved."""
        b, a = self.before, self.after
        reasons = self.reasons()
        why = f" ({', '.join(reasons)})" if reasons else ""
        if b.tier != a.tier:
            return f"{self.case_id}: {b.tier} -> {a.tier}{why}"
        if b.score != a.score:
            return f"{self.case_id}: {a.tier}, score {b.score} -> {a.score}{why}"
        if reasons:
            return f"{self.case_id}: {a.tier}{why}"
        return f"{self.case_id}: {a.tier} unchanged"

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "case_id": self.case_id,
            "event": self.event.model_dump(mode="json", exclude_none=True) if self.event else None,
            "changed": self.changed,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "gained": {p: self.gained(p) for p in _PARTS},
            "lost": {p: self.lost(p) for p in _PARTS},
            "description": self.describe(),
        }


def diff(
    before: CaseResult, after: CaseResult, event: Event | None = None, line: int | None = None
) -> Change:
    """The change between two results of the same case."""
    return Change(after.case_id, Outcome.of(before), Outcome.of(after), event, line)


def replay(
    cases: Sequence[Case],
    events: Sequence[tuple[int, Event]],
    ruleset: RuleSet,
    as_of: date,
    *,
    source: str | None = None,
    issues: Sequence[InputIssue] = (),
) -> tuple[list[Change], dict[str, Case]]:
    """Apply ``events`` in order on the event path; one :class:`Change` per event.

    All or nothing: if any event cannot be applied (unknown case, unknown offence, a change the
    case format refuses) -- or ``issues`` already holds problems found while parsing --
    :class:`EventInputError` lists every problem by line and nothing is returned. Also returns
    the cases after all events, by id.
    """
    from rules.durable import engine_for

    engine = engine_for(ruleset)
    current = {case.case_id: case for case in cases}
    results: dict[str, CaseResult] = {}
    changes: list[Change] = []
    found = list(issues)
    for line, event in events:
        case = current.get(event.case_id)
        if case is None:
            found.append(InputIssue(event.case_id, "case_id", "no such case in the caseload", line))
            continue
        try:
            updated = apply_event(case, event, as_of=as_of)
        except EventError as error:
            found.append(InputIssue(error.case_id, error.path, error.message, line))
            continue
        current[event.case_id] = updated
        if found:
            continue  # the run fails anyway: only keep looking for more bad events
        before = results.get(case.case_id) or engine.evaluate_case(case, as_of)
        after = results[case.case_id] = engine.evaluate_case(updated, as_of)
        changes.append(diff(before, after, event, line))
    if found:
        raise EventInputError(sorted(found, key=lambda i: i.line or 0), source)
    return changes, current


def replay_file(
    cases: Sequence[Case], path: str | Path, ruleset: RuleSet, as_of: date
) -> list[Change]:
    """:func:`replay` of a JSON Lines file; bad lines and bad changes are reported together."""
    path = Path(path)
    events, issues = _parse(path.read_text(encoding="utf-8").splitlines())
    changes, _ = replay(cases, events, ruleset, as_of, source=str(path), issues=issues)
    return changes
