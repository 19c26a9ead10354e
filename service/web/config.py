"""Settings of the web UI (``TRIAGE_SESSION_*``, ``TRIAGE_COOKIE_SECURE``).

They live here rather than in :class:`service.settings.Settings` because only the UI reads them.
Outside demo mode the UI needs a configured session secret of at least 32 characters; without one
it answers every page with a 503 that says so (the API is unaffected). In demo mode a random
secret is generated per process, so sessions end when the demo restarts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.config_errors import ConfigProblem, server_lang
from service.settings import Settings

CookieSecure = Literal["auto", "always", "never"]
MIN_SECRET_LENGTH = 32


class WebSettings(BaseSettings):
    """Environment variables of the web UI."""

    model_config = SettingsConfigDict(env_prefix="TRIAGE_", extra="ignore", frozen=True)

    session_secret: str | None = Field(
        default=None,
        description="Key that signs session cookies (>= 32 characters). "
        "Required outside demo mode; rotate it to end every session.",
    )
    cookie_secure: CookieSecure | None = Field(
        default=None,
        description="Secure flag of the cookies: always, never, or auto (only "
        "when the request came over https). Default: always in production, auto in demo mode.",
    )
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=10, ge=1, le=72)


@dataclass(frozen=True)
class WebConfig:
    """What the UI runs with (resolved once when the app is built)."""

    secret: str | None
    cookie_secure: CookieSecure
    idle_seconds: int
    max_seconds: int
    problem: str | None = None  # why the UI is unavailable, when it is (config.* text, logged)

    @property
    def enabled(self) -> bool:
        return self.secret is not None


def resolve(settings: Settings, web: WebSettings | None = None) -> WebConfig:
    """The UI's configuration for ``settings`` (a generated secret in demo mode)."""
    web = web or WebSettings()
    secure: CookieSecure = web.cookie_secure or ("auto" if settings.is_demo else "always")
    idle, max_age = web.session_idle_minutes * 60, web.session_max_hours * 3600
    secret, problem = web.session_secret, None
    if secret is not None and len(secret) < MIN_SECRET_LENGTH:
        short = ConfigProblem("session_secret_short", found=len(secret), expected=MIN_SECRET_LENGTH)
        secret, problem = None, short.text(server_lang())
    elif secret is None and settings.is_demo:
        secret = secrets.token_urlsafe(32)
    elif secret is None:
        missing = ConfigProblem("session_secret_missing", expected=MIN_SECRET_LENGTH)
        problem = missing.text(server_lang())
    return WebConfig(
        secret=secret, cookie_secure=secure, idle_seconds=idle, max_seconds=max_age, problem=problem
    )
