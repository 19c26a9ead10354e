"""The MLflow side of the model's life: store, experiment, registry, alias, compatibility.

Conventions (documented in ``docs/model.md``):

* tracking store: ``MLFLOW_TRACKING_URI``, else ``sqlite:///mlflow.db`` (a local file);
* experiment and registered model: ``amit-priority``; the service loads
  ``models:/amit-priority@champion``;
* the ``champion`` alias moves only through :func:`promote`, which training calls only when
  every quality gate passed;
* every registered version carries tags that the runtime checks before it scores a single case:
  feature schema version and fingerprint, rule set name, version and fingerprint, the scorecard
  checksum, the gate results.

Nothing here sets MLflow's global tracking URI: every call takes an explicit client, so the
service can load a model from one store while a training run writes to another.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlflow import MlflowClient
from mlflow.entities.model_registry import ModelVersion
from mlflow.exceptions import MlflowException

from models.errors import ModelIncompatibleError, ModelUnavailableError
from models.features import FEATURE_SCHEMA_VERSION, ruleset_fingerprint, schema_fingerprint
from rules.language import RuleSet

__all__ = [
    "CHAMPION_ALIAS",
    "DEFAULT_TRACKING_URI",
    "EXPERIMENT_NAME",
    "MODEL_NAME",
    "Tags",
    "check_compatibility",
    "client_for",
    "default_tracking_uri",
    "ensure_experiment",
    "parse_model_uri",
    "promote",
    "resolve_version",
]

MODEL_NAME = "amit-priority"
EXPERIMENT_NAME = "amit-priority"
CHAMPION_ALIAS = "champion"
DEFAULT_TRACKING_URI = "sqlite:///mlflow.db"


class Tags:
    """Tag keys on runs and model versions (one place, so writer and reader agree)."""

    FEATURE_SCHEMA_VERSION = "feature_schema_version"
    FEATURE_SCHEMA_FINGERPRINT = "feature_schema_fingerprint"
    RULESET_NAME = "ruleset_name"
    RULESET_VERSION = "ruleset_version"
    RULESET_FINGERPRINT = "ruleset_fingerprint"
    SCORECARD_SHA256 = "scorecard_sha256"
    GATES_PASSED = "gates_passed"
    FAILED_GATES = "failed_gates"
    JUSTIFICATION = "fairness_justification"
    PROMOTION = "promotion"
    LABEL_SOURCE = "label_source"
    BIAS = "simulated_bias"


def default_tracking_uri() -> str:
    """``MLFLOW_TRACKING_URI`` if set, else a local SQLite store in the working directory."""
    return os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI


def client_for(tracking_uri: str | None = None) -> MlflowClient:
    """A client for one store; the registry lives in the same store."""
    uri = tracking_uri or default_tracking_uri()
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def ensure_experiment(
    client: MlflowClient, name: str = EXPERIMENT_NAME, artifact_location: str | None = None
) -> str:
    """Id of the experiment, created (with ``artifact_location`` if given) when missing."""
    experiment = client.get_experiment_by_name(name)
    if experiment is not None:
        if experiment.lifecycle_stage == "deleted":
            client.restore_experiment(experiment.experiment_id)
        return experiment.experiment_id
    if artifact_location and "://" not in artifact_location:
        artifact_location = Path(artifact_location).resolve().as_uri()
    return client.create_experiment(
        name, artifact_location=artifact_location, tags={"purpose": "aMIT case queue points model"}
    )


def promote(
    client: MlflowClient, version: str, *, name: str = MODEL_NAME, alias: str = CHAMPION_ALIAS
) -> None:
    """Move the alias to ``version``. Call only after every gate passed."""
    client.set_registered_model_alias(name, alias, str(version))


@dataclass(frozen=True)
class ModelRef:
    """A parsed ``models:/name@alias`` or ``models:/name/version`` URI."""

    name: str
    alias: str | None = None
    version: str | None = None


def parse_model_uri(uri: str) -> ModelRef:
    """Split a registry URI; only registry URIs are accepted (the runtime checks tags)."""
    if not uri.startswith("models:/"):
        raise ModelUnavailableError(
            f"{uri!r} is not a registry URI (expected "
            f"models:/<name>@<alias> or models:/<name>/<version>)",
            uri=uri,
        )
    body = uri.removeprefix("models:/").strip("/")
    if "@" in body:
        name, alias = body.split("@", 1)
        return ModelRef(name=name, alias=alias)
    if "/" in body:
        name, version = body.rsplit("/", 1)
        return ModelRef(name=name, version=version)
    raise ModelUnavailableError(f"{uri!r} names no alias or version", uri=uri)


def resolve_version(client: MlflowClient, uri: str) -> ModelVersion:
    """The registered version a URI points to now (an alias is resolved once, here)."""
    ref = parse_model_uri(uri)
    try:
        if ref.alias is not None:
            return client.get_model_version_by_alias(ref.name, ref.alias)
        return client.get_model_version(ref.name, str(ref.version))
    except MlflowException as error:
        raise ModelUnavailableError(
            f"no model under {uri!r}: {_first_line(error)}", uri=uri
        ) from None
    except Exception as error:  # store unreachable, bad URI scheme, ...
        raise ModelUnavailableError(
            f"model registry not reachable for {uri!r}: {_first_line(error)}", uri=uri
        ) from None


def _first_line(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def check_compatibility(tags: Mapping[str, Any], ruleset: RuleSet | None) -> list[str]:
    """Problems that make a registered version unusable with this code and rule set.

    * the feature schema version and fingerprint must equal this code's;
    * with a rule set given (the one the service ranks with), the fingerprint of the facts the
      features use must equal the model's: otherwise the model's reasons would speak of
      "convictions in the window" with another window than the rules show.
    """
    problems = []
    version = tags.get(Tags.FEATURE_SCHEMA_VERSION)
    if version is None:
        problems.append("model version has no feature schema tag (not trained by triage train)")
    elif str(version) != str(FEATURE_SCHEMA_VERSION):
        problems.append(
            f"feature schema version {version} differs from this code's {FEATURE_SCHEMA_VERSION}"
        )
    fingerprint = tags.get(Tags.FEATURE_SCHEMA_FINGERPRINT)
    if version is not None and fingerprint != schema_fingerprint(ruleset):
        problems.append("feature definitions differ from this code's (schema fingerprint)")
    if ruleset is not None:
        trained = tags.get(Tags.RULESET_FINGERPRINT)
        if trained != ruleset_fingerprint(ruleset):
            problems.append(
                f"rule set facts differ: model trained with {tags.get(Tags.RULESET_NAME)} "
                f"v{tags.get(Tags.RULESET_VERSION)}, service runs {ruleset.label} with other "
                "fact definitions or parameter values"
            )
    return problems


def require_compatible(tags: Mapping[str, Any], ruleset: RuleSet | None, uri: str) -> None:
    """Raise :class:`ModelIncompatibleError` naming every problem found."""
    problems = check_compatibility(tags, ruleset)
    if problems:
        raise ModelIncompatibleError(f"{uri}: " + "; ".join(problems), uri=uri)
