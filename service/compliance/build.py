"""``triage docs build`` and the auditors' download: the documentation pack, written and logged.

Every document is written from one :class:`~service.compliance.context.PackContext`; the pack
ends with ``manifest.json`` (each file's title, SHA-256 and the sources: rule set version and
checksum, model version, dates). Building is recorded in the audit log (``docs.build``) with
the manifest's checksums, before the pack is handed out.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cases.model import REGIONS
from rules import RuleSet
from rules.explanation import explain
from service.access import shown as explanations_shown
from service.audit import service as audit_service
from service.cases import service as case_service
from service.cases.models import CaseRecord, CaseVersion
from service.compliance.art86 import render_art86
from service.compliance.context import PackContext, gather
from service.compliance.documents import (
    MARKDOWN,
    algoritmeregister_record,
    atrs_record,
    render_markdown,
)
from service.db.engine import Database
from service.model_runtime import ModelRuntime
from service.queue.caseload import CaseloadCache
from service.settings import Settings
from texts import text

__all__ = [
    "ART86_FILE",
    "AmbiguousCaseError",
    "Pack",
    "UnknownCaseError",
    "build_pack",
    "write_pack",
    "zip_pack",
]

ATRS_FILE = "05-atrs-record.json"
REGISTER_FILE = "06-algoritmeregister.json"
ART86_FILE = "07-erlaeuterung-betroffene-person.md"
MANIFEST = "manifest.json"


class UnknownCaseError(LookupError):
    """The case named for the Art. 86 explanation is not stored."""


class AmbiguousCaseError(UnknownCaseError):
    """The id named for the Art. 86 explanation is held by several regions (``.regions``) and
    no region was named."""

    def __init__(self, case_id: str, regions: tuple[str, ...]) -> None:
        self.case_id, self.regions = case_id, regions
        super().__init__(
            text("privacy.case_ambiguous_cli", "de", case_id=case_id, regions=", ".join(regions))
        )


@dataclass
class Pack:
    """The documents (file name -> bytes) and the manifest, with its audit entry number."""

    files: dict[str, bytes]
    manifest: dict[str, Any]
    audit_seq: int | None = None


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _stored_case(
    db: Database, case_id: str, region: str | None
) -> tuple[CaseRecord, CaseVersion] | None:
    """The case ``case_id`` of ``region`` (of the one region holding the id if not given) and
    its current version; raises :class:`AmbiguousCaseError`."""
    with db.read() as session:
        try:
            record = case_service.get_visible(
                db_session=session, case_id=case_id, regions=REGIONS, region=region
            )
        except case_service.AmbiguousCase as error:
            raise AmbiguousCaseError(case_id, tuple(error.regions)) from None
        if record is None:
            return None
        version = case_service.get_version(
            db_session=session,
            region=record.region,
            case_id=record.case_id,
            version=record.current_version,
        )
        return None if version is None else (record, version)


def _art86(
    ctx: PackContext, db: Database, ruleset: RuleSet, case_id: str | None, region: str | None
) -> tuple[str, dict[str, Any], tuple[str, int] | None]:
    """The explanation for the case ``case_id`` of ``region`` (with the region and version of
    the case it explains), or a sample from the first test scenario."""
    checksum = ctx.ruleset["checksum"] or ""
    model_version = ctx.model.get("version") if ctx.model else None
    common = {
        "checksum": checksum,
        "model_version": model_version,
        "generated": ctx.generated_at.date(),
        "contact": ctx.config["contact"],
    }
    if case_id is not None:
        stored = _stored_case(db, case_id, region)
        if stored is None:
            raise UnknownCaseError(text("compliance.cli.case_unknown", "de", case_id=case_id))
        _, version = stored
        case = case_service.load_case(version)
        explanation = explain(case, ruleset, ctx.as_of, "de")
        explained = (version.region, version.version)
        return render_art86(explanation, case, **common), {"case": "stored"}, explained
    scenarios = ctx.scenarios or {}
    suite = scenarios.get("suite")
    if suite is None or not suite.scenarios:
        return "", {"case": None}, None
    scenario = suite.scenarios[0]
    explanation = explain(scenario.case, ruleset, scenario.as_of, "de")
    body = render_art86(explanation, scenario.case, sample=True, **common)
    return body, {"case": "sample", "scenario": scenario.name}, None


def build_pack(
    *,
    db: Database,
    settings: Settings,
    ruleset: RuleSet,
    model: ModelRuntime,
    actor: str,
    caseloads: CaseloadCache | None = None,
    as_of: date | None = None,
    case_id: str | None = None,
    region: str | None = None,
    via: str = "cli",
    role: str | None = None,
) -> Pack:
    """Every document of the pack in memory, the manifest, and the audit entry. The Art. 86
    explanation is of the case ``case_id`` of ``region`` (the region may be left out where
    only one region holds the id; :class:`AmbiguousCaseError` otherwise), else a sample.

    ``role``: the downloading caller's role (the API); its monitoring figures are those the
    role may see (:func:`service.compliance.context.gather`). ``None``: the operator's
    command line (``triage docs build``, which reads the database itself), the full pack."""
    ctx = gather(
        db=db,
        settings=settings,
        ruleset=ruleset,
        model=model,
        caseloads=caseloads,
        as_of=as_of,
        role=role,
    )
    files: dict[str, bytes] = {}
    titles: dict[str, str] = {}
    for name, (template, title) in MARKDOWN.items():
        files[name] = render_markdown(template, ctx).encode("utf-8")
        titles[name] = text(f"compliance.{title}", "de")
    files[ATRS_FILE] = _json(atrs_record(ctx))
    titles[ATRS_FILE] = text("compliance.doc.atrs", "de")
    files[REGISTER_FILE] = _json(algoritmeregister_record(ctx))
    titles[REGISTER_FILE] = text("compliance.doc.algoritmeregister", "de")
    art86, art86_info, art86_version = _art86(ctx, db, ruleset, case_id, region)
    if art86:
        files[ART86_FILE] = art86.encode("utf-8")
        titles[ART86_FILE] = text("compliance.doc.art86", "de")
    manifest: dict[str, Any] = {
        "generator": "rrk-triage docs build",
        "sources": ctx.sources,
        "art86": art86_info,
        "documents": [
            {
                "file": name,
                "title": titles[name],
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
            for name, data in files.items()
        ],
    }
    seq = audit_service.record(
        db,
        actor=actor,
        action="docs.build",
        target="documentation",
        details={
            "via": via,
            "role": role,
            # the monitoring figures in the pack (issue #14, item 4): what was shown
            "audit_fields_shown": ctx.monitoring["audit_fields_shown"],
            "date_grid": ctx.monitoring["date_grid"],
            "sources": ctx.sources,
            "documents": {d["file"]: d["sha256"] for d in manifest["documents"]},
            "art86": art86_info,
        },
    )
    manifest["audit_seq"] = seq
    if case_id is not None and art86_version is not None:
        # handed out about one person: stored as shown, so access (Art. 15) shows it
        explanations_shown.record(
            db,
            actor=actor,
            action="case.explanation.read",
            region=art86_version[0],
            case_id=case_id,
            version=art86_version[1],
            as_of=ctx.as_of,
            lang="de",
            view="art86",
            ruleset=ruleset,
            model_version=ctx.model.get("version") if ctx.model else None,
            shown=art86,
            details={
                "version": art86_version[1],
                "as_of": ctx.as_of.isoformat(),
                "lang": "de",
                "format": "art86",
                "documentation": seq,
            },
        )
    files[MANIFEST] = _json(manifest)
    return Pack(files, manifest, seq)


def write_pack(pack: Pack, out: Path) -> list[Path]:
    """Write the pack's files into ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in pack.files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def zip_pack(pack: Pack) -> bytes:
    """The pack as one ZIP file (for the download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in pack.files.items():
            archive.writestr(f"rrk-triage-dokumentation/{name}", data)
    return buffer.getvalue()
