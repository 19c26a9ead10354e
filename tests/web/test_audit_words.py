"""The audit page and the printed Art. 15 document in words (issue #11, item 3): every action
the product records has a label in both languages; the page shows it with its code beside it,
the target as "Fall R-…", the details as labelled values (tiers by their labels), and neither
page shows a German reader English, raw ids or identifiers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy.workflow import Action
from service.audit import service as audit_service
from service.audit import wording
from service.rulesets.active import configured_ruleset
from tests.web.language import foreign_fragments, identifiers, page_text, problems
from tests.web.language import vocabulary_codes as vocabulary
from tests.web.site import Site, build_site, csrf_of, signed_in_client
from texts import catalogue

ROOT = Path(__file__).resolve().parents[2]
RECORDED = re.compile(r"""action=["']([a-z_]+(?:\.[a-z_]+)+)["']""")
USER_NAME = re.compile(r"\b(?:demo|policy|lead)-[a-z_-]+\b")


def recorded_actions() -> set[str]:
    """Every action code the service writes to the audit log (``action="…"`` in its code,
    and the rule set workflow's moves, recorded as ``ruleset.<move>``)."""
    found: set[str] = set()
    for path in (ROOT / "service").rglob("*.py"):
        found |= set(RECORDED.findall(path.read_text(encoding="utf-8")))
    return found | {f"ruleset.{move.value}" for move in Action}


def test_every_recorded_action_has_a_label_in_both_languages() -> None:
    actions = recorded_actions()
    assert {"case.read", "decision.create", "ruleset.simulate.refused", "ruleset.reject"} <= actions
    entries = {key: (de, en) for key, de, en in catalogue.entries()}
    missing = sorted(a for a in actions if f"audit.action.{a}" not in entries)
    assert not missing, (
        f"actions recorded without a label (texts/messages/audit_labels.py): {missing}"
    )
    for code in actions:
        de, en = entries[f"audit.action.{code}"]
        assert de and en and de != en and code not in (de, en), code
        assert wording.action(code, "de") == de and wording.action(code, "en") == en


def test_targets_and_details_read_as_words() -> None:
    ruleset = configured_ruleset()
    assert wording.target("case:R-0001782", "de") == "Fall R-0001782"
    assert wording.target("case:R-0001782", "en") == "Case R-0001782"
    # ids are unique per region: a case's target names both, the region in words
    assert wording.target("case:koeln/R-0001782", "de") == "Fall R-0001782 (Köln)"
    assert wording.target("case:duesseldorf/R-1", "en") == "Case R-1 (Düsseldorf)"
    assert wording.Wording(ruleset, "en").value("cases", ["koeln/R-1"]) == (
        wording.Shown("R-1 (Cologne)"),
    )
    assert wording.Wording(ruleset, "de").value("cases", [["R-1", "koeln"]]) == (
        wording.Shown("R-1 Köln"),
    )
    assert wording.target("GET /model", "de") == "Aufruf GET /model"
    assert wording.target("audit", "de") == "Prüfprotokoll"
    assert wording.action("no.such.action", "de") == "no.such.action"
    rows = wording.details(
        {"transitions": {"P1->NONE": 6}, "verified": True, "as_of": "2026-11-30", "zz_new": "x"},
        "de",
        ruleset,
    )
    shown = {r.key: (r.label, [v.text for v in r.value]) for r in rows}
    assert shown["transitions"] == ("Stufenwechsel", ["Priorität 1 → Kein aMIT-Fall: 6"])
    assert shown["verified"] == ("Kette geprüft und intakt", ["ja"])
    assert shown["as_of"] == ("Stichtag", ["30.11.2026"])
    assert shown["zz_new"] == (None, ["x"])  # an unknown key: the page shows it as a code
    assert wording.when("2026-11-30T15:23:18.732300+00:00", "de") == "30.11.2026, 16:23 Uhr"
    assert wording.when("2026-11-30T15:23:18.732300+00:00", "en") == "2026-11-30, 16:23"


# ------------------------------------------------------------------------ the pages


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A demo site with an import, a decision, a simulation with transitions, a refused
    simulation and a refused page in its audit log."""
    site = build_site(tmp_path_factory.mktemp("audit-words"), n_cases=60)
    lead = signed_in_client(site, "rrk_lead")
    case_id = site.case_in("koeln")
    page = lead.get(f"/cases/{case_id}")
    decided = lead.post(
        f"/cases/{case_id}/decisions",
        data={"csrf_token": csrf_of(page.text), "kind": "defer", "reason": "Unterlagen fehlen"},
        follow_redirects=False,
    )
    assert decided.status_code == 303, decided.text
    assert signed_in_client(site, "caseworker").get("/audit").status_code == 403
    audit_service.record(
        site.db,
        actor="demo-policy",
        action="ruleset.simulate",
        target="ruleset:2",
        details={
            "ref": "amit-nrw-default v2",
            "baseline": "amit-nrw-default v1",
            "as_of": "2026-11-30",
            "source": "open caseload",
            "via": "web",
            "n_cases": 60,
            "n_changed": 6,
            "transitions": {"P1->NONE": 6, "P2->P1": 2},
            "parameters_changed": ["repeat_min_convictions"],
            "selected_tiers": ["P1", "P2"],
            "role": "policy",
            "fairness_shown": True,
            "min_cell_size": 5,
            "date_grid": False,
        },
    )
    audit_service.record(
        site.db,
        actor="demo-caseworker",
        action="ruleset.simulate.refused",
        target="ruleset:2",
        details={"as_of": "2026-11-29", "role": "caseworker", "reason": "date_grid"},
    )
    site.case_id = case_id  # type: ignore[attr-defined]
    return site


def _check(html: str, lang: str) -> list[str]:
    ruleset = configured_ruleset()
    text = USER_NAME.sub("NAME", page_text(html, lang))
    codes = vocabulary() if lang == "de" else set()
    return problems(text, lang, foreign_fragments(lang, [ruleset]), identifiers([ruleset]), codes)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_audit_page_shows_actions_targets_and_details_in_words(busy: Site, lang: str) -> None:
    client = signed_in_client(busy, "auditor")
    html = client.get(f"/audit?lang={lang}").text
    assert _check(html, lang) == []
    case = "Fall" if lang == "de" else "Case"
    assert f"{case} {busy.case_id}" in html  # type: ignore[attr-defined]
    assert '<code class="sub small">ruleset.simulate.refused</code>' in html
    assert '<code class="sub small">access.denied</code>' in html
    assert '<code class="sub small">decision.create</code>' in html
    assert '<code class="sub small">cases.import</code>' in html
    if lang == "de":
        assert "Simulation abgelehnt" in html and "Zugriff verweigert" in html
        assert "Priorität 1 → Kein aMIT-Fall: 6" in html
        assert "Aufruf GET /audit" in html
    else:
        assert "Simulation refused" in html and "Priority 2 → Priority 1: 2" in html
        assert ' lang="de">Unterlagen fehlen' in html  # a stored reason, marked as German
    assert '"returned"' not in html and "case:R-" not in html


def test_the_audit_filter_still_takes_a_code(busy: Site) -> None:
    client = signed_in_client(busy, "auditor")
    html = client.get("/audit", params={"action": "decision."}).text
    assert "Entscheidung getroffen" in html and "Fälle eingelesen" not in html


# ------------------------------------------------------------------------ the Art. 15 document


def _export(site: Site, lang: str) -> str:
    client = signed_in_client(site, "auditor")
    page = client.get(f"/export?lang={lang}").text
    response = client.post(
        "/export",
        data={"csrf_token": csrf_of(page), "case_id": site.case_id, "format": "html"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_printed_access_document_reads_as_words(busy: Site, lang: str) -> None:
    from sqlalchemy import select

    from service.auth.models import User
    from service.erasure import service as erasure_service

    with busy.db.write() as session:  # a pending erasure request: a row of another table
        admin = session.scalars(select(User).where(User.name == "demo-admin")).one()
        if not erasure_service.get_pending(session):
            erasure_service.request(
                session,
                case_id=busy.case_id,
                user=admin,
                reason="Antrag vom 1.12., Az. 7",  # type: ignore[attr-defined]
            )
    html = _export(busy, lang)
    assert f'<html lang="{lang}">' in html
    assert _check(html, lang) == []
    text = page_text(html, lang)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", text)  # no stored timestamps
    assert '"departure_status"' not in html and "koeln" not in text
    assert '<code class="sub">decision.create</code>' in html
    if lang == "de":
        assert "Bezirksregierung Köln" in text
        assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", text)
        assert "Ausreisepflicht" in text and "Zurückstellen" in text
        assert "Löschanträge: 1 Eintrag" in text and "Aufgezeichnete Auswertungen" in text
        assert "Entscheidung getroffen" in text and "Fall angesehen" in text
        assert "Tabelle" not in text and "erasure_requests" not in text
    else:
        assert "District government Cologne" in text and "Erasure requests: 1 entry" in text
        assert "Decision recorded" in text and "Defer" in text


def test_the_machine_readable_export_keeps_the_codes(busy: Site) -> None:
    client = signed_in_client(busy, "auditor")
    page = client.get("/export").text
    response = client.post(
        "/export",
        data={"csrf_token": csrf_of(page), "case_id": busy.case_id, "format": "json"},  # type: ignore[attr-defined]
    )
    data = response.json()
    assert data["case"]["region"] == "koeln"
    assert any(a["action"] == "decision.create" for a in data["audit"])
