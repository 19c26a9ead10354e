"""Training data: features, labels, rule tiers and audit groups, row-aligned.

Two sources, one shape (:class:`TrainingData`):

* **recorded decisions** (``TrainingConfig.decisions`` + ``cases``): each case's first
  label-bearing decision (:func:`models.history.first_decisions`), features derived at the
  decision's reference date;
* **simulated history** (default): a synthetic caseload from :mod:`cases.generator` and the
  simulated decisions of :mod:`models.history`, with the optional injected bias.

The audit-only fields travel in ``audit``, a separate frame: they are needed for the fairness
audit and must never meet the feature matrix ``X``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cases.frames import CaseFrames, frames_from_cases
from cases.generator import generate_frames
from cases.io import load_cases
from models.features import build_features
from models.history import LABEL, first_decisions, simulate_history
from rules.batch import Evaluation
from rules.language import RuleSet

if TYPE_CHECKING:
    from models.training import TrainingConfig

__all__ = [
    "AUDIT_ATTRIBUTES",
    "MISSING_GROUP",
    "TrainingData",
    "audit_frame",
    "load_training_data",
    "rule_priority",
]

#: Audit-only fields the fairness audit groups by (never features).
AUDIT_ATTRIBUTES = ("nationality", "sex")
#: Group of a case without a value, so that it stays visible in the audit.
MISSING_GROUP = "(ohne Angabe)"


@dataclass
class TrainingData:
    """Features, labels, rule tiers and audit groups of every case, row-aligned."""

    X: pd.DataFrame
    y: np.ndarray
    tiers: np.ndarray  # rule tier id per case
    rule_priority: np.ndarray  # the rules' order as a number: tier first, then score; high = early
    audit: pd.DataFrame  # audit-only fields, for the fairness audit only
    source: str
    description: str


def rule_priority(evaluation: Evaluation) -> np.ndarray:
    """The first two keys of the rules' queue order (tier, then score) as one number.

    Higher means earlier in the queue. Unlike a rank it compares cases evaluated at different
    reference dates (recorded decisions come from many queues); the remaining keys of the
    order (latest event, date received, case id) are tie-breakers and left out.
    """
    return -1000.0 * evaluation.tier.astype(np.float64) + evaluation.score.astype(np.float64)


def audit_frame(frames: CaseFrames) -> pd.DataFrame:
    """The audit-only fields of a caseload (index ``case_id``), missing values as a group."""
    audit = pd.DataFrame(index=frames.cases["case_id"].to_numpy(dtype=object))
    for attribute in AUDIT_ATTRIBUTES:
        values = frames.cases[attribute].astype(object).to_numpy()
        audit[attribute] = np.where(pd.isna(values), MISSING_GROUP, values)
    return audit


def _from_decisions(config: TrainingConfig, ruleset: RuleSet) -> TrainingData:
    if config.cases is None:
        raise ValueError("--decisions needs --cases: the case records the decisions refer to")
    decisions = []
    with open(config.decisions, encoding="utf-8") as handle:  # type: ignore[arg-type]
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    decisions.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(
                        f"{config.decisions}: line {number}: not JSON ({error.msg})"
                    ) from None
    first = first_decisions(decisions)
    cases = {case.case_id: case for case in load_cases(config.cases)}
    unknown = sorted(set(first["case_id"]) - set(cases))
    if unknown:
        raise ValueError(
            f"{len(unknown)} decided case(s) missing from {config.cases}: {', '.join(unknown[:5])}"
        )
    parts = []
    for day, group in first.groupby(first["as_of"].fillna(config.reference_date)):
        subset = [cases[cid] for cid in group["case_id"]]
        frames = frames_from_cases(subset)
        table = build_features(frames, ruleset, day)
        parts.append((table, group[LABEL].to_numpy(), audit_frame(frames)))
    if not parts:
        raise ValueError(
            f"{config.decisions}: no decision with a label (case_conference, "
            "prepare_measure, defer, monitor, close)"
        )
    return TrainingData(
        X=pd.concat([p[0].X for p in parts]),
        y=np.concatenate([p[1] for p in parts]).astype(np.int64),
        tiers=np.concatenate([p[0].tier_ids() for p in parts]),
        rule_priority=np.concatenate([rule_priority(p[0].evaluation) for p in parts]),
        audit=pd.concat([p[2] for p in parts]),
        source="decisions",
        description=f"{len(first)} recorded decisions ({config.decisions.name}) on "  # type: ignore[union-attr]
        f"{config.cases.name}",
    )


def load_training_data(config: TrainingConfig, ruleset: RuleSet) -> TrainingData:
    """Features and labels for a run: recorded decisions if given, else a simulated history."""
    if config.decisions is not None:
        return _from_decisions(config, ruleset)
    as_of = config.reference_date
    frames = generate_frames(config.n, seed=config.seed, as_of=as_of)
    if config.bias is not None and not config.bias.members(frames).any():
        seen = sorted(str(v) for v in frames.cases[config.bias.attribute].dropna().unique())
        raise ValueError(
            f"bias group {config.bias.group!r} does not occur in "
            f"{config.bias.attribute} (values: {', '.join(seen)})"
        )
    history = simulate_history(frames, ruleset, as_of, seed=config.seed, bias=config.bias)
    table = build_features(history.frames, ruleset, as_of)
    bias = f", bias {config.bias.as_dict()}" if config.bias else ""
    return TrainingData(
        X=table.X,
        y=history.labels.to_numpy(),
        tiers=table.tier_ids(),
        rule_priority=rule_priority(table.evaluation),
        audit=audit_frame(history.frames),
        source="simulated",
        description=f"SIMULATED decision history (demo only): {config.n} synthetic cases "
        f"(seed {config.seed}, as of {as_of.isoformat()}) with simulated past decisions{bias}",
    )
