"""``triage fairness``: selection and error rates per group for any CSV of predictions."""

from __future__ import annotations

import difflib
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer
from rich.table import Table

from service.cli.app import app
from service.cli.options import out

if TYPE_CHECKING:
    from fairness.report import FairnessReport

#: Shown for rows without a group value, so they form a group of their own and stay visible.
MISSING_GROUP = "(ohne Angabe)"
_SEPARATORS = (",", ";", "\t")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("fairness")
def fairness(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV-Datei (Trennzeichen , ; oder Tab) / CSV file (separator , ; or tab).",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    pred: Annotated[
        str,
        typer.Option(
            "--pred", help="Spalte der Auswahl / column with the prediction.", show_default=False
        ),
    ],
    label: Annotated[
        str,
        typer.Option(
            "--label", help="Spalte des Ergebnisses / column with the outcome.", show_default=False
        ),
    ],
    group: Annotated[
        str,
        typer.Option(
            "--group",
            help="Spalte der Gruppe, ein Audit-Feld / group column, an audit-only field.",
            show_default=False,
        ),
    ],
    positive: Annotated[
        str,
        typer.Option("--positive", help="Wert für 'ausgewählt' / value meaning selected."),
    ] = "1",
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="Ausgabe / output: table or json.")
    ] = ReportFormat.table,
) -> None:
    """Fairness-Audit: Auswahl- und Fehlerquoten je Gruppe / fairness audit per group.

    Vergleicht jede Gruppe mit der meistausgewählten Gruppe; Verhältnis < 0.8 ist auffällig.

    Compares every group with the most selected group; a ratio below 0.8 is flagged.
    """
    from fairness.report import fairness_report  # fairlearn is slow to import: only here

    data = _read_columns(file, {"--pred": pred, "--label": label, "--group": group})
    groups = data[group].replace("", MISSING_GROUP).rename(group)
    try:
        report = fairness_report(data[pred], data[label], groups, positive=positive)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="'--positive'") from None
    if output_format is ReportFormat.json:
        typer.echo(report.to_json())
        return
    out.print(fairness_table(report))
    if report.flagged_groups:
        flagged = ", ".join(str(g) for g in report.flagged_groups)
        out.print(f"4/5-Regel auffällig / four-fifths rule flags: {flagged}", markup=False)


def _read_columns(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """The named columns as text, after checking that each exists and has no empty cell."""
    file_hint = "'FILE'"
    separator = _sniff_separator(path)
    try:
        header = pd.read_csv(path, sep=separator, nrows=0, encoding="utf-8-sig").columns
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise typer.BadParameter(
            f"{path.name} ist keine lesbare CSV-Datei / is not a readable CSV file: {error}",
            param_hint=file_hint,
        ) from None
    names = [str(name) for name in header]
    for option, column in columns.items():
        if column not in names:
            close = difflib.get_close_matches(column, names, n=1)
            hint = f" Meinten Sie / did you mean {close[0]!r}?" if close else ""
            raise typer.BadParameter(
                f"Spalte / column {column!r} fehlt in / not found in {path.name}.{hint} "
                f"Vorhandene Spalten / columns: {', '.join(names)}",
                param_hint=f"'{option}'",
            )
    wanted = list(dict.fromkeys(columns.values()))
    try:
        data = pd.read_csv(
            path,
            sep=separator,
            usecols=wanted,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise typer.BadParameter(
            f"{path.name} ist keine lesbare CSV-Datei / is not a readable CSV file: {error}",
            param_hint=file_hint,
        ) from None
    data = data.apply(lambda values: values.str.strip())
    if data.empty:
        raise typer.BadParameter(
            f"{path.name} enthält keine Zeilen / has no rows.", param_hint=file_hint
        )
    for option, column in columns.items():
        if option == "--group":
            continue
        empty = data.index[data[column] == ""]
        if len(empty):
            lines = ", ".join(str(i + 2) for i in empty[:5])  # + header, 1-based
            raise typer.BadParameter(
                f"Spalte / column {column!r} hat {len(empty)} leere Zellen / empty cells "
                f"(Zeilen / lines {lines}{', …' if len(empty) > 5 else ''}).",
                param_hint=f"'{option}'",
            )
    return data


def _sniff_separator(path: Path) -> str:
    """The separator of the header line: German spreadsheets write ``;``."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline()
    counts = {separator: first.count(separator) for separator in _SEPARATORS}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def fairness_table(report: FairnessReport) -> Table:
    """A fairness report as a :class:`rich.table.Table` (German headings, as the users read)."""
    table = Table(
        title=f"Fairness nach {report.group_name} (ausgewählt = {report.positive})",
        caption=(
            f"Referenz: {report.reference_group} (höchste Auswahlquote); Verh. und Δ "
            f"(Prozentpunkte) gegen die Referenz; 4/5-Regel: Verh. < {report.threshold:g}."
        ),
    )
    table.add_column("Gruppe", justify="left")
    for heading in ("n", "Auswahl", "Verh.", "FPR", "Δ FPR", "FNR", "Δ FNR", "4/5"):
        table.add_column(heading, justify="right", no_wrap=True)
    for group, row in report.by_group.iterrows():
        table.add_row(
            str(group),
            str(int(row["count"])),
            _percent(row["selection_rate"]),
            _number(row["selection_rate_ratio"]),
            _percent(row["false_positive_rate"]),
            _points(row["false_positive_rate_difference"]),
            _percent(row["false_negative_rate"]),
            _points(row["false_negative_rate_difference"]),
            "[bold red]auffällig[/]" if row["four_fifths_flag"] else "ok",
        )
    table.add_section()
    table.add_row(
        "gesamt",
        str(int(report.overall["count"])),
        _percent(report.overall["selection_rate"]),
        "",
        _percent(report.overall["false_positive_rate"]),
        "",
        _percent(report.overall["false_negative_rate"]),
        "",
        "",
    )
    return table


def _percent(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f}%"


def _points(value: float) -> str:
    """A rate difference in percentage points."""
    return "–" if math.isnan(value) else f"{100 * value:+.1f}"


def _number(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"
