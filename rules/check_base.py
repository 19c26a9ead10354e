"""Shared state and helpers of the rule set checker (see :mod:`rules.loading`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rules.errors import RuleIssue, did_you_mean
from rules.language import (
    Condition,
    Parameter,
    Text,
)
from rules.vocabulary import AUDIT_ONLY, FieldSpec

_AUDIT_REASON = (
    "is an audit-only field: it is stored only for the fairness audit and may never "
    "be read by a rule, a derived fact or a model (Art. 3 Abs. 3 GG, GDPR Art. 9, "
    "EU AI Act Art. 10)"
)


@dataclass
class Scope:
    """What a condition may refer to where it stands."""

    fields: Mapping[str, FieldSpec]
    field_scope: str
    facts: bool = True
    rules: bool = True


@dataclass
class CheckerBase:
    source: str
    issues: list[RuleIssue] = field(default_factory=list)
    params: dict[str, Parameter] = field(default_factory=dict)
    fact_types: dict[str, str] = field(default_factory=dict)
    criterion_ids: set[str] = field(default_factory=set)
    blocker_ids: set[str] = field(default_factory=set)
    flag_names: set[str] = field(default_factory=set)
    _flag_conditions: dict[str, Condition] = field(default_factory=dict)

    def issue(
        self,
        rule_id: str | None,
        key: str,
        message: str,
        expected: str | None = None,
        found: Any = None,
        suggestion: str | None = None,
    ) -> None:
        self.issues.append(
            RuleIssue(
                self.source,
                rule_id,
                key,
                message,
                expected,
                None if found is None else _show(found),
                suggestion,
            )
        )

    def text(self, raw: Any, rule_id: str | None, key: str) -> Text:
        if isinstance(raw, str):
            return Text(raw, raw)
        if isinstance(raw, Mapping) and isinstance(raw.get("de"), str):
            extra = set(raw) - {"de", "en"}
            if extra:
                self.issue(rule_id, key, "unknown language", "de and en", sorted(extra)[0])
            return Text(raw["de"], raw.get("en") or raw["de"])
        self.issue(rule_id, key, "a text needs at least German", "{de: ..., en: ...}", raw)
        return Text("", "")

    def unknown_keys(
        self, rule_id: str | None, key: str, body: Mapping[str, Any], allowed: tuple[str, ...]
    ) -> None:
        for k in body:
            if k not in allowed:
                self.issue(
                    rule_id,
                    f"{key}.{k}",
                    "unknown key",
                    ", ".join(allowed),
                    k,
                    did_you_mean(str(k), allowed),
                )

    def field_issue(
        self,
        rule_id: str | None,
        key: str,
        name: Any,
        known: Mapping[str, FieldSpec],
        expected: str,
    ) -> None:
        if name in AUDIT_ONLY:
            self.issue(rule_id, key, f"{name!r} {_AUDIT_REASON}")
        else:
            self.issue(
                rule_id, key, "unknown field", expected, name, did_you_mean(str(name), known)
            )


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."
