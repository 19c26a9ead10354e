"""Texts of the generated documentation pack (key prefix ``compliance``): document titles, the
command line, and the phrases of the explanation for the person concerned (AI Act Art. 86).

The long-form documents themselves are German templates (``service/compliance/templates``),
filled from the system's own records; these are the pieces the code words itself."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # document titles (the manifest and the command line name them)
    "doc.annex_iv": (
        "Technische Dokumentation nach Anhang IV KI-Verordnung",
        "Technical documentation (AI Act Annex IV)",
    ),
    "doc.dpia": (
        "Datenschutz-Folgenabschätzung (Art. 35 DSGVO) – Entwurf",
        "Data protection impact assessment (GDPR Art. 35) – draft",
    ),
    "doc.ropa": (
        "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) – Entwurf",
        "Record of processing activities (GDPR Art. 30) – draft",
    ),
    "doc.fria": (
        "Grundrechte-Folgenabschätzung (Art. 27 KI-Verordnung) – Gerüst",
        "Fundamental rights impact assessment (AI Act Art. 27) – outline",
    ),
    "doc.atrs": (
        "Eintrag nach dem britischen Algorithmic Transparency Recording Standard (JSON)",
        "UK Algorithmic Transparency Recording Standard record (JSON)",
    ),
    "doc.algoritmeregister": (
        "Eintrag für das niederländische Algoritmeregister (JSON)",
        "Dutch algorithm register record (JSON)",
    ),
    "doc.art86": (
        "Erläuterung für die betroffene Person (Art. 86 KI-Verordnung)",
        "Explanation for the person concerned (AI Act Art. 86)",
    ),
    # command line
    "cli.built": (
        "{n} Unterlagen nach {out} geschrieben (Prüfprotokoll Nr. {seq}):",
        "{n} documents written to {out} (audit entry {seq}):",
    ),
    "cli.case_unknown": (
        "Fall {case_id}: nicht gefunden; die Erläuterung nach Art. 86 braucht einen "
        "gespeicherten Fall",
        "case {case_id}: not found; the Art. 86 explanation needs a stored case",
    ),
    "cli.example_case": (
        "Erläuterung nach Art. 86 als Muster aus dem Testszenario „{name}“ (keine echte Person)",
        "Art. 86 explanation as a sample from the test scenario “{name}” (no real person)",
    ),
    # the explanation for the person concerned (plain German, no internal ids)
    "art86.title": (
        "Erläuterung zur Einstufung Ihres Falls",
        "Explanation of how your case was classified",
    ),
    "art86.sample": (
        "Muster: Diese Erläuterung beruht auf einem erfundenen Testfall, nicht auf einer "
        "wirklichen Person.",
        "Sample: this explanation is based on an invented test case, not on a real person.",
    ),
    "art86.intro": (
        "Die Ausländerbehörde und die Regionale Rückkehrkoordinationsstelle nutzen ein "
        "Computerprogramm, das Fälle in eine Reihenfolge bringt. Die Reihenfolge sagt nur, "
        "welcher Fall zuerst von einem Menschen geprüft wird. Sie ist keine Entscheidung über "
        "Sie. Jede Entscheidung trifft eine Mitarbeiterin oder ein Mitarbeiter der Behörde und "
        "begründet sie.",
        "The immigration authority and the regional return coordination office use a computer "
        "program that puts cases in an order. The order only says which case a person reviews "
        "first. It is not a decision about you. Every decision is taken and explained by a "
        "member of staff.",
    ),
    "art86.placed": (
        "Stand {as_of}: Ihr Fall ist eingestuft als „{tier}“.",
        "Status on {as_of}: your case is classified as “{tier}”.",
    ),
    "art86.why": ("Warum?", "Why?"),
    "art86.no_criteria": (
        "Keine der Regeln für eine vorrangige Prüfung trifft auf Ihren Fall zu.",
        "None of the rules for priority review applies to your case.",
    ),
    "art86.criterion": (
        "{title}: {requirement}.",
        "{title}: {requirement}.",
    ),
    "art86.records": ("Berücksichtigt wurde:", "Taken into account:"),
    "art86.obstacles": (
        "Rechtliche Hindernisse, die berücksichtigt wurden: {titles}. Solange sie bestehen, "
        "wird Ihr Fall nicht vorrangig bearbeitet.",
        "Legal obstacles taken into account: {titles}. While they exist, your case is not "
        "treated with priority.",
    ),
    "art86.not_final": (
        "Für Verfahren, die noch nicht abgeschlossen sind, gilt die Unschuldsvermutung. Sie "
        "sind hier als „nicht rechtskräftig“ gekennzeichnet.",
        "The presumption of innocence applies to proceedings that are not concluded. They are "
        "marked “not final” here.",
    ),
    "art86.not_counted": Plural(
        (
            "{n} Eintrag wurde nicht berücksichtigt (zum Beispiel, weil das Verfahren "
            "eingestellt wurde oder zu lange zurückliegt).",
            "{n} record was not taken into account (for example because the proceedings were "
            "dismissed or lie too far in the past).",
        ),
        (
            "{n} Einträge wurden nicht berücksichtigt (zum Beispiel, weil Verfahren eingestellt "
            "wurden oder zu lange zurückliegen).",
            "{n} records were not taken into account (for example because proceedings were "
            "dismissed or lie too far in the past).",
        ),
    ),
    "art86.changes": (
        "Was die Einstufung ändern würde",
        "What would change the classification",
    ),
    "art86.model": (
        "Zusätzlich zeigt ein Punktemodell den Mitarbeitenden eine zweite Einschätzung. Es "
        "ändert die Reihenfolge nicht und liest weder Ihr Alter noch Ihre Staatsangehörigkeit "
        "oder Ihr Geschlecht.",
        "A points model also shows staff a second assessment. It does not change the order and "
        "does not read your age, your nationality or your sex.",
    ),
    "art86.rights_title": ("Ihre Rechte", "Your rights"),
    "art86.rights": (
        "Sie können Auskunft über die gespeicherten Daten verlangen (Art. 15 DSGVO), falsche "
        "Angaben berichtigen lassen (Art. 16 DSGVO) und diese Erläuterung verlangen (Art. 86 "
        "KI-Verordnung). Sie können sich bei der Landesbeauftragten für Datenschutz und "
        "Informationsfreiheit Nordrhein-Westfalen beschweren. Gegen Entscheidungen der Behörde "
        "stehen Ihnen die gesetzlichen Rechtsbehelfe offen. Ansprechstelle: {contact}.",
        "You may ask what data is stored about you (GDPR Art. 15), have incorrect data "
        "corrected (GDPR Art. 16) and ask for this explanation (AI Act Art. 86). You may "
        "complain to the North Rhine-Westphalia Commissioner for Data Protection and Freedom of "
        "Information. You can use the legal remedies against decisions of the authority. "
        "Contact: {contact}.",
    ),
    "art86.sources": (
        "Grundlage: Regelwerk {ruleset}, Version {version} (Prüfsumme {checksum}); {model}; "
        "Stichtag {as_of}; erstellt am {generated}.",
        "Basis: rule set {ruleset}, version {version} (checksum {checksum}); {model}; "
        "reference date {as_of}; generated {generated}.",
    ),
    "art86.model_version": ("Punktemodell Version {version}", "points model version {version}"),
    "art86.no_model": ("kein Punktemodell in Betrieb", "no points model in use"),
    "art86.record.offence": (
        "{what}, Tat vom {date}: {status}",
        "{what}, offence on {date}: {status}",
    ),
    "art86.record.incident": (
        "{what} am {date} (Schwere {severity})",
        "{what} on {date} (severity {severity})",
    ),
    "art86.record.months": ("{months} Monate", "{months} months"),
    "art86.record.fine": ("Geldstrafe", "fine"),
    "art86.record.suspended": ("zur Bewährung", "suspended"),
    "art86.record.not_final": ("nicht rechtskräftig", "not final"),
    "art86.a_record": ("ein Eintrag vom {date}", "a record dated {date}"),
}
