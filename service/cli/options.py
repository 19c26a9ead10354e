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
#: ``fairness.suppression.MIN_CELL_SIZE`` and ``policy.simulation.MIN_GROUP_SIZE``, named here
#: for the same reason (tested to agree).
MIN_CELL_SIZE = 10
MIN_GROUP_SIZE = 30


def parse_date(value: str | None) -> date | None:
    """Typer callback: ISO date or a click-style error that names the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from service.cli.language import BadValue, say

        raise BadValue(say("bad_date", value=value)) from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="cli.help.common.as_of",
        callback=parse_date,
        metavar="DATE",
    ),
]
InputPath = Annotated[
    Path,
    typer.Argument(
        help="cli.help.common.input",
        exists=True,
        show_default=False,
    ),
]


def as_date(value: Any) -> date:
    """The parsed ``--as-of`` (the callback already returned a date) or today."""
    return value if isinstance(value, date) else date.today()


def _lang_callback(ctx: typer.Context, param: Any, value: str | None) -> str:
    from service.cli.language import lang_callback

    return lang_callback(ctx, param, value)


#: ``--lang`` after the command name (``rank``, ``explain``, ``validate``, ``replay``): the
#: same choice as ``triage --lang``; without it the run's language (``TRIAGE_LANG``, else
#: German).
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="cli.help.common.lang",
        metavar="de|en",
        is_eager=True,
        callback=_lang_callback,
        show_default=False,
    ),
]


def check_lang(lang: str | None = None) -> str:
    """The language of this run (``--lang`` was applied by its callback)."""
    from service.cli.language import choose

    return choose(lang)


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
def user_errors(lang: str | None = None) -> Iterator[None]:
    """Input and rule set errors as readable lines on stderr and exit code 1; an input whose
    format cannot be told is a one-line usage error (exit code 2)."""
    from cases.io import UnsupportedFormatError
    from cases.validation import CaseInputError
    from rules.errors import RuleSetError
    from service.cli.language import current
    from texts import text

    lang = lang or current()
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
