"""Texts of the command line's output (key prefix ``console``): tables, summaries, notices."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "policy.activated": ("In Kraft: {label} ab {day}", "In force: {label} from {day}"),
    "policy.scheduled": ("Geplant: {label} ab {day}", "Scheduled: {label} from {day}"),
    "policy.no_change": ("keine Änderung", "no change"),
}
