"""Hidden cells of a simulation read as hidden, never as "< 10": a cell hidden only because it
would reveal a small one (secondary suppression) may hold any number, so the page shows one
neutral mark for every hidden cell and makes no capacity claim or fairness rating over hidden
figures (QA review, simulation view item 1)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from policy.disclosure import protect
from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.site import Site

MARK = "verdeckt"
RATINGS = ("auffällig", "unauffällig", "nicht mehr auffällig", "neu auffällig")


def _draft(site: Site) -> int:
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    with TestClient(site.app, headers={"Authorization": f"Bearer {site.tokens['policy']}"}) as c:
        drafted = c.post(
            "/api/v1/rulesets",
            json={
                "base": "amit-nrw-default",
                "parameters": {"repeat_min_convictions": 2},
                "reason": "Wiederholung schon ab zwei Verurteilungen",
            },
        )
    assert drafted.status_code == 201, drafted.text
    return int(drafted.json()["id"])


def _raw(site: Site) -> dict[str, Any]:
    cache, _ = site.app.state.web_simulations
    return next(reversed(cache.values())).to_dict()


def _rows(page: str, caption_id: str) -> list[str]:
    table = re.search(rf'<caption id="{caption_id}">.*?</table>', page, re.S)
    assert table, caption_id
    return re.findall(r"<tr>(.*?)</tr>", table.group(0).split("</thead>", 1)[1], re.S)


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_secondarily_hidden_cells_are_not_called_small(site: Site, as_role) -> None:
    version = _draft(site)
    page = as_role("policy").get(f"/policy/rulesets/{version}?simulate=1").text
    raw = _raw(site)
    shown = protect(raw, fairness=False, minimum=10)
    # The scenario hides a count of ten or more next to a small one (secondary suppression).
    secondary = [
        (tier, side)
        for side in ("baseline", "proposal")
        for tier, n in raw[side].items()
        if shown[side][tier] is None and n >= 10
    ] + [
        (region, side)
        for region, e in raw["by_region"].items()
        for side in ("baseline", "proposal")
        if shown["by_region"][region][f"workload_{side}"] is None and e[f"workload_{side}"] >= 10
    ]
    assert secondary, "the scenario must hide a count of ten or more"
    assert "&lt; 10" not in page and "< 10" not in page and "Weniger als" not in page
    assert MARK in page and "unter 10 Fällen" in page  # the mark and its tooltip
    for row, tier in zip(_rows(page, "tiers-caption"), raw["tiers"], strict=True):
        before, after, _ = _cells(row)
        assert (before == MARK) == (shown["baseline"][tier] is None)
        assert (after == MARK) == (shown["proposal"][tier] is None)
    regions = list(shown["by_region"].items())
    for row, (region, e) in zip(_rows(page, "regions-caption"), regions, strict=True):
        *_, over = _cells(row)
        if e["workload_proposal"] is None:
            assert over == MARK, (region, row)  # no capacity claim over a hidden workload
            assert e["over_capacity"] is None  # nor in the JSON
        else:
            assert over in ("ja, über Kapazität", "nein")


def test_the_json_makes_no_capacity_claim_over_a_hidden_workload(site: Site) -> None:
    version = _draft(site)
    with TestClient(site.app, headers={"Authorization": f"Bearer {site.tokens['policy']}"}) as c:
        answer = c.post(f"/api/v1/rulesets/{version}/simulate")
    assert answer.status_code == 200, answer.text
    regions = answer.json()["by_region"].values()
    for e in regions:
        if e["workload_proposal"] is None:
            assert e["over_capacity"] is None and e["utilisation_proposal"] is None
        if e["workload_baseline"] is None:
            assert e["over_capacity_baseline"] is None


def test_no_fairness_rating_over_hidden_figures(site: Site, as_role) -> None:
    version = _draft(site)
    page = as_role("auditor").get(f"/policy/rulesets/{version}?simulate=1").text
    raw = _raw(site)
    shown = protect(raw, fairness=True, minimum=10)
    assert "&lt; 10" not in page and "< 10" not in page
    checked = 0
    for attribute, groups in shown["fairness"].items():
        for row in _rows(page, f"fair-{attribute}"):
            cells = _cells(row)
            if cells[-1] == "zu klein":
                continue
            rate_before, rate_after, ratio_before, ratio_after, _p, rating = cells[1:]
            if MARK in (rate_before, rate_after, ratio_before, ratio_after):
                assert rating == MARK, row
                checked += 1
            else:
                assert rating in RATINGS, row
        for e in groups.values():
            for side in ("baseline", "proposal"):
                if e[f"selected_{side}"] is None:
                    assert e[f"flag_{side}"] is None  # no rating in the JSON either
    assert checked, "the scenario must hide a figure a rating rests on"
