"""The monitoring page and the auditor's simulation name groups in words; a nationality code the
catalogue does not know, and cases without one, are shown the same way on both (issue #11)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from cases.generator import generate_cases
from tests.web.language import page_text
from tests.web.site import Site, signed_in_client


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A demo site plus 60 open cases with a code no catalogue knows and 40 without one."""
    from tests.web.site import build_site

    site = build_site(tmp_path_factory.mktemp("group-labels"), n_cases=150)
    cases = generate_cases(100, seed=3, as_of=date.today())
    rows = []
    for i, case in enumerate(cases):
        record = case.model_dump(mode="json")
        record["case_id"] = f"ODD-{i:04d}"
        record["nationality"] = "QQQ" if i < 60 else None
        rows.append(json.dumps(record))
    with site.client() as client:
        response = client.post(
            "/api/v1/cases/import",
            content="\n".join(rows).encode(),
            headers={
                "Authorization": f"Bearer {site.tokens['admin']}",
                "Content-Type": "application/x-ndjson",
            },
        )
    assert response.status_code == 201, response.text
    return site


def _rows(html: str) -> list[str]:
    return [page_text(cell, "de") for cell in re.findall(r'<th scope="row">(.*?)</th>', html)]


@pytest.mark.parametrize(("lang", "missing"), [("de", "(ohne Angabe)"), ("en", "(not given)")])
def test_an_unknown_code_and_no_value_read_the_same_on_both_pages(
    odd_site: Site, lang: str, missing: str
) -> None:
    client = signed_in_client(odd_site, "auditor")
    client.get(f"/queue?lang={lang}")
    monitoring = _rows(client.get("/monitoring").text)
    versions = re.findall(r'href="(/policy/rulesets/\d+)"', client.get("/policy").text)
    simulation = _rows(client.get(f"{versions[0]}?simulate=1").text)
    codes = {"SYR", "TUR", "unbekannt"} | ({"(ohne Angabe)"} if lang == "en" else set())
    for rows in (monitoring, simulation):
        assert "QQQ" in rows and missing in rows, rows
        assert ("Syrien" if lang == "de" else "Syria") in rows, rows
        assert not codes & set(rows), rows
