"""Labels of the case vocabulary and of parameter values, for every text a person reads.

A façade over the message catalogue (:mod:`texts`, keys ``vocab.<kind>.<code>``), so the
rules, the CLI and the web UI show the same words.
"""

from __future__ import annotations

from typing import Any

from texts import format_date, format_number, has, plural, text, text_or

__all__ = [
    "amount",
    "format_date",
    "format_number",
    "label",
    "parameter_value",
    "phrase",
    "vocabulary_of",
]

#: The label kind of each vocabulary a category-set parameter may draw from.
_VOCABULARY_KINDS = {"offence_category": "category", "incident_type": "type"}


def label(kind: str, value: str | int | None, lang: str = "de") -> str:
    """The label of a vocabulary value (falls back to the value itself)."""
    if value is None:
        return "–"
    return text_or(f"vocab.{kind}.{value}", str(value), lang)


def vocabulary_of(of: str | None) -> str:
    """The label kind of a vocabulary name (``offence_category`` -> ``category``)."""
    return _VOCABULARY_KINDS.get(of or "", of or "")


def amount(value: float | int | None, unit: str | None, lang: str = "de") -> str:
    """A number with its unit in words: ``24 Monate``, ``1 Tag``, ``3`` (a count)."""
    if value is None:
        return "–"
    key = f"vocab.amount.{unit}"
    if unit and has(key):
        return plural(key, value, lang)
    return format_number(value, lang)


def parameter_value(
    value: Any, type_: str, unit: str | None, of: str | None, lang: str = "de"
) -> str:
    """A parameter value as people read it: ``24 Monate``, ``ja``, ``Raub, Körperverletzung``."""
    if type_ == "bool" or isinstance(value, bool):
        return text(f"vocab.bool.{'true' if value else 'false'}", lang)
    if type_ == "category_set" or isinstance(value, list | tuple | set | frozenset):
        kind = vocabulary_of(of)
        return ", ".join(label(kind, v, lang) for v in value) or text("note.none", lang)
    return amount(value, unit, lang)


def phrase(kind: str, key: str, lang: str = "de", /, **values: object) -> str:
    """A phrase of rule authoring (kinds ``wording``, ``diff``, ``scenario``, ``dmn``: catalogue
    keys ``authoring.<kind>.<key>``), filled in with ``values``."""
    return text(f"authoring.{kind}.{key}", lang, **values)
