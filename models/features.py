"""The model's inputs: a declared allowlist of derived facts, computed by the rule engine.

Why a declared list and not "every fact the rule set has": the model is a high-risk AI system
(EU AI Act Annex III 6/7) and its inputs are part of its documentation (Art. 11, 13). The rule
set file declares the list (its ``model.features`` section, checked at load time by
:mod:`rules.check_uses`); this module names no fact, criterion or blocker of any rule set. Each
feature names where it comes from (a derived fact, a criterion, a blocker or a legal-status
field of the case), its direction (monotone: more convictions never lower the points, a legal
obstacle never raises them) and its bin cuts, taken from the rule set's parameters where the
policy defines a threshold, so that the points read in the policy's own terms.

The guard rails of DOMAIN.md are enforced here in code, not only in prose:

* :func:`assert_allowed` refuses any name that is an audit-only field (``nationality``,
  ``sex``), age or birth date, a known proxy, or simply not on the allowlist;
* :func:`check_sources` refuses a rule set whose facts behind the features read the birth date
  (a custom rule set could redefine a fact; the loader already refuses audit-only fields);
* :func:`build_features` computes features with :func:`rules.batch.evaluate`, the same engine
  that ranks the queue, and is the only way training, the logged MLflow model and the runtime
  obtain features, so the three cannot drift apart.

Features are integers (counts, 0/1 flags, an ordinal legal status); a missing value (no
conviction, hence no longest sentence) is 0, which is what the value means for a person
reading the points table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from cases.frames import CaseFrames
from cases.model import AUDIT_ONLY_FIELDS
from rules.batch import Evaluation, evaluate
from rules.language import AggregateFact, CombineFact, DeriveFact, RuleSet, Text
from rules.loading import DEFAULT_RULESET, load_ruleset
from texts import plural, text

__all__ = [
    "EXCLUDED",
    "FEATURES",
    "FEATURE_NAMES",
    "FEATURE_SCHEMA_VERSION",
    "Feature",
    "FeatureTable",
    "ForbiddenFeatureError",
    "Param",
    "assert_allowed",
    "build_features",
    "check_sources",
    "declared",
    "feature_matrix",
    "feature_schema",
    "feature_titles",
    "features_of",
    "monotone_constraints",
    "ruleset_fingerprint",
    "schema_fingerprint",
    "thresholds_for",
]

#: Bump when a feature is added, removed, renamed or changes meaning. A logged model records it;
#: the runtime refuses a model whose version differs from the code's.
FEATURE_SCHEMA_VERSION = 1

SourceKind = Literal["fact", "criterion", "blocker", "field"]


@dataclass(frozen=True)
class Param:
    """A bin cut taken from a rule set parameter (times ``factor``)."""

    name: str
    factor: float = 1


Cut = float | Param


@dataclass(frozen=True)
class Feature:
    """One model input: where it comes from, its direction and its bin cuts."""

    name: str
    kind: SourceKind
    source: str  # fact name, criterion id, blocker id or case field
    monotone: Literal[-1, 0, 1]
    cuts: tuple[Cut, ...]
    title_de: str
    title_en: str
    levels: tuple[tuple[str, int], ...] = ()  # value -> number, for a field with named values


def features_of(ruleset: RuleSet) -> tuple[Feature, ...]:
    """The model's inputs as ``ruleset`` declares them (its ``model.features``, in column order).

    The rule set file names each input's source, direction and bin cuts; this module knows no
    fact, criterion or blocker of any rule set by name.
    """
    return tuple(
        Feature(
            f.name,
            f.kind,
            f.source,
            f.monotone,
            tuple(Param(c[0], c[1]) if isinstance(c, tuple) else c for c in f.cuts),
            f.title.de,
            f.title.en,
            f.levels,
        )
        for f in ruleset.model.features
    )


#: The inputs of the configured default rule set: what functions without a rule set argument
#: (the feature schema of a logged model, titles) describe. Everything that computes features
#: takes the rule set and reads its own declaration.
FEATURES: tuple[Feature, ...] = features_of(load_ruleset(DEFAULT_RULESET))

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
_BY_NAME: dict[str, Feature] = {f.name: f for f in FEATURES}

#: Case fields a feature may read directly (legal status only).
_ALLOWED_FIELDS = frozenset({"departure_status", "asylum_pending", "deportation_ban", "in_custody"})


def _why(key: str, /, **values: object) -> Text:
    """A reason from the catalogue (``model_inputs.``), in both languages."""
    return Text(
        text(f"model_inputs.{key}", "de", **values), text(f"model_inputs.{key}", "en", **values)
    )


#: Names that are never a model input, with the reason; shown in errors and in the model card.
EXCLUDED: dict[str, Text] = {
    **{name: _why("excluded.audit_only") for name in sorted(AUDIT_ONLY_FIELDS)},
    **{
        name: _why(f"excluded.{name}")
        for name in (
            "age",
            "birth_date",
            "region",
            "source",
            "travel_document",
            "toleration_reason",
            "received_on",
            "case_id",
        )
    },
    # what the default rule set itself excludes (its model.excluded)
    **dict(load_ruleset(DEFAULT_RULESET).model.excluded),
}


class ForbiddenFeatureError(ValueError):
    """A model input that the guard rails forbid, or that is not on the allowlist.

    ``problems`` maps each refused name to its reason in both languages; ``str()`` is German,
    :meth:`text` says it in the reader's language.
    """

    def __init__(self, problems: Mapping[str, Text]) -> None:
        self.problems = dict(problems)
        super().__init__(self.text("de"))

    def text(self, lang: str = "de") -> str:
        lines = "; ".join(
            text("model_inputs.problem", lang, name=name, why=why.get(lang))
            for name, why in self.problems.items()
        )
        return plural("model_inputs.refused", len(self.problems), lang, problems=lines)


def assert_allowed(feature_names: Iterable[str], ruleset: RuleSet | None = None) -> None:
    """Refuse every name that is not on the allowlist, saying why for the known bad ones.

    Called before every fit and on every feature table, so that a column added by mistake
    (``nationality`` joined in for the audit, an ``age`` column from another pipeline) stops
    training instead of silently becoming a weight.
    """
    problems: dict[str, Text] = {}
    allowed = _BY_NAME if ruleset is None else {f.name: f for f in features_of(ruleset)}
    excluded = EXCLUDED if ruleset is None else {**EXCLUDED, **dict(ruleset.model.excluded)}
    for name in feature_names:
        key = str(name)
        tokens = set(key.lower().replace("-", "_").replace(".", "_").split("_"))
        if key in excluded:
            problems[key] = excluded[key]
        elif tokens & AUDIT_ONLY_FIELDS:
            problems[key] = _why("derived_from_audit_only")
        elif tokens & {"age", "birth", "birthday", "born"}:
            problems[key] = _why("age_or_birth")
        elif key not in allowed:
            problems[key] = _why("not_allowed", allowed=", ".join(allowed))
    if problems:
        raise ForbiddenFeatureError(problems)


def _fact_fields(ruleset: RuleSet, name: str, seen: set[str] | None = None) -> set[str]:
    """Case fields a derived fact reads, following combined facts."""
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    fact = ruleset.facts[name]
    if isinstance(fact, DeriveFact):
        return {fact.field}
    if isinstance(fact, CombineFact):
        return set().union(*(_fact_fields(ruleset, part, seen) for part in fact.facts))
    assert isinstance(fact, AggregateFact)
    return set()  # aggregates read offence/incident records only


def check_sources(ruleset: RuleSet) -> None:
    """Refuse a rule set that lacks a feature's source or derives it from age or birth date."""
    problems: dict[str, Text] = {}
    criteria = {rule.id for rule in ruleset.criteria}
    blockers = {rule.id for rule in ruleset.blockers}
    label = ruleset.label
    if not ruleset.model.features:
        problems["model.features"] = _why("no_inputs", ruleset=label)
    excluded = dict(ruleset.model.excluded)
    for feature in features_of(ruleset):
        source = feature.source
        if source in excluded or feature.name in excluded:
            problems[feature.name] = excluded.get(source) or excluded[feature.name]
            continue
        if feature.kind == "fact":
            if source not in ruleset.facts:
                problems[feature.name] = _why("no_fact", ruleset=label, source=source)
                continue
            bad = _fact_fields(ruleset, source) & (AUDIT_ONLY_FIELDS | {"birth_date"})
            if bad:
                problems[feature.name] = _why(
                    "fact_reads", ruleset=label, source=source, fields=", ".join(sorted(bad))
                )
        elif feature.kind == "criterion" and source not in criteria:
            problems[feature.name] = _why("no_criterion", ruleset=label, source=source)
        elif feature.kind == "blocker" and source not in blockers:
            problems[feature.name] = _why("no_blocker", ruleset=label, source=source)
        elif feature.kind == "field" and source not in _ALLOWED_FIELDS:
            problems[feature.name] = _why("not_legal_status", source=source)
        for cut in feature.cuts:
            if isinstance(cut, Param) and cut.name not in ruleset.values:
                problems[feature.name] = _why("no_parameter", ruleset=label, param=cut.name)
    if problems:
        raise ForbiddenFeatureError(problems)


def thresholds_for(ruleset: RuleSet) -> dict[str, list[float]]:
    """Bin cuts per feature with the rule set's parameter values filled in."""
    out: dict[str, list[float]] = {}
    for feature in features_of(ruleset):
        cuts = [
            float(ruleset.values[c.name] * c.factor) if isinstance(c, Param) else float(c)
            for c in feature.cuts
        ]
        out[feature.name] = sorted(set(cuts))
    return out


def monotone_constraints(ruleset: RuleSet | None = None) -> dict[str, int]:
    """Declared directions for :class:`models.points.PointsModel` (free features omitted)."""
    chosen = FEATURES if ruleset is None else features_of(ruleset)
    return {f.name: f.monotone for f in chosen if f.monotone != 0}


def feature_schema(ruleset: RuleSet | None = None) -> dict[str, Any]:
    """The feature list as data: logged with every model and compared at load time."""
    chosen = FEATURES if ruleset is None else features_of(ruleset)
    return {
        "version": FEATURE_SCHEMA_VERSION,
        "features": [
            {
                "name": f.name,
                "kind": f.kind,
                "source": f.source,
                "monotone": f.monotone,
                "cuts": [
                    {"param": c.name, "factor": c.factor} if isinstance(c, Param) else c
                    for c in f.cuts
                ],
                "title": {"de": f.title_de, "en": f.title_en},
                **({"levels": dict(f.levels)} if f.levels else {}),
            }
            for f in chosen
        ],
    }


def _digest(document: Any) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def schema_fingerprint(ruleset: RuleSet | None = None) -> str:
    """SHA-256 of :func:`feature_schema`: catches a changed list without a version bump."""
    return _digest(feature_schema(ruleset))


def _references(node: Any, key: str) -> set[str]:
    """Every ``{key: name}`` reference in a raw YAML condition tree."""
    found: set[str] = set()
    if isinstance(node, Mapping):
        for k, v in node.items():
            if k == key and isinstance(v, str):
                found.add(v)
            else:
                found |= _references(v, key)
    elif isinstance(node, list | tuple):
        for item in node:
            found |= _references(item, key)
    return found


def ruleset_fingerprint(ruleset: RuleSet) -> str:
    """SHA-256 of everything in a rule set that the features depend on.

    The raw definitions of the facts, criteria and blockers behind the features (following
    references to other facts) and the current values of every parameter they or the bin cuts
    read. Two rule sets with equal fingerprints give equal features for every case, whatever
    their names, versions or other rules; a changed window, threshold or category set gives a
    different fingerprint, and the runtime refuses the model.
    """
    doc = ruleset.document
    raw_facts: Mapping[str, Any] = doc.get("facts", {}) or {}
    rules_by_id = {
        r.get("id"): r
        for section in ("criteria", "blockers")
        for r in (doc.get(section) or [])
        if isinstance(r, Mapping)
    }
    facts: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    params: set[str] = set()
    declared_features = features_of(ruleset)
    pending = [f.source for f in declared_features if f.kind == "fact"]
    for feature in declared_features:
        if feature.kind in ("criterion", "blocker"):
            body = rules_by_id.get(feature.source, {})
            rules[feature.source] = body.get("when")
            pending += sorted(_references(body.get("when"), "fact"))
            params |= _references(body.get("when"), "param")
        params |= {c.name for c in feature.cuts if isinstance(c, Param)}
    while pending:
        name = pending.pop()
        if name in facts:
            continue
        declared = raw_facts.get(name)
        facts[name] = declared
        pending += sorted(
            _references(declared, "fact")
            | set((declared or {}).get("max_of", []))
            | set((declared or {}).get("sum_of", []))
        )
        params |= _references(declared, "param")
    values = {name: ruleset.values.get(name) for name in sorted(params)}
    return _digest(
        {"facts": facts, "rules": rules, "parameters": values, "features": feature_schema(ruleset)}
    )


@dataclass
class FeatureTable:
    """Features of a caseload at one reference date, with the rule evaluation they came from.

    ``X`` has one row per case (index ``case_id``, input order) and the columns of
    :data:`FEATURE_NAMES`; ``evaluation`` is kept for the tier agreement and explanations.
    """

    X: pd.DataFrame
    evaluation: Evaluation

    def tier_ids(self) -> np.ndarray:
        return self.evaluation.tier_ids()


def build_features(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> FeatureTable:
    """The model's inputs for every case, derived with the batch rule engine at ``as_of``."""
    check_sources(ruleset)
    evaluation = evaluate(frames, ruleset, as_of)
    return FeatureTable(X=feature_matrix(frames, ruleset, evaluation), evaluation=evaluation)


def feature_matrix(frames: CaseFrames, ruleset: RuleSet, evaluation: Evaluation) -> pd.DataFrame:
    """The declared inputs of every case from an evaluation of ``frames`` (index ``case_id``)."""
    criteria = {rule.id: j for j, rule in enumerate(ruleset.criteria)}
    blockers = {rule.id: j for j, rule in enumerate(ruleset.blockers)}
    columns: dict[str, np.ndarray] = {}
    for feature in features_of(ruleset):
        if feature.kind == "fact":
            values = np.nan_to_num(evaluation.facts[feature.source].astype(np.float64), nan=0.0)
        elif feature.kind == "criterion":
            values = evaluation.criteria[:, criteria[feature.source]].astype(np.float64)
        elif feature.kind == "blocker":
            values = evaluation.blockers[:, blockers[feature.source]].astype(np.float64)
        elif feature.levels:
            status = frames.cases[feature.source].astype(str)
            values = status.map(dict(feature.levels)).fillna(0).to_numpy(dtype=np.float64)
        else:
            values = frames.cases[feature.source].to_numpy(dtype=np.float64)
        columns[feature.name] = values
    X = pd.DataFrame(columns, index=pd.Index(evaluation.case_ids, name="case_id"))
    assert_allowed(X.columns, ruleset)
    return X


def feature_titles(lang: str = "de", ruleset: RuleSet | None = None) -> dict[str, str]:
    """Readable name of every feature (German by default, as caseworkers read)."""
    chosen = FEATURES if ruleset is None else features_of(ruleset)
    return {f.name: (f.title_de if lang == "de" else f.title_en) for f in chosen}


def declared(names: Sequence[str], ruleset: RuleSet | None = None) -> list[Feature]:
    """The :class:`Feature` declarations of ``names`` (after :func:`assert_allowed`)."""
    assert_allowed(names, ruleset)
    by_name = _BY_NAME if ruleset is None else {f.name: f for f in features_of(ruleset)}
    return [by_name[name] for name in names]
