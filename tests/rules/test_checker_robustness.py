"""A rule set file is untrusted input: whatever it holds, the checker answers with named issues.

Hypothesis replaces parts of the shipped rule set -- any value, at any depth, and dictionary
keys -- with junk (lists and mappings where a name belongs, numbers where a list belongs, keys
that are not strings). :func:`rules.parse_ruleset` either builds a rule set or raises
:class:`rules.RuleSetError` with issues that name file and key; any other exception is a bug
(``triage rules check`` would print a traceback instead of exit 1).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import RuleSetError, parse_ruleset
from rules.loading import shipped_rulesets

DOC = yaml.safe_load(shipped_rulesets()["amit-nrw-default"].read_text(encoding="utf-8"))
_KEYS = ["when", "all", "any", "not", "flag", "criterion", "blocker", "fact", "field", "param"]
_KEYS += ["eq", "ge", "in", "id", "over", "where", "max_of", "within_months", "priority"]
_ATOMS = [None, True, 3, -1, 2.5, float("nan"), "", "x", "P1", "aMIT", "SERIOUS", "any", "date"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


PATHS = list(_paths(DOC))[1:]
junk = st.recursive(
    st.sampled_from(_ATOMS),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*_KEYS, "zz"]), inner, max_size=3)
    ),
    max_leaves=6,
)
renamed_key = st.sampled_from([1, None, True, 2.5, "", "P1", "aMIT"])


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    values=st.lists(st.tuples(st.sampled_from(PATHS), junk), min_size=1, max_size=5),
    keys=st.lists(st.tuples(st.sampled_from(PATHS), renamed_key), max_size=2),
)
def test_any_junk_is_refused_with_named_issues(values: list[Any], keys: list[Any]) -> None:
    doc = copy.deepcopy(DOC)
    for path, value in values:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # the place may be gone
            _parent(doc, path)[path[-1]] = value
    for path, key in keys:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            parent = _parent(doc, path)
            if isinstance(parent, dict) and path[-1] in parent:
                parent[key] = parent.pop(path[-1])
    try:
        parse_ruleset(doc, source="junk.yaml")
    except RuleSetError as error:
        assert error.issues
        for issue in error.issues:
            assert issue.source == "junk.yaml" and isinstance(issue.key, str) and str(issue)
            for lang in ("de", "en"):  # every issue has words in both languages
                said = issue.text(lang)
                assert "[rulecheck." not in said and "\x02" not in said, said


def _with_evidence(value: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """Every place in the shipped rule set that holds an evidence list, set to *value*."""
    return [(path, value) for path in PATHS if path and path[-1] == "evidence"]


def test_evidence_that_is_not_a_list_is_an_issue_not_a_crash() -> None:
    """Found by CI: ``evidence: true`` made ``tuple(True)`` raise TypeError in the checker."""
    places = _with_evidence(True)
    assert places, "the shipped rule set names evidence somewhere"
    for path, value in places:
        doc = copy.deepcopy(DOC)
        _parent(doc, path)[path[-1]] = value
        try:
            parse_ruleset(doc, source="junk.yaml")
        except RuleSetError as error:
            keys = [issue.key for issue in error.issues]
            assert any(key.endswith("evidence") for key in keys), keys
        else:
            raise AssertionError(f"evidence: true at {path} was accepted")
