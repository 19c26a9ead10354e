"""``triage replay``: apply a file of events to a caseload on the event path and show changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.app import app
from service.cli.language import BadValue, say
from service.cli.options import (
    DEFAULT_RULES,
    AsOf,
    InputPath,
    LangOption,
    as_date,
    check_lang,
    err,
    user_errors,
)

if TYPE_CHECKING:
    from rules import RuleSet
    from rules.events import Change

EventsPath = Annotated[
    Path,
    typer.Argument(
        help="cli.help.replay.events",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]


@app.command()
def replay(
    cases: InputPath,
    events: EventsPath,
    as_of: AsOf = None,
    rules: Annotated[
        str,
        typer.Option("--rules", help="cli.help.common.rules"),
    ] = DEFAULT_RULES,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="cli.help.common.set",
            metavar="NAME=VALUE",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="cli.help.replay.format")] = "text",
    only_changes: Annotated[
        bool,
        typer.Option("--only-changes", help="cli.help.replay.only_changes"),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Ereignisse nachspielen und je Ereignis zeigen, was es geändert hat.

    Jedes Ereignis wird in der Reihenfolge der Datei auf seinen Fall angewandt und der Fall
    auf dem Ereignispfad neu bewertet; eine Zeile je Ereignis nennt die Änderung in Worten,
    z. B. „R-000123: Priorität 2 → Priorität 1 (neu: Vollziehbar ausreisepflichtig)“; jsonl
    nennt die Kennungen. Eine Datei mit einem fehlerhaften Ereignis ändert nichts.
    """
    from cases.io import load_cases
    from rules import load_ruleset
    from rules.events import replay_file
    from rules.parameters import parse_assignments, with_parameters

    lang = check_lang(lang)
    if fmt not in ("text", "jsonl"):
        raise BadValue(say("not_one_of", value=fmt, allowed="text, jsonl"), param_hint="'--format'")
    day = as_date(as_of)
    with user_errors(lang):
        ruleset = load_ruleset(rules)
        if set_:
            ruleset = with_parameters(ruleset, parse_assignments(set_, ruleset), source="--set")
        caseload = load_cases(cases, today=day)
        changes = replay_file(caseload, events, ruleset, day)
    shown = [c for c in changes if c.changed or not only_changes]
    for change in shown:
        if fmt == "jsonl":
            typer.echo(json.dumps(change.as_dict(), ensure_ascii=False))
        else:
            typer.echo(describe(change, ruleset, lang))
    from texts import format_date, plural, text

    moved = sum(1 for c in changes if c.before.tier != c.after.tier)
    err.print(
        text(
            "console.replay.summary",
            lang,
            events=plural("count.events", len(changes), lang),
            changed=sum(c.changed for c in changes),
            moved=plural("count.tier_changes", moved, lang),
            label=ruleset.label,
            day=format_date(day, lang),
        ),
        markup=False,
    )


def describe(change: Change, ruleset: RuleSet, lang: str = "de") -> str:
    """One line in words: ``R-000123: Priorität 2 → Priorität 1 (neu: …)``."""
    from texts import text

    def name(part: str, ident: str) -> str:
        if part == "flags":
            flag = ruleset.flags.get(ident)
            return flag.title.get(lang) if flag is not None else ident
        return ruleset.rule(ident).title.get(lang)

    def tier(ident: str) -> str:
        return ruleset.tier(ident).label.get(lang) if ident in ruleset.tier_ids else ident

    parts = ("flags", "criteria", "blockers", "actions")
    gained = [name(p, i) for p in parts for i in change.gained(p)]
    lost = [name(p, i) for p in parts for i in change.lost(p)]

    def listed(names: list[str]) -> str:  # „A“, „B“ und „C“: a title may contain commas
        quoted = [text("note.quoted", lang, title=n) for n in names]
        if len(quoted) < 2:
            return "".join(quoted)
        return ", ".join(quoted[:-1]) + text("note.and", lang) + quoted[-1]

    reasons = [text("console.replay.gained", lang, name=listed(gained))] if gained else []
    reasons += [text("console.replay.lost", lang, name=listed(lost))] if lost else []
    why = text("console.replay.why", lang, reasons="; ".join(reasons)) if reasons else ""
    b, a, case = change.before, change.after, change.case_id
    if b.tier != a.tier:
        return text(
            "console.replay.tier_moved",
            lang,
            case=case,
            before=tier(b.tier),
            after=tier(a.tier),
            why=why,
        )
    if b.score != a.score:
        return text(
            "console.replay.score_moved",
            lang,
            case=case,
            tier=tier(a.tier),
            before=b.score,
            after=a.score,
            why=why,
        )
    if reasons:
        return text("console.replay.reasons_only", lang, case=case, tier=tier(a.tier), why=why)
    return text("console.replay.unchanged", lang, case=case, tier=tier(a.tier))
