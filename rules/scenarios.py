"""Test scenarios kept with a rule set: cases with the outcome the policy unit expects.

A scenario file ``<rule set>.scenarios.yaml`` lies beside the rule set (and is stored with every
version in the service)::

    ruleset: amit-nrw-default          # the rule set name it applies to
    scenarios:
      - name: Mehrfachtäter mit vollziehbarer Ausreisepflicht
        as_of: 2026-11-23
        parameters: {repeat_min_convictions: 3}   # optional overrides
        case: { ...a case record exactly as in SPEC §1... }
        expect:                                    # any subset of these keys
          tier: P1
          score: 55
          criteria: [VIOLENT, REPEAT]              # exact set
          blockers: []
          actions: [A_DOCUMENTS]
          criteria_include: [REPEAT]               # at least these

``blockers_include`` and ``actions_include`` work like ``criteria_include``. A malformed file
(not YAML, an unknown or missing key, a wrong type, a case that is not a valid case record, two
scenarios of one name) raises :class:`ScenarioFileError` with the line and key of every problem;
nothing runs. What a scenario expects of *this* rule set (an id it does not have, a parameter
override out of range) is that scenario failing, with the reason, because a draft may well
remove what an older suite names.

:func:`run` evaluates each case with the per-case engine at its ``as_of`` and compares; the
result says per scenario what differed and, per criterion, blocker, action and tier, in how many
scenarios it fired and did not fire (coverage).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cases.model import Case
from cases.validation import CaseInputError, InputIssue, validate_records
from rules.errors import ParameterError, RuleIssue, did_you_mean, words
from rules.interpreter import evaluate_case
from rules.labels import phrase
from rules.language import RuleSet, Text
from rules.loading import SCENARIOS_SUFFIX
from rules.parameters import with_parameters
from rules.yaml_lines import YamlSyntaxError, YamlText
from texts import coded, has

TOP_KEYS = ("ruleset", "scenarios")
SCENARIO_KEYS = ("name", "as_of", "parameters", "case", "expect")
SET_KEYS = ("criteria", "blockers", "actions")
INCLUDE_KEYS = tuple(f"{key}_include" for key in SET_KEYS)
EXPECT_KEYS = ("tier", "score", *SET_KEYS, *INCLUDE_KEYS)
#: Rule kinds of the coverage table, in the order it is shown.
KINDS = ("criterion", "blocker", "action", "tier")


def s(key: str, lang: str, /, **values: Any) -> str:
    return phrase("scenario", key, lang, **values)


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class ScenarioIssue:
    """One problem of a scenario file: where (line, key) and what, as a phrase code."""

    source: str
    line: int | None
    key: str
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "de") -> str:
        return words(f"authoring.scenario.issue_{self.code}", self.values, lang)

    def text(self, lang: str = "de") -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.key}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "key": self.key,
            "code": self.code,
            "text": self.text(lang),
        }


class ScenarioFileError(ValueError):
    """A scenario file that cannot be used; carries every issue."""

    def __init__(self, issues: list[ScenarioIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


@dataclass(frozen=True)
class Expectation:
    """What a scenario expects; ``None`` is "not checked"."""

    tier: str | None = None
    score: int | None = None
    criteria: frozenset[str] | None = None
    blockers: frozenset[str] | None = None
    actions: frozenset[str] | None = None
    criteria_include: frozenset[str] | None = None
    blockers_include: frozenset[str] | None = None
    actions_include: frozenset[str] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in EXPECT_KEYS:
            value = getattr(self, key)
            if value is not None:
                out[key] = sorted(value) if isinstance(value, frozenset) else value
        return out


@dataclass(frozen=True)
class Scenario:
    name: str
    as_of: date
    case: Case
    expect: Expectation
    parameters: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class ScenarioSuite:
    """A checked scenario file: the rule set name it is for and its scenarios, in file order."""

    ruleset: str
    scenarios: tuple[Scenario, ...]
    source: str
    text: str
    ruleset_line: int | None = None

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def by_name(self) -> dict[str, Scenario]:
        return {scenario.name: scenario for scenario in self.scenarios}


def scenarios_path(ruleset_path: str | Path) -> Path:
    """``<rule set>.scenarios.yaml`` beside a rule set file."""
    path = Path(ruleset_path)
    return path.with_name(path.name.removesuffix(".yaml").removesuffix(".yml") + SCENARIOS_SUFFIX)


def load_scenarios(path: str | Path) -> ScenarioSuite:
    """Read and check a scenario file (:class:`ScenarioFileError` when it is malformed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(
            [ScenarioIssue(str(path), None, "<file>", "unreadable", {"error": error})]
        ) from None
    return parse_scenarios(text, source=str(path))


def parse_scenarios(text: str, *, source: str = "<scenarios>") -> ScenarioSuite:
    """Check a scenario file's text completely: every problem with its line and key."""
    try:
        parsed = YamlText.parse(text)
    except YamlSyntaxError as error:
        raise ScenarioFileError(
            [ScenarioIssue(source, error.line, "<file>", "yaml", {"error": error.said})]
        ) from None
    reader = _Reader(source, parsed)
    suite = reader.suite()
    reader.issues[:0] = [
        ScenarioIssue(source, line, path, "key_twice", {}) for path, line in parsed.duplicates
    ]
    if reader.issues or suite is None:
        raise ScenarioFileError(reader.issues)
    return suite


@dataclass
class _Reader:
    source: str
    parsed: YamlText
    issues: list[ScenarioIssue] = field(default_factory=list)

    def issue(self, where: str, code: str, **values: Any) -> None:
        self.issues.append(ScenarioIssue(self.source, self.parsed.line(where), where, code, values))

    def suite(self) -> ScenarioSuite | None:
        doc = self.parsed.value
        if not isinstance(doc, Mapping):
            self.issue("<file>", "not_mapping", found=type(doc).__name__)
            return None
        self.unknown_keys("", doc, TOP_KEYS)
        name = doc.get("ruleset")
        if not isinstance(name, str) or not name:
            self.issue("ruleset", "missing" if "ruleset" not in doc else "not_name")
        raw = doc.get("scenarios")
        if not isinstance(raw, list) or not raw:
            self.issue("scenarios", "no_scenarios")
            raw = []
        scenarios = []
        first: dict[str, int] = {}
        for index, item in enumerate(raw):
            scenario = self.scenario(item, f"scenarios[{index}]")
            if scenario is None:
                continue
            if scenario.name in first:
                self.issue(
                    f"scenarios[{index}].name",
                    "duplicate",
                    name=scenario.name,
                    first=first[scenario.name] + 1,
                )
            first.setdefault(scenario.name, index)
            scenarios.append(scenario)
        if self.issues:
            return None
        assert isinstance(name, str)
        return ScenarioSuite(
            name, tuple(scenarios), self.source, self.parsed.text, self.parsed.line("ruleset")
        )

    def unknown_keys(self, prefix: str, body: Mapping[Any, Any], allowed: Sequence[str]) -> None:
        for key in body:
            if key not in allowed:
                self.issue(
                    f"{prefix}{key}",
                    "unknown_key",
                    key=key,
                    allowed=", ".join(allowed),
                    hint=did_you_mean(str(key), allowed) or "–",
                )

    def scenario(self, raw: Any, key: str) -> Scenario | None:
        if not isinstance(raw, Mapping):
            self.issue(key, "scenario_not_mapping")
            return None
        before = len(self.issues)
        self.unknown_keys(f"{key}.", raw, SCENARIO_KEYS)
        for required in ("name", "as_of", "case", "expect"):
            if required not in raw:
                self.issue(f"{key}.{required}", "missing")
        name = raw.get("name")
        if "name" in raw and (not isinstance(name, str) or not name.strip()):
            self.issue(f"{key}.name", "not_name")
        as_of = raw.get("as_of")
        if isinstance(as_of, str):
            try:
                as_of = date.fromisoformat(as_of)
            except ValueError:
                as_of = None
        if "as_of" in raw and not isinstance(as_of, date):
            self.issue(f"{key}.as_of", "not_date", found=raw.get("as_of"))
        parameters = raw.get("parameters") or {}
        if not isinstance(parameters, Mapping):
            self.issue(f"{key}.parameters", "not_parameters")
            parameters = {}
        expect = self.expectation(raw.get("expect"), f"{key}.expect") if "expect" in raw else None
        case = self.case(raw.get("case"), f"{key}.case") if "case" in raw else None
        if len(self.issues) > before or case is None or expect is None:
            return None
        assert isinstance(name, str) and isinstance(as_of, date)
        return Scenario(name.strip(), as_of, case, expect, dict(parameters), self.parsed.line(key))

    def case(self, raw: Any, key: str) -> Case | None:
        try:
            # Any date may appear: a scenario may well hold records after its as_of.
            return validate_records([raw], today=date.max)[0]
        except CaseInputError as error:
            for problem in error.issues:
                path = "" if problem.path == "<record>" else f".{problem.path}"
                self.issue(f"{key}{path}", "case", message=_input_problem(problem))
            return None

    def expectation(self, raw: Any, key: str) -> Expectation | None:
        if not isinstance(raw, Mapping) or not raw:
            self.issue(key, "no_expectation", keys=", ".join(EXPECT_KEYS))
            return None
        before = len(self.issues)
        self.unknown_keys(f"{key}.", raw, EXPECT_KEYS)
        values: dict[str, Any] = {}
        if "tier" in raw:
            if not isinstance(raw["tier"], str):
                self.issue(f"{key}.tier", "not_id", found=raw["tier"])
            values["tier"] = raw["tier"]
        if "score" in raw:
            score = raw["score"]
            if isinstance(score, bool) or not isinstance(score, int):
                self.issue(f"{key}.score", "not_int", found=score)
            values["score"] = score
        for name in (*SET_KEYS, *INCLUDE_KEYS):
            if name not in raw:
                continue
            items = raw[name]
            if items is None:
                items = []
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                self.issue(f"{key}.{name}", "not_ids", found=items)
                continue
            values[name] = frozenset(items)
        if len(self.issues) > before:
            return None
        return Expectation(**values)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Difference:
    """One way an outcome differs from its expectation (or why it could not be judged)."""

    key: str  # an expectation key, "parameters" or "unknown"
    expected: Any = None
    actual: Any = None
    missing: tuple[str, ...] = ()  # for sets: expected but absent
    extra: tuple[str, ...] = ()  # for exact sets: present but not expected
    message: str | None = None
    #: Why the parameters of a scenario do not apply (said in the reader's language).
    issues: tuple[RuleIssue, ...] = ()

    def text(self, ruleset: RuleSet, lang: str = "de") -> str:
        if self.key == "parameters":
            said = "; ".join(issue.text(lang) for issue in self.issues) or self.message
            return s("diff_parameters", lang, message=said)
        if self.key == "unknown":
            return s("diff_unknown", lang, ids=", ".join(self.missing), hint=self.message or "–")
        if self.key == "tier":
            return s(
                "diff_tier",
                lang,
                expected=_tier(ruleset, self.expected, lang),
                actual=_tier(ruleset, self.actual, lang),
            )
        if self.key == "score":
            return s("diff_score", lang, expected=self.expected, actual=self.actual)
        kind = self.key.removesuffix("_include")
        parts = []
        if self.missing:
            parts.append(s("missing", lang, rules=_titles(ruleset, self.missing, lang)))
        if self.extra:
            parts.append(s("extra", lang, rules=_titles(ruleset, self.extra, lang)))
        return s(f"kind_{kind}", lang) + ": " + ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "expected": self.expected,
            "actual": self.actual,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "message": self.message,
        }


@dataclass(frozen=True)
class Outcome:
    """What one scenario gave and whether that is what it expected."""

    scenario: Scenario
    tier: str | None
    score: int | None
    criteria: tuple[str, ...]
    blockers: tuple[str, ...]
    actions: tuple[str, ...]
    differences: tuple[Difference, ...]

    @property
    def passed(self) -> bool:
        return not self.differences

    @property
    def ran(self) -> bool:
        return self.tier is not None

    def text(self, ruleset: RuleSet, lang: str = "de") -> str:
        name = self.scenario.name
        if self.passed:
            return s(
                "passed",
                lang,
                name=name,
                tier=_tier(ruleset, self.tier, lang),
                score=self.score,
            )
        details = "; ".join(difference.text(ruleset, lang) for difference in self.differences)
        line = self.scenario.line
        return s("failed", lang, name=name, line=line if line is not None else "–", details=details)

    def as_dict(self, ruleset: RuleSet, lang: str = "de") -> dict[str, Any]:
        return {
            "name": self.scenario.name,
            "line": self.scenario.line,
            "as_of": self.scenario.as_of.isoformat(),
            "passed": self.passed,
            "expected": self.scenario.expect.as_dict(),
            "actual": None
            if not self.ran
            else {
                "tier": self.tier,
                "score": self.score,
                "criteria": list(self.criteria),
                "blockers": list(self.blockers),
                "actions": list(self.actions),
            },
            "differences": [difference.as_dict() for difference in self.differences],
            "text": self.text(ruleset, lang),
        }


@dataclass(frozen=True)
class CoverageRow:
    kind: str
    id: str
    title: Text
    fired: int
    not_fired: int

    @property
    def complete(self) -> bool:
        return self.fired > 0 and self.not_fired > 0


@dataclass(frozen=True)
class SuiteResult:
    """Every scenario's outcome on one rule set, and the coverage of its rules and tiers."""

    ruleset: RuleSet
    suites: tuple[ScenarioSuite, ...]
    outcomes: tuple[Outcome, ...]
    coverage: tuple[CoverageRow, ...]

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.passed]

    @property
    def passed(self) -> bool:
        return not self.failed

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.coverage if not row.complete]

    def summary(self, lang: str = "de") -> str:
        return s(
            "summary",
            lang,
            n=len(self.outcomes),
            passed=len(self.outcomes) - len(self.failed),
            failed=len(self.failed),
        )

    def coverage_summary(self, lang: str = "de") -> str:
        if not self.gaps:
            return s("coverage_full", lang)
        names = ", ".join(
            f"{row.title.get(lang)} ({s('never_' + _gap(row), lang)})" for row in self.gaps
        )
        return s("coverage_gaps", lang, n=len(self.gaps), rows=names)

    def to_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "ruleset": self.ruleset.label,
            "sources": [suite.source for suite in self.suites],
            "digests": [suite.digest for suite in self.suites],
            "n": len(self.outcomes),
            "passed": len(self.outcomes) - len(self.failed),
            "failed": len(self.failed),
            "summary": self.summary(lang),
            "outcomes": [outcome.as_dict(self.ruleset, lang) for outcome in self.outcomes],
            "coverage": [
                {
                    "kind": row.kind,
                    "id": row.id,
                    "title": row.title.get(lang),
                    "fired": row.fired,
                    "not_fired": row.not_fired,
                    "complete": row.complete,
                }
                for row in self.coverage
            ],
            "coverage_complete": not self.gaps,
            "coverage_summary": self.coverage_summary(lang),
        }


def _gap(row: CoverageRow) -> str:
    if row.fired == 0 and row.not_fired == 0:
        return "both"
    return "fired" if row.fired == 0 else "not_fired"


def _tier(ruleset: RuleSet, tier_id: Any, lang: str) -> str:
    try:
        return ruleset.tier(str(tier_id)).label.get(lang)
    except KeyError:
        return str(tier_id)


def _titles(ruleset: RuleSet, ids: Sequence[str], lang: str) -> str:
    names = []
    for rule_id in ids:
        try:
            names.append(f"„{ruleset.rule(rule_id).title.get(lang)}“")
        except KeyError:
            names.append(rule_id)
    return ", ".join(names)


def check_applies(suite: ScenarioSuite, ruleset: RuleSet) -> None:
    """Refuse a suite written for another rule set (a usage error, like a malformed file)."""
    if suite.ruleset != ruleset.name:
        raise ScenarioFileError(
            [
                ScenarioIssue(
                    suite.source,
                    suite.ruleset_line,
                    "ruleset",
                    "other_ruleset",
                    {"found": suite.ruleset, "expected": ruleset.name},
                )
            ]
        )


def run(suites: ScenarioSuite | Sequence[ScenarioSuite], ruleset: RuleSet) -> SuiteResult:
    """Every scenario of the suites on ``ruleset``, with the coverage of its rules and tiers
    over all of them (a suite for another rule set name is a :class:`ScenarioFileError`)."""
    many = (suites,) if isinstance(suites, ScenarioSuite) else tuple(suites)
    for suite in many:
        check_applies(suite, ruleset)
    outcomes = tuple(_run_one(scenario, ruleset) for suite in many for scenario in suite.scenarios)
    return SuiteResult(ruleset, many, outcomes, _coverage(ruleset, outcomes))


def _known_ids(ruleset: RuleSet) -> dict[str, tuple[str, ...]]:
    return {
        "criteria": tuple(rule.id for rule in ruleset.criteria),
        "blockers": tuple(rule.id for rule in ruleset.blockers),
        "actions": tuple(rule.id for rule in ruleset.actions),
        "tier": ruleset.tier_ids,
    }


def _unknown(expect: Expectation, ruleset: RuleSet) -> Difference | None:
    known = _known_ids(ruleset)
    unknown: list[str] = []
    hints: list[str] = []
    if expect.tier is not None and expect.tier not in known["tier"]:
        unknown.append(expect.tier)
        hints.append(did_you_mean(expect.tier, known["tier"]) or "")
    for kind in SET_KEYS:
        for key in (kind, f"{kind}_include"):
            for rule_id in sorted(getattr(expect, key) or ()):
                if rule_id not in known[kind]:
                    unknown.append(rule_id)
                    hints.append(did_you_mean(rule_id, known[kind]) or "")
    if not unknown:
        return None
    hint = ", ".join(h for h in hints if h) or None
    return Difference("unknown", missing=tuple(unknown), message=hint)


def _run_one(scenario: Scenario, ruleset: RuleSet) -> Outcome:
    def failed(difference: Difference) -> Outcome:
        return Outcome(scenario, None, None, (), (), (), (difference,))

    unknown = _unknown(scenario.expect, ruleset)
    if unknown is not None:
        return failed(unknown)
    try:
        rules = with_parameters(ruleset, scenario.parameters, source="parameters")
    except ParameterError as error:
        return failed(
            Difference(
                "parameters",
                message="; ".join(str(issue) for issue in error.issues),
                issues=tuple(error.issues),
            )
        )
    result = evaluate_case(scenario.case, rules, scenario.as_of)
    actual = {
        "criteria": tuple(result.criteria),
        "blockers": tuple(result.blockers),
        "actions": tuple(result.actions),
    }
    expect = scenario.expect
    differences = []
    if expect.tier is not None and expect.tier != result.tier:
        differences.append(Difference("tier", expect.tier, result.tier))
    if expect.score is not None and expect.score != result.score:
        differences.append(Difference("score", expect.score, result.score))
    for kind in SET_KEYS:
        got = set(actual[kind])
        exact = getattr(expect, kind)
        if exact is not None and exact != got:
            differences.append(
                Difference(
                    kind,
                    sorted(exact),
                    sorted(got),
                    missing=tuple(sorted(exact - got)),
                    extra=tuple(sorted(got - exact)),
                )
            )
        at_least = getattr(expect, f"{kind}_include")
        if at_least is not None and not at_least <= got:
            differences.append(
                Difference(
                    f"{kind}_include",
                    sorted(at_least),
                    sorted(got),
                    missing=tuple(sorted(at_least - got)),
                )
            )
    return Outcome(
        scenario,
        result.tier,
        result.score,
        actual["criteria"],
        actual["blockers"],
        actual["actions"],
        tuple(differences),
    )


def _coverage(ruleset: RuleSet, outcomes: Sequence[Outcome]) -> tuple[CoverageRow, ...]:
    ran = [outcome for outcome in outcomes if outcome.ran]
    rows = []
    groups: list[tuple[str, Sequence[Any], str]] = [
        ("criterion", ruleset.criteria, "criteria"),
        ("blocker", ruleset.blockers, "blockers"),
        ("action", ruleset.actions, "actions"),
    ]
    for kind, rules, attribute in groups:
        for rule in rules:
            fired = sum(rule.id in getattr(outcome, attribute) for outcome in ran)
            rows.append(CoverageRow(kind, rule.id, rule.title, fired, len(ran) - fired))
    for tier in ruleset.tiers:
        fired = sum(outcome.tier == tier.id for outcome in ran)
        rows.append(CoverageRow("tier", tier.id, tier.label, fired, len(ran) - fired))
    return tuple(rows)


@dataclass(frozen=True)
class ExpectationChanges:
    """How a draft's own scenarios differ from those of the version in force, by name."""

    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "changed": list(self.changed),
            "added": list(self.added),
            "removed": list(self.removed),
        }


def expectation_changes(old: ScenarioSuite, new: ScenarioSuite) -> ExpectationChanges:
    """Scenarios whose expectation (or case, date, parameters) changed, were added or removed."""
    before, after = old.by_name(), new.by_name()
    changed = tuple(
        name
        for name, scenario in after.items()
        if name in before and _essence(before[name]) != _essence(scenario)
    )
    added = tuple(name for name in after if name not in before)
    removed = tuple(name for name in before if name not in after)
    return ExpectationChanges(changed, added, removed)


def _essence(scenario: Scenario) -> tuple[Any, ...]:
    return (
        scenario.as_of,
        scenario.case,
        scenario.expect,
        tuple(sorted(scenario.parameters.items(), key=lambda item: item[0])),
    )


def _input_problem(problem: InputIssue) -> str:
    """A problem of a scenario's case as a stored code (:func:`texts.coded`), so it is said in
    the reader's language wherever the scenario issue is shown; a problem without a code as
    its sentence."""
    if problem.code is None or not has(f"validation.{problem.code}"):
        return problem.message
    expected = problem.expected
    if expected is not None and has(f"validation.expect.{expected}"):
        expected = coded(f"validation.expect.{expected}")  # words, not a value ("type")
    return coded(f"validation.{problem.code}", found=problem.found or "–", expected=expected or "–")
