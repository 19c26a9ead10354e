"""Texts of the command line's output (key prefix ``console``): tables, summaries, notices."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "policy.activated": ("In Kraft: {label} ab {day}", "In force: {label} from {day}"),
    "policy.scheduled": ("Geplant: {label} ab {day}", "Scheduled: {label} from {day}"),
    "policy.no_change": ("keine Änderung", "no change"),
    "demo.port_busy": (
        "Port {port} auf {host} ist schon belegt: Beenden Sie das Programm, das ihn nutzt, oder "
        "starten Sie die Demo auf einem freien Port, z. B. mit make demo PORT={other} (oder "
        "triage demo --port {other}).",
        "Port {port} on {host} is already in use: stop the program using it, or start the demo "
        "on a free port, e.g. with make demo PORT={other} (or triage demo --port {other}).",
    ),
    "demo.port_refused": (
        "Auf Port {port} an {host} darf die Demo nicht lauschen: Wählen Sie einen Port über "
        "1023, z. B. mit make demo PORT={other} (oder triage demo --port {other}).",
        "The demo may not listen on port {port} at {host}: choose a port above 1023, e.g. with "
        "make demo PORT={other} (or triage demo --port {other}).",
    ),
    "demo.bad_host": (
        "Die Adresse {host} ist unbekannt: Geben Sie mit --host eine Adresse dieses Rechners an, "
        "z. B. 127.0.0.1.",
        "The address {host} is unknown: give an address of this machine with --host, e.g. "
        "127.0.0.1.",
    ),
}
