"""The seam for the optional points model (issue #6 fills it).

Without a model the service runs on rules alone and says so: ``status`` is ``"unavailable"``
and queue items carry ``model_points: null``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cases.model import Case
from service.settings import Settings


class ModelRuntime:
    """A loaded points model, or its absence."""

    def __init__(self, *, status: str = "unavailable", name: str | None = None,
                 version: str | None = None, message: str | None = None) -> None:
        self.status = status
        self.name = name
        self.version = version
        self.message = message or "no model loaded: the queue is ordered by the rules alone"

    @property
    def available(self) -> bool:
        return self.status == "ready"

    def points(self, cases: Sequence[Case], as_of: date) -> dict[str, dict[str, Any]] | None:
        """Per case id: the model's total points and points per factor; ``None`` without model."""
        del cases, as_of
        return None

    def describe(self) -> dict[str, Any]:
        return {"status": self.status, "name": self.name, "version": self.version,
                "message": self.message}


def load_model_runtime(settings: Settings) -> ModelRuntime:
    """The model named in the settings; issue #6 loads ``models:/<name>@champion`` here."""
    if settings.model_uri:
        return ModelRuntime(status="unavailable",
                            message=f"model {settings.model_uri!r} configured, but model loading "
                            "is not available in this version: rules only")
    return ModelRuntime()
