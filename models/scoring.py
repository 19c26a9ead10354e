"""Scoring with a fitted points model: the scorecard file, per-case points and reason codes.

Why a scorecard file instead of a pickled estimator: the fitted :class:`PointsModel` is a
handful of tables (thresholds, integer points, the probability table). Stored as JSON they can
be read by a person, diffed between versions, hashed (so a changed byte is detected before a
single case is scored) and loaded without unpickling, i.e. without executing anything from the
artifact store. The scorecard also carries

* the rule set the features were derived with (its YAML document and parameter values), so the
  served model derives exactly the features it was trained on, whatever rule set files the
  serving machine has;
* the feature schema and its version (see :mod:`models.features`);
* a self-test: two synthetic case records with the points and probabilities the model gave
  them when it was trained. A load that reproduces them proves that this code, this rule
  engine and this scorecard still agree.

Both the MLflow pyfunc (:mod:`models.pyfunc`) and the service runtime (:mod:`models.runtime`)
score through :class:`Scorer`, so the endpoint and the queue can never disagree.

The points come from a :class:`PointsTable`, built once when the scorecard is loaded: per
feature its cuts, the points of every bin and the reason of every bin, and the probability per
total. Scoring is then a ``searchsorted`` per feature column and a few array look-ups. A few
cases (``/score``, a queue page, one case's page) get their features from the per-case rule
engine (or from the evaluation the caller already made with an equivalent rule set); larger
caseloads from the batch engine. :meth:`Scorer.score_cases_reference` keeps the estimator's own
path (batch features, ``decision_function``, ``predict_proba``, ``explain``); the tests hold the
table path to it case by case.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cases.frames import CaseFrames, frames_from_cases
from cases.model import Case
from cases.validation import CaseInputError, validate_records
from models.errors import ModelCorruptedError, ModelIncompatibleError, ModelInputError
from models.features import (
    FEATURE_SCHEMA_VERSION,
    FeatureTable,
    build_features,
    declared,
    feature_schema,
    features_of,
    ruleset_fingerprint,
    schema_fingerprint,
)
from models.points import PointsModel
from rules.interpreter import CaseResult, evaluate_case
from rules.language import RuleSet
from rules.loading import parse_ruleset

__all__ = [
    "SCORECARD_FORMAT",
    "ModelScore",
    "PointsTable",
    "Reason",
    "Scorer",
    "points_model_state",
    "restore_points_model",
    "scorecard_document",
    "sha256_file",
]

#: Version of the scorecard JSON layout (not of the model).
SCORECARD_FORMAT = 1

_FLAGS = frozenset(
    {"in_custody", "release_soon", "asylum_pending", "deportation_ban", "legal_toleration"}
)
_DEPARTURE = {
    0: ("keine", "none"),
    1: ("nicht vollziehbar", "not enforceable"),
    2: ("vollziehbar", "enforceable"),
}
_MONTHS = frozenset({"max_sentence_months"})


@dataclass(frozen=True)
class Reason:
    """One factor that moved a case's points, as a stable code and as sentences.

    ``code`` is ASCII and stable across versions of the texts (``repeat_convictions>=6``,
    ``asylum_pending=1``, ``open_proceedings=2..3``): the service stores it, the texts are
    rendered for the file (German) or on request (English).
    """

    code: str
    feature: str
    bin: str
    points: int
    text_de: str
    text_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "feature": self.feature,
            "bin": self.bin,
            "points": self.points,
            "text_de": self.text_de,
            "text_en": self.text_en,
        }


@dataclass(frozen=True)
class ModelScore:
    """The model's view of one case: total points, probability, points per factor, reasons.

    ``points`` is ``intercept_points + sum(factor_points.values())``; ``reasons`` lists the
    factors with non-zero points, largest magnitude first. The probability is the share of
    comparable past cases that were taken up, not a probability of anything the person will do.
    """

    case_id: str
    points: int
    probability: float
    factor_points: dict[str, int]
    reasons: tuple[Reason, ...]
    intercept_points: int
    model_version: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "points": self.points,
            "probability": self.probability,
            "factor_points": dict(self.factor_points),
            "intercept_points": self.intercept_points,
            "reasons": [r.as_dict() for r in self.reasons],
            "model_version": self.model_version,
        }


# ------------------------------------------------------------------ estimator state


def _floats(values: Any) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def points_model_state(model: PointsModel) -> dict[str, Any]:
    """Everything a fitted :class:`PointsModel` needs to predict, as plain JSON data."""
    params = model.get_params()
    params["thresholds"] = (
        {str(k): _floats(v) for k, v in params["thresholds"].items()}
        if params["thresholds"]
        else None
    )
    if isinstance(params["monotone"], Mapping):
        params["monotone"] = {str(k): int(v) for k, v in params["monotone"].items()}
    if not isinstance(params["random_state"], int | None):
        params["random_state"] = None
    return {
        "params": params,
        "classes": [int(c) for c in model.classes_],
        "feature_names": [str(n) for n in model.feature_names_in_],
        "thresholds": [_floats(t) for t in model.thresholds_],
        "monotone": [int(d) for d in model.monotone_],
        "bin_log_odds": [_floats(lo) for lo in model.bin_log_odds_],
        "intercept_log_odds": float(model.intercept_log_odds_),
        "scale": float(model.scale_),
        "points": [[int(p) for p in pts] for pts in model.points_],
        "intercept_points": int(model.intercept_points_),
        "calibration_coef": float(model.calibration_coef_),
        "calibration_intercept": float(model.calibration_intercept_),
        "probability_table": [
            {
                "points": int(r.points),
                "probability": float(r.probability),
                "n_train": int(r.n_train),
            }
            for r in model.probability_table_.itertuples(index=False)
        ],
        "n_iter": int(model.n_iter_),
    }


def restore_points_model(state: Mapping[str, Any]) -> PointsModel:
    """A fitted :class:`PointsModel` from :func:`points_model_state`, without refitting."""
    model = PointsModel(**state["params"])
    model.classes_ = np.asarray(state["classes"])
    model.feature_names_in_ = np.asarray(state["feature_names"], dtype=object)
    model.n_features_in_ = len(state["feature_names"])
    model.thresholds_ = [np.asarray(t, dtype=np.float64) for t in state["thresholds"]]
    model.monotone_ = np.asarray(state["monotone"], dtype=np.int8)
    model.bin_log_odds_ = [np.asarray(lo, dtype=np.float64) for lo in state["bin_log_odds"]]
    model.intercept_log_odds_ = float(state["intercept_log_odds"])
    model.scale_ = float(state["scale"])
    model.points_ = [np.asarray(p, dtype=np.int64) for p in state["points"]]
    model.intercept_points_ = int(state["intercept_points"])
    model.calibration_coef_ = float(state["calibration_coef"])
    model.calibration_intercept_ = float(state["calibration_intercept"])
    model.probability_table_ = pd.DataFrame(state["probability_table"]).astype(
        {"points": np.int64, "probability": np.float64, "n_train": np.int64}
    )
    model.n_iter_ = int(state["n_iter"])
    model.points_table_ = model._build_points_table()
    if len(model.thresholds_) != model.n_features_in_ or len(model.points_) != model.n_features_in_:
        raise ValueError("scorecard tables do not match its feature list")
    return model


# ------------------------------------------------------------------------- reasons


def _bin_text(feature: str, lower: float, upper: float, lang: str) -> str:
    de = lang == "de"
    lo = 0 if math.isinf(lower) else int(lower)
    if feature in _FLAGS:
        return ("ja" if de else "yes") if lo >= 1 else ("nein" if de else "no")
    if feature == "departure_obligation":
        hi = 2 if math.isinf(upper) else int(upper) - 1
        names = [_DEPARTURE[v][0 if de else 1] for v in range(lo, hi + 1)]
        return " / ".join(names)
    unit = (" Monate" if de else " months") if feature in _MONTHS else ""
    if math.isinf(upper):
        return f"{lo} oder mehr{unit}" if de else f"{lo} or more{unit}"
    hi = int(upper) - 1
    return f"{lo}{unit}" if lo == hi else f"{lo} bis {hi}{unit}" if de else f"{lo} to {hi}{unit}"


def _reason_code(feature: str, lower: float, upper: float) -> str:
    lo = 0 if math.isinf(lower) else int(lower)
    if math.isinf(upper):
        return f"{feature}>={lo}"
    hi = int(upper) - 1
    return f"{feature}={lo}" if lo == hi else f"{feature}={lo}..{hi}"


def _points_word(points: int, lang: str) -> str:
    word = "Punkt" if abs(points) == 1 else "Punkte"
    if lang != "de":
        word = "point" if abs(points) == 1 else "points"
    return f"{points:+d} {word}"


# -------------------------------------------------------------------- points table


class PointsTable:
    """A fitted :class:`PointsModel` as look-up tables, built once per loaded model.

    Per feature ``j``: its cuts (``bin = number of cuts <= value``), the points of each bin and
    the :class:`Reason` of each bin; the probability of each reachable total. Scoring a feature
    matrix is a ``searchsorted`` per column and array look-ups, with exactly the estimator's
    arithmetic (its ``_bin_indices``, ``points_`` and ``probability_table_``).
    """

    def __init__(self, model: PointsModel, reasons: Sequence[Sequence[Reason]]) -> None:
        self.names = tuple(str(n) for n in model.feature_names_in_)
        self.cuts = [np.asarray(c, dtype=np.float64) for c in model.thresholds_]
        self.points = [np.asarray(p, dtype=np.int64) for p in model.points_]
        self.reasons = [tuple(r) for r in reasons]
        self.intercept = int(model.intercept_points_)
        self.totals = model.probability_table_["points"].to_numpy(dtype=np.int64)
        self.probabilities = model.probability_table_["probability"].to_numpy(dtype=np.float64)
        if not (len(self.names) == len(self.cuts) == len(self.points) == len(self.reasons)):
            raise ValueError("points table: one entry per feature expected")

    def bins(self, X: np.ndarray) -> np.ndarray:
        """Bin index per row and feature of a float matrix (columns in feature order)."""
        out = np.empty(X.shape, dtype=np.intp)
        for j, cuts in enumerate(self.cuts):
            out[:, j] = np.searchsorted(cuts, X[:, j], side="right")
        return out

    def score(
        self, case_ids: Sequence[str], X: np.ndarray, model_version: str | None = None
    ) -> list[ModelScore]:
        """The :class:`ModelScore` of every row of ``X`` (one row per case id)."""
        if len(case_ids) == 0:
            return []
        bins = self.bins(X)
        per_factor = np.column_stack([self.points[j][bins[:, j]] for j in range(len(self.names))])
        totals = per_factor.sum(axis=1) + self.intercept
        probability = self.probabilities[np.searchsorted(self.totals, totals)]
        order = {name: j for j, name in enumerate(self.names)}
        out: list[ModelScore] = []
        for i, case_id in enumerate(case_ids):
            row, row_bins = per_factor[i].tolist(), bins[i].tolist()
            reasons = [self.reasons[j][row_bins[j]] for j, p in enumerate(row) if p != 0]
            reasons.sort(key=lambda r: (-abs(r.points), order[r.feature]))
            out.append(
                ModelScore(
                    str(case_id),
                    int(totals[i]),
                    float(probability[i]),
                    dict(zip(self.names, row, strict=True)),
                    tuple(reasons),
                    self.intercept,
                    model_version,
                )
            )
        return out


# -------------------------------------------------------------------------- scorer


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes (the scorecard's integrity check)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scorecard_document(
    model: PointsModel,
    ruleset: RuleSet,
    *,
    self_test: Mapping[str, Any],
    training: Mapping[str, Any],
) -> dict[str, Any]:
    """The scorecard JSON of a fitted model (see the module docstring)."""
    return {
        "format": SCORECARD_FORMAT,
        "feature_schema": feature_schema(ruleset),
        "feature_schema_fingerprint": schema_fingerprint(ruleset),
        "ruleset": {
            "name": ruleset.name,
            "version": ruleset.version,
            "fingerprint": ruleset_fingerprint(ruleset),
            "document": ruleset.document,
            "values": {
                k: list(v) if isinstance(v, tuple) else v for k, v in ruleset.values.items()
            },
        },
        "estimator": points_model_state(model),
        "self_test": dict(self_test),
        "training": dict(training),
    }


class Scorer:
    """A restored points model with the rule set its features come from."""

    def __init__(self, model: PointsModel, ruleset: RuleSet, document: Mapping[str, Any]) -> None:
        self.model = model
        self.ruleset = ruleset
        self.document = document
        self._declared = {f.name: f for f in declared(list(model.feature_names_in_), ruleset)}
        table = model.points_table_
        self._bins = {
            name: group.reset_index(drop=True)
            for name, group in table.groupby("feature", sort=False)
        }
        self.table = PointsTable(
            model,
            [
                [self._reason(str(name), b) for b in range(len(cuts) + 1)]
                for name, cuts in zip(model.feature_names_in_, model.thresholds_, strict=True)
            ],
        )
        self._sources = [
            (f.kind, f.source, dict(f.levels) if f.levels else None) for f in features_of(ruleset)
        ]
        self._shares: dict[int, tuple[RuleSet, bool]] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Scorer:
        """Check a scorecard document against this code and restore it.

        Raises :class:`ModelIncompatibleError` for another format or feature schema,
        :class:`ModelCorruptedError` for a document that cannot be restored.
        """
        if document.get("format") != SCORECARD_FORMAT:
            raise ModelIncompatibleError(
                f"scorecard format {document.get('format')!r} is not supported by this code "
                f"(expected {SCORECARD_FORMAT})"
            )
        schema = document.get("feature_schema") or {}
        if schema.get("version") != FEATURE_SCHEMA_VERSION:
            raise ModelIncompatibleError(
                f"model was trained on feature schema version {schema.get('version')!r}, this "
                f"code computes version {FEATURE_SCHEMA_VERSION}: retrain the model"
            )
        try:
            info = document["ruleset"]
            overrides = {
                k: tuple(v) if isinstance(v, list) else v for k, v in info["values"].items()
            }
            ruleset = parse_ruleset(
                info["document"], source=f"model:{info['name']}", overrides=overrides
            )
            model = restore_points_model(document["estimator"])
        except (KeyError, TypeError, ValueError) as error:
            raise ModelCorruptedError(f"scorecard cannot be restored: {error}") from None
        if document.get("feature_schema_fingerprint") != schema_fingerprint(ruleset):
            raise ModelIncompatibleError(
                "model's feature list differs from its rule set's declaration (same schema "
                "version, different definitions): retrain the model"
            )
        if list(model.feature_names_in_) != [f.name for f in features_of(ruleset)]:
            raise ModelIncompatibleError(
                "model's feature columns differ from this code's feature list: retrain"
            )
        if ruleset_fingerprint(ruleset) != info.get("fingerprint"):
            raise ModelCorruptedError(
                "the rule set stored in the scorecard does not match its recorded fingerprint"
            )
        return cls(model, ruleset, document)

    @classmethod
    def from_file(cls, path: str | Path, *, expected_sha256: str | None = None) -> Scorer:
        """Read, hash-check and restore a scorecard file."""
        path = Path(path)
        if not path.is_file():
            raise ModelCorruptedError(f"scorecard file {path.name!r} is missing")
        if expected_sha256 and sha256_file(path) != expected_sha256:
            raise ModelCorruptedError(
                f"scorecard {path.name!r} differs from the recorded checksum: the artifact was "
                "changed or damaged after training"
            )
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelCorruptedError(
                f"scorecard {path.name!r} is not readable JSON: {error}"
            ) from None
        if not isinstance(document, dict):
            raise ModelCorruptedError(f"scorecard {path.name!r} is not a JSON object")
        return cls.from_document(document)

    # ------------------------------------------------------------------ facts

    @property
    def ruleset_fingerprint(self) -> str:
        return str(self.document["ruleset"]["fingerprint"])

    @property
    def intercept_points(self) -> int:
        return int(self.model.intercept_points_)

    def features(self, frames: CaseFrames, as_of: date) -> FeatureTable:
        """Features of a caseload with the model's own rule set."""
        return build_features(frames, self.ruleset, as_of)

    def shares_features(self, ruleset: RuleSet) -> bool:
        """Does ``ruleset`` derive exactly this model's features (equal fingerprints)?"""
        if ruleset is self.ruleset:
            return True
        hit = self._shares.get(id(ruleset))
        if hit is not None and hit[0] is ruleset:
            return hit[1]
        same = ruleset_fingerprint(ruleset) == self.ruleset_fingerprint
        if len(self._shares) >= 64:
            self._shares.clear()
        self._shares[id(ruleset)] = (ruleset, same)  # the reference keeps id() from reuse
        return same

    def feature_rows(
        self,
        cases: Sequence[Case],
        as_of: date,
        results: Sequence[CaseResult] | None = None,
    ) -> np.ndarray:
        """Features of a few cases from the per-case rule engine, as :func:`feature_matrix`
        derives them from the batch engine (missing facts 0, named levels as numbers).

        ``results``: evaluations of these cases at ``as_of`` by a rule set that
        :meth:`shares_features` with the model (the caller checked); otherwise the cases are
        evaluated with the model's own rule set.
        """
        if results is None:
            results = [evaluate_case(case, self.ruleset, as_of) for case in cases]
        return np.array(
            [list(self._row(case, result)) for case, result in zip(cases, results, strict=True)],
            dtype=np.float64,
        ).reshape(len(cases), len(self._sources))

    def _row(self, case: Case, result: CaseResult) -> Iterable[float]:
        for kind, source, levels in self._sources:
            if kind == "fact":
                value = result.facts.get(source)
                yield 0.0 if value is None or value != value else float(value)
            elif kind in ("criterion", "blocker"):
                yield 1.0 if result.fired.get(source) else 0.0
            elif levels is not None:
                yield float(levels.get(str(getattr(case, source)), 0))
            else:
                value = getattr(case, source)
                yield math.nan if value is None else float(value)

    # ------------------------------------------------------------------ scoring

    #: Up to this many cases get their features from the per-case engine (no frames, no batch
    #: set-up); larger caseloads from the batch engine. Both give the same features.
    PER_CASE_LIMIT = 256

    def score_frames(self, frames: CaseFrames, as_of: date) -> pd.DataFrame:
        """One row per case: ``case_id``, ``points``, ``probability``, ``factor_points``
        (dict feature -> points) and ``reasons`` (list of reason dicts)."""
        scores = self._table_scores(frames, as_of)
        return pd.DataFrame(
            {
                "case_id": [s.case_id for s in scores],
                "points": np.asarray([s.points for s in scores], dtype=np.int64),
                "probability": np.asarray([s.probability for s in scores], dtype=np.float64),
                "factor_points": [s.factor_points for s in scores],
                "reasons": [[r.as_dict() for r in s.reasons] for s in scores],
            }
        )

    def score_cases(
        self,
        cases: Sequence[Case],
        as_of: date,
        model_version: str | None = None,
        *,
        results: Sequence[CaseResult] | None = None,
        ruleset: RuleSet | None = None,
    ) -> list[ModelScore]:
        """Scores of validated cases, in input order, from the points table.

        ``results`` with the ``ruleset`` that made them (the caller's own evaluation at
        ``as_of``) are reused when that rule set derives the model's features; otherwise the
        model's rule set evaluates the cases.
        """
        if not cases:
            return []
        if len(cases) > self.PER_CASE_LIMIT:
            return self._table_scores(frames_from_cases(list(cases)), as_of, model_version)
        reuse = (
            results is not None
            and ruleset is not None
            and len(results) == len(cases)
            and all(
                r.case_id == c.case_id and r.as_of == as_of
                for r, c in zip(results, cases, strict=True)
            )
            and self.shares_features(ruleset)
        )
        X = self.feature_rows(cases, as_of, results if reuse else None)
        return self.table.score([c.case_id for c in cases], X, model_version)

    def score_cases_reference(
        self, cases: Sequence[Case], as_of: date, model_version: str | None = None
    ) -> list[ModelScore]:
        """The estimator's own path (batch features, ``decision_function``, ``predict_proba``,
        ``explain``): the definition the points table is tested against."""
        if not cases:
            return []
        return self._scores(frames_from_cases(list(cases)), as_of, model_version)

    def score_records(self, records: Sequence[Mapping[str, Any]], as_of: date) -> pd.DataFrame:
        """Validate raw case records (SPEC §1) strictly, then score them."""
        try:
            cases = validate_records(records, today=as_of, source="model input")
        except CaseInputError as error:
            issues = [str(issue) for issue in error.issues]
            raise ModelInputError(
                f"{len(issues)} problem(s) in the case records: " + "; ".join(issues[:20]), issues
            ) from None
        if not cases:
            return self.score_frames(frames_from_cases([]), as_of)
        return self.score_frames(frames_from_cases(cases), as_of)

    def _table_scores(
        self, frames: CaseFrames, as_of: date, model_version: str | None = None
    ) -> list[ModelScore]:
        if len(frames) == 0:
            return []
        X = self.features(frames, as_of).X
        return self.table.score(
            [str(i) for i in X.index], X.to_numpy(dtype=np.float64), model_version
        )

    def _scores(
        self, frames: CaseFrames, as_of: date, model_version: str | None = None
    ) -> list[ModelScore]:
        if len(frames) == 0:
            return []
        X = self.features(frames, as_of).X
        totals = self.model.decision_function(X)
        probability = self.model.predict_proba(X)[:, 1]
        per_factor = self.model.explain(X).to_numpy()
        bins = self.model._bin_indices(X.to_numpy(dtype=np.float64))
        names = list(self.model.feature_names_in_)
        reason_cache: dict[tuple[int, int], Reason] = {}
        out: list[ModelScore] = []
        for i, case_id in enumerate(X.index):
            factor_points = {name: int(per_factor[i, j]) for j, name in enumerate(names)}
            reasons = []
            for j, name in enumerate(names):
                if per_factor[i, j] == 0:
                    continue
                key = (j, int(bins[i, j]))
                if key not in reason_cache:
                    reason_cache[key] = self._reason(name, int(bins[i, j]))
                reasons.append(reason_cache[key])
            reasons.sort(key=lambda r: (-abs(r.points), names.index(r.feature)))
            out.append(
                ModelScore(
                    str(case_id),
                    int(totals[i]),
                    float(probability[i]),
                    factor_points,
                    tuple(reasons),
                    self.intercept_points,
                    model_version,
                )
            )
        return out

    def _reason(self, name: str, bin_index: int) -> Reason:
        row = self._bins[name].iloc[bin_index]
        lower, upper, points = float(row["lower"]), float(row["upper"]), int(row["points"])
        feature = self._declared[name]
        return Reason(
            code=_reason_code(name, lower, upper),
            feature=name,
            bin=str(row["bin"]),
            points=points,
            text_de=f"{feature.title_de}: {_bin_text(name, lower, upper, 'de')} "
            f"({_points_word(points, 'de')})",
            text_en=f"{feature.title_en}: {_bin_text(name, lower, upper, 'en')} "
            f"({_points_word(points, 'en')})",
        )

    # ------------------------------------------------------------------ self-test

    def self_test(self) -> None:
        """Re-score the stored fixture cases; raise if this code scores them differently."""
        test = self.document.get("self_test") or {}
        try:
            as_of = date.fromisoformat(test["as_of"])
            records, expected = test["records"], test["expected"]
        except (KeyError, TypeError, ValueError):
            raise ModelCorruptedError("scorecard has no usable self-test") from None
        try:
            got = self.score_records(records, as_of)
        except ModelInputError as error:
            raise ModelIncompatibleError(
                f"self-test cases are refused by this code: {error}"
            ) from None
        for want, (_, row) in zip(expected, got.iterrows(), strict=False):
            if (
                row["case_id"] != want["case_id"]
                or int(row["points"]) != want["points"]
                or abs(float(row["probability"]) - want["probability"]) > 1e-9
            ):
                raise ModelIncompatibleError(
                    f"self-test failed on {want['case_id']}: trained {want['points']} points "
                    f"(p={want['probability']:.4f}), this code gives {int(row['points'])} "
                    f"(p={float(row['probability']):.4f})"
                )
        if len(expected) != len(got):
            raise ModelIncompatibleError("self-test failed: a fixture case was not scored")


@dataclass
class SelfTest:
    """Fixture cases and their scores at training time (stored in the scorecard)."""

    as_of: date
    records: list[dict[str, Any]]
    expected: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "records": self.records, "expected": self.expected}
