"""The ``model:`` section: the points model's inputs and simulated caseworker, checked at load."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rules import load_ruleset, parse_ruleset
from rules.errors import RuleSetError


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return load_ruleset().document


def _issues(doc: dict[str, Any]) -> list[str]:
    """Each issue as ``key: code suggestion`` (what it is, not its words)."""
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset(doc)
    return [f"{i.key}: {i.code} {i.suggestion}" for i in caught.value.issues]


def test_the_shipped_rule_set_declares_the_models_inputs(document) -> None:
    ruleset = load_ruleset()
    kinds = {f.kind for f in ruleset.model.features}
    assert kinds == {"fact", "criterion", "blocker", "field"}
    levels = next(f for f in ruleset.model.features if f.levels)
    assert dict(levels.levels)["enforceable"] == 2
    assert ruleset.model.simulation is not None and ruleset.model.simulation["terms"]
    assert dict(ruleset.model.excluded)


def test_a_dangling_or_wrong_declaration_is_a_named_issue(document) -> None:
    doc = copy.deepcopy(document)
    features = doc["model"]["features"]
    features[0]["fact"] = "serious_convction"
    features[1]["monotone"] = 2
    features[2]["cuts"] = [{"param": "no_such_parameter"}]
    features[8].pop("levels")
    doc["model"]["simulation"]["terms"][0]["feature"] = "age"
    text = "\n".join(_issues(doc))
    assert "model.features[0].fact: rulecheck.unknown.fact serious_convictions" in text
    assert "model.features[1].monotone: rulecheck.monotone" in text
    assert "model.features[2].cuts[0]: rulecheck.unknown.parameter" in text
    assert "model.features[8].levels: rulecheck.feature_levels" in text
    assert "model.simulation.terms[0]: rulecheck.unknown.feature" in text


def test_the_model_section_is_optional(document) -> None:
    doc = copy.deepcopy(document)
    del doc["model"]
    assert parse_ruleset(doc).model.features == ()
