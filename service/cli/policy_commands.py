"""``triage policy``: rule set versions on the service database, with four eyes.

An operator tool on the server: each change acts as the user whose own token it is given
(``--token`` or ``TRIAGE_TOKEN``, checked as on the API; issue #14), and the same service
functions as the API decide, so four eyes hold identically (the author may not
approve, nothing unapproved is activated, only policy users draft, approve and activate). The
audit entry names that user as the actor and ``cli:<os user>`` as the channel.

Exit codes: 0 done; 1 refused (bad parameter value with its allowed range, unknown version or
user, four eyes, wrong state, database unreachable); 2 wrong usage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from service.cli.app import app
from service.cli.credentials import TokenOption, acting_user, audit_denied, session_user
from service.cli.language import BadValue, current, say
from service.cli.options import AsOf, as_date, err, out, parse_date, user_errors, with_status
from service.cli.service_commands import actor, database, load_settings
from texts import format_date, text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from service.auth.models import User
    from service.rulesets.models import RulesetVersion

policy_app = typer.Typer(
    help="cli.help.policy",
    no_args_is_help=True,
)
app.add_typer(policy_app, name="policy")

RefArgument = Annotated[
    str,
    typer.Argument(
        help="cli.help.policy.version",
        metavar="VERSION",
    ),
]
ReasonOption = Annotated[
    str,
    typer.Option("--reason", help="cli.help.policy.reason"),
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


@contextmanager
def _refusals() -> Iterator[None]:
    """The service's refusals as one line on stderr and exit code 1."""
    from service.rulesets.models import RulesetServiceError

    with user_errors():
        try:
            yield
        except RulesetServiceError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None


@contextmanager
def _denials_audited(db: Any, user: Any, command: str) -> Iterator[None]:
    """A step the user's role may not take is audited (``access.denied``, target ``cli``)
    after its transaction was rolled back, then refused as before (issue #14, item 12)."""
    from service.rulesets.models import NotAllowedError

    try:
        yield
    except NotAllowedError as error:
        audit_denied(db, user, refused=type(error).__name__, command=f"policy {command}")
        raise


def _reason(value: str) -> str:
    from service.rulesets.models import ReasonBody

    try:
        return ReasonBody(reason=value).reason
    except ValueError:
        raise BadValue(say("policy.bad_reason"), param_hint="'--reason'") from None


#: The rule set of each version read in this run, for naming its parameters and criteria.
_RULESETS: dict[int, Any] = {}


def _parameter(ruleset: Any, name: str, value: Any) -> str:
    from rules.wording import parameter_value

    if ruleset is None or name not in ruleset.parameters:
        return str(value)
    return parameter_value(ruleset, name, value, current())


def _changes(changed: dict[str, Any], ruleset: Any = None) -> str:
    lang = current()
    parameters = ruleset.parameters if ruleset is not None else {}
    parts = [
        say(
            "policy.changed_parameter",
            name=parameters[name].description.get(lang) if name in parameters else name,
            before=_parameter(ruleset, name, c["base"]),
            after=_parameter(ruleset, name, c["draft"]),
        )
        for name, c in changed.get("parameters", {}).items()
    ]
    rules = {rule.id: rule for rule in ruleset.criteria} if ruleset is not None else {}
    parts += [
        say(
            "policy.changed_points",
            name=rules[rule].title.get(lang) if rule in rules else rule,
            before=c["base"],
            after=c["draft"],
        )
        for rule, c in changed.get("criteria", {}).items()
    ]
    if changed.get("document"):
        parts.append(say("policy.changed_document"))
    return ", ".join(parts) or text("console.policy.no_change", current())


def _cells(read: Any) -> list[str]:
    """A version's row: number, version, state, author, changes."""
    lang = current()
    state = say(f"policy.status.{read.status.value}")
    if read.effective_from and read.status in ("active", "scheduled"):
        state = say("policy.status_from", status=state, day=format_date(read.effective_from, lang))
    changes = _changes(read.changed, _RULESETS.get(read.id))
    return [str(read.id), read.ref, state, read.author, changes]


def _line(read: Any, widths: tuple[int, ...] = (4, 28, 22, 16)) -> str:
    return _row(_cells(read), widths)


def _row(cells: list[str], widths: tuple[int, ...]) -> str:
    """The number right-aligned, the middle columns padded to ``widths``, the changes last."""
    number, *middle, last = cells
    padded = [
        number.rjust(widths[0]),
        *(c.ljust(w) for c, w in zip(middle, widths[1:], strict=True)),
    ]
    return f"{padded[0]}  {' '.join(padded[1:])} {last}"


#: The columns of ``triage policy list`` (headings ``cli.list.policy.*``).
_POLICY_COLUMNS = ("id", "version", "state", "author", "changes")


def _read(db: Any, version_id: int, detail: bool = False) -> Any:
    from service.rulesets import service as ruleset_service
    from texts import shown

    with db.read() as session:
        version = ruleset_service.get_or_raise(db_session=session, ref=version_id)
        in_force = ruleset_service.in_force(db_session=session, name=version.name)
        read = ruleset_service.to_read(
            version=version, detail=detail, in_force_id=in_force.id if in_force else None
        )
        try:
            _RULESETS[version.id] = ruleset_service.load(version=version)
        except Exception:  # a version that does not load is still listed, with ids
            _RULESETS.pop(version.id, None)
        # The service's own reasons are stored as codes: say them in the run's language.
        reasons = {
            column: shown(getattr(version, column), current())
            for column in ruleset_service.REASON_COLUMNS
            if getattr(version, column, None)
        }
    return read.model_copy(update=reasons)


@policy_app.command("list")
def policy_list(
    name: Annotated[str | None, typer.Option("--name", help="cli.help.policy.name")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="cli.help.policy.json")] = False,
) -> None:
    """Gespeicherte Versionen, neueste zuerst / stored versions, newest first."""
    from service.rulesets import service as ruleset_service

    settings = load_settings()
    with database(settings) as db:
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        with db.read() as session:
            ids = [v.id for v in ruleset_service.get_all(db_session=session, name=name)]
        reads = [_read(db, i) for i in ids]
    if as_json:  # ids and codes, for machines
        for read in reads:
            print(read.model_dump_json())
        return
    table = [[say(f"list.policy.{column}") for column in _POLICY_COLUMNS]]
    table += [_cells(read) for read in reads]
    widths = tuple(
        max(minimum, *(len(row[i]) for row in table)) for i, minimum in enumerate((4, 28, 22, 16))
    )
    for row in table:
        out.print(_row(row, widths), markup=False)


@policy_app.command("show")
def policy_show(
    ref: RefArgument,
    as_json: Annotated[bool, typer.Option("--json", help="cli.help.policy.show_json")] = False,
) -> None:
    """Eine Version mit Begründungen / one version with who, when and why."""
    from service.rulesets import service as ruleset_service

    settings = load_settings()
    with database(settings) as db, _refusals():
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        with db.read() as session:
            version_id = ruleset_service.get_or_raise(db_session=session, ref=ref).id
        read = _read(db, version_id, detail=as_json)
    if as_json:
        print(read.model_dump_json(indent=2))
        return
    out.print(_line(read), markup=False)
    steps = (
        ("drafted", read.created_at, read.author, read.reason),
        ("approved", read.approved_at, read.approved_by, read.approval_reason),
        ("activated", read.activated_at, read.activated_by, read.activation_reason),
        ("retired", read.retired_at, None, None),
    )
    for step, when, who, why in steps:
        if when is None or (step != "retired" and not who):
            continue
        line = say(f"policy.step.{step}", when=_when(when), who=who or "", why=why or "")
        out.print(f"  {line}", markup=False)


def _when(moment: Any) -> str:
    return f"{format_date(moment.date(), current())} {moment:%H:%M}"


@policy_app.command("draft")
def policy_draft(
    reason: ReasonOption,
    token: TokenOption = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="cli.help.policy.base",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="NAME=VALUE", help="cli.help.policy.set"),
    ] = None,
    points: Annotated[
        list[str] | None,
        typer.Option("--points", metavar="CRITERION=N", help="cli.help.policy.points"),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="cli.help.policy.file",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            "--scenarios",
            help="cli.help.policy.scenarios",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Entwurf anlegen: Parameter einer Version ändern oder ein ganzes Regelwerk (--file)."""
    from rules.parameters import parse_assignments
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    if file is None and base is None:
        raise BadValue(say("policy.base_or_file"), param_hint="'--base'")
    if file is not None and (set_ or points):
        raise BadValue(say("policy.file_alone"), param_hint="'--file'")
    criteria: dict[str, Any] = {}
    for item in points or []:
        rule, _, value = item.partition("=")
        if not value.strip().lstrip("-").isdigit():
            raise BadValue(say("policy.bad_points", item=item), param_hint="'--points'")
        criteria[rule.strip()] = int(value)
    settings = load_settings()
    with database(settings) as db, _refusals():
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        me = acting_user(db, token)
        with _denials_audited(db, me, "draft"), db.write() as session:
            acting = session_user(session, me)
            if file is not None:
                draft_id = _draft_document(session, file, scenarios, base, reason, acting)
            else:
                assert base is not None
                base_version = ruleset_service.get_or_raise(db_session=session, ref=base)
                values = parse_assignments(set_ or [], ruleset_service.load(version=base_version))
                draft_id = ruleset_service.create(
                    db_session=session,
                    base=base,
                    parameters=values,
                    criteria=criteria,
                    reason=reason,
                    user=acting,
                    via=actor(),
                ).id
        read = _read(db, draft_id)
    changes = _changes(read.changed, _RULESETS.get(read.id))
    err.print(say("policy.drafted", label=read.label, changes=changes), markup=False)
    print(read.id)


def _draft_document(
    session: Any, file: Path, scenarios: Path | None, base: str | None, reason: str, acting: Any
) -> int:
    from rules.scenarios import scenarios_path
    from service.rulesets import authoring

    beside = scenarios_path(file)
    scenario_file = scenarios or (beside if beside.is_file() else None)
    try:
        text = file.read_text(encoding="utf-8")
        scenario_text = scenario_file.read_text(encoding="utf-8") if scenario_file else None
    except (OSError, UnicodeDecodeError) as error:
        err.print(say("error", message=str(error)), markup=False)
        raise typer.Exit(1) from None
    draft = authoring.create_document(
        db_session=session,
        text=text,
        scenarios=scenario_text,
        reason=reason,
        base=base,
        user=acting,
        via=actor(),
        source=file.name,
        scenarios_source=scenario_file.name if scenario_file else say("policy.scenarios"),
    )
    return int(draft.id)


def _step(
    token: str | None, step: Callable[[Session, User], RulesetVersion], command: str
) -> tuple[RulesetVersion, str]:
    """One workflow step as the token's user, in one write transaction, refusals said in
    words: the version it left (readable after the transaction) and the name of who acted."""
    settings = load_settings()
    with database(settings) as db, _refusals():
        me = acting_user(db, token)
        with _denials_audited(db, me, command), db.write() as session:
            return step(session, session_user(session, me)), me.name


@policy_app.command("approve")
def policy_approve(
    ref: RefArgument,
    reason: ReasonOption,
    token: TokenOption = None,
    scenarios_reason: Annotated[
        str | None,
        typer.Option(
            "--scenarios-reason",
            help="cli.help.policy.scenarios_reason",
        ),
    ] = None,
) -> None:
    """Entwurf freigeben (nicht der eigene: Vier-Augen-Prinzip)."""
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    version, who = _step(
        token,
        lambda session, user: ruleset_service.approve(
            db_session=session,
            version_ref=ref,
            reason=reason,
            user=user,
            via=actor(),
            scenarios_reason=scenarios_reason,
        ),
        "approve",
    )
    out.print(say("policy.approved", label=version.label, who=who), markup=False)


@policy_app.command("withdraw")
def policy_withdraw(ref: RefArgument, reason: ReasonOption, token: TokenOption = None) -> None:
    """Eigenen Entwurf zurückziehen (nur die Verfasserin oder der Verfasser)."""
    _end(ref, reason, token, "withdraw")


@policy_app.command("reject")
def policy_reject(ref: RefArgument, reason: ReasonOption, token: TokenOption = None) -> None:
    """Entwurf ablehnen (eine zweite Person des Fachreferats, nicht der Verfasser)."""
    _end(ref, reason, token, "reject")


def _end(ref: str, reason: str, token: str | None, action: str) -> None:
    from policy.workflow import Action
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    version, who = _step(
        token,
        lambda session, user: ruleset_service.end_draft(
            db_session=session,
            version_ref=ref,
            reason=reason,
            user=user,
            action=Action(action),
            via=actor(),
        ),
        action,
    )
    done = "policy.withdrawn" if action == "withdraw" else "policy.rejected"
    out.print(say(done, label=version.label, who=who), markup=False)


@policy_app.command("activate")
def policy_activate(
    ref: RefArgument,
    reason: ReasonOption,
    token: TokenOption = None,
    effective: Annotated[
        str | None,
        typer.Option(
            "--effective",
            metavar="DATE",
            callback=parse_date,
            help="cli.help.policy.effective",
        ),
    ] = None,
) -> None:
    """Freigegebene Version in Kraft setzen / activate an approved version."""
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    effective_from = effective if isinstance(effective, date) else None
    version, _ = _step(
        token,
        lambda session, user: ruleset_service.activate(
            db_session=session,
            version_ref=ref,
            reason=reason,
            user=user,
            effective_from=effective_from,
            via=actor(),
        ),
        "activate",
    )
    label, day = version.label, version.effective_from
    scheduled = day is not None and day > date.today()
    out.print(
        text(
            "console.policy.scheduled" if scheduled else "console.policy.activated",
            current(),
            label=label,
            day=format_date(day or date.today(), current()),
        ),
        markup=False,
    )


@policy_app.command("simulate")
def policy_simulate(
    ref: RefArgument,
    as_of: AsOf = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="cli.help.policy.format")
    ] = OutputFormat.table,
    token: TokenOption = None,
) -> None:
    """Was-wäre-wenn auf der offenen Fallliste / what-if on the stored open caseload
    (aggregates only), against the version in force."""
    from service.queue.caseload import CaseloadCache
    from service.rulesets import service as ruleset_service

    day = as_date(as_of)
    settings = load_settings()
    with database(settings) as db, _refusals():
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        acting = acting_user(db, token, roles=[r.value for r in ruleset_service.SIMULATE_ROLES])
        who, role = acting.name, acting.role
        caseloads = CaseloadCache()
        if as_of is None and ruleset_service.gridded(role):
            # No date asked for: the latest the date grid allows (issue #14, item 4).
            day = ruleset_service.latest_simulation_date(
                db=db, caseloads=caseloads, day=day, min_cell_size=settings.min_cell_size
            )
        result = with_status(
            say("policy.simulating"),
            lambda: ruleset_service.simulate(
                db=db,
                version_ref=ref,
                as_of=day,
                caseloads=caseloads,
                actor=who,
                via=actor(),
                role=role,
                min_cell_size=settings.min_cell_size,
            ),
        )
    shown = ruleset_service.shown_to(result, role=role or "", min_cell_size=settings.min_cell_size)
    if fmt == OutputFormat.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    for part in _shown_tables(shown):
        out.print(part)


def _shown_tables(shown: dict[str, Any]) -> list[Any]:
    """The protected simulation as tables: tiers, transitions, workload per region."""
    from rich.table import Table

    from rules.labels import label
    from texts import format_number, text
    from texts import shown as shown_text

    lang = current()
    hidden = text("security.cell_hidden", lang)
    labels = shown.get("tier_labels", {})

    def cell(value: Any) -> str:
        return hidden if value is None else format_number(value, lang)

    def tier(code: str) -> str:
        return str(labels.get(code, {}).get(lang) or code)

    tiers = Table(title=say("policy.sim.tiers"))
    for column in ("tier", "before", "after", "delta"):
        tiers.add_column(say(f"policy.sim.col.{column}"))
    for code in shown["tiers"]:
        tiers.add_row(
            tier(code),
            cell(shown["baseline"][code]),
            cell(shown["proposal"][code]),
            cell(shown["delta"][code]),
        )
    moves = Table(title=say("policy.sim.transitions"))
    moves.add_column(say("policy.sim.col.move"))
    moves.add_column(say("policy.sim.col.cases"))
    for move, n in shown["transitions"].items():
        source, _, target = move.partition("->")
        moves.add_row(f"{tier(source.strip())} → {tier(target.strip())}", cell(n))
    regions = Table(title=say("policy.sim.regions"))
    for column in ("region", "before", "after", "capacity"):
        regions.add_column(say(f"policy.sim.col.{column}"))
    for region, entry in shown["by_region"].items():
        regions.add_row(
            label("region", region, lang),
            cell(entry["workload_baseline"]),
            cell(entry["workload_proposal"]),
            cell(entry["capacity"]),
        )
    notes = [say("hint", message=shown_text(note, lang)) for note in shown["notes"]]
    return [tiers, moves, regions, *notes]
