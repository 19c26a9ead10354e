"""Texts of the explanation and the note for the file (key prefix ``note``).

:mod:`rules.explanation` builds the explanation record from these; :mod:`rules.render` and the
web templates only arrange it. German grammar: a genitive after "wegen", conditional clauses in
the Konjunktiv II (the changes are hypothetical), no nested parentheses.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- headings of the note
    "title": (
        "Aktenvermerk – Priorisierung im Fallmanagement NRW",
        "File note – prioritisation in Fallmanagement NRW",
    ),
    "case_line": (
        "Fall {case_id} · Bezirksregierung {region}",
        "Case {case_id} · {region} district government",
    ),
    "as_of_line": (
        "Stichtag: {as_of} · Regelwerk {ruleset}, Version {version}",
        "Reference date: {as_of} · rule set {ruleset}, version {version}",
    ),
    "tier_line": ("Einstufung: {tier} · Punktwert {score}", "Tier: {tier} · score {score}"),
    "reason": ("Begründung", "Reason"),
    "legal_status": ("Rechtsstatus am Stichtag", "Legal status on the reference date"),
    "criteria": ("Kriterien", "Criteria"),
    "requirement": ("Voraussetzung", "Requirement"),
    "measured": ("Messwert", "Measured value"),
    "basis": ("Grundlage", "Basis"),
    "evidence": ("Beleg", "Evidence"),
    "near_misses": ("Knapp verfehlt", "Near misses"),
    "changes": ("Was die Einstufung ändern würde", "What would change the tier"),
    "changes_hint": (
        "Jeweils eine einzelne Änderung einer Tatsache, alles andere wie am Stichtag.",
        "Each is a single change to one fact; everything else is as on the reference date.",
    ),
    "blockers": ("Rechtliche Hindernisse", "Legal obstacles"),
    "actions": ("Erforderliche Schritte", "Required steps"),
    "not_counted": ("Nicht berücksichtigte Einträge", "Records not counted"),
    "parameters": ("Parameter des Regelwerks", "Rule set parameters"),
    "none": ("keine", "none"),
    "points": Plural(("{n} Punkt", "{n} point"), ("{n} Punkte", "{n} points")),
    "met": ("erfüllt", "met"),
    "not_met": ("nicht erfüllt", "not met"),
    "disclaimer": (
        "Diese Einstufung ordnet die Fallliste für die Prüfung durch Menschen und begründet die "
        "Reihenfolge. Sie ist weder eine Entscheidung noch eine Empfehlung zu "
        "aufenthaltsbeendenden Maßnahmen; die Entscheidung trifft die zuständige Person.",
        "This prioritisation orders the queue for human review and explains the order. It is "
        "neither a decision nor a recommendation on any measure ending a stay; the person "
        "responsible decides.",
    ),
    "no_criterion": ("kein Kriterium erfüllt", "no criterion met"),
    "obstacle": ("Hindernis: {titles}", "obstacle: {titles}"),
    "short.points_only": Plural(
        ("{titles} – erhöht allein nur den Punktwert", "{titles} – on its own only adds points"),
        ("{titles} – erhöhen allein nur den Punktwert", "{titles} – on their own only add points"),
    ),
    # --- the legal status block: labels and values
    "status.departure_status": ("Ausreisepflicht", "Departure obligation"),
    "status.asylum_pending": ("Asylverfahren", "Asylum procedure"),
    "status.deportation_ban": (
        "Abschiebungsverbot (§ 60 Abs. 5/7 AufenthG)",
        "Ban on deportation (Sec. 60(5)/(7) Residence Act)",
    ),
    "status.toleration_reason": (
        "Duldung (§ 60a AufenthG)",
        "Tolerated stay (Duldung, Sec. 60a Residence Act)",
    ),
    "status.travel_document": ("Reisedokument", "Travel document"),
    "status.custody": ("Haft", "Custody"),
    "status.age": ("Alter am Stichtag", "Age on the reference date"),
    "status.pending": ("anhängig", "pending"),
    "status.not_pending": ("nicht anhängig", "not pending"),
    "status.established": ("festgestellt", "established"),
    "status.not_established": ("nicht festgestellt", "not established"),
    "status.no_toleration": ("keine", "none"),
    "status.in_custody_release": (
        "in Haft, voraussichtliche Entlassung am {date}",
        "in custody, expected release on {date}",
    ),
    "status.in_custody_release_passed": (
        "in Haft; das angegebene Entlassungsdatum {date} liegt vor dem Stichtag – Angabe prüfen",
        "in custody; the stated release date {date} is before the reference date – check the data",
    ),
    "status.in_custody_unknown": (
        "in Haft, Entlassungsdatum nicht bekannt",
        "in custody, release date not known",
    ),
    "status.not_in_custody": ("nicht in Haft", "not in custody"),
    "status.age_adult": Plural(("{n} Jahr", "{n} year"), ("{n} Jahre", "{n} years")),
    "status.age_minor": (
        "{years} – minderjährig, volljährig ab {date}",
        "{years} – a minor, comes of age on {date}",
    ),
    # Duldung phrases after "Duldung" (genitive after "wegen")
    "toleration.travel_documents": (
        "wegen fehlender Reisedokumente",
        "for lack of travel documents",
    ),
    "toleration.health": ("aus gesundheitlichen Gründen", "for health reasons"),
    "toleration.family": ("aus familiären Gründen", "for family reasons"),
    "toleration.other": ("aus sonstigen Gründen", "for other reasons"),
    # --- facts of the case as reasons (tier grounds), by field and value
    "fact.departure_status.enforceable": (
        "vollziehbar ausreisepflichtig",
        "departure obligation enforceable",
    ),
    "fact.departure_status.pending": (
        "Ausreisepflicht nicht vollziehbar",
        "departure obligation not enforceable",
    ),
    "fact.departure_status.none": ("keine Ausreisepflicht", "no departure obligation"),
    "fact.asylum_pending.true": ("Asylverfahren anhängig", "asylum procedure pending"),
    "fact.asylum_pending.false": ("kein Asylverfahren anhängig", "no asylum procedure pending"),
    "fact.deportation_ban.true": (
        "Abschiebungsverbot festgestellt",
        "ban on deportation established",
    ),
    "fact.deportation_ban.false": ("kein Abschiebungsverbot", "no ban on deportation"),
    "fact.toleration_reason.null": ("keine Duldung", "no tolerated stay"),
    "fact.toleration_reason.travel_documents": (
        "Duldung wegen fehlender Reisedokumente",
        "tolerated stay for lack of travel documents",
    ),
    "fact.toleration_reason.health": (
        "Duldung aus gesundheitlichen Gründen",
        "tolerated stay for health reasons",
    ),
    "fact.toleration_reason.family": (
        "Duldung aus familiären Gründen",
        "tolerated stay for family reasons",
    ),
    "fact.toleration_reason.other": (
        "Duldung aus sonstigen Gründen",
        "tolerated stay for other reasons",
    ),
    "fact.travel_document.valid": ("Reisedokument gültig", "valid travel document"),
    "fact.travel_document.expired": ("Reisedokument abgelaufen", "travel document expired"),
    "fact.travel_document.none": ("kein Reisedokument", "no travel document"),
    "fact.travel_document.in_procurement": (
        "Reisedokument in Beschaffung",
        "travel document being procured",
    ),
    "fact.in_custody.true": ("in Haft", "in custody"),
    "fact.in_custody.false": ("nicht in Haft", "not in custody"),
    "fact.generic": ("{field}: {value}", "{field}: {value}"),
    # --- atoms of a condition, phrased
    "ground.no_blocker": ("kein rechtliches Hindernis", "no legal obstacle"),
    "ground.blocker": ("rechtliches Hindernis: {titles}", "legal obstacle: {titles}"),
    "ground.blocker_not": ("kein Hindernis „{title}“", "no obstacle “{title}”"),
    "ground.criterion": ("„{title}“ erfüllt", "“{title}” met"),
    "ground.criteria": ("{titles} erfüllt", "{titles} met"),
    "quoted": ("„{title}“", "“{title}”"),
    "and": (" und ", " and "),
    "or": (" oder ", " or "),
    # why no earlier tier applies (tiers are tried in order, first match wins)
    "ground.not_tiers": ("{facts}, daher nicht {tiers}", "{facts}, hence not {tiers}"),
    "ground.criteria_none": (
        "keines der Kriterien {titles} erfüllt",
        "none of the criteria {titles} met",
    ),
    # the catch-all tier with criteria that only add points (e.g. an imminent release)
    "ground.points_only": Plural(
        (
            "{titles} erfüllt – dieses Kriterium erhöht nur den Punktwert und macht den Fall "
            "allein nicht zu einem priorisierten Fall",
            "{titles} met – this criterion only adds points and does not on its own make the "
            "case a prioritised case",
        ),
        (
            "{titles} erfüllt – diese Kriterien erhöhen nur den Punktwert und machen den Fall "
            "allein nicht zu einem priorisierten Fall",
            "{titles} met – these criteria only add points and do not on their own make the "
            "case a prioritised case",
        ),
    ),
    "ground.criterion_not": ("„{title}“ nicht erfüllt", "“{title}” not met"),
    "ground.flag": ("{title}: {details}", "{title}: {details}"),
    "ground.flag_not": ("nicht gegeben: {title}", "not present: {title}"),
    "ground.compare": (
        "{label}: {value}, Schwelle {op} {operand}",
        "{label}: {value}, threshold {op} {operand}",
    ),
    "ground.param": ("Parameter „{label}“: {value}", "parameter “{label}”: {value}"),
    "ground.and": ("; ", " and "),
    "op.ge": ("mindestens", "at least"),
    "op.gt": ("mehr als", "more than"),
    "op.le": ("höchstens", "at most"),
    "op.lt": ("weniger als", "less than"),
    "op.eq": ("gleich", "equal to"),
    "op.ne": ("ungleich", "other than"),
    "op.in": ("eines von", "one of"),
    "op.not_in": ("keines von", "none of"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "no_value": ("nichts erfasst", "none recorded"),
    "no_date": ("kein {field} erfasst", "no {field} recorded"),
    "date_passed": (
        "keine – das {field} {date} liegt vor dem Stichtag (Angabe prüfen)",
        "none – the {field} {date} is before the reference date (check the data)",
    ),
    # --- measures of criteria
    "measure": (
        "{label}: {value}, Schwelle {op} {threshold}",
        "{label}: {value}, threshold {op} {threshold}",
    ),
    # --- records
    "record.fine": ("Geldstrafe", "fine"),
    "record.months": Plural(("{n} Monat", "{n} month"), ("{n} Monate", "{n} months")),
    "record.suspended": ("zur Bewährung", "suspended"),
    "record.juvenile": ("Jugendstrafe", "juvenile sentence"),
    "record.severity": ("Schwere {severity}", "severity {severity}"),
    "record.not_final": (
        "nicht rechtskräftig – es gilt die Unschuldsvermutung",
        "not final – the presumption of innocence applies",
    ),
    "field.sentence_months": ("Strafe", "sentence"),
    "field.severity": ("Schwere", "severity"),
    "field.category": ("Deliktskategorie", "offence category"),
    "field.status": ("Verfahrensstand", "procedural status"),
    "field.type": ("Art des Vorfalls", "type of incident"),
    "field.date": ("Datum", "date"),
    "field.suspended.true": ("zur Bewährung ausgesetzt", "sentence suspended"),
    "field.suspended.false": ("nicht zur Bewährung ausgesetzt", "sentence not suspended"),
    "field.juvenile.true": ("Jugendstrafe", "juvenile sentence"),
    "field.juvenile.false": ("keine Jugendstrafe", "no juvenile sentence"),
    "field.not_in_set": (
        "{value} gehört nicht zu den „{label}“",
        "{value} is not one of the “{label}”",
    ),
    "window_out": Plural(
        (
            "außerhalb des Zeitfensters von einem Monat",
            "outside the window of one month",
        ),
        ("außerhalb des Zeitfensters von {n} Monaten", "outside the window of {n} months"),
    ),
    # --- why a record was not counted
    # one format for every line: for which criteria, then the specific reason
    "never.dismissed": (
        "für kein Kriterium berücksichtigt – Verfahren eingestellt",
        "not counted for any criterion – proceedings dismissed",
    ),
    "never.acquitted": (
        "für kein Kriterium berücksichtigt – Freispruch",
        "not counted for any criterion – acquitted",
    ),
    "after_as_of": (
        "für kein Kriterium berücksichtigt – liegt nach dem Stichtag",
        "not counted for any criterion – after the reference date",
    ),
    "not_counted_for": Plural(
        (
            "für das Kriterium {criteria} nicht berücksichtigt – {reason}",
            "not counted for the criterion {criteria} – {reason}",
        ),
        (
            "für die Kriterien {criteria} nicht berücksichtigt – {reason}",
            "not counted for the criteria {criteria} – {reason}",
        ),
    ),
    "field.status.under_investigation": (
        "Ermittlungsverfahren, keine rechtskräftige Verurteilung",
        "under investigation, no final conviction",
    ),
    "field.status.charged": (
        "angeklagt, keine rechtskräftige Verurteilung",
        "charged, no final conviction",
    ),
    "param.count_suspended_sentences.false": (
        "Bewährungsstrafen werden nicht gezählt (Parameter „{label}“: nein)",
        "suspended sentences are not counted (parameter “{label}”: no)",
    ),
    "counted": ("Gezählt, Schwelle nicht erreicht", "Counted, threshold not reached"),
    "measured_other": ("Messwert, nicht erreicht", "Measured value, not reached"),
    # --- what would change the tier
    "change": (
        "Die Einstufung wäre „{tier}“ (Punktwert {score}), {clause}.",
        "The tier would be “{tier}” (score {score}) {clause}.",
    ),
    "cf.departure_status.enforceable": (
        "wenn die Ausreisepflicht vollziehbar würde",
        "if the departure obligation became enforceable",
    ),
    "cf.departure_status.pending": (
        "wenn die Ausreisepflicht nicht vollziehbar wäre",
        "if the departure obligation were not enforceable",
    ),
    "cf.departure_status.none": (
        "wenn keine Ausreisepflicht bestünde",
        "if there were no departure obligation",
    ),
    "cf.asylum_pending.true": (
        "wenn ein Asylverfahren anhängig würde",
        "if an asylum procedure became pending",
    ),
    "cf.asylum_pending.false": (
        "wenn das Asylverfahren abgeschlossen wäre",
        "if the asylum procedure were closed",
    ),
    "cf.deportation_ban.true": (
        "wenn ein Abschiebungsverbot festgestellt würde",
        "if a ban on deportation were established",
    ),
    "cf.deportation_ban.false": (
        "wenn das Abschiebungsverbot entfiele",
        "if the ban on deportation were lifted",
    ),
    "cf.toleration_reason.null": ("wenn die Duldung entfiele", "if the tolerated stay ended"),
    "cf.toleration_new": (
        "wenn eine Duldung {reason} erteilt würde",
        "if a tolerated stay {reason} were granted",
    ),
    "cf.toleration_other": (
        "wenn die Duldung {reason} bestünde statt {current}",
        "if the tolerated stay were granted {reason} instead of {current}",
    ),
    "cf.adult": (
        "wenn allein das Hindernis der Minderjährigkeit entfiele – volljährig ab {date}",
        "if only the obstacle of being a minor no longer applied – comes of age on {date}",
    ),
    "cf.dismissed": (
        "wenn das Verfahren {record} eingestellt würde oder mit Freispruch endete",
        "if the proceedings {record} were dismissed or ended in an acquittal",
    ),
    # an open proceeding is never imagined to end in a conviction (presumption of innocence)
    "cf.new_conviction.first": (
        "wenn eine rechtskräftige Verurteilung hinzukäme, auch nur zu einer Geldstrafe",
        "if there were a final conviction, even if only to a fine",
    ),
    "cf.new_conviction.more": (
        "wenn eine weitere rechtskräftige Verurteilung hinzukäme, auch nur zu einer Geldstrafe",
        "if there were one more final conviction, even if only to a fine",
    ),
    "cf.new_incident.first": (
        "wenn ein dokumentierter Vorfall der Schwere {severity} hinzukäme",
        "if there were a documented incident of severity {severity}",
    ),
    "cf.new_incident.more": (
        "wenn ein weiterer dokumentierter Vorfall der Schwere {severity} hinzukäme",
        "if there were one more documented incident of severity {severity}",
    ),
    "cf.record": ("{id} ({what})", "{id} ({what})"),
}
