"""Rule set versions: draft, approve (four eyes), activate, retire, simulate, look up.

Every function is keyword-only and takes the caller's session; the write functions must run in a
write transaction (``with db.write() as session``), take the audit chain's lock first and
append their audit entry (with the reason) in that same transaction, so a change and its record
commit together. The API (``service/rulesets/views.py``), the CLI (``triage policy``) and the
web UI call these same functions, so four eyes hold identically everywhere.

Errors are :class:`~service.rulesets.models.RulesetServiceError` subclasses (each with its HTTP
status) or :class:`rules.errors.RuleSetError` for a draft that is not a valid rule set (422 with
every issue, a parameter's allowed range included).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from pathlib import Path, PurePath
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cases.frames import CaseFrames
from policy import workflow
from policy.disclosure import available_dates, protect
from policy.simulation import SimulationResult
from policy.simulation import simulate as run_simulation
from rules import RuleSet, parse_ruleset
from rules.errors import ParameterError, RuleIssue, expect, rule_issue, unknown
from rules.loading import shipped_rulesets
from rules.parameters import describe_values, with_parameters
from rules.scenarios import scenarios_path
from service.audit import chain
from service.audit import service as audit_service
from service.auth.models import User
from service.auth.roles import Role
from service.db.base import utcnow
from service.db.engine import Database
from service.errors import Said
from service.params import MAX_DATE
from service.queue import history
from service.queue.caseload import Caseload, CaseloadCache
from service.rulesets.active import (
    configured_ruleset,
    document_digest,
    parse_stored,
)
from service.rulesets.models import (
    InvalidRequestError,
    NotAllowedError,
    RulesetState,
    RulesetStatus,
    RulesetVersion,
    RulesetVersionDetail,
    RulesetVersionRead,
    StateConflictError,
    VersionNotFoundError,
)
from texts import coded
from texts import shown as shown_text

#: Roles that may draft, approve and activate. Deliberately not ``admin``: operating the service
#: is not setting policy, and the issue allows no other role to draft or approve.
POLICY_ROLES: tuple[Role, ...] = (Role.policy,)
#: Roles that may read stored versions (the version in force: every role, ``/rulesets/active``).
READ_ROLES: tuple[Role, ...] = (Role.policy, Role.auditor, Role.admin)
#: Roles that may run a what-if simulation on the stored caseload (aggregates only).
SIMULATE_ROLES: tuple[Role, ...] = (Role.policy, Role.admin, Role.auditor)
#: Who sees the fairness breakdown of a simulation (groups of audit-only fields; issue #14).
FAIRNESS_ROLES: tuple[Role, ...] = (Role.auditor,)
#: The actor of entries written by the service itself (the first stored version).
SYSTEM_ACTOR = "system"

_REF = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:@| v)(?P<version>\d{1,9})(?:#[0-9a-f]*)?$")


# --------------------------------------------------------------------------- reading


def get(*, db_session: Session, version_id: int) -> RulesetVersion | None:
    """The version with this id, or ``None``."""
    return db_session.get(RulesetVersion, version_id)


def resolve(
    *, db_session: Session, ref: str | int, today: date | None = None
) -> RulesetVersion | None:
    """The version a reference names, or ``None``.

    ``ref`` is an id (``7``), ``name@version`` (``amit-nrw-default@2``, also with the ``#digest``
    of :func:`~service.rulesets.active.ruleset_key`), a label (``amit-nrw-default v2``, as stored
    with decisions), or a name alone (the version of that name in force ``today``).
    """
    text = str(ref).strip()
    if text.isdigit():
        return get(db_session=db_session, version_id=int(text)) if len(text) < 10 else None
    match = _REF.match(text)
    if match:
        return db_session.scalars(
            select(RulesetVersion).where(
                RulesetVersion.name == match["name"],
                RulesetVersion.version == int(match["version"]),
            )
        ).first()
    return in_force(db_session=db_session, name=text, on=today)


def get_or_raise(
    *, db_session: Session, ref: str | int, today: date | None = None
) -> RulesetVersion:
    """The version a reference names (see :func:`resolve`); 404 error when there is none."""
    version = resolve(db_session=db_session, ref=ref, today=today)
    if version is None:
        raise VersionNotFoundError().said("stored.ruleset.not_found", ref=str(ref))
    return version


def get_all(
    *, db_session: Session, name: str | None = None, states: Collection[str] | None = None
) -> list[RulesetVersion]:
    """Stored versions, newest first, optionally of one rule set name and in some states."""
    query = select(RulesetVersion)
    if name:
        query = query.where(RulesetVersion.name == name)
    if states:
        query = query.where(RulesetVersion.state.in_(list(states)))
    return list(db_session.scalars(query.order_by(RulesetVersion.id.desc())))


def in_force(*, db_session: Session, name: str, on: date | None = None) -> RulesetVersion | None:
    """The version of ``name`` in force on ``on`` (default today): the latest activation whose
    effective date has come; also for past days (replay), when retired versions were in force."""
    rows = db_session.execute(
        select(RulesetVersion.id, RulesetVersion.activated_at, RulesetVersion.effective_from).where(
            RulesetVersion.name == name, RulesetVersion.activated_at.is_not(None)
        )
    ).all()
    row = workflow.in_force(rows, on or date.today())
    return None if row is None else db_session.get(RulesetVersion, row.id)


def load(*, version: RulesetVersion) -> RuleSet:
    """The checked rule set of a stored version (parsed once per process, cached by digest)."""
    return parse_stored(version.document, digest=version.digest, source=f"stored {version.ref}")


def status(
    *, version: RulesetVersion, in_force_id: int | None, today: date | None = None
) -> RulesetStatus:
    """What a version is today; ``in_force_id`` is the id of :func:`in_force` for its name."""
    return RulesetStatus(
        workflow.shown_status(
            RulesetState(version.state),
            is_in_force=version.id == in_force_id,
            effective_from=version.effective_from,
            today=today or date.today(),
        )
    )


#: Columns of a rule set version that hold a reason: a person's text, or the service's own as a
#: catalogue code (:func:`texts.shown` says either in a language).
REASON_COLUMNS = (
    "reason",
    "approval_reason",
    "activation_reason",
    "scenarios_reason",
    "withdrawal_reason",
    "rejection_reason",
)


def to_read(
    *,
    version: RulesetVersion,
    in_force_id: int | None,
    detail: bool = False,
    today: date | None = None,
) -> RulesetVersionRead:
    """The API view of a version (with parameters and document when ``detail``)."""
    shown = status(version=version, in_force_id=in_force_id, today=today)
    fields: dict[str, Any] = {
        column: getattr(version, column)
        for column in (
            "id",
            "name",
            "version",
            "label",
            "ref",
            "base_id",
            "state",
            "digest",
            "changed",
            "author",
            "reason",
            "created_at",
            "approved_by",
            "approved_at",
            "approval_reason",
            "activated_by",
            "activated_at",
            "activation_reason",
            "effective_from",
            "retired_at",
            "scenarios_reason",
            "withdrawn_at",
            "withdrawal_reason",
            "rejected_by",
            "rejected_at",
            "rejection_reason",
        )
    }
    for (
        column
    ) in REASON_COLUMNS:  # the service's own reasons are stored as codes: German words in the API
        fields[column] = shown_text(fields[column], "de") if fields[column] else fields[column]
    fields.update(status=shown, in_force=shown == RulesetStatus.active)
    if detail:
        return RulesetVersionDetail(
            **fields,
            parameters=version.parameters,
            document=version.document,
            source=version.source,
            scenarios=version.scenarios,
        )
    return RulesetVersionRead(**fields)


# --------------------------------------------------------------------------- writing


def _require_policy(user: User, action: str) -> None:
    if Role(user.role) not in POLICY_ROLES:
        raise NotAllowedError().said(
            "stored.ruleset.not_allowed",
            role=Said(f"web.roles.{user.role}"),
            action=Said(f"stored.ruleset.action.{action}"),
        )


def _details(version: RulesetVersion, via: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": version.name,
        "version": version.version,
        "ref": version.ref,
        "digest": version.digest,
        "via": via,
        **extra,
    }


def _check_untouched(version: RulesetVersion) -> None:
    """Refuse a version whose document no longer matches the digest taken when it was drafted."""
    if document_digest(version.document) != version.digest:
        raise StateConflictError().said("stored.ruleset.tampered", label=version.label)


def ensure_seeded(*, db_session: Session, ruleset: RuleSet) -> RulesetVersion:
    """The first stored version of ``ruleset.name``; stores ``ruleset`` as it if there is none.

    The seed is stored active (in force from the beginning of time), authored by ``system``, and
    recorded as ``ruleset.seed``. It is the rule set the service ran on before, so nothing in the
    queue changes.
    """

    def first() -> RulesetVersion | None:
        return db_session.scalars(
            select(RulesetVersion)
            .where(RulesetVersion.name == ruleset.name)
            .order_by(RulesetVersion.version)
            .limit(1)
        ).first()

    found = first()
    if found is not None:
        return found
    chain.lock(db_session)  # then look again: a concurrent first access may have stored it
    found = first()
    if found is not None:
        return found
    # A JSON round trip keeps the key order (the display order of parameters and rules).
    document = json.loads(json.dumps(ruleset.document, ensure_ascii=False, default=str))
    now = utcnow()
    reason = coded("stored.ruleset.seeded", file=PurePath(ruleset.source).name)
    seed = RulesetVersion(
        name=ruleset.name,
        version=ruleset.version,
        base_id=None,
        state=RulesetState.active,
        document=document,
        digest=document_digest(document),
        parameters=describe_values(ruleset),
        changed={},
        author=SYSTEM_ACTOR,
        reason=reason,
        created_at=now,
        activated_by=SYSTEM_ACTOR,
        activated_at=now,
        activation_reason=reason,
        effective_from=None,
        scenarios=_file_text(scenarios_path(ruleset.source)),
        source=_file_text(Path(ruleset.source)),
    )
    db_session.add(seed)
    db_session.flush()
    chain.append(
        db_session,
        actor=SYSTEM_ACTOR,
        action="ruleset.seed",
        target=f"ruleset:{seed.id}",
        details=_details(seed, "service"),
        reason=shown_text(reason, "de"),
    )
    return seed


def _file_text(path: Path) -> str | None:
    """The text of a file beside the configured rule set, if there is one."""
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def seed_configured(*, db: Database, name: str | None = None) -> None:
    """Store the configured rule set (settings ``ruleset``) as version 1 if its name has none.

    Called at the first access to the versions (API and CLI): one small read, and a write
    transaction only the very first time. ``db`` rather than a session, for that reason.
    """
    configured = configured_ruleset(name)
    with db.read() as session:
        if (
            session.scalar(
                select(RulesetVersion.id).where(RulesetVersion.name == configured.name).limit(1)
            )
            is not None
        ):
            return
    with db.write() as session:
        ensure_seeded(db_session=session, ruleset=configured)


def _base_for(db_session: Session, base: str) -> RulesetVersion:
    version = resolve(db_session=db_session, ref=base)
    if version is not None:
        return version
    # A shipped rule set nobody stored yet becomes its own version 1 (never a file path).
    name = base.split("@")[0].split("#")[0]
    if name in shipped_rulesets() and not get_all(db_session=db_session, name=name):
        ensure_seeded(db_session=db_session, ruleset=configured_ruleset(name))
    return get_or_raise(db_session=db_session, ref=base)


def _patched_document(
    base: RulesetVersion, values: Mapping[str, Any], points: Mapping[str, int], version: int
) -> dict[str, Any]:
    document = copy.deepcopy(base.document)
    document["version"] = version
    for name, value in values.items():
        document["parameters"][name]["default"] = value
    for rule in document.get("criteria") or []:
        if rule.get("id") in points:
            rule["points"] = points[rule["id"]]
    return document


def _criteria_issues(ruleset: RuleSet, points: Mapping[str, Any]) -> list[RuleIssue]:
    known = [rule.id for rule in ruleset.criteria]
    issues = []
    for rule_id, value in points.items():
        if rule_id not in known:
            expected = expect("one_of", items=", ".join(known))
            issues.append(
                unknown("criteria", rule_id, "points", "criterion", expected, rule_id, known)
            )
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            issues.append(
                rule_issue(
                    "criteria",
                    rule_id,
                    "points",
                    "points_range",
                    expect("points"),
                    repr(value),
                    rule=rule_id,
                )
            )
    return issues


def create(
    *,
    db_session: Session,
    base: str,
    parameters: Mapping[str, Any],
    reason: str,
    user: User,
    criteria: Mapping[str, int] | None = None,
    via: str = "api",
) -> RulesetVersion:
    """Store a draft derived from ``base`` with changed parameters (and criteria points).

    Validated like ``triage rules check``: every bad value is reported at once (a
    :class:`~rules.errors.ParameterError` naming the allowed range), then the whole document is
    checked. The draft gets the next version number of its name and keeps the scenarios of its
    base. A draft that changes nothing against the version in force is refused; a draft equal to
    an older version is how that version comes back (derive from it, approve, activate).
    """
    _require_policy(user, "draft")
    chain.lock(db_session)
    base_version = _base_for(db_session, base)
    settle(db_session=db_session, name=base_version.name, actor=user.name)
    base_rules = load(version=base_version)
    points = dict(criteria or {})
    issues = _criteria_issues(base_rules, points)
    try:
        drafted = with_parameters(base_rules, dict(parameters), source="parameters")
    except ParameterError as error:
        issues = [*error.issues, *issues]
        drafted = base_rules
    if issues:
        raise ParameterError(issues)
    values = describe_values(drafted)
    number = next_number(db_session=db_session, name=base_version.name)
    document = _patched_document(base_version, values, points, number)
    # The complete check of `triage rules check`, on exactly the document that is stored.
    checked = parse_ruleset(document, source=f"draft {base_version.name}@{number}")
    return store_draft(
        db_session=db_session,
        base_version=base_version,
        document=document,
        checked=checked,
        reason=reason,
        user=user,
        via=via,
        scenarios=base_version.scenarios,
        source=None,
    )


def next_number(*, db_session: Session, name: str) -> int:
    """The version number the next draft of ``name`` gets."""
    latest = db_session.scalar(
        select(func.max(RulesetVersion.version)).where(RulesetVersion.name == name)
    )
    return (latest or 0) + 1


def changes_from(base: RuleSet, draft: RuleSet, *, document: bool = False) -> dict[str, Any]:
    """The stored ``changed`` of a draft: parameters and points that differ from its base
    (``document``: a whole rule set was submitted; the semantic diff tells the rest)."""
    base_values, values = describe_values(base), describe_values(draft)
    changed_params = {
        name: {"base": base_values.get(name), "draft": value}
        for name, value in values.items()
        if base_values.get(name) != value
    }
    base_points = {rule.id: rule.points for rule in base.criteria}
    changed_points = {
        rule.id: {"base": base_points.get(rule.id), "draft": rule.points}
        for rule in draft.criteria
        if rule.id in base_points and base_points[rule.id] != rule.points
    }
    changed: dict[str, Any] = {}
    if changed_params:
        changed["parameters"] = changed_params
    if changed_points:
        changed["criteria"] = changed_points
    if document:
        changed["document"] = True
    return changed


def store_draft(
    *,
    db_session: Session,
    base_version: RulesetVersion,
    document: dict[str, Any],
    checked: RuleSet,
    reason: str,
    user: User,
    via: str,
    scenarios: str | None,
    source: str | None,
) -> RulesetVersion:
    """Store a checked draft (refused when it changes nothing against the version in force)."""
    from rules.diff import diff

    current = in_force(db_session=db_session, name=base_version.name)
    if current is not None and diff(load(version=current), checked).empty:
        raise InvalidRequestError("parameters", "").said(
            "authoring.service.unchanged", label=current.label
        )
    changed = changes_from(load(version=base_version), checked, document=source is not None)
    draft = RulesetVersion(
        name=base_version.name,
        version=checked.version,
        base_id=base_version.id,
        state=RulesetState.draft,
        document=document,
        digest=document_digest(document),
        parameters=describe_values(checked),
        changed=changed,
        author=user.name,
        reason=reason,
        created_at=utcnow(),
        scenarios=scenarios,
        source=source,
    )
    db_session.add(draft)
    db_session.flush()
    chain.append(
        db_session,
        actor=user.name,
        action="ruleset.draft",
        target=f"ruleset:{draft.id}",
        details=_details(
            draft,
            via,
            base=base_version.ref,
            changed=changed,
            scenarios_digest=_text_digest(scenarios),
        ),
        reason=reason,
    )
    return draft


def _text_digest(text: str | None) -> str | None:
    import hashlib

    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


#: A workflow refusal of a version: its label and why (:class:`_Refusal`).
REFUSED = "api.ruleset.refused"


class _Refusal:
    """A workflow refusal said in a reader's language (its code and values)."""

    def __init__(self, error: workflow.WorkflowError) -> None:
        self.error = error

    def text(self, lang: str) -> str:
        return workflow.message(self.error.code, lang, **self.error.values)


def _move(
    version: RulesetVersion,
    action: workflow.Action,
    user: User,
    *,
    failing_scenarios: tuple[str, ...] = (),
    scenarios_reason: str | None = None,
) -> workflow.State:
    """The next state by :mod:`policy.workflow`, or its refusal as the service's error."""
    move = workflow.Move(
        action=action,
        state=workflow.State(version.state),
        author=version.author,
        actor=workflow.Actor(user.name, Role(user.role) in POLICY_ROLES),
        failing_scenarios=failing_scenarios,
        scenarios_reason=scenarios_reason,
    )
    try:
        return workflow.step(move)
    except workflow.NotPermitted as error:
        raise NotAllowedError().said(REFUSED, label=version.label, why=_Refusal(error)) from None
    except workflow.ReasonRequired as error:
        raise InvalidRequestError("scenarios_reason", "").said(
            REFUSED, label=version.label, why=_Refusal(error)
        ) from None
    except workflow.WrongState as error:
        raise StateConflictError().said(REFUSED, label=version.label, why=_Refusal(error)) from None


def approve(
    *,
    db_session: Session,
    version_ref: str | int,
    reason: str,
    user: User,
    via: str = "api",
    scenarios_reason: str | None = None,
    today: date | None = None,
) -> RulesetVersion:
    """Approve a draft as the second person: never the draft's author (four eyes).

    Every scenario of the version in force and of the draft runs on the draft first; if any
    fails, the approval needs ``scenarios_reason`` (why approve anyway), which is stored and
    audited with the names of the failing scenarios.
    """
    from service.rulesets import authoring  # scenarios and diff; imports this module

    _require_policy(user, "approve")
    chain.lock(db_session)
    version = get_or_raise(db_session=db_session, ref=version_ref)
    settle(db_session=db_session, name=version.name, actor=user.name)
    _move(version, workflow.Action.approve, user)  # role, state and four eyes first
    _check_untouched(version)
    report = authoring.scenario_report(db_session=db_session, version=version, today=today)
    failing = report.failing_names()
    _move(
        version,
        workflow.Action.approve,
        user,
        failing_scenarios=failing,
        scenarios_reason=scenarios_reason,
    )
    version.state = RulesetState.approved
    version.approved_by, version.approved_at, version.approval_reason = user.name, utcnow(), reason
    version.scenarios_reason = scenarios_reason.strip() if failing and scenarios_reason else None
    db_session.flush()
    same_creator = _same_creator(db_session, author=version.author, approver=user)
    chain.append(
        db_session,
        actor=user.name,
        action="ruleset.approve",
        target=f"ruleset:{version.id}",
        details=_details(
            version,
            via,
            author=version.author,
            scenarios=report.summary(),
            failing_scenarios=list(failing),
            scenarios_reason=version.scenarios_reason,
            **({"same_creator": same_creator} if same_creator else {}),
        ),
        reason=reason,
    )
    return version


def _same_creator(db_session: Session, *, author: str, approver: Any) -> str | None:
    """The admin(s) who gave both the author's and the approver's account its access - by
    creating it or by last issuing its token (``service.auth.service.vouchers``) -, if any.

    Four eyes bind accounts; one admin who made both accounts, or rotated their tokens, could
    hold both (issue #14, item 5). The approval stands, but its audit entry names that admin
    (``same_creator``).
    """
    from service.auth.models import User
    from service.auth.service import vouchers

    author_row = db_session.scalars(select(User).where(User.name == author)).first()
    if author_row is None:
        return None
    shared = vouchers(author_row) & vouchers(approver)
    return ", ".join(sorted(shared)) or None


def end_draft(
    *,
    db_session: Session,
    version_ref: str | int,
    reason: str,
    user: User,
    action: workflow.Action,
    via: str = "api",
) -> RulesetVersion:
    """End a draft: ``withdraw`` (only its author) or ``reject`` (a second policy user)."""
    if action not in (workflow.Action.withdraw, workflow.Action.reject):
        raise ValueError(f"{action} does not end a draft")
    _require_policy(user, action.value)
    chain.lock(db_session)
    version = get_or_raise(db_session=db_session, ref=version_ref)
    settle(db_session=db_session, name=version.name, actor=user.name)
    version.state = _move(version, action, user)
    if action == workflow.Action.withdraw:
        version.withdrawn_at, version.withdrawal_reason = utcnow(), reason
    else:
        version.rejected_by, version.rejected_at = user.name, utcnow()
        version.rejection_reason = reason
    db_session.flush()
    chain.append(
        db_session,
        actor=user.name,
        action=f"ruleset.{action.value}",
        target=f"ruleset:{version.id}",
        details=_details(version, via, author=version.author),
        reason=reason,
    )
    return version


def activate(
    *,
    db_session: Session,
    version_ref: str | int,
    reason: str,
    user: User,
    effective_from: date | None = None,
    today: date | None = None,
    via: str = "api",
) -> RulesetVersion:
    """Put an approved version into force today, or schedule it for ``effective_from``.

    The author may activate once someone else approved. Activating retires every other
    activated version of the name that can no longer come into force.
    """
    _require_policy(user, "activate")
    chain.lock(db_session)
    version = get_or_raise(db_session=db_session, ref=version_ref)
    today = today or date.today()
    next_state = _move(version, workflow.Action.activate, user)
    effective = effective_from or today
    if effective < today:
        raise InvalidRequestError("effective_from", "").said(
            "stored.ruleset.in_the_past", day=effective
        )
    if effective > MAX_DATE:
        raise InvalidRequestError("effective_from", "").said(
            "stored.ruleset.too_late", day=effective, last=MAX_DATE
        )
    _check_untouched(version)
    previous = in_force(db_session=db_session, name=version.name, on=today)
    version.state = next_state
    version.activated_by, version.activated_at = user.name, utcnow()
    version.activation_reason, version.effective_from = reason, effective
    db_session.flush()
    chain.append(
        db_session,
        actor=user.name,
        action="ruleset.activate",
        target=f"ruleset:{version.id}",
        details=_details(
            version,
            via,
            effective_from=effective.isoformat(),
            scheduled=effective > today,
            approved_by=version.approved_by,
            author=version.author,
            previous=previous.ref if previous else None,
        ),
        reason=reason,
    )
    settle(db_session=db_session, name=version.name, actor=user.name, today=today)
    if effective <= today:
        # Every open case is evaluated under the version now in force, the cause recorded.
        # A scheduled version is recorded by the sweep on the day it comes into force.
        from service.changes.record import record_ruleset

        record_ruleset(
            db_session,
            ruleset=load(version=version),
            as_of=today,
            actor=user.name,
            version_ref=version.ref,
        )
    return version


def settle(
    *, db_session: Session, name: str, actor: str, today: date | None = None
) -> list[RulesetVersion]:
    """Record as retired every activated version of ``name`` that can no longer come into force.

    :func:`policy.workflow.superseded` decides which (a later activation's effective date has
    come, or comes no later than its own). Scheduled activations make this happen on a day
    rather than at an action, so every write of this module settles first; reads compute the
    same from the dates (:func:`status`). Each retirement is an audit entry by the activator of
    its successor.
    """
    today = today or date.today()
    active = get_all(db_session=db_session, name=name, states=[RulesetState.active])
    activated = [v for v in get_all(db_session=db_session, name=name) if v.activated_at is not None]
    retired = []
    for version, successor in workflow.superseded(active, activated, today):
        system = workflow.Actor(SYSTEM_ACTOR, sets_policy=False)
        version.state = workflow.step(
            workflow.Move(workflow.Action.retire, workflow.State(version.state), "", system)
        )
        version.retired_at = utcnow()
        retired.append(version)
        db_session.flush()
        chain.append(
            db_session,
            actor=successor.activated_by or actor,
            action="ruleset.retire",
            target=f"ruleset:{version.id}",
            details=_details(
                version,
                "service",
                superseded_by=successor.ref,
                successor_effective_from=(
                    successor.effective_from.isoformat() if successor.effective_from else None
                ),
                recorded_by=actor,
            ),
            reason=shown_text(coded("stored.ruleset.superseded", label=successor.label), "de"),
        )
    return retired


# --------------------------------------------------------------------------- simulation


def caseload_frames(*, caseload: Caseload, as_of: date) -> CaseFrames:
    """The open cases received by ``as_of`` (the statewide queue of that day) as frames."""
    day = np.datetime64(as_of, "D").astype(np.int64)
    return caseload.frames.take(np.flatnonzero(caseload.received_days <= day))


def gridded(role: str | None) -> bool:
    """Does ``role`` simulate the open caseload on the date grid only (everyone but those who
    may see audit-only fields; see :func:`policy.disclosure.available_dates`)?"""
    return role not in {r.value for r in FAIRNESS_ROLES}


def today_utc() -> date:
    """The current UTC day: a grid date is possible once it has ended."""
    return utcnow().date()


def simulation_frames(
    *, db: Database, caseloads: CaseloadCache, as_of: date, role: str | None
) -> CaseFrames:
    """The open caseload a caller of ``role`` simulates at ``as_of``: on the date grid (every
    role but auditors) the cases as they stood at the end of that day
    (:meth:`~service.queue.caseload.CaseloadCache.at`), so the same Monday always simulates the
    same people; for auditors today's open cases received by ``as_of``, as before."""
    caseload = caseloads.at(db, as_of) if gridded(role) else caseloads.get(db)
    return caseload_frames(caseload=caseload, as_of=as_of)


def simulation_dates(
    *, db: Database, caseloads: CaseloadCache, until: date, min_cell_size: int
) -> list[date]:
    """The available grid dates up to ``until`` (never a day that has not ended, UTC), each
    judged on the open caseload as it stood at its end (:func:`service.queue.history.
    open_stays`), so the list never changes for days already past (history is append-only;
    only an erasure takes a case out of it)."""
    until = min(until, today_utc() - timedelta(days=1))
    stays = history.open_stays(caseloads.history(db))
    return available_dates(
        stays["start"].to_numpy(),
        stays["region"].to_numpy(),
        until,
        min_cell_size,
        left=stays["end"].to_numpy(),
        cases=stays["case_id"].to_numpy(),
    )


def latest_simulation_date(
    *, db: Database, caseloads: CaseloadCache, day: date, min_cell_size: int
) -> date:
    """The latest available grid date on or before ``day`` (the default for gridded roles)."""
    dates = simulation_dates(db=db, caseloads=caseloads, until=day, min_cell_size=min_cell_size)
    return dates[-1] if dates else day


def check_simulation_date(
    *,
    db: Database,
    caseloads: CaseloadCache,
    as_of: date,
    role: str | None,
    min_cell_size: int,
) -> None:
    """Refuse an ``as_of`` off the available grid for a gridded role (issue #14, item 4): not a
    Monday, a Monday that has not ended yet, or one too close to another."""
    if not gridded(role):
        return
    dates = simulation_dates(db=db, caseloads=caseloads, until=as_of, min_cell_size=min_cell_size)
    if dates and dates[-1] == as_of:
        return
    key = "grid.not_ended" if as_of >= today_utc() else "hardening.simulation_date"
    raise InvalidRequestError("as_of", "").said(
        key, day=as_of, earlier=dates[-1] if dates else "–", n=min_cell_size
    )


AGGREGATES_NOTE = (
    "changed cases are not listed: policy staff see aggregates only "
    "(n_changed and transitions count them)"
)


def simulate(
    *,
    db: Database,
    version_ref: str | int,
    frames: CaseFrames | None = None,
    as_of: date,
    actor: str,
    source: str = "open caseload",
    via: str = "api",
    role: str | None = None,
    min_cell_size: int | None = None,
    caseloads: CaseloadCache | None = None,
) -> SimulationResult:
    """What-if: the version against the version in force at ``as_of``, on ``frames`` (an
    uploaded caseload, named by ``source``) or, without them, on the stored open caseload
    (:func:`simulation_frames`: for gridded roles as it stood at the end of ``as_of``, read
    through ``caseloads`` once the date has passed the grid check).

    Returns :class:`policy.simulation.SimulationResult` (``.to_dict()`` is the JSON of
    docs/policy-simulation.md) **without the list of changed cases** (aggregates only, for every
    caller). Records ``ruleset.simulate`` before returning; takes ``db`` rather than a session
    so that the evaluation runs outside any write transaction.
    """
    if (frames is None) != (source == "open caseload"):
        raise ValueError("frames are given for an upload, never for the open caseload")
    caseloads = caseloads or CaseloadCache()
    if frames is None and min_cell_size is not None:
        try:
            check_simulation_date(
                db=db,
                caseloads=caseloads,
                as_of=as_of,
                role=role,
                min_cell_size=min_cell_size,
            )
        except InvalidRequestError:  # a probe of the date grid is on record too
            audit_service.record(
                db,
                actor=actor,
                action="ruleset.simulate.refused",
                target=f"ruleset:{version_ref}"[:120],
                details={"as_of": as_of.isoformat(), "role": role, "reason": "date_grid"},
            )
            raise
    if frames is None:
        frames = simulation_frames(db=db, caseloads=caseloads, as_of=as_of, role=role)
    with db.read() as session:
        version = get_or_raise(db_session=session, ref=version_ref)
        current = in_force(db_session=session, name=version.name)
        if current is None:
            raise StateConflictError().said("stored.ruleset.none_in_force", name=version.name)
        proposal, baseline = load(version=version), load(version=current)
        shown = status(version=version, in_force_id=current.id)
    result = run_simulation(
        frames,
        baseline,
        proposal,
        as_of,
        changed_limit=0,
        baseline_label=current.label,
        proposal_label=version.label,
    )
    result.baseline_ruleset["state"] = RulesetStatus.active.value
    result.proposal_ruleset["state"] = RulesetStatus(shown).value
    result.baseline_ruleset["id"] = current.id
    result.proposal_ruleset["id"] = version.id
    result.notes.append(AGGREGATES_NOTE)
    audit_service.record(
        db,
        actor=actor,
        action="ruleset.simulate",
        target=f"ruleset:{version.id}",
        details={
            "ref": version.ref,
            "baseline": current.ref,
            "as_of": as_of.isoformat(),
            "source": source,
            "via": via,
            "n_cases": result.n_cases,
            "n_changed": result.n_changed,
            "transitions": result.transitions,
            # The parameters of the run (issue #14, item 4): what was compared, by whom.
            "parameters_changed": result.parameters_changed,
            "selected_tiers": list(result.selected_tiers),
            "role": role,
            "fairness_shown": role in {r.value for r in FAIRNESS_ROLES},
            "min_cell_size": min_cell_size,
            "date_grid": source == "open caseload" and gridded(role),
            # Gridded roles simulate the cases as they stood at the end of as_of.
            "caseload": (
                ("as_of" if gridded(role) else "current") if source == "open caseload" else None
            ),
        },
    )
    return result


def shown_to(result: SimulationResult, *, role: str, min_cell_size: int) -> dict[str, Any]:
    """The simulation's JSON as a caller of ``role`` may see it: small cells hidden, the
    fairness breakdown only for :data:`FAIRNESS_ROLES` (see :mod:`policy.disclosure`)."""
    return protect(
        result.to_dict(),
        fairness=role in {r.value for r in FAIRNESS_ROLES},
        minimum=min_cell_size,
    )
