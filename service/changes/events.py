"""Events through the service: parse, apply as new case versions, evaluate on durable_rules.

A request holds one event or several (JSON Lines). All or nothing: every event is validated and
applied to its case (cases carry forward from event to event) before anything is stored; any bad
line rejects the whole request with every problem named by line, case and field. Each applied
event becomes a new case version and a recorded evaluation (cause ``event``), evaluated on the
**durable_rules** path (:func:`rules.durable.engine_for`) at the request's ``as_of``.

Case ids are unique within a region only (issue #14): an event names its case by ``case_id`` and,
optionally, ``region`` (a field of the request, not of the domain's event). The case is looked
up among the caller's regions only, so an id used in another region is answered exactly like an
id used nowhere; an id held by more than one of the caller's regions needs ``region``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cases.model import REGIONS, Case
from cases.validation import InputIssue, issue_from_pydantic
from rules import RuleSet
from rules.durable import engine_for
from rules.events import (
    EVENT_TYPES,
    Event,
    EventError,
    apply_event,
    event_issues,
    parse_event,
)
from service.audit import chain
from service.cases.keys import CaseKey, region_names
from service.cases.models import CaseRecord, CaseVersion
from service.cases.service import bump_revision, canonical_record
from service.changes.models import CaseEvaluation
from service.changes.record import Outcome, last_records
from service.changes.sweep import scheduled
from service.changes.wording import cause_text
from service.db.base import utcnow
from service.db.bulk import bulk_insert
from service.errors import Said, body_reason, in_lang
from texts import DEFAULT_LANG, text


@dataclass
class LineIssue:
    """One bad line: which line, case and field, and why: the German text of a catalogue key
    (``worded``: the key and its values, said again in other languages), or a fixed detail of
    the domain's checks (``worded`` is ``None``)."""

    line: int
    case_id: str | None
    field: str
    message: str
    worded: tuple[str, dict[str, Any]] | None = None

    @classmethod
    def of(
        cls, line: int, case_id: str | None, field: str, key: str, /, **values: Any
    ) -> LineIssue:
        """An issue worded by the catalogue key ``key``."""
        return cls(line, case_id, field, text(key, "de", **in_lang(values, "de")), (key, values))

    def message_in(self, lang: str = "de") -> str:
        """Why, in ``lang``."""
        if self.worded is None:
            return self.message
        return text(self.worded[0], lang, **in_lang(self.worded[1], lang))

    def said(self, lang: str = "de") -> str:
        message = self.message_in(lang)
        return text(
            "events.error.line",
            lang,
            line=self.line,
            case=self.case_id or "–",
            field=self.field,
            message=message,
        )


class EventsRejected(ValueError):
    """A request with any bad event; nothing was stored."""

    def __init__(self, issues: Sequence[LineIssue]) -> None:
        self.issues = sorted(issues, key=lambda i: i.line)
        super().__init__(text("events.error.rejected", "de", n=len(self.issues)))


def _from_input(issue: InputIssue, line: int) -> LineIssue:
    return LineIssue(issue.line or line, issue.case_id, issue.path, issue.message)


_TAG_ERRORS = ("union_tag_invalid", "union_tag_not_found")


def _validation_issues(error: ValidationError, case_id: str | None, line: int) -> list[LineIssue]:
    """The issues of one event pydantic refused, each naming its field (as
    :func:`rules.events.event_issues` does) and worded from the catalogue in the reader's
    language (German by default), not in pydantic's English."""
    items = error.errors(include_url=False)
    issues: list[LineIssue] = []
    for item, named in zip(items, event_issues(error, case_id, line), strict=True):
        if item["type"] in _TAG_ERRORS:
            issues.append(
                LineIssue.of(
                    line, case_id, "type", "events.error.unknown_type", types=", ".join(EVENT_TYPES)
                )
            )
            continue
        coded = issue_from_pydantic(item)
        issues.append(
            LineIssue(
                named.line or line,
                case_id,
                named.path,
                coded.text(DEFAULT_LANG),
                ("events.error.said", {"message": coded}),
            )
        )
    return issues


class Numbered(NamedTuple):
    """One event of a request: its line, the event, and the region the request names for its
    case (``None``: look the id up among the caller's regions)."""

    line: int
    event: Event
    region: str | None = None


def parse_body(
    body: bytes, *, many: bool, path_key: CaseKey | None, max_lines: int
) -> tuple[list[Numbered], list[LineIssue]]:
    """Events of a request body: one JSON object, or JSON Lines when ``many``, and the issues
    of the lines that are no valid event (pass them to :func:`apply_events`, which adds the
    problems of applying the others and raises with all of them).

    ``case_id`` may be left out when the address names the case (``path_key``); given, it must
    match it, and so must ``region``. ``region`` is the request's field beside the event (the
    case's region, one of :data:`cases.model.REGIONS`); it is not part of the event itself.
    """
    path_case_id = path_key.case_id if path_key is not None else None
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = body.count(b"\n", 0, error.start) + 1 if many else 1
        raise EventsRejected(
            [LineIssue.of(bad_line, None, "<event>", "events.error.not_utf8", position=error.start)]
        ) from None
    lines = decoded.splitlines() if many else [decoded]
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise EventsRejected([LineIssue.of(1, path_case_id, "<event>", "events.error.empty")])
    if len(numbered) > max_lines:
        raise EventsRejected(
            [LineIssue.of(1, path_case_id, "<event>", "events.error.too_many", limit=max_lines)]
        )
    events: list[Numbered] = []
    issues: list[LineIssue] = []
    for n, line in numbered:
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            issues.append(LineIssue.of(n, None, "<event>", "events.error.not_json", why=error.msg))
            continue
        except (ValueError, RecursionError) as error:
            # a number of more than 4,300 digits, nesting deeper than the stack: bad input of
            # its line like any other, never a 500 (issue #14)
            issues.append(
                LineIssue.of(n, None, "<event>", "events.error.unreadable", why=body_reason(error))
            )
            continue
        if not isinstance(raw, dict):
            issues.append(LineIssue.of(n, None, "<event>", "events.error.object"))
            continue
        region = raw.pop("region", None)
        given = raw.get("case_id")
        shown_id = str(given) if given is not None else path_case_id
        if region is not None and region not in REGIONS:
            issues.append(
                LineIssue.of(
                    n, shown_id, "region", "events.error.region_unknown", regions=", ".join(REGIONS)
                )
            )
            continue
        if path_key is not None:
            if given is None:
                raw = {**raw, "case_id": path_key.case_id}
            elif given != path_key.case_id:
                issues.append(
                    LineIssue.of(
                        n,
                        str(given),
                        "case_id",
                        "events.error.case_mismatch",
                        given=given,
                        path=path_key.case_id,
                    )
                )
                continue
            if region is None:
                region = path_key.region
            elif region != path_key.region:
                issues.append(
                    LineIssue.of(
                        n,
                        path_key.case_id,
                        "region",
                        "events.error.region_mismatch",
                        given=region,
                        path=path_key.region,
                    )
                )
                continue
        try:
            events.append(Numbered(n, parse_event(raw), region))
        except ValidationError as error:
            case_id = raw.get("case_id") if isinstance(raw.get("case_id"), str) else None
            issues += _validation_issues(error, case_id, n)
    return events, issues


@dataclass
class AppliedEvent:
    """One event applied: the case version it made, and the outcome before and after."""

    line: int
    event: Event
    version: int
    before: Outcome
    after: Outcome
    case: Case  # the case after the event
    cause: dict[str, Any] = field(default_factory=dict)

    @property
    def case_id(self) -> str:
        return self.event.case_id

    @property
    def region(self) -> str:
        return self.case.region

    @property
    def key(self) -> CaseKey:
        return CaseKey(self.case.region, self.event.case_id)


def _load(
    db_session: Session, case_ids: Sequence[str], regions: Collection[str]
) -> dict[CaseKey, tuple[CaseRecord, Case]]:
    """The cases with these ids in the caller's ``regions`` (only there), by region and id."""
    found: dict[CaseKey, tuple[CaseRecord, Case]] = {}
    if not regions:
        return found
    for start in range(0, len(case_ids), 2000):
        chunk = case_ids[start : start + 2000]
        rows = db_session.execute(
            select(CaseRecord, CaseVersion.data)
            .join(
                CaseVersion,
                (CaseVersion.region == CaseRecord.region)
                & (CaseVersion.case_id == CaseRecord.case_id)
                & (CaseVersion.version == CaseRecord.current_version),
            )
            .where(CaseRecord.case_id.in_(chunk), CaseRecord.region.in_(list(regions)))
            .order_by(CaseRecord.region, CaseRecord.case_id)
        ).all()
        for record, data in rows:
            found[CaseKey(record.region, record.case_id)] = (
                record,
                Case.model_validate_json(data),
            )
    return found


def _resolve(
    loaded: dict[CaseKey, tuple[CaseRecord, Case]],
    holders: dict[str, list[str]],
    line: int,
    case_id: str,
    region: str | None,
) -> CaseKey | LineIssue:
    """The case an event means, or the issue of its line. A case outside the caller's regions
    (``loaded`` holds only theirs) gets the words of a case that does not exist."""
    if region is not None:
        key = CaseKey(region, case_id)
        if key in loaded:
            return key
        return LineIssue.of(line, case_id, "case_id", "events.error.no_case")
    held = holders.get(case_id, [])
    if not held:
        return LineIssue.of(line, case_id, "case_id", "events.error.no_case")
    if len(held) > 1:
        return LineIssue.of(
            line,
            case_id,
            "region",
            "events.error.ambiguous",
            case_id=case_id,
            regions=region_names(sorted(held)),
        )
    return CaseKey(held[0], case_id)


def apply_events(
    db_session: Session,
    *,
    events: Sequence[Numbered],
    regions: Collection[str],
    actor: str,
    as_of: date,
    ruleset: RuleSet,
    model_version: str | None = None,
    via: str = "api",
    issues: Sequence[LineIssue] = (),
    max_records: tuple[int, int] | None = None,
) -> tuple[str, list[AppliedEvent]]:
    """Apply every event, or none (raises :class:`EventsRejected`); returns the request id.

    Each event's case is looked up among ``regions`` (the caller's) only: in the event's
    ``region`` if it names one, else wherever the caller holds the id -- an id held by more than
    one of them is an issue of the line's field ``region``.
    """
    chain.lock(db_session)  # serialised like imports: versions are numbered without gaps
    case_ids = list(dict.fromkeys(item.event.case_id for item in events))
    loaded = _load(db_session, case_ids, regions)
    holders: dict[str, list[str]] = {}
    for key in loaded:  # ordered by region
        holders.setdefault(key.case_id, []).append(key.region)
    engine = engine_for(ruleset)
    current = {key: case for key, (_, case) in loaded.items()}
    versions = {key: record.current_version for key, (record, _) in loaded.items()}
    outcomes: dict[CaseKey, Outcome] = {}
    issues = list(issues)
    applied: list[AppliedEvent] = []
    for line, event, region in events:
        found = _resolve(loaded, holders, line, event.case_id, region)
        if isinstance(found, LineIssue):
            issues.append(found)
            continue
        key = found
        case = current[key]
        try:
            updated = apply_event(case, event, as_of=as_of)
        except EventError as error:
            issues.append(LineIssue(line, error.case_id, error.path, error.message))
            continue
        current[key] = updated
        if max_records is not None:
            for name, limit in zip(("offences", "incidents"), max_records, strict=True):
                if len(getattr(updated, name)) > limit:
                    issues.append(
                        LineIssue.of(
                            line,
                            event.case_id,
                            name,
                            "events.error.too_many_records",
                            kind=Said(f"vocab.records.{name}"),
                            limit=limit,
                        )
                    )
        if issues:
            continue  # the request fails anyway: only look for more bad events
        before = outcomes.get(key) or Outcome.of(engine.evaluate_case(case, as_of))
        after = outcomes[key] = Outcome.of(engine.evaluate_case(updated, as_of))
        versions[key] += 1
        applied.append(AppliedEvent(line, event, versions[key], before, after, updated))
    if issues:
        raise EventsRejected(issues)
    request_id = str(uuid.uuid4())
    _store(db_session, applied, loaded, actor, request_id, as_of, ruleset, model_version)
    chain.append(
        db_session,
        actor=actor,
        action="cases.events",
        target=f"events:{request_id}",
        details={
            "via": via,
            "as_of": as_of.isoformat(),
            "ruleset": ruleset.label,
            "events": [
                [a.case_id, a.event.event_id, a.event.type, a.version, a.line, a.region]
                for a in applied
            ],
            "regions": sorted({a.region for a in applied}),
        },
    )
    return request_id, applied


def _store(
    db_session: Session,
    applied: Sequence[AppliedEvent],
    loaded: dict[CaseKey, tuple[CaseRecord, Case]],
    actor: str,
    request_id: str,
    as_of: date,
    ruleset: RuleSet,
    model_version: str | None,
) -> None:
    now = utcnow()
    last = last_records(db_session, [a.key for a in applied])
    previous_tier = {key: row.tier for key, row in last.items()}
    version_rows: list[dict[str, object]] = []
    evaluation_rows: list[dict[str, object]] = []
    for item in applied:
        case = item.case
        data = canonical_record(case)
        version_rows.append(
            {
                "case_id": case.case_id,
                "version": item.version,
                "region": case.region,
                "received_on": case.received_on,
                "data": data,
                "content_hash": hashlib.sha256(data.encode("utf-8")).hexdigest(),
                "imported_at": now,
                "imported_by": actor,
                "import_id": request_id,
            }
        )
        item.cause = {
            "events": [item.event.model_dump(mode="json", exclude_unset=True)],
            "date": as_of.isoformat(),
            "request_id": request_id,
        }
        evaluation_rows.append(
            {
                "case_id": case.case_id,
                "case_version": item.version,
                "region": case.region,
                "as_of": as_of,
                "recorded_at": now,
                "ruleset": ruleset.label,
                "model_version": model_version,
                "tier": item.after.tier,
                "score": item.after.score,
                "criteria": json.dumps(item.after.criteria),
                "blockers": json.dumps(item.after.blockers),
                "actions": json.dumps(item.after.actions),
                "previous_tier": previous_tier.get(item.key),
                "cause": "event",
                "cause_detail": json.dumps(item.cause, sort_keys=True, default=str),
                "actor": actor,
                "next_change": scheduled(case, ruleset, as_of),
            }
        )
        previous_tier[item.key] = item.after.tier
    bulk_insert(db_session, CaseVersion, version_rows)
    bulk_insert(db_session, CaseEvaluation, evaluation_rows)
    newest = {item.key: item.version for item in applied}
    for key, version in newest.items():
        record = loaded[key][0]
        values: dict[str, object] = {"current_version": version, "updated_at": now}
        if record.status == "closed":  # new facts about a closed case: a person looks again
            values.update(status="open", closed_at=None)
        db_session.execute(
            update(CaseRecord)
            .where(CaseRecord.region == key.region, CaseRecord.case_id == key.case_id)
            .values(values)
        )
    bump_revision(db_session)


def said(item: AppliedEvent, ruleset: RuleSet, lang: str = "de") -> str:
    """The sentence of what one event changed, e.g. ``EX-1: Stufe P2 → P1 durch neue …``."""
    b, a = item.before, item.after
    cause = cause_text("event", item.cause, lang)
    if b.tier != a.tier:
        return text(
            "events.said.tier", lang, case=item.case_id, before=b.tier, after=a.tier, cause=cause
        )
    if b.score != a.score:
        return text(
            "events.said.score",
            lang,
            case=item.case_id,
            tier=a.tier,
            before=b.score,
            after=a.score,
            cause=cause,
        )
    parts: list[str] = []
    for name in ("criteria", "blockers", "actions"):
        old, new = getattr(b, name), getattr(a, name)
        parts += [
            text("events.said.gained", lang, id=_title(ruleset, r, lang))
            for r in new
            if r not in old
        ]
        parts += [
            text("events.said.lost", lang, id=_title(ruleset, r, lang)) for r in old if r not in new
        ]
    if parts:
        return text(
            "events.said.other",
            lang,
            case=item.case_id,
            tier=a.tier,
            what=", ".join(parts),
            cause=cause,
        )
    return text("events.said.nothing", lang, case=item.case_id, tier=a.tier, cause=cause)


def _title(ruleset: RuleSet, rule_id: str, lang: str) -> str:
    try:
        return f"{rule_id} ({ruleset.rule(rule_id).title.get(lang)})"
    except (KeyError, ValueError):
        return rule_id
