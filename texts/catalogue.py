"""The message catalogue: every text a person reads, German first, English where chosen.

A message is a key (``"web.queue_title"``, ``"note.tier.P2.social"``) with a German and an
English text. Texts are ``str.format`` templates: ``{name}`` placeholders are filled at display
time from codes and numbers, so stored data never holds a text, only what it is made from.
A key may instead have plural forms (:class:`Plural`), chosen by a count.

The messages themselves live in :mod:`texts.messages` (one module per area of the product,
each with its own key prefix); this module only looks them up. Lookups are plain dictionary
reads (see ``docs/architecture.md`` for the measured cost), so rendering a queue of thousands of
rows with labels stays cheap.

A missing key is a bug. :func:`text` answers ``[key]`` rather than failing a page, and the
tests render every page and command and fail on any bracketed key; :func:`check` verifies that
every message has both languages and the same placeholders in both.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Literal

from texts.forms import Entry, Plural

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")
DEFAULT_LANG: Lang = "de"


_MESSAGES: dict[str, Entry] = {}


class CatalogueError(ValueError):
    """A message defined twice, or with different placeholders in its two languages."""


def parse_lang(value: object) -> Lang | None:
    """``"de"``/``"en"`` as a :data:`Lang`, anything else ``None``."""
    return value if value in LANGS else None


def lang_of(value: object) -> Lang:
    """The language ``value`` names, German for anything else."""
    return "en" if value == "en" else "de"


def register(prefix: str, messages: Mapping[str, Entry]) -> None:
    """Add the messages of one area under ``prefix.`` (keys must be new)."""
    _add(prefix, messages)


def _add(prefix: str, messages: Mapping[str, Entry]) -> None:
    keyed = {f"{prefix}.{key}" if prefix else key: entry for key, entry in messages.items()}
    clash = set(keyed) & set(_MESSAGES)
    if clash:
        raise CatalogueError(f"text keys defined twice: {sorted(clash)}")
    _MESSAGES.update(keyed)


def text(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with its ``{placeholders}`` filled in (``[key]`` if none).

    A plural message takes its count from ``n``.
    """
    entry = _MESSAGES.get(key)
    if entry is None:
        return f"[{key}]"
    if isinstance(entry, Plural):
        count = values.pop("n")
        return plural(key, count if isinstance(count, int | float) else 0, lang, **values)
    template = entry[1] if lang == "en" else entry[0]
    return template.format(**values) if values else template


#: The mark of a stored code (:func:`coded`): never the first character of a person's words.
CODE_MARK = "\u00a7"


def coded(key: str, /, **values: str | int | float | None) -> str:
    """What to store instead of a text: the key and its values (``§stored.x {"n": 3}``).

    :func:`shown` renders it in the reader's language, so nothing stored is bilingual.
    """
    if key not in _MESSAGES:
        raise KeyError(f"no message {key!r} to store")
    if not values:
        return CODE_MARK + key
    return f"{CODE_MARK}{key} {json.dumps(values, ensure_ascii=False, sort_keys=True)}"


def shown(value: str | None, lang: str = DEFAULT_LANG, /) -> str:
    """A stored value as a person reads it: a :func:`coded` text rendered in ``lang``,
    anything else (a person's own words, or a text stored before codes) as it is."""
    if not value:
        return value or ""
    if not value.startswith(CODE_MARK):
        return value
    key, _, raw = value[1:].partition(" ")
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return value
    if not isinstance(values, dict) or key not in _MESSAGES:
        return value
    return text(key, lang, **values)


def plural(key: str, n: float, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The plural message ``key`` for the count ``n`` (``{n}`` is filled in too)."""
    entry = _MESSAGES.get(key)
    if not isinstance(entry, Plural):
        return f"[{key}]"
    forms = entry.one if n == 1 else entry.other
    template = forms[1] if lang == "en" else forms[0]
    return template.format(n=format_number(n, lang), **values)


def has(key: str) -> bool:
    return key in _MESSAGES


def text_or(key: str, fallback: str, lang: str = DEFAULT_LANG, /) -> str:
    """The message ``key`` (no placeholders) if the catalogue has it, else ``fallback``.

    For open vocabularies: a rule set may use codes the catalogue does not know.
    """
    entry = _MESSAGES.get(key)
    if entry is None or isinstance(entry, Plural):
        return fallback
    return entry[1] if lang == "en" else entry[0]


def keys(prefix: str = "") -> list[str]:
    """Every key (under ``prefix``), sorted."""
    return sorted(k for k in _MESSAGES if k.startswith(prefix))


def entries() -> Iterator[tuple[str, str, str]]:
    """(key, German, English) of every text, plural forms included."""
    for key, entry in _MESSAGES.items():
        if isinstance(entry, Plural):
            yield key, *entry.one
            yield key, *entry.other
        else:
            yield key, *entry


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def check() -> list[str]:
    """Problems of the catalogue: empty texts, placeholders that differ between languages."""
    problems = []
    for key, de, en in entries():
        if not de.strip() and en.strip():
            problems.append(f"{key}: no German text")
        if not en.strip() and de.strip():
            problems.append(f"{key}: no English text")
        if _placeholders(de) != _placeholders(en):
            problems.append(f"{key}: placeholders differ ({de!r} / {en!r})")
    return problems


# ------------------------------------------------------------------ numbers and dates


def format_date(day: date | None, lang: str = DEFAULT_LANG) -> str:
    """``23.11.2026`` in German, ``2026-11-23`` in English, ``–`` for none."""
    if day is None:
        return "–"
    return day.strftime("%d.%m.%Y") if lang != "en" else day.isoformat()


def format_number(value: float | int | None, lang: str = DEFAULT_LANG) -> str:
    """Whole numbers with a thousands separator (``1.234`` / ``1,234``), else one decimal."""
    if value is None:
        return "–"
    if float(value).is_integer():
        whole = f"{int(value):,}"
        return whole.replace(",", ".") if lang != "en" else whole
    decimal = f"{value:,.1f}"
    if lang == "en":
        return decimal
    return decimal.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: float | None, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """``12,5 %`` in German, ``12.5%`` in English."""
    if value is None:
        return "–"
    number = f"{value * 100:.{digits}f}"
    return f"{number.replace('.', ',')} %" if lang != "en" else f"{number}%"


def _load() -> None:
    from texts.messages import AREAS

    for prefix, messages in AREAS:
        _add(prefix, messages)


_load()
