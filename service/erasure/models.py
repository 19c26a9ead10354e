"""The pending erasure requests (four eyes) and the API schemas of erasure."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime
from service.params import reason_text


class ErasureRequest(Base):
    """An administrator asked to erase a case (``region`` and ``case_id``); a second
    administrator confirms (four eyes).

    The row is erased with the case (it names it); the ``case.erase`` audit entry keeps who
    asked, who confirmed, when and why - without the case id.
    """

    __tablename__ = "erasure_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    region: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(Text)


class ErasureRequestCreate(BaseModel):
    reason: str = Field(
        min_length=10,
        max_length=2000,
        description="Why (e.g. the data subject's request and its file number); must not name "
        "the case id, since it stays in the audit log after the case is gone.",
    )

    @field_validator("reason")
    @classmethod
    def _plain(cls, value: str) -> str:
        return reason_text(value, 10)


class ErasureRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    region: str
    case_id: str
    requested_by: str
    requested_at: datetime
    reason: str


class ErasureRequestList(BaseModel):
    items: list[ErasureRequestRead]


class ErasureReport(BaseModel):
    """What an erasure removed: rows per table and audit entries erased or redacted."""

    rows: dict[str, int] = Field(description="Rows deleted per table.")
    audit_tombstoned: list[int] = Field(description="Audit entries whose content was erased.")
    audit_redacted: list[int] = Field(description="Audit entries the case id was removed from.")
    audit_seq: int = Field(description="The audit entry recording the erasure.")
    scrub_pending: list[str] = Field(
        default_factory=list,
        description="Tables whose erased rows may still be in the database files: this role "
        "may not rewrite them (not their owner) or the scrub failed. Run `triage db scrub` "
        "with the owner's DATABASE_URL.",
    )
    scrub_note: str | None = Field(
        default=None, description="What is still to be done for the physical scrub, in words."
    )
