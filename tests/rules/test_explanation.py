"""The explanation record (SPEC §3) and its renderers."""

from __future__ import annotations

from datetime import date

from rules.explanation import explain
from rules.render import render_text, short_reason
from tests.factories import AS_OF, case, convictions, incident, offence
from tests.rules.test_queue import load_examples


def example(case_id: str):
    return next(c for c in load_examples() if c.case_id == case_id)


def test_ex1_explains_every_criterion_with_value_threshold_and_evidence(default_rules):
    expl = explain(example("EX-1"), default_rules, date(2026, 11, 23))
    assert (expl.tier, expl.score, expl.ruleset, expl.ruleset_version) == (
        "P1",
        55,
        "amit-nrw-default",
        1,
    )
    by_id = {c.id: c for c in expl.criteria}
    assert set(by_id) == {"SERIOUS", "VIOLENT", "REPEAT", "INTENSIVE", "SOCIAL", "RELEASE_SOON"}
    assert by_id["VIOLENT"].fired and by_id["VIOLENT"].value == 14
    assert by_id["VIOLENT"].threshold == 12
    assert [e.id for e in by_id["VIOLENT"].evidence] == ["T2"]
    assert [e.id for e in by_id["REPEAT"].evidence] == ["T1", "T2", "T3"]
    assert not by_id["SERIOUS"].fired and by_id["SERIOUS"].value == 14
    assert [n.record.id for n in expl.not_counted] == ["T4"]
    assert expl.not_counted[0].reason == "dismissed"
    assert [a.id for a in expl.actions] == ["A_DOCUMENTS"]
    assert expl.parameters["serious_sentence_months"] == 24
    assert expl.as_of == date(2026, 11, 23)


def test_ex3_counterfactual_lifting_the_blocker(default_rules):
    expl = explain(example("EX-3"), default_rules, date(2026, 11, 23))
    changes = {t.change: t.to_tier for t in expl.tier_changes}
    assert changes["asylum_pending=False"] == "P1"
    text = render_text(expl)
    assert "würde Priorität 1, wenn das Asylverfahren abgeschlossen ist" in text
    assert "Einvernehmen der Staatsanwaltschaft" in text
    assert "D2" in text


def test_counterfactuals_are_computed_not_written(default_rules):
    # Enforceability would lift an aMIT case from P2 to P1.
    expl = explain(case(offences=convictions(3), departure_status="pending"), default_rules, AS_OF)
    assert expl.tier == "P2"
    texts = [t.text for t in expl.tier_changes]
    assert "würde Priorität 1, wenn die Ausreisepflicht vollziehbar wird" in texts


def test_open_proceeding_becoming_a_conviction(default_rules):
    c = case(offences=[*convictions(2), offence("E", status="charged", category="robbery")])
    changes = {t.change: t for t in explain(c, default_rules, AS_OF).tier_changes}
    assert changes["convict:E:0"].to_tier == "P1"  # third conviction -> REPEAT


def test_coming_of_age_is_a_counterfactual(default_rules):
    born = date(AS_OF.year - 17, 1, 15)
    expl = explain(case(birth_date=born, offences=convictions(3)), default_rules, AS_OF)
    assert expl.tier == "BLOCKED"
    adult = [t for t in expl.tier_changes if t.change == "adult"]
    assert adult and adult[0].to_tier == "P1"
    assert "Volljährigkeit am 15.01." in adult[0].text


def test_near_misses_count_and_sentence(default_rules):
    c = case(
        offences=[
            *convictions(2),
            offence("S", category="fraud", sentence=22, when=date(2026, 1, 5)),
        ]
    )
    # three convictions -> REPEAT fires; SERIOUS misses by 2 months
    near = {n.id for n in explain(c, default_rules, AS_OF).near_misses}
    assert near == {"SERIOUS"}
    c2 = case(offences=convictions(2), incidents=[incident("A"), incident("B")])
    near2 = {n.id for n in explain(c2, default_rules, AS_OF).near_misses}
    assert near2 == {"REPEAT", "SOCIAL"}


def test_sentence_four_months_short_is_no_near_miss(default_rules):
    c = case(offences=[offence(category="fraud", sentence=20)])
    assert explain(c, default_rules, AS_OF).near_misses == []


def test_english_text(default_rules):
    text = render_text(explain(example("EX-1"), default_rules, date(2026, 11, 23), "en"))
    assert text.startswith("File note")
    assert "Priority 1" in text and "Violent offence: met" in text


def test_german_note_names_basis_parameters_and_disclaimer(default_rules):
    text = render_text(explain(example("EX-1"), default_rules, date(2026, 11, 23)))
    assert text.startswith("Aktenvermerk")
    assert "Priorität 1 — " in text
    assert "Stichtag: 23.11.2026" in text
    assert "Gewaltdelikt: erfüllt" in text and "Wert 14 Monate" in text
    assert "T4 (02.06.2026), Betrug, eingestellt: zählt nie" in text
    assert "Parameter: serious_sentence_months = 24" in text
    assert "weder eine Entscheidung noch eine Empfehlung" in text


def test_short_reason(default_rules):
    assert short_reason("P1", ["VIOLENT", "REPEAT"], [], default_rules) == (
        "Gewaltdelikt, Mehrfachtäter – Priorität 1"
    )
    assert short_reason("BLOCKED", ["SERIOUS"], ["B_ASYLUM"], default_rules) == (
        "Schwere Straftat – Hindernis: Asylverfahren anhängig"
    )
