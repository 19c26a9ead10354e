"""``triage cases export|erase-request|erase-confirm|erase-list|erase-withdraw`` and
``triage retention apply``: access (GDPR Art. 15), erasure on request with four eyes (Art. 17)
and retention periods (Art. 5(1)(e)).

A case is named by its region and its id: ``--region`` names the region, and is needed where
the id is held by more than one region (the command says so and which ones)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from service.cli.app import app
from service.cli.language import current, say
from service.cli.options import err, out
from service.cli.service_commands import actor, database, load_settings

cases_app = typer.Typer(help="cli.help.cases", no_args_is_help=True)
retention_app = typer.Typer(help="cli.help.retention", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
app.add_typer(retention_app, name="retention")

Token = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="TRIAGE_TOKEN",
        help="cli.help.privacy.token",
        show_default=False,
    ),
]


RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="cli.help.privacy.region", metavar="REGION"),
]


def _check_region(region: str | None) -> str | None:
    """``--region`` if it is one of the regions (else exit 2)."""
    from cases.model import REGIONS

    if region is None or region in REGIONS:
        return region
    err.print(
        say(
            "error",
            message="--region: " + say("not_one_of", value=region, allowed=", ".join(REGIONS)),
        ),
        markup=False,
    )
    raise typer.Exit(2)


def _ambiguous(case_id: str, regions: Any) -> typer.Exit:
    """Say that ``case_id`` is held by several ``regions`` and that --region is needed; exit 1."""
    from service.cli.language import text

    message = text("privacy.case_ambiguous_cli", case_id=case_id, regions=", ".join(regions))
    err.print(say("error", message=message), markup=False)
    return typer.Exit(1)


def _named(case_id: str, region: str) -> str:
    """The case in words: its id and its region."""
    from service.cli.language import text
    from texts import has

    key = f"vocab.region.{region}"
    return text("privacy.case_named", case_id=case_id, region=text(key) if has(key) else region)


def _user(db: Any, token: str | None, roles: tuple[str, ...]) -> Any:
    """The person acting: the active user of ``token`` with one of ``roles`` (else exit 2)."""
    from service.auth import service as user_service
    from service.cli.language import text

    if not token:
        err.print(text("retention.cli.token_needed"), markup=False)
        raise typer.Exit(2)
    with db.read() as session:
        user = user_service.authenticate(db_session=session, token=token)
    if user is None:
        err.print(text("retention.cli.token_invalid"), markup=False)
        raise typer.Exit(2)
    if user.role not in roles:
        err.print(
            text("retention.cli.role_refused", role=user.role, needed=", ".join(roles)),
            markup=False,
        )
        raise typer.Exit(2)
    return user


def _reason(reason: str) -> str:
    from pydantic import ValidationError

    from service.erasure.models import ErasureRequestCreate

    try:
        return ErasureRequestCreate(reason=reason).reason
    except ValidationError as error:
        message = error.errors(include_url=False)[0]["msg"]
        err.print(say("error", message=f"--reason: {message}"), markup=False)
        raise typer.Exit(2) from None


def _rows(rows: dict[str, int]) -> str:
    from service.cli.language import text

    if not rows:
        return text("retention.erase.rows_none")
    return ", ".join(f"{table} {count}" for table, count in sorted(rows.items()))


def _erasure_errors() -> Any:
    from contextlib import contextmanager

    from service.erasure.service import ErasureAmbiguousError, ErasureError

    @contextmanager
    def guard() -> Any:
        try:
            yield
        except ErasureAmbiguousError as error:
            raise _ambiguous(error.case_id, error.regions) from None
        except ErasureError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None

    return guard()


@cases_app.command("export")
def export_case(
    case_id: Annotated[str, typer.Argument(help="cli.help.privacy.case")],
    format: Annotated[
        str,
        typer.Option("--format", help="cli.help.privacy.format"),
    ] = "json",
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="cli.help.privacy.out"),
    ] = None,
    region: RegionOption = None,
    token: Token = None,
) -> None:
    """Auskunft nach Art. 15 DSGVO: alles zu einem Fall als JSON oder druckbares Dokument
    (Admin, Revision) / everything stored about one case."""
    import json

    from service.access import export
    from service.access.render import render_html
    from service.cli.language import current, text

    if format not in ("json", "html"):
        err.print(
            say(
                "error",
                message="--format: " + say("not_one_of", value=format, allowed="json, html"),
            ),
            markup=False,
        )
        raise typer.Exit(2)
    region = _check_region(region)
    settings = load_settings()
    with database(settings) as db:
        user = _user(db, token, ("admin", "auditor"))
        try:
            with db.read() as session:
                key = export.find_case(
                    session, case_id=case_id, regions=user.regions, region=region
                )
                data = export.gather(
                    session, region=key.region, case_id=key.case_id, exported_by=user.name
                )
        except export.AmbiguousCaseError as error:
            raise _ambiguous(case_id, error.regions) from None
        except export.CaseNotFoundError:
            message = text("retention.export.not_found", case_id=case_id)
            err.print(say("error", message=message), markup=False)
            raise typer.Exit(1) from None
        export.record_export(db, actor=user.name, data=data, format=format, via="cli")
    body = (
        render_html(data, current())
        if format == "html"
        else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    )
    if out_file is None:
        print(body, end="")
        return
    out_file.write_text(body, encoding="utf-8")
    err.print(text("retention.export.written", path=out_file), markup=False)


@cases_app.command("erase-request")
def erase_request(
    case_id: Annotated[str, typer.Argument(help="cli.help.privacy.case")],
    reason: Annotated[
        str,
        typer.Option("--reason", help="cli.help.privacy.reason"),
    ],
    region: RegionOption = None,
    token: Token = None,
) -> None:
    """Löschung eines Falls beantragen (Admin; eine zweite Admin-Person bestätigt) / ask to
    erase a case; nothing is erased until a second administrator confirms."""
    from service.cli.language import text
    from service.erasure import service as erasure_service

    checked = _reason(reason)
    region = _check_region(region)
    with database(load_settings()) as db:
        user = _user(db, token, ("admin",))
        with _erasure_errors(), db.write() as session:
            row = erasure_service.request(
                session, case_id=case_id, user=user, reason=checked, region=region
            )
            request_id, named = row.id, _named(row.case_id, row.region)
    out.print(text("retention.erase.requested", request=request_id, case_id=named), markup=False)


@cases_app.command("erase-confirm")
def erase_confirm(
    request_id: Annotated[str, typer.Argument(help="cli.help.privacy.request")],
    token: Token = None,
) -> None:
    """Löschantrag bestätigen: der Fall wird jetzt gelöscht (zweite Admin-Person) / confirm:
    the case and every trace of it are erased now."""
    from service.cli.language import plural, text
    from service.erasure import service as erasure_service
    from service.erasure.scrub import after_erasure, touched

    settings = load_settings()
    with database(settings) as db:
        user = _user(db, token, ("admin",))
        with _erasure_errors(), db.write() as session:
            report = erasure_service.confirm(session, request_id=request_id, user=user)
        done = after_erasure(db, settings.erasure_scrub, touched(report.rows, audit_changed=True))
    out.print(
        text(
            "retention.erase.done",
            seq=report.audit_seq,
            rows=_rows(report.rows),
            tombstones=plural("count.entries", len(report.audit_tombstoned)),
            redacted=plural("count.entries", len(report.audit_redacted)),
        ),
        markup=False,
    )
    _scrub_pending(done)


def _scrub_pending(done: Any) -> None:
    """Say that the physical scrub is still to be done (``triage db scrub`` as the owner) when
    this role could not rewrite the tables; never let the erasure read as scrubbed then."""
    from service.cli.language import text

    if done is not None and done.pending:
        err.print(
            text("retention.erase.scrub_pending", tables=", ".join(done.pending)), markup=False
        )


@cases_app.command("erase-list")
def erase_list(token: Token = None) -> None:
    """Offene Löschanträge / pending erasure requests (admin)."""
    from service.cli.language import format_date, text
    from service.erasure import service as erasure_service

    with database(load_settings()) as db:
        _user(db, token, ("admin",))
        with db.read() as session:
            rows = erasure_service.get_pending(session)
    if not rows:
        out.print(text("retention.erase.none_pending"), markup=False)
    for row in rows:
        out.print(
            text(
                "retention.erase.pending",
                request=row.id,
                case_id=_named(row.case_id, row.region),
                by=row.requested_by,
                at=format_date(row.requested_at.date()),
                reason=row.reason,
            ),
            markup=False,
        )


@cases_app.command("erase-withdraw")
def erase_withdraw(
    request_id: Annotated[str, typer.Argument(help="cli.help.privacy.request")],
    reason: Annotated[str, typer.Option("--reason", help="cli.help.privacy.withdraw_reason")],
    token: Token = None,
) -> None:
    """Löschantrag zurücknehmen; der Fall bleibt / withdraw an erasure request."""
    from service.cli.language import text
    from service.erasure import service as erasure_service

    checked = _reason(reason)
    with database(load_settings()) as db:
        user = _user(db, token, ("admin",))
        with _erasure_errors(), db.write() as session:
            erasure_service.withdraw(session, request_id=request_id, user=user, reason=checked)
    out.print(text("retention.erase.withdrawn", request=request_id), markup=False)


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="cli.help.privacy.dry_run")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="cli.help.privacy.as_of",
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """Löscht, was nach den Aufbewahrungsfristen fällig ist, und sagt, was es getan hat /
    erase what the retention periods make due and print what was done (schedule it daily)."""
    from datetime import UTC, date, datetime, time

    from service.cli.language import format_date, plural, text
    from service.erasure import retention

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        err.print(say("error", message="--as-of: " + say("bad_date", value=as_of)), markup=False)
        raise typer.Exit(2) from None
    now = datetime.combine(day, time(), tzinfo=UTC) if day else datetime.now(UTC)
    settings = load_settings()
    periods = retention.Periods(
        closed_case_days=settings.retention_closed_case_days,
        decision_reason_days=settings.retention_decision_reason_days,
        event_days=settings.retention_event_days,
        simulation_days=settings.retention_simulation_days,
        explanation_days=settings.retention_explanation_days,
    )
    from service.erasure.scrub import after_erasure

    with database(settings) as db:
        with db.write() as session:
            report = retention.apply(
                session, periods=periods, now=now, actor=f"{actor()} (retention)", dry_run=dry_run
            )
        scrubbed = None
        if not dry_run:
            scrubbed = after_erasure(db, settings.erasure_scrub, retention.touched(report))
    dry = "_dry" if dry_run else ""

    def cutoff(days: int) -> str:
        return format_date(report.cutoff(days).date())

    lines = [text(f"retention.apply.title{dry}", date=format_date(now.date()))]
    lines.append(
        text(
            f"retention.apply.cases{dry}",
            days=plural("retention.apply.days", periods.closed_case_days),
            cutoff=cutoff(periods.closed_case_days),
            n=len(report.cases),
        )
    )
    lines.append(
        text(
            f"retention.apply.reasons{dry}",
            days=plural("retention.apply.days", periods.decision_reason_days),
            cutoff=cutoff(periods.decision_reason_days),
            n=report.decision_reasons,
        )
    )
    if report.events:
        lines.append(
            text(
                "retention.apply.events",
                days=plural("retention.apply.days", periods.event_days),
                cutoff=cutoff(periods.event_days),
                n=sum(report.events.values()),
            )
        )
    else:
        lines.append(text("retention.apply.events_none"))
    lines.append(
        text(
            "gdpr.retention.explanations",
            days=plural("retention.apply.days", periods.explanation_days),
            cutoff=cutoff(periods.explanation_days),
            n=report.explanations,
        )
    )
    lines.append(
        text(
            "retention.apply.simulations",
            days=plural("retention.apply.days", periods.simulation_days),
            cutoff=cutoff(periods.simulation_days),
            n=report.simulations,
        )
    )
    if not dry_run:
        if report.rows:
            lines.append(text("retention.apply.rows", rows=_rows(report.rows)))
        lines.append(
            text(
                "retention.apply.audit",
                tombstones=plural("count.entries", report.tombstoned),
                redacted=plural("count.entries", report.redacted),
                seqs=", #".join(str(s) for s in report.audit_seqs),
            )
        )
    out.print("\n".join(lines), markup=False)
    _scrub_pending(scrubbed)


__all__ = ["actor", "cases_app", "retention_app"]
