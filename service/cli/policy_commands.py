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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from service.cli.app import app
from service.cli.credentials import TokenOption, acting_user, session_user
from service.cli.options import AsOf, as_date, err, out, parse_date, user_errors, with_status
from service.cli.service_commands import actor, database, load_settings
from texts import format_date, text

policy_app = typer.Typer(
    help="Regelwerksversionen: Entwurf, Simulation, Freigabe (Vier-Augen), Aktivierung / "
    "rule set versions with four eyes.",
    no_args_is_help=True,
)
app.add_typer(policy_app, name="policy")

RefArgument = Annotated[
    str,
    typer.Argument(
        help="Version: id, name@version (amit-nrw-default@2) or a rule set name (in force).",
        metavar="VERSION",
    ),
]
ReasonOption = Annotated[
    str,
    typer.Option(
        "--reason", help="Begründung (Pflicht, steht im Protokoll) / why (mandatory, audited)."
    ),
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
            err.print(f"error: {error}", markup=False)
            raise typer.Exit(1) from None


def _reason(value: str) -> str:
    from service.rulesets.models import ReasonBody

    try:
        return ReasonBody(reason=value).reason
    except ValueError:
        raise typer.BadParameter(
            "a reason of at least 3 characters, without control characters, is required",
            param_hint="'--reason'",
        ) from None


def _changes(changed: dict[str, Any]) -> str:
    parts = [
        f"{name} {c['base']} → {c['draft']}" for name, c in changed.get("parameters", {}).items()
    ]
    parts += [
        f"{rule} Punkte {c['base']} → {c['draft']}"
        for rule, c in changed.get("criteria", {}).items()
    ]
    if changed.get("document"):
        parts.append("ganzes Regelwerk (Änderungen in Worten: triage rules diff)")
    return ", ".join(parts) or text("console.policy.no_change", "de")


def _line(read: Any) -> str:
    when = (
        f" ab {read.effective_from.isoformat()}"
        if read.effective_from and read.status in ("active", "scheduled")
        else ""
    )
    return (
        f"{read.id:>4}  {read.ref:<28} {read.status.value + when:<22} "
        f"{read.author:<16} {_changes(read.changed)}"
    )


def _read(db: Any, version_id: int, detail: bool = False) -> Any:
    from service.rulesets import service as ruleset_service

    with db.read() as session:
        version = ruleset_service.get_or_raise(db_session=session, ref=version_id)
        current = ruleset_service.in_force(db_session=session, name=version.name)
        return ruleset_service.to_read(
            version=version, detail=detail, in_force_id=current.id if current else None
        )


@policy_app.command("list")
def policy_list(
    name: Annotated[str | None, typer.Option("--name", help="Nur dieses Regelwerk.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False,
) -> None:
    """Gespeicherte Versionen, neueste zuerst / stored versions, newest first."""
    from service.rulesets import service as ruleset_service

    settings = load_settings()
    with database(settings) as db:
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        with db.read() as session:
            ids = [v.id for v in ruleset_service.get_all(db_session=session, name=name)]
        reads = [_read(db, i) for i in ids]
    for read in reads:
        if as_json:
            print(read.model_dump_json())
        else:
            out.print(_line(read), markup=False)


@policy_app.command("show")
def policy_show(
    ref: RefArgument,
    as_json: Annotated[
        bool, typer.Option("--json", help="mit Dokument / with the document")
    ] = False,
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
    out.print(
        f"  Entwurf    {read.created_at:%Y-%m-%d %H:%M} {read.author}: {read.reason}", markup=False
    )
    if read.approved_by:
        out.print(
            f"  Freigabe   {read.approved_at:%Y-%m-%d %H:%M} {read.approved_by}: "
            f"{read.approval_reason}",
            markup=False,
        )
    if read.activated_by:
        out.print(
            f"  Aktiviert  {read.activated_at:%Y-%m-%d %H:%M} {read.activated_by}: "
            f"{read.activation_reason}",
            markup=False,
        )
    if read.retired_at:
        out.print(f"  Abgelöst   {read.retired_at:%Y-%m-%d %H:%M}", markup=False)


@policy_app.command("draft")
def policy_draft(
    reason: ReasonOption,
    token: TokenOption = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Ausgangsversion: id, name@version oder Name (in Kraft); mit --file: "
            "Standard ist die Version in Kraft.",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="NAME=VALUE", help="Geänderter Parameter / changed parameter."
        ),
    ] = None,
    points: Annotated[
        list[str] | None,
        typer.Option("--points", metavar="CRITERION=N", help="Geänderte Punkte eines Kriteriums."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Ein ganzes Regelwerk (YAML) als Entwurf; vollständig geprüft, mit Zeilen.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            "--scenarios",
            help="Testszenarien zum Regelwerk (Standard mit --file: <Datei>.scenarios.yaml "
            "daneben, sonst die der Ausgangsversion).",
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
        raise typer.BadParameter("--base or --file is required", param_hint="'--base'")
    if file is not None and (set_ or points):
        raise typer.BadParameter(
            "--file takes a whole rule set; --set and --points change a stored version",
            param_hint="'--file'",
        )
    criteria: dict[str, Any] = {}
    for item in points or []:
        rule, _, value = item.partition("=")
        if not value.strip().lstrip("-").isdigit():
            raise typer.BadParameter(f"{item!r} is not CRITERION=N", param_hint="'--points'")
        criteria[rule.strip()] = int(value)
    settings = load_settings()
    with database(settings) as db, _refusals():
        ruleset_service.seed_configured(db=db, name=settings.ruleset)
        me = acting_user(db, token)
        with db.write() as session:
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
    err.print(
        f"Entwurf gespeichert: {read.label} ({_changes(read.changed)}); als Nächstes "
        f"simulieren, dann Freigabe durch eine zweite Person des Fachreferats",
        markup=False,
    )
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
        err.print(f"error: {error}", markup=False)
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
        scenarios_source=scenario_file.name if scenario_file else "Szenarien",
    )
    return int(draft.id)


@policy_app.command("approve")
def policy_approve(
    ref: RefArgument,
    reason: ReasonOption,
    token: TokenOption = None,
    scenarios_reason: Annotated[
        str | None,
        typer.Option(
            "--scenarios-reason",
            help="Pflicht, wenn Testszenarien fehlschlagen: warum trotzdem freigegeben wird.",
        ),
    ] = None,
) -> None:
    """Entwurf freigeben (nicht der eigene: Vier-Augen-Prinzip)."""
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    settings = load_settings()
    with database(settings) as db, _refusals():
        me = acting_user(db, token)
        with db.write() as session:
            version = ruleset_service.approve(
                db_session=session,
                version_ref=ref,
                reason=reason,
                user=session_user(session, me),
                via=actor(),
                scenarios_reason=scenarios_reason,
            )
            label = version.label
    out.print(f"freigegeben: {label} durch {me.name}", markup=False)


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
    settings = load_settings()
    with database(settings) as db, _refusals():
        me = acting_user(db, token)
        with db.write() as session:
            version = ruleset_service.end_draft(
                db_session=session,
                version_ref=ref,
                reason=reason,
                user=session_user(session, me),
                action=Action(action),
                via=actor(),
            )
            label = version.label
    done = "zurückgezogen" if action == "withdraw" else "abgelehnt"
    out.print(f"{done}: {label} durch {me.name}", markup=False)


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
            help="In Kraft ab (YYYY-MM-DD, nicht in der Vergangenheit) / effective date.",
        ),
    ] = None,
) -> None:
    """Freigegebene Version in Kraft setzen / activate an approved version."""
    from service.rulesets import service as ruleset_service

    reason = _reason(reason)
    effective_from = effective if isinstance(effective, date) else None
    settings = load_settings()
    with database(settings) as db, _refusals():
        me = acting_user(db, token)
        with db.write() as session:
            version = ruleset_service.activate(
                db_session=session,
                version_ref=ref,
                reason=reason,
                user=session_user(session, me),
                effective_from=effective_from,
                via=actor(),
            )
            label, day = version.label, version.effective_from
    scheduled = day is not None and day > date.today()
    out.print(
        text(
            "console.policy.scheduled" if scheduled else "console.policy.activated",
            "de",
            label=label,
            day=format_date(day or date.today()),
        ),
        markup=False,
    )


@policy_app.command("simulate")
def policy_simulate(
    ref: RefArgument,
    as_of: AsOf = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table oder json.")
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
        frames = ruleset_service.caseload_frames(caseload=CaseloadCache().get(db), as_of=day)
        result = with_status(
            "Simulation …",
            lambda: ruleset_service.simulate(
                db=db,
                version_ref=ref,
                frames=frames,
                as_of=day,
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

    hidden = f"< {shown['min_cell_size']}"

    def cell(value: Any) -> str:
        return hidden if value is None else str(value)

    tiers = Table(title="Fälle je Stufe / cases per tier")
    for column in ("Stufe", "vorher", "nachher", "Δ"):
        tiers.add_column(column)
    for tier in shown["tiers"]:
        tiers.add_row(
            tier,
            cell(shown["baseline"][tier]),
            cell(shown["proposal"][tier]),
            cell(shown["delta"][tier]),
        )
    moves = Table(title="Übergänge / transitions")
    moves.add_column("von → nach")
    moves.add_column("Fälle")
    for move, n in shown["transitions"].items():
        moves.add_row(move.replace("->", " → "), cell(n))
    regions = Table(title="Arbeitslast je Region / workload per region")
    for column in ("Region", "vorher", "nachher", "Kapazität"):
        regions.add_column(column)
    for region, entry in shown["by_region"].items():
        regions.add_row(
            region,
            cell(entry["workload_baseline"]),
            cell(entry["workload_proposal"]),
            cell(entry["capacity"]),
        )
    notes = [f"Hinweis: {note}" for note in shown["notes"]]
    return [tiers, moves, regions, *notes]
