"""The ``Decision`` table and its API schemas."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime
from service.params import IsoDate, reason_text
from texts import shown


class DecisionKind(StrEnum):
    case_conference = "case_conference"  # Fallkonferenz einberufen
    prepare_measure = "prepare_measure"  # Maßnahme vorbereiten (Passersatz, Einvernehmen, …)
    request_information = "request_information"  # Informationen nachfordern
    monitor = "monitor"  # beobachten, keine Maßnahme jetzt
    defer = "defer"  # zurückstellen
    close = "close"  # Fall abschließen (leaves the queue)
    reopen = "reopen"  # abgeschlossenen Fall wieder aufnehmen


#: Kinds that take a case up now: choosing one over higher-ranked undecided cases is an override.
TAKE_UP_KINDS = frozenset({DecisionKind.case_conference, DecisionKind.prepare_measure})
#: Kinds that hold a case back: doing so with a top-tier case is an override.
HOLD_BACK_KINDS = frozenset({DecisionKind.defer, DecisionKind.monitor, DecisionKind.close})


class Decision(Base):
    """One human decision about one version of a case, with the queue position it was made at."""

    __tablename__ = "decisions"
    __table_args__ = (
        ForeignKeyConstraint(["region", "case_id"], ["cases.region", "cases.case_id"]),
        Index("ix_decisions_region_case_id", "region", "case_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    case_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    override: Mapped[bool] = mapped_column(Boolean)
    override_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)
    ruleset: Mapped[str] = mapped_column(String(80))
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    audit_seq: Mapped[int] = mapped_column(Integer)


class DecisionCreate(BaseModel):
    kind: DecisionKind
    reason: str = Field(
        min_length=1, max_length=4000, description="Mandatory: why (Begründung, for the file)."
    )
    as_of: IsoDate | None = Field(
        default=None, description="Queue date the decision refers to (default: today)."
    )

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        return reason_text(value, 3)


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: str
    region: str = Field(description="The case's region: ids are unique within a region only.")
    case_version: int
    kind: DecisionKind
    reason: str
    override: bool = Field(description="The decision departs from the queue order.")
    override_note: str | None = Field(
        default=None, description="Why it departs from the queue order, in German."
    )
    rank: int | None = Field(
        description="Rank in the region's queue when decided "
        "(null when the case was not in the open queue)."
    )
    tier: str
    score: int
    as_of: date
    ruleset: str
    decided_by: str
    decided_at: datetime

    @field_validator("override_note")
    @classmethod
    def _note_in_words(cls, value: str | None) -> str | None:
        return shown(value, "de") if value else value


class DecisionList(BaseModel):
    items: list[DecisionRead]
