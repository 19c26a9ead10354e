"""The documents of the pack, assembled from a :class:`~service.compliance.context.PackContext`.

Markdown documents for German readers (Annex IV technical documentation with the Art. 9 risk
register, Art. 13 instructions, Art. 14 oversight and Art. 15 figures; DPIA; record of
processing; fundamental-rights impact assessment skeleton) come from the German templates in
``service/templates/compliance``. The two register records are JSON in the register's own field
names: the UK Algorithmic Transparency Recording Standard v2.1 (English, for UK readers) and the
Dutch algorithm register publication standard v1.0 (Dutch, as the register requires ``lang:
nld``). Their field lists are checked in the tests against the published lists
(``tests/fixtures/registers``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from service.compliance.context import PackContext
from texts import format_date, format_percent, text
from texts.labels import group_label

__all__ = ["MARKDOWN", "algoritmeregister_record", "atrs_record", "render_markdown"]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "compliance"

#: File name -> (template, title key in texts/messages/compliance.py), in pack order.
MARKDOWN: dict[str, tuple[str, str]] = {
    "01-technische-dokumentation-anhang-iv.md": ("annex_iv.md.j2", "doc.annex_iv"),
    "02-datenschutz-folgenabschaetzung.md": ("dpia.md.j2", "doc.dpia"),
    "03-verzeichnis-verarbeitungstaetigkeiten.md": ("ropa.md.j2", "doc.ropa"),
    "04-grundrechte-folgenabschaetzung.md": ("fria.md.j2", "doc.fria"),
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,  # Markdown, not HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _dec(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


def _date(value: Any) -> str:
    if value is None:
        return "–"
    from datetime import date, datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y, %H:%M UTC")
    assert isinstance(value, date)
    return format_date(value, "de")


_env.filters.update(
    {
        "pct": lambda v: format_percent(v, "de"),
        "dec": _dec,
        "de_date": _date,
        # an audit field and its groups in words: Staatsangehörigkeit, Syrien, weiblich
        "attribute": lambda a: text(f"monitoring.attribute.{a}", "de"),
        "groups": lambda values, a: ", ".join(group_label(a, v, "de") for v in values),
    }
)


def render_markdown(template: str, ctx: PackContext) -> str:
    """One Markdown document of the pack."""
    return _env.get_template(template).render(ctx=ctx, src=ctx.sources, cfg=ctx.config)


def _model_line(ctx: PackContext, lang: str) -> str:
    model = ctx.model
    if model is None:
        return {
            "en": "No points model is in use; the order follows the rules alone.",
            "nl": "Er is geen puntenmodel in gebruik; de volgorde volgt alleen de regels.",
        }[lang]
    metrics = model.get("metrics") or {}
    auc = metrics.get("roc_auc")
    source = model.get("label_source")
    if lang == "en":
        origin = (
            "recorded human decisions"
            if source == "decisions"
            else "a simulated decision history (demo only)"
        )
        return (
            f"Points model version {model.get('version')} (trained {model.get('trained_at')} on "
            f"{origin}); held-out ROC AUC {auc:.3f}."
            if auc is not None
            else f"Points model version {model.get('version')} trained on {origin}."
        )
    origin = (
        "vastgelegde menselijke beslissingen"
        if source == "decisions"
        else "een gesimuleerde beslisgeschiedenis (alleen demo)"
    )
    return f"Puntenmodel versie {model.get('version')}, getraind op {origin}."


def _sources_line(ctx: PackContext) -> str:
    src = ctx.sources
    model = src["model"]
    return (
        f"rule set {src['ruleset']['name']} v{src['ruleset']['version']} (sha256 "
        f"{src['ruleset']['checksum']}); "
        + (f"model {model['uri']}" if model else "no model")
        + f"; as of {src['as_of']}; generated {src['generated_at']}"
    )


def _open_cases(monitoring: dict[str, Any]) -> str:
    """The open cases of the monitoring, or "fewer than n" where the count is hidden."""
    count = monitoring["open_cases"]
    return f"fewer than {monitoring['min_cell_size']}" if count is None else str(count)


def atrs_record(ctx: PackContext) -> dict[str, Any]:
    """The UK ATRS v2.1 record: metadata, tier 1 and the five tier 2 sections, in English."""
    rs = ctx.ruleset
    criteria = "; ".join(f"{c['title']} ({c['basis']})" for c in rs["criteria"])
    blockers = "; ".join(f"{b['title']} ({b['basis']})" for b in rs["blockers"])
    monitoring = ctx.monitoring
    name = "rrk-triage: prioritisation of the return coordination case queue"
    phase = "Production" if ctx.config["mode"] == "production" else "Beta/Pilot"
    model_perf = _model_line(ctx, "en")
    shown = (ctx.model or {}).get("in_language", {}).get("en", {})
    if ctx.model and (
        shown.get("fairness_justification") or ctx.model.get("fairness_justification")
    ):
        justification = shown.get("fairness_justification") or ctx.model["fairness_justification"]
        model_perf += f" Fairness gate passed with a recorded justification: {justification}"
    return {
        "metadata": {
            "id": None,  # issued by the register on publication
            "standard_version": "2.1",
            "date_completion": ctx.generated_at.strftime("%d/%m/%Y"),
            "date_update": [ctx.generated_at.strftime("%d/%m/%Y")],
            "date_archive": None,
            "title": name,
            "organisation_name": ctx.config["operator"],
            "phase": phase,
            "one_sentence_description": (
                "A rules-based tool that orders cases of people obliged to leave Germany for "
                "human review by the regional return coordination offices of North "
                "Rhine-Westphalia; it decides nothing."
            ),
        },
        "tier_1": {
            "name": name,
            "description": (
                "Caseworkers of the regional return coordination offices review cases of "
                "people with criminal convictions who are obliged to leave the country. The "
                "tool puts the open cases in an order for review, using published rules "
                f"(rule set {rs['label']}): {criteria}. Legal obstacles ({blockers}) keep a "
                "case out of the priority tiers. Every placement comes with a written "
                "explanation; every decision is taken and reasoned by a person."
            ),
            "website": None,
            "contact_email": ctx.config["contact"],
        },
        "tier_2": {
            "owner_and_responsibility": {
                "organisation": ctx.config["operator"],
                "team": (
                    "Regionale Rückkehrkoordinationsstellen (RRK) and the responsible policy unit"
                ),
                "senior_responsible_owner": (
                    "Head of the responsible policy unit (to be named by the operator)"
                ),
                "external_supplier_involvement": "No",
                "external_supplier": [],
                "companies_house_number": [],
                "external_supplier_role": [],
                "procurement_procedure_type": [],
                "data_access_terms": [],
            },
            "description_and_rationale": {
                "detailed_description": (
                    f"{rs['description']} Tiers: "
                    + ", ".join(t["label"] for t in rs["tiers"])
                    + ". Within a tier the score (sum of the criteria's points) and the "
                    "rule set's ordering decide; the order is total and reproducible for any "
                    "reference date."
                ),
                "scope": (
                    "Designed to order the review of cases already on the return coordination "
                    "caseload. Not designed for, and must not be used for: deciding on removal, "
                    "detention or any measure; screening people who are not on the caseload; "
                    "assessing asylum claims; predicting future offending."
                ),
                "benefit": (
                    "Consistent, explainable and auditable priorities across five regional "
                    "offices; caseworkers see why a case is placed where it is."
                ),
                "previous_process": "Manual lists kept per office, ordered by judgement.",
                "alternatives_considered": (
                    "Unordered lists (inconsistent), a black-box machine learning ranking "
                    "(not explainable, rejected); the chosen approach is published rules with "
                    "an optional interpretable points model shown beside them."
                ),
            },
            "decision_making_process": {
                "process_integration": (
                    "The queue is a work aid. Caseworkers open a case, read the explanation "
                    "and record a decision (case conference, prepare a measure, request "
                    "information, monitor, defer, close) with a mandatory reason. Departing "
                    "from the order is allowed and recorded."
                ),
                "provided_information": (
                    "Tier, score, the criteria met with the records behind them, legal "
                    "obstacles, what would change the tier, and (optionally) the points "
                    "model's points per factor; a printable note for the file."
                ),
                "human_decisions_and_review": (
                    "All decisions are human. Departures from the order are monitored per "
                    "tier, criterion, region and week; rule set changes need four eyes."
                ),
                "required_training": (
                    "Introduction to the rules, the explanation and automation bias for "
                    "caseworkers and leads; policy staff are trained on the rule editor and "
                    "the what-if simulation."
                ),
                "appeals_and_review": (
                    "People concerned can ask for an explanation (AI Act Art. 86), access "
                    "and rectification (GDPR Art. 15, 16); decisions of the authority are "
                    "subject to the ordinary legal remedies."
                ),
            },
            "technical_specification_and_data": {
                "method": (
                    "Expert system (declarative rules, evaluated by three engines proven "
                    "equal by differential tests) and an optional sparse, monotone logistic "
                    "points model with integer points. " + model_perf
                ),
                "frequency_and_scale_of_usage": (
                    f"Used daily by the regional offices; {_open_cases(monitoring)} open "
                    f"cases on {ctx.as_of.isoformat()}; "
                    f"{monitoring['departures']['total']['decisions']} decisions in the last "
                    f"{monitoring['weeks']} weeks."
                ),
                "phase": phase,
                "maintenance": (
                    "Rule set versions are drafted, tested against scenarios, approved by a "
                    "second person and activated with an effective date; the points model is "
                    "retrained on recorded decisions and promoted only when its gates pass; "
                    "monitoring figures are reviewed weekly."
                ),
                "model_performance": model_perf,
                "system_architecture": None,
                "source_data_name": ["Case records of the immigration authorities"],
                "source_data_description": [
                    "Legal status (departure obligation, asylum procedure, deportation ban, "
                    "toleration, custody), convictions and open proceedings with dates, "
                    "categories and sentences, documented incidents with severity. "
                    "Nationality and sex are stored for the fairness audit only and are "
                    "never read by the rules or the model; age only for the legal obstacle "
                    "'minor'."
                ],
                "source_data_url": [],
                "data_collection": [
                    "Collected by the immigration authorities for their statutory tasks "
                    "(Residence Act); imported into the tool by case record."
                ],
                "data_cleaning": "Strict validation at import; invalid records are refused whole.",
                "data_completeness_and_representativeness": (
                    "Records are complete as the authorities hold them; representativeness of "
                    "the model's training decisions is checked by the fairness audit of the "
                    "labels."
                ),
                "data_sharing_agreements": ["None; data stays with the operating authority."],
                "data_access_and_storage": [
                    "Role-based access (caseworkers to their regions only), hash-chained audit "
                    "log of every read and change, retention periods per kind of record."
                ],
            },
            "risks_mitigations_and_impact_assessments": {
                "impact_assessments": (
                    "Data protection impact assessment (GDPR Art. 35) and fundamental rights "
                    "impact assessment (AI Act Art. 27) drafted from the system's "
                    "configuration in the documentation pack."
                ),
                "risks": (
                    "Automation bias, misuse for screening, proxy discrimination, stale data, "
                    "input drift of the model; mitigated by explanations, human decisions, "
                    "excluded proxies, monitoring with warnings, small-cell suppression and "
                    "the audit log (see the Annex IV risk register)."
                ),
            },
        },
        "annex": {"annex": f"Generated by rrk-triage from {_sources_line(ctx)}."},
    }


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def algoritmeregister_record(ctx: PackContext) -> dict[str, Any]:
    """The Dutch algorithm register record (publication standard 1.0), in Dutch."""
    rs = ctx.ruleset
    criteria = ", ".join(c["title"] for c in rs["criteria"])
    status = "In gebruik" if ctx.config["mode"] == "production" else "In ontwikkeling"
    activated = (ctx.version or {}).get("activated_at") or (ctx.version or {}).get("created_at")
    record: dict[str, Any] = {
        "name": "Prioriteren van de werkvoorraad terugkeercoördinatie (rrk-triage)",
        "description_short": (
            "Dit algoritme zet de open zaken van de regionale terugkeercoördinatie in "
            "Noordrijn-Westfalen in een volgorde voor menselijke beoordeling. Het neemt "
            "geen besluiten; elke beslissing neemt een medewerker."
        ),
        "organization": ctx.config["operator"],
        "category": ["Migratie en integratie", "Openbare orde en veiligheid"],
        "status": status,
        "begin_date": activated[:7] if activated else None,
        "end_date": None,
        "contact_email": ctx.config["contact"],
        "website": None,
        "publication_category": "Hoog-risico AI-systeem",
        "url": None,
        "goal": (
            "Doel: zaken met de zwaarste feiten eerst laten beoordelen, op dezelfde manier "
            f"in alle regio's. De regels ({rs['label']}) kijken naar: {criteria}. "
            "Wettelijke belemmeringen (asielprocedure, uitzettingsverbod, gedoogstatus om "
            "juridische redenen, minderjarigheid) houden een zaak buiten de prioriteit."
        ),
        "proportionality": (
            "Voordeel: consistente en uitlegbare prioriteiten. Nadeel: risico op te veel "
            "vertrouwen in de volgorde; daarom ligt elke beslissing bij een mens, met een "
            "verplichte motivering, en wordt afwijken van de volgorde gemonitord."
        ),
        "human_intervention": (
            "Medewerkers openen een zaak, lezen de uitleg en leggen zelf een beslissing met "
            "motivering vast. Zij mogen van de volgorde afwijken."
        ),
        "risks": (
            "Automatiseringsbias, gebruik voor screening, indirecte discriminatie via "
            "proxy's, verouderde gegevens. Maatregelen: uitleg bij elke zaak, geen "
            "nationaliteit, geslacht of leeftijd als invoer, wekelijkse monitoring met "
            "waarschuwingen, onderdrukking van kleine aantallen, auditlog."
        ),
        "lawful_basis": (
            "Verblijfswet (Aufenthaltsgesetz) van Duitsland, taken van de "
            "vreemdelingendiensten bij terugkeer; AVG artikel 6 lid 1 onder e en artikel 10."
        ),
        "lawful_basis_grouping": [
            {
                "title": "Aufenthaltsgesetz",
                "link": "https://www.gesetze-im-internet.de/aufenthg_2004/",
            }
        ],
        "process_index_url": None,
        "impacttoetsen_grouping": [
            {"title": "Data Protection Impact Assessment (DPIA)", "link": None},
            {"title": "Grundrechte-Folgenabschätzung (AI Act art. 27)", "link": None},
        ],
        "impacttoetsen": (
            "DPIA en grondrechtenafweging zijn als concept opgesteld uit de configuratie van "
            "het systeem en worden door de verantwoordelijke organisatie vastgesteld."
        ),
        "source_data": (
            "Dossiergegevens van de vreemdelingendiensten: verblijfsstatus, veroordelingen "
            "en lopende procedures, gedocumenteerde incidenten. Nationaliteit en geslacht "
            "alleen voor de controle op gelijke behandeling."
        ),
        "source_data_grouping": [],
        "methods_and_models": (
            "Niet zelflerend expertsysteem met gepubliceerde regels; daarnaast optioneel een "
            "interpreteerbaar puntenmodel (monotone logistische regressie met gehele "
            "punten). " + _model_line(ctx, "nl")
        ),
        "provider": "Intern ontwikkeld",
        "publiccode": None,
        "lang": "nld",
        "standard_version": "1.0",
        "source_id": f"{rs['name']}@{rs['version']}",
        "tags": "terugkeer, prioritering, werkvoorraad, Noordrijn-Westfalen",
        "lars": None,  # assigned by the register on publication
    }
    for key, limit in (("goal", 2500), ("methods_and_models", 5000), ("name", 100)):
        record[key] = _cut(record[key], limit)
    return record
