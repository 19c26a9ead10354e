"""The message catalogue: complete in both languages, every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import texts
from texts import catalogue
from texts.forms import Plural

ROOT = Path(__file__).resolve().parents[2]
#: t('key' …) in templates and ctx.t("key" …) / t(lang, "key" …) in the web code.
TEMPLATE_KEY = re.compile(r"\bt\(\s*'([a-z0-9_.]+)'")
CODE_KEY = re.compile(r"""\bt\((?:\s*(?:lang|ctx\.lang|self\.lang)\s*,)?\s*"([a-z0-9_.]+)\"""")


def test_every_message_has_both_languages_and_the_same_placeholders() -> None:
    assert catalogue.check() == []


def test_lookup_fills_placeholders_and_falls_back_visibly() -> None:
    assert texts.text("web.queue_title") == "Fallliste"
    assert texts.text("web.queue_title", "en") == "Queue"
    assert texts.text("web.policy_in_force", "de", label="x v2") == "In Kraft: x v2"
    assert texts.text("web.no_such_text") == "[web.no_such_text]"


def test_plural_forms_follow_the_count() -> None:
    catalogue.register(
        "test_plural", {"cases": Plural(("{n} Fall", "{n} case"), ("{n} Fälle", "{n} cases"))}
    )
    assert texts.plural("test_plural.cases", 1) == "1 Fall"
    assert texts.plural("test_plural.cases", 1200) == "1.200 Fälle"
    assert texts.plural("test_plural.cases", 2, "en") == "2 cases"
    assert texts.text("test_plural.cases", "de", n=3) == "3 Fälle"


def test_a_key_cannot_be_defined_twice() -> None:
    with pytest.raises(catalogue.CatalogueError, match="defined twice"):
        catalogue.register("web", {"queue_title": ("x", "y")})


def test_numbers_dates_and_percentages_by_language() -> None:
    from datetime import date

    assert texts.format_number(1234) == "1.234" and texts.format_number(1234, "en") == "1,234"
    assert texts.format_number(12.5) == "12,5" and texts.format_number(1234.5) == "1.234,5"
    assert texts.format_date(date(2026, 11, 23)) == "23.11.2026"
    assert texts.format_date(date(2026, 11, 23), "en") == "2026-11-23"
    assert texts.format_percent(0.125) == "12,5 %" and texts.format_percent(0.125, "en") == "12.5%"


def test_every_key_the_web_ui_uses_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in (ROOT / "service" / "templates").rglob("*.html"):
        used |= set(TEMPLATE_KEY.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "service" / "web").rglob("*.py"):
        used |= set(CODE_KEY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 100  # the scan finds the keys at all
    missing = sorted(k for k in used if not k.endswith((".", "_")) and not texts.has(f"web.{k}"))
    assert missing == []


def test_stored_codes_are_rendered_in_the_readers_language() -> None:
    note = texts.coded("stored.override.taken_ahead", n=3)
    assert note == '§stored.override.taken_ahead {"n": 3}'  # a code, not words
    assert texts.shown(note) == "vor 3 höher eingestuften Fällen ohne Entscheidung vorgezogen"
    assert texts.shown(note, "en") == "taken ahead of 3 higher-ranked cases without a decision"
    assert texts.shown(texts.coded("stored.override.taken_ahead", n=1)).startswith("vor 1 höher")
    assert texts.shown("a person's own words", "en") == "a person's own words"
    assert texts.shown("§no.such.key") == "§no.such.key"  # never fails a page
    with pytest.raises(KeyError):
        texts.coded("stored.no_such_text")
