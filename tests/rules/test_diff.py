"""The semantic diff between two rule sets: changes in words, not a text diff of the YAML."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rules import load_ruleset, parse_ruleset
from rules.diff import diff
from rules.parameters import with_parameters

WEAPONS_FACT = {
    "description": {"de": "Verurteilungen wegen Waffendelikten", "en": "weapons convictions"},
    "over": "offences",
    "aggregate": "count",
    "where": {
        "all": [{"field": "status", "eq": "convicted"}, {"field": "category", "in": ["weapons"]}]
    },
}
WEAPONS = {
    "id": "WEAPONS",
    "title": {"de": "Waffendelikt", "en": "Weapons offence"},
    "basis": {"de": "Erlass vom 20.11.2026", "en": "Decree of 20 Nov 2026"},
    "points": 10,
    "when": {"fact": "weapons_convictions", "ge": 1},
}


@pytest.fixture(scope="module")
def base():
    return load_ruleset("amit-nrw-default")


def variant(base, change) -> Any:
    document = copy.deepcopy(base.document)
    document["version"] = 2
    change(document)
    return parse_ruleset(document)


def texts(before, after, lang: str = "de") -> list[str]:
    return [change.text(lang) for change in diff(before, after, lang).changes]


def test_identical_and_reordered_rule_sets_differ_in_nothing(base) -> None:
    assert diff(base, base).empty
    reordered = variant(base, lambda d: d["criteria"].reverse())
    assert diff(base, reordered).empty  # the order of criteria in the file means nothing
    assert "Keine inhaltliche Änderung" in diff(base, reordered).render_text()


def test_parameter_value_with_label_before_after_and_unit(base) -> None:
    after = with_parameters(
        base, {"serious_sentence_months": 36, "count_suspended_sentences": False}
    )
    assert texts(base, after) == [
        "Parameter „Mindeststrafe für eine schwere Straftat“ geändert: "
        "vorher 24 Monate → nachher 36 Monate",
        "Parameter „Zur Bewährung ausgesetzte Strafen zählen bei den Strafschwellen mit“ "
        "geändert: vorher ja → nachher nein",
    ]


def test_categories_counted_as_violent_in_words(base) -> None:
    changed = [c for c in base.values["violent_categories"] if c != "robbery"]
    after = with_parameters(base, {"violent_categories": [*changed, "drug_trafficking"]})
    (text,) = texts(base, after)
    assert "Deliktskategorien, die als Gewaltdelikte gelten" in text
    assert "zählt jetzt auch Drogenhandel" in text and "Raub zählt nicht mehr" in text
    assert "drug_trafficking" not in text


def test_a_new_criterion_with_its_condition_points_and_flag(base) -> None:
    def add(document):
        document["facts"]["weapons_convictions"] = WEAPONS_FACT
        document["criteria"].append(WEAPONS)
        document["flags"]["aMIT"]["when"]["any"].append({"criterion": "WEAPONS"})

    result = texts(base, variant(base, add))
    assert (
        "Kriterium „Waffendelikt“ neu: gilt, wenn: Verurteilungen wegen Waffendelikten: "
        "mindestens 1; 10 Punkte" in result
    )
    assert (
        "Merkmal „aMIT-Kriterium erfüllt“ geändert: genügt jetzt auch: "
        "Kriterium „Waffendelikt“ erfüllt" in result
    )
    assert any(
        t.startswith("Abgeleitete Größe „Verurteilungen wegen Waffendelikten“ neu") for t in result
    )
    assert texts(variant(base, add), base)[0] == "Kriterium „Waffendelikt“ entfällt"


def test_changed_condition_threshold_points_and_kinds_of_records(base) -> None:
    def change(document):
        criteria = {rule["id"]: rule for rule in document["criteria"]}
        criteria["VIOLENT"]["points"] = 35
        criteria["SERIOUS"]["when"] = {"fact": "serious_convictions", "ge": 2}
        document["facts"]["intensive_offences"]["where"]["all"][0]["in"] = [
            "convicted",
            "charged",
        ]
        blockers = {rule["id"]: rule for rule in document["blockers"]}
        blockers["B_TOLERATION"]["when"]["in"] = ["health", "family", "other"]

    result = texts(base, variant(base, change))
    assert "Kriterium „Gewaltdelikt“ geändert: Punkte 30 → 35" in result
    assert (
        "Kriterium „Schwere Straftat“ geändert: vorher Verurteilungen mit schwerer Strafe in "
        "der Rückschau: mindestens 1; jetzt Verurteilungen mit schwerer Strafe in der "
        "Rückschau: mindestens 2" in result
    )
    assert (
        "Hindernis „Duldung aus rechtlichen Gründen“ geändert: Grund der Duldung: zählt jetzt "
        "auch sonstige Gründe" in result
    )
    assert any("Ermittlungsverfahren zählt nicht mehr" in t for t in result)


def test_tier_order_and_a_new_requirement_of_a_tier(base) -> None:
    def change(document):
        tiers = document["tiers"]
        tiers[1], tiers[2] = tiers[2], tiers[1]
        tiers[0]["when"]["all"].append({"criterion": "REPEAT"})

    result = texts(base, variant(base, change))
    assert (
        "Stufe „Priorität 1“ geändert: zusätzlich verlangt: Kriterium „Mehrfachtäter“ erfüllt"
        in result
    )
    assert (
        "Reihenfolge der Stufen geändert: vorher Priorität 1 › Priorität 2 › Priorität 3 › "
        "Rechtliches Hindernis › Kein aMIT-Fall → nachher Priorität 1 › Priorität 3 › "
        "Priorität 2 › Rechtliches Hindernis › Kein aMIT-Fall" in result
    )


def test_english_and_json(base) -> None:
    after = with_parameters(base, {"repeat_min_convictions": 2})
    result = diff(base, after, "en")
    assert result.changes[0].text("en") == (
        "Parameter “Minimum number of convictions for a repeat offender” changed: "
        "before 3 → after 2"
    )
    data = result.to_dict()
    assert data["identical"] is False and data["before"] == "amit-nrw-default v1"
    assert data["changes"][0] | {"text": None} == {
        "section": "parameter",
        "id": "repeat_min_convictions",
        "kind": "changed",
        "label": "Minimum number of convictions for a repeat offender",
        "details": ["before 3 → after 2"],
        "text": None,
    }


def test_what_generic_code_reads_is_compared_in_words(base) -> None:
    """The ``queue`` and ``counterfactuals`` sections change workload, model labels and the note."""

    def change(document: dict[str, Any]) -> None:
        document["queue"]["priority"] = ["P1"]
        document["counterfactuals"]["fields"] = ["departure_status"]

    after = variant(base, change)
    found = texts(base, after)
    assert len(found) == 2, found
    priority, fields = found
    assert priority.startswith("Stufen, die als vorrangig zählen")
    assert "vorher " in priority and " → nachher " in priority
    before_words, after_words = priority.split(": ", 1)[1].split(" → ")
    assert "," in before_words and "," not in after_words  # two tiers before, one after
    assert fields.startswith("Angaben, deren Änderung die Erklärung durchspielt")
    assert "departure_status" not in fields and "asylum_pending" not in fields  # labels, not ids
    assert texts(base, after, "en")[0].startswith("tiers that count as priority")


def test_latest_event_fact_removed_is_named(base) -> None:
    after = variant(base, lambda document: document["queue"].pop("latest_event"))
    (found,) = texts(base, after)
    assert found.startswith("Datum, das die Fallliste als letztes Ereignis zeigt")
    assert found.endswith("nachher keine")


def test_the_points_model_section_is_compared_in_words(base) -> None:
    """Inputs of the points model (source, direction, bins, column), exclusions and the demo."""

    def change(document: dict[str, Any]) -> None:
        model = document["model"]
        features = model["features"]
        grave = next(f for f in features if f["name"] == "grave_incidents")
        grave["cuts"] = [1, 2]
        social = next(f for f in features if f["name"] == "social_incidents")
        social["cuts"] = [{"param": "social_min_incidents"}]
        features.remove(next(f for f in features if f["name"] == "in_custody"))
        features.append(
            {
                "name": "weapons",
                "fact": "serious_convictions",
                "monotone": 1,
                "cuts": [{"param": "repeat_min_convictions", "factor": 2}],
                "title": {"de": "Waffen", "en": "weapons"},
            }
        )
        model["simulation"]["intercept"] = -2.0

    after = variant(base, change)
    found = texts(base, after)
    by_start = {text.split(":")[0]: text for text in found}
    grave = by_start["Eingabe des Punktemodells „Vorfälle der Schwere 3 im Zeitfenster“ geändert"]
    assert "Klassengrenzen vorher 1 → nachher 1, 2" in grave
    social = next(t for t in found if "erhebliche Vorfälle im Zeitfenster" in t)
    assert "Klassengrenzen vorher 1, „" in social and "“ → nachher „" in social
    assert "Eingabe des Punktemodells „in Haft“ entfällt" in found
    added = by_start["Eingabe des Punktemodells „Waffen“ neu"]
    assert "Quelle: abgeleitete Größe „" in added and "ein höherer Wert senkt" in added
    assert "2 × „" in added and "(derzeit " in added and "Spalte 14" in added
    # features after the removed one moved one column to the left
    release = next(t for t in found if "Haftentlassung innerhalb des Vorlaufs" in t)
    assert "vorher Spalte 11 → nachher Spalte 10" in release
    assert "Simulierte Sachbearbeitung des Demonstrationsbetriebs geändert" in found
    for text in found:  # words, not identifiers
        assert "grave_incidents" not in text and "serious_convictions" not in text
        assert "repeat_min_convictions" not in text
    english = texts(base, after, "en")
    assert any(t.startswith("Input of the points model “weapons” added") for t in english)


def test_a_model_exclusion_is_named(base) -> None:
    def change(document: dict[str, Any]) -> None:
        document["model"]["excluded"].pop("B_MINOR")

    (found,) = texts(base, variant(base, change))
    assert found.startswith("Vom Punktemodell ausgeschlossen „")
    assert found.endswith("entfällt") and "B_MINOR" not in found
