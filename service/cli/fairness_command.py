"""``triage fairness``: selection and error rates per group for any CSV of predictions."""

from __future__ import annotations

import difflib
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.app import app
from service.cli.language import BadValue, current, say
from service.cli.options import MIN_CELL_SIZE, out
from texts import text, text_or
from texts.labels import group_label

if TYPE_CHECKING:  # pandas and rich tables load when the command runs, not for its help
    import pandas as pd
    from rich.table import Table

    from fairness.report import FairnessReport
_SEPARATORS = (",", ";", "\t")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class Reference(StrEnum):
    largest = "largest"
    overall = "overall"
    highest = "highest"


@app.command("fairness")
def fairness(
    file: Annotated[
        Path,
        typer.Argument(
            help="cli.help.fairness.file",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    pred: Annotated[
        str,
        typer.Option("--pred", help="cli.help.fairness.pred", show_default=False),
    ],
    label: Annotated[
        str,
        typer.Option("--label", help="cli.help.fairness.label", show_default=False),
    ],
    group: Annotated[
        str,
        typer.Option(
            "--group",
            help="cli.help.fairness.group",
            show_default=False,
        ),
    ],
    positive: Annotated[
        str,
        typer.Option("--positive", help="cli.help.fairness.positive"),
    ] = "1",
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="cli.help.fairness.format")
    ] = ReportFormat.table,
    reference: Annotated[
        Reference,
        typer.Option(
            "--reference",
            help="cli.help.fairness.reference",
        ),
    ] = Reference.largest,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            min=1,
            help="cli.help.fairness.min_group_size",
        ),
    ] = MIN_CELL_SIZE,
) -> None:
    """Fairness-Audit: Größe, Auswahl- und Fehlerquoten und Verhältnis je Gruppe.

    Prüfung: Vier-Fünftel-Regel. Jede Gruppe mit mindestens --min-group-size Zeilen wird mit
    der Referenz verglichen (Vorgabe: die größte Gruppe); auffällig ist ein Verhältnis unter
    0,8 oder über 1,25. Kleinere Gruppen stehen als „zu klein“ da und werden nicht bewertet.
    """
    from fairness.report import fairness_report  # fairlearn is slow to import: only here

    data = _read_columns(file, {"--pred": pred, "--label": label, "--group": group})
    # Rows without a group value form a group of their own, so they stay visible.
    groups = data[group].replace("", say("fairness.missing_group")).rename(group)
    try:
        report = fairness_report(
            data[pred],
            data[label],
            groups,
            positive=positive,
            reference=reference.value,
            min_group_size=min_group_size,
        )
    except ValueError as error:
        raise BadValue(str(error), param_hint="'--positive'") from None
    if output_format is ReportFormat.json:
        typer.echo(report.to_json())
        return
    from rich.console import Console

    console = out if out.is_terminal else Console(width=150, highlight=False)
    console.print(fairness_table(report))
    flagged = ", ".join(group_label(report.group_name, g, current()) for g in report.flagged_groups)
    console.print(
        text("console.fairness.flagged_list", current(), groups=flagged)
        if flagged
        else text("console.fairness.none_flagged", current()),
        markup=False,
    )


def _read_columns(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """The named columns as text, after checking that each exists and has no empty cell."""
    import pandas as pd

    file_hint = "'FILE'"
    separator = _sniff_separator(path)
    try:
        header = pd.read_csv(path, sep=separator, nrows=0, encoding="utf-8-sig").columns
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise BadValue(
            say("fairness.unreadable", name=path.name, error=error), param_hint=file_hint
        ) from None
    names = [str(name) for name in header]
    for option, column in columns.items():
        if column not in names:
            close = difflib.get_close_matches(column, names, n=1)
            hint = say("fairness.did_you_mean", name=close[0]) if close else ""
            raise BadValue(
                say(
                    "fairness.missing_column",
                    column=column,
                    name=path.name,
                    hint=hint,
                    columns=", ".join(names),
                ),
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
        raise BadValue(
            say("fairness.unreadable", name=path.name, error=error), param_hint=file_hint
        ) from None
    data = data.apply(lambda values: values.str.strip())
    if data.empty:
        raise BadValue(say("fairness.no_rows", name=path.name), param_hint=file_hint)
    for option, column in columns.items():
        if option == "--group":
            continue
        empty = data.index[data[column] == ""]
        if len(empty):
            lines = ", ".join(str(i + 2) for i in empty[:5])  # + header, 1-based
            more = ", …" if len(empty) > 5 else ""
            raise BadValue(
                say("fairness.empty_cells", column=column, n=len(empty), lines=lines + more),
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
    """A fairness report as a :class:`rich.table.Table` in German: size, rates, ratio and the
    assessment of every group; the caption names the test and the reference."""

    from rich.table import Table

    def c(key: str, **values: object) -> str:
        return text(f"console.fairness.{key}", current(), **values)

    # an audit field by its name (Staatsangehörigkeit), any other column as it is called
    column = text_or(f"monitoring.attribute.{report.group_name}", report.group_name, current())

    def name(group: object) -> str:
        """The group as people read it: a country or a sex for those columns, else as is."""
        return group_label(report.group_name, group, current())

    if report.reference == "overall":
        reference = c("reference_overall", rate=_percent(report.overall["selection_rate"]))
    elif report.reference_group is None:
        reference = c("reference_none")
    else:
        reference = c(
            f"reference_{report.reference}",
            group=group_label(report.group_name, report.reference_group, current()),
        )
    table = Table(
        title=c("title", column=column, positive=report.positive),
        caption=c(
            "caption",
            reference=reference,
            low=_number(report.threshold),
            high=_number(1 / report.threshold),
            min=report.min_group_size,
        ),
        caption_justify="left",
    )
    table.add_column(c("col.group"), justify="left")
    for key in ("n", "rate", "ratio", "fpr", "fpr_diff", "fnr", "fnr_diff"):
        table.add_column(c(f"col.{key}"), justify="right", no_wrap=True)
    table.add_column(c("col.assessment"), no_wrap=True)
    small = set(report.small_groups)
    for group, row in report.by_group.iterrows():
        if group in small:
            table.add_row(name(group), str(int(row["count"])), *["–"] * 6, c("small"))
            continue
        table.add_row(
            name(group),
            str(int(row["count"])),
            _percent(row["selection_rate"]),
            _number(row["selection_rate_ratio"]),
            _percent(row["false_positive_rate"]),
            _points(row["false_positive_rate_difference"]),
            _percent(row["false_negative_rate"]),
            _points(row["false_negative_rate_difference"]),
            f"[bold red]{c('flagged')}[/]" if row["four_fifths_flag"] else c("ok"),
        )
    table.add_section()
    table.add_row(
        c("overall"),
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


def _decimal(shown: str) -> str:
    return shown if current() == "en" else shown.replace(".", ",")


def _percent(value: float) -> str:
    from texts import format_percent

    return "–" if math.isnan(value) else format_percent(value, current())


def _points(value: float) -> str:
    """A rate difference in percentage points."""
    return "–" if math.isnan(value) else _decimal(f"{100 * value:+.1f}")


def _number(value: float) -> str:
    return "–" if math.isnan(value) else _decimal(f"{value:.2f}")
