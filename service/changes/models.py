"""Recorded evaluations (one row per evaluation that could change a tier) and the feed marker."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, ForeignKeyConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime

Cause = Literal["import", "event", "ruleset", "time", "first"]
CAUSES: tuple[Cause, ...] = ("import", "event", "ruleset", "time", "first")


class CaseEvaluation(Base):
    """One recorded evaluation of one case version: the outcome and why it was recorded.

    ``cause_detail`` holds codes only (event id and type, rule set label, record id and window),
    the words come from the catalogue when shown. ``previous_tier`` is the tier of the case's
    record before this one (``None`` for its first). ``next_change`` is the next date on which
    the case's facts change by the calendar alone (a window edge, a birthday, a release horizon).
    """

    __tablename__ = "case_evaluations"
    __table_args__ = (
        ForeignKeyConstraint(["region", "case_id"], ["cases.region", "cases.case_id"]),
        Index("ix_case_evaluations_case_id_as_of", "region", "case_id", "as_of", "id"),
        Index("ix_case_evaluations_as_of", "as_of"),
        Index("ix_case_evaluations_recorded_at", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(64))
    case_version: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(16))
    as_of: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ruleset: Mapped[str] = mapped_column(String(160))
    model_version: Mapped[str | None] = mapped_column(String(160), nullable=True)
    tier: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[str] = mapped_column(Text)
    blockers: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)
    previous_tier: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cause: Mapped[str] = mapped_column(String(16))
    cause_detail: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    next_change: Mapped[date | None] = mapped_column(Date, nullable=True)

    @property
    def detail(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.cause_detail)
        return value

    @property
    def tier_changed(self) -> bool:
        return self.previous_tier is not None and self.previous_tier != self.tier


class ChangeView(Base):
    """How far a user has seen the change feed: the last record id shown, and when."""

    __tablename__ = "change_views"

    user_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_id: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ScheduledJob(Base):
    """A job the service runs on a schedule (the daily sweep): the last day it was done for, and
    the lease of the worker running it now (:mod:`service.changes.schedule`)."""

    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    done_for: Mapped[date | None] = mapped_column(Date, nullable=True)
    holder: Mapped[str | None] = mapped_column(String(128), nullable=True)
    leased_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class EvaluationRead(BaseModel):
    """A recorded evaluation as the API shows it (with the cause in words)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: str
    region: str
    case_version: int
    as_of: date
    recorded_at: datetime
    ruleset: str
    model_version: str | None
    tier: str
    previous_tier: str | None
    tier_changed: bool
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]
    cause: Cause
    cause_detail: dict[str, Any] = Field(description="The cause as codes (ids, dates, labels).")
    cause_text: str = Field(description="The cause in words (German unless asked otherwise).")
    actor: str


class EvaluationsRead(BaseModel):
    case_id: str
    region: str = Field(description="The case's region (ids are unique within a region only).")
    items: list[EvaluationRead]
