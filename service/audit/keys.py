"""The audit key: a secret the database does not hold, which signs every audit entry (HMAC).

Whoever owns the tables can drop the append-only triggers and re-hash the chain; without this key
they cannot produce the HMACs, so ``triage audit verify`` finds the rewrite (issue #14 item 10).

Where the key comes from, in this order:

1. ``TRIAGE_AUDIT_KEY`` (at least 32 characters; e.g. ``python -c "import secrets;
   print(secrets.token_hex(32))"``) - required in production, or
2. ``TRIAGE_AUDIT_KEY_FILE``, a file holding it (a mounted secret);
3. demo mode only: a key generated once into a local file next to the demo database
   (``var/triage-audit.key``), announced in the log - never for production.

**Rotation.** The key in force signs; *retired* keys only verify. Every entry records the id of
the key that signed it (``key_id``, a fingerprint of the secret: the first 16 hex digits of
``sha256("rrk-triage audit key id|" + secret)``, so an id cannot name the wrong secret), and
``verify`` checks each entry with the key of its id. Retired keys come from

* ``TRIAGE_AUDIT_RETIRED_KEYS``: the keys separated by commas or white space, oldest first, or
* ``TRIAGE_AUDIT_RETIRED_KEYS_FILE``: a file with one key per line, oldest first (blank lines
  and lines starting with ``#`` are ignored) - a mounted secret.

The order matters: along the chain the keys must follow it (a retired key never signs again
after a newer one took over), so a leaked retired key cannot append to the chain unnoticed.

This module imports nothing of the project but the wording of configuration problems
(:mod:`service.config_errors`), so the database layer can hand the key to sessions. A refused key
is an :class:`AuditKeyError` naming the variable or file, never the key itself.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.config_errors import ConfigProblem, server_lang

log = logging.getLogger(__name__)

MIN_KEY_LENGTH = 32
ENV_KEY = "TRIAGE_AUDIT_KEY"
ENV_KEY_FILE = "TRIAGE_AUDIT_KEY_FILE"
ENV_RETIRED = "TRIAGE_AUDIT_RETIRED_KEYS"
ENV_RETIRED_FILE = "TRIAGE_AUDIT_RETIRED_KEYS_FILE"


class AuditKeyError(ConfigProblem):
    """No usable audit key (missing, too short, unreadable file): a ``config.*`` text."""


def key_id_of(secret: bytes) -> str:
    return hashlib.sha256(b"rrk-triage audit key id|" + secret).hexdigest()[:16]


@dataclass(frozen=True)
class AuditKey:
    """The secret and where it came from; ``key_id`` names it without revealing it.

    ``retired``: the keys this one replaced, oldest first; they verify entries they signed and
    never sign new ones (:meth:`for_id`, :meth:`rank`).
    """

    secret: bytes = field(repr=False)
    source: str
    retired: tuple[AuditKey, ...] = field(default=(), repr=False, compare=False)

    @property
    def key_id(self) -> str:
        return key_id_of(self.secret)

    def ring(self) -> list[AuditKey]:
        """Every key that may verify, oldest first; the key in force last."""
        return [*self.retired, self]

    def for_id(self, key_id: str | None) -> AuditKey | None:
        """The key (in force or retired) whose id is ``key_id``; ``None`` for an unknown id."""
        return next((k for k in self.ring() if k.key_id == key_id), None)

    def rank(self, key_id: str) -> int:
        """The place of ``key_id`` in the order of rotation (0: the oldest retired key)."""
        return next(i for i, k in enumerate(self.ring()) if k.key_id == key_id)

    def with_retired(self, retired: list[AuditKey]) -> AuditKey:
        """This key with ``retired`` (oldest first; duplicates and this key itself dropped)."""
        kept: list[AuditKey] = []
        for key in retired:
            if key.key_id != self.key_id and all(k.key_id != key.key_id for k in kept):
                kept.append(key)
        return AuditKey(self.secret, self.source, tuple(kept))

    def sign(self, message: str) -> str:
        return hmac.new(self.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def check(self, message: str, mac: str | None) -> bool:
        return mac is not None and hmac.compare_digest(self.sign(message), mac)


def from_text(value: str, source: str) -> AuditKey:
    """The key ``value`` from ``source`` (the variable or file named when it is refused)."""
    value = value.strip()
    if len(value) < MIN_KEY_LENGTH:
        raise AuditKeyError(
            "key_too_short", variable=source, found=len(value), expected=MIN_KEY_LENGTH
        )
    return AuditKey(value.encode("utf-8"), source)


def _read(path: Path, variable: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditKeyError("key_file_missing", variable=variable, path=path) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise AuditKeyError(
            "key_file_unreadable", variable=variable, path=path, reason=reason
        ) from None


def from_file(path: Path, variable: str = ENV_KEY_FILE) -> AuditKey:
    return from_text(_read(path, variable), f"{variable} ({path})")


def local_demo_key(path: Path, announce: Callable[[Path], None] | None = None) -> AuditKey:
    """The demo's key: read from ``path``, generated there (mode 0600) on first use.

    ``announce`` tells of a generated key (default: a warning in the log)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        if announce is None:
            log.warning("%s", ConfigProblem("demo_key_generated", path=path).text(server_lang()))
        else:
            announce(path)
    key = from_file(path, str(path))
    return AuditKey(key.secret, f"demo key file {path} (local, not for production)")


def retired_from_text(value: str, source: str) -> list[AuditKey]:
    """Retired keys separated by commas, white space or lines (``#`` starts a comment line)."""
    words: list[str] = []
    for line in value.splitlines():
        if not line.strip().startswith("#"):
            words += line.replace(",", " ").split()
    return [from_text(word, f"{source} #{i}") for i, word in enumerate(words, 1)]


def retired_from_file(path: Path) -> list[AuditKey]:
    return retired_from_text(_read(path, ENV_RETIRED_FILE), f"{ENV_RETIRED_FILE} ({path})")


def retired_from_environment() -> list[AuditKey]:
    """``TRIAGE_AUDIT_RETIRED_KEYS`` and ``TRIAGE_AUDIT_RETIRED_KEYS_FILE`` (both may be set)."""
    keys = retired_from_text(os.environ.get(ENV_RETIRED, ""), ENV_RETIRED)
    path = os.environ.get(ENV_RETIRED_FILE)
    return keys + (retired_from_file(Path(path)) if path else [])


def from_environment() -> AuditKey | None:
    """``TRIAGE_AUDIT_KEY`` or ``TRIAGE_AUDIT_KEY_FILE`` from the environment with the retired
    keys, else ``None``."""
    value = os.environ.get(ENV_KEY)
    path = os.environ.get(ENV_KEY_FILE)
    if value:
        key = from_text(value, ENV_KEY)
    elif path:
        key = from_file(Path(path))
    else:
        return None
    return key.with_retired(retired_from_environment())
