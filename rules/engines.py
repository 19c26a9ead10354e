"""Choose an engine by name: one call that gives the same queue frame whichever engine runs.

``batch`` is the vectorized engine (:mod:`rules.batch`), ``durable`` the event path on
durable_rules (:mod:`rules.durable`). Both return the frame of
:meth:`rules.batch.Evaluation.to_frame` -- columns ``rank, case_id, tier, score, criteria,
blockers, actions, region, latest_event, row`` in queue order -- so ``triage rank --engine``
and the differential tests compare like with like.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from cases.frames import CaseFrames
from rules.language import RuleSet

ENGINES: tuple[str, ...] = ("batch", "durable")


def rank_with(engine: str, frames: CaseFrames, ruleset: RuleSet, as_of: date) -> pd.DataFrame:
    """The queue of ``frames`` at ``as_of`` as ranked by ``engine`` (``batch`` or ``durable``)."""
    if engine == "batch":
        from rules.batch import evaluate

        return evaluate(frames, ruleset, as_of).to_frame(frames)
    if engine == "durable":
        from rules.durable import engine_for

        return engine_for(ruleset).rank_frame(frames, as_of)
    raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
