"""Labels for the model: recorded human triage decisions, or a simulated history of them.

What the model learns
---------------------
The label of a case is the **first triage decision** a person recorded for it: 1 when the
case was taken up (``case_conference``: Fallkonferenz einberufen, ``prepare_measure``:
Maßnahme vorbereiten), 0 when it was held back (``defer``, ``monitor``, ``close``).
``request_information`` and ``reopen`` take no position on priority and give no label. Later
decisions about the same case are follow-ups (a case closed after its conference was still
prioritised), so only the first one counts. The model therefore estimates "would a person
take this case up now?" from the case's facts, as a second opinion next to the rules.

Simulated history (demo, tests)
-------------------------------
Without recorded decisions, :func:`simulate_decisions` invents them, reproducibly from a seed.
A simulated caseworker takes a case up with probability ``sigmoid(logit)`` where the logit adds
(log-odds, as the rule set declares them in ``model.simulation``; the shipped one):

* the facts the rules read: a serious or violent conviction, repeat and intensive offending
  (with the rule set's thresholds), open proceedings (capped), serious and grave incidents,
  an enforceable (strongly) or pending (weakly) departure obligation, release from custody
  within the horizon;
* legal obstacles (asylum procedure, deportation ban, toleration for legal reasons, **and
  minority**) strongly against;
* things the model never sees: how recent the last event is (people react to fresh events),
  and whether the person is a minor (age is no model input, so this part stays unexplained);
* per-case noise ``N(0, 0.6)`` for everything else in a human judgement.

So the history looks like the rules but is not the rules: the model can learn something similar
but not identical, and the held-out figures mean something.

Injected bias (``Bias``)
------------------------
To give the fairness audit something real to find, a bias against one audit group can be
injected through two channels, as it happens in practice:

* **decisions** (``strength``, log-odds): past decision-makers took up cases of the group more
  often for the same facts. In this product selection means closer scrutiny, so a positive
  strength is a bias *against* the group. A model that never sees the group cannot learn this
  channel by itself: it shows up as a gap between the group's label rate and its selection
  rate (higher FNR, lower FPR), not as a selection-rate gap;
* **records** (``over_recording``): the group's cases carry extra open investigations
  (over-policing: more reports, more proceedings that stay open), on average ``over_recording``
  per case within the last 12 months. Now a legitimate feature (open proceedings) becomes a
  proxy for the group, the model rewards it, and the selection-rate gate fails.

The audit group is used only to bias the simulated labels and records and, later, to evaluate
fairness: it is never a feature (:func:`models.features.assert_allowed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from scipy.special import expit

from cases.frames import CaseFrames, normalize
from cases.generator import CATEGORY_WEIGHTS
from cases.model import AUDIT_ONLY_FIELDS, OFFENCE_CATEGORIES
from models.features import feature_matrix
from rules.batch import Evaluation, evaluate
from rules.language import RuleSet

__all__ = [
    "DECISION_LABELS",
    "LABEL",
    "Bias",
    "DecisionError",
    "SimulatedHistory",
    "apply_over_recording",
    "decision_probability",
    "first_decisions",
    "labels_from_decisions",
    "simulate_decisions",
    "simulate_history",
    "simulation_of",
]

#: Name of the label column / series.
LABEL = "prioritised"

#: Decision kind (service ``DecisionKind``) -> label; kinds not listed give no label.
DECISION_LABELS: dict[str, int] = {
    "case_conference": 1,
    "prepare_measure": 1,
    "defer": 0,
    "monitor": 0,
    "close": 0,
}
_NO_LABEL = frozenset({"request_information", "reopen"})

#: Log-odds of the simulated caseworker are declared by the rule set (``model.simulation``);
#: see :func:`simulation_of`.


class DecisionError(ValueError):
    """A decision record that cannot become a label; names the record and the field."""


@dataclass(frozen=True)
class Bias:
    """A simulated bias against one audit group (see the module docstring).

    Attributes
    ----------
    attribute : str
        An audit-only field (``nationality`` or ``sex``).
    group : str
        The group's value, e.g. ``"SYR"`` or ``"f"``.
    strength : float
        Log-odds added to the past decision for the group's cases (positive: taken up more
        often, i.e. more scrutiny).
    over_recording : float
        Mean number of extra open investigations recorded per case of the group.
    """

    attribute: str
    group: str
    strength: float = 1.5
    over_recording: float = 0.0

    def __post_init__(self) -> None:
        if self.attribute not in AUDIT_ONLY_FIELDS:
            raise ValueError(
                f"bias attribute {self.attribute!r} is not an audit-only field "
                f"(expected one of {', '.join(sorted(AUDIT_ONLY_FIELDS))})"
            )
        if self.over_recording < 0:
            raise ValueError(f"over_recording must be >= 0, found {self.over_recording}")

    def members(self, frames: CaseFrames) -> np.ndarray:
        """Boolean mask of the group's cases."""
        values = frames.cases[self.attribute].astype(object).to_numpy()
        return values == self.group

    def as_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "group": self.group,
            "strength": self.strength,
            "over_recording": self.over_recording,
        }


@dataclass
class SimulatedHistory:
    """A caseload as it was recorded, with the decisions simulated on it."""

    frames: CaseFrames
    labels: pd.Series  # 0/1 per case, index case_id
    probability: pd.Series  # the simulated caseworker's probability, index case_id
    bias: Bias | None = None


def simulation_of(ruleset: RuleSet) -> dict[str, Any]:
    """The simulated caseworker ``ruleset`` declares (``model.simulation``), or an error."""
    declared = ruleset.model.simulation
    if not declared:
        raise ValueError(
            f"rule set {ruleset.label} declares no simulated caseworker (model.simulation): "
            "train on recorded decisions"
        )
    return declared


def _operand(value: Any, ruleset: RuleSet) -> float:
    if isinstance(value, tuple):
        name, factor = value
        return float(ruleset.values[name]) * float(factor)
    return float(value)


def decision_probability(
    frames: CaseFrames,
    ruleset: RuleSet,
    as_of: date,
    *,
    seed: int,
    bias: Bias | None = None,
    evaluation: Evaluation | None = None,
) -> np.ndarray:
    """The simulated caseworker's probability of taking each case up (before the coin flip).

    The log-odds are what the rule set declares in ``model.simulation``: an intercept, terms on
    the model's features (a weight when a feature reaches a value or parameter or equals a
    value, or a weight per unit up to a cap), a weight for any legal obstacle (any blocker, also
    those the model never sees), a weight for a recent event (the rule set's
    ``queue.latest_event`` within some months; not a model input) and per-case noise.
    """
    sim = simulation_of(ruleset)
    ev = evaluation if evaluation is not None else evaluate(frames, ruleset, as_of)
    X = feature_matrix(frames, ruleset, ev)
    logit = np.full(len(ev), sim["intercept"], dtype=np.float64)
    for term in sim["terms"]:
        values = X[term["feature"]].to_numpy(dtype=np.float64)
        if "per_unit" in term:
            capped = np.minimum(values, term["cap"]) if "cap" in term else values
            logit = logit + term["per_unit"] * capped
        elif "equals" in term:
            logit = logit + term["weight"] * (values == _operand(term["equals"], ruleset))
        else:
            threshold = _operand(term.get("at_least", 1), ruleset)
            logit = logit + term["weight"] * (values >= threshold)
    logit = logit + sim["legal_obstacle"] * ev.blockers.any(axis=1)
    recent = sim.get("recent_event")
    latest_fact = ruleset.queue.latest_event
    if recent and latest_fact:
        start = float((as_of - relativedelta(months=recent["months"]) - date(1970, 1, 1)).days)
        latest = np.nan_to_num(ev.facts.get(latest_fact, np.full(len(ev), np.nan)), nan=-np.inf)
        logit = logit + recent["weight"] * (latest > start)
    rng = np.random.default_rng([seed, 1])
    logit = logit + rng.normal(0.0, sim["noise_sd"], len(ev))
    if bias is not None:
        logit = logit + bias.strength * bias.members(frames)
    return expit(logit)


def simulate_decisions(
    frames: CaseFrames, ruleset: RuleSet, as_of: date, *, seed: int, bias: Bias | None = None
) -> pd.Series:
    """Simulated first triage decisions (1 taken up, 0 held back), index ``case_id``.

    Reproducible from ``seed``; ``bias`` shifts the decisions for one audit group (the
    *decisions* channel only; see :func:`simulate_history` for the records channel).
    """
    probability = decision_probability(frames, ruleset, as_of, seed=seed, bias=bias)
    coin = np.random.default_rng([seed, 2]).random(len(probability))
    ids = frames.cases["case_id"].to_numpy(dtype=object)
    return pd.Series(
        (coin < probability).astype(np.int64), index=pd.Index(ids, name="case_id"), name=LABEL
    )


def apply_over_recording(frames: CaseFrames, bias: Bias, as_of: date, *, seed: int) -> CaseFrames:
    """A copy of ``frames`` where the group's cases carry extra open investigations.

    Each case of the group gets ``Poisson(bias.over_recording)`` offences with status
    ``under_investigation``, dated uniformly within the 12 months before ``as_of``, categories
    drawn like the generator's. Ids ``X1``, ``X2``, ... keep them unique within the case.
    """
    if bias.over_recording <= 0:
        return frames
    rng = np.random.default_rng([seed, 3])
    members = np.flatnonzero(bias.members(frames))
    counts = rng.poisson(bias.over_recording, len(members))
    case_idx = np.repeat(members, counts).astype(np.int64)
    if len(case_idx) == 0:
        return frames
    today = (as_of - date(1970, 1, 1)).days
    span = (as_of - (as_of - relativedelta(months=12))).days
    days = today - rng.integers(0, span, len(case_idx))
    weights = np.array([CATEGORY_WEIGHTS.get(c, 0.0) for c in OFFENCE_CATEGORIES])
    category = rng.choice(len(OFFENCE_CATEGORIES), len(case_idx), p=weights / weights.sum())
    position = np.arange(len(case_idx)) - np.repeat(np.cumsum(counts) - counts, counts)
    extra = pd.DataFrame(
        {
            "case_idx": case_idx,
            "offence_id": [f"X{p + 1}" for p in position],
            "date": days.astype("datetime64[D]").astype("datetime64[s]"),
            "category": np.asarray(OFFENCE_CATEGORIES, dtype=object)[category],
            "status": "under_investigation",
            "sentence_months": np.nan,
            "suspended": False,
            "juvenile": False,
        }
    )
    offences = pd.concat(
        [frames.offences.astype({"category": object, "status": object}), extra], ignore_index=True
    )
    offences = offences.sort_values("case_idx", kind="stable").reset_index(drop=True)
    return normalize(CaseFrames(frames.cases, offences, frames.incidents))


def simulate_history(
    frames: CaseFrames, ruleset: RuleSet, as_of: date, *, seed: int, bias: Bias | None = None
) -> SimulatedHistory:
    """Recorded caseload (with over-recording if the bias asks for it) and its decisions."""
    recorded = apply_over_recording(frames, bias, as_of, seed=seed) if bias else frames
    evaluation = evaluate(recorded, ruleset, as_of)
    probability = decision_probability(
        recorded, ruleset, as_of, seed=seed, bias=bias, evaluation=evaluation
    )
    coin = np.random.default_rng([seed, 2]).random(len(probability))
    index = pd.Index(recorded.cases["case_id"].to_numpy(dtype=object), name="case_id")
    labels = pd.Series((coin < probability).astype(np.int64), index=index, name=LABEL)
    return SimulatedHistory(
        recorded, labels, pd.Series(probability, index=index, name="probability"), bias
    )


# ------------------------------------------------------------------- recorded decisions


def _decision_date(value: Any, line: int, key: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise DecisionError(
            f"decision {line}: {key}: expected a date YYYY-MM-DD, found {value!r}"
        ) from None


def first_decisions(decisions: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The first label-bearing decision per case: ``case_id``, ``kind``, ``as_of``, label.

    A decision is a mapping with ``case_id`` and ``kind`` (as recorded by the service), and
    optionally ``as_of`` (the queue date it refers to), ``decided_at`` and ``id`` for the order.
    Decisions are ordered by ``decided_at`` (else ``as_of``), then ``id``, then input position.
    Raises :class:`DecisionError` naming the record for a missing field or an unknown kind.
    """
    rows = []
    for line, decision in enumerate(decisions, start=1):
        if not isinstance(decision, Mapping):
            raise DecisionError(
                f"decision {line}: expected an object, found {type(decision).__name__}"
            )
        for key in ("case_id", "kind"):
            if not isinstance(decision.get(key), str) or not decision.get(key):
                raise DecisionError(f"decision {line}: {key}: required text field is missing")
        kind = decision["kind"]
        if kind not in DECISION_LABELS and kind not in _NO_LABEL:
            known = ", ".join([*DECISION_LABELS, *sorted(_NO_LABEL)])
            raise DecisionError(
                f"decision {line}: kind: unknown decision kind {kind!r} (expected one of {known})"
            )
        as_of = _decision_date(decision.get("as_of"), line, "as_of")
        decided = str(decision.get("decided_at") or decision.get("as_of") or "")
        rows.append(
            {
                "case_id": decision["case_id"],
                "kind": kind,
                "as_of": as_of,
                "order": (decided, decision.get("id") or 0, line),
                LABEL: DECISION_LABELS.get(kind),
            }
        )
    columns = ["case_id", "kind", "as_of", LABEL]
    labelled = [r for r in rows if r[LABEL] is not None]
    if not labelled:
        return pd.DataFrame(columns=columns)
    labelled.sort(key=lambda r: r["order"])
    frame = pd.DataFrame(labelled).drop_duplicates("case_id", keep="first")
    frame[LABEL] = frame[LABEL].astype(np.int64)
    return frame[columns].set_index("case_id", drop=False).rename_axis(None)


def labels_from_decisions(decisions: Iterable[Mapping[str, Any]]) -> pd.Series:
    """Labels from recorded decisions: 1 taken up, 0 held back, index ``case_id``.

    ``case_conference`` and ``prepare_measure`` give 1; ``defer``, ``monitor`` and ``close``
    give 0; ``request_information`` and ``reopen`` give no label. Only each case's first
    label-bearing decision counts (see the module docstring).
    """
    first = first_decisions(decisions)
    return pd.Series(
        first[LABEL].to_numpy(dtype=np.int64),
        index=pd.Index(first["case_id"].to_numpy(dtype=object), name="case_id"),
        name=LABEL,
    )
