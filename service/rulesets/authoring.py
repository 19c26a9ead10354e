"""Rule authoring in the service: whole rule set documents as drafts, the semantic diff between
versions, and the test scenarios kept with each version (issue #16).

A policy user submits a complete YAML rule set (API ``POST /rulesets`` with
``application/yaml`` or a multipart upload, the web editor, ``triage policy draft --file``); it is
checked completely — YAML, the rule set checker, the name, the scenario file — before anything
is stored, every problem with its line and key, and then goes the same way as a parameter draft:
simulate, approve (four eyes; failing scenarios need an explicit reason), activate.

See docs/rule-authoring.md.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from rules import RuleSet
from rules.diff import RulesetDiff, diff
from rules.errors import RuleIssue, RuleSetError
from rules.loading import parse_checked, parse_ruleset
from rules.scenarios import (
    ExpectationChanges,
    ScenarioFileError,
    ScenarioSuite,
    SuiteResult,
    check_applies,
    expectation_changes,
    parse_scenarios,
    run,
)
from rules.yaml_lines import YamlSyntaxError, YamlText
from service.audit import chain
from service.auth.models import User
from service.rulesets import service
from service.rulesets.models import RulesetVersion, VersionNotFoundError
from texts import text as catalogue_text

#: Largest rule set or scenario file accepted (characters).
MAX_TEXT = 1_000_000
_VERSION_LINE = re.compile(r"^version:[ \t]*\d+[ \t]*$", re.MULTILINE)


class DocumentRejected(RuleSetError):
    """A submitted rule set (or its scenarios) that cannot be stored; every issue, with lines."""


def _issue(source: str, key: str, code: str, line: int | None = None, **values: Any) -> RuleIssue:
    """An issue of the service itself: ``code`` is a catalogue key, said when it is shown."""
    return RuleIssue(source, None, key, code, line=line, values=values)


def check_document(
    text: str,
    *,
    source: str = "Regelwerk",
    scenarios: str | None = None,
    scenarios_source: str = "Szenarien",
) -> tuple[RuleSet, dict[str, Any], ScenarioSuite | None]:
    """Check a rule set text (and a scenario text) completely; :class:`DocumentRejected` with
    every issue and its line when anything is wrong. Nothing is stored here."""
    issues: list[RuleIssue] = []
    if len(text) > MAX_TEXT:
        raise DocumentRejected(
            [_issue(source, "<file>", "authoring.service.too_large", n=MAX_TEXT)]
        )
    ruleset: RuleSet | None = None
    document: dict[str, Any] = {}
    try:
        parsed = YamlText.parse(text)
    except YamlSyntaxError as error:
        issues.append(
            _issue(source, "<file>", "authoring.service.not_yaml", error.line, error=error.said)
        )
    else:
        if isinstance(parsed.value, dict):
            document = parsed.value
        try:
            ruleset = parse_checked(parsed, source=source)
        except RuleSetError as error:
            issues += error.issues
    suite = None
    if scenarios is not None and scenarios.strip():
        try:
            suite = parse_scenarios(scenarios, source=scenarios_source)
            if ruleset is not None:
                check_applies(suite, ruleset)
        except ScenarioFileError as error:
            issues += [
                _issue(i.source, i.key, f"authoring.scenario.issue_{i.code}", i.line, **i.values)
                for i in error.issues
            ]
    if issues or ruleset is None:
        raise DocumentRejected(issues)
    return ruleset, document, suite


def create_document(
    *,
    db_session: Session,
    text: str,
    reason: str,
    user: User,
    base: str | None = None,
    scenarios: str | None = None,
    via: str = "api",
    source: str = "Regelwerk",
    scenarios_source: str = "Szenarien",
) -> RulesetVersion:
    """Store a whole rule set as a draft of its name (checked first; nothing stored on error).

    The name in the document must be that of a stored (or shipped) rule set; ``base`` is the
    version it is derived from (default: the version of that name in force). The version number
    is the next one of the name, whatever the document says. Without a scenario file the draft
    keeps the scenarios of its base.
    """
    service._require_policy(user, "draft")
    ruleset, document, suite = check_document(
        text, source=source, scenarios=scenarios, scenarios_source=scenarios_source
    )
    chain.lock(db_session)
    name = ruleset.name
    name_line = YamlText.parse(text).line("name")
    try:
        base_version = service._base_for(db_session, base or name)
    except VersionNotFoundError:
        if base is not None:
            raise
        raise DocumentRejected(
            [
                _issue(
                    source,
                    "name",
                    "authoring.service.unknown_name",
                    name_line,
                    name=name,
                )
            ]
        ) from None
    if base_version.name != name:
        raise DocumentRejected(
            [
                _issue(
                    source,
                    "name",
                    "authoring.service.other_name",
                    name_line,
                    name=name,
                    label=base_version.label,
                )
            ]
        )
    service.settle(db_session=db_session, name=name, actor=user.name)
    number = service.next_number(db_session=db_session, name=name)
    document = copy.deepcopy(document)
    document["version"] = number
    checked = parse_ruleset(document, source=f"draft {name}@{number}")
    source = _VERSION_LINE.sub(f"version: {number}", text, count=1)
    return service.store_draft(
        db_session=db_session,
        base_version=base_version,
        document=document,
        checked=checked,
        reason=reason,
        user=user,
        via=via,
        scenarios=suite.text if suite is not None else base_version.scenarios,
        source=source,
    )


def source_text(version: RulesetVersion) -> str:
    """The YAML of a version: as submitted, or written from the stored document."""
    if version.source:
        return version.source
    import yaml

    return str(yaml.safe_dump(version.document, sort_keys=False, allow_unicode=True, width=100))


# --------------------------------------------------------------------------- diff


def diff_versions(
    *, before: RulesetVersion, after: RulesetVersion, lang: str = "de"
) -> RulesetDiff:
    """The semantic difference between two stored versions, in words."""
    return diff(service.load(version=before), service.load(version=after), lang)


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class SuiteRun:
    """One suite on the version: its result, or why it could not run."""

    whose: str  # the version the scenarios come from (its label)
    kind: Literal["in_force", "own"]
    result: SuiteResult | None
    problem: str | None = None

    @property
    def key(self) -> str:
        """A code for the audit log: ``amit-nrw-default v1 (in_force)``."""
        return f"{self.whose} ({self.kind})"

    def title(self, lang: str = "de") -> str:
        return catalogue_text(f"authoring.service.suite_{self.kind}", lang, label=self.whose)

    @property
    def failing(self) -> list[str]:
        return [outcome.scenario.name for outcome in self.result.failed] if self.result else []


@dataclass(frozen=True)
class ScenarioReport:
    """The scenarios of the version in force and of the version itself, run on the version."""

    version_label: str
    in_force: SuiteRun | None
    own: SuiteRun | None
    changes: ExpectationChanges | None = None

    def notes(self, lang: str = "de") -> list[str]:
        if self.own is not None:
            return []
        return [
            catalogue_text("authoring.service.no_own_scenarios", lang, label=self.version_label)
        ]

    def runs(self) -> list[SuiteRun]:
        return [run for run in (self.in_force, self.own) if run is not None]

    def failing_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for suite_run in self.runs():
            names += [name for name in suite_run.failing if name not in names]
            if suite_run.problem:
                names.append(suite_run.key)
        return tuple(names)

    def summary(self) -> dict[str, Any]:
        """Counts for the audit log."""
        return {
            suite_run.key: None
            if suite_run.result is None
            else {
                "n": len(suite_run.result.outcomes),
                "failed": len(suite_run.result.failed),
                "coverage_complete": not suite_run.result.gaps,
            }
            for suite_run in self.runs()
        }

    def to_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "version": self.version_label,
            "failing": list(self.failing_names()),
            "passed": not self.failing_names(),
            "suites": [
                {
                    "kind": suite_run.kind,
                    "label": suite_run.title(lang),
                    "problem": suite_run.problem,
                    "result": None if suite_run.result is None else suite_run.result.to_dict(lang),
                }
                for suite_run in self.runs()
            ],
            "expectations": None if self.changes is None else self.changes.as_dict(),
            "notes": self.notes(lang),
        }


def _suite_run(
    whose: str,
    kind: Literal["in_force", "own"],
    scenarios: str | None,
    ruleset: RuleSet,
    source: str,
) -> SuiteRun | None:
    if scenarios is None:
        return None
    try:
        suite = parse_scenarios(scenarios, source=source)
        return SuiteRun(whose, kind, run(suite, ruleset))
    except ScenarioFileError as error:
        return SuiteRun(whose, kind, None, "; ".join(str(issue) for issue in error.issues))


def scenario_report(
    *, db_session: Session, version: RulesetVersion, today: date | None = None
) -> ScenarioReport:
    """Run the scenarios of the version in force and the version's own on the version."""
    current = service.in_force(db_session=db_session, name=version.name, on=today)
    return _report(
        service.load(version=version),
        version.label,
        version.scenarios,
        version.ref,
        None if current is None or current.id == version.id else current,
    )


def preview_report(
    *, db_session: Session, ruleset: RuleSet, scenarios: str | None
) -> ScenarioReport:
    """The same for a rule set that is not stored yet (the editor's check)."""
    current = service.in_force(db_session=db_session, name=ruleset.name)
    return _report(ruleset, ruleset.label, scenarios, "Szenarien", current)


def _report(
    ruleset: RuleSet,
    label: str,
    own_text: str | None,
    own_source: str,
    current: RulesetVersion | None,
) -> ScenarioReport:
    own = _suite_run(label, "own", own_text, ruleset, own_source)
    if current is None or current.scenarios is None or current.scenarios == own_text:
        return ScenarioReport(label, None, own, None)
    in_force_run = _suite_run(current.label, "in_force", current.scenarios, ruleset, current.ref)
    changes = None
    if own_text:
        try:
            changes = expectation_changes(
                parse_scenarios(current.scenarios), parse_scenarios(own_text)
            )
        except ScenarioFileError:
            changes = None
    return ScenarioReport(label, in_force_run, own, changes)
