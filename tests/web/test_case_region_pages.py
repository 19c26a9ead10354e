"""The pages with the same case id in two regions (issue #14: ids are unique within a region
only): the queue links each case with its region, an id held by several of the reader's regions
gets a short page with a link to each, and forms post to the case of their region."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from service.cases.models import CaseRecord, CaseVersion
from tests.web.site import Site, build_site, csrf_of

MISSING_TEXT = re.compile(r"\[[a-z_]+(?:\.[a-z_]+)*\]")
REGION_SHOWN = re.compile(r"<dt>Bezirksregierung</dt><dd>([^<]+)</dd>")


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str]:
    """A demo site where a koeln case's id is also a duesseldorf case with another record
    (another birth date, no offences); returns the site and the id."""
    site = build_site(Path(tmp_path_factory.mktemp("web-twin")), n_cases=60)
    with site.db.read() as session:
        rows = session.execute(
            select(CaseRecord.case_id, CaseVersion.data)
            .join(
                CaseVersion,
                (CaseVersion.region == CaseRecord.region)
                & (CaseVersion.case_id == CaseRecord.case_id)
                & (CaseVersion.version == CaseRecord.current_version),
            )
            .where(CaseRecord.region == "koeln", CaseRecord.status == "open")
            .order_by(CaseRecord.case_id)
        ).all()
    case_id, data = next((c, d) for c, d in rows if json.loads(d)["offences"])
    other = {**json.loads(data), "region": "duesseldorf", "birth_date": "1971-02-03"}
    other["offences"], other["incidents"] = [], []
    with site.client() as client:
        response = client.post(
            "/api/v1/cases/import",
            content=json.dumps(other).encode(),
            headers={
                "Authorization": f"Bearer {site.tokens['admin']}",
                "Content-Type": "application/x-ndjson",
            },
        )
    assert response.status_code == 201, response.text
    return site, case_id


def test_the_queue_links_each_case_with_its_region(twin, as_role) -> None:
    site, case_id = twin
    page = as_role("rrk_lead", site).get("/queue").text  # koeln and duesseldorf
    for region in ("koeln", "duesseldorf"):
        assert f'href="/cases/{case_id}?region={region}"' in page
    assert not re.search(rf'href="/cases/{re.escape(case_id)}"', page)


def test_an_id_of_two_of_my_regions_gets_a_link_to_each(twin, as_role) -> None:
    site, case_id = twin
    response = as_role("rrk_lead", site).get(f"/cases/{case_id}")
    assert response.status_code == 409
    page = response.text
    assert "Aktenzeichen sind nur innerhalb einer Bezirksregierung eindeutig" in page
    assert page.index(f'href="/cases/{case_id}?region=duesseldorf"') < page.index(
        f'href="/cases/{case_id}?region=koeln"'
    )
    assert f"Fall {case_id} · Bezirksregierung Köln" in page
    assert not MISSING_TEXT.search(page)
    printed = as_role("rrk_lead", site).get(f"/cases/{case_id}/print?as_of=2026-11-02")
    assert printed.status_code == 409
    assert f'href="/cases/{case_id}?region=koeln&amp;as_of=2026-11-02"' in printed.text


def test_each_page_shows_its_own_record_and_forms_name_the_region(twin, as_role) -> None:
    site, case_id = twin
    client = as_role("rrk_lead", site)
    koeln = client.get(f"/cases/{case_id}?region=koeln")
    theirs = client.get(f"/cases/{case_id}?region=duesseldorf")
    assert koeln.status_code == theirs.status_code == 200
    assert REGION_SHOWN.findall(koeln.text) == ["Köln"]
    assert REGION_SHOWN.findall(theirs.text) == ["Düsseldorf"]
    # koeln's record has offences, duesseldorf's none
    assert 'class="timeline"' in koeln.text and "Keine Einträge." not in koeln.text
    assert 'class="timeline"' not in theirs.text and "Keine Einträge." in theirs.text
    for region, page in (("koeln", koeln.text), ("duesseldorf", theirs.text)):
        assert f'action="/cases/{case_id}/decisions?region={region}"' in page
        assert f'action="/cases/{case_id}/events?region={region}"' in page
        assert f'href="/cases/{case_id}/print?region={region}"' in page
    printed = client.get(f"/cases/{case_id}/print?region=duesseldorf").text
    assert f'href="/cases/{case_id}?region=duesseldorf"' in printed


def test_a_decision_on_one_is_not_shown_on_the_other(twin, as_role) -> None:
    site, case_id = twin
    client = as_role("rrk_lead", site)
    page = client.get(f"/cases/{case_id}?region=duesseldorf")
    reason = "Nur der Düsseldorfer Fall wird zurückgestellt"
    response = client.post(
        f"/cases/{case_id}/decisions?region=duesseldorf",
        data={"csrf_token": csrf_of(page.text), "kind": "defer", "reason": reason},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    location = response.headers["location"]
    assert location.startswith(f"/cases/{case_id}?region=duesseldorf&saved=")
    assert reason in client.get(location).text
    assert reason not in client.get(f"/cases/{case_id}?region=koeln").text


def test_a_koeln_caseworker_sees_only_koeln_and_the_plain_404(twin, as_role) -> None:
    site, case_id = twin
    client = as_role("caseworker", site)  # koeln only
    mine = client.get(f"/cases/{case_id}")
    assert mine.status_code == 200
    assert f'action="/cases/{case_id}/decisions?region=koeln"' in mine.text
    queue = client.get("/queue").text
    assert f'href="/cases/{case_id}?region=koeln"' in queue
    assert "region=duesseldorf" not in queue
    theirs = client.get(f"/cases/{case_id}?region=duesseldorf")
    unknown = client.get("/cases/NO-SUCH-CASE-1?region=duesseldorf")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.text.replace(case_id, "") == unknown.text.replace("NO-SUCH-CASE-1", "")
    assert client.get(f"/cases/{case_id}/print?region=duesseldorf").status_code == 404
