"""Recording an explanation as it was shown: the read's audit entry and the
``explanations_shown`` row in one write transaction (one commit, as the read alone took).

Called where an explanation leaves the service: ``GET /cases/{id}/explanation`` (record or
note), the case page and its print view. The content is what the person got - the JSON body,
the note's text, or the explanation record the page was rendered from - so the Art. 15 export
shows it as shown, not recomputed with the rule set of another day.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import insert

from rules import RuleSet
from service.access.models import ExplanationShown
from service.audit import chain
from service.cases.keys import case_target
from service.db.base import utcnow
from service.db.engine import Database
from service.rulesets.active import document_digest

_checksums: dict[int, tuple[Any, str | None]] = {}


def ruleset_checksum(ruleset: RuleSet) -> str | None:
    """SHA-256 of the rule set's document (memoised per loaded rule set: the page pays once)."""
    known = _checksums.get(id(ruleset))
    if known is not None and known[0] is ruleset:
        return known[1]
    digest = document_digest(ruleset.document) if ruleset.document else None
    if len(_checksums) > 32:
        _checksums.clear()
    _checksums[id(ruleset)] = (ruleset, digest)
    return digest


def content_of(value: str | Mapping[str, Any]) -> tuple[str, str]:
    """(kind, stored text) of what was shown: a text as is, a record as canonical JSON."""
    if isinstance(value, str):
        return "text", value
    return "record", json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    db: Database,
    *,
    actor: str,
    action: str,
    region: str,
    case_id: str,
    version: int,
    as_of: date,
    lang: str,
    view: str,
    ruleset: RuleSet,
    model_version: str | None,
    shown: str | Mapping[str, Any],
    details: Mapping[str, Any],
) -> int:
    """Append the read's audit entry (``action``, ``details``) and store what was shown with
    it; returns the entry's sequence number. The data is handed out only after this returns."""
    kind, content = content_of(shown)
    checksum = ruleset_checksum(ruleset)
    with db.write() as session:
        entry = chain.append(
            session,
            actor=actor,
            action=action,
            target=case_target(region, case_id),
            details=details,
        )
        session.execute(  # a plain INSERT: no ORM bookkeeping for a row nobody reads back
            insert(ExplanationShown).values(
                region=region,
                case_id=case_id,
                case_version=version,
                view=view,
                ruleset=ruleset.label,
                ruleset_checksum=checksum,
                model_version=model_version,
                as_of=as_of,
                lang=lang,
                content_kind=kind,
                content=content,
                content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
                shown_to=actor,
                shown_at=utcnow(),
                audit_seq=entry.seq,
            )
        )
        return entry.seq
