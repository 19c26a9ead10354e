"""The messages of every area of the product, each under its own key prefix."""

from __future__ import annotations

from collections.abc import Mapping

from texts.forms import Entry
from texts.messages import (
    authoring,
    charts,
    cli,
    compliance,
    console,
    events,
    fairness_view,
    gdpr_pages,
    hardening,
    ingest,
    model_inputs,
    monitoring,
    note,
    retention,
    rule_check,
    security,
    stored,
    validation,
    vocabulary,
    web,
    web_policy,
    web_sso,
)

AREAS: tuple[tuple[str, Mapping[str, Entry]], ...] = (
    ("vocab", vocabulary.MESSAGES),
    ("note", note.MESSAGES),
    ("authoring", authoring.MESSAGES),
    ("web", web.MESSAGES),
    ("web", web_policy.MESSAGES),
    ("web", web_sso.MESSAGES),
    ("monitoring", monitoring.MESSAGES),
    ("security", security.MESSAGES),
    ("hardening", hardening.MESSAGES),
    ("web", hardening.WEB_MESSAGES),
    ("web", monitoring.WEB_MESSAGES),
    ("retention", retention.MESSAGES),
    ("web", retention.WEB_MESSAGES),
    ("stored", stored.MESSAGES),
    ("chart", charts.MESSAGES),
    ("console", console.MESSAGES),
    ("web", fairness_view.MESSAGES),
    ("ingest", ingest.MESSAGES),
    ("compliance", compliance.MESSAGES),
    ("validation", validation.MESSAGES),
    ("events", events.MESSAGES),
    ("web", events.WEB_MESSAGES),
    ("web", events.WEB_CASE_MESSAGES),
    ("gdpr", gdpr_pages.MESSAGES),
    ("web", gdpr_pages.WEB_MESSAGES),
    ("cli", cli.MESSAGES),
    ("rulecheck", rule_check.MESSAGES),
    ("model_inputs", model_inputs.MESSAGES),
)
