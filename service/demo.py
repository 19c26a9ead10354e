"""Demo data: one user per role with printed tokens, generated synthetic cases, and the
decisions of a simulated caseworker.

Only in demo mode (``TRIAGE_MODE=demo``): production never creates users or tokens by itself.

**Back-dated history (demo only).** The synthetic cases are recorded as imported in weekly
deliveries: each case on the Monday (06:00 UTC) after the week it was received in, the cases of
the current week now (:func:`delivery_times`, :func:`backdate_demo_import`). A real import is
always recorded at the moment it happens; only this synthetic path writes earlier import times,
so that "the caseload as it stood at the end of a past Monday" (the replay, and the simulation
date grid of policy staff) has a history to show. The audit entry of the import is written now
and says that the times are back-dated.

The simulated decisions (:func:`record_simulated_decisions`) give the monitoring page something
to show: the caseworker the rule set declares in ``model.simulation`` (:mod:`models.history`)
works down the top of each region's queue, now and then taking a case further down first, and
takes a case up with the probability the rule set declares (otherwise holds it back). Every
decision goes through the same service path as a person's (queue position, override note, audit
entry), is recorded by :data:`SIMULATED_CASEWORKER` and says in its reason that it is simulated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cases.model import REGIONS
from cases.validation import validate_records
from service.auth import service as user_service
from service.auth.roles import REGIONAL_ROLES, Role
from service.cases import service as case_service
from service.cases.models import CaseRecord, CaseVersion
from service.db import migrate
from service.db.engine import Database
from service.settings import Settings
from texts import text

DEMO_REGIONS: dict[Role, tuple[str, ...]] = {
    Role.caseworker: ("koeln",),
    Role.rrk_lead: ("koeln", "duesseldorf"),
}
ACTOR = "demo-setup"
#: Who the demo's simulated decisions are recorded by (shown wherever a decision's author is).
SIMULATED_CASEWORKER = "demo-simulierte-sachbearbeitung"
#: Share of steps at which the simulated caseworker takes a case further down the queue first.
JUMP_AHEAD = 0.12
#: What the simulated caseworker does with a case taken up / held back (the latter weighted).
TAKE_UP = ("case_conference", "prepare_measure")
HOLD_BACK = ("monitor", "defer", "request_information")
#: Cases `triage demo` generates by default: enough that every region takes in about ten or
#: more cases in most weeks, so the simulation date grid of policy staff offers a Monday of the
#: last few weeks (with 2,000 it was often a month or more back; docs/policy-simulation.md).
DEMO_CASES = 10_000
#: The synthetic weekly delivery: Monday, 06:00 UTC, with the cases received the week before.
DELIVERY_WEEKDAY = 0
DELIVERY_TIME = time(6, 0, tzinfo=UTC)
#: Where the demo's import names its source (and says that its times are back-dated).
DEMO_SOURCE = "demo generator (synthetic; import times back-dated to weekly deliveries)"


class NotDemoModeError(RuntimeError):
    """Demo users and tokens exist only in demo mode."""


def demo_cases(n: int, seed: int, as_of: date) -> list:
    """``n`` generated synthetic cases, validated like any import."""
    from cases.generator import generate_cases

    generated = generate_cases(n, seed=seed, as_of=as_of)
    return validate_records([c.model_dump(mode="json") for c in generated], today=as_of)


def seed_demo(settings: Settings, *, as_of: date | None = None) -> dict[str, str]:
    """Apply the schema, give every role a demo user with a fresh token, import demo cases
    when the store is empty. Returns role -> token (print them; they are not stored)."""
    if not settings.is_demo:
        raise NotDemoModeError("demo users are only created in demo mode (TRIAGE_MODE=demo)")
    as_of = as_of or date.today()
    db = Database(
        settings.sqlalchemy_url,
        connect_timeout=settings.db_connect_timeout,
        audit_key=settings.audit_key_in_force(),
        create=True,
    )
    try:
        migrate.upgrade(db.engine)
        tokens: dict[str, str] = {}
        with db.write() as session:
            for role in Role:
                name = f"demo-{role.value}"
                user = user_service.get_by_name(db_session=session, name=name)
                if user is None:
                    regions = list(DEMO_REGIONS.get(role, ())) if role in REGIONAL_ROLES else None
                    _, token = user_service.create(
                        db_session=session, name=name, role=role.value, regions=regions, actor=ACTOR
                    )
                else:
                    token = user_service.rotate_token(db_session=session, user=user, actor=ACTOR)
                tokens[role.value] = token
        with db.read() as session:
            stored = session.scalar(select(func.count()).select_from(CaseRecord)) or 0
        if stored == 0 and settings.demo_cases > 0:
            cases = demo_cases(settings.demo_cases, settings.demo_seed, as_of)
            with db.write() as session:
                case_service.import_cases(
                    db_session=session,
                    cases=cases,
                    actor=ACTOR,
                    regions=REGIONS,
                    source=DEMO_SOURCE,
                    as_of=as_of,
                )
                backdate_demo_import(
                    session,
                    [c.region for c in cases],
                    [c.case_id for c in cases],
                    [c.received_on for c in cases],
                )
        if settings.demo_decisions > 0:
            record_simulated_decisions(db, settings, as_of=as_of, n=settings.demo_decisions)
        return tokens
    finally:
        db.dispose()


def delivery_times(received: Sequence[date], now: datetime) -> list[datetime]:
    """When each synthetic case counts as imported (demo only): the Monday 06:00 UTC after the
    week (Monday to Sunday) it was received in - the weekly delivery - or ``now`` if that
    delivery has not happened yet."""
    out = []
    for day in received:
        monday = day + timedelta(days=7 - (day.weekday() - DELIVERY_WEEKDAY) % 7)
        out.append(min(datetime.combine(monday, DELIVERY_TIME), now))
    return out


def backdate_demo_import(
    session: Session,
    regions: Sequence[str],
    case_ids: Sequence[str],
    received: Sequence[date],
) -> None:
    """Record the demo's just imported synthetic cases (``regions`` and ``case_ids``,
    received on ``received``) as delivered weekly (:func:`delivery_times`). **Demo and
    benchmarks only**: never called for a real import."""
    from service.db.base import utcnow

    when = delivery_times(received, utcnow())
    by_case = dict(zip(zip(regions, case_ids, strict=True), when, strict=True))
    ids = [
        (i, (r, c))
        for i, r, c in session.execute(
            select(CaseVersion.id, CaseVersion.region, CaseVersion.case_id).where(
                CaseVersion.version == 1
            )
        )
        if (r, c) in by_case
    ]
    session.execute(update(CaseVersion), [{"id": i, "imported_at": by_case[k]} for i, k in ids])
    session.execute(
        update(CaseRecord),
        [
            {"region": r, "case_id": c, "first_imported_at": w, "updated_at": w}
            for (r, c), w in by_case.items()
        ],
    )


def record_simulated_decisions(db: Database, settings: Settings, *, as_of: date, n: int) -> int:
    """Up to ``n`` decisions of the rule set's simulated caseworker at ``as_of``, recorded like
    a person's; only on a database without decisions and only when the rule set declares a
    simulated caseworker (``model.simulation``). Returns how many were recorded."""
    from models.history import decision_probability
    from service.decisions import service as decision_service
    from service.decisions.models import Decision, DecisionCreate, DecisionKind
    from service.model_runtime import load_model_runtime
    from service.queue import service as queue_service
    from service.queue.caseload import CaseloadCache
    from service.rulesets.active import get_active_ruleset

    with db.read() as session:
        if session.scalar(select(func.count()).select_from(Decision)):
            return 0
        ruleset = get_active_ruleset(session, name=settings.ruleset)
    if not ruleset.model.simulation:
        return 0
    caseloads = CaseloadCache()
    caseload = caseloads.get(db)
    if len(caseload) == 0:
        return 0
    probability = decision_probability(
        caseload.frames,
        ruleset,
        as_of,
        seed=settings.demo_seed,
        evaluation=caseload.evaluation(ruleset, as_of),
    )
    model = load_model_runtime(settings, ruleset=ruleset)
    model_uri = model.uri if model.available else None
    rng = np.random.default_rng([settings.demo_seed, 17])
    regions = sorted({str(r) for r in caseload.regions.tolist()})
    per_region = -(-n // len(regions))
    recorded = 0
    for region in regions:
        view = queue_service.build_view(
            caseload=caseload, ruleset=ruleset, as_of=as_of, regions=(region,)
        )
        waiting = [int(p) for p in view.positions[: per_region * 2]]
        for _ in range(min(per_region, n - recorded)):
            if not waiting:
                break
            step = 0
            if len(waiting) > 6 and rng.random() < JUMP_AHEAD:
                step = int(rng.integers(5, min(40, len(waiting))))
            row = waiting.pop(step)
            if rng.random() < probability[row]:
                kind = DecisionKind(rng.choice(TAKE_UP))
            else:
                kind = DecisionKind(rng.choice(HOLD_BACK, p=[0.45, 0.4, 0.15]))
            with db.read() as session:
                record = session.get(
                    CaseRecord, (str(caseload.regions[row]), str(caseload.case_ids[row]))
                )
            assert record is not None
            pos = decision_service.position(
                db=db, caseloads=caseloads, ruleset=ruleset, record=record, as_of=as_of
            )
            decision_service.create(
                db=db,
                record=record,
                pos=pos,
                body=DecisionCreate(
                    kind=kind, reason=text(f"gdpr.sim.reason.{kind.value}", "de"), as_of=as_of
                ),
                as_of=as_of,
                ruleset=ruleset,
                actor=SIMULATED_CASEWORKER,
                model_uri=model_uri,
            )
            recorded += 1
    return recorded
