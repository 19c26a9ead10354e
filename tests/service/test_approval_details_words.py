"""An approval's audit entry names its suites of test scenarios in words, not as codes.

The entry stores each suite by its key (``amit-nrw-default v1 (in_force)``, ``… (own)``: the
scenarios of the version in force and the draft's own); the audit page and the printed access
document show „Szenarien von amit-nrw-default v1 (in Kraft)“ and „Eigene Szenarien von …“.
The scenarios themselves are named by their ``name`` in the scenario file, which is already the
sentence their authors wrote (the files have no separate title), and are shown as written.
"""

from __future__ import annotations

import pytest

from service.audit import wording
from service.rulesets.authoring import SuiteRun

IN_FORCE = SuiteRun("amit-nrw-default v1", "in_force", None).key
OWN = SuiteRun("amit-nrw-default v2", "own", None).key
SCENARIO = "Mehrfachtäter mit vollziehbarer Ausreisepflicht"
DETAILS = {
    "scenarios": {IN_FORCE: {"n": 20, "failed": 1, "coverage_complete": True}, OWN: None},
    "failing_scenarios": [SCENARIO, OWN],
}


@pytest.mark.parametrize(
    ("lang", "suites", "failing"),
    [
        (
            "de",
            [
                "Szenarien von amit-nrw-default v1 (in Kraft): Anzahl: 20 Nicht erfüllt: 1 "
                "Alle Regeln abgedeckt: ja",
                "Eigene Szenarien von amit-nrw-default v2: –",
            ],
            [SCENARIO, "Eigene Szenarien von amit-nrw-default v2"],
        ),
        (
            "en",
            [
                "Scenarios of amit-nrw-default v1 (in force): Number: 20 Failed: 1 "
                "Every rule covered: yes",
                "Own scenarios of amit-nrw-default v2: –",
            ],
            [SCENARIO, "Own scenarios of amit-nrw-default v2"],
        ),
    ],
)
def test_the_suites_of_an_approval_read_as_words(
    lang: str, suites: list[str], failing: list[str]
) -> None:
    shown = {d.key: d.value for d in wording.details(DETAILS, lang)}
    assert [s.text for s in shown["scenarios"]] == suites
    assert [s.text for s in shown["failing_scenarios"]] == failing
    assert not any(s.code for values in shown.values() for s in values)
    every = " ".join(s.text for values in shown.values() for s in values)
    assert "in_force" not in every and "(own)" not in every


def test_only_the_scenario_details_read_a_suite_key() -> None:
    shown = {d.key: d.value for d in wording.details({"reason": OWN}, "de")}
    assert [s.text for s in shown["reason"]] == [OWN]
