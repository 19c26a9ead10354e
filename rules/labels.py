"""Labels of the case vocabulary for every text a person reads (German default, English).

A façade over the message catalogue (:mod:`texts`, keys ``vocab.<kind>.<code>``), so the
rules, the CLI and the web UI show the same words.
"""

from __future__ import annotations

from texts import format_date, format_number, text_or

__all__ = ["format_date", "format_number", "label"]


def label(kind: str, value: str | int | None, lang: str = "de") -> str:
    """The label of a vocabulary value (falls back to the value itself)."""
    if value is None:
        return "–"
    return text_or(f"vocab.{kind}.{value}", str(value), lang)
