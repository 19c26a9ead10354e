"""Load a rule set from YAML and check it completely before anything runs.

Every problem found is collected (not just the first) and raised together as a
:class:`rules.errors.RuleSetError`; each names the file, the rule id and the offending key, says
what was expected and what was found, and suggests the closest known name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rules.check_definitions import DefinitionChecks
from rules.check_queue import QueueChecks
from rules.check_uses import ModelChecks
from rules.errors import RuleSetError, either, expect, kind_of, rule_issue, unknown
from rules.language import (
    RuleSet,
)
from rules.parameters import check_value
from rules.plan import build_plan
from rules.vocabulary import Names, NameSet
from rules.yaml_lines import YamlSyntaxError, YamlText, with_lines
from texts import coded

SETS_DIR = Path(__file__).parent / "sets"
#: The shipped rule set the product uses unless it is told another (the one place that names it).
DEFAULT_RULESET = "amit-nrw-default"
TOP_KEYS = (
    "name",
    "version",
    "description",
    "parameters",
    "facts",
    "criteria",
    "blockers",
    "actions",
    "flags",
    "tiers",
    "ordering",
    "queue",
    "counterfactuals",
    "model",
)


#: Test scenarios kept beside a rule set (``<rule set>.scenarios.yaml``, :mod:`rules.scenarios`).
SCENARIOS_SUFFIX = ".scenarios.yaml"


def shipped_rulesets() -> dict[str, Path]:
    """Name -> path of the rule sets that ship with the product (not their scenario files)."""
    return {
        path.stem: path
        for path in sorted(SETS_DIR.glob("*.yaml"))
        if not path.name.endswith(SCENARIOS_SUFFIX)
    }


def load_ruleset(
    name_or_path: str | Path = DEFAULT_RULESET, overrides: Mapping[str, Any] | None = None
) -> RuleSet:
    """Load a shipped rule set by name, or a YAML file by path, and check it completely."""
    shipped = shipped_rulesets()
    path = shipped.get(str(name_or_path)) or Path(name_or_path)
    if not path.exists():
        expected = expect("ruleset_ref", names=", ".join(shipped))
        raise RuleSetError(
            [unknown(str(name_or_path), None, "<file>", "ruleset", expected, name_or_path, shipped)]
        )
    return parse_ruleset_text(
        path.read_text(encoding="utf-8"), source=str(path), overrides=overrides
    )


def parse_ruleset_text(
    text: str, *, source: str = "<memory>", overrides: Mapping[str, Any] | None = None
) -> RuleSet:
    """Check a rule set given as YAML text; every issue carries the line of its key."""
    try:
        parsed = YamlText.parse(text)
    except YamlSyntaxError as error:
        raise RuleSetError(
            [rule_issue(source, None, "<file>", "not_yaml", line=error.line, detail=error.said)]
        ) from None
    return parse_checked(parsed, source=source, overrides=overrides)


def parse_checked(
    parsed: YamlText, *, source: str = "<memory>", overrides: Mapping[str, Any] | None = None
) -> RuleSet:
    """Check a parsed YAML text: a key written twice is an issue, and every issue has its line."""
    twice = [
        rule_issue(source, None, path, "key_twice", line=line, found=path.rsplit(".", 1)[-1])
        for path, line in parsed.duplicates
    ]
    try:
        ruleset = parse_ruleset(parsed.value, source=source, overrides=overrides)
    except RuleSetError as error:
        raise type(error)([*twice, *with_lines(error.issues, parsed)]) from None
    if twice:
        raise RuleSetError(twice)
    return ruleset


def parse_ruleset(
    document: Any, *, source: str = "<memory>", overrides: Mapping[str, Any] | None = None
) -> RuleSet:
    """Check a parsed YAML document and build the typed rule set, or raise every issue."""
    checker = _Checker(source)
    ruleset = checker.build(document, dict(overrides or {}))
    if checker.issues or ruleset is None:
        raise RuleSetError(checker.issues)
    return ruleset


class _Checker(DefinitionChecks, QueueChecks, ModelChecks):
    """The complete checker: builds a :class:`RuleSet` or collects every issue."""

    def build(self, doc: Any, overrides: dict[str, Any]) -> RuleSet | None:
        if not isinstance(doc, Mapping):
            self.issue(None, "<file>", "ruleset_not_mapping", expect("yaml_mapping"), kind_of(doc))
            return None
        for key in doc:
            if key not in TOP_KEYS:
                self.unknown(None, str(key), "top_key", either(*TOP_KEYS), key, TOP_KEYS)
        for key in ("name", "version", "parameters", "facts", "criteria", "tiers", "ordering"):
            if key not in doc:
                self.issue(None, key, "missing_key")
        name = doc.get("name")
        if not isinstance(name, str) or not name:
            self.issue(None, "name", "needs_name", expect("non_empty_text"), name)
        version = doc.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.issue(None, "version", "needs_version", expect("positive_integer"), version)
        description = self.text(doc.get("description", {"de": "", "en": ""}), None, "description")

        self.params = Names(self.parameters(doc.get("parameters") or {}))
        values = {name: p.default for name, p in self.params.items()}
        for key, raw in overrides.items():
            if key not in self.params:
                self.unknown(
                    None, f"parameters.{key}", "parameter", expect("parameter"), key, self.params
                )
                continue
            value, problem = check_value(
                self.params[key], raw, source=self.source, key=f"parameters.{key}"
            )
            if problem:
                self.issues.append(problem)
            values[key] = value
        facts = self.facts(doc.get("facts") or {})

        raw_criteria = self.rule_list(doc.get("criteria") or [], "criteria")
        raw_blockers = self.rule_list(doc.get("blockers") or [], "blockers")
        raw_actions = self.rule_list(doc.get("actions") or [], "actions")
        self.unique_ids(raw_criteria, raw_blockers, raw_actions)
        self.criterion_ids = NameSet(r["id"] for r in raw_criteria)
        self.blocker_ids = NameSet(r["id"] for r in raw_blockers)
        raw_flags = doc.get("flags") or {}
        if not isinstance(raw_flags, Mapping):
            self.issue(
                None,
                "flags",
                "section_not_mapping",
                expect("mapping"),
                kind_of(raw_flags),
                section="flags",
            )
            raw_flags = {}
        self.flag_names = NameSet(name for name in raw_flags if isinstance(name, str))

        criteria = tuple(self.rule(r, "criterion") for r in raw_criteria)
        blockers = tuple(self.rule(r, "blocker") for r in raw_blockers)
        actions = tuple(self.rule(r, "action") for r in raw_actions)
        flags = {name: self.flag(name, body) for name, body in raw_flags.items()}
        self._flag_conditions = {name: flag.when for name, flag in flags.items()}
        plan, cycles = build_plan(
            facts=facts,
            criteria=criteria,
            blockers=blockers,
            flags=flags,
            actions=actions,
            source=self.source,
        )
        self.issues.extend(cycles)
        if plan is not None:
            facts = {name: facts[name] for name in plan.facts}
        tiers = self.tiers(doc.get("tiers") or [])
        ordering = self.ordering(doc.get("ordering") or [])
        queue = self.queue_use(doc.get("queue"), tiers)
        counterfactuals = self.counterfactual_use(doc.get("counterfactuals"))
        model = self.model_use(doc.get("model"))
        if self.issues:
            return None
        assert isinstance(name, str) and isinstance(version, int)  # else an issue is reported
        return RuleSet(
            name=name,
            version=version,
            description=description,
            parameters=self.params,
            values=values,
            facts=facts,
            criteria=criteria,
            blockers=blockers,
            actions=actions,
            flags=flags,
            tiers=tiers,
            ordering=ordering,
            source=self.source,
            document=dict(doc),
            queue=queue,
            counterfactuals=counterfactuals,
            model=model,
        )

    def unique_ids(self, *sections: list[Mapping[str, Any]]) -> None:
        """A rule id names one criterion, blocker or action: results are keyed by it."""
        seen: dict[str, str] = {}
        for name, rules in zip(("criteria", "blockers", "actions"), sections, strict=True):
            for rule in rules:
                rid = rule["id"]
                if rid in seen and seen[rid] != name:
                    self.issue(
                        rid,
                        f"{name}.{rid}.id",
                        "rule_id_twice",
                        expect("own_id"),
                        coded("rulecheck.found.also_in", section=seen[rid]),
                    )
                seen.setdefault(rid, name)
