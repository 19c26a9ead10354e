"""Shared state and helpers of the rule set checker (see :mod:`rules.loading`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rules.errors import RuleIssue, show, unknown
from rules.language import (
    Condition,
    Parameter,
    Text,
)
from rules.vocabulary import AUDIT_ONLY, FieldSpec, Names, NameSet

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
    # Names read from untrusted YAML are looked up here: these containers answer "no" for a
    # list or mapping where a name should be (a plain dict or set would raise TypeError).
    params: Names[Parameter] = field(default_factory=Names)
    fact_types: Names[str] = field(default_factory=Names)
    criterion_ids: NameSet = field(default_factory=NameSet)
    blocker_ids: NameSet = field(default_factory=NameSet)
    flag_names: NameSet = field(default_factory=NameSet)
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
                None if found is None else show(found),
                suggestion,
            )
        )

    def unknown(
        self,
        rule_id: str | None,
        key: str,
        what: str,
        expected: str | None,
        found: Any,
        known: Iterable[str],
    ) -> None:
        """Report an unknown name with the closest known one (:func:`rules.errors.unknown`)."""
        self.issues.append(unknown(self.source, rule_id, key, what, expected, found, known))

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
                self.unknown(rule_id, f"{key}.{k}", "key", ", ".join(allowed), k, allowed)

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
            self.unknown(rule_id, key, "field", expected, name, known)

    def rule_list(self, raw: Any, key: str) -> list[Mapping[str, Any]]:
        if not isinstance(raw, list):
            self.issue(None, key, f"{key} are a list", "a list", raw)
            return []
        out, seen = [], set()
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                self.issue(None, f"{key}[{i}]", "each entry needs an id", "id: NAME", item)
                continue
            if item["id"] in seen:
                self.issue(item["id"], f"{key}[{i}].id", "duplicate id")
            seen.add(item["id"])
            out.append(item)
        return out
