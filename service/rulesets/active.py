"""The seam for the active rule set: which version is in force, and its identity for caches.

:func:`get_active_ruleset` reads the stored versions (issue #5): the version in force on a day is
the **latest activation whose effective date has come** (``effective_from <= day``; the seeded
first version counts from the beginning of time). Before any version is stored it is the rule
set named in the settings, which is exactly what the first access stores as version 1, so there
is always one rule set in force.

Parsed versions are cached by the SHA-256 of their document, so each request costs one small
query (the activations of one rule set name) and no parsing. Caches downstream key on
:func:`ruleset_key`, so a new activation takes effect on the next request, in every worker.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from policy.workflow import in_force
from rules import DEFAULT_RULESET, RuleSet, load_ruleset, parse_ruleset
from rules.parameters import describe_values
from service.rulesets.models import RulesetVersion

_PARSED_KEPT = 32
_KEYS_KEPT = 256


@lru_cache(maxsize=8)
def _load(name: str) -> RuleSet:
    return load_ruleset(name)


def configured_ruleset(name: str | None = None) -> RuleSet:
    """The rule set named in the settings (a shipped name or a YAML path), loaded once."""
    return _load(name or DEFAULT_RULESET)


def canonical_document(document: Mapping[str, Any]) -> str:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def document_digest(document: Mapping[str, Any]) -> str:
    """SHA-256 of a rule set document in canonical JSON (sorted keys, no spaces)."""
    return hashlib.sha256(canonical_document(document).encode("utf-8")).hexdigest()


def activations(db_session: Session, name: str) -> list[Any]:
    """Id, digest and activation facts of every activated version of ``name`` (small rows)."""
    return list(
        db_session.execute(
            select(
                RulesetVersion.id,
                RulesetVersion.digest,
                RulesetVersion.activated_at,
                RulesetVersion.effective_from,
            ).where(RulesetVersion.name == name, RulesetVersion.activated_at.is_not(None))
        ).all()
    )


_parsed: OrderedDict[str, RuleSet] = OrderedDict()
_parsed_lock = threading.Lock()


def parse_stored(
    document: Mapping[str, Any], *, digest: str | None = None, source: str = "<stored>"
) -> RuleSet:
    """The rule set of a stored document, checked completely once and then cached by digest."""
    digest = digest or document_digest(document)
    with _parsed_lock:
        cached = _parsed.get(digest)
        if cached is not None:
            _parsed.move_to_end(digest)
            return cached
    ruleset = parse_ruleset(dict(document), source=source)
    with _parsed_lock:
        _parsed[digest] = ruleset
        while len(_parsed) > _PARSED_KEPT:
            _parsed.popitem(last=False)
    return ruleset


def get_active_ruleset(
    db_session: Session | None = None, *, name: str | None = None, on: date | None = None
) -> RuleSet:
    """The rule set in force on ``on`` (default today) for the rule set ``name`` of the settings.

    Without a session (tools without a database) it is the configured rule set itself.
    """
    configured = configured_ruleset(name)
    if db_session is None:
        return configured
    row = in_force(activations(db_session, configured.name), on or date.today())
    if row is None:
        return configured
    with _parsed_lock:
        cached = _parsed.get(row.digest)
    if cached is not None:
        return cached
    version = db_session.get(RulesetVersion, row.id)
    assert version is not None  # the row was just read
    return parse_stored(version.document, digest=row.digest, source=f"stored {version.ref}")


_keys: dict[int, tuple[RuleSet, str]] = {}


def ruleset_key(ruleset: RuleSet) -> str:
    """Identity of a rule set: ``name@version#digest`` over its document and parameter values.

    Two versions that differ in anything (a value, a criterion's points) have different keys,
    also across databases that reuse version numbers, so caches never mix them up.
    """
    hit = _keys.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    values = json.dumps(describe_values(ruleset), sort_keys=True, default=str)
    content = values + (canonical_document(ruleset.document) if ruleset.document else "")
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    key = f"{ruleset.name}@{ruleset.version}#{digest}"
    if len(_keys) >= _KEYS_KEPT:
        _keys.clear()
    _keys[id(ruleset)] = (ruleset, key)  # the reference keeps id() from being reused
    return key
