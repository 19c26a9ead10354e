"""Texts of the second round of hardening (issue #14 leftovers, key prefix ``hardening``): the
reason of an import, the simulation chart's hidden cells, the simulation date grid and the audit
key ring."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    # --- the reason of an import (cases.import)
    "import_reason_required": (
        "Ein Import braucht eine Begründung (Parameter 'reason' oder Formularfeld 'reason'; "
        "TRIAGE_IMPORT_REASON_REQUIRED ist gesetzt)",
        "an import needs a reason (query parameter 'reason' or form field 'reason'; "
        "TRIAGE_IMPORT_REASON_REQUIRED is set)",
    ),
    "import_reason_invalid": (
        "Die Begründung darf höchstens {limit} Zeichen und keine Steuerzeichen enthalten",
        "the reason may have at most {limit} characters and no control characters",
    ),
    # --- the simulation chart's hidden cells
    "chart_hidden": (
        "{mark} Stufen mit weniger als {n} Fällen (und Zahlen, die sie verraten würden) sind "
        "nicht dargestellt",
        "{mark} tiers with fewer than {n} cases (and numbers that would reveal them) are not drawn",
    ),
}
