"""Option types and error handling shared by every ``triage`` command."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

T = TypeVar("T")

#: ``rules.DEFAULT_RULESET``, named here so that a command's help needs no rule engine
#: (a test checks that the two agree).
DEFAULT_RULES = "amit-nrw-default"


def parse_date(value: str | None) -> date | None:
    """Typer callback: ISO date or a click-style error that names the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a valid date (expected YYYY-MM-DD)") from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Stichtag / reference date (YYYY-MM-DD); default: today.",
        callback=parse_date,
        metavar="DATE",
    ),
]
InputPath = Annotated[
    Path,
    typer.Argument(
        help="Fälle / cases: .jsonl, .json, .parquet, or a CSV folder.",
        exists=True,
        show_default=False,
    ),
]


def as_date(value: Any) -> date:
    """The parsed ``--as-of`` (the callback already returned a date) or today."""
    return value if isinstance(value, date) else date.today()


LangOption = Annotated[
    str,
    typer.Option(
        "--lang", help="Sprache der Meldungen: de oder en / language of messages: de or en."
    ),
]


def check_lang(lang: str) -> str:
    if lang not in ("de", "en"):
        raise typer.BadParameter(f"{lang!r} is not de or en", param_hint="'--lang'")
    return lang


def input_issues(error: Any, lang: str = "de") -> None:
    """Every issue of a :class:`cases.validation.CaseInputError` on its own line (stderr)."""
    from texts import text

    for issue in error.issues:
        err.print(text("validation.cli.error", lang, message=issue.format(lang)), markup=False)
    more = error.total - len(error.issues)
    if more > 0:
        err.print(
            text("validation.file.more_issues", lang, n=more, shown=len(error.issues)),
            markup=False,
        )


@contextmanager
def user_errors(lang: str = "de") -> Iterator[None]:
    """Input and rule set errors as readable lines on stderr and exit code 1; an input whose
    format cannot be told is a one-line usage error (exit code 2)."""
    from cases.io import UnsupportedFormatError
    from cases.validation import CaseInputError
    from rules.errors import RuleSetError
    from texts import text

    try:
        yield
    except UnsupportedFormatError as error:
        err.print(text("validation.cli.error", lang, message=error.text(lang)), markup=False)
        raise typer.Exit(2) from None
    except CaseInputError as error:
        input_issues(error, lang)
        err.print(text("validation.cli.summary", lang, n=error.total), markup=False)
        raise typer.Exit(1) from None
    except RuleSetError as error:
        for said in error.texts(lang):
            err.print(text("validation.cli.error", lang, message=said), markup=False)
        raise typer.Exit(1) from None


def is_terminal() -> bool:
    return sys.stderr.isatty()


def with_status(message: str, work: Callable[[], T]) -> T:
    """Run ``work`` with a spinner on a terminal (and silently elsewhere)."""
    if not is_terminal():
        return work()
    with err.status(message):
        return work()
