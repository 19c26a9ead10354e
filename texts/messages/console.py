"""Texts of the command line's output (key prefix ``console``): tables, summaries, notices."""

from __future__ import annotations

from texts.forms import Entry, Plural

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
        "Port {port} an {host} darf die Demo nicht belegen: Wählen Sie einen Port über "
        "1023, z. B. mit make demo PORT={other} (oder triage demo --port {other}).",
        "The demo may not listen on port {port} on {host}: choose a port above 1023, e.g. with "
        "make demo PORT={other} (or triage demo --port {other}).",
    ),
    "demo.bad_host": (
        "Die Adresse {host} ist unbekannt: Geben Sie mit --host eine Adresse dieses Rechners an, "
        "z. B. 127.0.0.1.",
        "The address {host} is unknown: give an address of this machine with --host, e.g. "
        "127.0.0.1.",
    ),
    "none": ("–", "–"),
    "rank.title": ("Fallliste · {label}", "Queue · {label}"),
    "rank.col.rank": ("Rang", "Rank"),
    "rank.col.case": ("Fall", "Case"),
    "rank.col.region": ("Bezirksregierung", "District government"),
    "rank.col.tier": ("Stufe", "Tier"),
    "rank.col.score": ("Punktwert", "Score"),
    "rank.col.criteria": ("Kriterien", "Criteria"),
    "rank.col.blockers": ("Hindernisse", "Obstacles"),
    "rank.col.actions": ("Erforderliche Schritte", "Required steps"),
    "rank.more": Plural(
        (
            "… und {n} weiterer Fall (mehr Zeilen mit --top N)",
            "… and {n} more case (more rows with --top N)",
        ),
        (
            "… und {n} weitere Fälle (mehr Zeilen mit --top N)",
            "… and {n} more cases (more rows with --top N)",
        ),
    ),
    "rank.parquet_needs_out": (
        "Parquet ist ein Binärformat und wird nur in eine Datei geschrieben: Geben Sie --out "
        "DATEI.parquet an.",
        "Parquet is a binary format and is only written to a file: give --out FILE.parquet.",
    ),
    "rank.written": Plural(
        (
            "Fallliste mit {n} Fall geschrieben ({label}, Stichtag {day}) → {path}",
            "{n} case ranked ({label}, reference date {day}) → {path}",
        ),
        (
            "Fallliste mit {n} Fällen geschrieben ({label}, Stichtag {day}) → {path}",
            "{n} cases ranked ({label}, reference date {day}) → {path}",
        ),
    ),
    "replay.tier_moved": ("{case}: {before} → {after}{why}", "{case}: {before} → {after}{why}"),
    "replay.score_moved": (
        "{case}: {tier}, Punktwert {before} → {after}{why}",
        "{case}: {tier}, score {before} → {after}{why}",
    ),
    "replay.reasons_only": ("{case}: {tier}{why}", "{case}: {tier}{why}"),
    "replay.unchanged": ("{case}: {tier}, unverändert", "{case}: {tier}, unchanged"),
    "replay.why": (" – {reasons}", " – {reasons}"),
    "replay.gained": ("neu: {name}", "now applies: {name}"),
    "replay.lost": ("entfällt: {name}", "no longer applies: {name}"),
    # {events} and {moved} are counted nouns (count.events, count.tier_changes)
    "replay.summary": (
        "{events}, {changed} mit Änderung, {moved} ({label}, Stichtag {day}, Ereignispfad)",
        "{events}, {changed} with a change, {moved} ({label}, reference date {day}, event path)",
    ),
    "fairness.title": (
        "Fairness nach {column} (ausgewählt = {positive})",
        "Fairness by {column} (selected = {positive})",
    ),
    "fairness.caption": (
        "Prüfung: Vier-Fünftel-Regel. Referenz: {reference}. Verhältnis = Auswahlquote der "
        "Gruppe ÷ Quote der Referenz; auffällig unter {low} oder über {high}. Δ in "
        "Prozentpunkten gegen die Referenz. Gruppen unter {min} Zeilen: „zu klein“, nicht "
        "bewertet.",
        "Test: four-fifths rule. Reference: {reference}. Ratio = the group's selection rate ÷ "
        "the reference's; flagged below {low} or above {high}. Δ in percentage points against "
        "the reference. Groups below {min} rows: “too small”, not assessed.",
    ),
    "fairness.reference_largest": ("die größte Gruppe, {group}", "the largest group, {group}"),
    "fairness.reference_highest": (
        "die am häufigsten ausgewählte Gruppe, {group}",
        "the most selected group, {group}",
    ),
    "fairness.reference_overall": (
        "die Gesamtquote aller Zeilen ({rate})",
        "the rate over all rows ({rate})",
    ),
    "fairness.reference_none": (
        "keine (keine Gruppe ist groß genug oder nichts ist ausgewählt)",
        "none (no group is large enough, or nothing is selected)",
    ),
    "fairness.col.group": ("Gruppe", "Group"),
    "fairness.col.n": ("Zeilen", "Rows"),
    "fairness.col.rate": ("Auswahlquote", "Selection rate"),
    "fairness.col.ratio": ("Verhältnis", "Ratio"),
    "fairness.col.fpr": ("Falsch-positiv", "False positive"),
    "fairness.col.fpr_diff": ("Δ falsch-pos.", "Δ false pos."),
    "fairness.col.fnr": ("Falsch-negativ", "False negative"),
    "fairness.col.fnr_diff": ("Δ falsch-neg.", "Δ false neg."),
    "fairness.col.assessment": ("Bewertung", "Assessment"),
    "fairness.small": ("zu klein", "too small"),
    "fairness.flagged": ("auffällig", "flagged"),
    "fairness.flagged_list": (
        "Vier-Fünftel-Regel auffällig: {groups}",
        "Flagged by the four-fifths rule: {groups}",
    ),
    "fairness.ok": ("unauffällig", "not flagged"),
    "fairness.overall": ("gesamt", "overall"),
    "fairness.none_flagged": (
        "Vier-Fünftel-Regel: keine Gruppe auffällig.",
        "Four-fifths rule: no group flagged.",
    ),
}
