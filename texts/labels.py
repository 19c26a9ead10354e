"""Codes of the monitoring and fairness views as people read them (issue #11).

Stored data, the API and the JSON outputs keep codes: an ISO week ``2026-W49``, a nationality
``SYR`` (ISO 3166-1 alpha-3), a sex ``f``. Pages, plots and tables render them at display
time in the reader's language:

* :func:`week_label`: ``KW 49/2026`` in German, ``week 49/2026`` in English;
* :func:`group_label`: the group of an audit field (``nationality``, ``sex``) or of any
  vocabulary (``region``): ``Syrien``/``Syria``, ``weiblich``/``female``; the group of cases
  without a value ``(ohne Angabe)``/``(not recorded)``.

A code the catalogue does not know is shown as it is, everywhere the same (:func:`group_label`
and :func:`week_label` return it unchanged), so a new code is visible rather than hidden.
"""

from __future__ import annotations

import re

from texts.catalogue import DEFAULT_LANG, text, text_or

__all__ = ["MISSING_GROUPS", "group_label", "week_label"]

#: What a group of cases without a value is called in the data: ``models.dataset.MISSING_GROUP``
#: (monitoring, model training), ``policy.simulation.UNKNOWN_GROUP`` (what-if simulation) and
#: the empty cell of ``triage fairness`` in both languages (a test keeps this list in step).
MISSING_GROUPS = frozenset({"", "(ohne Angabe)", "unbekannt", "(not given)"})

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_label(code: str, lang: str = DEFAULT_LANG) -> str:
    """An ISO week code (``2026-W49``) as people write it: ``KW 49/2026`` / ``week 49/2026``.

    Anything that is not an ISO week code is returned unchanged.
    """
    match = _ISO_WEEK.match(code)
    if match is None:
        return code
    year, week = match.groups()
    return text("labels.week", lang, week=int(week), year=year)


def group_label(attribute: str, value: object, lang: str = DEFAULT_LANG) -> str:
    """The name of a group of ``attribute`` (a vocabulary: ``nationality``, ``sex``, ``region``).

    ``None`` or a missing-value marker (:data:`MISSING_GROUPS`) is the group without a value;
    a code the catalogue does not know is shown as it is.
    """
    if value is None or (isinstance(value, str) and value.strip() in MISSING_GROUPS):
        return text("labels.group.missing", lang)
    code = str(value)
    return text_or(f"vocab.{attribute}.{code}", code, lang)
