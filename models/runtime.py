"""The model as the service uses it: load the champion, check it, score cases. No HTTP.

The service calls :func:`load_champion` at start and on ``POST /api/v1/model/reload``, keeps
the returned :class:`ModelHandle` while it is good, and calls :meth:`ModelHandle.score` next to
the rules. Every way loading can go wrong is a typed :class:`models.errors.ModelError`, so the
service can keep the previous handle (or run on rules alone) and say why:

=========================  ==============================================================
error                      when
=========================  ==============================================================
ModelUnavailableError      store unreachable, no registered model, no version under the
                           alias, artifacts cannot be downloaded
ModelIncompatibleError     feature schema version/fingerprint differs from this code; the
                           rule set's facts differ from the ones the model was trained on;
                           the self-test cases score differently with this code
ModelCorruptedError        MLmodel or scorecard missing or unreadable, scorecard checksum
                           differs from the one recorded in the registry
=========================  ==============================================================

What loading does, in order (each step only after the previous one succeeded):

1. resolve ``models:/amit-priority@champion`` to one registered version (an alias that moves
   while we load cannot mix two versions);
2. check the version's tags: feature schema, rule set fingerprint against the service's rule
   set (before anything is downloaded);
3. download the model into a temporary directory, read ``MLmodel`` and the JSON scorecard,
   compare its SHA-256 with the registry tag, restore the points model **without unpickling**;
4. run the self-test (fixture cases with the scores recorded at training time);
5. return a handle that holds everything in memory; the temporary files are removed.

The pyfunc flavour (:mod:`models.pyfunc`) is for ``mlflow models serve``; in the service
process the scorecard is read directly, so loading a model executes no code from the artifact
store and does not touch ``sys.path``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cases.model import Case
from models.errors import (
    ModelCorruptedError,
    ModelError,
    ModelIncompatibleError,
    ModelInputError,
    ModelUnavailableError,
)
from models.pyfunc import ARTIFACT_KEY
from models.registry import (
    CHAMPION_ALIAS,
    MODEL_NAME,
    Tags,
    client_for,
    default_tracking_uri,
    parse_model_uri,
    require_compatible,
    resolve_version,
)
from models.scoring import ModelScore, Reason, Scorer
from rules.interpreter import CaseResult
from rules.language import RuleSet

__all__ = [
    "ModelCorruptedError",
    "ModelError",
    "ModelHandle",
    "ModelIncompatibleError",
    "ModelInputError",
    "ModelScore",
    "ModelUnavailableError",
    "Reason",
    "champion_uri",
    "load_champion",
    "load_model",
]


def champion_uri(name: str = MODEL_NAME, alias: str = CHAMPION_ALIAS) -> str:
    return f"models:/{name}@{alias}"


@dataclass
class ModelHandle:
    """A loaded, checked points model. Immutable in use; safe to share between requests."""

    name: str
    version: str
    requested_uri: str
    run_id: str | None
    tags: dict[str, str]
    description: str | None
    scorer: Scorer
    tracking_uri: str
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def uri(self) -> str:
        """The exact version (``models:/name/version``), what audit records should name."""
        return f"models:/{self.name}/{self.version}"

    @property
    def points_table(self) -> pd.DataFrame:
        return self.scorer.model.points_table_.copy()

    @property
    def probability_table(self) -> pd.DataFrame:
        return self.scorer.model.probability_table_.copy()

    def score(
        self,
        cases: Sequence[Case],
        as_of: date,
        *,
        results: Sequence[CaseResult] | None = None,
        ruleset: RuleSet | None = None,
    ) -> list[ModelScore]:
        """Points, probability, points per factor and reasons per case, in input order.

        ``cases`` are validated :class:`cases.model.Case` objects (the service validated them
        at import); ``as_of`` is the queue's reference date. The points come from the model's
        points table (:class:`models.scoring.PointsTable`); ``results`` of the caller's own
        evaluation by ``ruleset`` are reused when that rule set derives the model's features.
        Raises :class:`ModelInputError` for anything else and :class:`ModelError` if scoring
        fails, never another exception, so the caller can fall back to the rules.
        """
        bad = [i for i, case in enumerate(cases) if not isinstance(case, Case)]
        if bad:
            raise ModelInputError(f"score() takes Case objects; position(s) {bad[:5]} are not")
        if not isinstance(as_of, date):
            raise ModelInputError(f"as_of must be a date, found {type(as_of).__name__}")
        try:
            return self.scorer.score_cases(
                cases, as_of, model_version=self.version, results=results, ruleset=ruleset
            )
        except ModelError:
            raise
        except Exception as error:  # any engine failure must not take the queue down
            raise ModelError(
                f"{self.uri}: scoring failed: {type(error).__name__}: {error}"
            ) from error

    def training_distribution(self) -> dict[str, list[int]] | None:
        """Training cases per bin of every feature (``None`` for a model trained before the
        distribution was recorded): the reference of the drift monitoring."""
        training = self.scorer.document.get("training") or {}
        distribution = training.get("distribution")
        return dict(distribution) if isinstance(distribution, dict) else None

    def input_distribution(self, frames: Any, as_of: date) -> dict[str, list[int]]:
        """Cases of ``frames`` (a :class:`cases.frames.CaseFrames`) per bin of every feature at
        ``as_of``, binned like :meth:`training_distribution`."""
        from models.drift import bin_counts
        from models.features import build_features

        table = build_features(frames, self.scorer.ruleset, as_of)
        return bin_counts(self.scorer.model, table.X)

    def info(self) -> dict[str, Any]:
        """What the service shows about the model (health endpoint, UI, audit log)."""
        training = dict(self.scorer.document.get("training") or {})
        ruleset = self.scorer.document["ruleset"]
        return {
            "name": self.name,
            "version": self.version,
            "uri": self.uri,
            "requested_uri": self.requested_uri,
            "run_id": self.run_id,
            "loaded_at": self.loaded_at.isoformat(),
            "trained_at": training.get("trained_at"),
            "as_of": training.get("as_of"),
            "label_source": training.get("label_source"),
            "data_description": training.get("data_description"),
            "metrics": training.get("metrics", {}),
            "feature_schema_version": self.tags.get(Tags.FEATURE_SCHEMA_VERSION),
            "features": list(self.scorer.model.feature_names_in_),
            "ruleset": {
                "name": ruleset["name"],
                "version": ruleset["version"],
                "fingerprint": ruleset["fingerprint"],
            },
            "gates_passed": self.tags.get(Tags.GATES_PASSED) == "true",
            "fairness_justification": self.tags.get(Tags.JUSTIFICATION),
            "scorecard_sha256": self.tags.get(Tags.SCORECARD_SHA256),
            "intercept_points": self.scorer.intercept_points,
            "points_table": [
                {"feature": r.feature, "bin": r.bin, "points": int(r.points)}
                for r in self.scorer.model.points_table_.itertuples(index=False)
            ],
            "description": self.description,
        }


def load_champion(
    *,
    tracking_uri: str | None = None,
    name: str = MODEL_NAME,
    alias: str = CHAMPION_ALIAS,
    ruleset: RuleSet | None = None,
) -> ModelHandle:
    """Load ``models:/<name>@<alias>`` from ``tracking_uri`` (default: the environment).

    Pass the service's active ``ruleset`` to refuse a model trained on other fact definitions.
    """
    return load_model(champion_uri(name, alias), tracking_uri=tracking_uri, ruleset=ruleset)


def load_model(
    model_uri: str, *, tracking_uri: str | None = None, ruleset: RuleSet | None = None
) -> ModelHandle:
    """Load and check one registry URI (``models:/name@alias`` or ``models:/name/version``)."""
    uri = tracking_uri or default_tracking_uri()
    ref = parse_model_uri(model_uri)
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).is_file():
        # Opening a missing SQLite store would create an empty one: say what is missing.
        raise ModelUnavailableError(
            f"tracking store {uri!r} does not exist (no model has been "
            "trained there: run 'triage train')",
            uri=model_uri,
        )
    try:
        client = client_for(uri)
    except Exception as error:
        raise ModelUnavailableError(
            f"tracking store {uri!r} cannot be opened: {error}", uri=model_uri
        ) from None
    version = resolve_version(client, model_uri)
    tags = dict(version.tags or {})
    require_compatible(tags, ruleset, model_uri)
    expected = tags.get(Tags.SCORECARD_SHA256)
    if not expected:
        raise ModelIncompatibleError(
            f"{model_uri}: version {version.version} has no scorecard "
            "checksum tag (not trained by triage train)",
            uri=model_uri,
        )
    with tempfile.TemporaryDirectory(prefix="amit-model-") as tmp:
        local = _download(client, version, Path(tmp), model_uri)
        scorer = _read_scorer(local, expected, model_uri)
    if scorer.ruleset_fingerprint != tags.get(Tags.RULESET_FINGERPRINT):
        raise ModelCorruptedError(
            f"{model_uri}: the scorecard's rule set differs from the registry's record",
            uri=model_uri,
        )
    try:
        scorer.self_test()
    except ModelError as error:
        error.uri = model_uri
        raise
    return ModelHandle(
        name=ref.name,
        version=str(version.version),
        requested_uri=model_uri,
        run_id=version.run_id,
        tags=tags,
        description=version.description,
        scorer=scorer,
        tracking_uri=uri,
    )


def _download(client: Any, version: Any, target: Path, model_uri: str) -> Path:
    """The model directory of a registered version, downloaded into ``target``."""
    from mlflow.artifacts import download_artifacts

    source = str(version.source or "")
    try:
        if source.startswith("models:/m-"):
            logged = client.get_logged_model(source.removeprefix("models:/").strip("/"))
            artifact_uri = logged.artifact_location
        else:
            artifact_uri = client.get_model_version_download_uri(version.name, version.version)
        return Path(download_artifacts(artifact_uri=artifact_uri, dst_path=str(target)))
    except Exception as error:
        raise ModelUnavailableError(
            f"{model_uri}: artifacts of version {version.version} cannot be downloaded: {error}",
            uri=model_uri,
        ) from None


def _read_scorer(local: Path, expected_sha256: str, model_uri: str) -> Scorer:
    """Read ``MLmodel``, find the scorecard, verify its checksum and restore it."""
    from mlflow.models import Model

    mlmodel = local / "MLmodel"
    if not mlmodel.is_file():
        raise ModelCorruptedError(f"{model_uri}: MLmodel file is missing", uri=model_uri)
    try:
        flavor = Model.load(str(mlmodel)).flavors["python_function"]
        relative = flavor["artifacts"][ARTIFACT_KEY]["path"]
    except Exception as error:
        raise ModelCorruptedError(
            f"{model_uri}: MLmodel does not describe a points model scorecard: {error}",
            uri=model_uri,
        ) from None
    configured = (flavor.get("model_config") or {}).get("scorecard_sha256")
    if configured and configured != expected_sha256:
        raise ModelCorruptedError(
            f"{model_uri}: MLmodel and registry record different scorecard checksums", uri=model_uri
        )
    try:
        return Scorer.from_file(local / relative, expected_sha256=expected_sha256)
    except ModelCorruptedError as error:
        raise ModelCorruptedError(f"{model_uri}: {error}", uri=model_uri) from None
    except ModelError as error:
        error.uri = model_uri
        raise
