"""What the documentation pack is made from, gathered from the running system in one place.

The rule set in force (its document, checksum and the stored version with author, approval and
activation), its test scenarios and their results, the points model in use (version, training
data and label source, held-out metrics, gates, fairness justification), the monitoring figures
and the configuration (database kind, sign-in, retention, operator). Every document of the pack
is written from this one :class:`PackContext`, so they cannot disagree, and each names the same
sources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from cases.model import AUDIT_ONLY_FIELDS, OFFENCE_CATEGORIES, REGIONS
from rules import RuleSet
from rules.labels import label
from service.auth.roles import Role
from service.db.engine import Database
from service.model_runtime import ModelRuntime
from service.monitoring.service import build_report, shows_audit_fields
from service.queue.caseload import CaseloadCache
from service.rulesets import service as ruleset_service
from service.rulesets.active import document_digest
from service.settings import Settings

__all__ = ["PackContext", "gather"]

log = logging.getLogger(__name__)


@dataclass
class PackContext:
    """Everything the documents say, as plain data (JSON-ready)."""

    as_of: date
    generated_at: datetime
    ruleset: dict[str, Any]
    version: dict[str, Any] | None
    scenarios: dict[str, Any] | None
    model: dict[str, Any] | None
    monitoring: dict[str, Any]
    config: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def sources(self) -> dict[str, Any]:
        """What every document names: rule set version and checksum, model version, dates."""
        return {
            "ruleset": {
                "name": self.ruleset["name"],
                "version": self.ruleset["version"],
                "checksum": self.ruleset["checksum"],
            },
            "ruleset_activated_at": (self.version or {}).get("activated_at"),
            "model": None
            if self.model is None
            else {
                "name": self.model.get("name"),
                "version": self.model.get("version"),
                "uri": self.model.get("uri"),
                "trained_at": self.model.get("trained_at"),
                "label_source": self.model.get("label_source"),
            },
            "as_of": self.as_of.isoformat(),
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
        }


def _ruleset(ruleset: RuleSet) -> dict[str, Any]:
    def rules(items: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "title": r.title.get("de"),
                "basis": r.basis.get("de"),
                "description": r.description.get("de") if r.description else None,
                "points": r.points,
            }
            for r in items
        ]

    return {
        "name": ruleset.name,
        "version": ruleset.version,
        "label": ruleset.label,
        "checksum": document_digest(ruleset.document) if ruleset.document else None,
        "description": ruleset.description.get("de"),
        "criteria": rules(ruleset.criteria),
        "blockers": rules(ruleset.blockers),
        "actions": rules(ruleset.actions),
        "tiers": [
            {"id": t.id, "label": t.label.get("de"), "reason": t.reason.get("de")}
            for t in ruleset.tiers
        ],
        "priority": [ruleset.tier(t).label.get("de") for t in ruleset.queue.priority],
        "parameters": [
            {
                "name": name,
                "title": p.description.get("de"),
                "value": ruleset.values.get(name),
            }
            for name, p in ruleset.parameters.items()
        ],
        "facts": sorted(ruleset.facts),
    }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _version(db: Database, ruleset: RuleSet, as_of: date) -> dict[str, Any] | None:
    with db.read() as session:
        row = ruleset_service.in_force(db_session=session, name=ruleset.name, on=as_of)
        if row is None:
            return None
        return {
            "ref": row.ref,
            "author": row.author,
            "created_at": _iso(row.created_at),
            "reason": row.reason,
            "approved_by": row.approved_by,
            "approved_at": _iso(row.approved_at),
            "approval_reason": row.approval_reason,
            "activated_by": row.activated_by,
            "activated_at": _iso(row.activated_at),
            "activation_reason": row.activation_reason,
            "effective_from": _iso(row.effective_from),
            "scenarios_text": row.scenarios,
        }


def _scenarios(ruleset: RuleSet, stored: str | None) -> dict[str, Any] | None:
    from rules import scenarios as scenario_module

    try:
        if stored:
            suite = scenario_module.parse_scenarios(stored, source="<stored>")
        else:
            path = scenario_module.scenarios_path(ruleset.source)
            if not path.is_file():
                return None
            suite = scenario_module.load_scenarios(path)
        result = scenario_module.run(suite, ruleset)
    except Exception as error:  # a broken suite is reported in the documents, not fatal
        return {"error": f"{type(error).__name__}: {error}"}
    first = suite.scenarios[0] if suite.scenarios else None
    return {
        "error": None,
        "count": len(result.outcomes),
        "failed": len(result.failed),
        "gaps": [row.id for row in result.gaps],
        "summary": result.summary("de"),
        "coverage": result.coverage_summary("de"),
        "digest": suite.digest,
        "example": None if first is None else {"name": first.name, "as_of": first.as_of},
        "suite": suite,
    }


def _model(model: ModelRuntime) -> dict[str, Any] | None:
    if not model.available:
        return None
    info = dict(model.handle.info())
    info.pop("points_table", None)
    table = model.handle.points_table
    info["points"] = [
        {"feature": str(r.feature), "bin": str(r.bin), "points": int(r.points)}
        for r in table.itertuples(index=False)
    ]
    zero = table.groupby("feature")["points"].apply(lambda p: bool((p == 0).all()))
    info["zero_features"] = sorted(str(f) for f, z in zero.items() if z)
    info["in_language"] = _in_languages(model.handle, info)
    return info


def _in_languages(handle: Any, info: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The data line and fairness justification per language (``de``, ``en``), rendered from
    the model's run as the model page does; the stored texts where the run cannot be read."""
    data, written = info.get("data_description"), info.get("fairness_justification")
    stored = {"data_description": data, "fairness_justification": written}
    run_id, uri = getattr(handle, "run_id", None), getattr(handle, "tracking_uri", None)
    out: dict[str, dict[str, Any]] = {}
    for lang in ("de", "en"):
        out[lang] = dict(stored)
        if not (run_id and uri):
            continue
        from models import run_artifacts

        try:
            shown = run_artifacts.in_language(str(uri), str(run_id), lang, data, written)
        except Exception as error:  # the pack says the stored texts rather than nothing
            log.warning("run %s of the model not readable: %s", run_id, error)
            continue
        out[lang] = {"data_description": shown[0], "fairness_justification": shown[1]}
    return out


def _config(settings: Settings) -> dict[str, Any]:
    url = settings.sqlalchemy_url
    retention = {
        key.removeprefix("retention_"): value
        for key, value in settings.model_dump().items()
        if key.startswith("retention_")
    }
    return {
        "mode": settings.mode,
        "database": "PostgreSQL" if url.startswith("postgresql") else "SQLite",
        "single_sign_on": bool(getattr(settings, "oidc_issuer", None)),
        "local_login": bool(getattr(settings, "local_login", True)),
        "retention": retention,
        "operator": settings.operator_name,
        "contact": settings.operator_contact,
        "roles": [r.value for r in Role],
        "regions": [label("region", r, "de") for r in REGIONS],
        "offence_categories": [label("category", c, "de") for c in OFFENCE_CATEGORIES],
        "audit_only_fields": sorted(AUDIT_ONLY_FIELDS),
        "monitoring": {
            "departure_rate": settings.monitoring_departure_rate,
            "agreement": settings.monitoring_agreement,
            "psi_warn": settings.monitoring_psi_warn,
            "psi_alert": settings.monitoring_psi_alert,
        },
    }


def gather(
    *,
    db: Database,
    settings: Settings,
    ruleset: RuleSet,
    model: ModelRuntime,
    caseloads: CaseloadCache | None = None,
    as_of: date | None = None,
    role: str | None = None,
) -> PackContext:
    """Read everything the pack is made from (one read of each source).

    The monitoring figures are those ``role`` may see (issue #14, item 4): without the
    breakdown by audit-only fields (nationality, sex) for every role but auditors, on the
    caseload as it stood at ``as_of`` (the caller checks that ``as_of`` is on the date grid:
    :func:`service.monitoring.service.reference_date`). ``None``: the operator's command line,
    the full figures."""
    day = as_of or date.today()
    version = _version(db, ruleset, day)
    monitoring = build_report(
        db=db,
        caseloads=caseloads or CaseloadCache(),
        ruleset=ruleset,
        model=model,
        settings=settings,
        as_of=day,
        weeks=settings.monitoring_weeks,
        audit_fields=role is None or shows_audit_fields(role),
    )
    return PackContext(
        as_of=day,
        generated_at=datetime.now(UTC),
        ruleset=_ruleset(ruleset),
        version=version,
        scenarios=_scenarios(ruleset, (version or {}).get("scenarios_text")),
        model=_model(model),
        monitoring=monitoring,
        config=_config(settings),
    )
