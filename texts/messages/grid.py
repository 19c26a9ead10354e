"""Texts of the simulation date grid on the caseload as it stood (issue #14, item 4)."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "not_ended": (
        "Der offene Bestand kann für Ihre Rolle am {day} nicht simuliert werden: simuliert wird "
        "der Bestand, wie er am Ende eines vergangenen Montags stand, und dieser Tag ist noch "
        "nicht zu Ende (Schutz vor Differenzbildung). Letzter möglicher Stichtag: {earlier}",
        "The open caseload cannot be simulated on {day} for your role: a simulation uses the "
        "caseload as it stood at the end of a past Monday, and this day has not ended yet "
        "(protection against differencing). Last possible reference date: {earlier}",
    ),
}
