"""The caseload as it stood at the end of any day, from the store's history.

The one definition of "the cases as they stood at the end of ``day``" (UTC days), used by the
replay (:meth:`service.queue.caseload.CaseloadCache.at`) and by the simulation date grid of
callers who may not see audit-only fields (:func:`service.rulesets.service.simulation_dates`):
every case with a version imported by the end of the day, in the latest such version, unless the
case was closed by then - the last of its ``close``/``reopen`` decisions and content-changing
re-imports (which reopen a case) on or before the day decides; a re-import with the same content
changes the version but not whether the case is open.

History is append-only (versions and decisions are never changed or deleted), so what stood on a
past day never changes afterwards - with one exception: an erasure (GDPR Art. 17, on request or
by the retention period of closed cases) removes a case with its whole history, and with it from
every day it stood on.

:func:`standings` turns the history into stretches of days, one row per case and stretch in
which the case stood in one version, open or closed: computed once, in pandas, for every day at
once (no query per day).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

#: Columns of the history of versions :func:`standings` reads.
VERSION_COLUMNS = ("case_id", "version", "region", "received_on", "imported_at", "content_hash")
#: Columns of the close/reopen decisions :func:`standings` reads.
EVENT_COLUMNS = ("region", "case_id", "kind", "decided_at")
#: Decision kinds that change whether a case is open.
STATUS_KINDS = ("close", "reopen")


_NS_PER_DAY = 86_400 * 10**9


def _nanoseconds(values: pd.Series) -> np.ndarray:
    """Timestamps (timezone-aware, or ISO text; without a zone: UTC) as UTC nanoseconds since
    the epoch."""
    stamps = pd.to_datetime(values, utc=True, format="ISO8601").dt.tz_localize(None)
    return stamps.to_numpy().astype("datetime64[ns]").astype(np.int64)


def _carry(values: np.ndarray, valid: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Each position's position of the last valid value at or before it in its group (-1:
    none), for rows sorted by ``group``."""
    positions = np.where(valid, np.arange(len(values)), -1)
    last = np.maximum.accumulate(positions) if len(positions) else positions
    same = (last >= 0) & (group[np.maximum(last, 0)] == group)
    return np.where(same, last, -1)


def versions_frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows of :data:`VERSION_COLUMNS` (any further columns are ignored) as a frame."""
    width = len(VERSION_COLUMNS)
    return pd.DataFrame([tuple(r[:width]) for r in rows], columns=list(VERSION_COLUMNS))


def events_frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=list(EVENT_COLUMNS))


def _keys(frame: pd.DataFrame) -> pd.Series:
    """``region/case_id`` of each row: one text per case (ids hold no ``/``)."""
    return frame["region"].astype(str) + "/" + frame["case_id"].astype(str)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": pd.Series(dtype=object),
            "row": pd.Series(dtype=np.int64),
            "version": pd.Series(dtype=np.int64),
            "region": pd.Series(dtype=object),
            "received_on": pd.Series(dtype="datetime64[s]"),
            "first": pd.Series(dtype="datetime64[s]"),
            "until": pd.Series(dtype="datetime64[s]"),
            "open": pd.Series(dtype=bool),
        }
    )


def standings(versions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every case's stretches of days: one row per case and stretch.

    Columns: ``case_id``; ``row`` (the position in ``versions`` of the version it stood in);
    ``version``, ``region``, ``received_on`` (``datetime64[D]``) of that version; ``first`` (the
    first day, ``datetime64[D]``), ``until`` (the first day it no longer stood so, ``NaT``:
    still does) and ``open``. At the end of a day ``d`` the case stood in the stretch with
    ``first <= d < until``; a case with no version imported by then did not stand at all.

    A case is its region and id (ids are unique within a region only). Vectorised on integer
    codes of the cases (one sort of all versions and decisions), so a history of 100,000 cases
    takes a fraction of a second.
    """
    if versions.empty:
        return _empty()
    source = versions.reset_index(drop=True)
    case_codes, case_keys = pd.factorize(_keys(source))
    version = source["version"].to_numpy().astype(np.int64)
    hashes = pd.factorize(source["content_hash"])[0]
    by_version = np.lexsort((version, case_codes))
    same_case = np.r_[False, case_codes[by_version][1:] == case_codes[by_version][:-1]]
    same_hash = np.r_[False, hashes[by_version][1:] == hashes[by_version][:-1]]
    opens = np.empty(len(source), dtype=bool)
    opens[by_version] = ~(same_case & same_hash)  # the first version, or new content
    status = events[events["kind"].isin(STATUS_KINDS)]
    event_codes = pd.Index(case_keys).get_indexer(_keys(status))
    known = event_codes >= 0
    kinds = status["kind"].to_numpy()[known]
    n_versions, n_events = len(source), int(known.sum())
    code = np.concatenate([case_codes, event_codes[known]])
    at = np.concatenate(
        [_nanoseconds(source["imported_at"]), _nanoseconds(status["decided_at"])[known]]
    )
    tie = np.concatenate([np.zeros(n_versions, np.int64), (kinds == "close").astype(np.int64)])
    row = np.concatenate([np.arange(n_versions), np.full(n_events, -1)])
    # The state a change leaves: 1 open, 0 closed, -1 unchanged (a re-import, same content).
    state = np.concatenate([np.where(opens, 1, -1), np.where(kinds == "reopen", 1, 0)])
    # At the same instant a closure wins (it is the later act).
    order = np.lexsort((tie, at, code))
    code, at, row, state = code[order], at[order], row[order], state[order]
    row_at = _carry(row, row >= 0, code)
    state_at = _carry(state, state >= 0, code)
    standing = row_at >= 0  # nothing stands before its first import
    code, at = code[standing], at[standing]
    rows = row[row_at[standing]]
    is_open = state[state_at[standing]] == 1
    day = at // _NS_PER_DAY
    # The state at the end of a day is the state after that day's last change.
    last = np.r_[(code[1:] != code[:-1]) | (day[1:] != day[:-1]), True]
    code, rows, is_open, day = code[last], rows[last], is_open[last], day[last]
    following = np.r_[code[1:] == code[:-1], False]
    days = day.astype("datetime64[D]")
    until = np.where(following, np.r_[days[1:], days[:1]], np.datetime64("NaT", "D"))
    received = (
        pd.to_datetime(source["received_on"], format="ISO8601").to_numpy().astype("datetime64[D]")
    )
    return pd.DataFrame(
        {
            "case_id": source["case_id"].to_numpy()[rows],
            "row": rows.astype(np.int64),
            "version": version[rows],
            "region": source["region"].to_numpy()[rows],
            "received_on": received[rows],
            "first": days,
            "until": until.astype("datetime64[D]"),
            "open": is_open,
        }
    )


def stood_on(stretches: pd.DataFrame, day: date) -> pd.DataFrame:
    """The open stretches at the end of ``day``: one row per case that stood open then."""
    d = np.datetime64(day, "D")
    first = stretches["first"].to_numpy().astype("datetime64[D]")
    until = stretches["until"].to_numpy().astype("datetime64[D]")
    covers = (first <= d) & (np.isnat(until) | (until > d))
    return stretches[covers & stretches["open"].to_numpy()]


def open_stays(stretches: pd.DataFrame) -> pd.DataFrame:
    """When each case belonged to the open caseload received by a day: one row per open
    stretch, from ``start`` (its first day, or the day the case was received if later) until
    ``end`` (exclusive, ``NaT``: still), with the case and its region."""
    chosen = stretches[stretches["open"].to_numpy()]
    first = chosen["first"].to_numpy().astype("datetime64[D]")
    received = chosen["received_on"].to_numpy().astype("datetime64[D]")
    start = np.maximum(first, received)
    end = chosen["until"].to_numpy().astype("datetime64[D]")
    keep = np.isnat(end) | (start < end)
    return pd.DataFrame(
        {
            "case_id": chosen["case_id"].to_numpy()[keep],
            "region": chosen["region"].to_numpy()[keep],
            "start": start[keep],
            "end": end[keep],
        }
    )
