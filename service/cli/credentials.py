"""The acting user of a command: their own bearer token, exactly as on the API (issue #14,
item 5).

Shell access to the database URL used to be enough to act as anyone (``--user policy1``). Now
every command that acts as a user takes that user's token (``--token`` or ``TRIAGE_TOKEN``),
checked like a bearer token: unknown and revoked tokens are refused, each failure is counted by
the shared throttle and audited (``auth.failed``, kind ``cli``), and the role decides what the
command may do. Read-only operator commands (``db``, ``users list``, ``audit verify``,
``policy list|show``) need no token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import typer

from service.cli.language import current
from service.cli.options import err
from texts import text

TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="TRIAGE_TOKEN",
        show_envvar=True,
        help="cli.help.token.token",
    ),
]


def _fail(key: str, **values: object) -> typer.Exit:
    lang = current()
    err.print(text("cli.error", lang, message=text(key, lang, **values)), markup=False)
    return typer.Exit(1)


def acting_user(db: Any, token: str | None, *, roles: Iterable[str] | None = None) -> Any:
    """The active user holding ``token`` (a detached row); exit 1 with the reason otherwise."""
    from service.auth import service as auth_service
    from service.auth import throttle
    from service.cli.service_commands import actor

    if not token:
        raise _fail("security.cli_token_missing")
    with db.read() as session:
        user = auth_service.authenticate(db_session=session, token=token)
    if user is None:
        verdict = throttle.record_failure(
            db, policy=throttle.Policy(), kind="cli", client=actor(), token=token
        )
        raise _fail("security.cli_token_blocked" if verdict.blocked else "security.cli_token_bad")
    allowed = set(roles) if roles is not None else None
    if allowed is not None and user.role not in allowed:
        audit_denied(db, user)
        raise _fail("security.cli_role", role=user.role, roles=", ".join(sorted(allowed)))
    return user


def audit_denied(db: Any, user: Any, **details: Any) -> None:
    """Put a command the user's role may not run on record (``access.denied``, target
    ``cli``), as the API records a 403 (issue #14, item 12)."""
    from service.audit import service as audit_service
    from service.cli.service_commands import actor

    audit_service.record(
        db,
        actor=user.name,
        action="access.denied",
        target="cli",
        details={"role": user.role, "via": actor(), **details},
    )


def session_user(session: Any, user: Any) -> Any:
    """The acting user's row in ``session`` (the service functions change and relate it)."""
    from service.auth.models import User

    return session.get(User, user.id)
