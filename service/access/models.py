"""``explanations_shown``: every explanation as a person was shown it (GDPR Art. 15, AI Act
Art. 12/86).

One row per time an explanation left the service: through the API (the record as JSON, or the
note for the file as text), on the case page or in the print view (the explanation record the
page was rendered from), or as the Art. 86 explanation for the person concerned in the
documentation pack (its text). The row keeps what the person saw - not something recomputed
later with the rule set of another day - and where it came from: case and version, rule set
(version and checksum of its document), points-model version, reference date, language, who and
when. The row names the case, so it goes with the case (erasure, retention of closed cases)
and has its own retention period otherwise (``TRIAGE_RETENTION_EXPLANATION_DAYS``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime

#: Where an explanation was shown.
VIEWS = ("api", "api_text", "web", "print", "art86")


class ExplanationShown(Base):
    __tablename__ = "explanations_shown"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    case_version: Mapped[int] = mapped_column(Integer)
    view: Mapped[str] = mapped_column(String(16))  # one of VIEWS
    ruleset: Mapped[str] = mapped_column(String(80))  # name and version (label)
    ruleset_checksum: Mapped[str | None] = mapped_column(String(64), nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    as_of: Mapped[date] = mapped_column(Date)
    lang: Mapped[str] = mapped_column(String(8))
    content_kind: Mapped[str] = mapped_column(String(8))  # record (JSON) | text
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of content
    shown_to: Mapped[str] = mapped_column(String(64))
    shown_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    audit_seq: Mapped[int] = mapped_column(Integer)  # the read's audit entry
