"""``triage demo``: the whole product on the embedded default, ready to log in to.

Steps: a local MLflow store (``sqlite:///var/mlflow.db``) with the points model trained and
registered (skipped when a champion is there already, or with ``--no-train``; a failure only
means the queue runs on the rules alone), the SQLite database ``var/triage-demo.db`` with its
schema, one demo user per role (plus a second policy user for the four-eyes rule) with fresh
tokens, generated synthetic cases, the top of the queue, and at the end the URL and the token of
each role. Then it serves the API and the web UI until Ctrl+C (unless ``--no-serve``).
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.app import app
from service.cli.language import current, format_date, say
from service.cli.options import err, out
from service.cli.service_commands import load_settings
from texts import text

if TYPE_CHECKING:  # pydantic settings load when the demo runs, not for its help
    from service.settings import Settings

VAR = Path("var")
MLFLOW_URI = "sqlite:///var/mlflow.db"
SECOND_POLICY_USER = "demo-policy-2"
TRAIN_CASES = 5000

#: Each demo user and the catalogue key of who they are (the order of the printed list).
ROLE_LABELS: dict[str, str] = {
    "rrk_lead": "demo.who.rrk_lead",
    "caseworker": "demo.who.caseworker",
    "policy": "demo.who.policy",
    SECOND_POLICY_USER: "demo.who.policy2",
    "auditor": "demo.who.auditor",
    "admin": "demo.who.admin",
}


def _train(settings: Settings) -> None:
    """Train and register the points model unless a usable champion exists already."""
    from service.model_runtime import load_model_runtime

    probe_log = logging.getLogger("service.model_runtime")
    level = probe_log.level
    probe_log.setLevel(logging.ERROR)  # "no model yet" is expected here, not a warning
    try:
        available = load_model_runtime(settings).available
    finally:
        probe_log.setLevel(level)
    if available:
        err.print(say("demo.model_kept"), markup=False)
        return
    try:
        from models.training import TrainingConfig, train
    except ImportError:
        err.print(say("demo.model_no_training"), markup=False)
        return
    err.print(say("demo.model_training", n=TRAIN_CASES, uri=MLFLOW_URI), markup=False)
    try:
        result = train(
            TrainingConfig(
                n=TRAIN_CASES,
                tracking_uri=MLFLOW_URI,
                artifact_location=(VAR / "mlartifacts").resolve().as_uri(),
            ),
            lang=current(),
        )
    except Exception as error:  # the demo runs on the rules alone rather than not at all
        reason = f"{type(error).__name__}: {error}"
        err.print(say("demo.model_failed", reason=reason), markup=False)
        return
    if result.promoted:
        err.print(say("demo.model_registered", version=result.model_version), markup=False)
    else:
        failed = ", ".join(g.name for g in result.failed_gates) or "?"
        message = say("demo.model_not_promoted", version=result.model_version, gates=failed)
        err.print(message, markup=False)


def demo_audit_key(settings: Settings) -> None:
    """The demo's local audit key, generated on first use and announced in the run's language
    (unless TRIAGE_AUDIT_KEY or TRIAGE_AUDIT_KEY_FILE names one)."""
    from service.audit.keys import local_demo_key

    def announce(path: Path) -> None:
        err.print(text("config.demo_key_generated", current(), path=path), markup=False)

    if settings.audit_key is None and settings.audit_key_file is None:
        local_demo_key(settings.demo_audit_key_file, announce)


def _second_policy_user(settings: Settings) -> str:
    """A second policy user (drafts need someone else to approve them): a fresh token."""
    from service.auth import service as user_service
    from service.db.engine import Database
    from service.demo import ACTOR

    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.write() as session:
            user = user_service.get_by_name(db_session=session, name=SECOND_POLICY_USER)
            if user is None:
                _, token = user_service.create(
                    db_session=session,
                    name=SECOND_POLICY_USER,
                    role="policy",
                    regions=None,
                    actor=ACTOR,
                )
            else:
                token = user_service.rotate_token(db_session=session, user=user, actor=ACTOR)
        return token
    finally:
        db.dispose()


def _print_top(settings: Settings, limit: int = 10) -> None:
    """The first cases of the statewide queue (this is the operator's console, not a user)."""
    from rules.labels import label
    from service.audit import service as audit_service
    from service.db.engine import Database
    from service.demo import ACTOR
    from service.queue import service as queue_service
    from service.queue.caseload import CaseloadCache
    from service.rulesets.active import get_active_ruleset, ruleset_key

    db = Database(settings.sqlalchemy_url, audit_key=settings.audit_key_in_force())
    try:
        with db.read() as session:
            ruleset = get_active_ruleset(session, name=settings.ruleset)
        caseload = CaseloadCache().get(db)
        today = date.today()
        view = queue_service.build_view(
            caseload=caseload,
            ruleset=ruleset,
            as_of=today,
            regions=tuple(set(caseload.regions.tolist())),
        )
        key = ruleset_key(ruleset)
        top = view.positions[:limit]
        shown = [str(caseload.case_ids[p]) for p in top]
        audit_service.record(
            db,
            actor=ACTOR,
            action="queue.read",
            target="queue",
            details={
                "as_of": today.isoformat(),
                "total": view.total,
                "cases": shown,
                "regions": sorted({str(caseload.regions[p]) for p in top}),
                "via": "triage demo",
            },
        )
        heading = say(
            "demo.queue",
            day=format_date(today),
            label=ruleset.label,
            n=view.total,
            shown=min(limit, view.total),
        )
        out.print("\n" + heading, markup=False)
        for rank, position in enumerate(view.positions[:limit], start=1):
            p = int(position)
            tier = str(queue_service.tier_ids(view.current, view.positions[rank - 1 : rank])[0])
            criteria = queue_service.fired(view.current, "criteria", p)
            blockers = queue_service.fired(view.current, "blockers", p)
            out.print(
                f"  {rank:>2}. {caseload.case_ids[p]:<11} "
                f"{label('region', str(caseload.regions[p]), current()):<11} "
                f"{ruleset.tier(tier).label.get(current()):<22} "
                f"{int(view.current.score[p]):>4}  "
                f"{queue_service.reason(ruleset, key, tier, criteria, blockers)}",
                markup=False,
            )
    finally:
        db.dispose()


def _command() -> str:
    """How this program was called (``.venv/bin/triage`` from ``make demo``)."""
    called = Path(sys.argv[0])
    return str(called) if called.name == "triage" else "triage"


def _print_access(url: str, tokens: dict[str, str]) -> None:
    out.print("\n" + say("demo.aid"), markup=False)
    out.print("\n" + say("demo.url", url=url), markup=False)
    out.print(say("demo.tokens"), markup=False)
    for key, who_key in ROLE_LABELS.items():
        who = say(who_key)
        if key in tokens:
            out.print(f"  {who:<58} {tokens[key]}", markup=False)


def port_problem(host: str, port: int) -> str | None:
    """Why the demo cannot listen on ``host:port`` (one German sentence with the fix), or
    ``None`` when it can. Asked before anything is built; binds the way uvicorn does."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return text("console.demo.bad_host", current(), host=host)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            key = "port_busy" if error.errno == errno.EADDRINUSE else "port_refused"
            other = 8123 if port != 8123 else 8124
            return text(f"console.demo.{key}", current(), host=host, port=port, other=other)
    return None


@app.command("demo")
def demo(
    host: Annotated[
        str, typer.Option("--host", envvar="TRIAGE_HOST", help="cli.help.demo.host")
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port",
            envvar="TRIAGE_PORT",
            min=1,
            max=65535,
            help="cli.help.demo.port",
        ),
    ] = 8000,
    n: Annotated[
        int,
        typer.Option(
            "--n",
            min=0,
            max=100_000,
            help="cli.help.demo.n",
        ),
    ] = 10_000,  # service.demo.DEMO_CASES (not imported here: the CLI starts lazily)
    serve: Annotated[
        bool,
        typer.Option("--serve/--no-serve", help="cli.help.demo.serve"),
    ] = True,
    train_model: Annotated[
        bool,
        typer.Option(
            "--train/--no-train",
            help="cli.help.demo.train",
        ),
    ] = True,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="cli.help.demo.fresh"),
    ] = False,
) -> None:
    """Demo aufbauen und starten: SQLite, Demo-Benutzer, synthetische Fälle, Web-Oberfläche.

    Zum Schluss stehen die Adresse und ein Zugangstoken je Rolle da. Ist der Port belegt,
    sagt das der erste Satz, bevor etwas aufgebaut wird.
    """
    if serve and (problem := port_problem(host, port)):
        err.print(problem, markup=False)
        raise typer.Exit(1)
    os.environ.setdefault("MLFLOW_TRACKING_URI", MLFLOW_URI)
    settings = load_settings(
        mode="demo",
        host=host,
        port=port,
        demo_cases=n,
        mlflow_tracking_uri=os.environ["MLFLOW_TRACKING_URI"],
        log_level=os.environ.get("TRIAGE_LOG_LEVEL", "WARNING"),
    )
    VAR.mkdir(exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.sqlite_path}{suffix}").unlink(missing_ok=True)
    demo_audit_key(settings)
    if train_model and settings.model_uri:
        _train(settings)
    from service.demo import seed_demo

    err.print(say("demo.database", path=settings.sqlite_path, n=n), markup=False)
    tokens = seed_demo(settings)
    tokens[SECOND_POLICY_USER] = _second_policy_user(settings)
    _print_top(settings)
    url = f"http://{host}:{port}/"
    _print_access(url, tokens)
    if not serve:
        later = (
            f"TRIAGE_MODE=demo MLFLOW_TRACKING_URI={os.environ['MLFLOW_TRACKING_URI']} "
            f"{_command()} serve --port {port}"
        )
        out.print("\n" + say("demo.no_serve", command=later), markup=False)
        return
    import uvicorn

    from service.main import create_app

    out.print("\n" + say("demo.stop"), markup=False)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
