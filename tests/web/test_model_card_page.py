"""The model page offers the model card and plots of the model in force in the page's language
(issue 11, item 3), and still shows those of a version trained before they were stored per
language, saying so."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.web.site import Site
from tests.web.test_gdpr_pages import _Model

PNG = b"\x89PNG\r\n\x1a\n"


class _Store:
    def __init__(self, root: Path) -> None:
        from mlflow import MlflowClient

        self.uri = f"sqlite:///{root / 'mlflow.db'}"
        self.client = MlflowClient(tracking_uri=self.uri)
        self.experiment = self.client.create_experiment("cards", str(root / "artifacts"))
        self.root = root

    def run(self, files: dict[str, bytes], params: dict[str, str] | None = None) -> str:
        run_id = self.client.create_run(self.experiment).info.run_id
        for key, value in (params or {}).items():
            self.client.log_param(run_id, key, value)
        for path, content in files.items():
            local = self.root / "upload" / run_id / path
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(content)
            folder = str(Path(path).parent) if "/" in path else None
            self.client.log_artifact(run_id, str(local), folder)
        return run_id


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> _Store:
    return _Store(tmp_path_factory.mktemp("model-cards"))


class _ModelWithRun(_Model):
    def __init__(self, store: _Store, run_id: str) -> None:
        self.handle = SimpleNamespace(run_id=run_id, tracking_uri=store.uri)


def _page(site: Site, as_role, model: _Model, *paths: str) -> list:
    client = as_role("auditor")
    real = site.app.state.model_runtime
    site.app.state.model_runtime = model
    try:
        return [client.get(path) for path in paths]
    finally:
        site.app.state.model_runtime = real


def test_the_page_offers_the_card_and_plots_in_its_language(site: Site, as_role, store) -> None:
    run_id = store.run(
        {
            "model_card.de.md": "# Modellkarte, geprüft\n".encode(),
            "model_card.en.md": b"# Model card\n",
            "plots/calibration.de.png": PNG + b"de",
            "plots/calibration.en.png": PNG + b"en",
            "plots/fairness.de.png": PNG + b"de-f",
            "plots/fairness.en.png": PNG + b"en-f",
        }
    )
    german, english, card_de, card_en, plot_de, plot_en = _page(
        site,
        as_role,
        _ModelWithRun(store, run_id),
        "/model",
        "/model?lang=en",
        "/model/card.md?lang=de",
        "/model/card.md?lang=en",
        "/model/plots/fairness.png?lang=de",
        "/model/plots/calibration.png?lang=en",
    )
    assert "Modellkarte herunterladen (Markdown, Deutsch)" in german.text
    assert 'href="/model/card.md?lang=de"' in german.text
    assert 'src="/model/plots/calibration.png?lang=de"' in german.text
    assert "Auswahlquote je Prüfgruppe" in german.text
    assert "deutsch-englischen" not in german.text
    assert "Download the model card (Markdown, English)" in english.text
    assert 'src="/model/plots/fairness.png?lang=en"' in english.text
    assert card_de.text == "# Modellkarte, geprüft\n" and card_en.text == "# Model card\n"
    assert card_de.headers["content-type"].startswith("text/markdown")
    assert 'filename="amit-priority-7.de.md"' in card_de.headers["content-disposition"]
    assert plot_de.content == PNG + b"de-f" and plot_de.headers["content-type"] == "image/png"
    assert plot_en.content == PNG + b"en"


def test_an_older_run_shows_its_combined_card_and_says_so(site: Site, as_role, store) -> None:
    run_id = store.run(
        {
            "model_card.md": "# Modellkarte für / model card for\n".encode(),
            "plots/calibration.png": PNG + b"both",
        }
    )
    page, card, plot, missing = _page(
        site,
        as_role,
        _ModelWithRun(store, run_id),
        "/model",
        "/model/card.md?lang=en",
        "/model/plots/calibration.png",
        "/model/plots/fairness.png",
    )
    assert "nur in einer deutsch-englischen Fassung vor" in page.text
    assert "/model/plots/calibration.png" in page.text
    assert "/model/plots/fairness.png" not in page.text
    assert card.text == "# Modellkarte für / model card for\n"
    assert plot.content == PNG + b"both"
    assert missing.status_code == 404


def test_without_a_run_or_a_store_the_page_says_so(site: Site, as_role, store) -> None:
    empty = store.run({})
    (none,) = _page(site, as_role, _ModelWithRun(store, empty), "/model")
    assert "Zu dieser Version sind keine Modellkarte und keine Abbildungen gespeichert." in (
        none.text
    )
    gone = _ModelWithRun(store, "0" * 32)
    (unreadable,) = _page(site, as_role, gone, "/model")
    assert unreadable.status_code == 200
    assert "MLflow-Speicher nicht erreichbar" in unreadable.text
    # the fake model of the other tests has no run: no section, no error
    (plain, card) = _page(site, as_role, _Model(), "/model", "/model/card.md")
    assert "Modellkarte und Abbildungen" not in plain.text
    assert card.status_code == 404


def test_only_the_models_readers_get_the_card(site: Site, as_role, store) -> None:
    run_id = store.run({"model_card.de.md": b"# Karte\n"})
    real = site.app.state.model_runtime
    site.app.state.model_runtime = _ModelWithRun(store, run_id)
    try:
        assert as_role("caseworker").get("/model/card.md").status_code == 403
        assert as_role("policy").get("/model/card.md").status_code == 200
    finally:
        site.app.state.model_runtime = real


#: A run's parameters and fairness gate as ``triage train`` records them (simulated history with
#: an injected bias, the gate passed through the significance test below 0.8).
PARAMS = {
    "label_source": "simulated",
    "n_cases": "20000",
    "seed": "0",
    "as_of": "2026-11-23",
    "bias_attribute": "nationality",
    "bias_group": "SYR",
    "bias_strength": "1.5",
    "bias_over_recording": "1.0",
    "gate_fairness_ratio": "0.8",
    "gate_alpha": "0.01",
}
NOISE = {
    "within_noise": ["nationality=GIN (0.72)"],
    "nationality": {"p_value": 0.956},
    "justification": "Auswahlverhältnis unter 0.8 bei nationality=GIN (0.72), …",
}


def _gates(details: dict) -> bytes:
    gate = {"name": "fairness", "passed": True, "justified": True, "details": details}
    return json.dumps({"gates": [gate], "passed": True}).encode()


def test_the_data_and_the_justification_are_said_in_the_pages_language(
    site: Site, as_role, store
) -> None:
    run_id = store.run({"model_card.de.md": b"#\n", "gates.json": _gates(NOISE)}, PARAMS)
    german, english = _page(site, as_role, _ModelWithRun(store, run_id), "/model", "/model?lang=en")
    assert (
        "20.000 synthetische Fälle (seed 0, Stichtag 23.11.2026) mit simulierten früheren "
        "Entscheidungen, mit eingespeister Verzerrung gegen Staatsangehörigkeit Syrien"
    ) in german.text
    assert "aber die Auswahlquoten unterscheiden sich nicht über den Zufall hinaus" in german.text
    # Groups by name and numbers with a decimal comma, also for a run recorded with codes.
    assert "Staatsangehörigkeit p = 0,956" in german.text
    assert "Staatsangehörigkeit Guinea (0,72)" in german.text and "unter 0,8" in german.text
    assert "nationality=" not in german.text and "nationality p" not in german.text
    assert "Quote 0,78 bei Gruppe F" not in german.text  # the stored tag, rendered afresh
    assert (
        "20,000 synthetic cases (seed 0, reference date 2026-11-23) with simulated past decisions, "
        "with an injected bias against nationality Syria"
    ) in english.text
    assert "but the selection rates do not differ beyond chance" in english.text
    assert "nationality Guinea (0.72)" in english.text and "nationality p = 0.956" in english.text
    assert "nationality=" not in english.text
    assert "Auswahlverhältnis" not in english.text and "synthetische" not in english.text


def test_a_written_justification_is_shown_as_written(site: Site, as_role, store) -> None:
    written = {"failed_groups": ["nationality=SYR (0.41)"], "within_noise": []}
    run_id = store.run({"gates.json": _gates(written)}, {**PARAMS, "label_source": "decisions"})
    (english,) = _page(site, as_role, _ModelWithRun(store, run_id), "/model?lang=en")
    assert "Quote 0,78 bei Gruppe F: Unterschied nicht signifikant" in english.text
    assert "20,000 cases with a recorded decision" in english.text


def test_the_compliance_pack_says_the_data_and_justification_in_each_documents_language(
    store,
) -> None:
    """Annex IV (German) and the ATRS record (English) render them from the run, as /model."""
    from service.compliance.context import _in_languages

    run_id = store.run({"gates.json": _gates(NOISE)}, PARAMS)
    handle = SimpleNamespace(run_id=run_id, tracking_uri=store.uri)
    stored = {"data_description": "20000 synthetic cases", "fairness_justification": "x"}
    shown = _in_languages(handle, stored)
    german, english = shown["de"], shown["en"]
    assert "20.000 synthetische Fälle" in german["data_description"]
    assert "Staatsangehörigkeit Guinea (0,72)" in german["fairness_justification"]
    assert "20,000 synthetic cases" in english["data_description"]
    assert "nationality Guinea (0.72)" in english["fairness_justification"]
    for text in (*german.values(), *english.values()):
        assert "nationality=" not in text
    # Without a readable run, the stored texts.
    assert _in_languages(SimpleNamespace(), stored)["de"] == stored
