"""Shared state and helpers of the rule set checker (see :mod:`rules.loading`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rules.errors import RuleIssue, Value, expect, rule_issue, unknown
from rules.language import (
    Condition,
    Parameter,
    Text,
)
from rules.vocabulary import AUDIT_ONLY, FieldSpec, Names, NameSet


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
        code: str,
        expected: str | None = None,
        found: Any = None,
        suggestion: str | None = None,
        **values: Value,
    ) -> None:
        """Report ``code`` (a key under ``rulecheck.``) with its values."""
        self.issues.append(
            rule_issue(self.source, rule_id, key, code, expected, found, suggestion, None, **values)
        )

    def audit_only(self, rule_id: str | None, key: str, name: Any) -> None:
        """Report a rule set that reads an audit-only field (or names something after one)."""
        self.issue(rule_id, key, "audit_only", name=str(name))

    def unknown(
        self,
        rule_id: str | None,
        key: str,
        what: str,
        expected: str | None,
        found: Any,
        known: Iterable[str],
        **values: Value,
    ) -> None:
        """Report an unknown name with the closest known one (:func:`rules.errors.unknown`);
        ``what`` is a key under ``rulecheck.unknown.``."""
        self.issues.append(
            unknown(self.source, rule_id, key, what, expected, found, known, **values)
        )

    def text(self, raw: Any, rule_id: str | None, key: str) -> Text:
        if isinstance(raw, str):
            return Text(raw, raw)
        if isinstance(raw, Mapping) and isinstance(raw.get("de"), str):
            extra = set(raw) - {"de", "en"}
            if extra:
                self.issue(rule_id, key, "unknown.language", "de, en", sorted(extra)[0])
            return Text(raw["de"], raw.get("en") or raw["de"])
        self.issue(rule_id, key, "text_needs_german", "{de: …, en: …}", raw)
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
            self.audit_only(rule_id, key, name)
        else:
            self.unknown(rule_id, key, "field", expected, name, known)

    def rule_list(self, raw: Any, key: str) -> list[Mapping[str, Any]]:
        if not isinstance(raw, list):
            self.issue(None, key, "section_not_list", expect("list"), raw, section=key)
            return []
        out, seen = [], set()
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                self.issue(None, f"{key}[{i}]", "entry_needs_id", "id: NAME", item)
                continue
            if item["id"] in seen:
                self.issue(item["id"], f"{key}[{i}].id", "duplicate_id", found=item["id"])
            seen.add(item["id"])
            out.append(item)
        return out
