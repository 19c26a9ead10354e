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
        "region asked for), before the tier, changed_since and new_or_changed filters."
    )
    case_id: str
    region: str = Field(
        description="The case's region: ids are unique within a region only, so a list of "
        "several regions may hold one id twice."
    )
    link: str = Field(description="The case page: /cases/<case_id>?region=<region>.")
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
    new: bool = Field(
        description="Received (received_on) within the new-case window (setting "
        "new_window_days, default 7) up to as_of."
    )
    tier_changed: bool = Field(
        description="The recorded tier at as_of differs from the one at the start of the "
        "change window (setting change_window_days, default 7)."
    )
    previous_tier: str | None = Field(
        description="The recorded tier at the start of the change window (null: not changed)."
    )
    change_cause: str | None = Field(
        default=None,
        description="Why the tier changed, in German (e.g. 'durch neue Tatsache: …').",
    )
    change_cause_code: str | None = Field(
        default=None, description="import, event, ruleset or time (null: not changed)."
    )
    changed_on: date | None = Field(
        default=None, description="Reference date of the record that changed the tier."
    )
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
    """One region's counts; ``null`` is a count hidden by small-cell suppression."""

    region: str
    total: int | None
    tiers: dict[str, int | None]
    new: int | None
    tier_changed: int | None


class QueueSummary(BaseModel):
    """The overview's counts. For policy staff (who may not see the cases) on the simulation's
    date grid and with small cells hidden (``min_cell_size`` set, ``null`` = hidden); the
    totals of each column are published here so the page need not add hidden numbers."""

    as_of: date
    ruleset: str
    total: int | None
    regions: list[RegionSummary]
    tier_totals: dict[str, int | None] = Field(default_factory=dict)
    new_total: int | None = None
    tier_changed_total: int | None = None
    min_cell_size: int | None = None
