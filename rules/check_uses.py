"""Checking what the product reads from a rule set besides its rules.

``queue:`` names the tiers that count as priority (workload, capacity, the what-if selection,
model labels) and the date fact shown as a case's latest event; ``counterfactuals:`` names the
changes of fact an explanation tries. Generic code reads these declarations and never a tier,
fact or parameter by name, so a rule set with other ids works everywhere or is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.check_conditions import ConditionChecks
from rules.errors import did_you_mean
from rules.language import CounterfactualUse, QueueUse, Tier
from rules.vocabulary import AUDIT_ONLY, CASE_FIELDS


class UseChecks(ConditionChecks):
    """The ``queue`` and ``counterfactuals`` sections."""

    def queue_use(self, raw: Any, tiers: tuple[Tier, ...]) -> QueueUse:
        if raw is None:
            return QueueUse()
        if not isinstance(raw, Mapping):
            self.issue(None, "queue", "queue is a mapping", "{priority, latest_event}", raw)
            return QueueUse()
        self.unknown_keys(None, "queue", raw, ("priority", "latest_event"))
        tier_ids = [t.id for t in tiers]
        priority: list[str] = []
        listed = raw.get("priority", [])
        if not isinstance(listed, list) or ("priority" in raw and not listed):
            self.issue(None, "queue.priority", "a list of tier ids", "[TIER, ...]", listed)
            listed = []
        for tier in listed:
            if tier not in tier_ids:
                self.unknown(None, "queue.priority", "tier", ", ".join(tier_ids), tier, tier_ids)
            elif tier in priority:
                self.issue(None, "queue.priority", "tier listed twice", None, tier)
            else:
                priority.append(tier)
        latest = raw.get("latest_event")
        if latest is not None and self.fact_types.get(str(latest)) != "date":
            known = [name for name, kind in self.fact_types.items() if kind == "date"]
            self.issue(
                None,
                "queue.latest_event",
                "the latest event is a date fact",
                "a fact that is the max or min of a record date (or max_of such facts)",
                latest,
                did_you_mean(str(latest), known),
            )
            latest = None
        return QueueUse(tuple(priority), latest)

    def counterfactual_use(self, raw: Any) -> CounterfactualUse:
        if raw is None:
            return CounterfactualUse()
        key = "counterfactuals"
        if not isinstance(raw, Mapping):
            self.issue(None, key, "counterfactuals is a mapping", "{fields: [...]}", raw)
            return CounterfactualUse()
        self.unknown_keys(None, key, raw, ("fields",))
        fields: list[str] = []
        for name in self._list(raw, "fields"):
            spec = CASE_FIELDS.get(str(name))
            if spec is None or name in AUDIT_ONLY:
                self.field_issue(None, f"{key}.fields", name, CASE_FIELDS, "a case field")
            elif spec.type not in ("enum", "bool"):
                self.issue(
                    None,
                    f"{key}.fields",
                    "a counterfactual sets a field to its other values",
                    "a yes/no field or a field with named values",
                    name,
                )
            else:
                fields.append(str(name))
        return CounterfactualUse(tuple(fields))

    def _list(self, raw: Mapping[str, Any], name: str) -> list[Any]:
        items = raw.get(name, [])
        if not isinstance(items, list):
            self.issue(None, f"counterfactuals.{name}", "a list is needed", "a list", items)
            return []
        return items
