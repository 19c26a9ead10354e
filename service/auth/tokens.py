"""Bearer tokens: ``rrk.<token id>.<secret>``; only a salted SHA-256 of the secret is stored.

The secret has 256 bits of entropy, so a fast hash is enough (no password stretching needed);
the per-token salt keeps equal secrets from giving equal hashes, and the public token id lets the
lookup use an index instead of comparing every hash. Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "rrk"


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown to the user once
    token_id: str
    salt: str
    hash: str


def hash_secret(secret: str, salt: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def issue() -> IssuedToken:
    """A new random token with its stored form."""
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    return IssuedToken(f"{PREFIX}.{token_id}.{secret}", token_id, salt, hash_secret(secret, salt))


def split(token: str) -> tuple[str, str] | None:
    """``(token_id, secret)`` of a well-formed token, ``None`` otherwise."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    if len(parts[1]) != 16 or len(parts[2]) > 128:
        return None
    return parts[1], parts[2]


def matches(secret: str, salt: str, expected_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt), expected_hash)
