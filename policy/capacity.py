"""Weekly capacity of each region's RRK for priority cases (P1 + P2).

Policy staff need to see a draft's effect on every region's workload before it takes effect
(DOMAIN.md), and workload only means something against what a region can handle. Capacity is
configuration, not code: :data:`DEFAULT_CAPACITY_FILE` (``policy/capacity.yaml``) holds an
explicitly documented *assumption* (15 senior posts statewide split over the five regions,
8 priority cases per post and week) that a deployment replaces with its real figures.

File format (YAML, or JSON, which YAML reads too)::

    unit: cases_per_week            # informative; the only unit there is
    tiers: [P1, P2]                 # the tiers that count as workload
    cases_per_post_per_week: 8      # used where a region gives no weekly_capacity
    regions:
      arnsberg: {posts: 3}                      # -> 24 a week
      koeln: {posts: 4, weekly_capacity: 30}    # an explicit figure wins

Every region of the case model must be listed, so that no region silently has "no limit".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cases.model import REGIONS

__all__ = ["DEFAULT_CAPACITY_FILE", "Capacity", "CapacityError", "load_capacity"]

DEFAULT_CAPACITY_FILE = Path(__file__).with_name("capacity.yaml")
_KEYS = {"unit", "tiers", "cases_per_post_per_week", "regions"}
_REGION_KEYS = {"posts", "weekly_capacity"}


class CapacityError(ValueError):
    """A capacity file that cannot be used; the message lists every problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Capacity:
    """Weekly capacity for priority cases per region (cases a week) and where the figures come
    from. ``tiers``: the tiers the figures are for; empty means the rule set's priority tiers."""

    weekly: dict[str, int]
    posts: dict[str, int | None] = field(default_factory=dict)
    cases_per_post_per_week: int | None = None
    tiers: tuple[str, ...] = ()
    source: str = "<memory>"

    @property
    def total(self) -> int:
        """Statewide weekly capacity."""
        return sum(self.weekly.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "unit": "cases_per_week",
            "tiers": list(self.tiers),
            "cases_per_post_per_week": self.cases_per_post_per_week,
            "weekly": dict(self.weekly),
            "posts": dict(self.posts),
            "source": self.source,
        }


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def parse_capacity(document: Any, *, source: str = "<memory>") -> Capacity:
    """Check a capacity document completely and report every problem at once."""
    problems: list[str] = []
    if not isinstance(document, Mapping):
        raise CapacityError(source, ["expected a mapping with 'regions'"])
    for key in sorted(set(document) - _KEYS):
        problems.append(f"unknown key {key!r} (expected one of {', '.join(sorted(_KEYS))})")
    if document.get("unit", "cases_per_week") != "cases_per_week":
        problems.append(f"unit: expected 'cases_per_week', found {document['unit']!r}")
    tiers = document.get("tiers", [])  # none given: the rule set's priority tiers
    if not (
        isinstance(tiers, list)
        and (tiers or "tiers" not in document)
        and all(isinstance(t, str) for t in tiers)
    ):
        problems.append(f"tiers: expected a list of tier ids, found {tiers!r}")
        tiers = []
    rate = document.get("cases_per_post_per_week")
    if rate is not None and not _count(rate):
        problems.append(f"cases_per_post_per_week: expected a whole number >= 0, found {rate!r}")
        rate = None
    regions = document.get("regions")
    if not isinstance(regions, Mapping):
        raise CapacityError(source, [*problems, "regions: expected a mapping region -> figures"])
    weekly: dict[str, int] = {}
    posts: dict[str, int | None] = {}
    for region, body in regions.items():
        where = f"regions.{region}"
        if region not in REGIONS:
            problems.append(f"{where}: unknown region (expected one of {', '.join(REGIONS)})")
            continue
        if isinstance(body, int) and not isinstance(body, bool):
            body = {"weekly_capacity": body}  # shorthand: `koeln: 30`
        if not isinstance(body, Mapping):
            problems.append(f"{where}: expected posts and/or weekly_capacity, found {body!r}")
            continue
        for key in sorted(set(body) - _REGION_KEYS):
            problems.append(f"{where}: unknown key {key!r} (expected posts, weekly_capacity)")
        n_posts = body.get("posts")
        if n_posts is not None and not _count(n_posts):
            problems.append(f"{where}.posts: expected a whole number >= 0, found {n_posts!r}")
            continue
        explicit = body.get("weekly_capacity")
        if explicit is not None:
            if not _count(explicit):
                problems.append(
                    f"{where}.weekly_capacity: expected a whole number >= 0, found {explicit!r}"
                )
                continue
            weekly[region] = explicit
        elif n_posts is not None and rate is not None:
            weekly[region] = n_posts * rate
        else:
            problems.append(
                f"{where}: needs weekly_capacity, or posts together with cases_per_post_per_week"
            )
            continue
        posts[region] = n_posts
    missing = [r for r in REGIONS if r not in regions]
    if missing:
        problems.append(f"regions: missing {', '.join(missing)} (every region needs a figure)")
    if problems:
        raise CapacityError(source, problems)
    return Capacity(
        weekly={r: weekly[r] for r in REGIONS},
        posts={r: posts[r] for r in REGIONS},
        cases_per_post_per_week=rate,
        tiers=tuple(tiers),
        source=source,
    )


def load_capacity(path: str | Path | None = None) -> Capacity:
    """The capacity file at ``path`` (default: the shipped assumption, ``capacity.yaml``)."""
    path = Path(path) if path is not None else DEFAULT_CAPACITY_FILE
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CapacityError(str(path), [f"cannot read the file: {error.strerror}"]) from None
    except yaml.YAMLError as error:
        raise CapacityError(str(path), [f"not valid YAML/JSON: {error}"]) from None
    return parse_capacity(document, source=str(path))
