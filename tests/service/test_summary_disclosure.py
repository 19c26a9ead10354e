"""The policy overview (``GET /queue/summary`` for policy staff) is published as the
simulation's tables are (issue #14, item 4): only on the simulation's available grid dates, on
the caseload as it stood that day, with small counts hidden - so subtracting two overviews no
longer shows the region and tier of the one case received in between. Case roles see their own
regions' counts unchanged."""

from __future__ import annotations

import json

from sqlalchemy import select

from service.audit.models import AuditEntry
from tests.service.history import backdate
from tests.service.test_hardening import _caseload_with_one_late_case, _first_example


def _summary(env, token: str, as_of: str | None = None):
    params = {"as_of": as_of} if as_of else {}
    return env.client.get("/api/v1/queue/summary", params=params, headers=env.auth(token))


def _koeln(body: dict) -> dict:
    return next(r for r in body["regions"] if r["region"] == "koeln")


def _numbers(body: dict) -> list[int | None]:
    values: list[int | None] = [body["total"], body["new_total"], body["tier_changed_total"]]
    values += list(body["tier_totals"].values())
    for r in body["regions"]:
        values += [r["total"], r["new"], r["tier_changed"], *r["tiers"].values()]
    return values


def test_subtracting_two_overviews_no_longer_reveals_a_case(env):
    _caseload_with_one_late_case(env)
    # What the attack used: a case role's exact counts on consecutive days (unchanged for them).
    lead = env.user("rrk_lead", "koeln", name="lea")
    monday = _koeln(_summary(env, lead, "2026-11-23").json())
    tuesday = _koeln(_summary(env, lead, "2026-11-24").json())
    assert tuesday["total"] == monday["total"] + 1
    # Policy staff: only the grid dates of the simulation; the day after is refused.
    policy = env.user("policy", name="pia")
    shown = _summary(env, policy, "2026-11-23")
    assert shown.status_code == 200, shown.text
    assert _koeln(shown.json())["total"] == 30 and shown.json()["min_cell_size"] == 10
    for day in ("2026-11-24", "2026-11-30", "2026-12-07"):
        refused = _summary(env, policy, day)
        assert refused.status_code == 422, (day, refused.text)
        assert "23.11.2026" in refused.text  # the last possible date
    default = _summary(env, policy)
    assert default.status_code == 200 and default.json()["as_of"] == "2026-11-23"
    with env.db.read() as session:
        entries = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "queue.summary.refused")
                .order_by(AuditEntry.seq)
            )
        )
    refusals = [json.loads(e.details) for e in entries]
    assert [(r["as_of"], r["role"]) for r in refusals] == [
        ("2026-11-24", "policy"),
        ("2026-11-30", "policy"),
        ("2026-12-07", "policy"),
    ]


def test_small_counts_of_the_overview_are_hidden_for_policy_staff(env):
    record = json.loads(_first_example())
    lines = [
        json.dumps(
            record | {"case_id": f"S-{i:02d}", "region": region, "received_on": "2026-10-05"}
        )
        for i, region in enumerate(["koeln"] * 30 + ["arnsberg"] * 3)
    ]
    response = env.import_jsonl(env.user("admin", name="loader"), "\n".join(lines) + "\n")
    assert response.status_code == 201, response.text
    backdate(env, "2026-10-05")
    policy = env.user("policy", name="pia")
    body = _summary(env, policy, "2026-11-23").json()
    arnsberg = next(r for r in body["regions"] if r["region"] == "arnsberg")
    assert arnsberg["total"] is None
    assert all(n in (0, None) for n in arnsberg["tiers"].values())
    assert body["total"] == 33 and _koeln(body)["total"] is None  # else 33 - 30 = 3
    assert not [n for n in _numbers(body) if n is not None and 0 < n < 10]
    # The case role of that region sees its exact counts, as before.
    lead = env.user("rrk_lead", "arnsberg", name="lars")
    own = _summary(env, lead, "2026-11-24").json()
    assert [r["total"] for r in own["regions"]] == [3] and own["min_cell_size"] is None


def test_the_overview_and_a_simulation_of_the_same_monday_hide_the_same_counts(env):
    """The attack: the overview of a Monday and a simulation of that Monday were suppressed
    each on its own, so a count one hid the other showed, and a region's hidden tier count was
    its total minus the counts of both put together. Now the simulation's baseline hides
    exactly what the overview hides - no more, no less."""
    from datetime import date

    from cases.generator import generate_cases

    cases = generate_cases(400, seed=3, as_of=date(2026, 10, 5))
    lines = [
        json.dumps(json.loads(c.model_dump_json()) | {"received_on": "2026-10-05"}) for c in cases
    ]
    loader = env.user("admin", name="loader")
    response = env.import_jsonl(loader, "\n".join(lines) + "\n")
    assert response.status_code == 201, response.text
    backdate(env, "2026-10-05")
    policy = env.user("policy", name="pia")
    overview = _summary(env, policy, "2026-11-23").json()
    simulated = env.client.post(
        "/api/v1/rulesets/amit-nrw-default@1/simulate",
        params={"as_of": "2026-11-23"},
        headers=env.auth(policy),
    )
    assert simulated.status_code == 200, simulated.text
    result = simulated.json()
    hidden_in_overview = hidden_in_simulation = 0
    for region in overview["regions"]:
        entry = result["by_region"][region["region"]]
        assert entry["n"] == region["total"]  # both the number or both null
        for tier, count in region["tiers"].items():
            assert entry["baseline"][tier] == count, (region["region"], tier)
            hidden_in_overview += count is None
        hidden_in_simulation += sum(n is None for n in entry["baseline"].values())
    for tier, count in overview["tier_totals"].items():
        assert result["baseline"][tier] == count, tier
    assert result["n_cases"] == overview["total"]
    assert hidden_in_overview == hidden_in_simulation > 0  # the caseload has small cells
    assert "matrix" not in next(iter(result["by_region"].values()))  # transitions per region
