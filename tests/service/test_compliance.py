"""The documentation pack: every document, its sources, the audit record, the register records
against the published field lists, and the Art. 86 explanation without internal ids."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cases.io import load_cases
from rules import DEFAULT_RULESET, load_ruleset
from rules.explanation import explain
from service.cli.app import _register, app
from service.compliance.build import build_pack
from service.rulesets.active import document_digest
from tests.service.conftest import EXAMPLES, Env

REGISTERS = Path(__file__).resolve().parents[1] / "fixtures" / "registers"
AS_OF = date(2026, 11, 23)
MARKDOWN = (
    "01-technische-dokumentation-anhang-iv.md",
    "02-datenschutz-folgenabschaetzung.md",
    "03-verzeichnis-verarbeitungstaetigkeiten.md",
    "04-grundrechte-folgenabschaetzung.md",
    "07-erlaeuterung-betroffene-person.md",
)


def _pack(env: Env, role: str = "auditor") -> dict[str, bytes]:
    token = env.user(role)
    response = env.client.get(f"/api/v1/compliance/pack?as_of={AS_OF}", headers=env.auth(token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {Path(name).name: archive.read(name) for name in archive.namelist()}


def test_the_pack_has_every_document_naming_its_sources_and_is_audited(env: Env) -> None:
    env.import_examples()
    files = _pack(env)
    manifest = json.loads(files["manifest.json"])
    ruleset = load_ruleset(DEFAULT_RULESET)
    checksum = document_digest(ruleset.document)
    assert manifest["sources"]["ruleset"] == {
        "name": ruleset.name,
        "version": ruleset.version,
        "checksum": checksum,
    }
    assert manifest["sources"]["as_of"] == AS_OF.isoformat()
    listed = {d["file"] for d in manifest["documents"]}
    assert listed == set(files) - {"manifest.json"}
    assert {*MARKDOWN, "05-atrs-record.json", "06-algoritmeregister.json"} <= listed
    import hashlib

    for document in manifest["documents"]:
        assert hashlib.sha256(files[document["file"]]).hexdigest() == document["sha256"]
    for name in MARKDOWN:
        body = files[name].decode()
        assert not re.search(r"\[(compliance|web)\.[a-z_.]+\]", body), name
        if name.startswith("07"):
            assert checksum[:12] in body and "Version 1" in body
        else:
            assert checksum in body and "Regelwerk amit-nrw-default, Version 1" in body
            assert "kein Punktemodell in Betrieb" in body  # the tests run without a model
            assert "23.11.2026" in body
    annex = files["01-technische-dokumentation-anhang-iv.md"].decode()
    for heading in (
        "Risikomanagement (Art. 9): Risikoregister",
        "Gebrauchsanweisung (Art. 13)",
        "Menschliche Aufsicht (Art. 14)",
        "Genauigkeit und Robustheit (Art. 15)",
        "Automatisierungsbias",
        "Zweckentfremdung zum Screening",
        "Stellvertretermerkmale",
        "Veraltete oder unvollständige Daten",
    ):
        assert heading in annex, heading
    for criterion in ruleset.criteria:
        assert criterion.title.get("de") in annex
    assert "Testszenarien des Regelwerks:" in annex
    dpia = files["02-datenschutz-folgenabschaetzung.md"].decode()
    for part in ("lit. a", "lit. b", "lit. c", "lit. d", "Art. 10 DSGVO", "nationality"):
        assert part in dpia, part
    ropa = files["03-verzeichnis-verarbeitungstaetigkeiten.md"].decode()
    assert "Drittlandübermittlung" in ropa and "Löschfristen" in ropa
    fria = files["04-grundrechte-folgenabschaetzung.md"].decode()
    assert all(f"## {letter})" in fria for letter in "abcdef")
    fairness = fria.split("Aktuelle Gleichbehandlung", 1)[1].split("##", 1)[0]
    assert "Staatsangehörigkeit" in fairness and "nationality" not in fairness, fairness

    admin = env.user("admin")
    audit = env.client.get("/api/v1/audit?action=docs.build", headers=env.auth(admin)).json()
    entry = audit["items"][0]
    assert entry["target"] == "documentation" and entry["details"]["via"] == "api"
    assert entry["details"]["sources"]["ruleset"]["checksum"] == checksum
    assert manifest["audit_seq"] == entry["seq"]

    for role in ("caseworker",):
        token = env.user(role, regions="koeln")
        response = env.client.get("/api/v1/compliance/pack", headers=env.auth(token))
        assert response.status_code == 403


def _fields(name: str) -> dict[str, Any]:
    return json.loads((REGISTERS / name).read_text())


_ATRS_SECTIONS = {
    "Metadata": ("metadata",),
    "Title Information": ("metadata",),
    "Overview": ("tier_1",),
    "Owner and responsibility": ("tier_2", "owner_and_responsibility"),
    "Detailed Description and Rationale": ("tier_2", "description_and_rationale"),
    "Decision-making Process": ("tier_2", "decision_making_process"),
    "Technical Specification and Data": ("tier_2", "technical_specification_and_data"),
    "Risks, mitigations and impact assessments": (
        "tier_2",
        "risks_mitigations_and_impact_assessments",
    ),
    "Annex": ("annex",),
}


def test_atrs_record_has_every_published_field(env: Env) -> None:
    record = json.loads(_pack(env)["05-atrs-record.json"])
    spec = _fields("atrs_v2_1_fields.json")
    assert spec["version"].startswith("2.1") and spec["source"].startswith("https://")
    assert record["metadata"]["standard_version"] == "2.1"
    expected_keys: dict[tuple[str, ...], set[str]] = {}
    for field in spec["fields"]:
        path = _ATRS_SECTIONS[field["category"]]
        if field["tier"] == "Tier 1" and field["category"] == "Owner and responsibility":
            path = ("tier_1",)  # contact_email: a tier 1 field in the owner category
        expected_keys.setdefault(path, set()).add(field["attribute"])
        section: Any = record
        for key in path:
            section = section[key]
        assert field["attribute"] in section, (path, field["attribute"])
        value = section[field["attribute"]]
        if field["multi_value"]:
            assert isinstance(value, list), field["attribute"]
        if field["required"] and field["attribute"] != "id":  # id: issued on publication
            assert value not in (None, "", []) or field["attribute"].startswith(
                ("external_supplier", "companies_house", "procurement", "data_access_terms")
            ), field["attribute"]
    for path, keys in expected_keys.items():
        section = record
        for key in path:
            section = section[key]
        assert set(section) == keys, (path, set(section) ^ keys)
    assert record["metadata"]["phase"] in (
        "Idea",
        "Design",
        "Development",
        "Beta/Pilot",
        "Production",
        "Retired",
    )


def test_dutch_register_record_follows_the_publication_standard(env: Env) -> None:
    record = json.loads(_pack(env)["06-algoritmeregister.json"])
    spec = _fields("algoritmeregister_v1_0_fields.json")
    assert spec["version"] == "1.0" and spec["source"].startswith("https://")
    assert set(record) == {f["attribute"] for f in spec["fields"]}
    for field in spec["fields"]:
        value = record[field["attribute"]]
        if field["required"]:
            assert value not in (None, "", []), field["attribute"]
        if value is None:
            continue
        if "max_length" in field and isinstance(value, str):
            assert len(value) <= field["max_length"], field["attribute"]
        if "permitted_values" in field:
            values = value if isinstance(value, list) else [value]
            assert set(values) <= set(field["permitted_values"]), field["attribute"]
        if "max_items" in field:
            assert len(value) <= field["max_items"]
        if field["type"] == "array":
            assert isinstance(value, list)
        if "items" in field:  # lists of {title, link}
            for item in value:
                assert set(item) == set(field["items"]), field["attribute"]
                assert item["title"], field["attribute"]
    assert record["lang"] == "nld" and record["publication_category"] == "Hoog-risico AI-systeem"
    if record["begin_date"] is not None:
        assert re.fullmatch(r"\d{4}-\d{2}", record["begin_date"])


def test_art86_explanation_of_a_stored_case_has_no_internal_ids(env: Env) -> None:
    env.import_examples()
    pack = build_pack(
        db=env.db,
        settings=env.app.state.settings,
        ruleset=load_ruleset(DEFAULT_RULESET),
        model=env.app.state.model_runtime,
        actor="test",
        as_of=AS_OF,
        case_id="EX-1",
        via="test",
    )
    body = pack.files["07-erlaeuterung-betroffene-person.md"].decode()
    case = next(c for c in load_cases(EXAMPLES) if c.case_id == "EX-1")
    # The same record as the note for the file: tier, reason and criteria agree.
    record = explain(case, load_ruleset(DEFAULT_RULESET), AS_OF, "de")
    assert f"„{record.tier_label}“" in body
    for criterion in record.criteria:
        if criterion.fired:
            assert criterion.title in body
    # No internal ids: no case reference, record numbers, rule or tier codes.
    for token in ["EX-1", "T1", "T2", "T3", "T4", "VIOLENT", "REPEAT", "A_DOCUMENTS", "P1"]:
        assert not re.search(rf"\b{re.escape(token)}\b", body), token
    assert "Körperverletzung, Tat vom 11.02.2025: rechtskräftig verurteilt, 14 Monate" in body
    assert "Ihre Rechte" in body and "Art. 15 DSGVO" in body and "Muster" not in body
    assert pack.manifest["art86"] == {"case": "stored"}
    with pytest.raises(LookupError, match="nicht gefunden"):
        build_pack(
            db=env.db,
            settings=env.app.state.settings,
            ruleset=load_ruleset(DEFAULT_RULESET),
            model=env.app.state.model_runtime,
            actor="test",
            case_id="NOPE-1",
        )


def test_triage_docs_build_writes_the_pack(env: Env, tmp_path: Path, monkeypatch) -> None:
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    monkeypatch.setenv("TRIAGE_MODEL_URI", "")
    out = tmp_path / "pack"
    result = CliRunner().invoke(app, ["docs", "build", "--out", str(out), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Unterlagen nach" in result.stdout
    names = {p.name for p in out.iterdir()}
    assert {*MARKDOWN, "05-atrs-record.json", "06-algoritmeregister.json", "manifest.json"} <= names
    sample = (out / "07-erlaeuterung-betroffene-person.md").read_text()
    assert "Muster" in sample  # no case given: a sample from the first test scenario
    bad = CliRunner().invoke(app, ["docs", "build", "--out", str(out), "--as-of", "23.11.2026"])
    assert bad.exit_code == 2 and "JJJJ-MM-TT" in bad.output


def test_art86_sentences_in_german_number_words() -> None:
    """One month is „1 Monat“, a fraction has a decimal comma, as in the note for the file."""
    from service.compliance.art86 import _months

    assert [_months(1, "de"), _months(14, "de"), _months(1.5, "de")] == [
        "1 Monat",
        "14 Monate",
        "1,5 Monate",
    ]
    assert _months(1, "en") == "1 month"
