"""The web UI's view of the message catalogue (:mod:`texts`): ``t(lang, key, **values)``.

Keys are those of :mod:`texts.messages.web` and :mod:`texts.messages.web_policy` without their
``web.`` prefix. A missing key is a bug and shows as ``[web.key]`` (the tests render every page
and look for brackets). Case vocabulary comes from :func:`rules.labels.label`, rule and tier
titles from the rule set.
"""

from __future__ import annotations

from texts import DEFAULT_LANG, LANGS, Lang, text
from texts import parse_lang as _parse_lang
from texts.catalogue import register
from texts.forms import Entry

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "add", "parse_lang", "t"]

PREFIX = "web"


def t(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled in."""
    return text(f"{PREFIX}.{key}", lang, **values)


def add(texts: dict[str, Entry]) -> None:
    """Register texts of a page module (keys must be new); prefer adding them to the catalogue."""
    register(PREFIX, texts)


def parse_lang(value: str | None) -> Lang | None:
    return _parse_lang(value)
