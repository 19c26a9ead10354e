"""Each trap of durable_rules 2.0.28, shown on the library itself and handled by the adapter.

The ``test_library_*`` tests pin the library's behaviour (so an upgrade that changes it is
noticed); the ``test_adapter_*`` tests prove the adapter handles it. Raw library calls hold
:data:`rules.durable_adapter.ENGINE_LOCK` like everything else that touches the C engine.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import durable_rules_engine
import pytest
from durable import engine as durable_engine

from cases.generator import generate_cases
from rules import load_ruleset
from rules.durable import DurableEngine
from rules.durable_adapter import (
    ENGINE_LOCK,
    DurableActionError,
    DurableAdapter,
    DurableError,
    check_fact,
)
from rules.durable_compiler import DurableTypeError
from rules.interpreter import evaluate_case

_names = itertools.count()


def fresh(prefix: str) -> str:
    return f"test-{prefix}-{next(_names)}"


def rule(expr: dict[str, Any]) -> dict[str, Any]:
    return {"all": [{"m": expr}]}


class _QuietHost(durable_engine.Host):
    """durable's own host without its timer threads (they would call the engine unlocked)."""

    def _run(self) -> None:
        return None


@pytest.fixture
def host() -> Iterator[_QuietHost]:
    with ENGINE_LOCK:
        yield _QuietHost()


def isolated(script: str, rulesets: dict[str, Any], *, crash: bool = False) -> str:
    """Run ``script`` against durable's own host in a fresh interpreter; its stdout.

    Some traps leave the C engine unusable (``MemoryError``) or end the process (a segfault):
    they are shown in a child process so the test run itself stays healthy.
    """
    prelude = f"""
        import json
        from durable import engine
        from durable.engine import MessageNotHandledException

        class Host(engine.Host):
            def _run(self):
                return None

        host = Host()
        definitions = json.loads({json.dumps(json.dumps(rulesets))})
        for body in definitions.values():
            for rule in body.values():
                rule["run"] = lambda c: None
        host.set_rulesets(definitions)
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(prelude) + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if crash:
        assert result.returncode < 0, "expected the process to be killed by a signal"
    else:
        assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def adapter() -> DurableAdapter:
    return DurableAdapter()


# --- 1. not thread-safe: serialize every call -----------------------------------------------


def test_adapter_scores_from_8_threads_at_once_and_gets_correct_results() -> None:
    as_of = date(2026, 11, 23)
    ruleset = load_ruleset()
    cases = generate_cases(800, seed=11, as_of=as_of)
    expected = {c.case_id: evaluate_case(c, ruleset, as_of).summary() for c in cases}
    engine = DurableEngine(ruleset)
    got: dict[str, dict[str, Any]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(part: int) -> None:
        try:
            start.wait()
            for case in cases[part::8]:
                got[case.case_id] = engine.evaluate_case(case, as_of).summary()
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert got == expected


def test_adapter_holds_the_engine_lock_for_a_whole_session(adapter: DurableAdapter) -> None:
    name = fresh("lock")
    adapter.register(name, {"r": rule({"x": 1})})
    seen: list[bool] = []
    with adapter.session(name) as session:
        probe = threading.Thread(target=lambda: seen.append(ENGINE_LOCK.acquire(timeout=0.05)))
        probe.start()
        probe.join()
        session.assert_fact({"x": 1})
    assert seen == [False]  # another thread could not enter while the session was open


# --- 2. more than 1,024 live sessions raise MemoryError: delete state after each case --------


def test_library_raises_memory_error_after_1024_live_sessions() -> None:
    out = isolated(
        """
        live = 0
        try:
            for sid in range(1100):
                host.assert_fact("r", {"sid": str(sid), "x": 1})
                live += 1
        except MemoryError:
            print("MemoryError after", live)
    """,
        {"r": {"a": rule({"x": 1})}},
    )
    assert out.strip() == "MemoryError after 1024"


def test_adapter_scores_10000_cases_through_one_ruleset(adapter: DurableAdapter) -> None:
    name = fresh("many")
    adapter.register(name, {"big": rule({"$gte": {"x": 5}}), "small": rule({"$lt": {"x": 5}})})
    for i in range(10_000):
        with adapter.session(name) as session:
            assert session.assert_fact({"x": i % 10}) == (["big"] if i % 10 >= 5 else ["small"])


def test_adapter_deletes_the_session_also_when_a_case_fails(adapter: DurableAdapter) -> None:
    name = fresh("failing")

    def boom(frames: list[dict[str, Any]]) -> None:
        raise ValueError("kaputt")

    adapter.register(name, {"r": rule({"x": 1})}, actions={"r": boom})
    for _ in range(1_100):  # more than 1,024: a leaked session per failure would show
        with pytest.raises(DurableActionError), adapter.session(name) as session:
            session.assert_fact({"x": 1})


# --- 3. strings compare as numbers: validate types before asserting -------------------------


def test_library_compares_strings_and_booleans_as_numbers(host: _QuietHost) -> None:
    name = fresh("types")
    fired: list[str] = []

    def note(rule_name: str) -> Any:
        def run(c: Any) -> None:
            fired.append(rule_name)

        return run

    host.set_rulesets(
        {
            name: {
                "lt9": {**rule({"$lt": {"s": 9}}), "run": note("lt9")},
                "eq1": {**rule({"s": "1"}), "run": note("eq1")},
            }
        }
    )
    host.assert_fact(name, {"sid": "a", "s": "10"})  # the string "10" is less than 9
    host.assert_fact(name, {"sid": "b", "s": 1})  # the number 1 equals the string "1"
    assert fired == ["lt9", "lt9", "eq1"]


@pytest.mark.parametrize(
    "value", ["10", "enforceable", True, None, float("nan"), float("inf"), [1], {"a": 1}]
)
def test_adapter_refuses_anything_but_finite_numbers(adapter: DurableAdapter, value: Any) -> None:
    name = fresh("refuse")
    adapter.register(name, {"r": rule({"x": 1})})
    with pytest.raises(DurableTypeError, match="'x'"), adapter.session(name) as session:
        session.assert_fact({"x": value})


def test_adapter_refuses_property_names_durable_would_read_as_paths() -> None:
    for key in ("a.b", "$s", ""):
        with pytest.raises(DurableTypeError, match="property name"):
            check_fact({key: 1})


def test_engine_refuses_a_case_with_a_value_outside_its_vocabulary() -> None:
    from cases.model import Case
    from tests.factories import AS_OF, case

    broken = Case.model_construct(**{**dict(case()), "departure_status": "ENFORCEABLE"})
    with pytest.raises(DurableTypeError, match="departure_status"):
        DurableEngine(load_ruleset()).evaluate_case(broken, AS_OF)


def test_numbers_compare_exactly_across_int_and_float(adapter: DurableAdapter) -> None:
    name = fresh("floats")
    adapter.register(
        name,
        {
            "ge24": rule({"$gte": {"x": 24}}),
            "lt24": rule({"$lt": {"x": 24}}),
            "ge12_5": rule({"$gte": {"x": 12.5}}),
        },
    )
    for value, expected in [
        (24, {"ge24", "ge12_5"}),
        (24.0, {"ge24", "ge12_5"}),
        (23.999, {"lt24", "ge12_5"}),
        (12.5, {"lt24", "ge12_5"}),
        (12, {"lt24"}),
        (-3, {"lt24"}),
    ]:
        with adapter.session(name) as session:
            assert set(session.assert_fact({"x": value})) == expected, value


# --- 4. an event fires only one rule: assert facts -------------------------------------------


def test_library_event_fires_only_one_of_two_matching_rules(host: _QuietHost) -> None:
    name = fresh("event")
    fired: list[str] = []
    host.set_rulesets(
        {
            name: {
                "a": {**rule({"x": 1}), "run": lambda c: fired.append("a")},
                "b": {**rule({"$gte": {"x": 1}}), "run": lambda c: fired.append("b")},
            }
        }
    )
    host.post(name, {"sid": "e", "x": 1})
    assert len(fired) == 1
    fired.clear()
    host.assert_fact(name, {"sid": "f", "x": 1})
    assert sorted(fired) == ["a", "b"]


def test_adapter_sees_every_matching_rule_once(adapter: DurableAdapter) -> None:
    name = fresh("all")
    adapter.register(
        name,
        {
            "a": rule({"x": 1}),
            "b": rule({"$gte": {"x": 1}}),
            # durable expands $or into one match per true disjunct; the rule still counts once
            "c": rule({"$or": [{"x": 1}, {"y": 1}, {"$gte": {"x": 0}}]}),
            "d": rule({"x": 2}),
        },
    )
    with adapter.session(name) as session:
        fired = session.assert_fact({"x": 1, "y": 1})
    assert sorted(fired) == ["a", "b", "c"]


def test_engine_reports_every_criterion_of_a_case_that_meets_them_all() -> None:
    from tests.factories import AS_OF, case, incident, offence

    heavy = case(
        offences=[offence(f"O{i}", category="robbery", sentence=30) for i in range(5)],
        incidents=[incident("I1", severity=3)],
        in_custody=True,
        release_date=date(2026, 12, 1),
        travel_document="none",
    )
    result = DurableEngine(load_ruleset()).evaluate_case(heavy, AS_OF)
    assert result.criteria == [
        "SERIOUS",
        "VIOLENT",
        "REPEAT",
        "INTENSIVE",
        "SOCIAL",
        "RELEASE_SOON",
    ]
    assert result.actions == ["A_DOCUMENTS", "A_CUSTODY"]
    assert (result.tier, result.score) == ("P1", 140)


# --- 5. nothing matching raises MessageNotHandledException: not an error for us --------------


def test_library_raises_when_nothing_matches_and_may_leave_no_session() -> None:
    out = isolated(
        """
        try:
            host.assert_fact("r", {"sid": "n", "x": 2})
        except MessageNotHandledException:
            print("not handled", flush=True)
        host.delete_state("r", "n")  # the session does not exist: this crashes
        print("survived")
    """,
        {"r": {"a": rule({"x": 1})}},
        crash=True,
    )
    assert out.strip() == "not handled"


def test_library_keeps_sessions_of_facts_nothing_matched() -> None:
    out = isolated(
        """
        try:
            for sid in range(1100):
                try:
                    host.assert_fact("r", {"sid": str(sid), "stage": 1})
                except MessageNotHandledException:
                    pass
        except MemoryError:
            print("MemoryError at", sid)
    """,
        {"r": {"a": rule({"$and": [{"stage": 0}, {"x": 1}]})}},
    )
    assert out.strip() == "MemoryError at 1024"


def test_adapter_answers_no_rule_fired(adapter: DurableAdapter) -> None:
    name = fresh("none")
    adapter.register(name, {"r": rule({"x": 1})})
    with adapter.session(name) as session:
        assert session.assert_fact({"x": 2}) == []
        assert session.assert_fact({"x": 1}) == ["r"]  # the session still works
    for _ in range(1_100):  # no leaked and no missing session when nothing ever matches
        with adapter.session(name) as session:
            assert session.assert_fact({"x": 2}) == []


# --- 6. an exception inside an action is swallowed into state: surface it --------------------


def test_library_swallows_an_exception_of_an_action_into_the_state(host: _QuietHost) -> None:
    name = fresh("swallow")

    def boom(c: Any) -> None:
        raise ValueError("kaputt")

    host.set_rulesets({name: {"r": {**rule({"x": 1}), "run": boom}}})
    state = host.assert_fact(name, {"sid": "s", "x": 1})  # returns normally
    assert "kaputt" in state["exception"]
    host.delete_state(name, "s")


def test_adapter_raises_an_exception_of_an_action(adapter: DurableAdapter) -> None:
    name = fresh("raise")

    def boom(frames: list[dict[str, Any]]) -> None:
        assert frames[0]["m"]["x"] == 1  # the action sees the matched fact
        raise ValueError("kaputt")

    adapter.register(name, {"r": rule({"x": 1}), "q": rule({"x": 2})}, actions={"r": boom})
    with (
        pytest.raises(DurableActionError, match="kaputt") as caught,
        adapter.session(name) as session,
    ):
        session.assert_fact({"x": 1})
    assert caught.value.rule == "r" and isinstance(caught.value.__cause__, ValueError)
    with adapter.session(name) as session:  # the engine is usable afterwards
        assert session.assert_fact({"x": 2}) == ["q"]


# --- registration ---------------------------------------------------------------------------


def test_a_name_stands_for_one_definition(adapter: DurableAdapter) -> None:
    name = fresh("register")
    adapter.register(name, {"r": rule({"x": 1})})
    adapter.register(name, json.loads(json.dumps({"r": rule({"x": 1})})))  # same: no-op
    with pytest.raises(DurableError, match="another definition"):
        adapter.register(name, {"r": rule({"x": 2})})


def test_durable_refusing_a_definition_is_a_clear_error(adapter: DurableAdapter) -> None:
    with pytest.raises(DurableError, match="refused"):
        adapter.register(fresh("bad"), {"r": {"all": [{"m": {"$nonsense": {"x": 1}}}]}})


def test_the_c_engine_is_the_one_pinned() -> None:
    import importlib.metadata

    assert importlib.metadata.version("durable_rules") == "2.0.28"
    assert hasattr(durable_rules_engine, "start_action_for_state")
