"""The logged MLflow model: case records in, points, probability and reason codes out.

``mlflow models serve -m models:/amit-priority@champion`` and ``mlflow.pyfunc.load_model``
both end up in :class:`TriagePointsModel.predict`:

* **input**: a pandas DataFrame of case records in the interchange format of SPEC §1, one row
  per case. ``offences`` and ``incidents`` are lists of objects, or JSON text holding such a
  list (CSV-like callers). Every record is validated with the strict case model of
  :mod:`cases` (wrong types, impossible dates, records after the reference date, duplicate ids
  are refused with the case, the field and what was expected);
* **params**: ``as_of`` (``YYYY-MM-DD``), the reference date of the derived facts; empty means
  today. Send it explicitly: a score depends on the date;
* **output**: one row per case, ``case_id``, ``points`` (integer total), ``probability`` (from
  the model's probability table), ``factor_points`` (feature -> points) and ``reasons`` (the
  factors with non-zero points as codes and German/English sentences).

Features come from :mod:`models.features` with the rule set stored in the scorecard, the same
code path as training. The python model object holds no state: it is pickled by reference to
this class (importable through ``code_paths``) and reads the JSON scorecard, checked against
its SHA-256, in :meth:`load_context`.

Known limit of MLflow's schema enforcement: when the model has a signature, MLflow drops input
columns the signature does not declare before ``predict`` sees them (with a warning in the
server log). The signature therefore declares every field of SPEC §1, so nothing the format
knows is lost, but a misspelt *optional* field is dropped rather than refused on this endpoint.
The service does not use this endpoint: it validates records strictly at import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
from mlflow.exceptions import MlflowException
from mlflow.models import ModelSignature
from mlflow.pyfunc import PythonModel, PythonModelContext
from mlflow.types.schema import AnyType, ColSpec, ParamSchema, ParamSpec, Schema, TensorSpec

from models.errors import ModelError, ModelInputError
from models.scoring import Scorer

__all__ = [
    "ARTIFACT_KEY",
    "TriagePointsModel",
    "code_paths",
    "model_signature",
    "pip_requirements",
    "records_from_dataframe",
]

#: Name of the scorecard in the model's artifacts.
ARTIFACT_KEY = "scorecard"

_REQUIRED_TEXT = (
    "case_id",
    "region",
    "received_on",
    "source",
    "birth_date",
    "departure_status",
    "travel_document",
)
_REQUIRED_BOOL = ("asylum_pending", "deportation_ban", "in_custody")
_OPTIONAL = ("toleration_reason", "release_date", "nationality", "sex")
_NESTED = ("offences", "incidents")

#: Distributions the served model imports, pinned to the versions it was trained with.
_REQUIREMENTS = (
    "mlflow",
    "scikit-learn",
    "scipy",
    "numpy",
    "pandas",
    "pyarrow",
    "pydantic",
    "python-dateutil",
    "pyyaml",
    "cloudpickle",
)


def model_signature() -> ModelSignature:
    """Input: every SPEC §1 field; params: ``as_of``; output: the score columns."""
    columns: list[ColSpec | TensorSpec] = [
        *(ColSpec("string", name) for name in _REQUIRED_TEXT),
        *(ColSpec("boolean", name) for name in _REQUIRED_BOOL),
        *(ColSpec(AnyType(), name) for name in _NESTED),
        *(ColSpec(AnyType(), name, required=False) for name in _OPTIONAL),
    ]
    inputs = Schema(columns)
    outputs = Schema(
        [
            ColSpec("string", "case_id"),
            ColSpec("long", "points"),
            ColSpec("double", "probability"),
            ColSpec(AnyType(), "factor_points"),
            ColSpec(AnyType(), "reasons"),
        ]
    )
    params = ParamSchema([ParamSpec("as_of", "string", "")])
    return ModelSignature(inputs=inputs, outputs=outputs, params=params)


def pip_requirements() -> list[str]:
    """Pinned requirements of the current environment (what the model was tested with)."""
    pins = []
    for name in _REQUIREMENTS:
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            continue
    return pins


def code_paths() -> list[str]:
    """The project packages the served model imports (``cases``, ``rules``, ``models``)."""
    import cases
    import rules

    return [str(Path(str(module.__file__)).parent) for module in (cases, rules)] + [
        str(Path(__file__).parent)
    ]


# ---------------------------------------------------------------- input conversion


def _plain(value: Any) -> Any:
    """A JSON-like Python value: numpy scalars unwrapped, NaN/NaT as None, dates as text."""
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _nested(value: Any, column: str, row: int) -> Any:
    """A list of offences/incidents from a list, an array or JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise ModelInputError(
                f"row {row + 1}: {column}: not valid JSON ({error.msg})",
                [f"row {row + 1}: {column}: not valid JSON"],
            ) from None
    return _plain(value)


def records_from_dataframe(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Case records (dicts as parsed from JSON) from a DataFrame with one row per case.

    A missing optional value (``NaN``/``None`` in a column that other rows fill) becomes
    ``None``; ``offences``/``incidents`` may be lists of objects or JSON text.
    """
    records = []
    columns = [str(c) for c in frame.columns]
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        record: dict[str, Any] = {}
        for column, value in zip(columns, values, strict=True):
            if column in _NESTED:
                record[column] = _nested(value, column, position)
            else:
                plain = _plain(value)
                if plain is None and column in _OPTIONAL:
                    continue  # absent and null mean the same for optional fields
                record[column] = plain
        records.append(record)
    return records


# --------------------------------------------------------------------- the model


class TriagePointsModel(PythonModel):
    """The points model as an MLflow pyfunc (stateless; the scorecard is an artifact)."""

    def load_context(self, context: PythonModelContext) -> None:
        """Read and check the scorecard; fail loading rather than serve a broken model."""
        config = context.model_config or {}
        self._scorer = Scorer.from_file(
            context.artifacts[ARTIFACT_KEY], expected_sha256=config.get("scorecard_sha256")
        )
        self._scorer.self_test()

    @property
    def scorer(self) -> Scorer:
        """The loaded scorer (for in-process callers such as the runtime)."""
        return self._scorer

    def predict(
        self,
        context: PythonModelContext,
        model_input: pd.DataFrame,
        params: dict[str, Any] | None = None,
    ) -> pd.DataFrame:
        """Score case records; see the module docstring for input, params and output."""
        del context
        as_of = _as_of((params or {}).get("as_of"))
        if isinstance(model_input, Mapping):
            model_input = pd.DataFrame([model_input])
        elif isinstance(model_input, Sequence) and not isinstance(model_input, str):
            model_input = pd.DataFrame(list(model_input))
        try:
            return self._scorer.score_records(records_from_dataframe(model_input), as_of)
        except ModelError as error:
            # MLflow turns this into an HTTP 400 with the message for the caller.
            raise MlflowException.invalid_parameter_value(str(error)) from None


def _as_of(value: Any) -> date:
    if value in (None, ""):
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise MlflowException.invalid_parameter_value(
            f"params.as_of: {value!r} is not a date (expected YYYY-MM-DD)"
        ) from None


def log_points_model(
    scorecard_path: Path,
    scorecard_sha256: str,
    *,
    input_example: pd.DataFrame,
    metadata: Mapping[str, Any],
    registered_model_name: str | None,
    name: str = "model",
) -> mlflow.models.model.ModelInfo:
    """Log the scorecard as an MLflow pyfunc in the active run (and register it if named)."""
    return mlflow.pyfunc.log_model(
        name=name,
        python_model=TriagePointsModel(),
        artifacts={ARTIFACT_KEY: str(scorecard_path)},
        model_config={"scorecard_sha256": scorecard_sha256},
        code_paths=code_paths(),
        pip_requirements=pip_requirements(),
        signature=model_signature(),
        input_example=(input_example, {"as_of": metadata.get("as_of", "")}),
        metadata=dict(metadata),
        registered_model_name=registered_model_name,
    )
