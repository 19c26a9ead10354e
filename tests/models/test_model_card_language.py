"""The model card, its plots and the training progress speak one language each (issue 11, item 3).

Every run logs the card as ``model_card.de.md`` and ``model_card.en.md`` and each plot once per
language; the German texts hold no English catalogue text, no English word and no
"Deutsch / English" pair, the English ones no German. The checks are those of the every-page
and every-command tests (:mod:`tests.web.language`, :func:`tests.cli.test_cli_language.
other_language`).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from mlflow import MlflowClient

import models.training
from models.registry import client_for
from models.reporting import (
    BEGIN,
    END,
    calibration_figure,
    card_artifact,
    fairness_figure,
    plot_artifact,
)
from models.tracking import RecordedRun
from models.training import STAGES, TrainingConfig, stage_title, train
from rules import load_ruleset
from tests.cli.test_cli_language import other_language
from tests.models.conftest import AS_OF
from tests.web.language import foreign_fragments

LANGS = ("de", "en")
#: "Deutsch / English": two words of three letters or more around a spaced slash.
PAIR = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}[.)*]? / [A-Za-zÄÖÜäöüß*]{3,}")
#: Code spans and link targets of Markdown: identifiers shown on purpose.
CODE = re.compile(r"`[^`]*`|\]\([^)]*\)")


@pytest.fixture(scope="module")
def foreign() -> dict[str, set[str]]:
    ruleset = load_ruleset()
    return {lang: foreign_fragments(lang, [ruleset]) for lang in LANGS}


def _findings(text: str, lang: str, foreign: set[str]) -> list[str]:
    """What a reader of ``lang`` must not find in ``text``."""
    plain = CODE.sub(" ", text)
    found = [f"other language: {f!r}" for f in sorted(foreign) if f in plain]
    found += [f"bilingual: {pair!r}" for pair in PAIR.findall(plain)]
    found += other_language(plain, lang)
    found += [f"missing text: {key}" for key in re.findall(r"\[model_card\.[\w.]+\]", text)]
    return found


def _section(card: str) -> str:
    return card.split(BEGIN, 1)[1].split(END, 1)[0]


# ------------------------------------------------------------------------ the card


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_of_a_run_speaks_one_language(trained, foreign, lang: str) -> None:
    card = trained.model_cards[lang]
    assert trained.run_id in _section(card)
    assert _findings(card, lang, foreign[lang]) == []


def test_the_german_card_writes_german_words_and_numbers(trained) -> None:
    card = trained.model_cards["de"]
    section = _section(card)
    auc = f"{trained.metrics['roc_auc']:.3f}".replace(".", ",")
    assert f"| ROC AUC Punktemodell | {auc} |" in section
    for words in ("**Daten:**", "**Punktetabelle**", "Startpunkte", "**Freigabeprüfungen**"):
        assert words in section
    assert "Staatsangehörigkeit" in section and "Geschlecht" in section
    assert "| Syrien |" in section and "| weiblich |" in section  # groups named, not coded
    assert "bestanden" in section and "passed" not in section
    assert "Verurteilungen im Mehrfachtäter-Zeitfenster" in section  # feature titles in German
    assert "## 9. Menschliche Aufsicht" in card and "Summary" not in card


def test_the_english_card_writes_english_words_and_numbers(trained) -> None:
    card = trained.model_cards["en"]
    section = _section(card)
    auc = f"{trained.metrics['roc_auc']:.3f}"
    assert f"| ROC AUC of the points model | {auc} |" in section
    for words in ("**Data:**", "**Points table**", "intercept", "**Quality gates**"):
        assert words in section
    assert "nationality" in section and "| passed |" in section
    assert "| Syria |" in section and "| female |" in section
    assert "convictions in the repeat-offender window" in section
    assert "## 9. Human oversight (AI Act Art. 14)" in card
    assert "simulated decision history – demo only" in section


def test_the_run_logs_one_card_and_one_set_of_plots_per_language(trained, store) -> None:
    client = MlflowClient(tracking_uri=store.tracking_uri)
    listed = {a.path for a in client.list_artifacts(trained.run_id)}
    assert {card_artifact("de"), card_artifact("en")} <= listed
    assert "model_card.md" not in listed  # one text in two languages is gone
    plots = {a.path for a in client.list_artifacts(trained.run_id, "plots")}
    assert plots == {plot_artifact(p, lang) for p in ("calibration", "fairness") for lang in LANGS}
    for lang in LANGS:
        stored = client.download_artifacts(trained.run_id, card_artifact(lang))
        with open(stored, encoding="utf-8") as handle:
            assert handle.read() == trained.model_cards[lang]


def test_the_registry_description_is_in_the_language_of_the_run(trained, store, foreign) -> None:
    assert trained.lang == "de" and trained.model_card == trained.model_cards["de"]
    version = client_for(store.tracking_uri).get_model_version(
        "amit-priority", trained.model_version
    )
    description = version.description
    assert "Status: befördert (champion)" in description
    assert "Mindest-AUC: bestanden" in description
    assert _findings(description, "de", foreign["de"]) == []


# ------------------------------------------------------------------------ the plots


def _figure_texts(figure: Figure) -> list[str]:
    """Every text drawn in ``figure``: titles, axis labels, legends, tick labels."""
    figure.savefig(io.BytesIO(), format="svg")  # lays out the tick labels
    return [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]


def _calibration(lang: str) -> Figure:
    rng = np.random.default_rng(0)
    points = rng.integers(-4, 4, 400)
    probability = 1 / (1 + np.exp(-points))
    y = rng.random(400) < probability
    return calibration_figure(y, probability, points, lang=lang)


EXPECTED = {
    "de": {
        "calibration": ("vorhergesagte Wahrscheinlichkeit", "Punkte gesamt", "beobachtet"),
        "fairness": ("Auswahlquote", "Staatsangehörigkeit", "Prüfung nicht bestanden", "Syrien"),
    },
    "en": {
        "calibration": ("predicted probability", "total points", "observed"),
        "fairness": ("selection rate", "nationality", "gate failed", "Syria", "female"),
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_plots_speak_one_language(trained, foreign, lang: str) -> None:
    figures = {
        "calibration": _calibration(lang),
        "fairness": fairness_figure(trained.fairness, trained.config.gates, lang=lang),
    }
    for name, figure in figures.items():
        texts = _figure_texts(figure)
        joined = " · ".join(texts)
        for expected in EXPECTED[lang][name]:
            assert any(expected in t for t in texts), (name, expected, texts)
        assert _findings(joined, lang, foreign[lang]) == [], name
        assert not any(" / " in t for t in texts), (name, texts)


# ------------------------------------------------------------------------ progress


def test_the_stages_are_named_in_each_language() -> None:
    german = [stage_title(s) for s in STAGES]
    english = [stage_title(s, "en") for s in STAGES]
    assert german == [
        "Daten",
        "Merkmale",
        "Training",
        "Bewertung",
        "Freigabeprüfungen",
        "MLflow-Lauf",
        "Modell registrieren",
        "Befördern",
    ]
    assert english == [
        "Data",
        "Features",
        "Fitting",
        "Evaluation",
        "Quality gates",
        "MLflow run",
        "Registering the model",
        "Promotion",
    ]
    for title in (*german, *english):
        assert "/" not in title and "[" not in title


@pytest.mark.parametrize("lang", LANGS)
def test_training_reports_its_progress_in_the_language_of_the_run(monkeypatch, lang: str) -> None:
    """The whole pipeline up to MLflow, with the recording replaced by one that only reports
    its stages: every stage is told, in order, in the run's language and nothing else."""

    def record(run, tracking_uri, report, stages, lang="de"):
        for stage in stages:
            report(stage)
        return RecordedRun("run", "0", "models:/m/1", "1", False, {"de": "", "en": ""})

    monkeypatch.setattr(models.training, "record_run", record)
    told: list[str] = []
    config = replace(TrainingConfig(), n=600, seed=3, as_of=AS_OF, tracking_uri="sqlite://")
    result = train(config, progress=told.append, lang=lang)
    assert told == [stage_title(s, lang) for s in STAGES]
    assert result.lang == lang


@pytest.mark.parametrize(("args", "lang"), [((), "de"), (("--lang", "en"), "en")])
def test_triage_train_trains_in_the_language_of_the_command_line(
    monkeypatch, args: tuple[str, ...], lang: str
) -> None:
    from typer.testing import CliRunner

    from service.cli import language
    from service.cli.app import _register, app

    asked: list[str] = []

    def fake(config, *, progress=None, lang="de"):
        asked.append(lang)
        raise ValueError("stop here")

    monkeypatch.delenv("TRIAGE_LANG", raising=False)
    monkeypatch.setattr(models.training, "train", fake)
    _register()
    try:
        result = CliRunner().invoke(app, [*args, "train", "--simulated", "--n", "500"])
    finally:
        language.reset()
    assert result.exit_code == 1, result.output
    assert asked == [lang]
