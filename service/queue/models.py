"""API schemas of the queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


class LastDecision(BaseModel):
    kind: str
    decided_at: datetime
    decided_by: str
    case_version: int
    override: bool


class QueueItem(BaseModel):
    rank: int = Field(
        description="Position in the caller's queue (their regions, or the "
        "region asked for), before the tier and changed_since filters."
    )
    case_id: str
    region: str
    tier: str
    tier_label: str
    score: int
    criteria: list[str]
    blockers: list[str]
    actions: list[str]
    reason: str = Field(description="Short German reason (Kurzbegründung).")
    received_on: date
    latest_event: date | None
    version: int
    new: bool = Field(description="Received or first imported within the 7 days before as_of.")
    tier_changed: bool = Field(description="Tier differs from the tier at as_of - 7 days.")
    previous_tier: str | None = Field(description="Tier at as_of - 7 days (null when new).")
    model_points: dict[str, Any] | None = Field(
        default=None,
        description="The points model's total and per-factor points; null when no model is loaded.",
    )
    last_decision: LastDecision | None = None


class QueuePage(BaseModel):
    items: list[QueueItem]
    total: int
    limit: int
    offset: int
    as_of: date
    ruleset: str
    model_status: str


class RegionSummary(BaseModel):
    region: str
    total: int
    tiers: dict[str, int]
    new: int
    tier_changed: int


class QueueSummary(BaseModel):
    as_of: date
    ruleset: str
    total: int
    regions: list[RegionSummary]
