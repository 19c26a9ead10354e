"""The DMN 1.3 export, read by a real DMN toolkit and evaluated by a real FEEL interpreter.

``tests/rules/dmn_eval.mjs`` reads the exported file with dmn-moddle (any warning fails) and
evaluates every decision with feelin (any FEEL warning fails: nothing may be silently read as
null), the tier table by its FIRST hit policy. The outcomes must be the product's, case by case:
the worked examples and the shipped scenarios, and generated cases with dates on the window
boundaries, at a reference date in mid-month and on a month's last day (calendar months).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cases.generator import GeneratorConfig, generate_cases
from cases.model import Case
from rules import RuleSet, load_ruleset, parse_ruleset, shipped_rulesets
from rules.dmn import DMN, MAX_TIER_ROWS, export_dmn
from rules.interpreter import evaluate_case
from rules.parameters import with_parameters
from rules.scenarios import load_scenarios, scenarios_path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "rules" / "dmn_eval.mjs"
NODE = shutil.which("node")
SHIPPED = scenarios_path(shipped_rulesets()["amit-nrw-default"])
NS = {"dmn": DMN}


def _node_ready() -> str | None:
    if NODE is None:
        return "node is not installed (Node.js >= 20 runs the DMN toolkit of the tests)"
    for package in ("dmn-moddle", "feelin"):
        if not (ROOT / "node_modules" / package).is_dir():
            return f"node_modules/{package} is missing: run `make node-deps`"
    return None


needs_node = pytest.mark.skipif(_node_ready() is not None, reason=_node_ready() or "")


def feelin(xml: str, inputs: list[tuple[Case, date]], tmp_path: Path) -> list[dict[str, Any]]:
    """Every decision of the model for every (case, as_of), evaluated by feelin."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    model = tmp_path / "model.dmn"
    model.write_text(xml, encoding="utf-8")
    data = tmp_path / "inputs.json"
    payload = [{"case": c.model_dump(mode="json"), "as_of": d.isoformat()} for c, d in inputs]
    data.write_text(json.dumps(payload), encoding="utf-8")
    done = subprocess.run(
        [NODE or "node", str(SCRIPT), str(model), str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.stdout, done.stderr
    report = json.loads(done.stdout)
    assert report["warnings"] == [], "dmn-moddle warnings: " + "\n".join(report["warnings"])
    problems = [w for r in report["results"] for w in r["feel_warnings"]]
    assert problems == [], "FEEL warnings:\n" + "\n".join(problems[:20])
    assert done.returncode == 0, done.stderr
    return [result["decisions"] for result in report["results"]]


def assert_same_outcomes(ruleset: RuleSet, inputs: list[tuple[Case, date]], tmp_path: Path) -> None:
    exported = export_dmn(ruleset)
    evaluated = feelin(exported.xml, inputs, tmp_path)
    mismatches = []
    for (case, as_of), decisions in zip(inputs, evaluated, strict=True):
        product = evaluate_case(case, ruleset, as_of)
        ours = {
            "tier": product.tier,
            "score": product.score,
            "criteria": product.criteria,
            "blockers": product.blockers,
            "actions": product.actions,
        }
        theirs = {key: decisions[key] for key in ours}
        facts = {name: product.facts[name] for name in ruleset.facts if name in exported.decisions}
        their_facts = {name: decisions[name] for name in facts}
        if ours != theirs or facts != their_facts:
            mismatches.append((case.case_id, as_of, ours, theirs, facts, their_facts))
    assert not mismatches, mismatches[:3]


def generated(n: int, seed: int, as_of: date) -> list[tuple[Case, date]]:
    config = GeneratorConfig(boundary_share=0.3, minor_share=0.1, custody_share=0.2)
    return [(case, as_of) for case in generate_cases(n, seed, as_of, config)]


@needs_node
def test_the_worked_examples_and_shipped_scenarios_come_out_as_in_the_product(tmp_path) -> None:
    ruleset = load_ruleset("amit-nrw-default")
    suite = load_scenarios(SHIPPED)
    plain = [(s.case, s.as_of) for s in suite.scenarios if not s.parameters]
    assert {c.case_id for c, _ in plain} >= {"EX-1", "EX-2", "EX-3"}
    exported = export_dmn(ruleset)
    evaluated = dict(
        zip([c.case_id for c, _ in plain], feelin(exported.xml, plain, tmp_path), strict=True)
    )
    # SPEC §4, literally.
    assert {k: (evaluated[k]["tier"], evaluated[k]["score"]) for k in ("EX-1", "EX-2", "EX-3")} == {
        "EX-1": ("P1", 55),
        "EX-2": ("P3", 15),
        "EX-3": ("BLOCKED", 40),
    }
    assert evaluated["EX-1"]["criteria"] == ["VIOLENT", "REPEAT"]
    assert evaluated["EX-3"]["actions"] == ["A_DOCUMENTS", "A_PROSECUTOR"]
    assert_same_outcomes(ruleset, plain, tmp_path)


@needs_node
@pytest.mark.slow
def test_generated_cases_on_window_boundaries_agree(tmp_path) -> None:
    ruleset = load_ruleset("amit-nrw-default")
    inputs = generated(60, 11, date(2026, 11, 23)) + generated(40, 12, date(2026, 3, 31))
    assert_same_outcomes(ruleset, inputs, tmp_path)


@needs_node
@pytest.mark.slow
def test_changed_parameters_and_a_new_criterion_agree(tmp_path) -> None:
    base = load_ruleset("amit-nrw-default")
    changed = with_parameters(
        base,
        {
            "count_suspended_sentences": False,
            "repeat_min_convictions": 2,
            "violent_categories": ["bodily_harm", "drug_trafficking", "weapons"],
        },
    )
    document = copy.deepcopy(base.document)
    document["facts"]["weapons_convictions"] = {
        "description": {"de": "Waffendelikte", "en": "weapons"},
        "over": "offences",
        "aggregate": "count",
        "where": {
            "all": [
                {"field": "status", "ne": "dismissed"},
                {"field": "category", "not_in": ["homicide", "theft"]},
                {"field": "date", "within_months": 24},
            ]
        },
    }
    document["criteria"].append(
        {
            "id": "WEAPONS",
            "title": {"de": "Waffen", "en": "Weapons"},
            "points": 5,
            "when": {"fact": "weapons_convictions", "ge": 2},
        }
    )
    document["tiers"][2]["when"] = {
        "all": [
            {"not": {"blocker": "B_MINOR"}},
            {"any": [{"criterion": "SOCIAL"}, {"criterion": "WEAPONS"}]},
        ]
    }
    extended = parse_ruleset(document)
    inputs = generated(40, 13, date(2026, 11, 23))
    assert_same_outcomes(changed, inputs, tmp_path / "a")
    assert_same_outcomes(extended, inputs, tmp_path / "b")


def test_the_tiers_are_one_first_hit_table_in_tier_order() -> None:
    ruleset = load_ruleset("amit-nrw-default")
    root = ET.fromstring(export_dmn(ruleset).xml.split("\n", 1)[1])
    assert root.tag == f"{{{DMN}}}definitions"
    tables = root.findall(".//dmn:decisionTable", NS)
    assert len(tables) == 1 and tables[0].get("hitPolicy") == "FIRST"
    outputs = [
        r.find("dmn:outputEntry/dmn:text", NS).text for r in tables[0].findall("dmn:rule", NS)
    ]
    order = [json.loads(o) for o in dict.fromkeys(outputs)]
    assert order == list(ruleset.tier_ids)
    last = tables[0].findall("dmn:rule", NS)[-1]
    assert {e.find("dmn:text", NS).text for e in last.findall("dmn:inputEntry", NS)} == {"-"}
    criteria = [d.get("name") for d in root.findall("dmn:decision", NS)]
    assert {rule.id for rule in ruleset.criteria} <= set(criteria)


def test_what_dmn_cannot_express_is_listed() -> None:
    exported = export_dmn(load_ruleset("amit-nrw-default"))
    listed = [str(item) for item in exported.not_expressed]
    assert any(item.startswith("Reihenfolge der Fallliste") for item in listed)
    assert any("latest_event" in item for item in listed)
    assert "Nicht in DMN ausgedrückt" in exported.xml
    (model,) = [item for item in listed if item.startswith("Das optionale Punktemodell")]
    assert "Vorfälle der Schwere 3 im Zeitfenster" in model  # the inputs by their titles
    assert "grave_incidents" not in model


@needs_node
def test_a_tier_too_large_for_a_table_is_still_exact(tmp_path) -> None:
    base = load_ruleset("amit-nrw-default")
    document = copy.deepcopy(base.document)
    pairs = [
        {"any": [{"criterion": a}, {"criterion": b}]}
        for a, b in [("SERIOUS", "VIOLENT"), ("REPEAT", "INTENSIVE"), ("SOCIAL", "RELEASE_SOON")]
        * 3
    ]
    document["tiers"][1]["when"] = {"all": pairs[:7]}  # 2**7 = 128 conjunctions
    wide = parse_ruleset(document)
    exported = export_dmn(wide)
    assert MAX_TIER_ROWS < 2**7
    assert any("Entscheidungstabelle" in str(item) for item in exported.not_expressed)
    assert "<decisionTable" not in exported.xml
    if _node_ready() is None:
        assert_same_outcomes(wide, generated(25, 14, date(2026, 11, 23)), tmp_path)
