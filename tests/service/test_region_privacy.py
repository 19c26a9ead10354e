"""Access (Art. 15), erasure (Art. 17), retention and the Art. 86 explanation name a case by its
region and id (issue #14 item 3): the same case id in koeln and duesseldorf is two people's
cases, and nothing done to one reaches the other - its rows, its explanations or its audit
entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from service.access.models import ExplanationShown
from service.audit import chain
from service.audit.models import AuditEntry
from service.cases.keys import CaseKey
from service.cases.models import CaseRecord
from service.erasure import naming
from tests.service.test_erasure import scan, victim_record
from tests.web.site import csrf_of, sign_in

AS_OF = "2026-11-23"
ID = "K-7e1d"
PEOPLE = {
    "koeln": {
        "offence": "OFF-KOELN-a81",
        "incident": "INC-KOELN-5c2",
        "birth_date": "1990-02-03",
        "reason": "Zeugin Amselweg-Hortensia bestätigt",
    },
    "duesseldorf": {
        "offence": "OFF-DUS-c03",
        "incident": "INC-DUS-9f4",
        "birth_date": "1971-07-08",
        "reason": "Zeuge Drosselgasse-Ferdinand bestätigt",
    },
}


def needles(region: str) -> tuple[str, ...]:
    person = PEOPLE[region]
    return (person["offence"], person["incident"], person["birth_date"], person["reason"][:14])


def record(region: str, **changes: object) -> dict:
    person = PEOPLE[region]
    base = victim_record() | {"case_id": ID, "region": region, "birth_date": person["birth_date"]}
    base["offences"] = [dict(base["offences"][0], offence_id=person["offence"])]
    base["incidents"] = [dict(base["incidents"][0], incident_id=person["incident"])]
    return base | changes


def _history(env, *, kind: str = "case_conference") -> dict[str, str]:
    """The same id in two regions, each with its own lead: imported, read, explained, on a
    queue page of its region and decided."""
    tokens = {}
    for region in PEOPLE:
        lead = env.user("rrk_lead", region, name=f"lead-{region}")
        tokens[region] = lead
        auth = env.auth(lead)
        imported = env.import_jsonl(lead, json.dumps(record(region)) + "\n")
        assert imported.status_code == 201, imported.text
        assert env.client.get(f"/api/v1/cases/{ID}", headers=auth).status_code == 200
        shown = env.client.get(f"/api/v1/cases/{ID}/explanation", headers=auth)
        assert shown.status_code == 200
        queue = env.client.get(
            "/api/v1/queue", params={"as_of": AS_OF, "region": region}, headers=auth
        )
        assert queue.status_code == 200 and ID in [i["case_id"] for i in queue.json()["items"]]
        decided = env.client.post(
            f"/api/v1/cases/{ID}/decisions",
            json={"kind": kind, "reason": PEOPLE[region]["reason"]},
            headers=auth,
        )
        assert decided.status_code == 201, decided.text
    tokens["admin1"] = env.user("admin", name="anna")
    tokens["admin2"] = env.user("admin", name="bert")
    tokens["auditor"] = env.user("auditor", name="rita")
    return tokens


def _export(env, token: str, region: str) -> dict:
    response = env.client.get(
        f"/api/v1/cases/{ID}/export", params={"region": region}, headers=env.auth(token)
    )
    assert response.status_code == 200, response.text
    return response.json()


def _entries(env) -> dict[int, tuple]:
    with env.db.read() as session:
        return {
            e.seq: (e.target, e.details, e.reason, e.erased)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        }


# ------------------------------------------------------------------------ access (Art. 15)


def test_the_export_of_one_region_s_case_holds_nothing_of_the_other(env, cli):
    tokens = _history(env)
    for region, other in (("koeln", "duesseldorf"), ("duesseldorf", "koeln")):
        data = _export(env, tokens["auditor"], region)
        assert (data["case_id"], data["region"]) == (ID, region)
        assert [v["region"] for v in data["versions"]] == [region]
        assert [d["reason"] for d in data["decisions"]] == [PEOPLE[region]["reason"]]
        assert [e["shown_to"] for e in data["explanations_shown"]] == [f"lead-{region}"]
        text = json.dumps(data, ensure_ascii=False)
        for needle in needles(region):
            assert needle in text, needle
        for needle in (*needles(other), f"lead-{other}", f"case:{other}/"):
            assert needle not in text, needle
        actions = sorted(a["action"] for a in data["audit"])
        assert actions == [
            "case.explanation.read",
            "case.read",
            "cases.import",
            "decision.create",
            "queue.read",
        ], actions
    with env.db.read() as session:
        exports = session.scalars(
            select(AuditEntry.target).where(AuditEntry.action == "case.export")
        ).all()
    assert exports == [f"case:koeln/{ID}", f"case:duesseldorf/{ID}"]

    ambiguous = env.client.get(f"/api/v1/cases/{ID}/export", headers=env.auth(tokens["auditor"]))
    assert ambiguous.status_code == 409
    assert "Düsseldorf (region=duesseldorf), Köln (region=koeln)" in ambiguous.json()["detail"]
    asked = cli("cases", "export", ID, "--token", tokens["auditor"])
    assert asked.exit_code == 1 and "--region" in asked.output
    assert "duesseldorf, koeln" in asked.output
    done = cli("cases", "export", ID, "--region", "duesseldorf", "--token", tokens["auditor"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["region"] == "duesseldorf"
    assert PEOPLE["koeln"]["offence"] not in done.stdout
    wrong = cli("cases", "export", ID, "--region", "bonn", "--token", tokens["auditor"])
    assert wrong.exit_code == 2


def test_a_regional_reader_s_id_elsewhere_is_not_found_and_the_printed_document_names_the_region(
    env,
):
    tokens = _history(env)
    html = env.client.get(
        f"/api/v1/cases/{ID}/export",
        params={"region": "koeln", "format": "html"},
        headers=env.auth(tokens["auditor"]),
    ).text
    assert "Bezirksregierung Köln" in html and "Düsseldorf" not in html
    assert PEOPLE["duesseldorf"]["offence"] not in html


# ------------------------------------------------------------------------ erasure (Art. 17)


def test_erasing_one_region_s_case_leaves_the_other_and_its_audit_entries_intact(env, cli):
    tokens = _history(env)
    kept_export = _export(env, tokens["auditor"], "duesseldorf")
    before = _entries(env)
    kept_seqs = [a["seq"] for a in kept_export["audit"]]

    ambiguous = env.client.post(
        f"/api/v1/cases/{ID}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person, Az. DS-44"},
        headers=env.auth(tokens["admin1"]),
    )
    assert ambiguous.status_code == 409
    assert "Düsseldorf (region=duesseldorf), Köln (region=koeln)" in ambiguous.json()["detail"]
    naming_it = env.client.post(
        f"/api/v1/cases/{ID}/erasure-requests",
        params={"region": "koeln"},
        json={"reason": f"Antrag zu koeln/{ID}, Az. DS-44"},
        headers=env.auth(tokens["admin1"]),
    )
    assert naming_it.status_code == 400
    asked = env.client.post(
        f"/api/v1/cases/{ID}/erasure-requests",
        params={"region": "koeln"},
        json={"reason": "Antrag der betroffenen Person, Az. DS-44"},
        headers=env.auth(tokens["admin1"]),
    )
    assert asked.status_code == 201, asked.text
    assert (asked.json()["region"], asked.json()["case_id"]) == ("koeln", ID)
    other = env.client.post(  # the other region's case is another request
        f"/api/v1/cases/{ID}/erasure-requests",
        params={"region": "duesseldorf"},
        json={"reason": "Antrag der betroffenen Person, Az. DS-45"},
        headers=env.auth(tokens["admin1"]),
    )
    assert other.status_code == 201, other.text
    withdrawn = env.client.post(
        f"/api/v1/erasure-requests/{other.json()['id']}/withdraw",
        json={"reason": "Antrag zurückgenommen"},
        headers=env.auth(tokens["admin2"]),
    )
    assert withdrawn.status_code == 204
    kept_seqs += [
        seq
        for seq, entry in _entries(env).items()
        if seq not in before and entry[0] == f"case:duesseldorf/{ID}"
    ]
    before = _entries(env)

    done = env.client.post(
        f"/api/v1/erasure-requests/{asked.json()['id']}/confirm",
        headers=env.auth(tokens["admin2"]),
    )
    assert done.status_code == 200, done.text
    report = done.json()
    assert report["rows"]["cases"] == 1 and report["rows"]["case_versions"] == 1
    assert report["rows"]["decisions"] == 1 and report["rows"]["explanations_shown"] == 1
    assert report["rows"]["erasure_requests"] == 1

    assert scan(env, needles("koeln")) == []
    assert scan(env, needles("duesseldorf"))  # the other person's case stays, whole
    after = _entries(env)
    for seq in kept_seqs:  # every entry about it untouched: target, details, reason, no mark
        assert after[seq] == before[seq], seq
        assert after[seq][3] is None, seq
    with env.db.read() as session:
        assert session.get(CaseRecord, ("koeln", ID)) is None
        assert session.get(CaseRecord, ("duesseldorf", ID)) is not None
        assert chain.verify(session).ok
    lead = env.auth(tokens["duesseldorf"])
    assert env.client.get(f"/api/v1/cases/{ID}", headers=lead).status_code == 200
    again = _export(env, tokens["auditor"], "duesseldorf")
    for part in ("versions", "decisions", "explanations_shown"):
        assert again[part] == kept_export[part], part
    assert [a["seq"] for a in again["audit"]][: len(kept_export["audit"])] == [
        a["seq"] for a in kept_export["audit"]
    ]
    assert cli("audit", "verify").exit_code == 0


def test_erasure_on_the_command_line_asks_for_the_region_of_an_ambiguous_id(env, cli):
    tokens = _history(env)
    reason = "Antrag der Person, Az. 9"
    ambiguous = cli("cases", "erase-request", ID, "--reason", reason, "--token", tokens["admin1"])
    assert ambiguous.exit_code == 1, ambiguous.output
    assert "--region" in ambiguous.output and "duesseldorf, koeln" in ambiguous.output
    asked = cli(
        "cases", "erase-request", ID, "--region", "duesseldorf", "--reason", reason,
        "--token", tokens["admin1"],
    )  # fmt: skip
    assert asked.exit_code == 0, asked.output
    assert f"{ID} (Bezirksregierung Düsseldorf)" in asked.output
    request_id = asked.output.split("Löschantrag ")[1].split()[0]
    listed = cli("cases", "erase-list", "--token", tokens["admin2"])
    assert f"{ID} (Bezirksregierung Düsseldorf)" in listed.output
    done = cli("cases", "erase-confirm", request_id, "--token", tokens["admin2"])
    assert done.exit_code == 0, done.output
    assert scan(env, needles("duesseldorf")) == []
    assert scan(env, needles("koeln"))
    with env.db.read() as session:
        assert chain.verify(session).ok


def test_the_erasure_and_export_pages_ask_for_the_region_of_an_ambiguous_id(make_env, monkeypatch):
    monkeypatch.setenv("TRIAGE_SESSION_SECRET", "s" * 40)  # the web UI outside demo mode
    env = make_env()
    tokens = _history(env)
    env.client.base_url = "https://testserver"  # secure cookies outside demo mode
    assert sign_in(env.client, tokens["admin1"]).status_code == 303
    page = env.client.get(f"/erasure?case_id={ID}&region=koeln")
    assert page.status_code == 200 and '<option value="koeln" selected>' in page.text
    token = csrf_of(page.text)
    form = {"csrf_token": token, "case_id": ID, "reason": "Antrag der Person, Az. DS-70"}
    ambiguous = env.client.post("/erasure", data=form)
    assert ambiguous.status_code == 409 and 'href="#region"' in ambiguous.text
    assert "gibt es in mehreren Bezirksregierungen" in ambiguous.text
    asked = env.client.post("/erasure", data=form | {"region": "koeln"}, follow_redirects=False)
    assert asked.status_code == 303, asked.text
    listing = env.client.get("/erasure").text
    assert f"Fall {ID}, Köln" in listing

    export_form = env.client.get(f"/export?case_id={ID}")
    assert export_form.status_code == 200
    data = {"csrf_token": csrf_of(export_form.text), "case_id": ID, "format": "json"}
    refused = env.client.post("/export", data=data)
    assert refused.status_code == 400 and 'href="#region"' in refused.text
    chosen = env.client.post("/export", data=data | {"region": "duesseldorf"})
    assert chosen.status_code == 200
    assert chosen.headers["content-disposition"] == (
        f'attachment; filename="auskunft-duesseldorf-{ID}.json"'
    )
    assert chosen.json()["region"] == "duesseldorf"
    assert PEOPLE["koeln"]["reason"] not in chosen.text


# ------------------------------------------------------------------------ retention


def test_retention_erases_each_region_s_closed_case_by_its_own_closing_date(env, cli):
    _history(env, kind="close")
    long_ago = datetime.now(UTC) - timedelta(days=1000)
    with env.db.write() as session:
        session.execute(
            update(CaseRecord)
            .where(CaseRecord.region == "koeln", CaseRecord.case_id == ID)
            .values(closed_at=long_ago)
        )
    kept = {
        seq: entry for seq, entry in _entries(env).items() if entry[0] == f"case:duesseldorf/{ID}"
    }
    dry = cli("retention", "apply", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "abgeschlossene Fälle (Frist 730 Tage" in dry.output and "): 1" in dry.output
    done = cli("retention", "apply")
    assert done.exit_code == 0, done.output
    assert scan(env, needles("koeln")) == []
    assert scan(env, needles("duesseldorf"))
    after = _entries(env)
    assert all(after[seq] == entry for seq, entry in kept.items())
    with env.db.read() as session:
        assert session.get(CaseRecord, ("duesseldorf", ID)) is not None
        assert chain.verify(session).ok


def test_retention_keeps_each_region_s_newest_evaluation(env, cli):
    tokens = _history(env)
    for region in PEOPLE:
        for custody in (True, False):  # new versions, each recorded
            line = json.dumps(record(region, in_custody=custody)) + "\n"
            assert env.import_jsonl(tokens[region], line).status_code == 201
    with env.db.engine.connect() as connection:
        counts = dict(
            connection.exec_driver_sql(
                "SELECT region, count(*) FROM case_evaluations GROUP BY region"
            ).all()
        )
    if not counts:
        pytest.skip("this schema records no evaluations on import")
    assert cli("retention", "apply", "--as-of", "2030-01-01").exit_code == 0
    with env.db.engine.connect() as connection:
        left = dict(
            connection.exec_driver_sql(
                "SELECT region, count(*) FROM case_evaluations GROUP BY region"
            ).all()
        )
    assert left == {"koeln": 1, "duesseldorf": 1}


# ------------------------------------------------------------------------ Art. 86


def test_the_art86_explanation_of_an_ambiguous_id_needs_its_region(env, cli, tmp_path):
    from service.compliance.build import AmbiguousCaseError, build_pack
    from service.rulesets.active import configured_ruleset

    tokens = _history(env)
    common = {
        "db": env.db,
        "settings": env.app.state.settings,
        "ruleset": configured_ruleset(),
        "model": env.app.state.model_runtime,
        "actor": "rita",
        "case_id": ID,
        "via": "test",
    }
    with pytest.raises(AmbiguousCaseError):
        build_pack(**common)
    build_pack(**common, region="duesseldorf")
    with env.db.read() as session:
        rows = session.execute(
            select(ExplanationShown.region, func.count())
            .where(ExplanationShown.view == "art86")
            .group_by(ExplanationShown.region)
        ).all()
    assert rows == [("duesseldorf", 1)]
    koeln = _export(env, tokens["auditor"], "koeln")
    assert [e["view"] for e in koeln["explanations_shown"]] == ["api"]
    out = tmp_path / "pack"
    refused = cli("docs", "build", "--out", str(out), "--case", ID)
    assert refused.exit_code == 1 and "--region" in refused.output
    built = cli("docs", "build", "--out", str(out), "--case", ID, "--region", "koeln")
    assert built.exit_code == 0, built.output


# ------------------------------------------------------------------------ how entries name cases


def test_how_audit_entries_name_a_case_of_a_region():
    koeln = naming.CaseNames([CaseKey("koeln", ID)])

    def named(target: str, details: dict, reason: str | None = None, recorded=None) -> bool:
        return koeln.entry(target, reason, details, recorded)[1]

    assert named(f"case:koeln/{ID}", {})
    assert not named(f"case:duesseldorf/{ID}", {"version": 1})
    assert not named(f"case:duesseldorf/{ID}", {"cases": [ID]})  # its bare id is its own
    assert named("import:1", {"cases": [[ID, 1]], "regions": ["koeln"]})
    assert not named("import:2", {"cases": [[ID, 1]], "regions": ["duesseldorf"]})
    assert named("queue", {"cases": [f"koeln/{ID}"], "region": None})
    assert not named("queue", {"cases": [f"duesseldorf/{ID}"], "region": None})
    assert named("queue", {"cases": [ID], "region": "koeln"})
    assert not named("queue", {"cases": [ID], "region": "duesseldorf"})
    assert not named("queue", {"cases": [ID], "region": None, "regions": ["duesseldorf"]})
    assert named("queue", {"cases": [ID, ID], "region": None, "regions": ["duesseldorf", "koeln"]})
    # the change feed lists (id, region) pairs
    assert named("changes", {"cases": [[ID, "koeln"], ["K-2", "arnsberg"]]})
    assert not named("changes", {"cases": [[ID, "duesseldorf"]]})
    feed = {"cases": [[ID, "duesseldorf"], [ID, "koeln"]]}
    assert naming.redact(feed, koeln.of("changes", feed), "[x]") == {"cases": [[ID, "duesseldorf"]]}
    assert naming.only(feed, koeln.of("changes", feed)) == {"cases": [[ID, "koeln"]]}
    # a decision's entry: the database records its region
    assert not named(f"case:{ID}", {"kind": "close"}, recorded="duesseldorf")
    assert named(f"case:{ID}", {"kind": "close"}, recorded="koeln")
    # an entry from before the region change cannot say its region: matched in every region
    assert named(f"case:{ID}", {"version": 1})
    assert naming.CaseNames([CaseKey("duesseldorf", ID)]).entry(f"case:{ID}", None, {})[1]
    assert named("queue", {"cases": [ID], "region": None})
    # free text: a slash between two ids separates them; a region and an id make one name
    assert naming.tokens(f"Akten {ID}/K-2.") >= {ID, "K-2"}
    assert naming.tokens(f"case:koeln/{ID}") == {"case", f"koeln/{ID}"}
    kept = naming.redact(
        {"cases": [f"koeln/{ID}", f"duesseldorf/{ID}"]}, koeln.of("queue", {}), "[x]"
    )
    assert kept == {"cases": [f"duesseldorf/{ID}"]}


def test_an_entry_from_before_the_region_change_goes_with_the_id_in_every_region(env):
    """An old entry names the case by its id alone (ids were unique statewide then): it cannot
    say its region, so the export of either region's case shows it and erasing either erases
    it - as said in service/erasure/naming.py."""
    tokens = _history(env)
    with env.db.write() as session:
        old = chain.append(
            session,
            actor="vor-der-umstellung",
            action="case.read",
            target=f"case:{ID}",
            details={"version": 1},
        ).seq
    for region in PEOPLE:
        data = _export(env, tokens["auditor"], region)
        assert old in [a["seq"] for a in data["audit"]], region
    asked = env.client.post(
        f"/api/v1/cases/{ID}/erasure-requests",
        params={"region": "duesseldorf"},
        json={"reason": "Antrag der betroffenen Person, Az. DS-46"},
        headers=env.auth(tokens["admin1"]),
    ).json()
    done = env.client.post(
        f"/api/v1/erasure-requests/{asked['id']}/confirm", headers=env.auth(tokens["admin2"])
    ).json()
    assert old in done["audit_tombstoned"]
    kept = _export(env, tokens["auditor"], "koeln")
    assert old not in [a["seq"] for a in kept["audit"]]
    assert [d["reason"] for d in kept["decisions"]] == [PEOPLE["koeln"]["reason"]]
