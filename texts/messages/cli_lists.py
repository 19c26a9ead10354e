"""Column headings of the command line's lists (key prefix ``cli.list``).

The lists show the product's labels (roles, district governments) in the language of the run;
ids and codes are only in their ``--json`` output.
"""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "users.id": ("Nr.", "No."),
    "users.name": ("Name", "Name"),
    "users.role": ("Rolle", "Role"),
    "users.regions": ("Bezirksregierungen", "District governments"),
    "users.state": ("Status", "Status"),
    "policy.id": ("Nr.", "No."),
    "policy.version": ("Version", "Version"),
    "policy.state": ("Stand", "State"),
    "policy.author": ("Entwurf von", "Drafted by"),
    "policy.changes": ("Änderungen gegenüber der Ausgangsversion", "Changes from the base version"),
}
