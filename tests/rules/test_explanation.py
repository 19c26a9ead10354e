"""The explanation record (SPEC §3) and its renderers: the note for the file states what is true."""

from __future__ import annotations

import re
from datetime import date

import pytest

from rules.explanation import explain
from rules.parameters import with_parameters
from rules.render import render_text, short_reason
from tests.factories import AS_OF, case, convictions, incident, months_ago, offence
from tests.rules.test_queue import load_examples

EX_AS_OF = date(2026, 11, 23)


def example(case_id: str):
    return next(c for c in load_examples() if c.case_id == case_id)


def note(case_, rules, as_of=AS_OF, lang="de") -> str:
    return render_text(explain(case_, rules, as_of, lang))


# ------------------------------------------------------------------ the worked examples


def test_ex1_explains_every_criterion_with_value_threshold_and_evidence(default_rules):
    expl = explain(example("EX-1"), default_rules, EX_AS_OF)
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
    assert expl.as_of == EX_AS_OF


def test_ex1_note_reads_as_an_aktenvermerk(default_rules):
    text = note(example("EX-1"), default_rules, EX_AS_OF)
    for line in (
        "Aktenvermerk – Priorisierung im Fallmanagement NRW",
        "Fall EX-1 · Bezirksregierung Köln",
        "Stichtag: 23.11.2026 · Regelwerk amit-nrw-default, Version 1",
        "Einstufung: Priorität 1 · Punktwert 55",
        "Begründung: aMIT-Kriterium erfüllt: Gewaltdelikt, Mehrfachtäter; vollziehbar "
        "ausreisepflichtig; kein rechtliches Hindernis",
        "  Ausreisepflicht: vollziehbar",
        "  Duldung (§ 60a AufenthG): wegen fehlender Reisedokumente",
        "  Reisedokument: keines",
        "  [x] Gewaltdelikt: erfüllt (30 Punkte)",
        "      Messwert: Höchste Strafe für ein Gewaltdelikt in der Rückschau: 14 Monate, "
        "Schwelle mindestens 12 Monate",
        "      Beleg: T2 vom 11.02.2025: Körperverletzung, rechtskräftig verurteilt, 14 Monate",
        "  - T4 vom 02.06.2026: Betrug, eingestellt",
        "      für kein Kriterium berücksichtigt – Verfahren eingestellt",
        "  Mindeststrafe für eine schwere Straftat: 24 Monate",
        "  Zur Bewährung ausgesetzte Strafen zählen bei den Strafschwellen mit: ja",
        "weder eine Entscheidung noch eine Empfehlung",
    ):
        assert line in text, line
    assert "serious_sentence_months" not in text and "bodily_harm" not in text


def test_ex2_social_shows_the_grave_incident_that_made_it_fire(default_rules):
    """The value shown is the branch that fired: one severity-3 incident, not a count of 1."""
    expl = explain(example("EX-2"), default_rules, EX_AS_OF)
    social = next(c for c in expl.criteria if c.id == "SOCIAL")
    assert social.fired and [m.fact for m in social.measures] == ["grave_incidents"]
    assert (social.value, social.threshold) == (1, 1)
    text = render_text(expl)
    assert "[x] Erheblich negatives Sozialverhalten: erfüllt (15 Punkte)" in text
    assert "Messwert: Vorfälle der Schwere 3 im Zeitfenster: 1, Schwelle mindestens 1" in text
    assert "Wert 1, Schwelle mindestens 3" not in text
    assert "Beleg: V1 vom 12.10.2026: Gewalt gegen Personen, Schwere 3" in text
    assert "Einstufung: Priorität 3 · Punktwert 15" in text
    assert "Ausreisepflicht: nicht vollziehbar" in text
    assert "Die Einstufung wäre „Priorität 2“ (Punktwert 15), wenn die Ausreisepflicht " in text


def test_ex3_blocked_with_the_open_investigation_marked_not_final(default_rules):
    expl = explain(example("EX-3"), default_rules, EX_AS_OF)
    assert {t.change: t.to_tier for t in expl.tier_changes} == {"asylum_pending=False": "P1"}
    text = render_text(expl)
    assert "Einstufung: Rechtliches Hindernis · Punktwert 40" in text
    assert (
        "Begründung: „Schwere Straftat“ erfüllt; rechtliches Hindernis: Asylverfahren anhängig"
        in text
    )
    assert "  Asylverfahren: anhängig" in text
    assert (
        "Die Einstufung wäre „Priorität 1“ (Punktwert 40), wenn das Asylverfahren "
        "abgeschlossen wäre." in text
    )
    assert "Einvernehmen der Staatsanwaltschaft" in text
    assert (
        "Beleg: D2 vom 09.09.2026: Drogenhandel, Ermittlungsverfahren, nicht rechtskräftig – "
        "es gilt die Unschuldsvermutung" in text
    )


# ------------------------------------------------------------------ item 1, one by one


def test_social_shows_both_branches_when_both_hold(default_rules):
    c = case(incidents=[incident("A"), incident("B", severity=3), incident("C")])
    social = next(x for x in explain(c, default_rules, AS_OF).criteria if x.id == "SOCIAL")
    assert [m.fact for m in social.measures] == ["social_incidents", "grave_incidents"]
    assert [e.id for e in social.evidence] == ["A", "B", "C"]


def test_social_through_the_count_only_shows_the_count(default_rules):
    c = case(incidents=[incident("A"), incident("B"), incident("C")])
    social = next(x for x in explain(c, default_rules, AS_OF).criteria if x.id == "SOCIAL")
    assert [m.fact for m in social.measures] == ["social_incidents"]
    assert social.value == 3 and social.threshold == 3


def test_p2_reason_names_the_branch_that_applies(default_rules):
    amit = explain(case(offences=convictions(3), departure_status="pending"), default_rules, AS_OF)
    assert amit.tier == "P2"
    # "nicht vollziehbar" is a ground of P2 itself and keeps it out of P1: said once
    assert amit.tier_reason == (
        "aMIT-Kriterium erfüllt: Mehrfachtäter; Ausreisepflicht nicht vollziehbar; "
        "kein rechtliches Hindernis"
    )
    social = explain(case(incidents=[incident(severity=3)]), default_rules, AS_OF)
    assert social.tier == "P2"
    assert social.tier_reason == (
        "„Erheblich negatives Sozialverhalten“ erfüllt; vollziehbar ausreisepflichtig; "
        "kein rechtliches Hindernis; keines der Kriterien „Schwere Straftat“, „Gewaltdelikt“, "
        "„Mehrfachtäter“ oder „Intensivtäter“ erfüllt, daher nicht „Priorität 1“"
    )


def test_p3_reason_says_why_not_priority_2(default_rules):
    """EX-2: the branch of the tier rule that applies, and what kept it out of P1 and P2."""
    expl = explain(example("EX-2"), default_rules, EX_AS_OF)
    assert expl.tier == "P3"
    assert expl.tier_reason == (
        "„Erheblich negatives Sozialverhalten“ erfüllt; kein rechtliches Hindernis; "
        "Ausreisepflicht nicht vollziehbar und keines der Kriterien „Schwere Straftat“, "
        "„Gewaltdelikt“, „Mehrfachtäter“ oder „Intensivtäter“ erfüllt, daher nicht "
        "„Priorität 1“ oder „Priorität 2“"
    )
    english = explain(example("EX-2"), default_rules, EX_AS_OF, "en").tier_reason
    assert english.endswith("hence not “Priority 1” or “Priority 2”")
    assert "departure obligation not enforceable and none of the criteria" in english


def test_a_legal_obstacle_alone_explains_why_no_priority_tier(default_rules):
    expl = explain(example("EX-3"), default_rules, EX_AS_OF)
    assert expl.tier_reason == (
        "„Schwere Straftat“ erfüllt; rechtliches Hindernis: Asylverfahren anhängig"
    )


@pytest.mark.parametrize("minor", [False, True])
def test_release_alone_is_said_to_make_no_tier(default_rules, minor):
    """Issue #11 QA 1: "kein Kriterium erfüllt" next to "[x] Haftentlassung steht bevor"."""
    c = case(
        departure_status="none",
        birth_date=date(2009, 12, 10) if minor else date(1990, 5, 17),
        in_custody=True,
        release_date=date(2026, 11, 28),
    )
    expl = explain(c, default_rules, AS_OF)
    assert expl.tier == "NONE" and expl.fired_criteria == ["RELEASE_SOON"]
    assert expl.tier_reason == (
        "„Haftentlassung steht bevor“ erfüllt – dieses Kriterium erhöht nur den Punktwert und "
        "macht den Fall allein nicht zu einem priorisierten Fall; keines der Kriterien "
        "„Schwere Straftat“, „Gewaltdelikt“, „Mehrfachtäter“, „Intensivtäter“ oder "
        "„Erheblich negatives Sozialverhalten“ erfüllt"
    )
    text = render_text(expl)
    assert "kein Kriterium" not in text
    assert "[x] Haftentlassung steht bevor: erfüllt (10 Punkte)" in text
    english = explain(c, default_rules, AS_OF, "en").tier_reason
    assert english.startswith("“Release from custody is near” met – this criterion only adds")
    # with nothing met, the catch-all reason stays
    assert explain(case(departure_status="none"), default_rules, AS_OF).tier_reason == (
        "kein Kriterium für eine Priorisierung erfüllt"
    )


def test_no_tier_note_never_contradicts_a_met_criterion(default_rules):
    """Over generated cases: the catch-all reason says "kein Kriterium" only if none is met."""
    from cases.generator import generate_cases

    for c in generate_cases(400, seed=7, as_of=AS_OF):
        expl = explain(c, default_rules, AS_OF)
        if expl.tier == "NONE":
            assert ("kein Kriterium" in expl.tier_reason) == (not expl.fired_criteria)
            for cid in expl.fired_criteria:
                title = next(x.title for x in expl.criteria if x.id == cid)
                assert f"„{title}“ erfüllt" in expl.tier_reason


def test_legal_status_block_states_every_fact(default_rules):
    c = case(
        birth_date=date(2009, 3, 2),
        departure_status="pending",
        asylum_pending=True,
        deportation_ban=True,
        toleration_reason="other",
        travel_document="in_procurement",
        in_custody=True,
        release_date=date(2027, 1, 10),
        offences=convictions(3),
    )
    status = {s.field: s.text for s in explain(c, default_rules, AS_OF).legal_status}
    assert status == {
        "departure_status": "nicht vollziehbar",
        "asylum_pending": "anhängig",
        "deportation_ban": "festgestellt",
        "toleration_reason": "aus sonstigen Gründen",
        "travel_document": "in Beschaffung",
        "custody": "in Haft, voraussichtliche Entlassung am 10.01.2027",
        "age": "17 Jahre – minderjährig, volljährig ab 02.03.2027",
    }
    print_note = note(c, default_rules)
    assert "Rechtsstatus am Stichtag:" in print_note and "wegen sonstige" not in print_note


def test_open_proceedings_as_evidence_say_the_presumption_of_innocence(default_rules):
    c = case(offences=[*convictions(4), offence("E", status="under_investigation")])
    intensive = next(x for x in explain(c, default_rules, AS_OF).criteria if x.id == "INTENSIVE")
    open_ = [e for e in intensive.evidence if e.id == "E"]
    assert open_ and open_[0].not_final
    assert open_[0].text.endswith("nicht rechtskräftig – es gilt die Unschuldsvermutung")


def test_every_record_not_counted_has_its_specific_reason(default_rules):
    c = case(
        offences=[
            offence("D", status="dismissed", sentence=None),
            offence("A", status="acquitted", sentence=None),
            offence("OLD", category="theft", sentence=4, when=months_ago(70)),
            offence("F", when=AS_OF.replace(day=30)),
        ],
        incidents=[incident("MINOR", severity=1), incident("AGED", when=months_ago(13))],
    )
    reasons = {n.record.id: n for n in explain(c, default_rules, AS_OF).not_counted}
    assert reasons["D"].text == "für kein Kriterium berücksichtigt – Verfahren eingestellt"
    assert reasons["A"].text == "für kein Kriterium berücksichtigt – Freispruch"
    assert reasons["F"].reason == "after_as_of"
    old = {tuple(r.criteria): r.text for r in reasons["OLD"].reasons}
    assert old[("REPEAT",)] == "außerhalb des Zeitfensters von 36 Monaten"
    assert old[("INTENSIVE",)] == "außerhalb des Zeitfensters von 12 Monaten"
    assert "Strafe: 4 Monate, Schwelle mindestens 24 Monate" in old[("SERIOUS",)]
    assert (
        "Diebstahl gehört nicht zu den „Deliktskategorien, die als Gewaltdelikte gelten“"
        in (old[("VIOLENT",)])
    )
    assert reasons["MINOR"].reasons[0].text == "Schwere: 1, Schwelle mindestens 2"
    assert reasons["AGED"].reasons[0].text == "außerhalb des Zeitfensters von 12 Monaten"
    assert "außerhalb der Zeitfenster oder unter den Schwellen" not in note(c, default_rules)


def test_a_suspended_sentence_left_out_by_the_parameter_says_so(default_rules):
    rules = with_parameters(default_rules, {"count_suspended_sentences": False}, source="test")
    c = case(offences=[offence("S", category="robbery", sentence=30, suspended=True)])
    expl = explain(c, rules, AS_OF)
    assert expl.tier == "NONE"
    left = next(n for n in expl.not_counted if n.record.id == "S")
    assert left.reason == "parameter"  # REPEAT counts it (one of three)
    serious = next(r for r in left.reasons if "SERIOUS" in r.criteria)
    assert serious.criteria == ["SERIOUS", "VIOLENT"]
    assert serious.line == (
        "für die Kriterien „Schwere Straftat“ und „Gewaltdelikt“ nicht berücksichtigt – "
        "zur Bewährung ausgesetzt; Bewährungsstrafen werden nicht gezählt (Parameter „Zur "
        "Bewährung ausgesetzte Strafen zählen bei den Strafschwellen mit“: nein)"
    )


def test_a_record_counted_elsewhere_is_listed_only_for_the_criterion_the_parameter_left(
    default_rules,
):
    """Issue #11 QA 5: one format per record, naming the criterion; EX-1's T1 counts for REPEAT."""
    rules = with_parameters(default_rules, {"count_suspended_sentences": False}, source="test")
    ex1 = explain(example("EX-1"), rules, EX_AS_OF)
    # T1 (4 months, suspended) counts for Mehrfachtäter; for Schwere Straftat its 4 months
    # decide, not the parameter: it is no "nicht berücksichtigt" record
    assert [n.record.id for n in ex1.not_counted] == ["T4"]
    text = render_text(ex1)
    assert "bei Schwere Straftat" not in text and "Schwere Straftat –" not in text
    c = case(
        offences=[
            *convictions(2),
            offence("S", category="robbery", sentence=30, suspended=True),
        ]
    )
    expl = explain(c, rules, AS_OF)
    assert "REPEAT" in expl.fired_criteria
    (left,) = [n for n in expl.not_counted if n.record.id == "S"]
    assert left.reason == "parameter"
    assert [r.criteria for r in left.reasons] == [["SERIOUS", "VIOLENT"]]
    assert left.text.startswith("für die Kriterien „Schwere Straftat“ und „Gewaltdelikt“ ")
    english = explain(c, rules, AS_OF, "en")
    (left_en,) = [n for n in english.not_counted if n.record.id == "S"]
    assert left_en.text.startswith(
        "not counted for the criteria “Serious offence” and “Violent offence” – sentence suspended"
    )
    assert "suspended sentences are not counted" in left_en.text


def test_open_proceedings_outside_every_window_get_their_reason(default_rules):
    """Issue #11 QA 4 (R-0000251): evidence of the prosecutor action, counted by no criterion."""
    c = case(
        offences=[
            *convictions(3),
            offence("O14", category="fraud", status="under_investigation", when=months_ago(17)),
        ]
    )
    expl = explain(c, default_rules, AS_OF)
    assert any(e.id == "O14" for a in expl.actions for e in a.evidence)
    (left,) = [n for n in expl.not_counted if n.record.id == "O14"]
    lines = [r.line for r in left.reasons]
    assert lines == [
        "für die Kriterien „Schwere Straftat“ und „Mehrfachtäter“ nicht berücksichtigt – "
        "Ermittlungsverfahren, keine rechtskräftige Verurteilung",
        "für das Kriterium „Gewaltdelikt“ nicht berücksichtigt – Ermittlungsverfahren, keine "
        "rechtskräftige Verurteilung; Betrug gehört nicht zu den „Deliktskategorien, die als "
        "Gewaltdelikte gelten“",
        "für das Kriterium „Intensivtäter“ nicht berücksichtigt – außerhalb des Zeitfensters "
        "von 12 Monaten",
    ]


_LINE = re.compile(
    r"^(für das Kriterium „[^“]+“ nicht berücksichtigt – "
    r"|für die Kriterien „[^“]+“(, „[^“]+“)*( und „[^“]+“) nicht berücksichtigt – "
    r"|für kein Kriterium berücksichtigt – )\S"
)


@pytest.mark.slow
def test_every_record_is_evidence_or_has_a_specific_reason(default_rules):
    """Property over generated cases: each record of the case is cited (evidence of a criterion,
    met or counted so far, or of an action) or not counted with its reason, in one format."""
    from cases.generator import generate_cases

    for rules in (
        default_rules,
        with_parameters(default_rules, {"count_suspended_sentences": False}, source="test"),
    ):
        for c in generate_cases(600, seed=7, as_of=AS_OF):
            expl = explain(c, rules, AS_OF)
            counted = {e.id for x in expl.criteria for e in [*x.evidence, *x.counted]}
            cited = counted | {e.id for x in expl.actions for e in x.evidence}
            listed = {n.record.id for n in expl.not_counted}
            records = [*(o.offence_id for o in c.offences), *(i.incident_id for i in c.incidents)]
            for rid in records:
                assert rid in cited or rid in listed, (c.case_id, rid)
            for n in expl.not_counted:
                lines = [r.line for r in n.reasons] or [n.text]
                for line in lines:
                    assert _LINE.match(line), (c.case_id, line)
                    assert "außerhalb der Zeitfenster oder" not in line
                if n.reason in ("dismissed", "acquitted", "after_as_of", "criteria"):
                    assert n.record.id not in counted, (c.case_id, n.record.id)
                else:  # counted for another criterion: every line names its criteria
                    assert n.reasons and all(r.criteria for r in n.reasons)


def test_parameters_with_labels_units_and_values(default_rules):
    lines = {p.name: p for p in explain(case(), default_rules, AS_OF).parameter_lines}
    assert lines["serious_sentence_months"].label == "Mindeststrafe für eine schwere Straftat"
    assert lines["serious_sentence_months"].text == "24 Monate"
    assert lines["release_horizon_days"].text == "90 Tage"
    assert lines["count_suspended_sentences"].text == "ja"
    assert lines["violent_categories"].text.startswith("Tötungsdelikt, Körperverletzung")


def test_release_soon_not_met_outside_custody_says_why(default_rules):
    c = case(in_custody=False, release_date=AS_OF.replace(day=30))
    release = next(x for x in explain(c, default_rules, AS_OF).criteria if x.id == "RELEASE_SOON")
    assert not release.fired and "nicht in Haft" in release.grounds


# ------------------------------------------------------------------ counterfactuals


def test_counterfactuals_are_computed_not_written(default_rules):
    # Enforceability would lift an aMIT case from P2 to P1.
    expl = explain(case(offences=convictions(3), departure_status="pending"), default_rules, AS_OF)
    assert expl.tier == "P2"
    texts = [t.text for t in expl.tier_changes]
    assert (
        "Die Einstufung wäre „Priorität 1“ (Punktwert 25), wenn die Ausreisepflicht vollziehbar "
        "würde." in texts
    )


def test_an_open_proceeding_is_never_imagined_to_end_in_a_conviction(default_rules):
    """Presumption of innocence (DOMAIN.md): of an open proceeding only its dismissal is offered.

    Two convictions and a charged robbery: convicting E would make REPEAT fire, but the record
    itself holds no such claim, and no text imagines a conviction in the proceeding.
    """
    c = case(offences=[*convictions(2), offence("E", status="charged", category="robbery")])
    expl = explain(c, default_rules, AS_OF)
    assert {t.kind for t in expl.tier_changes} <= {
        "status",
        "adult",
        "dismiss",
        "new_conviction",
        "new_incident",
    }
    assert not any(
        t.details.get("offence_id") == "E" for t in expl.tier_changes if t.kind != "dismiss"
    )
    for lang in ("de", "en"):
        text = note(c, default_rules, lang=lang)
        assert "Verurteilung endete" not in text and "Verfahren E (Raub) mit" not in text
        assert "ended in a final conviction" not in text
    # the new conviction is a change of its own ("eine weitere": two are counted already)
    new = next(t for t in expl.tier_changes if t.kind == "new_conviction")
    assert new.to_tier == "P1" and new.details["existing"] == 2
    assert "wenn eine weitere rechtskräftige Verurteilung hinzukäme" in new.text


def test_one_more_only_when_the_case_already_has_one(default_rules):
    """„ein weiterer Vorfall der Schwere 3“ only when one is counted; else „ein Vorfall“."""
    none_yet = explain(case(departure_status="pending"), default_rules, AS_OF)
    texts = " ".join(t.text for t in none_yet.tier_changes)
    assert "wenn ein dokumentierter Vorfall der Schwere 3 hinzukäme" in texts
    assert "weiterer" not in texts and "weitere " not in texts
    english = " ".join(t.text for t in explain(case(), default_rules, AS_OF, "en").tier_changes)
    assert "if there were a documented incident of severity 3" in english
    assert "one more" not in english
    # two serious incidents counted: the third of severity 2 is "ein weiterer"
    two = explain(case(incidents=[incident("A"), incident("B")]), default_rules, AS_OF)
    sev2 = next(t for t in two.tier_changes if t.change == "new_incident:2")
    assert sev2.details["existing"] == 2
    assert "wenn ein weiterer dokumentierter Vorfall der Schwere 2 hinzukäme" in sev2.text
    # an old severity-3 incident outside the window is not counted: no "weiterer"
    old = case(incidents=[incident("OLD", severity=3, when=months_ago(13))])
    grave = next(
        t for t in explain(old, default_rules, AS_OF).tier_changes if t.change == "new_incident:3"
    )
    assert grave.details["existing"] == 0 and "weiterer" not in grave.text
    # one conviction in the window: "eine weitere"; none: "eine rechtskräftige Verurteilung"
    first = explain(case(offences=convictions(2)[:0]), default_rules, AS_OF)
    assert all("weitere" not in t.text for t in first.tier_changes)


def test_dismissal_of_an_open_proceeding_is_offered_when_it_moves_the_tier(default_rules):
    c = case(offences=[*convictions(4), offence("O3", status="charged", category="bodily_harm")])
    expl = explain(c, default_rules, AS_OF)
    assert expl.tier == "P1" and "INTENSIVE" in expl.fired_criteria
    c2 = case(
        departure_status="pending",
        offences=[*convictions(2), *[offence(f"O{i}", status="charged") for i in range(3)]],
    )
    expl2 = explain(c2, default_rules, AS_OF)
    assert expl2.tier == "P2"  # INTENSIVE: 2 convictions + 3 open proceedings
    dismiss = [t for t in expl2.tier_changes if t.kind == "dismiss"]
    assert {t.details["offence_id"] for t in dismiss} == {"O0", "O1", "O2"}
    assert dismiss[0].to_tier == "NONE"
    assert "wenn das Verfahren O0 (Diebstahl) eingestellt würde oder mit Freispruch endete" in (
        dismiss[0].text
    )


def test_coming_of_age_lifts_the_minor_blocker_alone_at_the_same_date(default_rules):
    born = date(AS_OF.year - 17, 1, 15)
    # The convictions are 35 months old: on the 18th birthday they would have left the window.
    old = convictions(3, months_back=35)
    expl = explain(case(birth_date=born, offences=old), default_rules, AS_OF)
    assert expl.tier == "BLOCKED"
    adult = [t for t in expl.tier_changes if t.change == "adult"]
    assert adult and adult[0].to_tier == "P1"
    assert "wenn allein das Hindernis der Minderjährigkeit entfiele – volljährig ab 15.01." in (
        adult[0].text
    )


def test_lifting_a_blocker_never_claims_a_lower_tier(default_rules):
    minor_social = case(birth_date=date(AS_OF.year - 17, 1, 15), incidents=[incident(severity=3)])
    expl = explain(minor_social, default_rules, AS_OF)
    assert expl.tier == "BLOCKED"
    adult = next(t for t in expl.tier_changes if t.change == "adult")
    assert adult.to_tier == "P2"  # never "Kein aMIT-Fall"


# ------------------------------------------------------------------ near misses, language


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
    text = note(example("EX-1"), default_rules, EX_AS_OF, "en")
    assert text.startswith("File note")
    assert "Tier: Priority 1 · score 55" in text and "Violent offence: met (30 points)" in text
    assert "Ausreisepflicht" not in text and "Monate" not in text


@pytest.mark.parametrize(
    "bad",
    [
        "wegen fehlende Reise",
        "wegen sonstige",
        "wegen Gesundheit",
        "Priorität 1, bei",
        "None",
        "True",
        "False",
    ],
)
def test_grammar_of_the_note(default_rules, bad):
    c = case(toleration_reason="health", offences=[*convictions(2), offence("E", status="charged")])
    for tol in ("health", "travel_documents", "other", None):
        text = note(c.model_copy(update={"toleration_reason": tol}), default_rules)
        assert bad not in text
        assert not re.search(r"\([^()\n]*\(", text), "nested parentheses"


def test_short_reason(default_rules):
    """The queue's Kurzbegründung sits beside the tier column: it does not repeat the tier."""
    assert short_reason("P1", ["VIOLENT", "REPEAT"], [], default_rules) == (
        "Gewaltdelikt, Mehrfachtäter"
    )
    assert short_reason("BLOCKED", ["SERIOUS"], ["B_ASYLUM"], default_rules) == (
        "Schwere Straftat – Hindernis: Asylverfahren anhängig"
    )
    assert short_reason("NONE", ["RELEASE_SOON"], [], default_rules) == (
        "Haftentlassung steht bevor – erhöht allein nur den Punktwert"
    )
    assert short_reason("NONE", [], [], default_rules) == "kein Kriterium erfüllt"
    assert short_reason("P2", ["SOCIAL"], [], default_rules, "en") == (
        "Seriously negative social behaviour"
    )


def test_several_criteria_met_are_named_in_one_phrase(default_rules):
    """„A“, „B“ und „C“ erfüllt – not one „… erfüllt“ per criterion (issue #11, German review)."""
    c = case(
        asylum_pending=True,
        offences=convictions(3, category="bodily_harm", sentence=30),
    )
    expl = explain(c, default_rules, AS_OF)
    assert expl.tier == "BLOCKED"
    assert expl.tier_reason == (
        "„Schwere Straftat“, „Gewaltdelikt“ und „Mehrfachtäter“ erfüllt; "
        "rechtliches Hindernis: Asylverfahren anhängig"
    )
    english = explain(c, default_rules, AS_OF, lang="en").tier_reason
    assert english.startswith("“Serious offence”, “Violent offence” and “Repeat offender” met; ")


def test_a_fine_is_called_a_fine_in_the_reason_it_was_not_counted(default_rules):
    c = case(offences=[offence("F", category="theft", sentence=0, when=months_ago(40))])
    (left,) = [n for n in explain(c, default_rules, AS_OF).not_counted if n.record.id == "F"]
    serious = {tuple(r.criteria): r.text for r in left.reasons}[("SERIOUS",)]
    assert serious == "Strafe: Geldstrafe, Schwelle mindestens 24 Monate"


def test_the_longest_sentence_measure_says_keine_or_geldstrafe(default_rules):
    def serious(c):
        criteria = explain(c, default_rules, AS_OF).criteria
        return next(x for x in criteria if x.id == "SERIOUS").measures[0].text

    label = "Höchste Strafe einer Verurteilung in der Rückschau"
    assert serious(case()) == f"{label}: keine, Schwelle mindestens 24 Monate"
    fine = case(offences=[offence("F", sentence=0)])
    assert serious(fine) == f"{label}: Geldstrafe, Schwelle mindestens 24 Monate"


def test_a_measure_on_a_missing_date_names_the_date(default_rules):
    criteria = explain(case(), default_rules, AS_OF).criteria
    release = next(x for x in criteria if x.id == "RELEASE_SOON").measures[0].text
    assert release == (
        "Tage bis zur Haftentlassung: kein Entlassungsdatum erfasst, Schwelle höchstens 90 Tage"
    )


def test_a_release_date_before_the_reference_date_is_said_to_need_checking(default_rules):
    """Issue #11 QA 6: no "-2.525", no day count without unit; the data is to be checked."""
    c = case(in_custody=True, release_date=date(2020, 1, 1), received_on=date(2026, 10, 1))
    expl = explain(c, default_rules, AS_OF)
    status = {s.field: s.text for s in expl.legal_status}
    assert status["custody"] == (
        "in Haft; das angegebene Entlassungsdatum 01.01.2020 liegt vor dem Stichtag – Angabe prüfen"
    )
    release = next(x for x in expl.criteria if x.id == "RELEASE_SOON")
    assert not release.fired and not release.measures[0].met
    assert release.measures[0].text == (
        "Tage bis zur Haftentlassung: keine – das Entlassungsdatum 01.01.2020 liegt vor dem "
        "Stichtag (Angabe prüfen), Schwelle höchstens 90 Tage"
    )
    for lang in ("de", "en"):
        text = note(c, default_rules, lang=lang)
        assert not re.search(r"(?<!\w)-\d", text), "a negative number in the note"
        assert "mindestens 0," not in text and "at least 0," not in text  # a unitless day
    english = note(c, default_rules, lang="en")
    assert "the stated release date" in english and "check the data" in english


@pytest.mark.parametrize(("days", "words"), [(0, "0 Tage"), (1, "1 Tag"), (5, "5 Tage")])
def test_days_until_release_always_have_their_unit(default_rules, days, words):
    from datetime import timedelta

    c = case(in_custody=True, release_date=AS_OF + timedelta(days=days))
    release = next(x for x in explain(c, default_rules, AS_OF).criteria if x.id == "RELEASE_SOON")
    assert release.fired
    assert release.measures[0].text == (
        f"Tage bis zur Haftentlassung: {words}, Schwelle höchstens 90 Tage"
    )


def test_a_past_release_date_is_accepted_on_import(tmp_path):
    """Documented decision (docs/cases.md): stale data, shown for checking, not refused."""
    import json

    from cases.io import load_cases
    from tests.factories import case as make_case

    c = make_case(in_custody=True, release_date=date(2020, 1, 1))
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(c.model_dump(mode="json")) + "\n", encoding="utf-8")
    (loaded,) = load_cases(path, today=AS_OF)
    assert loaded.release_date == date(2020, 1, 1)
