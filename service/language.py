"""The language of an API answer: the reader's, never German and English side by side.

One rule for every JSON answer of the API (error ``detail``s and the texts of a body):

1. ``?lang=de`` or ``?lang=en`` in the query, if given;
2. else the ``Accept-Language`` header: its languages by quality (``q``, 1 when missing),
   the first of them that is German or English (``de-AT`` counts as ``de``; ``q=0`` refuses);
3. else German.

The web pages keep their own choice (query, then cookie; :mod:`service.web.pages`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection
from starlette.types import Scope

from texts import DEFAULT_LANG, Lang, parse_lang

__all__ = ["ReaderLang", "accepted_lang", "reader_lang", "scope_lang"]


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0


def accepted_lang(header: str | None) -> Lang | None:
    """The first supported language of an ``Accept-Language`` header (``None`` if none).

    >>> accepted_lang("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7")
    'en'
    """
    if not header:
        return None
    ranked: list[tuple[float, int, Lang]] = []
    for position, item in enumerate(header.split(",")[:32]):  # bounded: the header is input
        tag, *params = item.split(";")
        primary = tag.strip().split("-")[0].lower()
        lang = parse_lang(primary)
        quality = _quality(params)
        if lang is not None and quality > 0:
            ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else None


def reader_lang(connection: HTTPConnection) -> Lang:
    """The language to answer ``connection`` in: ``?lang=``, ``Accept-Language``, German."""
    chosen = parse_lang(connection.query_params.get("lang"))
    if chosen is not None:
        return chosen
    return accepted_lang(connection.headers.get("accept-language")) or DEFAULT_LANG


def scope_lang(scope: Scope) -> Lang:
    """:func:`reader_lang` for ASGI middleware, which has a scope and no request yet."""
    return reader_lang(HTTPConnection(scope))


#: A route parameter: the reader's language (``lang: ReaderLang``).
ReaderLang = Annotated[Lang, Depends(reader_lang)]
