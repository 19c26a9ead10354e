"""The pages in a real browser: headless Debian Chromium driven by Playwright (no download).

One demo site is served by uvicorn for the module; every test has its own browser context
(own cookies). The flows are the issue's: a lead works the queue and records a decision; two
policy users draft, simulate, approve and activate under the four-eyes rule; an auditor checks
the chain; the login works by keyboard alone; a POST without the CSRF token is refused.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

BIAS = "Die Reihenfolge ist eine Arbeitshilfe – die Entscheidung treffen Sie."


def sign_in(page, base: str, token: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Zugangstoken").fill(token)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_a_lead_reads_the_queue_opens_a_case_and_records_a_decision(live, browser_page) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["rrk_lead"])
    assert page.url == base + "/queue"
    assert page.get_by_role("heading", name="Fallliste", exact=True).is_visible()
    assert page.get_by_text(BIAS).is_visible()
    regions = page.locator("table.queue tbody th .sub").all_inner_texts()
    assert regions and set(regions) <= {"Köln", "Düsseldorf"}
    badges = page.locator("table.queue .badge").all_inner_texts()
    assert badges[0] == "Priorität 1"

    page.locator("table.queue tbody th a").nth(4).click()
    case_id = page.url.rsplit("/", 1)[1].split("?")[0]
    assert page.get_by_role("heading", name=re.compile(f"Fall {case_id}")).is_visible()
    assert page.get_by_role("heading", name="Begründung der Einstufung").is_visible()
    assert page.get_by_role("table", name=re.compile("Straftaten und Vorfälle")).is_visible()

    # Without a reason: the error summary comes up, takes the focus and links to the field.
    page.get_by_label("Zurückstellen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    summary.get_by_role("link", name=re.compile("Begründung")).click()
    assert page.evaluate("document.activeElement.id") == "reason"

    page.get_by_label("Fallkonferenz").check()
    page.get_by_label("Begründung (Pflichtangabe)").fill("Fallkonferenz am 02.12. mit ABH Köln")
    page.get_by_role("button", name="Entscheidung speichern").click()
    assert page.get_by_role("status").filter(has_text="gespeichert").is_visible()
    history = page.get_by_role("table", name=re.compile(f"Entscheidungen zu Fall {case_id}"))
    row = history.locator("tbody tr").last
    assert "Fallkonferenz am 02.12. mit ABH Köln" in row.inner_text()
    assert "demo-rrk_lead" in row.inner_text()


def test_the_login_form_works_with_the_keyboard_alone(live, browser_page) -> None:
    site, base = live
    page = browser_page
    page.goto(base + "/")

    def focused() -> str:
        return page.evaluate("document.activeElement.id || document.activeElement.className")

    assert focused() == "token"  # the form's only field has the focus from the start
    for _ in range(5):  # backwards through the header to the skip link
        if focused() == "skip-link":
            break
        page.keyboard.press("Shift+Tab")
    assert focused() == "skip-link" and page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")  # skip to the main content ...
    for _ in range(6):  # ... and forwards into the form
        page.keyboard.press("Tab")
        if focused() == "token":
            break
    assert focused() == "token"
    page.keyboard.type(site.tokens["caseworker"])
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/queue")
    assert "demo-caseworker" in page.locator(".who").inner_text()


def test_two_policy_users_draft_simulate_approve_and_activate(live, chromium) -> None:
    site, base = live
    author_ctx = chromium.new_context(locale="de-DE")
    second_ctx = chromium.new_context(locale="de-DE")
    lead_ctx = chromium.new_context(locale="de-DE")
    try:
        author, second, lead = (c.new_page() for c in (author_ctx, second_ctx, lead_ctx))
        for page in (author, second):
            page.on("dialog", lambda dialog: dialog.accept())  # confirm() of approve/activate
        sign_in(lead, base, site.tokens["rrk_lead"])
        before = re.search(r"Regelwerk: (\S+ v\d+)", lead.content()).group(1)

        sign_in(author, base, site.tokens["policy"])
        author.get_by_role("link", name="Neuen Entwurf anlegen").click()
        author.get_by_label("Mindestzahl der Verurteilungen für Mehrfachtäter").fill("2")
        author.get_by_label("Begründung der Änderung (Pflichtangabe)").fill(
            "Mehrfachtäter früher erfassen (Erlass-Entwurf 2026)"
        )
        author.get_by_role("button", name="Entwurf speichern").click()
        assert author.get_by_text("Der Entwurf ist gespeichert").is_visible()
        version_url = author.url.split("?")[0]

        author.get_by_role("button", name="Simulieren").click()
        assert author.get_by_role("table", name=re.compile("Übergangstabelle")).is_visible()
        assert author.get_by_role(
            "table", name=re.compile("Arbeitslast je Bezirksregierung")
        ).is_visible()
        chart = author.get_by_role("img", name=re.compile("Balkendiagramm"))
        chart.scroll_into_view_if_needed()
        # (wait_for_function would evaluate a string, which the page's CSP forbids: good)
        chart.evaluate("img => img.decode()")
        assert chart.evaluate("img => img.naturalWidth") > 0
        # Four eyes: the author sees no approve button, only why.
        assert author.get_by_role("button", name="Entwurf freigeben").count() == 0
        assert author.get_by_text("Vier-Augen-Prinzip").is_visible()

        sign_in(second, base, site.tokens["policy_b"])
        second.goto(version_url)
        second.get_by_label("Begründung der Freigabe (Pflichtangabe)").fill(
            "Simulation geprüft; Arbeitslast bleibt unter der Kapazität"
        )
        # Two convictions now make a repeat offender: shipped scenarios fail on purpose.
        assert second.get_by_text("auf diesem Entwurf fehl. Freigeben").is_visible()
        second.get_by_label("Begründung der Freigabe trotz fehlschlagender Szenarien").fill(
            "Gewollt: zwei Verurteilungen genügen künftig"
        )
        second.get_by_role("button", name="Entwurf freigeben").click()
        assert second.get_by_text("Die Version ist freigegeben.").is_visible()

        author.goto(version_url)
        author.get_by_label("Begründung der Aktivierung (Pflichtangabe)").fill("Inkraftsetzung")
        author.get_by_role("button", name="Version aktivieren").click()
        assert author.get_by_text("Die Version ist aktiviert.").is_visible()
        assert author.locator("h1 .badge").inner_text() == "in Kraft"

        lead.goto(base + "/queue")
        after = re.search(r"Regelwerk: (\S+ v\d+)", lead.content()).group(1)
        name, number = before.rsplit(" v", 1)
        assert after == f"{name} v{int(number) + 1}"  # the queue now runs on the new version
    finally:
        for context in (author_ctx, second_ctx, lead_ctx):
            context.close()


def test_the_auditor_sees_the_log_and_an_intact_chain(live, browser_page) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["auditor"])
    assert page.url == base + "/audit"
    assert page.get_by_role("status").filter(has_text="Hash-Kette intakt").is_visible()
    table = page.get_by_role("table", name=re.compile("neueste zuerst"))
    assert "web.login" in table.inner_text()
    page.get_by_label("Aktion", exact=True).fill("web.login")
    page.get_by_role("button", name="Anwenden").click()
    actions = page.locator("table.audit tbody td code").all_inner_texts()
    assert actions and all(a.startswith("web.login") for a in actions)


def test_a_post_without_the_csrf_token_is_refused(live, browser_page) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["rrk_lead"])
    case_id = site.case_in("koeln")
    response = page.request.post(
        f"{base}/cases/{case_id}/decisions", form={"kind": "defer", "reason": "ohne Token"}
    )
    assert response.status == 403
    assert "Sicherheitsprüfung fehlgeschlagen" in response.text()


def test_the_print_view_prints_only_the_note(live, browser_page) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["rrk_lead"])
    page.goto(f"{base}/cases/{site.case_in('duesseldorf')}/print")
    assert page.get_by_role("button", name="Drucken").is_visible()  # shown by app.js
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Drucken").is_visible()
    assert page.get_by_role("heading", name=re.compile("Aktenvermerk")).is_visible()


def test_switching_to_english_and_back(live, browser_page) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["rrk_lead"])
    page.get_by_role("link", name="Switch to English").click()
    assert page.get_by_role("heading", name="Queue", exact=True).is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Auf Deutsch umschalten").click()
    assert page.get_by_role("heading", name="Fallliste", exact=True).is_visible()


def test_a_policy_user_uploads_a_rule_set_that_adds_a_criterion(live, chromium, tmp_path) -> None:
    """Issue #16, done when: upload, the checker's issues, the German diff, the scenario
    results, the simulation, and a second policy user approves."""
    from tests.service.test_authoring import SCENARIOS_TEXT, WEAPONS_SCENARIO, with_weapons

    site, base = live
    text = with_weapons()
    broken = tmp_path / "amit-nrw-default.yaml"
    broken.write_text(text.replace("{fact: weapons_convictions, ge: 1}", "{fact: waffen, ge: 1}"))
    scenarios = tmp_path / "amit-nrw-default.scenarios.yaml"
    scenarios.write_text(SCENARIOS_TEXT + WEAPONS_SCENARIO, encoding="utf-8")
    author_ctx = chromium.new_context(locale="de-DE")
    second_ctx = chromium.new_context(locale="de-DE")
    try:
        author, second = author_ctx.new_page(), second_ctx.new_page()
        sign_in(author, base, site.tokens["policy"])
        author.get_by_role("link", name="Ganzes Regelwerk hochladen oder bearbeiten").click()
        author.get_by_label("… oder eine Regelwerksdatei hochladen").set_input_files(str(broken))
        author.get_by_role("button", name="Prüfen").click()
        issues = author.locator(".checker-issues")
        assert issues.is_visible()
        line = broken.read_text().splitlines().index("    when: {fact: waffen, ge: 1}") + 1
        flagged = author.locator(f'ol.listing li[value="{line}"]')
        assert "unbekannte abgeleitete Größe" in flagged.inner_text()
        assert "waffen" in flagged.inner_text()

        author.get_by_label("Regelwerk (YAML)").fill(text)
        author.get_by_label("… oder eine Szenariodatei hochladen").set_input_files(str(scenarios))
        author.get_by_role("button", name="Prüfen").click()
        assert author.get_by_text("ist ein gültiges Regelwerk").is_visible()
        assert author.get_by_text("Kriterium „Waffendelikt“ neu").first.is_visible()
        author.get_by_label("Begründung der Änderung (Pflichtangabe)").fill(
            "Erlass vom 20.11.2026: Waffendelikte zählen"
        )
        author.get_by_role("button", name="Entwurf speichern").click()
        assert author.get_by_text("Der Entwurf ist gespeichert").is_visible()
        version_url = author.url.split("?")[0]
        assert author.get_by_text("Kriterium „Waffendelikt“ neu: gilt, wenn:").is_visible()
        assert author.get_by_text("24 Szenarien: 24 bestanden, 0 fehlgeschlagen").is_visible()
        author.get_by_role("button", name="Simulieren").click()
        assert author.get_by_role("table", name=re.compile("Übergangstabelle")).is_visible()

        sign_in(second, base, site.tokens["policy_b"])
        second.goto(version_url)
        assert second.get_by_text("Merkmal „aMIT-Kriterium erfüllt“ geändert").is_visible()
        second.on("dialog", lambda dialog: dialog.accept())
        second.get_by_label("Begründung der Freigabe (Pflichtangabe)").fill(
            "Änderung und Szenarien geprüft"
        )
        second.get_by_role("button", name="Entwurf freigeben").click()
        assert second.get_by_text("Die Version ist freigegeben.").is_visible()
    finally:
        for context in (author_ctx, second_ctx):
            context.close()
