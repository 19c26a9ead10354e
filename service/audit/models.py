"""Audit tables: the entries and the head (last sequence number and hash) of the chain."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    """One entry: who did what to which target, when and why, chained to the one before.

    Chain format 2 (every entry since migration 0005): ``content_hash`` covers the content
    (seq, at, actor, action, target, details, reason), ``hash`` links ``prev_hash``, ``seq`` and
    ``content_hash``, and ``mac`` is the HMAC of the link with the audit key (``key_id`` names
    the key). Erasure replaces the content (``erased`` says by which entry) and keeps both
    hashes, so the chain still verifies. Format 1 entries (written before 0005) hash their
    content directly and carry no HMAC.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, exactly as hashed
    actor: Mapped[str] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(120), index=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly as hashed
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    chain_format: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # JSON {"by": seq of the erasing entry, "kind": "tombstone" | "redacted"}; null = intact
    erased: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditHead(Base):
    """A single row: the newest entry's sequence number and hash (locks the chain on append)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: str
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    reason: str | None
    prev_hash: str
    hash: str
    content_hash: str | None = None
    mac: str | None = None
    erased: dict[str, Any] | None = Field(
        default=None,
        description="Set when the content was erased (tombstone) or a case id removed from it "
        "(redacted): {by: sequence number of the erasing entry, kind}.",
    )


class AuditPage(BaseModel):
    items: list[AuditEntryRead]
    total: int


class AuditVerification(BaseModel):
    ok: bool
    entries: int = Field(description="Entries checked.")
    first_bad: int | None = Field(
        default=None,
        description="Sequence number of the first bad "
        "entry (the one whose link or hash does not hold).",
    )
    message: str
    head_hash: str = Field(
        description="Hash of the newest entry; record it outside the "
        "database to detect a rewritten chain."
    )
    tombstones: int = Field(default=0, description="Entries whose content was erased.")
    redacted: int = Field(default=0, description="Entries from which an erased case was removed.")
    unsigned: int = Field(
        default=0, description="Entries written before HMACs (chain format 1), not signed."
    )
    macs_checked: bool = Field(
        default=False,
        description="Whether the HMACs of the signed entries were checked (the audit key is "
        "known); the old-format entries (unsigned) carry none.",
    )
    signed: int = Field(
        default=0, description="Entries that carry an HMAC (chain format 2 and later)."
    )
    keys: dict[str, int] = Field(
        default_factory=dict,
        description="Entries checked per audit key id, oldest key first (after a rotation the "
        "retired keys verify the entries they signed).",
    )
