"""The monitoring by non-auditors: no breakdown by audit-only fields, the simulation's date grid
(issue #14, item 4).

The attack a tester found: as a policy user, ``GET /monitoring`` on 24 and on 25 November 2026
showed "AFG +1 case, selected +1" - the one Afghan case received on the 25th was in a priority
tier. Now policy staff and administrators see no figure by nationality or sex (JSON, page,
plot, documentation pack) and read on available Mondays only, on the caseload as it stood at
the end of that Monday. Auditors keep their view.
"""

from __future__ import annotations

import io
import json
import zipfile

from service.auth.roles import Role
from service.monitoring.service import shows_audit_fields
from service.rulesets.service import FAIRNESS_ROLES
from tests.service.conftest import EXAMPLES
from tests.service.history import backdate

API = "/api/v1/monitoring"
PACK = "/api/v1/compliance/pack"
MONDAY = "2026-11-23"  # the last available Monday: the Afghan case came after it, alone
TUESDAY, WEDNESDAY = "2026-11-24", "2026-11-25"
P1 = json.loads(EXAMPLES.read_text().splitlines()[2])


def _record(case_id: str, received: str, nationality: str) -> str:
    return json.dumps(
        P1
        | {
            "case_id": case_id,
            "region": "koeln",
            "received_on": received,
            "nationality": nationality,
            "sex": "m",
        }
    )


def _caseload(env) -> dict[str, str]:
    """30 cases of koeln received and delivered on Monday 5 October 2026, and the one Afghan
    case received and delivered on Wednesday 25 November 2026."""
    users = {
        "loader": env.user("admin", name="loader"),
        "pia": env.user("policy", name="pia"),
        "ada": env.user("auditor", name="ada"),
    }
    lines = [_record(f"MON-{i:02d}", "2026-10-05", "SYR" if i % 2 else "TUR") for i in range(30)]
    response = env.import_jsonl(users["loader"], "\n".join(lines) + "\n")
    assert response.status_code == 201, response.text
    backdate(env, "2026-10-05")
    single = env.import_jsonl(users["loader"], _record("MON-AFG", WEDNESDAY, "AFG") + "\n")
    assert single.status_code == 201, single.text
    backdate(env, WEDNESDAY, ["MON-AFG"])
    return users


def _read(env, token: str, as_of: str | None = None, path: str = API):
    params = {} if as_of is None else {"as_of": as_of}
    return env.client.get(path, params=params, headers=env.auth(token))


def test_the_predicate_is_the_simulations() -> None:
    for role in Role:
        assert shows_audit_fields(role.value) == (role in FAIRNESS_ROLES)
    assert not shows_audit_fields(None)


def test_policy_staff_cannot_difference_two_days_nor_see_nationality(env) -> None:
    users = _caseload(env)
    pia = users["pia"]
    # The attack: two consecutive days. Both are off the grid: refused, in German, with the
    # nearest possible Monday before them.
    for day in (TUESDAY, WEDNESDAY):
        refused = _read(env, pia, day)
        assert refused.status_code == 422, refused.text
        message = refused.json()["detail"][0]["msg"]
        assert "Die Beobachtung ist für Ihre Rolle" in message
        assert "23.11.2026" in message
    # The Monday after the Afghan case: one case more than the last available one - refused.
    assert _read(env, pia, "2026-11-30").status_code == 422

    # Without a date: the latest available Monday, still useful, no audit-only field.
    report = _read(env, pia).json()
    assert report["as_of"] == MONDAY
    assert report["date_grid"] is True and report["audit_fields_shown"] is False
    assert report["fairness"]["attributes"] == {} and report["fairness"]["hidden"] is True
    assert "Prüferinnen und Prüfer" in report["fairness"]["message"]
    assert not [w for w in report["warnings"] if w["code"] == "fairness"]
    assert report["open_cases"] == 30  # the Monday's caseload, without the case of the 25th
    assert "departures" in report and "drift" in report
    body = json.dumps(report)
    assert "AFG" not in body and "nationality" not in body and '"sex"' not in body
    assert _read(env, pia, MONDAY).json()["open_cases"] == 30

    # The fairness plot shows groups of audit-only fields: refused; the others are not.
    plot = _read(env, pia, path=f"{API}/plots/fairness.svg")
    assert plot.status_code == 403
    assert "nur für Prüferinnen und Prüfer" in plot.json()["detail"]
    assert _read(env, pia, path=f"{API}/plots/departures.svg").status_code == 200

    # Every read and every refused date is on record with its parameters.
    audit = env.client.get(
        "/api/v1/audit?action=monitoring.read.refused", headers=env.auth(users["ada"])
    ).json()["items"]
    assert {item["details"]["as_of"] for item in audit} >= {TUESDAY, WEDNESDAY}
    assert all(item["details"]["role"] == "policy" for item in audit)
    reads = env.client.get(
        "/api/v1/audit?action=monitoring.read", headers=env.auth(users["ada"])
    ).json()["items"]
    shown = [
        item["details"]
        for item in reads
        if item["action"] == "monitoring.read" and item["details"].get("role") == "policy"
    ]
    assert shown and all(
        d["audit_fields_shown"] is False and d["date_grid"] is True and d["caseload"] == "as_of"
        for d in shown
    )


def test_the_monday_is_the_caseload_as_it_stood(env) -> None:
    users = _caseload(env)
    before = _read(env, users["pia"], MONDAY).json()
    # A case received before the Monday but delivered today: not in the Monday's caseload.
    late = env.import_jsonl(users["loader"], _record("MON-LATE", "2026-11-10", "SYR") + "\n")
    assert late.status_code == 201, late.text
    after = _read(env, users["pia"], MONDAY).json()
    assert after["open_cases"] == before["open_cases"] == 30
    assert after["drift"] == before["drift"]


def test_auditors_keep_their_view(env) -> None:
    users = _caseload(env)
    report = _read(env, users["ada"], WEDNESDAY)
    assert report.status_code == 200, report.text
    figures = report.json()
    assert figures["as_of"] == WEDNESDAY and figures["audit_fields_shown"] is True
    assert figures["fairness"]["hidden"] is False
    assert set(figures["fairness"]["attributes"]) == {"nationality", "sex"}
    assert figures["open_cases"] == 31 and figures["caseload"] == "current"
    assert _read(env, users["ada"], TUESDAY).status_code == 200
    plot = _read(env, users["ada"], path=f"{API}/plots/fairness.svg")
    assert plot.status_code == 200


def _pack(response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name.rsplit("/", 1)[-1]: archive.read(name).decode() for name in archive.namelist()}


def test_the_documentation_pack_follows_the_same_rules(env) -> None:
    users = _caseload(env)
    refused = _read(env, users["pia"], TUESDAY, path=PACK)
    assert refused.status_code == 422, refused.text
    assert "23.11.2026" in refused.json()["detail"][0]["msg"]

    files = _pack(_read(env, users["pia"], path=PACK))
    fria = files["04-grundrechte-folgenabschaetzung.md"]
    assert "Die Aufschlüsselung nach Staatsangehörigkeit und Geschlecht" in fria
    assert "niedrigstes Auswahlverhältnis" not in fria
    assert "30 offene Fälle" in fria  # the Monday's caseload
    assert "Stichtag 23.11.2026" in fria
    assert "AFG" not in "".join(files.values())

    audited = _pack(_read(env, users["ada"], TUESDAY, path=PACK))
    assert "niedrigstes Auswahlverhältnis" in audited["04-grundrechte-folgenabschaetzung.md"]
