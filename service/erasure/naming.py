"""How the audit log names a case, and finding the entries that name given cases.

A case is named by its region and its id (:class:`service.cases.keys.CaseKey`): two
Bezirksregierungen may use the same id for two different cases. The erasure of a case
(:mod:`service.erasure.service`) and its Art. 15 access export (:mod:`service.access.export`)
must find every audit entry about *that* case and none about the other region's case with the
same id. An entry names a case in one of these forms:

* **by key** - the target ``case:<region>/<case_id>`` (:func:`service.cases.keys.case_target`,
  every entry about a case from the region change on) or the string ``<region>/<case_id>``
  (``str(CaseKey)``) in its details or reason: matched for exactly that case;
* **by bare id, in a region** - an entry whose target names a case by key, an entry the
  database records for a case of a region (a decision's or a shown explanation's ``audit_seq``:
  the row names region and id), or an entry whose details say the region(s) of the cases it
  lists (``"region": "koeln"`` or ``"regions": ["koeln", ...]``, as an import does), matches a
  bare ``<case_id>`` only for the cases of those regions;
* **by bare id, without a region** - the target ``case:<case_id>`` and ids in entries that say no
  region. Entries written before the region change have this form: ids were unique statewide
  then, so the id was enough. Such an entry **cannot say its region**, so it is matched for the
  case with that id in *every* region: it is collected into the export of each of them, and
  erasing any of them erases (or redacts) it. After the change, two regions may hold the id, so
  an old entry about the koeln case is also shown in the access export of a duesseldorf case
  with the same id and goes when either is erased. Entries written since the change by writers
  that still list bare ids without a region (e.g. a queue page across several regions) are
  matched the same way; they should name cases by key.

A ``/`` between a region and an id joins them into one name; anywhere else (free text such as
``K-1/K-2``) it separates words. A pair of an id and a region in a list (``["K-1", "koeln"]``,
as the change feed lists its cases) names that case by key too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from cases.model import REGIONS
from service.audit import chain
from service.cases.keys import CaseKey, case_target

_WORD = re.compile(r"[A-Za-z0-9._/-]+")
_TARGET = re.compile(r"^case:(?P<region>[a-z]+)/(?P<case_id>.+)$")
_REGIONS = frozenset(REGIONS)


def tokens(value: str) -> set[str]:
    """The words of ``value`` that could name a case: ids, and ``<region>/<id>`` as one word."""
    found: set[str] = set()
    for word in _WORD.findall(value):
        parts = word.split("/")
        i = 0
        while i < len(parts):
            part = parts[i]
            if part in _REGIONS and i + 1 < len(parts) and parts[i + 1]:
                found.add(f"{part}/{parts[i + 1]}")
                found.add(f"{part}/{parts[i + 1].rstrip('.')}")
                i += 2
                continue
            if part:
                found.update({part, part.rstrip(".")})
            i += 1
    found.discard("")
    return found


def target_key(target: str) -> CaseKey | None:
    """The case an entry's target names by key (``case:<region>/<id>``), else ``None``."""
    match = _TARGET.match(target)
    if match is None or match["region"] not in _REGIONS:
        return None
    return CaseKey(match["region"], match["case_id"])


def scope(target: str, details: Any, recorded: str | None = None) -> frozenset[str] | None:
    """The regions a bare case id in this entry belongs to (``recorded``: the region the
    database records for the entry); ``None``: the entry cannot say."""
    key = target_key(target)
    if key is not None:
        return frozenset({key.region})
    if recorded is not None:
        return frozenset({recorded})
    if isinstance(details, Mapping):
        region = details.get("region")
        if isinstance(region, str) and region in _REGIONS:
            return frozenset({region})
        regions = details.get("regions")
        if (
            isinstance(regions, list)
            and regions
            and all(isinstance(r, str) and r in _REGIONS for r in regions)
        ):
            return frozenset(regions)
    return None


class CaseNames:
    """The names of some cases in the audit log, per entry (see the module's docstring)."""

    def __init__(self, keys: Iterable[CaseKey]) -> None:
        self.keys = frozenset(CaseKey(str(k[0]), str(k[1])) for k in keys)
        self._qualified = frozenset(str(k) for k in self.keys)

    @property
    def ids(self) -> list[str]:
        """The bare ids (for a coarse search of the log; every hit is checked by :meth:`of`)."""
        return sorted({k.case_id for k in self.keys})

    def of(self, target: str, details: Any, recorded: str | None = None) -> frozenset[str]:
        """The words that name one of the cases in an entry with ``target`` and ``details``
        (``recorded``: the region the database records for the entry, if any)."""
        regions = scope(target, details, recorded)
        bare = {k.case_id for k in self.keys if regions is None or k.region in regions}
        return self._qualified | bare

    def about(self, target: str, details: Any = None, recorded: str | None = None) -> bool:
        """Does the target name one of the cases (by key, or by bare id: an old entry)?"""
        key = target_key(target)
        if key is not None:
            return key in self.keys
        return mentions(target, self.of(target, details, recorded))

    def entry(
        self, target: str, reason: str | None, details: Any, recorded: str | None = None
    ) -> tuple[bool, bool]:
        """(about one of the cases: its target or reason names one; names one anywhere)."""
        names = self.of(target, details, recorded)
        about = self.about(target, details, recorded) or mentions(reason or "", names)
        return about, about or mentions(details, names)


def pair_key(item: Any) -> str | None:
    """``<region>/<id>`` of a list item that pairs an id with a region (either order)."""
    if not (isinstance(item, list) and len(item) == 2):
        return None
    first, second = item
    if not (isinstance(first, str) and isinstance(second, str)):
        return None
    if second in _REGIONS and first not in _REGIONS:
        return f"{second}/{first}"
    if first in _REGIONS and second not in _REGIONS:
        return f"{first}/{second}"
    return None


def _named_by_key(value: Any) -> Any:
    """``value`` with every (id, region) pair written as the one name ``<region>/<id>``."""
    if isinstance(value, list):
        return [pair_key(item) or _named_by_key(item) for item in value]
    if isinstance(value, dict):
        return {key: _named_by_key(item) for key, item in value.items()}
    return value


def _names_one(item: Any, names: Collection[str]) -> bool:
    """Is a list item one of ``names``, or a list directly holding one (or pairing one)?"""
    if isinstance(item, str):
        return item in names
    key = pair_key(item)
    if key is not None:
        return key in names
    return isinstance(item, list) and any(isinstance(x, str) and x in names for x in item)


def mentions(value: Any, names: Collection[str]) -> bool:
    text = value if isinstance(value, str) else chain.canonical(_named_by_key(value))
    return not tokens(text).isdisjoint(names)


def redact(value: Any, names: Collection[str], erased: str) -> Any:
    """``value`` without the cases ``names`` name: list items that are (or directly hold) one
    are dropped, dictionary keys naming one are dropped, values equal to one become ``erased``.
    """
    if isinstance(value, list):
        kept = []
        for item in value:
            if _names_one(item, names):
                continue
            kept.append(item if pair_key(item) is not None else redact(item, names, erased))
        return kept
    if isinstance(value, dict):
        return {
            key: (
                erased if isinstance(item, str) and item in names else redact(item, names, erased)
            )
            for key, item in value.items()
            if not (isinstance(key, str) and not tokens(key).isdisjoint(names))
        }
    return value


def only(value: Any, names: Collection[str]) -> Any:
    """``value`` with lists that name several cases cut down to the items about ``names``."""
    if isinstance(value, list):
        about = [item for item in value if _names_one(item, names)]
        if about:
            return about
        return [only(item, names) for item in value]
    if isinstance(value, dict):
        return {key: only(item, names) for key, item in value.items()}
    return value


__all__ = [
    "CaseNames",
    "case_target",
    "mentions",
    "only",
    "pair_key",
    "redact",
    "scope",
    "target_key",
    "tokens",
]
