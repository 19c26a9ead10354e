"""Audit entries of ``/score``, written by group commit.

Every scoring request is on record before its answer leaves the service (issue #14): the case
ids scored, the reference date, whether an explanation was asked for. One write transaction per
request would make the audit chain's lock the bottleneck of the route, so requests that arrive
while an entry is being written wait together and are written in the next transaction, one
entry per caller and batch (``details.requests`` lists each request). A request returns only
after the transaction holding its entry committed; if it fails, every waiting request fails.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from service.audit import chain
from service.db.engine import Database

ACTION = "score"


class ScoreAuditor:
    """Group commit of ``score`` audit entries for one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cond = threading.Condition()
        self._pending: list[tuple[str, Mapping[str, Any], Future[None]]] = []
        self._writing = False

    def record(self, actor: str, details: Mapping[str, Any]) -> None:
        """Put one request on record; returns once it is committed (call from a thread).

        The first caller to find no write in progress writes everything pending (its own entry
        included); the others wait for the transaction that holds theirs.
        """
        done: Future[None] = Future()
        batch: list[tuple[str, Mapping[str, Any], Future[None]]] | None = None
        with self._cond:
            self._pending.append((actor, details, done))
            while not done.done():
                if not self._writing:
                    self._writing = True
                    batch, self._pending = self._pending, []
                    break
                self._cond.wait()
        if batch is not None:
            try:
                self._write(batch)
            except BaseException as error:  # every waiter learns of the failure
                for _, _, waiting in batch:
                    waiting.set_exception(error)
            else:
                for _, _, waiting in batch:
                    waiting.set_result(None)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
        done.result()

    def _write(self, batch: list[tuple[str, Mapping[str, Any], Future[None]]]) -> None:
        by_actor: dict[str, list[Mapping[str, Any]]] = {}
        for actor, details, _ in batch:
            by_actor.setdefault(actor, []).append(details)
        with self.db.write() as session:
            for actor, requests in by_actor.items():
                chain.append(
                    session,
                    actor=actor,
                    action=ACTION,
                    target="score",
                    details={
                        "requests": list(requests),
                        "cases": sorted({c for r in requests for c in r["cases"]}),
                    },
                )
