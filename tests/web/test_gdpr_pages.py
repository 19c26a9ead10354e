"""The pages of issue 17's leftovers: the explanation stored as the case page and the print view
showed it, the model page, the erasure pages (four eyes) and the export link of a case."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from service.access.models import ExplanationShown
from service.audit import chain
from service.audit.models import AuditEntry
from service.auth import service as user_service
from service.cases.models import CaseRecord
from service.decisions.models import Decision
from service.erasure import service as erasure_service
from tests.web.site import Site, csrf_of


def _shown(site: Site, case_id: str) -> list[ExplanationShown]:
    with site.db.read() as session:
        return list(
            session.scalars(
                select(ExplanationShown)
                .where(ExplanationShown.case_id == case_id)
                .order_by(ExplanationShown.id)
            )
        )


def test_the_case_page_and_the_print_view_store_the_explanation_they_show(
    site: Site, as_role
) -> None:
    case_id = site.case_in("duesseldorf")
    client = as_role("rrk_lead")
    before = len(_shown(site, case_id))
    assert client.get(f"/cases/{case_id}?as_of=2026-11-02").status_code == 200
    assert client.get(f"/cases/{case_id}/print?as_of=2026-11-02&lang=en").status_code == 200
    rows = _shown(site, case_id)[before:]
    assert [(r.view, r.lang, r.as_of.isoformat()) for r in rows] == [
        ("web", "de", "2026-11-02"),
        ("print", "en", "2026-11-02"),
    ]
    assert all(r.shown_to == "demo-rrk_lead" and r.content_kind == "record" for r in rows)
    assert json.loads(rows[0].content)["case_id"] == case_id
    assert rows[0].ruleset.startswith("amit-nrw-default") and rows[0].ruleset_checksum
    assert rows[0].content != rows[1].content  # each in the language it was shown in


def test_the_queue_page_stores_no_explanation(site: Site, as_role) -> None:
    with site.db.read() as session:
        before = session.query(ExplanationShown).count()
    assert as_role("caseworker").get("/queue").status_code == 200
    with site.db.read() as session:
        assert session.query(ExplanationShown).count() == before


# ------------------------------------------------------------------------ the model page


class _Model:
    """What ``GET /api/v1/model`` and the model page read, without an MLflow store."""

    def describe(self) -> dict:
        return {
            "status": "ready",
            "name": "amit-priority",
            "version": "7",
            "uri": "models:/amit-priority/7",
            "message": "model loaded",
            "last_error": None,
            "metrics": {"roc_auc": 0.812, "baseline_logistic_roc_auc": 0.83, "n_train": 3500.0},
            "features": ["serious_convictions", "open_proceedings"],
            "points_table": [
                {"feature": "serious_convictions", "bin": "0", "points": 0},
                {"feature": "serious_convictions", "bin": "≥ 1", "points": 31},
                {"feature": "open_proceedings", "bin": "≥ 4", "points": 12},
            ],
            "intercept_points": -20,
            "ruleset": {"name": "amit-nrw-default", "version": 1, "fingerprint": "abc"},
            "trained_at": "2026-11-29T10:00:00+00:00",
            "gates_passed": True,
            "label_source": "simulated",
            "data_description": None,
            "fairness_justification": "Quote 0,78 bei Gruppe F: Unterschied nicht signifikant",
        }


def test_the_model_page_shows_the_model_in_force(site: Site, as_role) -> None:
    clients = {role: as_role(role) for role in ("policy", "auditor", "admin", "caseworker")}
    clients["rrk_lead"] = as_role("rrk_lead")
    real = site.app.state.model_runtime
    site.app.state.model_runtime = _Model()
    try:
        _check_model_page(clients)
    finally:
        site.app.state.model_runtime = real


def _check_model_page(clients: dict) -> None:
    for role in ("policy", "auditor", "admin"):
        page = clients[role].get("/model")
        assert page.status_code == 200, role
        assert '<a href="/model" aria-current="page">Punktemodell</a>' in page.text
    text = page.text
    for needle in (
        "Modell in Betrieb",
        "<dd>7</dd>",
        "Verurteilungen mit schwerer Strafe (Rückschau)",  # an input, by its German title
        "offene Ermittlungs- und Strafverfahren",
        "≥ 1</td>",
        '<td class="num">31</td>',
        "Alle Freigabeprüfungen bestanden",
        "Trennschärfe (AUC)",
        "0,81",
        "3.500",
        "Begründung der Freigabeprüfung Gleichbehandlung",
        "Quote 0,78 bei Gruppe F: Unterschied nicht signifikant",
        "simulierten Entscheidungshistorie",  # trained on the demo's simulated history
    ):
        assert needle in text, needle
    english = clients["auditor"].get("/model?lang=en").text
    assert "convictions with a serious sentence (look-back)" in english
    assert clients["caseworker"].get("/model").status_code == 403
    assert clients["rrk_lead"].get("/model").status_code == 403


def test_without_a_model_the_page_says_the_rules_alone_order(as_role) -> None:
    page = as_role("policy").get("/model").text
    assert "Kein Punktemodell in Betrieb: die Fallliste folgt allein den Regeln." in page
    nav = page.split('class="site-nav"')[1].split("</nav>")[0]
    assert "/model" in nav and "/export" not in nav and "/erasure" not in nav


# ------------------------------------------------------------------------ export


def test_the_export_gives_the_json_download_and_the_german_document(site: Site, as_role) -> None:
    case_id = site.case_in("muenster")
    admin = as_role("admin")
    case_page = admin.get(f"/cases/{case_id}").text
    assert f'href="/export?case_id={case_id}&amp;region=muenster"' in case_page
    assert f'href="/erasure?case_id={case_id}&amp;region=muenster"' in case_page
    assert "/export?case_id=" not in as_role("rrk_lead").get(f"/cases/{site.case_in('koeln')}").text

    auditor = as_role("auditor")
    form = auditor.get(f"/export?case_id={case_id}")
    assert form.status_code == 200 and f'value="{case_id}"' in form.text
    token = csrf_of(form.text)
    data = auditor.post("/export", data={"csrf_token": token, "case_id": case_id, "format": "json"})
    assert data.status_code == 200
    assert data.headers["content-disposition"] == (
        f'attachment; filename="auskunft-muenster-{case_id}.json"'
    )
    assert data.headers["cache-control"] == "no-store"
    body = data.json()
    assert body["case_id"] == case_id and body["exported_by"] == "demo-auditor"
    assert [e["view"] for e in body["explanations_shown"]] == ["web"]  # the admin's look
    document = auditor.post(
        "/export", data={"csrf_token": token, "case_id": case_id, "format": "html"}
    )
    assert document.status_code == 200 and '<html lang="de">' in document.text
    assert "Auskunft nach Art. 15 DSGVO" in document.text and "<script" not in document.text
    assert "style-src 'unsafe-inline'" in document.headers["content-security-policy"]
    with site.db.read() as session:
        exports = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "case.export",
                AuditEntry.target == f"case:muenster/{case_id}",
            )
        ).all()
    assert [json.loads(e.details)["via"] for e in exports] == ["web", "web"]
    assert {e.actor for e in exports} == {"demo-auditor"}


def test_the_export_form_refuses_bad_input_strangers_and_forged_posts(as_role) -> None:
    auditor = as_role("auditor")
    token = csrf_of(auditor.get("/export").text)
    missing = auditor.post(
        "/export",
        data={"csrf_token": token, "case_id": "NOPE-1", "region": "detmold", "format": "json"},
    )
    assert (
        missing.status_code == 400 and "Einen Fall mit dieser Nummer gibt es nicht." in missing.text
    )
    # the form comes back with the region chosen (ids are unique per region)
    assert '<select id="region" name="region" aria-describedby="region-hint">' in missing.text
    assert '<option value="detmold" selected>Detmold</option>' in missing.text
    bad = auditor.post("/export", data={"csrf_token": token, "case_id": "<x>", "format": ""})
    assert (
        bad.status_code == 400
        and 'href="#case_id"' in bad.text
        and 'href="#format-json"' in bad.text
    )
    forged = auditor.post("/export", data={"csrf_token": "x", "case_id": "EX-1", "format": "json"})
    assert forged.status_code == 403
    assert as_role("caseworker").get("/export").status_code == 403
    assert as_role("policy").get("/export").status_code == 403


# ------------------------------------------------------------------------ erasure


def _second_admin(site: Site) -> str:
    with site.db.write() as session:
        _, token = user_service.create(
            db_session=session, name="admin-b", role="admin", regions=None, actor="test"
        )
    site.tokens["admin_b"] = token
    return token


def test_erasure_needs_a_second_administrator(fresh_site: Site, as_role) -> None:
    site = fresh_site
    _second_admin(site)
    case_id = site.case_in("koeln")
    first = as_role("admin", site)
    page = first.get(f"/erasure?case_id={case_id}")
    assert page.status_code == 200 and f'value="{case_id}"' in page.text
    token = csrf_of(page.text)
    named = first.post(
        "/erasure",
        data={"csrf_token": token, "case_id": case_id, "reason": f"Antrag zu {case_id} vom 1.12."},
    )
    assert named.status_code == 400 and "darf die Fallnummer nicht enthalten" in named.text
    short = first.post("/erasure", data={"csrf_token": token, "case_id": case_id, "reason": "kurz"})
    assert short.status_code == 400 and 'href="#reason"' in short.text
    asked = first.post(
        "/erasure",
        data={"csrf_token": token, "case_id": case_id, "reason": "Antrag der Person, Az. DS-7"},
        follow_redirects=False,
    )
    assert asked.status_code == 303 and asked.headers["location"] == "/erasure?asked=1"
    again = first.post(
        "/erasure",
        data={"csrf_token": token, "case_id": case_id, "reason": "Antrag der Person, Az. DS-8"},
    )
    assert again.status_code == 409 and "schon ein Löschantrag" in again.text
    with site.db.read() as session:
        (request,) = erasure_service.get_pending(session)
    own = first.get("/erasure").text
    assert "Ihr eigener Antrag" in own and f"/erasure/{request.id}/confirm" not in own
    refused = first.post(f"/erasure/{request.id}/confirm", data={"csrf_token": token})
    assert refused.status_code == 403 and "Vier-Augen-Prinzip" in refused.text
    assert (
        site.client()
        .get(  # still there
            f"/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer {site.tokens['admin']}"}
        )
        .status_code
        == 200
    )

    second = as_role("admin_b", site)
    listing = second.get("/erasure").text
    assert f"/erasure/{request.id}/confirm" in listing and "Antrag der Person, Az. DS-7" in listing
    forged = second.post(f"/erasure/{request.id}/confirm", data={"csrf_token": "nope"})
    assert forged.status_code == 403
    done = second.post(
        f"/erasure/{request.id}/confirm",
        data={"csrf_token": csrf_of(listing)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/erasure?erased=")
    shown = second.get(done.headers["location"]).text
    assert "Fall gelöscht" in shown and case_id not in shown
    with site.db.read() as session:
        assert (
            session.scalars(select(CaseRecord).where(CaseRecord.case_id == case_id)).first() is None
        )
        assert (
            session.scalar(
                select(func.count())
                .select_from(ExplanationShown)
                .where(ExplanationShown.case_id == case_id)
            )
            == 0
        )
        assert chain.verify(session).ok


def test_a_request_can_be_withdrawn_with_a_reason(fresh_site: Site, as_role) -> None:
    site = fresh_site
    case_id = site.case_in("koeln")
    admin = as_role("admin", site)
    token = csrf_of(admin.get("/erasure").text)
    admin.post(
        "/erasure",
        data={"csrf_token": token, "case_id": case_id, "reason": "Antrag der Person, Az. DS-9"},
    )
    with site.db.read() as session:
        (request,) = erasure_service.get_pending(session)
    empty = admin.post(f"/erasure/{request.id}/withdraw", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 400 and f'href="#withdraw-{request.id}"' in empty.text
    gone = admin.post(
        f"/erasure/{request.id}/withdraw",
        data={"csrf_token": token, "reason": "Antrag wurde zurückgenommen"},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/erasure?withdrawn=1"
    with site.db.read() as session:
        assert erasure_service.get_pending(session) == []
        assert (
            session.scalars(select(CaseRecord).where(CaseRecord.case_id == case_id)).first()
            is not None
        )
    missing = admin.post(f"/erasure/{request.id}/confirm", data={"csrf_token": token})
    assert missing.status_code == 404 and "gibt es nicht" in missing.text
    assert as_role("auditor", site).get("/erasure").status_code == 403


# ------------------------------------------------------------------------ the demo's decisions


def test_the_demo_monitoring_shows_figures_from_decisions_labelled_simulated(
    tmp_path, as_role
) -> None:
    from tests.web.site import build_site

    demo = build_site(tmp_path, n_cases=150, demo_decisions=40)
    # the auditors read today's figures (policy staff read the last grid Monday, issue #14)
    page = as_role("auditor", demo).get("/monitoring").text
    assert "Demo: 40 von 40 Entscheidungen im Zeitraum hat die simulierte Sachbearbeitung" in page
    assert "Abweichungen von der Reihenfolge" in page
    english = as_role("auditor", demo).get("/monitoring?lang=en").text
    assert "Demo: 40 of 40 decisions in the period were made by the simulated caseworker" in english
    with demo.db.read() as session:
        decided = session.scalars(select(Decision.case_id).limit(1)).one()
    case_page = as_role("admin", demo).get(f"/cases/{decided}").text
    assert "demo-simulierte-sachbearbeitung" in case_page
    assert "[Simuliert, Demo – synthetische Entscheidung]" in case_page
    queue = as_role("rrk_lead", demo).get("/queue").text
    assert "simuliert (Demo)" in queue  # the last decision in the queue says it too


def test_the_erasure_page_says_when_the_physical_scrub_is_pending(as_role) -> None:
    """A confirmation whose scrub the database role could not run (it does not own the tables)
    redirects with the tables still to rewrite; the page never claims the bytes are gone."""
    admin = as_role("admin")
    page = admin.get("/erasure?erased=12&scrub=cases,case_versions").text
    assert "Protokolleintrag Nr. 12" in page
    assert "Physische Bereinigung AUSSTEHEND" in page and "cases, case_versions" in page
    assert "triage db scrub" in page
    plain = admin.get("/erasure?erased=12").text
    assert "AUSSTEHEND" not in plain
    forged = admin.get("/erasure?erased=12&scrub=<script>").text
    assert "AUSSTEHEND" not in forged and "<script>" not in forged
