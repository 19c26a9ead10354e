"""``triage serve``, ``triage db upgrade|current|runtime-grants``, ``triage users …``,
``triage audit verify|checkpoint``."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from service.cli.app import app
from service.cli.credentials import TokenOption, acting_user
from service.cli.language import current, say
from service.cli.options import err, out

if TYPE_CHECKING:  # pydantic and SQLAlchemy load only when a command runs, not for its help
    from service.settings import Settings

db_app = typer.Typer(help="cli.help.db", no_args_is_help=True)
users_app = typer.Typer(help="cli.help.users", no_args_is_help=True)
audit_app = typer.Typer(help="cli.help.audit", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; a refused setting is one sentence each in the run's
    language naming the variable, what was found and what is expected (exit 1)."""
    from pydantic import ValidationError

    from service.config_errors import ConfigProblem
    from service.settings import Settings

    try:
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return Settings(**given)
    except (ValidationError, ConfigProblem) as error:
        refuse_configuration(error)


def refuse_configuration(error: BaseException) -> NoReturn:
    """Print each problem of a refused configuration as ``Fehler: …`` and exit 1."""
    from service.config_errors import messages

    for message in messages(error, current()):
        err.print(say("error", message=message), markup=False)
    raise typer.Exit(1) from None


def _check_web_settings() -> None:
    """The web UI's settings (TRIAGE_SESSION_*), refused here as the others are, not by each
    worker at its start."""
    from pydantic import ValidationError

    from service.web.config import WebSettings

    try:
        WebSettings()
    except ValidationError as error:
        refuse_configuration(error)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no passwd entry in some containers
        return "cli"


@contextmanager
def database(settings: Settings, *, create: bool = False) -> Iterator:
    """The database of the settings; errors become one readable line and exit code 1.

    A SQLite file must exist (``mode=rw``) unless ``create`` (only ``triage db upgrade``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from service.db.engine import Database

    db = Database(
        settings.sqlalchemy_url,
        connect_timeout=settings.db_connect_timeout,
        audit_key=_audit_key_or_exit(settings),
        create=create,
    )
    try:
        yield db
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        url = db.engine.url.render_as_string(hide_password=True)
        err.print(say("error", message=say("db.unreachable", url=url, reason=reason)), markup=False)
        err.print(say("hint", message=say("db.unreachable_hint")), markup=False)
        raise typer.Exit(1) from None
    finally:
        db.dispose()


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option("--host", help="cli.help.service.host")] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="cli.help.service.port", min=1, max=65535)
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, max=64, help="cli.help.service.workers")
    ] = None,
) -> None:
    """Den Dienst starten / run the API under uvicorn (settings from TRIAGE_* and DATABASE_URL)."""
    import uvicorn

    settings = load_settings(host=host, port=port, workers=workers)
    _check_web_settings()
    err.print(
        say(
            "serve.started",
            mode=say(f"serve.mode.{settings.mode}"),
            url=_safe_url(settings.sqlalchemy_url),
            host=settings.host,
            port=settings.port,
        )
    )
    # Workers re-read the environment; pass the command line values on through it.
    import os
    import secrets

    for name, value in (("TRIAGE_HOST", host), ("TRIAGE_PORT", port)):
        if value is not None:
            os.environ[name] = str(value)
    if settings.is_demo and not os.environ.get("TRIAGE_SESSION_SECRET"):
        # One demo secret for all workers of this run (a cookie signed by one worker must
        # open pages on the others); it dies with the process like the demo's sessions.
        os.environ["TRIAGE_SESSION_SECRET"] = secrets.token_urlsafe(32)
    uvicorn.run(
        "service.main:app_factory",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="warning",
        access_log=False,
        server_header=False,  # no "Server: uvicorn" (issue #14): it only helps an attacker
        # Proxy headers are applied by the app itself, from TRIAGE_TRUSTED_PROXIES only.
        proxy_headers=False,
    )


def _safe_url(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Option("--revision", help="cli.help.service.revision")] = "head",
) -> None:
    """Schema auf den neuesten Stand bringen / apply Alembic migrations."""
    from service.db import migrate

    settings = load_settings()
    with database(settings, create=True) as db:
        now = migrate.upgrade(db.engine, revision)
    out.print(
        say("db.upgraded", revision=now, url=_safe_url(settings.sqlalchemy_url)), markup=False
    )


@db_app.command("current")
def db_current() -> None:
    """Aktuelle Schema-Revision / the schema revision in force."""
    from service.db import migrate

    with database(load_settings()) as db:
        current, head = migrate.current_revision(db.engine), migrate.head_revision()
    out.print(say("db.current", revision=current or say("db.empty"), head=head), markup=False)
    if current != head:
        raise typer.Exit(1)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Option("--name", help="cli.help.service.name")],
    role: Annotated[str, typer.Option("--role", help="cli.help.service.role")],
    token: TokenOption = None,
    regions: Annotated[
        str | None,
        typer.Option(
            "--regions",
            help="cli.help.service.regions",
            metavar="a,b",
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="cli.help.service.reason")] = None,
    bootstrap: Annotated[
        bool,
        typer.Option(
            "--bootstrap",
            help="cli.help.service.bootstrap",
        ),
    ] = False,
) -> None:
    """Benutzer anlegen (als Admin, --token); das Token steht allein in der letzten Zeile.

    Create a user as an admin (``--token``); the bearer token is printed alone on the last
    line of stdout. Accounts with role policy or admin wait for a second admin's
    ``triage users confirm`` and print no token here."""
    from service.auth import service as user_service
    from texts import text

    lang = current()
    with database(load_settings()) as db:
        try:
            if bootstrap:
                with db.write() as session:
                    if role != "admin" or not user_service.bootstrap_open(db_session=session):
                        err.print(
                            say("error", message=text("security.bootstrap_closed", lang)),
                            markup=False,
                        )
                        raise typer.Exit(1)
                    user, new_token = user_service.create(
                        db_session=session,
                        name=name,
                        role=role,
                        regions=regions,
                        actor=user_service.BOOTSTRAP,
                        reason=reason or f"bootstrap ({actor()})",
                    )
            else:
                admin = acting_user(db, token, roles=("admin",))
                pending = user_service.needs_confirmation(role)
                with db.write() as session:
                    user, new_token = user_service.create(
                        db_session=session,
                        name=name,
                        role=role,
                        regions=regions,
                        actor=admin.name,
                        pending=pending,
                        reason=reason,
                    )
            regions_shown = region_labels(user.regions) if user.regions_csv else ""
            summary = say(
                "users.created_regions" if regions_shown else "users.created",
                name=user.name,
                role=role_label(user.role),
                regions=regions_shown,
            )
        except user_service.UserError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None
    if not new_token:
        err.print(
            text("security.needs_confirmation", lang, name=name, role=role_label(role)),
            markup=False,
        )
        return
    err.print(summary + say("users.token_once"), markup=False)
    print(new_token)


@users_app.command("confirm")
def users_confirm(
    name: Annotated[str, typer.Argument(help="cli.help.service.name")],
    token: TokenOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="cli.help.service.reason")] = None,
) -> None:
    """Ein Konto (policy, admin) als zweiter Admin bestätigen; sein Token steht in der letzten
    Zeile / confirm a pending account as a second admin; its token is printed once."""
    from service.auth import service as user_service

    with database(load_settings()) as db:
        admin = acting_user(db, token, roles=("admin",))
        try:
            with db.write() as session:
                user = _named_user(session, name)
                new_token = user_service.confirm(
                    db_session=session, user=user, actor=admin, reason=reason
                )
        except user_service.UserError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None
    if not new_token:  # its token was renewed by another admin: that one works now
        from texts import text

        err.print(text("security.confirmed_rotated", current(), name=name), markup=False)
        return
    err.print(say("users.confirmed", name=name) + say("users.token_once"), markup=False)
    print(new_token)


@users_app.command("list")
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="cli.help.service.json")] = False,
) -> None:
    """Benutzer anzeigen / list users (never tokens)."""
    from service.auth import service as user_service
    from service.auth.models import UserRead
    from texts import format_date

    with database(load_settings()) as db, db.read() as session:
        rows = user_service.get_all(db_session=session)
        users = [(UserRead.model_validate(u), user_service.is_pending(u)) for u in rows]
    if as_json:  # ids and codes, for machines
        for user, _ in users:
            print(user.model_dump_json())
        return
    lang = current()
    table = [[say(f"list.users.{column}") for column in _USER_COLUMNS]]
    for user, pending in users:
        state = (
            say("users.state.revoked", day=format_date(user.revoked_at.date(), lang))
            if user.revoked_at
            else say("users.state.active")
        )
        state = say("users.state.pending") if pending else state
        regional = user.role in ("caseworker", "rrk_lead")
        regions = region_labels(user.regions) if regional else say("users.all_regions")
        table.append([str(user.id), user.name, role_label(user.role), regions, state])
    widths = [max(len(row[i]) for row in table) for i in range(len(_USER_COLUMNS) - 1)]
    for row in table:
        cells = [
            row[0].rjust(widths[0]),
            *(c.ljust(w) for c, w in zip(row[1:-1], widths[1:], strict=True)),
        ]
        out.print("  ".join([*cells, row[-1]]), markup=False)


_USER_COLUMNS = ("id", "name", "role", "regions", "state")


def role_label(role: str) -> str:
    """A role as people read it („Sachbearbeitung“, "caseworker"), its id if it has none."""
    from texts import text_or

    return text_or(f"web.roles.{role}", role, current())


def region_labels(regions: Iterable[str]) -> str:
    """District governments by name („Köln, Detmold“), codes without a name as they are."""
    from texts import text_or

    return ", ".join(text_or(f"vocab.region.{code}", code, current()) for code in regions)


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="cli.help.service.name")],
    reason: Annotated[str | None, typer.Option("--reason", help="cli.help.service.reason")] = None,
    token: TokenOption = None,
) -> None:
    """Zugang widerrufen (als Admin, --token) / revoke a user's token (the user stays in the
    audit trail); the last active admin cannot be revoked."""
    from service.auth import service as user_service

    with database(load_settings()) as db:
        admin = acting_user(db, token, roles=("admin",))
        try:
            with db.write() as session:
                user = _named_user(session, name)
                user_service.revoke(db_session=session, user=user, actor=admin.name, reason=reason)
        except user_service.UserError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None
    out.print(say("users.revoked", name=name), markup=False)


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="cli.help.service.name")],
    token: TokenOption = None,
) -> None:
    """Neues Token ausgeben (als Admin, --token; altes ungültig) / issue a new token; the old
    one stops working."""
    from service.auth import service as user_service

    with database(load_settings()) as db:
        admin = acting_user(db, token, roles=("admin",))
        try:
            with db.write() as session:
                user = _named_user(session, name)
                token = user_service.rotate_token(db_session=session, user=user, actor=admin)
                pending = user_service.is_pending(user)
                excluded = ", ".join(sorted(user_service.may_not_confirm(user)))
                role = user.role
        except user_service.UserError as error:
            err.print(say("error", message=error.text(current())), markup=False)
            raise typer.Exit(1) from None
    if pending:  # another admin's privileged account: it waits for a confirmation again
        from texts import text

        err.print(
            text(
                "security.rotated_pending",
                current(),
                name=name,
                role=role_label(role),
                excluded=excluded,
            ),
            markup=False,
        )
    else:
        err.print(say("users.new_token", name=name) + say("users.token_once"), markup=False)
    print(token)


def _named_user(session: Any, name: str) -> Any:
    """The account called ``name``, or exit 1 naming it."""
    from service.auth import service as user_service

    user = user_service.get_by_name(db_session=session, name=name)
    if user is None:
        err.print(say("error", message=say("users.unknown", name=name)), markup=False)
        raise typer.Exit(1)
    return user


def _audit_key_or_exit(settings: Settings) -> Any:
    from service.audit.keys import AuditKeyError

    try:
        return settings.audit_key_in_force()
    except AuditKeyError as error:
        refuse_configuration(error)


@audit_app.command("verify")
def audit_verify(
    as_json: Annotated[bool, typer.Option("--json", help="cli.help.service.verify_json")] = False,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="cli.help.service.checkpoint",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Hash-Kette, HMACs und Kontrollpunkte prüfen / verify the chain, its HMACs and checkpoints:
    exit 0 when intact (erased entries are reported as tombstones), 1 naming the first bad entry."""
    from service.audit import chain
    from texts import plural
    from texts import text as catalogue_text

    lang = current()

    def text(key: str, **values: object) -> str:
        return catalogue_text(key, lang, **values)

    settings = load_settings()
    checkpoints = []
    for path in checkpoint or []:
        try:
            checkpoints.append(chain.Checkpoint.parse(path.read_text(encoding="utf-8"), str(path)))
        except (OSError, ValueError) as error:
            err.print(text("retention.audit.checkpoint_unreadable", path=path, error=error))
            raise typer.Exit(2) from None
    with database(settings) as db, db.read() as session:
        result = chain.verify(session, key=db.audit_key, checkpoints=checkpoints, lang=lang)
    if as_json:
        print(json.dumps(result.__dict__))
    elif result.ok:
        lines = [text("retention.audit.ok", n=result.entries)]
        if result.tombstones:
            seqs = ", #".join(str(s) for s in result.erased[:20])
            lines.append(plural("retention.audit.tombstones", result.tombstones, lang, seqs=seqs))
        if result.redacted:
            lines.append(plural("retention.audit.redacted", result.redacted, lang))
        if result.unsigned:
            lines.append(plural("retention.audit.unsigned", result.unsigned, lang))
        if not result.macs_checked:
            lines.append(text("retention.audit.macs_unchecked"))
        elif result.unsigned:  # never "every entry" when some carry no HMAC
            lines.append(
                text("retention.audit.macs_partly", signed=result.signed, n=result.unsigned)
            )
        else:
            lines.append(text("retention.audit.macs_checked"))
        if len(result.keys) > 1:
            used = ", ".join(f"{key_id} ({n})" for key_id, n in result.keys.items())
            lines.append(text("hardening.audit_keys_used", keys=used))
        if result.checkpoints:
            lines.append(plural("retention.audit.checkpoints", result.checkpoints, lang))
        lines.append(text("retention.audit.head", seq=result.entries, hash=result.head_hash))
        out.print("\n".join(lines), markup=False)
    elif result.first_bad is not None:
        err.print(
            text("retention.audit.broken", seq=result.first_bad, message=result.message),
            markup=False,
        )
    else:
        err.print(text("retention.audit.broken_nowhere", message=result.message), markup=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("keys")
def audit_keys_command() -> None:
    """Schlüssel-IDs: in Kraft, ausgemustert, und welche die Kette nutzt / the ids of the audit
    key in force and the retired ones, and which ids the chain's entries carry (no secrets)."""
    from sqlalchemy import func, select

    from service.audit.models import AuditEntry
    from service.cli.language import text

    settings = load_settings()
    key = _audit_key_or_exit(settings)
    with database(settings) as db, db.read() as session:
        used = session.execute(
            select(
                AuditEntry.key_id,
                func.count(),
                func.min(AuditEntry.seq),
                func.max(AuditEntry.seq),
            )
            .group_by(AuditEntry.key_id)
            .order_by(func.min(AuditEntry.seq))
        ).all()
    lines = [text("hardening.audit_key_current", key_id=key.key_id, source=key.source)]
    lines += [
        text("hardening.audit_key_retired", key_id=old.key_id, source=old.source)
        for old in key.retired
    ]
    for key_id, n, first, last in used:
        known = key.for_id(key_id) is not None
        state = "audit_key_in_chain" if known else "audit_key_in_chain_unknown"
        lines.append(text(f"hardening.{state}", key_id=key_id or "–", n=n, first=first, last=last))
    out.print("\n".join(lines), markup=False)
    if any(key.for_id(key_id) is None for key_id, *_ in used if key_id is not None):
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out_file: Annotated[
        Path,
        typer.Option("--out", help="cli.help.service.checkpoint_out", metavar="FILE"),
    ],
) -> None:
    """Signierten Kopf der Kette in eine Datei schreiben (für WORM-Speicher) / write the signed
    head of the chain to a new file for write-once storage; never overwrites."""
    from service.audit import chain
    from texts import text

    lang = current()
    if out_file.exists():
        err.print(text("retention.audit.checkpoint_exists", lang, path=out_file), markup=False)
        raise typer.Exit(1)
    settings = load_settings()
    key = _audit_key_or_exit(settings)
    with database(settings) as db, db.write() as session:
        chain.append(
            session,
            actor=actor(),
            action="audit.checkpoint",
            target="audit",
            details={"file": out_file.name},
        )
        point = chain.make_checkpoint(session, key)
    try:
        with out_file.open("x", encoding="utf-8") as handle:
            handle.write(point.to_json())
    except OSError as error:
        err.print(say("error", message=f"{out_file}: {error.strerror or error}"), markup=False)
        raise typer.Exit(1) from None
    out.print(
        text(
            "retention.audit.checkpoint_written",
            lang,
            path=out_file,
            seq=point.seq,
            hash=point.hash,
        ),
        markup=False,
    )


@db_app.command("scrub")
def db_scrub() -> None:
    """Gelöschte Zeilen physisch entfernen (als Eigentümerrolle) / remove deleted rows from the
    database files: VACUUM FULL of every table (PostgreSQL, run with the owner's DATABASE_URL)
    or a WAL checkpoint (SQLite). Exit 1 when this role owns not every table."""
    from service.erasure.scrub import scrub

    with database(load_settings()) as db:
        done = scrub(db, None)
    if db.dialect == "sqlite":
        key = "db.scrubbed_sqlite" if done.wal_truncated else "db.scrub_busy"
        out.print(say(key), markup=False)
        if not done.wal_truncated:
            raise typer.Exit(1)
        return
    if done.tables:
        out.print(say("db.scrubbed", tables=", ".join(done.tables)), markup=False)
    if done.pending:
        from service.cli.language import text

        err.print(
            text("retention.erase.scrub_pending", tables=", ".join(done.pending)), markup=False
        )
        raise typer.Exit(1)


@db_app.command("runtime-grants")
def db_runtime_grants(
    role: Annotated[str, typer.Argument(help="cli.help.service.runtime_role")],
    owner: Annotated[str, typer.Option("--owner", help="cli.help.service.owner")] = "triage_owner",
) -> None:
    """SQL für die PostgreSQL-Laufzeitrolle ausgeben / print the SQL that lets the runtime role
    read and write but never own the tables (it cannot drop or disable the audit triggers)."""
    from service.db import roles

    try:
        statements = roles.runtime_grants(role, owner=owner)
    except ValueError as error:
        err.print(say("error", message=str(error)), markup=False)
        raise typer.Exit(2) from None
    print(";\n".join(statements) + ";")
