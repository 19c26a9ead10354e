"""Counts read correctly for 1 and for many, in German and in English (issue #11).

Every message with a count is a :class:`texts.forms.Plural` (one count) or is filled with
counted nouns (``count.*``, several counts); none falls back on "Problem(e)" or "case(s)".
"""

from __future__ import annotations

import re

import pytest

from texts import catalogue

#: Messages with one count: key, the other values, and (German, English) for 1 and for 2.
ONE_COUNT: dict[str, tuple[dict[str, object], tuple[str, str], tuple[str, str]]] = {
    "validation.cli.summary": (
        {},
        ("1 Fehler; nichts geschrieben.", "1 error; nothing written."),
        ("2 Fehler; nichts geschrieben.", "2 errors; nothing written."),
    ),
    "validation.summary": (
        {},
        ("1 Problem in der Eingabe", "1 problem in the input"),
        ("2 Probleme in der Eingabe", "2 problems in the input"),
    ),
    "validation.file.more_issues": (
        {"shown": 20},
        ("… und 1 weiteres Problem", "… and 1 more problem "),
        ("… und 2 weitere Probleme", "… and 2 more problems"),
    ),
    "cli.validate.problems": (
        {"cases": "2 Fällen"},
        ("Fehler: 1 Problem in", "error: 1 problem in"),
        ("Fehler: 2 Probleme in", "error: 2 problems in"),
    ),
    "cli.validate.cases": ({}, ("1 Fall", "1 case"), ("2 Fällen", "2 cases")),
    "cli.rank.evaluating": ({}, ("1 Fall bewerten", "1 case …"), ("2 Fälle bewerten", "2 cases")),
    "cli.generate.making": ({}, ("Erzeuge 1 Fall …", "1 case …"), ("Erzeuge 2 Fälle", "2 cases")),
    "cli.simulate.running": ({}, ("1 Fall simulieren", "1 case …"), ("2 Fälle", "2 cases")),
    "cli.simulate.head_day": (
        {"day": "23.11.2026"},
        ("· 1 Fall", "· 1 case"),
        ("· 2 Fälle", "· 2 cases"),
    ),
    "cli.train.data_recorded": (
        {},
        ("1 erfasste Entscheidung aus", "1 recorded decision from"),
        ("2 erfasste Entscheidungen aus", "2 recorded decisions from"),
    ),
    "cli.train.too_few": (
        {"minimum": 200},
        ("(1 entschiedener Fall,", "(1 decided case,"),
        ("(2 entschiedene Fälle,", "(2 decided cases,"),
    ),
    "cli.fairness.empty_cells": (
        {"column": "gruppe", "lines": "4"},
        ("hat 1 leere Zelle (Zeile 4)", "has 1 empty cell (line 4)"),
        ("hat 2 leere Zellen (Zeilen 4)", "has 2 empty cells (lines 4)"),
    ),
    "cli.demo.queue": (
        {"day": "23.11.2026", "label": "L", "shown": 1},
        ("1 offener Fall:", "1 open case:"),
        ("2 offene Fälle, die ersten 1:", "2 open cases, the first 1:"),
    ),
    "cli.demo.database": (
        {"path": "x.db"},
        ("Demo-Benutzer, 1 Fall (falls leer)", "demo users, 1 case (if"),
        ("Demo-Benutzer, 2 Fälle (falls leer)", "demo users, 2 cases (if"),
    ),
    "events.time.release": (
        {"date": "01.12.2026"},
        ("rückt näher (1 Tag)", "is approaching (1 day)"),
        ("rückt näher (2 Tage)", "is approaching (2 days)"),
    ),
    "events.time.record_left": (
        {"record": "Verurteilung D1"},
        ("im Zeitfenster (1 Monat)", "within the window (1 month)"),
        ("im Zeitfenster (2 Monate)", "within the window (2 months)"),
    ),
    "events.error.rejected": ({}, ("(1 Fehler)", "(1 error)"), ("(2 Fehler)", "(2 errors)")),
    "web.changes_intro": (
        {},
        ("(letzter Tag)", "(last day)"),
        ("(letzte 2 Tage)", "(last 2 days)"),
    ),
    "web.approaching_intro": (
        {},
        ("Entlassung innerhalb eines Tages", "release within the next day"),
        ("in den nächsten 2 Tagen", "within the next 2 days"),
    ),
    "web.queue_caption": (
        {"as_of": "23.11.2026"},
        ("23.11.2026: 1 Fall", "23.11.2026: 1 case"),
        ("23.11.2026: 2 Fälle", "23.11.2026: 2 cases"),
    ),
    "web.chain_ok": ({}, ("1 Eintrag geprüft", "1 entry checked"), ("2 Einträge", "2 entries")),
    "retention.audit.ok": ({}, ("1 Eintrag geprüft", "1 entry checked"), ("2 Einträge", "2 entr")),
    "audit.export.table_rows": (
        {"table": "Löschanträge"},
        ("Löschanträge: 1 Eintrag", ": 1 entry"),
        ("Löschanträge: 2 Einträge", ": 2 entries"),
    ),
    "hardening.audit_key_in_chain": (
        {"key_id": "k1", "first": 7, "last": 7},
        ("1 Eintrag mit Schlüssel k1 (#7)", "1 entry with key k1 (#7)"),
        ("2 Einträge mit Schlüssel k1 (#7 bis #7)", "2 entries with key k1 (#7 to #7)"),
    ),
    "authoring.scenario.summary": (
        {"passed": 1, "failed": 0},
        ("1 Szenario: 1 bestanden", "1 scenario: 1 passed"),
        ("2 Szenarien: 1 bestanden", "2 scenarios: 1 passed"),
    ),
    "web.failing_scenarios": (
        {},
        ("1 Testszenario schlägt", "1 test scenario fails"),
        ("2 Testszenarien schlagen", "2 test scenarios fail"),
    ),
    "count.cases": ({}, ("1 Fall", "1 case"), ("2 Fälle", "2 cases")),
    "count.entries": ({}, ("1 Eintrag", "1 entry"), ("2 Einträge", "2 entries")),
    "count.events": ({}, ("1 Ereignis", "1 event"), ("2 Ereignisse", "2 events")),
    "count.tier_changes": ({}, ("1 Stufenwechsel", "1 tier change"), ("2 Stufenwechsel", "es")),
    "count.decisions": ({}, ("1 Entscheidung", "1 decision"), ("2 Entscheidungen", "decisions")),
    "count.first_evaluations": (
        {},
        ("1 Erstbewertung", "1 first evaluation"),
        ("2 Erstbewertungen", "2 first evaluations"),
    ),
    "count.parameters": ({}, ("1 Parameter", "1 parameter"), ("2 Parameter", "2 parameters")),
    "count.criteria": ({}, ("1 Kriterium", "1 criterion"), ("2 Kriterien", "2 criteria")),
    "count.blockers": ({}, ("1 Hindernis", "1 obstacle"), ("2 Hindernisse", "2 obstacles")),
    "count.actions": (
        {},
        ("1 erforderlicher Schritt", "1 required step"),
        ("2 erforderliche Schritte", "2 required steps"),
    ),
    "count.tiers": ({}, ("1 Stufe", "1 tier"), ("2 Stufen", "2 tiers")),
}


@pytest.mark.parametrize("key", list(ONE_COUNT))
@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_count_reads_correctly_for_one_and_for_many(key: str, n: int, lang: str) -> None:
    values, one, many = ONE_COUNT[key]
    said = catalogue.text(key, lang, n=n, **values)
    expected = (one if n == 1 else many)[0 if lang == "de" else 1]
    assert expected in said, said


#: Messages with several counts, each filled with a counted noun: key, values, German, English.
SEVERAL = [
    (
        "console.replay.summary",
        {"events": "count.events", "moved": "count.tier_changes"},
        {"changed": 1, "label": "L", "day": "23.11.2026"},
        ("1 Ereignis, 1 mit Änderung, 1 Stufenwechsel (L", "1 event, 1 with a change, 1 tier"),
        ("2 Ereignisse, 1 mit Änderung, 2 Stufenwechsel", "2 events, 1 with a change, 2 tier "),
    ),
    (
        "cli.decisions.exported",
        {"decisions": "count.decisions", "cases": "count.cases"},
        {"out": "o", "decisions_path": "d", "cases_path": "c"},
        ("1 Entscheidung, 1 Fall → o", "1 decision, 1 case → o"),
        ("2 Entscheidungen, 2 Fälle → o", "2 decisions, 2 cases → o"),
    ),
    (
        "cli.changes.swept",
        {"checked": "count.cases", "first": "count.first_evaluations"},
        {"day": "23.11.2026", "ruleset": "R", "recorded": 0},
        ("1 Fall fällig, 0 mit neuer Bewertung festgehalten, 1 Erstbewertung", "1 case due"),
        ("2 Fälle fällig, 0 mit neuer Bewertung festgehalten, 2 Erstbewertungen", "2 cases due"),
    ),
    (
        "retention.erase.done",
        {"tombstones": "count.entries", "redacted": "count.entries"},
        {"seq": 9, "rows": "cases 1"},
        ("1 Eintrag als Grabstein, 1 Eintrag geschwärzt", "1 entry tombstoned, 1 entry red"),
        ("2 Einträge als Grabstein, 2 Einträge geschwärzt", "2 entries tombstoned, 2 entries"),
    ),
    (
        "retention.apply.audit",
        {"tombstones": "count.entries", "redacted": "count.entries"},
        {"seqs": "9"},
        ("1 Eintrag als Grabstein, 1 Eintrag geschwärzt", "1 entry tombstoned, 1 entry red"),
        ("2 Einträge als Grabstein, 2 Einträge geschwärzt", "2 entries tombstoned, 2 entries"),
    ),
    (
        "web.chain_erased",
        {"tombstones": "count.entries", "redacted": "count.entries"},
        {},
        ("1 Eintrag als Grabstein (Inhalt", "1 entry tombstoned (content"),
        ("2 Einträge als Grabstein (Inhalt", "2 entries tombstoned (content"),
    ),
    (
        "rulecheck.show.cli_ok",
        {
            "parameters": "count.parameters",
            "criteria": "count.criteria",
            "blockers": "count.blockers",
            "actions": "count.actions",
            "tiers": "count.tiers",
        },
        {"label": "L"},
        (
            "1 Parameter, 1 Kriterium, 1 Hindernis, 1 erforderlicher Schritt, 1 Stufe",
            "1 parameter, 1 criterion, 1 obstacle, 1 required step, 1 tier",
        ),
        (
            "2 Parameter, 2 Kriterien, 2 Hindernisse, 2 erforderliche Schritte, 2 Stufen",
            "2 parameters, 2 criteria, 2 obstacles, 2 required steps, 2 tiers",
        ),
    ),
]


@pytest.mark.parametrize(("key", "counts", "values", "one", "many"), SEVERAL)
@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_several_counts_read_correctly_for_one_and_for_many(
    key: str,
    counts: dict[str, str],
    values: dict[str, object],
    one: tuple[str, str],
    many: tuple[str, str],
    n: int,
    lang: str,
) -> None:
    phrases = {name: catalogue.plural(noun, n, lang) for name, noun in counts.items()}
    said = catalogue.text(key, lang, **phrases, **values)
    expected = (one if n == 1 else many)[0 if lang == "de" else 1]
    assert expected in said, said


#: "Problem(e)", "case(s)", "Zeile(n)", "Fall/Fälle": a count the text does not agree with.
HACK = re.compile(r"\w\((?:e|s|n|en|er|es)\)|\b(?:Fall/Fälle|case/cases)\b", re.IGNORECASE)


def test_no_message_hedges_its_plural() -> None:
    hedged = [
        f"{key}: {said!r}"
        for key, *texts in catalogue.entries()
        for said in texts
        if HACK.search(said)
    ]
    assert not hedged, hedged


@pytest.mark.parametrize("said", ["3 Problem(e) in 2 Fälle", "2 case(s)", "1 Zeile(n)"])
def test_the_check_finds_a_hedged_plural(said: str) -> None:
    assert HACK.search(said)
