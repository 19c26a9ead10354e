"""Stored rule set versions (issue #5): the table, its lifecycle, its errors and API schemas.

A version is a complete rule set document (the YAML as JSON, parameter defaults set to the
version's values), so ``rules.parse_ruleset(version.document)`` gives exactly that version.
Versions are never changed after creation, only moved along their lifecycle, which
:mod:`policy.workflow` decides (a pure state machine)::

    draft --approve (second person)--> approved --activate--> active --superseded--> retired
      |--withdraw (author)--> withdrawn
      '--reject (second person)--> rejected

See docs/policy-simulation.md ("Versions, four eyes and activation") and docs/rule-authoring.md.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from policy.workflow import State
from rules.errors import RuleIssue
from service.db.base import Base, UtcDateTime
from service.errors import in_lang
from service.params import IsoDate, plain_text, reason_text
from texts import text as catalogue_text

#: Stored lifecycle state of a version (the states of :mod:`policy.workflow`).
RulesetState = State


class RulesetStatus(StrEnum):
    """What a version is *today* (shown by the API; computed from the stored facts)."""

    draft = "draft"
    approved = "approved"
    scheduled = "scheduled"  # activated with an effective date in the future
    active = "active"  # the version in force today
    retired = "retired"  # superseded (stored as retired, or due to be at the next change)
    withdrawn = "withdrawn"  # taken back by its author
    rejected = "rejected"  # refused by a second policy user


class RulesetVersion(Base):
    """One version of a rule set with who drafted, approved and activated it, when and why."""

    __tablename__ = "ruleset_versions"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_ruleset_versions_name_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    base_id: Mapped[int | None] = mapped_column(ForeignKey("ruleset_versions.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical document
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)  # every parameter's value
    changed: Mapped[dict[str, Any]] = mapped_column(JSON)  # difference to the base version
    author: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    approval_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    activated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    activation_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Issue #16: the scenarios kept with the version, the YAML as submitted, withdraw/reject.
    scenarios: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    scenarios_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    rejected_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def ref(self) -> str:
        """The stable reference ``name@version`` (ids differ between databases)."""
        return f"{self.name}@{self.version}"


# --------------------------------------------------------------------------- errors


class RulesetServiceError(Exception):
    """A rule set action that cannot be done as asked; the message says why in German
    (``str()``), and in the reader's language (:meth:`text`) when it was made with a catalogue
    key (:meth:`said`)."""

    status_code = 400
    key: str | None = None
    values: dict[str, object] = {}  # noqa: RUF012 (replaced per instance by said())

    def said(self, key: str, /, **values: object) -> Self:
        """This error with its catalogue text: ``key`` and its values (dates and
        :class:`service.errors.Said` values say themselves in each language); ``str()``
        becomes its German sentence."""
        self.key, self.values = key, values
        self.args = (self.text("de"),)
        return self

    def text(self, lang: str = "de") -> str:
        if self.key is None:
            return str(self)
        return catalogue_text(self.key, lang, **in_lang(self.values, lang))


class VersionNotFoundError(RulesetServiceError, LookupError):
    status_code = 404


class NotAllowedError(RulesetServiceError, PermissionError):
    """The role may not do this, or four eyes forbid it (own draft)."""

    status_code = 403


class StateConflictError(RulesetServiceError):
    """The version is not in the state the action needs (approve a non-draft, …)."""

    status_code = 409


class InvalidRequestError(RulesetServiceError, ValueError):
    """A value the type system cannot check (an effective date in the past, …)."""

    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- schemas


def _reason(value: str) -> str:
    return reason_text(value, 3)


class RulesetBase(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CriterionChange(RulesetBase):
    points: int = Field(ge=0, le=1000, description="New points of the criterion.")


class ReasonBody(RulesetBase):
    reason: str = Field(
        max_length=4000, description="Why (Begründung), mandatory; it goes into the audit log."
    )

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        return _reason(value)


class RulesetVersionCreate(ReasonBody):
    base: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9._@#-]+$",
        description="Version to derive from: an id, 'name@version', or a rule "
        "set name (its version in force).",
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        max_length=200,
        description='Changed parameter values, e.g. {"repeat_min_convictions": 2}; checked '
        "against each parameter's type and allowed range.",
    )
    criteria: dict[str, CriterionChange] = Field(
        default_factory=dict,
        max_length=100,
        description='Optional: changed points of existing criteria, e.g. {"REPEAT": '
        '{"points": 30}}. Conditions, tiers and new rules are not changed here.',
    )


class RulesetApprove(ReasonBody):
    scenarios_reason: str | None = Field(
        default=None,
        max_length=4000,
        description="Required when test scenarios fail on the draft: why it is approved anyway "
        "(stored and audited with the names of the failing scenarios).",
    )

    @field_validator("scenarios_reason")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return None if value is None else plain_text(value).strip() or None


class RulesetEnd(ReasonBody):
    """Withdraw (the author) or reject (a second policy user) a draft, with the reason."""


class RulesetActivate(ReasonBody):
    effective_from: IsoDate | None = Field(
        default=None,
        description="Day the version comes into force (default: today; not in "
        "the past). A future day schedules the activation.",
    )


class RulesetVersionRead(RulesetBase):
    id: int
    name: str
    version: int
    label: str
    ref: str = Field(description="'name@version', stable across databases.")
    base_id: int | None
    state: RulesetState = Field(description="Stored state.")
    status: RulesetStatus = Field(
        description="What the version is today: draft, approved, "
        "scheduled, active (in force) or retired."
    )
    in_force: bool
    digest: str = Field(description="SHA-256 of the canonical document.")
    changed: dict[str, Any] = Field(
        description="Difference to the base version: "
        "{'parameters': {name: {'base', 'draft'}}, 'criteria': "
        "{id: {'base', 'draft'}}}."
    )
    author: str
    reason: str
    created_at: datetime
    approved_by: str | None = None
    approved_at: datetime | None = None
    approval_reason: str | None = None
    activated_by: str | None = None
    activated_at: datetime | None = None
    activation_reason: str | None = None
    effective_from: date | None = None
    retired_at: datetime | None = None
    scenarios_reason: str | None = Field(
        default=None, description="Why it was approved although test scenarios failed."
    )
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    rejected_by: str | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None


class RulesetVersionDetail(RulesetVersionRead):
    parameters: dict[str, Any] = Field(description="Every parameter's value in this version.")
    document: dict[str, Any] = Field(
        description="The whole rule set (YAML as JSON); "
        "rules.parse_ruleset(document) gives this version."
    )
    source: str | None = Field(
        default=None, description="The rule set YAML as submitted (whole-document drafts)."
    )
    scenarios: str | None = Field(
        default=None, description="The test scenario file kept with this version (YAML)."
    )


class RulesetVersionList(RulesetBase):
    items: list[RulesetVersionRead]
    in_force: int | None = Field(description="Id of the version in force today.")


def issue_dict(issue: RuleIssue, lang: str = "de") -> dict[str, Any]:
    """A rule set problem as JSON: every field (the code with its values, the words in
    ``lang``) plus the whole sentence for a human."""
    return {**issue.as_dict(lang), "text": issue.text(lang)}


#: The 422 of ``POST /rulesets``: every problem of the draft, or FastAPI's own body errors.
DRAFT_REJECTED_RESPONSE = {
    "description": "The draft is not a valid rule set (every problem listed, with the allowed "
    "range of a parameter; nothing stored) or the body is malformed.",
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {
                        "type": "object",
                        "required": ["detail", "errors"],
                        "properties": {
                            "detail": {"type": "string"},
                            "errors": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "source": {"type": "string"},
                                        "rule_id": {"type": ["string", "null"]},
                                        "key": {"type": "string"},
                                        "code": {
                                            "type": "string",
                                            "description": "What is wrong, as a text key of "
                                            "the catalogue (rulecheck.*).",
                                        },
                                        "values": {"type": "object"},
                                        "line": {"type": ["integer", "null"]},
                                        "message": {"type": "string"},
                                        "expected": {"type": ["string", "null"]},
                                        "found": {"type": ["string", "null"]},
                                        "suggestion": {"type": ["string", "null"]},
                                        "text": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                    {"$ref": "#/components/schemas/HTTPValidationError"},
                ]
            }
        }
    },
}
