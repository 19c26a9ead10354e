"""The one message catalogue of the product (German first, English where chosen).

It sits at the bottom of the import graph and imports nothing of the project, so the rules
(the note for the file), the command line, the web UI and the API errors all read their texts
from here. See :mod:`texts.catalogue`.
"""

from texts.catalogue import (
    DEFAULT_LANG,
    LANGS,
    Lang,
    coded,
    format_date,
    format_number,
    format_percent,
    has,
    lang_of,
    parse_lang,
    plural,
    shown,
    text,
    text_or,
)
from texts.forms import Plural

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Lang",
    "Plural",
    "coded",
    "format_date",
    "format_number",
    "format_percent",
    "has",
    "lang_of",
    "parse_lang",
    "plural",
    "shown",
    "text",
    "text_or",
]
