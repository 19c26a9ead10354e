"""Checking tiers (reachability, catch-all) and the total queue order."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from rules.check_base import Scope
from rules.check_conditions import ConditionChecks
from rules.errors import either, expect
from rules.language import (
    All,
    Always,
    AnyOf,
    BlockerRef,
    Condition,
    FlagRef,
    Not,
    OrderKey,
    Tier,
)
from rules.vocabulary import AUDIT_ONLY, CASE_FIELDS


class QueueChecks(ConditionChecks):
    """Tiers and ordering."""

    def tiers(self, raw: Any) -> tuple[Tier, ...]:
        items = self.rule_list(raw, "tiers")
        out: list[Tier] = []
        for i, item in enumerate(items):
            tid = item["id"]
            key = f"tiers.{tid}"
            self.unknown_keys(tid, key, item, ("id", "label", "reason", "when", "otherwise"))
            if item.get("otherwise") is True:
                if "when" in item:
                    self.issue(tid, key, "catch_all_condition")
                if i != len(items) - 1:
                    self.issue(tid, key, "catch_all_last")
                when: Condition = Always()
            else:
                when = self.condition(
                    item.get("when"), tid, f"{key}.when", Scope(CASE_FIELDS, "case")
                )
            out.append(
                Tier(
                    tid,
                    self.text(item.get("label", tid), tid, f"{key}.label"),
                    self.text(item.get("reason", ""), tid, f"{key}.reason"),
                    when,
                )
            )
        if not out or not isinstance(out[-1].when, Always):
            self.issue(
                None,
                "tiers",
                "last_tier_catch_all",
                expect("otherwise"),
            )
        elif not self.issues:
            self.check_reachable(out)
        return tuple(out)

    def check_reachable(self, tiers: list[Tier]) -> None:
        """Every tier must be the first match for at least one combination of its atoms."""
        atoms: list[Condition] = []

        def collect(cond: Condition) -> None:
            if isinstance(cond, All | AnyOf):
                for item in cond.items:
                    collect(item)
            elif isinstance(cond, Not):
                collect(cond.item)
            elif isinstance(cond, FlagRef):
                collect(self._flag_conditions[cond.name])
            elif not isinstance(cond, Always) and cond not in atoms:
                atoms.append(cond)

        for tier in tiers:
            collect(tier.when)
        if len(atoms) > 16:
            return  # too many to enumerate; reachability is then not proven, only assumed

        def truth(cond: Condition, world: dict[Condition, bool]) -> bool:
            if isinstance(cond, All):
                return all(truth(c, world) for c in cond.items)
            if isinstance(cond, AnyOf):
                return any(truth(c, world) for c in cond.items)
            if isinstance(cond, Not):
                return not truth(cond.item, world)
            if isinstance(cond, FlagRef):
                return truth(self._flag_conditions[cond.name], world)
            if isinstance(cond, Always):
                return True
            if isinstance(cond, BlockerRef) and cond.id == "any":
                return world[cond] or any(world.get(BlockerRef(b), False) for b in self.blocker_ids)
            return world[cond]

        reached: set[str] = set()
        for bits in itertools.product((False, True), repeat=len(atoms)):
            world = dict(zip(atoms, bits, strict=True))
            for tier in tiers:
                if truth(tier.when, world):
                    reached.add(tier.id)
                    break
        for tier in tiers:
            if tier.id not in reached:
                self.issue(
                    tier.id,
                    f"tiers.{tier.id}.when",
                    "unreachable_tier",
                )

    def ordering(self, raw: Any) -> tuple[OrderKey, ...]:
        if not isinstance(raw, list) or not raw:
            self.issue(None, "ordering", "ordering_empty", expect("list"), raw)
            return ()
        out = []
        known = ("tier", "score", "case_id", *self.fact_types, *CASE_FIELDS)
        for i, item in enumerate(raw):
            key = f"ordering[{i}]"
            if not isinstance(item, Mapping):
                self.issue(None, key, "ordering_key_not_mapping", "{by, direction}", item)
                continue
            self.unknown_keys(None, key, item, ("by", "direction", "missing"))
            by = item.get("by")
            if by not in known:
                if by in AUDIT_ONLY:
                    self.audit_only(None, f"{key}.by", by)
                else:
                    self.unknown(
                        None,
                        f"{key}.by",
                        "ordering_key",
                        expect("ordering_key"),
                        by,
                        known,
                    )
                continue
            direction = item.get("direction", "asc")
            missing = item.get("missing", "last")
            if direction not in ("asc", "desc"):
                self.issue(
                    None, f"{key}.direction", "unknown.direction", either("asc", "desc"), direction
                )
            if missing not in ("first", "last"):
                self.issue(
                    None, f"{key}.missing", "unknown.placement", either("first", "last"), missing
                )
            out.append(OrderKey(by, direction, missing))
        if out and out[-1].by != "case_id":
            self.issue(
                None,
                "ordering",
                "ordering_total",
                expect("case_id_last"),
                out[-1].by,
            )
        return tuple(out)
