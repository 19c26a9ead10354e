"""The shape of a message: German and English text, or plural forms of both."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A message whose wording depends on a count ``n`` (German and English both use one/other)."""

    one: tuple[str, str]
    other: tuple[str, str]


Entry = tuple[str, str] | Plural
