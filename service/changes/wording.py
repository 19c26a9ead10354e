"""The cause of a recorded evaluation in words, from the codes stored with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rules.labels import label
from texts import text
from texts.catalogue import format_date


def _day(value: Any, lang: str) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, lang) if isinstance(value, date) else "–"


def fact_text(event: Mapping[str, Any], lang: str = "de") -> str:
    """What one event (as stored: its JSON form) states, e.g. ``Ausreisepflicht vollziehbar``."""
    kind = event.get("type")
    if kind == "departure_status_changed":
        value = event.get("departure_status")
        if value == "enforceable":
            return text("events.fact.departure_status.enforceable", lang)
        return text(
            "events.fact.departure_status", lang, value=label("departure_status", value, lang)
        )
    if kind == "offence_added":
        offence = event.get("offence") or {}
        return text(
            "events.fact.offence_added",
            lang,
            offence=offence.get("offence_id", "?"),
            category=label("category", offence.get("category"), lang),
        )
    if kind == "offence_updated":
        if event.get("status") == "convicted":
            return text("events.fact.offence_convicted", lang, offence=event.get("offence_id"))
        status = event.get("status")
        shown = label("status", status, lang) if status else "–"
        return text(
            "events.fact.offence_updated", lang, offence=event.get("offence_id"), status=shown
        )
    if kind == "incident_added":
        incident = event.get("incident") or {}
        return text("events.fact.incident_added", lang, incident=incident.get("incident_id", "?"))
    if kind == "custody_changed":
        if not event.get("in_custody"):
            return text("events.fact.custody_off", lang)
        if event.get("release_date"):
            return text("events.fact.custody_on", lang, date=_day(event["release_date"], lang))
        return text("events.fact.custody_on_no_date", lang)
    if kind == "legal_status_changed":
        parts = []
        for name in ("asylum_pending", "deportation_ban"):
            if name in event and event[name] is not None:
                parts.append(text(f"events.fact.{name}.{str(bool(event[name])).lower()}", lang))
        if "toleration_reason" in event:
            reason = event["toleration_reason"]
            parts.append(
                text("events.fact.toleration_lifted", lang)
                if reason is None
                else text(
                    "events.fact.toleration_set",
                    lang,
                    reason=label("toleration_reason", reason, lang),
                )
            )
        return ", ".join(parts) or "–"
    if kind == "travel_document_changed":
        value = event.get("travel_document")
        return text(
            "events.fact.travel_document", lang, value=label("travel_document", value, lang)
        )
    return str(kind)


def _time_what(detail: Mapping[str, Any], lang: str) -> str:
    kind = detail.get("kind")
    if kind == "record_left":
        if detail.get("record_kind") == "incident":
            record = text("events.time.incident", lang, id=detail.get("record"))
        elif detail.get("status") == "convicted":
            record = text("events.time.offence", lang, id=detail.get("record"))
        else:
            record = text("events.time.offence_other", lang, id=detail.get("record"))
        return text("events.time.record_left", lang, record=record, n=detail.get("months"))
    if kind == "birthday":
        return text("events.time.birthday", lang, age=detail.get("age"))
    if kind == "release":
        return text(
            "events.time.release",
            lang,
            date=_day(detail.get("release_date"), lang),
            n=detail.get("days"),
        )
    if kind == "released":
        return text("events.time.released", lang, date=_day(detail.get("release_date"), lang))
    return text("events.time.date", lang, date=_day(detail.get("date"), lang))


def cause_text(cause: str, detail: Mapping[str, Any], lang: str = "de") -> str:
    """``durch neue Tatsache: Ausreisepflicht vollziehbar (Ereignis E17, 27.11.2026)`` …"""
    if cause == "import":
        key = "events.cause.import_first" if detail.get("first") else "events.cause.import"
        return text(key, lang, version=detail.get("version"), date=_day(detail.get("date"), lang))
    if cause == "event":
        events = list(detail.get("events") or [])
        day = _day(detail.get("date"), lang)
        if len(events) == 1:
            event = events[0]
            if event.get("event_id"):
                return text(
                    "events.cause.event",
                    lang,
                    fact=fact_text(event, lang),
                    event=event["event_id"],
                    date=day,
                )
            return text("events.cause.event_no_id", lang, fact=fact_text(event, lang), date=day)
        ids = ", ".join(str(e.get("event_id")) for e in events if e.get("event_id")) or "–"
        facts = "; ".join(fact_text(e, lang) for e in events)
        return text("events.cause.events", lang, facts=facts, events=ids, date=day)
    if cause == "ruleset":
        return text("events.cause.ruleset", lang, ruleset=detail.get("ruleset", "?"))
    if cause == "time":
        return text("events.cause.time", lang, what=_time_what(detail, lang))
    if cause == "first":
        return text("events.cause.first", lang, date=_day(detail.get("date"), lang))
    return text("events.cause.unknown", lang)
