"""Replay: rank with any stored version at any reference date, to re-read a past decision.

Two ways in:

* ``triage rank INPUT --rules-version REF --as-of DATE`` ranks a file with a stored version
  (:func:`load_stored_ruleset` opens the service database named in the settings);
* ``GET /api/v1/rulesets/{ref}/queue?as_of=DATE`` ranks the stored open caseload, scoped to the
  caller's regions (:func:`replay_page`).

What replay reproduces: the rule set exactly as stored, evaluated at ``as_of`` (facts dated
after ``as_of`` are not counted, cases received after it are not in the queue). What it does
not: the case records are today's current versions and today's open cases; a status field
(departure obligation, asylum, custody) is as recorded now. The decision itself stores the case
version, rank, tier and score it was taken at.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from rules import RuleSet
from rules.errors import RuleIssue, RuleSetError, expect
from service.config_errors import ConfigProblem, messages, server_lang
from service.queue import service as queue_service
from service.queue.caseload import Caseload
from service.queue.models import QueueItem
from service.rulesets import service as ruleset_service
from service.settings import Settings


def _refused(
    ref: str,
    code: str,
    expected: str | None = None,
    option: str = "--rules-version",
    **values: str,
) -> RuleSetError:
    return RuleSetError(
        [RuleIssue(option, None, ref, f"rulecheck.{code}", expected, values=values)]
    )


def load_stored_ruleset(version_id: str, *, settings: Settings | None = None) -> RuleSet:
    """The stored version ``version_id`` (id, ``name@version`` or label) from the database.

    For the command line: the database comes from the settings (``DATABASE_URL``). Every
    failure is a :class:`~rules.errors.RuleSetError` with one readable sentence (exit code 1).
    """
    return load_stored(version_id, settings=settings)[0]


def load_stored(
    version_id: str, *, settings: Settings | None = None, option: str = "--rules-version"
) -> tuple[RuleSet, str | None, str]:
    """The rule set of a stored version, its stored scenario file (text) and its ``ref``."""
    from service.db.engine import Database

    try:
        settings = settings or Settings()
        audit_key = settings.audit_key_in_force()
    except (ValidationError, ConfigProblem) as error:
        raise _refused(
            version_id,
            "stored.no_database",
            option=option,
            error=messages(error, server_lang())[0],
        ) from None
    db = Database(
        settings.sqlalchemy_url,
        connect_timeout=settings.db_connect_timeout,
        audit_key=audit_key,
    )
    try:
        with db.read() as session:
            version = ruleset_service.resolve(db_session=session, ref=version_id)
            if version is None:
                raise _refused(
                    version_id,
                    "stored.not_found",
                    expect("stored_ref"),
                    option=option,
                )
            return ruleset_service.load(version=version), version.scenarios, version.ref
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise _refused(
            version_id,
            "stored.database",
            option=option,
            url=db.engine.url.render_as_string(hide_password=True),
            error=reason,
        ) from None
    finally:
        db.dispose()


@dataclass
class ReplayPage:
    """One page of a replayed queue: items, total, and the case ids on the page (for audit)."""

    items: list[QueueItem]
    total: int
    case_ids: list[str]


def replay_page(
    *,
    caseload: Caseload,
    ruleset: RuleSet,
    as_of: date,
    regions: Collection[str],
    tiers: Sequence[str] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> ReplayPage:
    """The caller's queue at ``as_of`` ranked by ``ruleset`` (no decisions, no model points:
    those belong to the present, not to the replayed day)."""
    view = queue_service.build_view(
        caseload=caseload, ruleset=ruleset, as_of=as_of, regions=regions, tiers=tiers
    )
    items = queue_service.page_items(view=view, offset=offset, limit=limit)
    return ReplayPage(items, view.total, [item.case_id for item in items])
