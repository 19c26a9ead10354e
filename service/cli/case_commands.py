"""``triage validate`` and ``triage generate``: checking case files and making synthetic ones."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from service.cli.app import app
from service.cli.language import BadValue, current, say
from service.cli.options import (
    AsOf,
    InputPath,
    LangOption,
    as_date,
    check_lang,
    err,
    out,
    parse_date,
    with_status,
)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"
    csv = "csv"
    csv_zip = "csv-zip"


Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="cli.help.cases.today",
        callback=parse_date,
        metavar="DATE",
    ),
]


def _fail(error: OSError) -> NoReturn:
    err.print(say("error", message=str(error)), markup=False)
    raise typer.Exit(1)


@app.command("validate")
def validate(input: InputPath, today: Today = None, lang: LangOption = None) -> None:
    """Prüft eine Falldatei / check a case file: every problem, one per line (exit 1).

    An input without any case is an error too; an input whose format cannot be told from its
    name is a usage error (exit 2).
    """
    from cases.io import UnsupportedFormatError, load_frames
    from cases.validation import CaseInputError
    from texts import plural, text

    lang = check_lang(lang)
    day = as_date(today)
    try:
        frames = with_status(
            say("validate.checking", path=input), lambda: load_frames(input, today=day)
        )
    except UnsupportedFormatError as error:
        err.print(text("validation.cli.error", lang, message=error.text(lang)), markup=False)
        raise typer.Exit(2) from None
    except OSError as error:
        _fail(error)
    except CaseInputError as error:
        for issue in error.issues:
            err.print(issue.format(lang), markup=False)
        affected = len({i.case_id for i in error.issues if i.case_id is not None})
        cases = plural("cli.validate.cases", affected, lang)
        summary = plural("cli.validate.problems", error.total, lang, cases=cases)
        err.print(summary, markup=False)
        raise typer.Exit(1) from None
    out.print(plural("cli.validate.valid", len(frames), lang), markup=False)


def _output_format(out_path: Path, chosen: OutputFormat | None) -> str:
    from cases.io import UnsupportedFormatError, detect_format

    if chosen is not None:
        if chosen is OutputFormat.csv and out_path.suffix.lower() == ".csv":
            raise BadValue(say("generate.csv_folder"), param_hint="'--out'")
        return chosen.value
    if not out_path.suffix:
        return "csv"
    try:
        return detect_format(out_path)
    except UnsupportedFormatError:
        raise BadValue(
            say("generate.unknown_format", name=out_path.name), param_hint="'--out'"
        ) from None


@app.command("generate")
def generate(
    n: Annotated[int, typer.Option("--n", "-n", min=1, help="cli.help.cases.n")],
    seed: Annotated[
        int,
        typer.Option("--seed", help="cli.help.cases.seed"),
    ],
    out_path: Annotated[
        Path,
        typer.Option("--out", help="cli.help.cases.out", show_default=False),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="cli.help.cases.format",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Erzeugt synthetische Fälle / write synthetic cases (all data invented)."""
    from cases.generator import generate_frames
    from cases.io import write_frames
    from texts import format_date, format_number, plural

    chosen = _output_format(out_path, fmt)
    day = as_date(as_of)
    started = time.perf_counter()
    frames = with_status(
        say("generate.making", n=n),
        lambda: generate_frames(n, seed=seed, as_of=day),
    )
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with_status(
            say("generate.writing", path=out_path, format=chosen),
            lambda: write_frames(frames, out_path, chosen),
        )
    except OSError as error:
        _fail(error)
    seconds = time.perf_counter() - started
    lang = current()
    out.print(
        plural(
            "cli.generate.written",
            n,
            lang,
            path=out_path,
            format=chosen,
            offences=format_number(len(frames.offences), lang),
            incidents=format_number(len(frames.incidents), lang),
            day=format_date(day, lang),
            seconds=format_number(round(seconds, 1), lang),
        ),
        markup=False,
    )
