"""Every text of the catalogue is read somewhere (issue #11): a dead text goes stale and may say
what the product no longer does (the simulation's old fairness intro named a reference group
the product had stopped using).

A key counts as used when the product's code or templates (not the tests) name it in a string,
whole or without leading parts of its prefix (``t('fair_method')`` on a ``web.`` page,
``say("fairness.unreadable")`` for ``cli.``), or build it from a literal start
(``f"monitoring.level.{level}"``, ``'monitoring.by.' ~ kind``). A start with a single segment
(``f"note.{key}"``) is a helper's prefix, not a family, and counts only when it is listed below.

The check errs towards "used": a key whose last segment is a string of the code for other
reasons (``monitoring.col.week`` and the word ``"week"``) passes. It finds texts nobody reads,
not every one of them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from texts import catalogue

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("service", "rules", "cases", "models", "policy", "fairness", "evaluation", "texts")
SUFFIXES = {".py", ".html", ".j2", ".js", ".yaml", ".yml"}

#: Families of keys built from data, which no string in the code spells out. Each entry is a
#: key prefix with the place that builds it.
DYNAMIC = {
    # rules.labels.label, texts.labels.group_label: vocab.<kind>.<code> for any code of the
    # case vocabulary (regions, categories, nationalities ...), read from data.
    "vocab.",
    # rules/diff.py: key = "model_cut_param" or "model_cut_param_plain", then key += "_ref".
    "authoring.diff.model_cut_param",
}

STRING = re.compile(r"""["']([A-Za-z0-9_.\-]+)["']""")
STARTS = (
    re.compile(r"""f["']([A-Za-z0-9_.\-]+)\{"""),  # f"monitoring.level.{level}"
    re.compile(r"""["']([A-Za-z0-9_.\-]+)["']\s*~"""),  # Jinja: 'monitoring.by.' ~ kind
    re.compile(r"""["']([A-Za-z0-9_.\-]+)["']\s*\+"""),  # "prefix." + name
)


@cache
def _sources() -> str:
    texts = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.suffix in SUFFIXES and "messages" not in path.relative_to(ROOT).parts:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def _forms(key: str) -> list[str]:
    """``web.fair_method`` and ``fair_method``: the key without 0, 1, … leading segments."""
    parts = key.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]


def unused_keys() -> list[str]:
    source = _sources()
    strings = set(STRING.findall(source))
    starts = {s for pattern in STARTS for s in pattern.findall(source)}
    # a family: two segments at least (monitoring.level.) or a start inside a word (fair_)
    families = {s for s in starts if len(s) >= 3 and (s.count(".") >= 2 or not s.endswith("."))}
    families |= DYNAMIC
    unused = []
    for key in catalogue.keys(""):
        forms = _forms(key)
        if any(form in strings for form in forms):
            continue
        if any(form.startswith(start) for form in forms for start in families):
            continue
        unused.append(key)
    return unused


def test_every_catalogue_text_is_used() -> None:
    unused = unused_keys()
    assert not unused, (
        "texts no code or template reads (remove them, or list a family built from data in "
        f"DYNAMIC): {unused}"
    )


def test_the_check_finds_a_dead_key_and_sees_used_ones() -> None:
    catalogue.register("zz_test_only", {"qqq_unread": ("nie gelesen", "never read")})
    try:
        unused = unused_keys()
    finally:
        del catalogue._MESSAGES["zz_test_only.qqq_unread"]
    assert "zz_test_only.qqq_unread" in unused
    for used in ("web.fair_method", "monitoring.level.alert", "labels.week", "cli.help.fairness"):
        assert catalogue.has(used) and used not in unused, used
