"""What a reader of one language must never find in a page or a command's output.

:func:`page_text` takes the words a person reads from an HTML page (text and the attributes a
screen reader speaks), leaving out what is marked as technical or as the other language:
``<code>``, ``<pre>``, ``<textarea>`` (identifiers and YAML shown on purpose) and any element
whose ``lang`` differs from the page's (the language switch). :func:`problems` then names
every text of the other language from the catalogue or the rule set, every raw rule, fact,
tier or parameter identifier, every vocabulary code (nationality codes too, when asked:
:func:`nationality_codes`), every ISO week code (``2026-W49``) and every missing catalogue key
in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from typing import Any

from rules import RuleSet
from texts import catalogue

#: Elements whose content is technical on purpose, or never read.
SKIPPED = {"code", "pre", "textarea", "script", "style", "title"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
MISSING_KEY = re.compile(r"\[[a-z_]+(?:\.[a-z0-9_]+)+\]")
#: ``snake_case`` words are identifiers: no German or English word looks like that.
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
#: A stored code (``texts.coded``) shown as it is stored instead of rendered.
STORED_CODE = re.compile(r"\u00a7[a-z_]+(?:\.[a-z0-9_]+)+")
#: Words both languages share, or that are names rather than words of one language.
SHARED = {"Fallkonferenz", "Sicherheitsprüfung"}
#: An ISO week as stored (``2026-W49``): pages say ``KW 49/2026`` or ``week 49/2026``.
RAW_WEEK = re.compile(r"(?<![\w-])\d{4}-W\d{1,2}(?![\w-])")
#: Technical words spelled like a nationality code: an image format (``Diagramm als PNG``,
#: Papua New Guinea) and the transport encryption (``TLS``, Timor-Leste).
NOT_NATIONALITIES = {"PNG", "TLS"}
WORD = re.compile(r"[\w-]+")


class _Reader(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        other_lang = values.get("lang") not in (None, self.lang)
        skipped = tag in SKIPPED or other_lang or self._skipping()
        if not skipped:
            self.parts += [str(values[a]) for a in SPOKEN_ATTRIBUTES if values.get(a)]
            button = tag == "input" and values.get("type") in ("submit", "button")
            if button and values.get("value"):
                self.parts.append(str(values["value"]))
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.parts.append(data)


def page_text(html: str, lang: str) -> str:
    reader = _Reader(lang)
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.parts))


def _fragments(template: str) -> Iterator[str]:
    """The fixed pieces of a text template long enough to be telling (two words or more)."""
    for piece in re.split(r"\{[^}]*\}|\n", template):
        piece = piece.strip(" .,:;()–-—/·'\"„“”")
        if len(piece) >= 12 and " " in piece:
            yield piece


def _bilingual(value: Any) -> Iterator[tuple[str, str]]:
    """Every ``{"de": …, "en": …}`` pair in a rule set document."""
    if isinstance(value, dict):
        if isinstance(value.get("de"), str) and isinstance(value.get("en"), str):
            yield value["de"], value["en"]
        for item in value.values():
            yield from _bilingual(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bilingual(item)


@cache
def _catalogue_pairs() -> tuple[tuple[str, str, str], ...]:
    return tuple(catalogue.entries())


def foreign_fragments(lang: str, rulesets: Iterable[RuleSet]) -> set[str]:
    """Telling pieces of every text of the *other* language that differs from ``lang``'s."""
    pairs = [(de, en) for _, de, en in _catalogue_pairs()]
    for ruleset in rulesets:
        pairs += list(_bilingual(ruleset.document))
    own_texts = " ".join(de if lang == "de" else en for de, en in pairs)
    foreign: set[str] = set()
    for de, en in pairs:
        if de == en:
            continue
        other = en if lang == "de" else de
        foreign |= {f for f in _fragments(other) if f not in own_texts}
    return foreign


def identifiers(rulesets: Iterable[RuleSet]) -> set[str]:
    """Ids of rules, facts, flags, tiers and parameters a person must never read raw."""
    names: set[str] = set()
    for ruleset in rulesets:
        names |= {r.id for r in (*ruleset.criteria, *ruleset.blockers, *ruleset.actions)}
        names |= set(ruleset.facts) | set(ruleset.parameters) | set(ruleset.tier_ids)
        names |= {getattr(f, "id", "") for f in getattr(ruleset, "flags", ())}
    return {n for n in names if n and len(n) > 1}


def vocabulary_codes() -> set[str]:
    """Codes of the case vocabulary whose label differs from the code in both languages
    (nationality codes apart: :func:`nationality_codes`)."""
    codes = set()
    for key, de, en in _catalogue_pairs():
        if key.startswith("vocab.nationality."):
            continue
        if key.startswith("vocab.") and key.count(".") == 2:
            code = key.rsplit(".", 1)[1]
            if code not in (de, en) and len(code) > 2 and not code.isdigit():
                codes.add(code)
    return codes


def nationality_codes() -> set[str]:
    """Nationality codes (``SYR``) a page must show as the country's name, in either language.

    Upper case and three letters, so a word of a sentence never matches; the technical words
    spelled like one (:data:`NOT_NATIONALITIES`) are left out.
    """
    return {
        key.rsplit(".", 1)[1]
        for key, _, _ in _catalogue_pairs()
        if key.startswith("vocab.nationality.")
    } - NOT_NATIONALITIES


def _alone(code: str) -> str:
    return rf"(?<![\w-]){re.escape(code)}(?![\w-])"


def problems(text: str, lang: str, foreign: set[str], ids: set[str], codes: set[str]) -> list[str]:
    """Everything in ``text`` a reader of ``lang`` should not find, named."""
    found = [f"text in the other language: {f!r}" for f in sorted(foreign) if f in text]
    for name in sorted(ids):
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(f"raw identifier: {name!r}")
    for word in sorted(set(SNAKE.findall(text))):
        found.append(f"identifier-like word: {word!r}")
    words = set(WORD.findall(text))  # a code stands alone: neither a word nor a hyphen beside it
    for code in sorted(codes):
        if code in words if WORD.fullmatch(code) else re.search(_alone(code), text):
            found.append(f"vocabulary code: {code!r}")
    found += [f"missing text: {key}" for key in MISSING_KEY.findall(text)]
    found += [f"ISO week code instead of its label: {w!r}" for w in RAW_WEEK.findall(text)]
    found += [f"stored code not rendered: {code}" for code in STORED_CODE.findall(text)]
    return found
