"""Texts of case versions, events and the change feed (key prefix ``events``): why a tier
changed, the German sentence of what an event changed, the feed page, the event form, and the
errors of the event endpoints (naming line, case and field)."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- causes of a recorded evaluation ----------------------------------------------------
    "cause.import_first": (
        "durch Erstimport (Fassung {version}, {date})",
        "by the first import (version {version}, {date})",
    ),
    "cause.import": (
        "durch neue Fassung des Datensatzes (Fassung {version}, {date})",
        "by a new version of the case data (version {version}, {date})",
    ),
    "cause.event": (
        "durch neue Tatsache: {fact} (Ereignis {event}, {date})",
        "by a new fact: {fact} (event {event}, {date})",
    ),
    "cause.event_no_id": (
        "durch neue Tatsache: {fact} ({date})",
        "by a new fact: {fact} ({date})",
    ),
    "cause.events": (
        "durch neue Tatsachen: {facts} (Ereignisse {events}, {date})",
        "by new facts: {facts} (events {events}, {date})",
    ),
    "cause.ruleset": ("durch Regelwerk {ruleset}", "by rule set {ruleset}"),
    "cause.time": ("durch Zeitablauf: {what}", "by the passing of time: {what}"),
    "cause.first": (
        "Erstbewertung (Fall vor Beginn der Aufzeichnung gespeichert, {date})",
        "first evaluation (case stored before recording began, {date})",
    ),
    "cause.unknown": ("Ursache unbekannt", "cause unknown"),
    # --- facts an event sets (the {fact} of cause.event) --------------------------------------
    "fact.departure_status": ("Ausreisepflicht: {value}", "departure obligation: {value}"),
    "fact.departure_status.enforceable": (
        "Ausreisepflicht vollziehbar",
        "departure obligation enforceable",
    ),
    "fact.offence_added": (
        "Straftat {offence} ({category}) bekannt geworden",
        "offence {offence} ({category}) became known",
    ),
    "fact.offence_convicted": (
        "Verurteilung {offence} rechtskräftig",
        "conviction {offence} became final",
    ),
    "fact.offence_updated": (
        "Verfahren {offence}: {status}",
        "proceedings {offence}: {status}",
    ),
    "fact.incident_added": (
        "Vorfall {incident} dokumentiert",
        "incident {incident} documented",
    ),
    "fact.custody_on": ("in Haft, Entlassung {date}", "in custody, release on {date}"),
    "fact.custody_on_no_date": ("in Haft", "in custody"),
    "fact.custody_off": ("nicht mehr in Haft", "no longer in custody"),
    "fact.asylum_pending.true": ("Asylverfahren anhängig", "asylum procedure pending"),
    "fact.asylum_pending.false": ("Asylverfahren abgeschlossen", "asylum procedure ended"),
    "fact.deportation_ban.true": (
        "Abschiebungsverbot festgestellt",
        "ban on deportation established",
    ),
    "fact.deportation_ban.false": ("Abschiebungsverbot aufgehoben", "ban on deportation lifted"),
    "fact.toleration_set": ("Duldung: {reason}", "tolerated stay (Duldung): {reason}"),
    "fact.toleration_lifted": ("Duldung aufgehoben", "tolerated stay (Duldung) lifted"),
    "fact.travel_document": ("Reisedokument: {value}", "travel document: {value}"),
    # --- the passing of time (the {what} of cause.time) ---------------------------------------
    "time.record_left": Plural(
        (
            "{record} liegt nicht mehr im Zeitfenster ({n} Monat)",
            "{record} is no longer within the window ({n} month)",
        ),
        (
            "{record} liegt nicht mehr im Zeitfenster ({n} Monate)",
            "{record} is no longer within the window ({n} months)",
        ),
    ),
    "time.offence": ("Verurteilung {id}", "conviction {id}"),
    "time.offence_other": ("Straftat {id}", "offence {id}"),
    "time.incident": ("Vorfall {id}", "incident {id}"),
    "time.birthday": ("{age}. Geburtstag", "birthday ({age} years)"),
    "time.release": Plural(
        (
            "Entlassung am {date} rückt näher ({n} Tag)",
            "release on {date} is approaching ({n} day)",
        ),
        (
            "Entlassung am {date} rückt näher ({n} Tage)",
            "release on {date} is approaching ({n} days)",
        ),
    ),
    "time.released": ("Entlassungsdatum {date} erreicht", "release date {date} reached"),
    "time.date": ("Stichtag {date}", "reference date {date}"),
    # --- what an event changed (the answer of the event endpoints) ----------------------------
    "said.tier": (
        "{case}: Stufe {before} → {after} {cause}.",
        "{case}: tier {before} → {after} {cause}.",
    ),
    "said.score": (
        "{case}: Stufe {tier} unverändert, Punktwert {before} → {after} {cause}.",
        "{case}: tier {tier} unchanged, score {before} → {after} {cause}.",
    ),
    "said.other": (
        "{case}: Stufe {tier} unverändert; geändert: {what} {cause}.",
        "{case}: tier {tier} unchanged; changed: {what} {cause}.",
    ),
    "said.nothing": (
        "{case}: Stufe {tier} unverändert, sonst keine Änderung {cause}.",
        "{case}: tier {tier} unchanged, nothing else changed {cause}.",
    ),
    "said.gained": ("{id} neu", "{id} now applies"),
    "said.lost": ("{id} entfällt", "{id} no longer applies"),
    # --- errors of the event endpoints --------------------------------------------------------
    "error.rejected": Plural(
        (
            "Ereignisse abgelehnt, nichts gespeichert ({n} Fehler)",
            "Events rejected, nothing was stored ({n} error)",
        ),
        (
            "Ereignisse abgelehnt, nichts gespeichert ({n} Fehler)",
            "Events rejected, nothing was stored ({n} errors)",
        ),
    ),
    "error.line": (
        "Zeile {line}, Fall {case}, Feld {field}: {message}",
        "line {line}, case {case}, field {field}: {message}",
    ),
    "error.case_mismatch": (
        "Ereignis für Fall {given}, aber die Adresse nennt Fall {path}",
        "event for case {given}, but the address names case {path}",
    ),
    "error.no_case": (
        "Fall nicht gefunden oder nicht in Ihren Bezirksregierungen",
        "case not found or not in your district governments",
    ),
    "error.not_json": ("kein gültiges JSON: {why}", "not valid JSON: {why}"),
    "error.unreadable": ("JSON nicht lesbar: {why}", "JSON cannot be read: {why}"),
    "error.not_utf8": (
        "kein UTF-8-Text: ungültiges Byte an Stelle {position}",
        "not UTF-8 text: invalid byte at position {position}",
    ),
    "error.unknown_type": (
        "Ereignistyp fehlt oder ist unbekannt; möglich sind {types}",
        "event type missing or unknown; expected one of {types}",
    ),
    "error.said": ("{message}", "{message}"),
    "error.empty": ("keine Ereignisse übermittelt", "no events sent"),
    "error.too_many": (
        "mehr als {limit} Ereignisse in einer Sendung",
        "more than {limit} events in one request",
    ),
    "error.content_type": (
        "Inhaltstyp {type} nicht unterstützt; application/json oder application/x-ndjson",
        "content type {type} not supported; application/json or application/x-ndjson",
    ),
    "error.object": (
        "jedes Ereignis muss ein JSON-Objekt sein",
        "every event must be a JSON object",
    ),
    "error.too_many_records": (
        "der Fall hätte danach mehr als {limit} Einträge unter „{kind}“",
        "the case would then have more than {limit} records under “{kind}”",
    ),
}

#: Texts of the web pages (key prefix ``web``): the change feed page and the event form.
WEB_MESSAGES: dict[str, Entry] = {
    "nav_changes": ("Änderungen", "Changes"),
    "changes_title": (
        "Änderungen seit Ihrer letzten Sichtung",
        "Changes since you last looked",
    ),
    "changes_intro": Plural(
        (
            "Fälle Ihrer Bezirksregierungen, deren Stufe sich geändert hat oder die neu "
            "eingegangen sind (letzter Tag), jeweils mit dem Grund.",
            "Cases in your district governments whose tier has changed or that are new (last "
            "day), each with its cause.",
        ),
        (
            "Fälle Ihrer Bezirksregierungen, deren Stufe sich geändert hat oder die neu "
            "eingegangen sind (letzte {n} Tage), jeweils mit dem Grund.",
            "Cases in your district governments whose tier has changed or that are new (last "
            "{n} days), each with its cause.",
        ),
    ),
    "changes_since_seen": (
        "Zuletzt als gesehen markiert: {when}.",
        "Last marked as seen: {when}.",
    ),
    "changes_never_seen": (
        "Sie haben diese Liste noch nie als gesehen markiert.",
        "You have never marked this list as seen.",
    ),
    "changes_caption": ("Änderungen: {count}", "Changes: {count}"),
    "changes_none": (
        "Keine neuen Änderungen seit Ihrer letzten Sichtung.",
        "No new changes since you last looked.",
    ),
    "changes_more": (
        "Es gibt weitere Änderungen: markieren Sie diese als gesehen, um die nächsten zu sehen.",
        "There are more changes: mark these as seen to see the next ones.",
    ),
    "changes_mark_seen": ("Als gesehen markieren", "Mark as seen"),
    "changes_live": (
        "Neue Änderungen erscheinen hier ohne Neuladen.",
        "New changes appear here without reloading.",
    ),
    "changes_arrived": ("Neue Änderung: {case}", "New change: {case}"),
    "col_change": ("Änderung", "Change"),
    "col_cause": ("Grund", "Cause"),
    "col_changed_on": ("Stichtag", "Reference date"),
    "kind_new": ("Neu eingegangen", "New"),
    "kind_changed": ("Stufe {before} → {after}", "Tier {before} → {after}"),
    "approaching_title": ("Entlassung steht bevor", "Release approaching"),
    "approaching_intro": Plural(
        (
            "In Haft, Entlassung innerhalb eines Tages.",
            "In custody, release within the next day.",
        ),
        (
            "In Haft, Entlassung in den nächsten {n} Tagen.",
            "In custody, release within the next {n} days.",
        ),
    ),
    "col_release": ("Entlassung", "Release date"),
    "col_days": ("in Tagen", "in days"),
    "approaching_none": ("Keine Entlassungen in diesem Zeitraum.", "No releases in this period."),
}

#: Texts of the case page (key prefix ``web``): history of evaluations and the event form.
WEB_CASE_MESSAGES: dict[str, Entry] = {
    "evaluations_title": ("Verlauf der Einstufung", "Tier history"),
    "evaluations_caption": (
        "Gespeicherte Bewertungen zu Fall {case_id}, neueste zuerst",
        "Recorded evaluations of case {case_id}, newest first",
    ),
    "evaluations_none": (
        "Noch keine gespeicherte Bewertung (Daten vor Einführung des Verlaufs).",
        "No recorded evaluation yet (data from before the history existed).",
    ),
    "col_tier_change": ("Stufe", "Tier"),
    "col_ruleset": ("Regelwerk", "Rule set"),
    "event_title": ("Neue Tatsache erfassen", "Record a new fact"),
    "event_intro": (
        "Die Tatsache wird als neue Fassung des Falls gespeichert und sofort neu bewertet.",
        "The fact is stored as a new version of the case and the case is re-evaluated at once.",
    ),
    "event_kind": ("Was ist geschehen?", "What happened?"),
    "event_kind.conviction": ("Verurteilung rechtskräftig", "Conviction became final"),
    "event_kind.departure": (
        "Ausreisepflicht vollziehbar",
        "Departure obligation enforceable",
    ),
    "event_kind.custody": ("Haft / Entlassungsdatum", "Custody / release date"),
    "event_kind.blocker": ("Hindernis gesetzt oder aufgehoben", "Obstacle set or lifted"),
    "event_offence": ("Verfahren", "Proceedings"),
    "event_sentence": ("Strafe in Monaten", "Sentence in months"),
    "event_in_custody": ("in Haft", "in custody"),
    "event_release": ("Entlassungsdatum (leer: unbekannt)", "Release date (empty: unknown)"),
    "event_blocker": ("Hindernis", "Obstacle"),
    "event_blocker.asylum_pending": ("Asylverfahren anhängig", "Asylum procedure pending"),
    "event_blocker.deportation_ban": ("Abschiebungsverbot", "Ban on deportation"),
    "event_blocker.toleration_reason": ("Duldung", "Tolerated stay (Duldung)"),
    "event_blocker_action": ("gesetzt oder aufgehoben", "set or lifted"),
    "event_set": ("gesetzt", "set"),
    "event_lift": ("aufgehoben", "lifted"),
    "event_toleration_reason": (
        "Grund der Duldung (nur beim Setzen)",
        "Reason for the tolerated stay (only when setting it)",
    ),
    "event_id": ("Ereignisnummer (optional)", "Event number (optional)"),
    "event_as_of": ("Stichtag der Bewertung", "Reference date"),
    "event_button": ("Tatsache speichern", "Save the fact"),
    "event_saved": ("Gespeichert: {said}", "Saved: {said}"),
    "event_rejected": ("Nicht gespeichert:", "Not saved:"),
    "event_kind_required": ("Bitte wählen Sie, was geschehen ist.", "Please choose what happened."),
    "event_offence_required": (
        "Bitte wählen Sie das Verfahren.",
        "Please choose the proceedings.",
    ),
    "event_sentence_required": (
        "Bitte geben Sie die Strafe in Monaten an (eine Zahl ab 0).",
        "Please enter the sentence in months (a number, 0 or more).",
    ),
    "event_release_bad": (
        "Bitte geben Sie das Entlassungsdatum als Datum an.",
        "Please enter the release date as a valid date.",
    ),
    "event_blocker_required": (
        "Bitte wählen Sie das Hindernis und ob es gesetzt oder aufgehoben wurde.",
        "Please choose the obstacle and whether it was set or lifted.",
    ),
    "event_reason_required": (
        "Bitte wählen Sie den Grund der Duldung.",
        "Please choose the reason for the tolerated stay.",
    ),
    "event_id_bad": (
        "Die Ereignisnummer darf höchstens 64 Zeichen haben.",
        "The event number may be at most 64 characters long.",
    ),
}
