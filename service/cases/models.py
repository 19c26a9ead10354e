"""Case tables (one row per case, one per imported version) and their API schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime

CaseStatus = Literal["open", "closed"]


class CaseRecord(Base):
    """A case as the service knows it: region, current version, open or closed.

    A case is named by its region and its id: ids are the Bezirksregierung's own references and
    unique within it only, so that one region's id says nothing about another's (issue #14).
    """

    __tablename__ = "cases"

    region: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    current_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)
    first_imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class CaseVersion(Base):
    """One imported version of a case record (SPEC §1 JSON, audit-only fields included)."""

    __tablename__ = "case_versions"
    __table_args__ = (
        UniqueConstraint("region", "case_id", "version", name="uq_case_versions_case_version"),
        ForeignKeyConstraint(["region", "case_id"], ["cases.region", "cases.case_id"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[date] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    imported_by: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[str] = mapped_column(String(36), index=True)


class StoreState(Base):
    """A single row whose ``revision`` changes with every change to cases or their status.

    Caches of the open caseload are keyed by it; it is bumped inside the changing transaction.
    """

    __tablename__ = "store_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(Integer)


class CaseBase(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ImportIssue(CaseBase):
    case_id: str | None
    path: str
    message: str
    line: int | None = None


class ImportRejected(CaseBase):
    detail: str
    errors: list[ImportIssue]


#: The 422 of routes that validate case records: record issues, or FastAPI's parameter errors.
INPUT_REJECTED_RESPONSE = {
    "description": "Bad records (every one listed; nothing stored) or bad parameters.",
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {"$ref": "#/components/schemas/ImportRejected"},
                    {"$ref": "#/components/schemas/HTTPValidationError"},
                ]
            }
        }
    },
}


class ImportedCase(CaseBase):
    case_id: str
    region: str
    version: int
    changed: bool = Field(description="False when the record equals the previous version.")


class ImportResult(CaseBase):
    import_id: str
    imported: int
    created: int
    new_versions: int
    reopened: int = Field(description="Closed cases reopened because their record changed.")
    cases: list[ImportedCase]


class CaseVersionRead(CaseBase):
    version: int
    imported_at: datetime
    imported_by: str
    import_id: str
    content_hash: str


class CaseRead(CaseBase):
    case_id: str
    region: str
    status: CaseStatus
    version: int
    versions: int
    first_imported_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    record: dict[str, Any] = Field(
        description="The case record (SPEC §1) without audit-only fields (nationality, sex): "
        "they exist for the fairness audit only and are never shown to case workers."
    )


class CaseVersionsRead(CaseBase):
    case_id: str
    region: str
    items: list[CaseVersionRead]
