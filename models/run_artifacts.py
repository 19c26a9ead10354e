"""The model card and plots of a training run, read back from MLflow in one language.

A run logs its card as ``model_card.de.md`` and ``model_card.en.md`` and each plot as
``plots/<name>.de.png`` and ``plots/<name>.en.png`` (:mod:`models.reporting`). Runs recorded
before that logged one ``model_card.md`` and ``plots/<name>.png`` with both languages in each
text; they stay readable: :func:`card` and :func:`plot` fall back to them and say so
(:attr:`Stored.combined`).

Artifacts of a finished run never change, so what was listed or read is kept (a few runs, in
memory).
MLflow is imported only when something is read.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models.reporting import PLOTS, card_artifact, plot_artifact

__all__ = ["PLOTS", "Stored", "card", "plot", "read"]

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
