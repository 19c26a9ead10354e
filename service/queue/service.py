"""Queue pages and summaries from the cached caseload and the batch engine."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from rules import RuleSet
from rules.batch import Evaluation
from rules.days import from_days, to_days
from rules.render import short_reason
from service.cases.keys import CaseKey
from service.changes.markers import Marker
from service.changes.wording import cause_text
from service.queue.caseload import Caseload
from service.queue.models import QueueItem
from service.rulesets.active import ruleset_key

#: Default of the settings ``new_window_days`` and ``change_window_days``.
LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class QueueRow:
    """One case of a queue view (positions refer to the caseload's rows)."""

    position: int
    rank: int


@dataclass
class QueueView:
    """The caller's queue at ``as_of``: rows in order, with the evaluations they came from."""

    caseload: Caseload
    ruleset: RuleSet
    as_of: date
    current: Evaluation
    positions: np.ndarray  # caseload rows in queue order (after every filter)
    ranks: np.ndarray  # rank of each position in the scoped queue (before tier/changed filters)
    #: Cases whose recorded tier changed within the change window (service.changes.markers),
    #: by region and id.
    markers: Mapping[CaseKey, Marker] = field(default_factory=dict)
    new_days: int = LOOKBACK_DAYS

    @property
    def total(self) -> int:
        return len(self.positions)


def _order_values(caseload: Caseload, ev: Evaluation, row: int) -> tuple[Any, ...]:
    """The values of a row's queue-order keys other than the case id (as the rule set's
    ``ordering`` names them; missing values as ``None``)."""
    values: list[Any] = []
    for spec in ev.ruleset.ordering:
        if spec.by == "case_id":
            continue
        if spec.by == "tier":
            value: Any = int(ev.tier[row])
        elif spec.by == "score":
            value = int(ev.score[row])
        elif spec.by in ev.facts:
            value = float(ev.facts[spec.by][row])
        else:
            value = caseload.frames.cases[spec.by].iloc[row]
        values.append(None if pd.isna(value) else value)
    return tuple(values)


#: Per caseload (by object, while it lives): its rows whose id another row (region) holds too.
_SHARED_IDS: dict[int, tuple[weakref.ref[Caseload], np.ndarray]] = {}


def _forget(key: int) -> Callable[[object], None]:
    def forget(_: object) -> None:
        _SHARED_IDS.pop(key, None)

    return forget


def shared_id_rows(caseload: Caseload) -> np.ndarray:
    """Per row: does another row of the caseload (a case of another region) hold its id?
    Computed once per caseload, so that a caseload without such ids costs its queue nothing."""
    key = id(caseload)
    known = _SHARED_IDS.get(key)
    if known is not None and known[0]() is caseload:
        return known[1]
    shared = pd.Series(caseload.case_ids, dtype=object).duplicated(keep=False).to_numpy()
    _SHARED_IDS[key] = (weakref.ref(caseload, _forget(key)), shared)
    return shared


def region_last(caseload: Caseload, ev: Evaluation, order: np.ndarray) -> np.ndarray:
    """``order`` with the cases that tie on every key of the rule set's order (the case id
    last) put in region order: the same id in two regions (ids are unique within a region
    only) is listed in one order whatever the caseload's row order."""
    if len(order) < 2:
        return order
    shared = shared_id_rows(caseload)[order]
    if not shared.any():
        return order
    ids = caseload.case_ids
    near = np.flatnonzero(shared[1:] & shared[:-1])
    pairs = near[ids[order[near]] == ids[order[near + 1]]]  # order[k], order[k + 1]: one id
    if len(pairs) == 0:
        return order
    order = order.copy()
    start = end = -1
    for k in (int(k) for k in pairs):
        tied = _order_values(caseload, ev, int(order[k])) == _order_values(
            caseload, ev, int(order[k + 1])
        )
        if tied and k == end:
            end = k + 1
            continue
        if end > start >= 0:
            _sort_by_region(caseload, order, start, end)
        start, end = (k, k + 1) if tied else (-1, -1)
    if end > start >= 0:
        _sort_by_region(caseload, order, start, end)
    return order


def _sort_by_region(caseload: Caseload, order: np.ndarray, start: int, end: int) -> None:
    run = order[start : end + 1]
    order[start : end + 1] = run[np.argsort(caseload.regions[run].astype(str), kind="stable")]


def scoped_order(
    caseload: Caseload, ev: Evaluation, regions: Collection[str], as_of: date
) -> np.ndarray:
    """Caseload rows of the given regions, received by ``as_of``, in queue order (the rule
    set's order, then the region: :func:`region_last`)."""
    if len(caseload) == 0:
        return np.zeros(0, dtype=np.int64)
    visible = np.isin(caseload.regions, list(regions)) & (caseload.received_days <= to_days(as_of))
    return region_last(caseload, ev, ev.order[visible[ev.order]])


def tier_ids(ev: Evaluation, positions: np.ndarray) -> np.ndarray:
    return np.asarray(ev.ruleset.tier_ids, dtype=object)[ev.tier[positions]]


def is_new(
    caseload: Caseload, positions: np.ndarray, as_of: date, days: int = LOOKBACK_DAYS
) -> np.ndarray:
    """Received (``received_on``) within the ``days`` days up to and including ``as_of``."""
    since, until = to_days(as_of - timedelta(days=days)), to_days(as_of)
    received = caseload.received_days[positions]
    return (received > since) & (received <= until)


def has_marker(
    caseload: Caseload, positions: np.ndarray, markers: Mapping[CaseKey, Any]
) -> np.ndarray:
    """Per position: is the case among ``markers`` (keyed by region and case id)."""
    if not markers:
        return np.zeros(len(positions), dtype=bool)
    marked = [caseload.index[key] for key in markers if key in caseload.index]
    return np.isin(positions, np.asarray(marked, dtype=np.int64))


def case_link(case: CaseKey) -> str:
    """The case page of a case: its id and its region (ids are unique within a region only)."""
    return f"/cases/{case.case_id}?region={case.region}"


def build_view(
    *,
    caseload: Caseload,
    ruleset: RuleSet,
    as_of: date,
    regions: Collection[str],
    tiers: Sequence[str] | None = None,
    changed_since: date | None = None,
    markers: Mapping[CaseKey, Marker] | None = None,
    changed: Mapping[CaseKey, Marker] | None = None,
    new_or_changed: bool = False,
    new_days: int = LOOKBACK_DAYS,
) -> QueueView:
    """The caller's queue: scope by regions, then filter by tier and by what changed.

    ``markers`` are the recorded tier changes within the change window (the row markers and
    the ``new_or_changed`` filter); ``changed`` those between ``changed_since`` and ``as_of``
    (both by region and id).
    """
    current = caseload.evaluation(ruleset, as_of)
    markers = markers or {}
    positions = scoped_order(caseload, current, regions, as_of)
    ranks = np.arange(1, len(positions) + 1, dtype=np.int64)
    keep = np.ones(len(positions), dtype=bool)
    if tiers:
        keep &= np.isin(tier_ids(current, positions), list(tiers))
    if new_or_changed:
        keep &= is_new(caseload, positions, as_of, new_days) | has_marker(
            caseload, positions, markers
        )
    if changed_since is not None:
        since = to_days(changed_since)
        keep &= (
            (caseload.received_days[positions] > since)
            | (caseload.first_import_days[positions] > since)
            | (caseload.updated_days[positions] > since)
            | has_marker(caseload, positions, changed or {})
        )
    return QueueView(
        caseload, ruleset, as_of, current, positions[keep], ranks[keep], markers, new_days
    )


_REASONS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], str], str] = {}


def reason(
    ruleset: RuleSet,
    key: str,
    tier: str,
    criteria: list[str],
    blockers: list[str],
    lang: str = "de",
) -> str:
    """The one-line reason of a queue row (memoised: a few dozen distinct rows exist).

    ``key`` is :func:`service.rulesets.active.ruleset_key` of ``ruleset``.
    """
    memo = (key, tier, tuple(criteria), tuple(blockers), lang)
    text = _REASONS.get(memo)
    if text is None:
        if len(_REASONS) > 10_000:
            _REASONS.clear()
        text = _REASONS[memo] = short_reason(tier, criteria, blockers, ruleset, lang)
    return text


def fired(ev: Evaluation, which: str, position: int) -> list[str]:
    rules = getattr(ev.ruleset, which)
    return [rules[j].id for j in np.flatnonzero(getattr(ev, which)[position])]


def latest_event(ev: Evaluation, position: int) -> date | None:
    """The case's most recent event: the date fact its rule set declares (queue.latest_event)."""
    name = ev.ruleset.queue.latest_event
    if name is None or np.isnan(ev.facts[name][position]):
        return None
    return from_days(ev.facts[name][position])


def page_items(
    *,
    view: QueueView,
    offset: int,
    limit: int,
    points: Mapping[CaseKey, dict[str, Any]] | None = None,
    decisions: Mapping[CaseKey, Any] | None = None,
    lang: str = "de",
) -> list[QueueItem]:
    """One page of the view as queue items (the API, the replay and the web UI share it).

    ``points`` (model points) and ``decisions`` (last decision) are keyed by region and case
    id; both belong to the present and are left out of a replayed day.
    """
    caseload, ruleset, as_of = view.caseload, view.ruleset, view.as_of
    page = view.positions[offset : offset + limit]
    ranks = view.ranks[offset : offset + limit]
    key = ruleset_key(ruleset)
    new = is_new(caseload, page, as_of, view.new_days)
    now = tier_ids(view.current, page)
    items = []
    for i, position in enumerate(int(p) for p in page):
        criteria = fired(view.current, "criteria", position)
        blockers = fired(view.current, "blockers", position)
        tier = str(now[i])
        case = CaseKey(str(caseload.regions[position]), str(caseload.case_ids[position]))
        marker = view.markers.get(case)
        items.append(
            QueueItem(
                rank=int(ranks[i]),
                case_id=case.case_id,
                region=case.region,
                link=case_link(case),
                tier=tier,
                tier_label=ruleset.tier(tier).label.get("de"),
                score=int(view.current.score[position]),
                criteria=criteria,
                blockers=blockers,
                actions=fired(view.current, "actions", position),
                reason=reason(ruleset, key, tier, criteria, blockers),
                received_on=from_days(int(caseload.received_days[position])),
                latest_event=latest_event(view.current, position),
                version=int(caseload.versions[position]),
                new=bool(new[i]),
                tier_changed=marker is not None,
                previous_tier=marker.previous_tier if marker else None,
                change_cause=(
                    cause_text(marker.cause.cause, marker.cause.detail, lang) if marker else None
                ),
                change_cause_code=marker.cause.cause if marker else None,
                changed_on=marker.cause.as_of if marker else None,
                model_points=(points or {}).get(case),
                last_decision=(decisions or {}).get(case),
            )
        )
    return items
