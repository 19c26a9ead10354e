"""Why a points model cannot be used: one exception tree, one sentence for a human each.

The service runs on rules alone whenever a model is missing, so every failure to load or use a
model must be a typed, expected error (never a stack trace) that says which of three things
went wrong: nothing to load, something that does not fit this code and rule set, or something
broken.
"""

from __future__ import annotations

__all__ = [
    "ModelCorruptedError",
    "ModelError",
    "ModelIncompatibleError",
    "ModelInputError",
    "ModelUnavailableError",
]


class ModelError(Exception):
    """Base class: the points model cannot be loaded or used; the rules still work."""

    #: Short machine-readable reason, e.g. for the service's health endpoint.
    reason = "error"

    def __init__(self, message: str, *, uri: str | None = None) -> None:
        self.uri = uri
        super().__init__(message)


class ModelUnavailableError(ModelError):
    """No model to load: no tracking store, no registered model, no version under the alias."""

    reason = "unavailable"


class ModelIncompatibleError(ModelError):
    """A model that does not fit: other feature schema, other rule set facts, failed self-test."""

    reason = "incompatible"


class ModelCorruptedError(ModelError):
    """A model whose files are missing, unreadable or differ from what the registry recorded."""

    reason = "corrupted"


class ModelInputError(ModelError, ValueError):
    """Case records the model cannot score; carries the validation issues."""

    reason = "bad_input"

    def __init__(self, message: str, issues: list[str] | None = None) -> None:
        self.issues = list(issues or [])
        super().__init__(message)
