"""The model card and plots of a training run, read back from MLflow in one language.

A run logs its card as ``model_card.de.md`` and ``model_card.en.md`` and each plot as
``plots/<name>.de.png`` and ``plots/<name>.en.png`` (:mod:`models.reporting`). Runs recorded
before that logged one ``model_card.md`` and ``plots/<name>.png`` with both languages in each
text; they stay readable: :func:`card` and :func:`plot` fall back to them and say so
(:attr:`Stored.combined`).

The data a run learnt from and the justification of a fairness gate that passed as noise are
stored as text in one language with the model (scorecard, tag); :func:`data_line` and
:func:`justification` render them afresh in the reader's language from the run's parameters and
``gates.json``.

Artifacts of a finished run never change, so what was listed or read is kept (a few runs, in
memory).
MLflow is imported only when something is read.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from models.reporting import PLOTS, card_artifact, describe_data, plot_artifact

__all__ = [
    "PLOTS",
    "Stored",
    "card",
    "data_line",
    "in_language",
    "justification",
    "plot",
    "read",
]

#: The artifact of a run recorded before the card was logged per language.
COMBINED_CARD = "model_card.md"


@dataclass(frozen=True)
class Stored:
    """Where an artifact of a run is: its path, and whether it is an old one in both languages."""

    path: str
    combined: bool = False


#: Listings of runs that hold their card: a run lists its card last, so a run listed before
#: its recording finished is listed again next time.
_LISTED: dict[tuple[str, str], frozenset[str]] = {}


def _listing(tracking_uri: str, run_id: str) -> frozenset[str]:
    known = _LISTED.get((tracking_uri, run_id))
    if known is not None:
        return known
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    paths = {a.path for a in client.list_artifacts(run_id)}
    if "plots" in paths:
        paths |= {a.path for a in client.list_artifacts(run_id, "plots")}
    listed = frozenset(paths)
    if any(path.startswith("model_card") for path in listed):
        if len(_LISTED) >= 16:
            _LISTED.clear()
        _LISTED[(tracking_uri, run_id)] = listed
    return listed


def _first(tracking_uri: str, run_id: str, own: str, combined: str) -> Stored | None:
    listed = _listing(tracking_uri, run_id)
    if own in listed:
        return Stored(own)
    if combined in listed:
        return Stored(combined, combined=True)
    return None


def card(tracking_uri: str, run_id: str, lang: str) -> Stored | None:
    """The run's model card in ``lang`` (or the old card in both languages); ``None`` if the
    run logged none."""
    return _first(tracking_uri, run_id, card_artifact(lang), COMBINED_CARD)


def plot(tracking_uri: str, run_id: str, name: str, lang: str) -> Stored | None:
    """The run's plot ``name`` (:data:`PLOTS`) in ``lang`` (or the old one in both languages)."""
    if name not in PLOTS:
        return None
    return _first(tracking_uri, run_id, plot_artifact(name, lang), f"plots/{name}.png")


@lru_cache(maxsize=16)
def read(tracking_uri: str, run_id: str, path: str) -> bytes:
    """The bytes of the artifact ``path`` of the run."""
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    with tempfile.TemporaryDirectory(prefix="amit-card-") as folder:
        local = client.download_artifacts(run_id, path, folder)
        return Path(local).read_bytes()


@lru_cache(maxsize=16)
def _params(tracking_uri: str, run_id: str) -> tuple[tuple[str, str], ...]:
    from mlflow import MlflowClient

    run = MlflowClient(tracking_uri=tracking_uri).get_run(run_id)
    return tuple(sorted(run.data.params.items()))


def data_line(tracking_uri: str, run_id: str, lang: str) -> str | None:
    """What the run learnt from, in ``lang``, from its parameters (``None`` if they do not
    say: a run of another kind)."""
    params = dict(_params(tracking_uri, run_id))
    source, n = params.get("label_source"), params.get("n_cases")
    if source not in ("simulated", "decisions") or n is None or "as_of" not in params:
        return None
    bias = None
    if "bias_attribute" in params:
        bias = (
            params["bias_attribute"],
            params.get("bias_group", ""),
            float(params.get("bias_strength", "0")),
            float(params.get("bias_over_recording", "0")),
        )
    return describe_data(
        lang,
        source=source,
        n=int(n),
        seed=params.get("seed", "–"),
        as_of=date.fromisoformat(params["as_of"]),
        bias=bias,
    )


def in_language(
    tracking_uri: str,
    run_id: str,
    lang: str,
    data: str | None,
    written: str | None,
) -> tuple[str | None, str | None]:
    """The data line and the fairness justification of a model in ``lang``, rendered from its
    run (:func:`data_line`, :func:`justification`); the stored texts ``data`` (scorecard) and
    ``written`` (tag) where the run does not say, or a person wrote the justification. No
    justification is made up where none is stored."""
    data = data_line(tracking_uri, run_id, lang) or data
    if written:
        written = justification(tracking_uri, run_id, lang) or written
    return data, written


def justification(tracking_uri: str, run_id: str, lang: str) -> str | None:
    """The significance test's reason why the run's fairness gate passed below the threshold,
    in ``lang``; ``None`` when the gate needed none or a person wrote it (their words are
    shown as written, from the tag)."""
    from models.gates import GateConfig, noise_justification

    if "gates.json" not in _listing(tracking_uri, run_id):
        return None
    recorded: dict[str, Any] = json.loads(read(tracking_uri, run_id, "gates.json"))
    gate = next((g for g in recorded.get("gates", []) if g.get("name") == "fairness"), None)
    details = (gate or {}).get("details") or {}
    noise = details.get("within_noise")
    if "justification" not in details or not noise:
        return None
    params = dict(_params(tracking_uri, run_id))
    config = GateConfig(
        fairness_ratio=float(params.get("gate_fairness_ratio", GateConfig.fairness_ratio)),
        alpha=float(params.get("gate_alpha", GateConfig.alpha)),
    )
    return noise_justification(noise, details, config, lang)
