"""The case schema is described once, by the pydantic model; every other view is derived.

``cases.schema.fields_of`` reads the model; the columnar checks, the frames, the file formats and
the messages use what it gives. What the field types cannot say (the model's validators, the
context rules) is named once in ``cases.schema.RULES`` and held to the model here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, Field, field_validator

from cases import frames as frames_module
from cases.columnar import spec as columnar_spec
from cases.io import _common
from cases.model import Case, Incident, Offence
from cases.schema import (
    CASE_SPEC,
    NESTED_SPECS,
    RULES,
    SchemaError,
    fields_of,
)


def _models() -> dict[str, type[BaseModel]]:
    return {"cases": Case, "offences": Offence, "incidents": Incident}


def test_every_field_of_every_model_is_in_the_derived_spec() -> None:
    specs = {"cases": CASE_SPEC, **NESTED_SPECS}
    for level, model in _models().items():
        spec = specs[level]
        assert [f.name for f in spec] == list(model.model_fields), level
        for f in spec:
            info = model.model_fields[f.name]
            assert (f.presence == "required") == info.is_required(), f.name
            assert f.kind in ("str", "enum", "date", "bool", "number", "int", "list"), f.name
            if f.kind == "enum":
                inner = info.annotation
                if get_origin(inner) is not Literal:  # Literal[...] | None
                    (inner,) = [a for a in get_args(inner) if a is not type(None)]
                assert f.vocabulary == get_args(inner), f.name


def test_the_other_views_are_the_derived_spec() -> None:
    assert columnar_spec.CASE_SPEC is CASE_SPEC
    assert columnar_spec.NESTED_SPECS is NESTED_SPECS
    scalars = [f.name for f in CASE_SPEC if f.kind != "list"]
    assert list(frames_module.CASE_COLUMNS) == scalars == list(_common.CASE_KINDS)
    assert list(columnar_spec.JSON_SCHEMA.names) == list(Case.model_fields)
    for kind, spec in NESTED_SPECS.items():
        names = [f.name for f in spec]
        assert list(getattr(frames_module, f"{kind[:-1].upper()}_COLUMNS")) == ["case_idx", *names]
        assert list(_common._NESTED_KINDS[kind]) == names


def test_every_validator_of_the_model_is_a_named_rule() -> None:
    found = set()
    for model in _models().values():
        decorators = model.__pydantic_decorators__
        for group in (decorators.field_validators, decorators.model_validators):
            found |= {f"{model.__name__}.{name}" for name in group}
    assert found == set(RULES.validators)


def test_the_rules_name_fields_of_the_model() -> None:
    cases = {f.name: f for f in CASE_SPEC}
    lists = {name: {f.name: f for f in spec} for name, spec in NESTED_SPECS.items()}
    level, status, word, needed = RULES.sentence
    assert word in lists[level][status].vocabulary
    assert lists[level][needed].presence == "optional"
    for kind, key in RULES.record_ids.items():
        assert lists[kind][key].kind == "str"
    assert all(cases[name].kind == "date" for name in RULES.past_dates)
    assert all(lists[kind][name].kind == "date" for kind, name in RULES.record_dates.items())
    assert cases[RULES.case_id].pattern is not None


class _RiskyOffence(Offence):
    risk: Literal["low", "high"] | None = None
    weight: Annotated[float, Field(ge=0.5, le=2, allow_inf_nan=False)] = 1.0


class _TaggedCase(Case):
    offences: list[_RiskyOffence]  # type: ignore[assignment]
    file_number: Annotated[str, Field(min_length=3, max_length=12, pattern=r"^[0-9]+$")]
    priority: Annotated[int, Field(strict=True, ge=0, le=9)] | None = None


def test_a_field_added_to_a_model_subclass_is_in_its_derived_spec() -> None:
    offence = {f.name: f for f in fields_of(_RiskyOffence)}
    assert list(offence) == [*Offence.model_fields, "risk", "weight"]
    risk, weight = offence["risk"], offence["weight"]
    assert (risk.kind, risk.presence, risk.vocabulary) == ("enum", "optional", ("low", "high"))
    assert (weight.kind, weight.presence, weight.default) == ("number", "default", 1.0)
    assert (weight.minimum, weight.maximum, weight.finite) == (0.5, 2, True)

    case = {f.name: f for f in fields_of(_TaggedCase)}
    assert [f.name for f in case["offences"].items] == list(offence)
    assert case["offences"].record is _RiskyOffence
    number = case["file_number"]
    assert (number.kind, number.presence) == ("str", "required")
    assert (number.min_length, number.max_length, number.pattern) == (3, 12, r"^[0-9]+$")
    priority = case["priority"]
    assert (priority.kind, priority.presence, priority.minimum, priority.maximum) == (
        "int",
        "optional",
        0,
        9,
    )


def test_a_field_the_columns_cannot_hold_is_refused_by_name() -> None:
    class _Odd(BaseModel):
        notes: dict[str, Any]

    with pytest.raises(SchemaError, match="notes"):
        fields_of(_Odd)


def test_a_validator_of_a_subclass_is_not_a_named_rule() -> None:
    # a new cross-field rule must be named in RULES (and implemented by the columnar checks)
    class _Checked(Incident):
        @field_validator("severity")
        @classmethod
        def _odd(cls, value: int) -> int:
            return value

    assert f"{_Checked.__name__}._odd" not in RULES.validators
    assert "_odd" in _Checked.__pydantic_decorators__.field_validators


def test_frames_without_an_optional_field_get_it_absent() -> None:
    # a producer that does not know a new optional field (the generator) still makes frames
    from datetime import date

    from cases.frames import CaseFrames, normalize
    from cases.generator import generate_frames

    frames = generate_frames(5, seed=2, as_of=date(2026, 11, 23))
    bare = CaseFrames(
        frames.cases.drop(columns=["sex", "release_date"]),
        frames.offences.drop(columns=["juvenile"]),
        frames.incidents,
    )
    again = normalize(bare)
    assert list(again.cases.columns) == list(frames.cases.columns)
    assert again.cases["sex"].isna().all() and again.cases["release_date"].isna().all()
    assert not again.offences["juvenile"].any()
    with pytest.raises(KeyError, match="region"):
        normalize(
            CaseFrames(frames.cases.drop(columns=["region"]), frames.offences, frames.incidents)
        )
