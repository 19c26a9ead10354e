"""The case record of SPEC §1 as data, derived from the pydantic model (:mod:`cases.model`).

The model is the one description of a case. :func:`fields_of` reads a model class (or any
subclass of it) and gives one :class:`Field` per model field, in the model's order: its kind
(from the type: ``str``, a ``Literal`` is an ``enum`` with its vocabulary, a date, ``bool``,
``float`` a ``number``, ``int``, a list of records with the record's own fields), whether it is
required, optional (``X | None = None``) or has a default, and its constraints (length, pattern,
bounds). The columnar checks, the frames, the file formats and the messages work from these
fields; adding a field to the model is all it takes for them to know it.

What the field types cannot say is stated here once, as :data:`RULES`, each rule named after
the validator or the part of SPEC §1 it implements; a test holds every validator of the models
to one of them.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.types import AllowInfNan

from cases.model import Case

__all__ = [
    "CASE_SPEC",
    "INCIDENT_SPEC",
    "NESTED_SPECS",
    "OFFENCE_SPEC",
    "RULES",
    "Field",
    "Rules",
    "fields_of",
]


@dataclass(frozen=True)
class Field:
    """One field: its kind, whether it may be absent or null, and what else it must meet.

    ``kind``: ``str``, ``enum``, ``date``, ``bool``, ``number``, ``int`` or ``list`` (a list of
    records; ``items`` are the record's fields). ``presence``: ``required`` (absent is
    "missing", null a wrong value), ``optional`` (absent or null mean "none"), ``default``
    (absent means ``default``, null is a wrong value). A ``pattern`` is matched against the whole
    value; its words in the catalogue are ``validation.expect.<name>``.
    """

    name: str
    kind: str
    presence: str = "required"
    vocabulary: tuple[str, ...] = ()
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    finite: bool = False  # a number: infinity and NaN refused
    default: Any = None
    items: tuple[Field, ...] = ()
    #: a list: the model of its records
    record: type[BaseModel] | None = field(default=None, compare=False, repr=False)


_KINDS: dict[Any, str] = {str: "str", date: "date", bool: "bool", float: "number", int: "int"}


class SchemaError(TypeError):
    """A model field of a type the columnar view cannot hold (a programming error)."""


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The type inside ``X | None`` and ``Annotated[X, ...]``: (type, nullable, metadata)."""
    nullable = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                # Field(...) inside Annotated: its constraints are in its own metadata
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                raise SchemaError(f"a union of {members} has no column type")
            nullable = nullable or len(members) < len(get_args(annotation))
            annotation = members[0]
            continue
        return annotation, nullable, metadata


def _field(name: str, info: FieldInfo) -> Field:
    annotation, nullable, metadata = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    if info.is_required():
        presence, default = "required", None
    elif info.default is None and nullable:
        presence, default = "optional", None
    else:
        presence, default = "default", info.default
    values: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.MinLen):
            values["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            values["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            values["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            values["maximum"] = item.le
        elif isinstance(item, AllowInfNan):
            values["finite"] = not item.allow_inf_nan
        elif getattr(item, "pattern", None) is not None:
            values["pattern"] = item.pattern
    if get_origin(annotation) is Literal:
        return Field(name, "enum", presence, get_args(annotation), default=default, **values)
    if get_origin(annotation) is list:
        (record,) = get_args(annotation)
        if not (isinstance(record, type) and issubclass(record, BaseModel)):
            raise SchemaError(f"{name}: a list of {record} is not a list of records")
        items = fields_of(record)
        return Field(name, "list", presence, default=default, items=items, record=record, **values)
    if annotation not in _KINDS:
        raise SchemaError(f"{name}: no column kind for {annotation!r}")
    return Field(name, _KINDS[annotation], presence, default=default, **values)


def fields_of(model: type[BaseModel]) -> tuple[Field, ...]:
    """The fields of a model (and of the records in its lists), in the model's order."""
    return tuple(_field(name, info) for name, info in model.model_fields.items())


@dataclass(frozen=True)
class Rules:
    """What the field types do not say: the validators of the model and the context rules of
    :mod:`cases.validation`, each with the fields it needs (checked against the model's
    validators and fields by ``tests/cases/test_schema.py``)."""

    #: ``Offence._conviction_needs_sentence``: a record whose ``status`` is ``convicted`` needs
    #: ``sentence_months`` (list, status field, the word, the field it needs).
    sentence: tuple[str, str, str, str]
    #: ``Case._unique_record_ids``: per list of records, the field that must not repeat in it.
    record_ids: dict[str, str]
    #: SPEC §1: dates that describe the past; one after the day of import is an error (case
    #: fields, and per list of records its date field).
    past_dates: tuple[str, ...]
    record_dates: dict[str, str]
    #: The case id: unique in one import, and the name of every issue's case.
    case_id: str
    #: The model's validators these rules implement (``Model.validator``).
    validators: tuple[str, ...]


RULES = Rules(
    sentence=("offences", "status", "convicted", "sentence_months"),
    record_ids={"offences": "offence_id", "incidents": "incident_id"},
    past_dates=("received_on", "birth_date"),
    record_dates={"offences": "date", "incidents": "date"},
    case_id="case_id",
    validators=("Offence._conviction_needs_sentence", "Case._unique_record_ids"),
)

#: The fields of a case, of an offence and of an incident (SPEC §1).
CASE_SPEC: tuple[Field, ...] = fields_of(Case)
NESTED_SPECS: dict[str, tuple[Field, ...]] = {
    f.name: f.items for f in CASE_SPEC if f.kind == "list"
}
OFFENCE_SPEC: tuple[Field, ...] = NESTED_SPECS["offences"]
INCIDENT_SPEC: tuple[Field, ...] = NESTED_SPECS["incidents"]
