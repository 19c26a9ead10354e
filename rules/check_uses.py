"""Checking what the product reads from a rule set besides its rules.

``model:`` declares the inputs of the optional points model (each with its source, direction and
bin cuts) and the simulated caseworker of the demo; :mod:`models.features` and
:mod:`models.history` read it and name nothing of a rule set themselves.

``queue:`` names the tiers that count as priority (workload, capacity, the what-if selection,
model labels) and the date fact shown as a case's latest event; ``counterfactuals:`` names the
changes of fact an explanation tries. Generic code reads these declarations and never a tier,
fact or parameter by name, so a rule set with other ids works everywhere or is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.check_conditions import ConditionChecks
from rules.errors import did_you_mean, either, expect
from rules.language import CounterfactualUse, ModelFeature, ModelUse, QueueUse, Text, Tier
from rules.vocabulary import AUDIT_ONLY, CASE_FIELDS


class UseChecks(ConditionChecks):
    """The ``queue`` and ``counterfactuals`` sections."""

    def queue_use(self, raw: Any, tiers: tuple[Tier, ...]) -> QueueUse:
        if raw is None:
            return QueueUse()
        if not isinstance(raw, Mapping):
            self.issue(
                None,
                "queue",
                "section_not_mapping",
                "{priority, latest_event}",
                raw,
                section="queue",
            )
            return QueueUse()
        self.unknown_keys(None, "queue", raw, ("priority", "latest_event"))
        tier_ids = [t.id for t in tiers]
        priority: list[str] = []
        listed = raw.get("priority", [])
        if not isinstance(listed, list) or ("priority" in raw and not listed):
            self.issue(None, "queue.priority", "tier_list", "[TIER, …]", listed)
            listed = []
        for tier in listed:
            if tier not in tier_ids:
                self.unknown(None, "queue.priority", "tier", either(*tier_ids), tier, tier_ids)
            elif tier in priority:
                self.issue(None, "queue.priority", "tier_twice", None, tier)
            else:
                priority.append(tier)
        latest = raw.get("latest_event")
        if latest is not None and self.fact_types.get(str(latest)) != "date":
            known = [name for name, kind in self.fact_types.items() if kind == "date"]
            self.issue(
                None,
                "queue.latest_event",
                "latest_event_date",
                expect("date_fact"),
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
            self.issue(None, key, "section_not_mapping", "{fields: […]}", raw, section=key)
            return CounterfactualUse()
        self.unknown_keys(None, key, raw, ("fields",))
        fields: list[str] = []
        for name in self._list(raw, "fields"):
            spec = CASE_FIELDS.get(str(name))
            if spec is None or name in AUDIT_ONLY:
                self.field_issue(None, f"{key}.fields", name, CASE_FIELDS, expect("case_field"))
            elif spec.type not in ("enum", "bool"):
                self.issue(
                    None,
                    f"{key}.fields",
                    "counterfactual_field",
                    expect("bool_or_enum_field"),
                    name,
                )
            else:
                fields.append(str(name))
        return CounterfactualUse(tuple(fields))

    def _list(self, raw: Mapping[str, Any], name: str) -> list[Any]:
        items = raw.get(name, [])
        if not isinstance(items, list):
            self.issue(None, f"counterfactuals.{name}", "needs_list", expect("list"), items)
            return []
        return items


_SOURCES = ("fact", "criterion", "blocker", "field")
_FEATURE_KEYS = ("name", *_SOURCES, "monotone", "cuts", "title", "levels")
_SIM_KEYS = ("intercept", "terms", "legal_obstacle", "recent_event", "noise_sd")
_TERM_KEYS = ("feature", "at_least", "equals", "per_unit", "cap", "weight")


class ModelChecks(UseChecks):
    """The ``model`` section."""

    def model_use(self, raw: Any) -> ModelUse:
        if raw is None:
            return ModelUse()
        if not isinstance(raw, Mapping):
            self.issue(
                None,
                "model",
                "section_not_mapping",
                "{features, excluded, simulation}",
                raw,
                section="model",
            )
            return ModelUse()
        self.unknown_keys(None, "model", raw, ("features", "excluded", "simulation"))
        features: list[ModelFeature] = []
        listed = raw.get("features", [])
        if not isinstance(listed, list):
            self.issue(None, "model.features", "feature_list", "[{name, …}]", listed)
            listed = []
        for i, item in enumerate(listed):
            feature = self._feature(item, f"model.features[{i}]")
            if feature is None:
                continue
            if any(f.name == feature.name for f in features):
                self.issue(None, f"model.features[{i}].name", "feature_twice", None, feature.name)
                continue
            features.append(feature)
        excluded_raw = raw.get("excluded", {}) or {}
        excluded: list[tuple[str, Text]] = []
        if not isinstance(excluded_raw, Mapping):
            self.issue(None, "model.excluded", "excluded_mapping", "{NAME: …}", excluded_raw)
        else:
            for name, why in excluded_raw.items():
                key = f"model.excluded.{name}"
                before = len(self.issues)
                reason = self.text(why, None, key) if why else Text("", "")
                if reason.de.strip():
                    excluded.append((str(name), reason))
                elif len(self.issues) == before:  # not already refused as a text
                    self.issue(None, key, "reason_needed", expect("text"), why)
        simulation = self._simulation(raw.get("simulation"), {f.name for f in features})
        return ModelUse(tuple(features), tuple(excluded), simulation)

    def _operand(self, value: Any, key: str) -> float | tuple[str, float] | None:
        if isinstance(value, bool):
            self.issue(None, key, "number_or_param", either("1", "{param: NAME}"), value)
            return None
        if isinstance(value, int | float):
            return value  # as written: 2 stays 2 (the feature schema shows it so)
        if isinstance(value, Mapping) and isinstance(value.get("param"), str):
            self.unknown_keys(None, key, value, ("param", "factor"))
            name = value["param"]
            if name not in self.params:
                self.unknown(None, key, "parameter", expect("parameter"), name, list(self.params))
                return None
            factor = value.get("factor", 1)
            if isinstance(factor, bool) or not isinstance(factor, int | float):
                self.issue(None, f"{key}.factor", "needs_number", expect("number"), factor)
                return None
            return (name, factor)
        self.issue(None, key, "number_or_param", either("1", "{param: NAME}"), value)
        return None

    def _feature(self, item: Any, key: str) -> ModelFeature | None:
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            self.issue(None, key, "feature_needs_name", "{name: …, fact: …}", item)
            return None
        self.unknown_keys(None, key, item, _FEATURE_KEYS)
        name = item["name"]
        sources = [k for k in _SOURCES if k in item]
        if len(sources) != 1:
            self.issue(None, key, "feature_one_source", either(*_SOURCES), sorted(map(str, item)))
            return None
        kind = sources[0]
        source = str(item[kind])
        known = {
            "fact": list(self.fact_types),
            "criterion": list(self.criterion_ids),
            "blocker": list(self.blocker_ids),
        }
        levels: tuple[tuple[str, int], ...] = ()
        if kind == "field":
            spec = CASE_FIELDS.get(source)
            if spec is None or source in AUDIT_ONLY:
                self.field_issue(None, f"{key}.field", source, CASE_FIELDS, expect("case_field"))
                return None
            raw_levels = item.get("levels")
            if spec.type == "enum":
                if not isinstance(raw_levels, Mapping) or not all(
                    isinstance(v, int) and not isinstance(v, bool) for v in raw_levels.values()
                ):
                    self.issue(
                        None,
                        f"{key}.levels",
                        "feature_levels",
                        "{VALUE: 1, …}",
                        raw_levels,
                    )
                    return None
                levels = tuple((str(k), int(v)) for k, v in raw_levels.items())
            elif spec.type != "bool":
                self.issue(
                    None,
                    f"{key}.field",
                    "feature_field_kind",
                    expect("bool_or_enum_field"),
                    source,
                )
                return None
        elif source not in known[kind]:
            self.unknown(
                None,
                f"{key}.{kind}",
                kind,
                expect(f"of_ruleset.{kind}"),
                source,
                known[kind],
            )
            return None
        monotone = item.get("monotone", 0)
        if monotone not in (-1, 0, 1) or isinstance(monotone, bool):
            self.issue(None, f"{key}.monotone", "monotone", either("-1", "0", "1"), monotone)
            return None
        raw_cuts = item.get("cuts")
        if not isinstance(raw_cuts, list) or not raw_cuts:
            self.issue(None, f"{key}.cuts", "cuts_list", "[1, {param: NAME}]", raw_cuts)
            return None
        cuts = [self._operand(c, f"{key}.cuts[{j}]") for j, c in enumerate(raw_cuts)]
        if any(c is None for c in cuts):
            return None
        title = self.text(item.get("title"), None, f"{key}.title")
        return ModelFeature(
            name=name,
            kind=kind,  # type: ignore[arg-type]
            source=source,
            monotone=monotone,
            cuts=tuple(c for c in cuts if c is not None),
            title=title,
            levels=levels,
        )

    def _simulation(self, raw: Any, features: set[str]) -> dict[str, Any] | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.issue(
                None,
                "model.simulation",
                "section_not_mapping",
                "{intercept, terms, …}",
                raw,
                section="model.simulation",
            )
            return None
        self.unknown_keys(None, "model.simulation", raw, _SIM_KEYS)
        out: dict[str, Any] = {}
        for name in ("intercept", "legal_obstacle", "noise_sd"):
            value = raw.get(name, 0.0)
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.issue(None, f"model.simulation.{name}", "needs_number", "0.5", value)
                return None
            out[name] = float(value)
        terms = []
        raw_terms = raw.get("terms") or []
        if not isinstance(raw_terms, list):
            self.issue(None, "model.simulation.terms", "terms_list", "[{feature, …}]", raw_terms)
            return None
        for i, term in enumerate(raw_terms):
            key = f"model.simulation.terms[{i}]"
            named = term.get("feature") if isinstance(term, Mapping) else None
            if not isinstance(named, str) or named not in features:
                self.unknown(
                    None,
                    key,
                    "feature",
                    expect("model_feature"),
                    named if named is not None else term,
                    sorted(features),
                )
                return None
            self.unknown_keys(None, key, term, _TERM_KEYS)
            parsed: dict[str, Any] = {"feature": term["feature"]}
            for name in ("at_least", "equals"):
                if name in term:
                    operand = self._operand(term[name], f"{key}.{name}")
                    if operand is None:
                        return None
                    parsed[name] = operand
            for name in ("per_unit", "cap", "weight"):
                if name in term:
                    value = term[name]
                    if isinstance(value, bool) or not isinstance(value, int | float):
                        self.issue(None, f"{key}.{name}", "needs_number", "0.5", value)
                        return None
                    parsed[name] = float(value)
            if ("per_unit" in parsed) == ("weight" in parsed):
                self.issue(None, key, "term_weight", expect("one_of_both"), term)
                return None
            terms.append(parsed)
        out["terms"] = terms
        recent = raw.get("recent_event")
        if recent is not None:
            if not isinstance(recent, Mapping) or not all(
                isinstance(recent.get(k), int | float) for k in ("months", "weight")
            ):
                self.issue(
                    None,
                    "model.simulation.recent_event",
                    "recent_event",
                    "{months: 6, weight: 0.4}",
                    recent,
                )
                return None
            out["recent_event"] = {
                "months": int(recent["months"]),
                "weight": float(recent["weight"]),
            }
        return out
