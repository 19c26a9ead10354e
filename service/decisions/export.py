"""Export recorded decisions as the labels of the points model (``triage decisions export``).

Each decision is written with the case version it was made on, so the model learns from the
facts the person saw — not from what the case looks like today. The decisions the demo's
simulated caseworker recorded (:data:`service.demo.SIMULATED_CASEWORKER`) are left out: they
are not a person's, and a model trained on them would be labelled as trained on recorded
decisions.

Case ids are unique within a region only, while the two files follow the SPEC, in which a file
names each case id once. A decided case whose id another region's decided case also has is
therefore written under the file id ``<id>.<region>`` (its region stays in the record and in
each decision's ``region``), so that the trainer never joins one case's decisions to another's
facts; every other case keeps its own id.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases import service as case_service
from service.cases.keys import CaseKey
from service.decisions.models import Decision
from service.demo import SIMULATED_CASEWORKER


def export_decisions(
    *, db_session: Session, decisions_path: Path, cases_path: Path
) -> tuple[int, int]:
    """Write decisions (JSON Lines: case_id, region, kind, as_of, decided_at, tier, score,
    override) and the decided case versions (JSON Lines, SPEC format, one per case: region and
    id); returns (decisions, cases)."""
    decisions = list(
        db_session.scalars(
            select(Decision)
            .where(Decision.decided_by != SIMULATED_CASEWORKER)
            .order_by(Decision.id)
        )
    )
    # One case record per case: the version of its first decision (the label's context).
    first_version: dict[CaseKey, int] = {}
    for decision in decisions:
        first_version.setdefault(CaseKey(decision.region, decision.case_id), decision.case_version)
    names = file_ids(list(first_version))
    with decisions_path.open("w", encoding="utf-8") as out:
        for d in decisions:
            out.write(
                json.dumps(
                    {
                        "case_id": names[CaseKey(d.region, d.case_id)],
                        "region": d.region,
                        "case_version": d.case_version,
                        "kind": d.kind,
                        "as_of": d.as_of.isoformat(),
                        "decided_at": d.decided_at.isoformat(),
                        "tier": d.tier,
                        "score": d.score,
                        "override": d.override,
                        "ruleset": d.ruleset,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    with cases_path.open("w", encoding="utf-8") as out:
        for (region, case_id), number in first_version.items():
            version = case_service.get_version(
                db_session=db_session, region=region, case_id=case_id, version=number
            )
            if version is not None:
                case = case_service.load_case(version)
                named = names[CaseKey(region, case_id)]
                if named != case_id:
                    case = case.model_copy(update={"case_id": named})
                out.write(case.model_dump_json() + "\n")
    return len(decisions), len(first_version)


def file_ids(keys: list[CaseKey]) -> dict[CaseKey, str]:
    """The id each case has in the files: its own, or ``<id>.<region>`` where decided cases of
    several regions share the id (a digest of the id before the region when that would be
    longer than 64 characters or equal another case's id)."""
    shared = {case_id for case_id, n in Counter(k.case_id for k in keys).items() if n > 1}
    taken = {k.case_id for k in keys}
    names: dict[CaseKey, str] = {}
    for key in keys:
        if key.case_id not in shared:
            names[key] = key.case_id
            continue
        named = f"{key.case_id}.{key.region}"
        if len(named) > 64 or named in taken:
            digest = hashlib.sha256(key.case_id.encode("utf-8")).hexdigest()[:32]
            named = f"{digest}.{key.region}"
        taken.add(named)
        names[key] = named
    return names
