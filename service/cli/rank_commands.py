"""``triage rank``, ``triage explain`` and ``triage rules check``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from service.cli.app import app
from service.cli.files import write_atomic
from service.cli.language import BadValue, say
from service.cli.options import (
    DEFAULT_RULES,
    AsOf,
    InputPath,
    LangOption,
    as_date,
    check_lang,
    err,
    is_terminal,
    out,
    user_errors,
)

if TYPE_CHECKING:  # the command modules import pandas and the rules only when a command runs
    import pandas as pd

    from rules.language import RuleSet

rules_app = typer.Typer(help="cli.help.rules", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[str, typer.Option("--rules", help="cli.help.common.rules")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="cli.help.common.set",
        metavar="NAME=VALUE",
    ),
]
FORMATS = ("jsonl", "csv", "parquet", "table")


def resolve_ruleset(
    rules: str, assignments: list[str] | None, rules_version: str | None = None
) -> RuleSet:
    """The rule set of a run: shipped name, file, or stored version, with ``--set`` overrides."""
    from rules import load_ruleset
    from rules.parameters import parse_assignments, with_parameters

    if rules_version is not None:
        from service.rulesets.replay import load_stored_ruleset  # only with a service database

        ruleset = load_stored_ruleset(rules_version)
    else:
        ruleset = load_ruleset(rules)
    if assignments:
        ruleset = with_parameters(ruleset, parse_assignments(assignments, ruleset), source="--set")
    return ruleset


def queue_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Queue rows as plain JSON-able dicts."""
    from rules.nulls import is_missing

    records = frame[[c for c in QUEUE_COLUMNS if c in frame]].to_dict("records")
    for record in records:
        record["rank"] = int(record["rank"])
        record["score"] = int(record["score"])
        for key, value in record.items():
            if is_missing(value):  # pandas holds a missing string as NaN: JSON says null
                record[key] = None
    return records


QUEUE_COLUMNS = (
    "rank",
    "case_id",
    "region",
    "tier",
    "score",
    "criteria",
    "blockers",
    "actions",
    "latest_event",
)


def _factorize_lists(values: Any) -> tuple[Any, list[Any]]:
    """Codes and one value per code for a column of id lists, without hashing every list.

    The batch engine gives every row with the same ids the same list object
    (:meth:`rules.batch.Evaluation.id_lists`), so rows are grouped by object identity first and
    only one list per identity is looked at; equal lists that are distinct objects are merged
    by their content afterwards, so the codes are exactly those of factorizing the contents.
    """
    import numpy as np
    import pandas as pd

    identities = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    by_identity, _ = pd.factorize(identities)
    _, first = np.unique(by_identity, return_index=True)
    representatives = [values[i] for i in first]
    keys = [tuple(v) if isinstance(v, list) else v for v in representatives]
    merged, uniques = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=False)
    return merged[by_identity], list(uniques)


def queue_jsonl(frame: pd.DataFrame) -> str:
    """The queue as JSON Lines, column by column: each distinct value is encoded once.

    The same text as ``json.dumps`` of every row of :func:`queue_records` (tested), without a
    Python dict per row: writing a million rows was slower than ranking them.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from rules.nulls import is_missing

    if frame.empty:
        return ""
    parts = []
    for column in (c for c in QUEUE_COLUMNS if c in frame):
        prefix = f"{json.dumps(column)}: "
        series = frame[column]
        if column in ("rank", "score"):
            numbers = pa.array(series.to_numpy(dtype="int64")).cast(pa.string())
            parts.append(pc.binary_join_element_wise(prefix, numbers, ""))
            continue
        if column == "case_id":
            ids = pa.array(series.to_numpy(dtype=object), type=pa.string())
            if pc.all(pc.match_substring_regex(ids, r"^[A-Za-z0-9._-]*$")).as_py():
                parts.append(pc.binary_join_element_wise(prefix + '"', ids, '"', ""))
                continue
        if series.dtype == object and any(isinstance(v, list) for v in series.head(50)):
            codes, uniques = _factorize_lists(series.to_numpy())
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=False)
        texts = [
            prefix
            + json.dumps(
                None if is_missing(v) else (list(v) if isinstance(v, tuple) else v),
                ensure_ascii=False,
                allow_nan=False,
            )
            for v in uniques
        ]
        parts.append(pa.array(texts, type=pa.string()).take(pa.array(codes)))
    parts[0] = pc.binary_join_element_wise("{", parts[0], "")
    parts[-1] = pc.binary_join_element_wise(parts[-1], "}\n", "")
    rows = pc.binary_join_element_wise(*parts, ", ")
    # the rows one after another are exactly the string data of the array (no nulls)
    import numpy as np

    _, offset_buffer, data = rows.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int32)[
        rows.offset : rows.offset + len(rows) + 1
    ]
    return data.to_pybytes()[offsets[0] : offsets[-1]].decode("utf-8")


def write_queue(frame: pd.DataFrame, fmt: str, path: Path | None) -> None:
    import pandas as pd

    if fmt == "jsonl":
        lines = queue_jsonl(frame)
        if path is None:
            typer.echo(lines, nl=False)
        else:
            write_atomic(path, lambda p: p.write_text(lines, encoding="utf-8"))
        return
    records = queue_records(frame)
    flat = pd.DataFrame(records)
    for column in ("criteria", "blockers", "actions"):
        flat[column] = flat[column].map(lambda ids: ",".join(ids))
    if fmt == "csv":
        if path is None:
            typer.echo(flat.to_csv(index=False), nl=False)
        else:
            write_atomic(path, lambda p: flat.to_csv(p, index=False))
        return
    table = pd.DataFrame(records)
    assert path is not None  # refused before ranking (parquet needs --out)
    write_atomic(path, lambda p: table.to_parquet(p, index=False))


def _titles(ruleset: RuleSet, ids: list[str], lang: str) -> str:
    """Rules by their titles in ``lang`` (the ids stay in jsonl, csv and parquet)."""
    from texts import text

    return "; ".join(ruleset.rule(i).title.get(lang) for i in ids) or text("console.none", lang)


def table_text(frame: pd.DataFrame, ruleset: RuleSet, top: int, lang: str, width: int) -> str:
    """The queue as a table with the rules' titles and German (or English) headings."""
    from rich.console import Console
    from rich.table import Table

    from rules.labels import label
    from texts import plural, text

    def c(key: str, **values: object) -> str:
        return text(f"console.rank.{key}", lang, **values)

    table = Table(title=c("title", label=ruleset.label), header_style="bold")
    for key in ("rank", "case", "region", "tier", "score", "criteria", "blockers", "actions"):
        table.add_column(c(f"col.{key}"), overflow="fold")
    for row in queue_records(frame.head(top)):
        table.add_row(
            str(row["rank"]),
            row["case_id"],
            label("region", row.get("region"), lang),
            ruleset.tier(row["tier"]).label.get(lang),
            str(row["score"]),
            _titles(ruleset, row["criteria"], lang),
            _titles(ruleset, row["blockers"], lang),
            _titles(ruleset, row["actions"], lang),
        )
    console = Console(width=width, highlight=False, record=True, file=io.StringIO())
    console.print(table)
    if len(frame) > top:
        console.print(plural("console.rank.more", len(frame) - top, lang), markup=False)
    rendered = console.export_text()
    return rendered if rendered.endswith("\n") else rendered + "\n"


def print_table(
    frame: pd.DataFrame, ruleset: RuleSet, top: int, lang: str = "de", path: Path | None = None
) -> None:
    """Print the table (as wide as the terminal), or write it to ``path`` (160 columns)."""
    if path is None:
        width = out.width if out.is_terminal else 160
        typer.echo(table_text(frame, ruleset, top, lang, width), nl=False)
        return
    rendered = table_text(frame, ruleset, top, lang, 160)
    write_atomic(path, lambda p: p.write_text(rendered, encoding="utf-8"))


@app.command()
def rank(
    input: InputPath,
    as_of: AsOf = None,
    rules: RulesOption = DEFAULT_RULES,
    set_: SetOption = None,
    rules_version: Annotated[
        str | None,
        typer.Option("--rules-version", help="cli.help.rank.rules_version"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="cli.help.rank.format")] = "jsonl",
    out_path: Annotated[Path | None, typer.Option("--out", help="cli.help.rank.out")] = None,
    engine: Annotated[str, typer.Option("--engine", help="cli.help.rank.engine")] = "batch",
    top: Annotated[int, typer.Option("--top", min=1, help="cli.help.rank.top")] = 30,
    lang: LangOption = None,
) -> None:
    """Fallliste in Reihenfolge: jsonl, csv und parquet mit Kennungen, table in Worten.

    --out schreibt jedes Format in eine Datei (parquet nur dorthin).
    """
    lang = check_lang(lang)
    if fmt not in FORMATS:
        raise BadValue(
            say("not_one_of", value=fmt, allowed=", ".join(FORMATS)), param_hint="'--format'"
        )
    from rules.engines import ENGINES

    if engine not in ENGINES:
        raise BadValue(
            say("not_one_of", value=engine, allowed=", ".join(ENGINES)), param_hint="'--engine'"
        )
    if fmt == "parquet" and out_path is None:
        from texts import text

        raise BadValue(text("console.rank.parquet_needs_out", lang), param_hint="'--out'")
    day = as_date(as_of)
    with user_errors(lang):
        ruleset = resolve_ruleset(rules, set_, rules_version)
        frame = _rank(input, ruleset, day, engine)
    if fmt == "table":
        print_table(frame, ruleset, top, lang, out_path)
    else:
        write_queue(frame, fmt, out_path)
    if out_path is not None:
        from texts import format_date, plural

        err.print(
            plural(
                "console.rank.written",
                len(frame),
                lang,
                label=ruleset.label,
                day=format_date(day, lang),
                path=str(out_path),
            ),
            markup=False,
        )


def _rank(path: Path, ruleset: RuleSet, as_of: date, engine: str) -> pd.DataFrame:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from cases.io import load_frames
    from rules.engines import rank_with

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not is_terminal(),
        transient=True,
    ) as progress:
        task = progress.add_task(say("simulate.loading"), total=3)
        frames = load_frames(path)
        progress.update(task, advance=1, description=say("rank.evaluating", n=len(frames)))
        frame = rank_with(engine, frames, ruleset, as_of)
        progress.update(task, advance=2, description=say("rank.done"))
    return frame


@app.command()
def explain(
    input: InputPath,
    case_id: Annotated[str, typer.Argument(help="cli.help.rank.case")],
    as_of: AsOf = None,
    rules: RulesOption = DEFAULT_RULES,
    set_: SetOption = None,
    lang: LangOption = None,
    fmt: Annotated[str, typer.Option("--format", help="cli.help.rank.explain_format")] = "text",
    region: Annotated[
        str | None, typer.Option("--region", help="cli.help.rank.region", metavar="REGION")
    ] = None,
) -> None:
    """Begründung eines Falls als Aktenvermerk / explain one case."""
    from cases.io import load_cases
    from cases.model import REGIONS
    from rules.explanation import explain as build
    from rules.render import render_text

    lang = check_lang(lang)
    if fmt not in ("text", "json"):
        raise BadValue(say("not_one_of", value=fmt, allowed="text, json"), param_hint="'--format'")
    if region is not None and region not in REGIONS:
        raise BadValue(
            say("not_one_of", value=region, allowed=", ".join(REGIONS)), param_hint="'--region'"
        )
    with user_errors(lang):
        ruleset = resolve_ruleset(rules, set_)
        cases = load_cases(input)
    by_id = {case.case_id: case for case in cases}
    if case_id not in by_id:
        from rules.errors import did_you_mean

        hint = did_you_mean(case_id, by_id)
        message = say("explain.unknown_case", case=case_id, path=input)
        if hint:
            message += say("explain.did_you_mean", case=hint)
        err.print(say("error", message=message), markup=False)
        raise typer.Exit(1)
    # One file is one import: its ids are unique, so --region only checks the case's region.
    if region is not None and by_id[case_id].region != region:
        message = say(
            "explain.other_region",
            case=case_id,
            path=input,
            found=by_id[case_id].region,
            region=region,
        )
        err.print(say("error", message=message), markup=False)
        raise typer.Exit(1)
    explanation = build(by_id[case_id], ruleset, as_date(as_of), lang)
    if fmt == "json":
        typer.echo(json.dumps(explanation.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(explanation), nl=False)


@rules_app.command("check")
def rules_check(
    file: Annotated[str, typer.Argument(help="cli.help.rank.ruleset")],
    set_: SetOption = None,
    lang: LangOption = None,
) -> None:
    """Regelwerk vollständig prüfen: jedes Problem mit Zeile, Schlüssel und Erwartetem."""
    from service.cli.authoring_commands import check_ruleset

    check_ruleset(file, set_, check_lang(lang))
