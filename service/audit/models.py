"""Audit tables: the entries and the head (last sequence number and hash) of the chain."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    """One entry: who did what to which target, when and why, chained to the one before."""

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
