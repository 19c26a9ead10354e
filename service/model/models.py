"""The ``model_state`` table: which model every worker should run (one row, id 1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, UtcDateTime


class ModelState(Base):
    """Bumped by every successful ``/model/reload``; each worker follows the newest generation.

    ``uri`` pins the exact version the reload loaded (``models:/<name>/<version>``), so every
    worker runs the same model even if the champion alias moves again in between.
    """

    __tablename__ = "model_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(Integer)
    uri: Mapped[str | None] = mapped_column(String(255), nullable=True)
    reloaded_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    reloaded_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
