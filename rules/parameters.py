"""Parameter values: type and range checks, overrides, parsing ``NAME=VALUE`` from the CLI."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from rules.errors import ParameterError, RuleIssue, either, expect, rule_issue, unknown
from rules.language import Parameter, RuleSet
from texts import coded, has


def check_value(
    param: Parameter, value: Any, *, source: str, key: str
) -> tuple[Any, RuleIssue | None]:
    """Return the normalised value, or an issue saying what was expected."""
    if param.type == "bool":
        if isinstance(value, bool):
            return value, None
        return value, rule_issue(
            source, None, key, "param_bool", either("true", "false"), repr(value), name=param.name
        )
    if param.type == "int":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not value.is_integer())
        ):
            return value, rule_issue(
                source,
                None,
                key,
                "param_int",
                expect("integer_in", min=param.minimum, max=param.maximum),
                repr(value),
                name=param.name,
            )
        value = int(value)
        if (param.minimum is not None and value < param.minimum) or (
            param.maximum is not None and value > param.maximum
        ):
            return value, rule_issue(
                source,
                None,
                key,
                "param_range",
                expect("range", min=param.minimum, max=_amount(param.maximum, param.unit)),
                repr(value),
                name=param.name,
            )
        return value, None
    # category_set
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value, rule_issue(
            source,
            None,
            key,
            "param_set",
            expect("list_of", of=param.of),
            repr(value),
            name=param.name,
        )
    items = list(value)
    strangers = [item for item in items if item not in param.choices]
    if strangers:
        expected = expect("one_of", items=", ".join(param.choices))
        return value, unknown(
            source, None, key, "category", expected, strangers[0], param.choices, name=param.name
        )
    if not items:
        return value, rule_issue(
            source,
            None,
            key,
            "param_empty",
            expect("at_least_one", of=param.of),
            "[]",
            name=param.name,
        )
    return tuple(sorted(set(items), key=param.choices.index)), None


def _amount(value: int | None, unit: str | None) -> str | int | None:
    """``60 Monate`` in the reader's language where the unit has words, else the number."""
    key = f"vocab.amount.{unit}"
    if value is None or not unit or not has(key):
        return value
    return coded(key, n=value)


def unknown_parameter(ruleset: RuleSet, name: str, source: str) -> RuleIssue:
    """The issue for a parameter name the rule set does not declare (with did-you-mean)."""
    expected = expect("parameter_of", ruleset=ruleset.label)
    return unknown(source, None, name, "parameter", expected, name, ruleset.parameters)


def with_parameters(
    ruleset: RuleSet, overrides: Mapping[str, Any], *, source: str = "parameters"
) -> RuleSet:
    """A copy of ``ruleset`` with changed parameter values; refuses bad values with every issue."""
    issues: list[RuleIssue] = []
    values = dict(ruleset.values)
    for name, raw in overrides.items():
        param = ruleset.parameters.get(name)
        if param is None:
            issues.append(unknown_parameter(ruleset, name, source))
            continue
        value, issue = check_value(param, raw, source=source, key=name)
        if issue:
            issues.append(issue)
        else:
            values[name] = value
    if issues:
        raise ParameterError(issues)
    return dataclasses.replace(ruleset, values=values)


def parse_assignment(text: str, ruleset: RuleSet) -> tuple[str, Any]:
    """Parse ``NAME=VALUE`` (as given to ``--set``) into a typed value for the named parameter."""
    if "=" not in text:
        raise ParameterError(
            [rule_issue("--set", None, text, "assignment", expect("assignment"), repr(text))]
        )
    name, _, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    param = ruleset.parameters.get(name)
    if param is None:
        raise ParameterError([unknown_parameter(ruleset, name, "--set")])
    value: Any = raw
    if param.type == "int":
        with contextlib.suppress(ValueError):  # check_value reports the type
            value = int(raw)
    elif param.type == "bool":
        value = {"true": True, "false": False, "1": True, "0": False}.get(raw.lower(), raw)
    else:
        value = [item.strip() for item in raw.split(",") if item.strip()]
    return name, value


def parse_assignments(texts: Iterable[str], ruleset: RuleSet) -> dict[str, Any]:
    issues: list[RuleIssue] = []
    out: dict[str, Any] = {}
    for text in texts:
        try:
            name, value = parse_assignment(text, ruleset)
        except ParameterError as error:
            issues.extend(error.issues)
            continue
        out[name] = value
    if issues:
        raise ParameterError(issues)
    return out


def describe_values(ruleset: RuleSet) -> dict[str, Any]:
    """Parameter values as plain JSON-able data."""
    return {name: list(v) if isinstance(v, tuple) else v for name, v in ruleset.values.items()}


def changed_parameters(base: RuleSet, other: RuleSet) -> dict[str, tuple[Any, Any]]:
    """name -> (base value, other value) for every parameter whose value differs."""
    return {
        name: (base.values.get(name), value)
        for name, value in other.values.items()
        if base.values.get(name) != value
    }
