"""The audit log in words: an entry's action, target and details as people read them.

The log stores codes (``case.read``, ``case:R-0001``, ``{"transitions": {"P1->NONE": 6}}``);
the audit page, the printed Art. 15 document and the command line show them here, rendered per
language at display time, with the codes kept beside the words for auditors (``code``).
Unknown actions and keys fall back to their code, marked as a code so a page shows it as one.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cases.model import REGIONS
from rules import RuleSet
from texts import format_date, format_number, has, shown, text

try:
    LOCAL_TZ: ZoneInfo | None = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing
    LOCAL_TZ = None

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_TRANSITION = re.compile(r"^([A-Za-z0-9_]+)->([A-Za-z0-9_]+)$")
#: A suite of test scenarios in an approval's details: ``amit-nrw-default v1 (in_force)``
#: (the scenarios of the version in force) or ``… (own)`` (the draft's own).
_SUITE = re.compile(r"^(?P<label>.+) \((?P<kind>in_force|own)\)$")
#: The details that name suites: the counts per suite and the failing scenarios (a suite that
#: could not run is listed by its key).
_SUITE_KEYS = frozenset({"scenarios", "failing_scenarios"})
#: A value that is a code: an identifier, a dotted code or a ``kind:id`` reference.
_CODE_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:[_.:][A-Za-z0-9_-]+)+$")
_TARGETS_WITH_ID = frozenset({"case", "user", "ruleset", "import", "events", "erasure"})
_PLAIN_TARGETS = {
    name: name
    for name in (
        "audit",
        "queue",
        "changes",
        "monitoring",
        "model",
        "documentation",
        "score",
        "web",
        "cli",
    )
} | {"import": "import_plain"}
#: Sources of a simulation or an import named in words (the demo's with its note in brackets).
_SOURCES = {"open caseload": "open_caseload", "demo generator": "demo_generator"}
#: Decision kinds, views and channels: their words live in the catalogue.
_VALUE_KEYS = {
    "kind": "web.decision.{}",
    "lang": "audit.value.lang.{}",
    "via": "audit.value.via.{}",
    "scrub": "audit.value.scrub.{}",
    "format": "audit.value.format.{}",
    "view": "audit.value.via.{}",
    "region": "vocab.region.{}",
    "regions": "vocab.region.{}",
    "role": "web.roles.{}",
    "source": "vocab.source.{}",
    "departure_status": "vocab.departure_status.{}",
    "toleration_reason": "vocab.toleration_reason.{}",
    "travel_document": "vocab.travel_document.{}",
    "sex": "vocab.sex.{}",
    "nationality": "vocab.nationality.{}",
    "category": "vocab.category.{}",
    "type": "vocab.type.{}",
    "severity": "vocab.severity.{}",
    "status": "vocab.status.{}",
}
#: Where the label of a key is looked up, first match wins: the audit log's details.
DETAIL_LABELS: tuple[Callable[[str], str], ...] = (lambda key: f"audit.key.{key}",)


@dataclass(frozen=True)
class Shown:
    """A piece of text and whether it is a code (shown as ``<code>`` on a page)."""

    text: str
    code: bool = False
    #: free text stored as it was written or shown (German, like every stored reason)
    stored: bool = False


@dataclass(frozen=True)
class Detail:
    """One key of an entry's details: its label (or the key as a code) and its value."""

    key: str
    label: str | None  # None: no label known, show the key as a code
    value: tuple[Shown, ...]


def when(value: datetime | str | None, lang: str, *, utc: bool = False) -> str:
    """``30.11.2026, 16:23 Uhr`` (German local time) / ``2026-11-30, 16:23`` (English), or
    in UTC with ``utc``; times without a zone are taken as UTC; ``–`` for none."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = ""
    if utc:
        value = value.astimezone(UTC)
    elif LOCAL_TZ is not None:
        value = value.astimezone(LOCAL_TZ)
    else:  # pragma: no cover - tzdata missing
        zone = " UTC"
    day = format_date(value.date(), lang)
    return text("audit.export.when", lang, date=day, time=value.strftime("%H:%M")) + zone


def day(value: date | str | None, lang: str) -> str:
    """A date as people read it (``30.11.2026`` / ``2026-11-30``)."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, lang)


def action_label(code: str, lang: str) -> str | None:
    """The words of a recorded action, or None when the catalogue does not know it."""
    key = f"audit.action.{code}"
    return text(key, lang) if has(key) else None


def action(code: str, lang: str) -> str:
    """The words of a recorded action, falling back to its code."""
    return action_label(code, lang) or code


def target(value: str | None, lang: str) -> str:
    """``case:koeln/R-0001`` -> ``Fall R-0001 (Köln)`` (``case:R-0001``, written before case
    ids were unique per region: ``Fall R-0001``); ``GET /model`` -> ``Aufruf GET /model``."""
    if not value:
        return "–"
    kind, sep, ident = value.partition(":")
    region, slash, case_id = ident.partition("/")
    if sep and kind == "case" and slash and region in REGIONS:
        return text(
            "audit.target.case_in_region",
            lang,
            id=case_id,
            region=text(f"vocab.region.{region}", lang),
        )
    if sep and kind in _TARGETS_WITH_ID:
        return text(f"audit.target.{kind}", lang, id=ident)
    if not sep and value in _PLAIN_TARGETS:
        return text(f"audit.target.{_PLAIN_TARGETS[value]}", lang)
    method, space, path = value.partition(" ")
    if space and method.isupper() and path.startswith("/"):
        return text("audit.target.request", lang, method=method, path=path)
    return value


class Wording:
    """Renders details with one rule set's tier labels and criterion titles."""

    def __init__(self, ruleset: RuleSet | None, lang: str) -> None:
        self.ruleset = ruleset
        self.lang = lang

    def tier(self, tier_id: str) -> str | None:
        if self.ruleset is None or tier_id not in self.ruleset.tier_ids:
            return None
        return self.ruleset.tier(tier_id).label.get(self.lang)

    def rule(self, rule_id: str) -> str | None:
        if self.ruleset is None:
            return None
        for rule in (*self.ruleset.criteria, *self.ruleset.blockers, *self.ruleset.actions):
            if rule.id == rule_id:
                return rule.title.get(self.lang)
        return None

    def scalar(self, key: str, value: Any) -> Shown:
        lang = self.lang
        if value is None:
            return Shown(text("audit.value.none", lang))
        if isinstance(value, bool):
            return Shown(text(f"vocab.bool.{str(value).lower()}", lang))
        pattern = _VALUE_KEYS.get(key)
        if pattern and has(pattern.format(value)):
            return Shown(text(pattern.format(value), lang))
        if isinstance(value, int | float):
            return Shown(format_number(value, lang))
        value = str(value)
        if value in REGIONS:  # a case's region beside its id (ids are unique per region)
            return Shown(text(f"vocab.region.{value}", lang))
        region, slash, case_id = value.partition("/")
        if slash and region in REGIONS and case_id:  # a case by key: ``koeln/R-1``
            return Shown(
                text(
                    "audit.value.case_in_region",
                    lang,
                    id=case_id,
                    region=text(f"vocab.region.{region}", lang),
                )
            )
        if key in ("tier", "selected_tiers", "previous_tier") and (label := self.tier(value)):
            return Shown(label)
        if label := self.rule(value):
            return Shown(label)
        if self.ruleset is not None and value in self.ruleset.parameters:
            return Shown(self.ruleset.parameters[value].description.get(lang))
        for source, name in _SOURCES.items():
            if value == source or value.startswith(f"{source} ("):
                return Shown(text(f"audit.value.source.{name}", lang))
        if _DATE.match(value):
            try:
                return Shown(day(value, lang))
            except ValueError:
                pass
        if _DATETIME.match(value):
            try:
                return Shown(when(value, lang))
            except ValueError:
                pass
        if label := self.tier(value):
            return Shown(label)
        if _CODE_LIKE.match(value):
            return Shown(value, code=True)
        words = shown(value, lang)
        return Shown(words, stored=words == value and " " in value)

    def value(self, key: str, value: Any) -> tuple[Shown, ...]:
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):  # JSON text (recorded evaluations)
                value = json.loads(value)
        if isinstance(value, dict):
            if not value:
                return (Shown(text("audit.details_none", self.lang)),)
            parts: list[Shown] = []
            for name, item in value.items():
                suite = self.suite(str(name)) if key in _SUITE_KEYS else None
                if suite is not None:
                    words = " ".join(s.text for s in self.value(str(name), item))
                    parts.append(Shown(f"{suite}: {words}"))
                else:
                    parts.append(self.pair(str(name), item))
            return tuple(parts)
        if isinstance(value, list | tuple):
            if not value:
                return (Shown(text("audit.details_none", self.lang)),)
            return tuple(self.item(key, item) for item in value)
        return (self.scalar(key, value),)

    def item(self, key: str, item: Any) -> Shown:
        """An item of a list: a ``[case, version]`` pair in words, else the value."""
        if (
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], int)
        ):
            return Shown(text("audit.value.case_version", self.lang, case=item[0], version=item[1]))
        if isinstance(item, list | tuple | dict):
            return Shown(" ".join(s.text for s in self.value(key, item)))
        if key in _SUITE_KEYS and isinstance(item, str) and (suite := self.suite(item)):
            return Shown(suite)
        return self.scalar(key, item)

    def suite(self, name: str) -> str | None:
        """A suite of test scenarios in words („Szenarien von amit-nrw-default v1 (in Kraft)“),
        None if ``name`` is no suite's key."""
        found = _SUITE.match(name)
        if found is None:
            return None
        return text(f"authoring.service.suite_{found['kind']}", self.lang, label=found["label"])

    def pair(self, name: str, item: Any) -> Shown:
        """An item of a mapping: a tier transition ``P1->NONE: 6`` in words, else ``key: value``."""
        lang = self.lang
        moved = _TRANSITION.match(name)
        if moved:
            before, after = (self.tier(t) or t for t in moved.groups())
            count = format_number(item, lang) if isinstance(item, int | float) else str(item)
            return Shown(text("audit.value.transition", lang, before=before, after=after, n=count))
        label = self.label(name) or self.parameter(name)
        parts = self.value(name, item)
        words = " ".join(s.text for s in parts)
        if label is None:  # a key no catalogue names: the whole item is shown as a code
            return Shown(f"{name}: {words}", code=True)
        return Shown(
            f"{label}: {words}",
            code=any(p.code for p in parts),
            stored=any(p.stored for p in parts),
        )

    def parameter(self, name: str) -> str | None:
        if self.ruleset is None or name not in self.ruleset.parameters:
            return None
        return self.ruleset.parameters[name].description.get(self.lang)

    def label(
        self, key: str, where: tuple[Callable[[str], str], ...] = DETAIL_LABELS
    ) -> str | None:
        """The label of ``key``, looked up in ``where`` in turn (None if none knows it)."""
        for catalogue_key in (of(key) for of in where):
            if has(catalogue_key):
                return text(catalogue_key, self.lang)
        return None

    def details(
        self,
        details: Mapping[str, Any] | None,
        where: tuple[Callable[[str], str], ...] = DETAIL_LABELS,
    ) -> list[Detail]:
        """Every key of ``details``: its label (None if unknown) and its value in words."""
        return [
            Detail(key=key, label=self.label(key, where), value=self.value(key, item))
            for key, item in (details or {}).items()
        ]


def details(
    details: Mapping[str, Any] | None, lang: str, ruleset: RuleSet | None = None
) -> list[Detail]:
    """The details of an entry in words (tier ids as tier labels with ``ruleset``)."""
    return Wording(ruleset, lang).details(details)
