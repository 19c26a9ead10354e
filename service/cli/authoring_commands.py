"""``triage rules diff``, ``triage rules test`` and ``triage rules export``: rule authoring.

A rule set is named as a YAML file, a shipped rule set name (``amit-nrw-default``) or a stored
version of the service database (``amit-nrw-default@2``, an id, ``"amit-nrw-default v2"``; the
database of ``DATABASE_URL``). Scenario files default to the ``<rule set>.scenarios.yaml``
beside a file or a shipped rule set, or to the scenarios stored with a version.

Exit codes: 0 done (all scenarios passed); 1 a scenario failed, a rule set is invalid, a stored
version is unknown (and with ``--require-full-coverage`` a coverage gap); 2 wrong usage or a
malformed scenario file (with line and key).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.files import write_atomic
from service.cli.options import LangOption, check_lang, err, out, user_errors
from service.cli.rank_commands import rules_app
from texts import plural, text

if TYPE_CHECKING:
    from rules.language import RuleSet
    from rules.scenarios import ScenarioSuite

RulesetArgument = Annotated[
    str,
    typer.Argument(
        help="cli.help.authoring.ruleset",
        metavar="RULESET",
    ),
]


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[TextOrJson, typer.Option("--format", help="cli.help.authoring.format")]


@dataclass(frozen=True)
class Opened:
    """A rule set named on the command line and where its scenarios are."""

    ruleset: RuleSet
    scenarios: ScenarioSuite | None
    scenarios_error: Exception | None = None


def open_ruleset(ref: str, *, with_scenarios: bool = False) -> Opened:
    """The rule set a reference names (file, shipped name or stored version)."""
    from rules import load_ruleset, shipped_rulesets
    from rules.scenarios import ScenarioFileError, load_scenarios, parse_scenarios, scenarios_path

    path = Path(ref)
    shipped = shipped_rulesets()
    looks_like_a_file = path.suffix in (".yaml", ".yml") or "/" in ref
    if path.is_file() or ref in shipped or looks_like_a_file:
        ruleset = load_ruleset(ref)
        file = scenarios_path(shipped.get(ref, path))
        if not with_scenarios or not file.exists():
            return Opened(ruleset, None)
        try:
            return Opened(ruleset, load_scenarios(file))
        except ScenarioFileError as error:
            return Opened(ruleset, None, error)
    from service.rulesets.replay import load_stored

    ruleset, text, stored_ref = load_stored(ref, option="RULESET")
    if not with_scenarios or text is None:
        return Opened(ruleset, None)
    try:
        return Opened(ruleset, parse_scenarios(text, source=f"{stored_ref} (gespeichert)"))
    except ScenarioFileError as error:
        return Opened(ruleset, None, error)


def _malformed(error: Exception, lang: str) -> None:
    from rules.scenarios import ScenarioFileError
    from texts import text

    assert isinstance(error, ScenarioFileError)
    for issue in error.issues:
        err.print(text("validation.cli.error", lang, message=issue.text(lang)), markup=False)
    raise typer.Exit(2)


def check_ruleset(ref: str, assignments: list[str] | None, lang: str) -> None:
    """``triage rules check``: every problem of a rule set on its own line in ``lang`` (German
    unless ``--lang en``), then how many; exit code 1. A sound one says what it holds."""
    from rules.errors import RuleSetError
    from service.cli.rank_commands import resolve_ruleset
    from texts import text

    try:
        ruleset = resolve_ruleset(ref, assignments)
    except RuleSetError as error:
        for said in error.texts(lang):
            err.print(text("validation.cli.error", lang, message=said), markup=False)
        err.print(
            text("rulecheck.show.cli_summary", lang, n=len(error.issues), file=ref), markup=False
        )
        raise typer.Exit(1) from None
    out.print(
        text(
            "rulecheck.show.cli_ok",
            lang,
            label=ruleset.label,
            parameters=plural("count.parameters", len(ruleset.parameters), lang),
            criteria=plural("count.criteria", len(ruleset.criteria), lang),
            blockers=plural("count.blockers", len(ruleset.blockers), lang),
            actions=plural("count.actions", len(ruleset.actions), lang),
            tiers=plural("count.tiers", len(ruleset.tiers), lang),
        ),
        markup=False,
    )


def _side_label(ref: str, label: str, lang: str) -> str:
    """``amit-nrw-default v1 (Datei e.yaml)`` for a file: a draft file names the rule set it
    changes, so the file tells the two sides apart."""
    from rules import shipped_rulesets
    from rules.labels import phrase

    if ref in shipped_rulesets() or not Path(ref).is_file():
        return label
    return phrase("diff", "file_label", lang, label=label, file=Path(ref).name)


@rules_app.command("diff")
def rules_diff(
    before: RulesetArgument,
    after: RulesetArgument,
    fmt: Annotated[
        TextOrJson, typer.Option("--format", help="cli.help.authoring.format")
    ] = TextOrJson.text,
    lang: LangOption = None,
) -> None:
    """Inhaltlicher Unterschied zweier Regelwerke in Worten (kein Textvergleich)."""
    from rules.diff import diff

    lang = check_lang(lang)
    with user_errors(lang):
        old = open_ruleset(before).ruleset
        new = open_ruleset(after).ruleset
    result = diff(
        old,
        new,
        lang,
        before_label=_side_label(before, old.label, lang),
        after_label=_side_label(after, new.label, lang),
    )
    if fmt == TextOrJson.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        out.print(result.render_text(), markup=False, end="")


@rules_app.command("test")
def rules_test(
    ruleset: RulesetArgument,
    scenarios: Annotated[
        list[Path] | None,
        typer.Argument(
            help="cli.help.authoring.scenarios",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TextOrJson, typer.Option("--format", help="cli.help.authoring.format")
    ] = TextOrJson.text,
    require_full_coverage: Annotated[
        bool,
        typer.Option(
            "--require-full-coverage",
            help="cli.help.authoring.full_coverage",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Testszenarien eines Regelwerks ausführen: Ergebnis je Szenario und Abdeckung."""
    from rules.scenarios import ScenarioFileError, check_applies, load_scenarios, run

    lang = check_lang(lang)
    with user_errors(lang):
        opened = open_ruleset(ruleset, with_scenarios=not scenarios)
    suites = []
    try:
        if scenarios:
            suites = [load_scenarios(path) for path in scenarios]
        elif opened.scenarios_error is not None:
            _malformed(opened.scenarios_error, lang)
        elif opened.scenarios is None:
            raise typer.BadParameter(
                text("cli.authoring.no_scenarios", lang, ruleset=ruleset),
                param_hint="'SCENARIOS'",
            )
        else:
            suites = [opened.scenarios]
        for suite in suites:
            check_applies(suite, opened.ruleset)
    except ScenarioFileError as error:
        _malformed(error, lang)
    result = run(suites, opened.ruleset)
    if fmt == TextOrJson.json:
        print(json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        _print_result(result, lang)
    if result.failed or (require_full_coverage and result.gaps):
        raise typer.Exit(1)


def _print_result(result: object, lang: str) -> None:
    from rich.table import Table

    from rules.scenarios import SuiteResult, s

    assert isinstance(result, SuiteResult)
    sources = ", ".join(suite.source for suite in result.suites)
    out.print(f"{result.ruleset.label} · {sources}", markup=False)
    for outcome in result.outcomes:
        out.print(f"  {outcome.text(result.ruleset, lang)}", markup=False)
    out.print(result.summary(lang), markup=False)
    table = Table(title=s("coverage_title", lang), header_style="bold")
    for column in ("col_kind", "col_rule", "col_fired", "col_not_fired"):
        table.add_column(s(column, lang), justify="right" if "fired" in column else "left")
    table.add_column("")
    for row in result.coverage:
        table.add_row(
            s(f"kind_{row.kind}", lang),
            row.title.get(lang),
            str(row.fired),
            str(row.not_fired),
            s("ok", lang) if row.complete else s("gap", lang),
        )
    out.print(table)
    out.print(result.coverage_summary(lang), markup=False)


@rules_app.command("export")
def rules_export(
    ruleset: RulesetArgument,
    fmt: Annotated[str, typer.Option("--format", help="cli.help.authoring.export_format")] = "dmn",
    out_path: Annotated[
        Path | None, typer.Option("--out", help="cli.help.authoring.export_out")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Regelwerk als DMN 1.3 exportieren (Stufen als Entscheidungstabelle, FIRST)."""
    lang = check_lang(lang)
    if fmt != "dmn":
        raise typer.BadParameter(
            text("cli.authoring.not_dmn", lang, found=fmt), param_hint="'--format'"
        )
    from rules.dmn import export_dmn

    with user_errors(lang):
        opened = open_ruleset(ruleset)
    exported = export_dmn(opened.ruleset, lang)
    if out_path is None:
        print(exported.xml, end="")
    else:
        write_atomic(out_path, lambda p: p.write_text(exported.xml, encoding="utf-8"))
        err.print(f"{opened.ruleset.label} → {out_path} (DMN 1.3)", markup=False)
    from rules.dmn import t

    err.print(t("not_expressed", lang), markup=False)
    for item in exported.not_expressed:
        err.print(f"  - {item}", markup=False)
