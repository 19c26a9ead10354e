"""Counted nouns (key prefix ``count``): „1 Fall“, „2 Fälle“, in German and English.

For a message with more than one count („{events}, {changed} mit Änderung, {moved}“): each
count is rendered on its own with :func:`texts.catalogue.plural` and filled in as a phrase, so
1 and many both read correctly. A message with one count is a :class:`Plural` of its own.
A count in the German dative („in 2 Fällen“) has its own entry where it is used
(``cli.validate.cases``).
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "cases": Plural(("{n} Fall", "{n} case"), ("{n} Fälle", "{n} cases")),
    "entries": Plural(("{n} Eintrag", "{n} entry"), ("{n} Einträge", "{n} entries")),
    "events": Plural(("{n} Ereignis", "{n} event"), ("{n} Ereignisse", "{n} events")),
    "tier_changes": Plural(
        ("{n} Stufenwechsel", "{n} tier change"), ("{n} Stufenwechsel", "{n} tier changes")
    ),
    "decisions": Plural(
        ("{n} Entscheidung", "{n} decision"), ("{n} Entscheidungen", "{n} decisions")
    ),
    "first_evaluations": Plural(
        ("{n} Erstbewertung", "{n} first evaluation"),
        ("{n} Erstbewertungen", "{n} first evaluations"),
    ),
    "parameters": Plural(("{n} Parameter", "{n} parameter"), ("{n} Parameter", "{n} parameters")),
    "criteria": Plural(("{n} Kriterium", "{n} criterion"), ("{n} Kriterien", "{n} criteria")),
    "blockers": Plural(("{n} Hindernis", "{n} obstacle"), ("{n} Hindernisse", "{n} obstacles")),
    "actions": Plural(
        ("{n} erforderlicher Schritt", "{n} required step"),
        ("{n} erforderliche Schritte", "{n} required steps"),
    ),
    "tiers": Plural(("{n} Stufe", "{n} tier"), ("{n} Stufen", "{n} tiers")),
}
