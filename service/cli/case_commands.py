"""``triage validate`` and ``triage generate``: checking case files and making synthetic ones."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from service.cli.app import app
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
        help="Tag des Imports / day of import (YYYY-MM-DD): later dates "
        "are errors; default: today.",
        callback=parse_date,
        metavar="DATE",
    ),
]


def _fail(error: OSError) -> NoReturn:
    err.print(f"FEHLER / error: {error}", markup=False)
    raise typer.Exit(1)


def _cases_word(n: int) -> str:
    return f"{n} Fall" if n == 1 else f"{n} Fälle"


@app.command("validate")
def validate(input: InputPath, today: Today = None, lang: LangOption = "de") -> None:
    """Prüft eine Falldatei / check a case file: every problem, one per line (exit 1).

    An input without any case is an error too; an input whose format cannot be told from its
    name is a usage error (exit 2).
    """
    from cases.io import UnsupportedFormatError, load_frames
    from cases.validation import CaseInputError
    from texts import text

    lang = check_lang(lang)
    day = as_date(today)
    try:
        frames = with_status(f"Prüfe {input} …", lambda: load_frames(input, today=day))
    except UnsupportedFormatError as error:
        err.print(text("validation.cli.error", lang, message=error.text(lang)), markup=False)
        raise typer.Exit(2) from None
    except OSError as error:
        _fail(error)
    except CaseInputError as error:
        for issue in error.issues:
            err.print(issue.format(lang), markup=False)
        affected = len({i.case_id for i in error.issues if i.case_id is not None})
        err.print(
            f"FEHLER: {error.total} Problem(e) in {_cases_word(affected)} / "
            f"{error.total} problem(s) in {affected} case(s)",
            markup=False,
        )
        raise typer.Exit(1) from None
    n = len(frames)
    out.print(f"OK: {_cases_word(n)} gültig / {n} case(s) valid", markup=False)


def _output_format(out_path: Path, chosen: OutputFormat | None) -> str:
    from cases.io import UnsupportedFormatError, detect_format

    if chosen is not None:
        if chosen is OutputFormat.csv and out_path.suffix.lower() == ".csv":
            raise typer.BadParameter(
                "for csv, --out names a directory (it gets cases.csv, "
                "offences.csv and incidents.csv)",
                param_hint="'--out'",
            )
        return chosen.value
    if not out_path.suffix:
        return "csv"
    try:
        return detect_format(out_path)
    except UnsupportedFormatError:
        raise typer.BadParameter(
            f"cannot tell the format from {out_path.name!r}; use .jsonl, .json, .parquet, .zip, "
            f"a directory for csv, or --format",
            param_hint="'--out'",
        ) from None


@app.command("generate")
def generate(
    n: Annotated[int, typer.Option("--n", "-n", min=1, help="Anzahl Fälle / number of cases.")],
    seed: Annotated[
        int,
        typer.Option(
            "--seed", help="Zufallsstartwert / random seed: same n and seed give the same cases."
        ),
    ],
    out_path: Annotated[
        Path,
        typer.Option(
            "--out", help="Zieldatei / output file (a directory for csv).", show_default=False
        ),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="Format; default: from the suffix of --out.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Erzeugt synthetische Fälle / write synthetic cases (all data invented)."""
    from cases.generator import generate_frames
    from cases.io import write_frames

    chosen = _output_format(out_path, fmt)
    day = as_date(as_of)
    started = time.perf_counter()
    frames = with_status(
        f"Erzeuge {n:,} Fälle …".replace(",", "."), lambda: generate_frames(n, seed=seed, as_of=day)
    )
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with_status(
            f"Schreibe {out_path} ({chosen}) …", lambda: write_frames(frames, out_path, chosen)
        )
    except OSError as error:
        _fail(error)
    seconds = time.perf_counter() - started
    out.print(
        f"OK: {_cases_word(n)} geschrieben / {n} case(s) written: {out_path} ({chosen}, "
        f"{len(frames.offences)} offences, {len(frames.incidents)} incidents, "
        f"as of {day.isoformat()}, {seconds:.1f} s)",
        markup=False,
    )
