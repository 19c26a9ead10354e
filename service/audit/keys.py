"""The audit key: a secret the database does not hold, which signs every audit entry (HMAC).

Whoever owns the tables can drop the append-only triggers and re-hash the chain; without this key
they cannot produce the HMACs, so ``triage audit verify`` finds the rewrite (issue #14 item 10).

Where the key comes from, in this order:

1. ``TRIAGE_AUDIT_KEY`` (at least 32 characters; e.g. ``python -c "import secrets;
   print(secrets.token_hex(32))"``) - required in production, or
2. ``TRIAGE_AUDIT_KEY_FILE``, a file holding it (a mounted secret);
3. demo mode only: a key generated once into a local file next to the demo database
   (``var/triage-audit.key``), announced in the log - never for production.

This module imports nothing of the project, so the database layer can hand the key to sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

MIN_KEY_LENGTH = 32
ENV_KEY = "TRIAGE_AUDIT_KEY"
ENV_KEY_FILE = "TRIAGE_AUDIT_KEY_FILE"


class AuditKeyError(ValueError):
    """No usable audit key (missing, too short, unreadable file)."""


@dataclass(frozen=True)
class AuditKey:
    """The secret and where it came from; ``key_id`` names it without revealing it."""

    secret: bytes = field(repr=False)
    source: str

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"rrk-triage audit key id|" + self.secret).hexdigest()[:16]

    def sign(self, message: str) -> str:
        return hmac.new(self.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def check(self, message: str, mac: str | None) -> bool:
        return mac is not None and hmac.compare_digest(self.sign(message), mac)


def from_text(value: str, source: str) -> AuditKey:
    value = value.strip()
    if len(value) < MIN_KEY_LENGTH:
        raise AuditKeyError(
            f"{source}: the audit key needs at least {MIN_KEY_LENGTH} characters "
            f'(make one with: python -c "import secrets; print(secrets.token_hex(32))")'
        )
    return AuditKey(value.encode("utf-8"), source)


def from_file(path: Path) -> AuditKey:
    try:
        return from_text(path.read_text(encoding="utf-8"), f"file {path}")
    except OSError as error:
        raise AuditKeyError(f"audit key file {path}: {error.strerror or error}") from None


def local_demo_key(path: Path) -> AuditKey:
    """The demo's key: read from ``path``, generated there (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        log.warning(
            "demo mode: generated a local audit key in %s (never use this in production: "
            "set TRIAGE_AUDIT_KEY)",
            path,
        )
    key = from_file(path)
    return AuditKey(key.secret, f"demo key file {path} (local, not for production)")


def from_environment() -> AuditKey | None:
    """``TRIAGE_AUDIT_KEY`` or ``TRIAGE_AUDIT_KEY_FILE`` from the environment, else ``None``."""
    value = os.environ.get(ENV_KEY)
    if value:
        return from_text(value, ENV_KEY)
    path = os.environ.get(ENV_KEY_FILE)
    if path:
        return from_file(Path(path))
    return None
