"""Every API error ``detail`` is said in one language, the reader's (issue 11, item 3).

The reader's language is ``?lang=`` if given, else the first of German and English in
``Accept-Language`` (quality values honoured), else German (``service/language.py``). Each
answer below is asked four ways and must say its catalogue text in that language only:
never the other language's text, never a "Deutsch / English" pair.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from cases.validation import issue_text
from policy import workflow
from service.language import accepted_lang
from tests.service.conftest import EXAMPLES, Env
from tests.service.test_health import database_unreachable
from texts import catalogue, text

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"
NDJSON = {"Content-Type": "application/x-ndjson"}
UNKNOWN_REQUEST = "0" * 8 + "-0000-0000-0000-" + "0" * 12

#: (query, headers, language the answer must be in)
ASKED: dict[str, tuple[dict[str, str], dict[str, str], str]] = {
    "default": ({}, {}, "de"),
    "accept-en": ({}, {"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}, "en"),
    "query-en-wins": ({"lang": "en"}, {"Accept-Language": "de-DE"}, "en"),
    "query-de-wins": ({"lang": "de"}, {"Accept-Language": "en"}, "de"),
}


@dataclass(frozen=True)
class Case:
    """One error answer: how to provoke it and the catalogue text it must say."""

    status: int
    key: str
    ask: Callable[[Env, dict[str, str], dict[str, str]], httpx.Response]
    values: dict[str, Any]
    headers: tuple[str, ...] = ()


def _admin(env: Env) -> dict[str, str]:
    return env.auth(env.user("admin"))


def _no_token(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.get(f"{API}/queue", params=q, headers=h)


def _unknown_token(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.get(f"{API}/queue", params=q, headers={**h, **env.auth("nope")})


def _forbidden(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    lead = env.auth(env.user("rrk_lead", "muenster"))
    return env.client.get(f"{API}/users", params=q, headers={**h, **lead})


def _other_region(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    lead = env.auth(env.user("rrk_lead", "muenster"))
    return env.client.get(f"{API}/queue", params={**q, "region": "koeln"}, headers={**h, **lead})


def _no_case(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.get(f"{API}/cases/NOPE-1", params=q, headers={**h, **_admin(env)})


def _user_exists(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    env.user("caseworker", "muenster", name="maria")
    body = {"name": "maria", "role": "caseworker", "regions": ["muenster"]}
    return env.client.post(f"{API}/users", params=q, json=body, headers={**h, **_admin(env)})


def _no_user(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.post(f"{API}/users/99999/revoke", params=q, headers={**h, **_admin(env)})


def _too_large(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.post(
        f"{API}/cases/import",
        params=q,
        content=b"x" * 4096,
        headers={**h, **_admin(env), **NDJSON},
    )


def _bad_type(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.post(
        f"{API}/cases/import",
        params=q,
        content=b"hello",
        headers={**h, **_admin(env), "Content-Type": "text/plain"},
    )


def _bad_records(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    lines = EXAMPLES.read_text().splitlines()
    broken = json.loads(lines[0]) | {"birth_date": "gestern", "in_custody": "ja"}
    body = "\n".join([json.dumps(broken), *lines[1:]])
    return env.client.post(
        f"{API}/cases/import",
        params=q,
        content=body.encode(),
        headers={**h, **_admin(env), **NDJSON},
    )


def _other_regions_records(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    lead = env.auth(env.user("rrk_lead", "koeln"))
    body = EXAMPLES.read_text().splitlines()[0]  # a case of muenster
    return env.client.post(
        f"{API}/cases/import", params=q, content=body.encode(), headers={**h, **lead, **NDJSON}
    )


def _no_erasure_request(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.post(
        f"{API}/erasure-requests/{UNKNOWN_REQUEST}/confirm", params=q, headers={**h, **_admin(env)}
    )


def _unknown_tier(env: Env, q: dict[str, str], h: dict[str, str]) -> httpx.Response:
    return env.client.get(f"{API}/queue", params={**q, "tier": "P9"}, headers={**h, **_admin(env)})


CASES: dict[str, Case] = {
    "401 no token": Case(401, "api.unauthenticated", _no_token, {}, ("www-authenticate",)),
    "401 unknown token": Case(401, "api.token_unknown", _unknown_token, {}, ("www-authenticate",)),
    "403 role": Case(403, "api.forbidden", _forbidden, {}),
    "403 region": Case(403, "api.region_forbidden", _other_region, {"region": "koeln"}),
    "404 case": Case(404, "api.case_not_found", _no_case, {}),
    "404 user": Case(404, "api.user_not_found", _no_user, {}),
    "409 user exists": Case(409, "security.user_exists", _user_exists, {"name": "maria"}),
    "413 upload": Case(
        413,
        "ingest.body_too_large",
        _too_large,
        {"limit": 2048, "setting": "TRIAGE_MAX_IMPORT_BYTES"},
        ("connection",),
    ),
    "415 format": Case(
        415,
        "api.media_unsupported",
        _bad_type,
        {"media": "'text/plain'", "formats": "jsonl, json, parquet, csv-zip"},
    ),
    "404 erasure request": Case(
        404, "api.erasure.request_not_found", _no_erasure_request, {"request_id": UNKNOWN_REQUEST}
    ),
    "422 tier": Case(
        422,
        "api.unknown_tier",
        _unknown_tier,
        {"tier": "'P9'", "tiers": "P1, P2, P3, BLOCKED, NONE"},
    ),
}


def _detail(response: httpx.Response) -> str:
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " ".join(item["msg"] for item in detail)


def assert_one_language(said: str, key: str, lang: str, **values: Any) -> None:
    """``said`` is ``key`` in ``lang``, holds nothing of the other language, and no pair."""
    other = "en" if lang == "de" else "de"
    assert said == text(key, lang, **values), said
    assert text(key, other, **values) not in said, said
    assert " / " not in said, said


@pytest.mark.parametrize("asked", ASKED)
@pytest.mark.parametrize("name", CASES)
def test_an_error_answer_is_in_the_readers_language(make_env, name: str, asked: str) -> None:
    case = CASES[name]
    query, headers, lang = ASKED[asked]
    env = make_env(max_import_bytes=2048)
    response = case.ask(env, query, headers)
    assert response.status_code == case.status, response.text
    for header in case.headers:
        assert header in response.headers
    assert_one_language(_detail(response), case.key, lang, **case.values)


@pytest.mark.parametrize("asked", ASKED)
def test_a_refused_import_lists_its_problems_in_the_readers_language(env, asked: str) -> None:
    query, headers, lang = ASKED[asked]
    response = _bad_records(env, query, headers)
    assert response.status_code == 422, response.text
    body = response.json()
    errors = body["errors"]
    assert_one_language(body["detail"], "api.input_rejected", lang, n=len(errors))
    assert {e["path"] for e in errors} >= {"birth_date", "in_custody"}
    for error in errors:
        assert error["message"] == issue_text(
            error["code"], error["found"], error["expected"], lang
        ), error
        assert " / " not in error["message"]


@pytest.mark.parametrize("asked", ASKED)
def test_an_issue_the_service_finds_is_in_the_readers_language(env, asked: str) -> None:
    """Records of a region the importer may not write: an issue of the service, not the model."""
    query, headers, lang = ASKED[asked]
    response = _other_regions_records(env, query, headers)
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert_one_language(
        error["message"], "ingest.region_not_yours", lang, region="muenster", regions="koeln"
    )


@pytest.mark.parametrize("asked", ["default", "accept-en"])
def test_the_database_gone_is_said_in_the_readers_language(env, asked: str) -> None:
    query, headers, lang = ASKED[asked]
    admin = _admin(env)
    with database_unreachable(env):
        response = env.client.get(f"{API}/queue", params=query, headers={**headers, **admin})
        ready = env.client.get(f"{API}/readyz", params=query, headers=headers)
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert_one_language(_detail(response), "api.db_unavailable", lang)
    assert ready.status_code == 503
    assert " / " not in ready.json()["detail"]


@pytest.mark.parametrize("asked", ASKED)
def test_the_model_status_says_no_model_in_the_readers_language(env, asked: str) -> None:
    query, headers, lang = ASKED[asked]
    status = env.client.get(f"{API}/model", params=query, headers={**headers, **_admin(env)})
    assert status.status_code == 200 and status.json()["status"] == "unavailable"
    assert_one_language(status.json()["message"], "api.model.not_configured", lang)


@pytest.mark.parametrize("asked", ["default", "accept-en", "query-en-wins"])
def test_a_rule_set_refusal_is_in_the_readers_language(env, asked: str) -> None:
    """Approving one's own draft: the four-eyes refusal, and a version that does not exist."""
    query, headers, lang = ASKED[asked]
    other = "en" if lang == "de" else "de"
    anna = env.auth(env.user("policy", name="anna"))
    drafted = env.client.post(
        f"{API}/rulesets",
        json={
            "base": "amit-nrw-default",
            "parameters": {"serious_sentence_months": 36},
            "reason": "Schwelle anheben",
        },
        headers=anna,
    )
    assert drafted.status_code == 201, drafted.text
    draft = drafted.json()
    own = env.client.post(
        f"{API}/rulesets/{draft['id']}/approve",
        params=query,
        json={"reason": "Geprüft", "scenarios_reason": "gewollte Wirkung der Änderung"},
        headers={**headers, **anna},
    )
    assert own.status_code == 403, own.text
    said = own.json()["detail"]
    four_eyes = workflow.message("four_eyes", lang, actor="anna", action=workflow.Action.approve)
    assert said == text("api.ruleset.refused", lang, label=draft["label"], why=four_eyes)
    assert (
        workflow.message("four_eyes", other, actor="anna", action=workflow.Action.approve)
        not in said
    )
    missing = env.client.get(f"{API}/rulesets/999999", params=query, headers={**headers, **anna})
    assert missing.status_code == 404
    assert_one_language(_detail(missing), "stored.ruleset.not_found", lang, ref="999999")


def test_a_short_erasure_request_id_is_not_found_in_the_readers_language(env) -> None:
    admin = _admin(env)
    german = env.client.post(f"{API}/erasure-requests/x/confirm", headers=admin)
    english = env.client.post(f"{API}/erasure-requests/x/confirm?lang=en", headers=admin)
    assert german.status_code == english.status_code == 404
    assert_one_language(_detail(german), "api.erasure.not_found", "de")
    assert_one_language(_detail(english), "api.erasure.not_found", "en")


def test_a_refusal_is_audited_as_it_was_said(env) -> None:
    """The audit log keeps what the reader was shown (403: ``access.denied``)."""
    lead = env.auth(env.user("rrk_lead", "muenster"))
    env.client.get(f"{API}/users", headers={**lead, "Accept-Language": "en"})
    admin = _admin(env)
    entries = env.client.get(
        f"{API}/audit", params={"action": "access.denied"}, headers=admin
    ).json()["items"]
    assert any(e["details"].get("detail") == text("api.forbidden", "en") for e in entries)


# --------------------------------------------------------------------------- Accept-Language


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, None),
        ("", None),
        ("en", "en"),
        ("de-AT", "de"),
        ("EN-us", "en"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", "en"),
        ("de;q=0.5, en;q=0.8", "en"),
        ("en;q=0, de;q=0.1", "de"),
        ("fr, it", None),
        ("*", None),
        ("en;q=abc, de", "de"),
        ("de, en", "de"),
    ],
)
def test_accept_language_is_read_by_quality(header: str | None, lang: str | None) -> None:
    assert accepted_lang(header) == lang


# --------------------------------------------------------------------------- no pair anywhere

#: German words and marks that do not occur in the English texts, and English words that do
#: not occur in the German ones (enough to tell the two halves of "Deutsch / English" apart).
GERMAN = re.compile(
    r"[äöüß]|\b(nicht|kein|keine|der|die|das|des|dem|den|ein|eine|einer|und|oder|ist|sind|"
    r"nach|für|mit|zu|nichts|fehler|gefunden|sprache|stichtag|fall|bitte|erreichbar|kraft|"
    r"anmeldung|zugang|berechtigung|abgelehnt|nennt|rolle|anfrage|eingabe|gespeichert|datei|"
    r"wird|werden|angemeldet|widerrufen|unbekannt\w*)\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(
    r"\b(not|no|the|is|are|of|your|found|unreachable|error|language|date|case|cases|request|"
    r"please|retry|must|cannot|denied|invalid|unknown|revoked|refused|superseded|force|held|"
    r"back|access|allowed|larger|than|too|authenticated|provider|stored|nothing)\b",
    re.IGNORECASE,
)

#: Literals that look like a pair and are not one: (path, start of the literal) and why.
ALLOWED: dict[tuple[str, str], str] = {}


def bilingual_pair(value: str) -> tuple[str, str] | None:
    """The first "German / English" pair in ``value``, if any."""
    parts = value.split(" / ")
    for left, right in itertools.pairwise(parts):
        if GERMAN.search(left) and ENGLISH.search(right) and not GERMAN.search(right):
            return left, right
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def _both_languages_joined(node: ast.JoinedStr) -> bool:
    """``f"{text(k, 'de')} / {text(k, 'en')}"`` and the like."""
    joins = any(isinstance(part, ast.Constant) and " / " in str(part.value) for part in node.values)
    langs = {
        inner.value
        for part in node.values
        if isinstance(part, ast.FormattedValue)
        for inner in ast.walk(part)
        if isinstance(inner, ast.Constant) and inner.value in ("de", "en")
    }
    return joins and langs == {"de", "en"}


def pairs_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    relative = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and _both_languages_joined(node):
            found.append(f"{relative}:{node.lineno}: German and English joined by ' / '")
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in docstrings:
            continue
        pair = bilingual_pair(node.value)
        if pair and (relative, node.value[:30]) not in ALLOWED:
            found.append(f"{relative}:{node.lineno}: {node.value[:80]!r}")
    return found


def test_no_string_in_the_service_is_a_german_english_pair() -> None:
    found = [hit for path in sorted((ROOT / "service").rglob("*.py")) for hit in pairs_in(path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "value",
    [
        "Fall nicht gefunden / case not found",
        "Datenbank nicht erreichbar / database unreachable",
        "Stichtag / reference date (YYYY-MM-DD); default: today.",
        "Upload zu groß / upload larger than ",
        "Zugang widerrufen / access revoked",
    ],
)
def test_the_check_catches_the_old_pairs(value: str) -> None:
    assert bilingual_pair(value) is not None


@pytest.mark.parametrize(
    "value",
    [
        "P1 / P2",
        "/api/v1/cases/{case_id} / /api/v1/queue",
        "https://example.org/a / b",
        "YYYY-MM-DD / DD.MM.YYYY",
        "%d.%m.%Y / %Y-%m-%d",
        "Fälle / Monat",
        "cases / month",
        "application/json",
    ],
)
def test_the_check_leaves_other_slashes_alone(value: str) -> None:
    assert bilingual_pair(value) is None


def test_the_check_catches_a_joined_pair() -> None:
    source = "x = f\"{text('k', 'de')} / {text('k', 'en')}\"\n"
    tree = ast.parse(source)
    joined = [n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
    assert joined and _both_languages_joined(joined[0])


#: Calls that take a catalogue key, and where it may stand among their arguments (the first
#: string there is the key: ``SaidIssue.said(case_id, path, key)``, ``error.said(key)``).
KEYED_CALLS = {
    "ApiError": (1,),
    "InvalidInput": (1,),
    "MissingInput": (1,),
    "invalid": (1,),
    "said": (0, 2),
    "Said": (0,),
    "ErasureError": (0,),
    "ErasureNotFoundError": (0,),
    "ErasureConflictError": (0,),
    "FourEyesError": (0,),
}


def _key_argument(node: ast.Call, positions: tuple[int, ...]) -> str | None:
    for position in positions:
        if position < len(node.args):
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                return argument.value
    return None


def test_every_key_an_api_error_names_is_in_the_catalogue() -> None:
    named, missing = 0, []
    for path in sorted((ROOT / "service").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            key = _key_argument(node, KEYED_CALLS.get(name, ()))
            if key is None:
                continue
            named += 1
            if not catalogue.has(key):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {key}")
    assert named > 50, named
    assert not missing, "\n".join(missing)


#: Parameters FastAPI itself refuses (before any route code runs), and what each must say.
REFUSED_PARAMETERS = {
    "limit not a number": ({"limit": "abc"}, "abc"),
    "limit below one": ({"limit": "0"}, "0"),
    "format not offered": ({"format": "xml"}, "xml"),
}


@pytest.mark.parametrize("asked", ASKED)
@pytest.mark.parametrize("name", REFUSED_PARAMETERS)
def test_fastapi_s_own_refusals_are_in_the_readers_language(env, name: str, asked: str) -> None:
    """FastAPI's 422 for a query parameter keeps its fields for programs, but its ``msg`` is
    worded like a refused case field (found, expected) in the reader's language."""
    query, headers, lang = ASKED[asked]
    params, found = REFUSED_PARAMETERS[name]
    path = f"{API}/cases/NOPE-1/explanation" if "format" in params else f"{API}/queue"
    response = env.client.get(path, params={**query, **params}, headers={**headers, **_admin(env)})
    assert response.status_code == 422, response.text
    (item,) = response.json()["detail"]
    said = item["msg"]
    assert found in said, said
    assert "Input should" not in said and " / " not in said, said
    other = "en" if lang == "de" else "de"
    words = {"de": ("Gefunden", "erwartet"), "en": ("found", "expected")}
    assert any(word.lower() in said.lower() for word in words[lang]), said
    assert not any(f" {word.lower()} " in f" {said.lower()} " for word in words[other]), said
