"""Typer's own parse errors in the language of the run (issue #11).

Typer (its vendored click) refuses a command line in English and has no catalogue for it:
"Missing option '--name'.", "No such option: --nope", "Got unexpected extra argument(s)",
pydantic's "Input should be a valid integer". The top-level group
(:class:`service.cli.app.LazyGroup`) passes every usage error through :func:`localised`
before Typer shows it. The error is read from its attributes (the parameter and its type, the
option name, the close matches, the value pydantic refused and why) and worded again from the
catalogue (``cli.parse.*``, ``cli.frame.*``) in the language of ``--lang``/``TRIAGE_LANG``.
Typer still shows it: the usage line („Aufruf: triage rank [OPTIONEN] …“), the help hint,
the panel („Fehler“) and exit code 2 (see :mod:`service.cli.language`).

Three errors carry their facts only in their English message (an extra argument, an unknown
command, an option without its value); those are matched against Typer's wording. Errors of
our own commands (:class:`~service.cli.language.BadValue`) are in the run's language already
and pass unchanged; so does any error this module does not recognise (a future Typer wording),
inside the translated frame. ``tests/cli/test_parse_errors.py`` pins every wording it knows
against the installed Typer.

:class:`TriageContext` gives the few errors click's parser raises without a context (an
option given without its value) the context of the command being parsed, so they show its
usage line like every other usage error.

Imports no heavy library (``triage --help`` imports this module).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import get_close_matches
from enum import Enum
from types import TracebackType
from typing import IO, Any

import typer
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from texts import catalogue


class TriageContext(typer.Context):
    """A command's context that names itself in the usage errors raised while it is active
    (click's parser leaves it out of "Option '--seed' requires an argument"), so the error
    shows the usage line of its command."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        if isinstance(exc_value, UsageError) and exc_value.ctx is None:
            exc_value.ctx = self
            exc_value.cmd = self.command
        return super().__exit__(exc_type, exc_value, tb)


class LocalisedUsageError(UsageError):
    """A usage error worded in the language of the run (its message is the whole text)."""

    def __init__(self, message: str, ctx: Any, exit_code: int = 2) -> None:
        super().__init__(message, ctx)
        self.exit_code = exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        """The plain form (Typer without Rich): usage line, help hint, message."""
        lang = _lang()
        if self.ctx is not None:
            typer.echo(self.ctx.get_usage(), file=file, err=file is None)
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = catalogue.text(
                    "cli.frame.try_help",
                    lang,
                    command_path=self.ctx.command_path,
                    help_option=self.ctx.help_option_names[0],
                )
                typer.echo(re.sub(r"\[/?[a-z ]*\]", "", hint), file=file, err=file is None)
        line = catalogue.text("cli.parse.error_line", lang, message=self.format_message())
        typer.echo(line, file=file, err=file is None)


def localised(error: ClickException) -> ClickException:
    """``error`` worded in the language of the run (``error`` itself when there is nothing to
    translate: our own errors, the help shown for a bare group, anything not a usage error)."""
    from service.cli.language import BadValue

    if not isinstance(error, UsageError) or isinstance(
        error, BadValue | NoArgsIsHelpError | LocalisedUsageError
    ):
        return error
    message = _message(error)
    if message is None:
        return error
    return LocalisedUsageError(message, error.ctx, error.exit_code)


# --------------------------------------------------------------------------- the wording


def _lang() -> str:
    from service.cli.language import current

    return current()


def _t(key: str, /, **values: object) -> str:
    return catalogue.text(f"cli.parse.{key}", _lang(), **values)


def _plural(key: str, n: int, /, **values: object) -> str:
    return catalogue.plural(f"cli.parse.{key}", n, _lang(), **values)


_EXTRA = re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", re.S)
_NO_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<names>.+)\?)?")
_NEEDS = re.compile(r"Option (?P<name>.+) requires (?:an argument|(?P<n>\d+) arguments)\.")
_NO_VALUE = re.compile(r"Option (?P<name>.+) does not take a value\.")
_TAKES = re.compile(r"Argument (?P<name>.+) takes (?P<n>\d+) values\.")
_ONE_OF = re.compile(r"(?P<value>.+) is not one of (?P<allowed>.+)\.", re.S)
_FORMATS = re.compile(r"(?P<value>.+) does not match the formats (?P<formats>.+)\.", re.S)
_PATH = re.compile(
    r"(?P<label>file|dir|directory|path) (?P<loc>'.*') (?P<what>does not exist|is a file"
    r"|is a directory|is not readable|is not writable)\.",
    re.I | re.S,
)
_PATH_KEYS = {
    "is a file": "path.is_file",
    "is a directory": "path.is_dir",
    "is not readable": "path.not_readable",
    "is not writable": "path.not_writable",
}


def _message(error: UsageError) -> str | None:
    """The whole message of ``error`` in the run's language, ``None`` if it is not Typer's."""
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        return _bad_value(error)
    if isinstance(error, NoSuchOption):
        return _no_such_option(error)
    text = error.message
    if isinstance(error, BadOptionUsage):
        if match := _NEEDS.fullmatch(text):
            n = int(match["n"] or 1)
            return _plural("needs_values", n, name=match["name"])
        if match := _NO_VALUE.fullmatch(text):
            return _t("takes_no_value", name=match["name"])
        return None
    if isinstance(error, BadArgumentUsage):
        if match := _TAKES.fullmatch(text):
            return _plural("argument_values", int(match["n"]), name=match["name"])
        return None
    if match := _EXTRA.fullmatch(text):
        args = match["args"]
        return _plural("extra_arguments", len(args.split()) or 1, args=args)
    if match := _NO_COMMAND.fullmatch(text):
        message = _t("no_such_command", name=match["name"])
        names = match["names"] or _close_commands(error.ctx, match["name"])
        if names:
            message += " " + _t("did_you_mean", names=names)
        return message
    if text == "Missing command.":
        return _t("missing_command")
    return None


def _close_commands(ctx: Any, quoted: str) -> str | None:
    """The commands of the group that are close to the unknown one (``'policy'``).

    Typer suggests only among the commands already loaded; the top-level group loads its
    commands when they run (:class:`service.cli.app.LazyGroup`), so it lists them all here."""
    group = getattr(ctx, "command", None)
    list_commands = getattr(group, "list_commands", None)
    if not callable(list_commands) or len(quoted) < 2:
        return None
    matches = get_close_matches(quoted[1:-1], list_commands(ctx))
    return ", ".join(repr(name) for name in matches) or None


def _no_such_option(error: NoSuchOption) -> str:
    message = error.message
    if message == f"No such option: {error.option_name}":
        message = _t("no_such_option", name=error.option_name)
    if error.possibilities:
        message += " " + _t("possible_options", options=", ".join(sorted(error.possibilities)))
    return message


def _hint(error: BadParameter) -> str | None:
    """Which parameter: ``'--n' / '-n'``, ``'input'`` (its environment variable named in the
    run's language)."""
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return None
    if not isinstance(hint, str):
        hint = " / ".join(repr(item) for item in hint)
    return re.sub(
        r" \(env var: (?P<name>'[^']*')\)",
        lambda match: _t("envvar_hint", name=match["name"]),
        hint,
    )


def _missing(error: MissingParameter) -> str:
    hint = _hint(error)
    kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
    if hint:
        key = kind if kind in ("option", "argument") else "parameter"
        message = _t(f"missing.{key}", hint=hint)
    else:
        message = _t("missing.value")
    if error.message:
        message += " " + error.message
    choices = _choices(error.param)
    if choices:
        message += " " + _t("choose_from", choices=", ".join(choices))
    return message


def _choices(param: Any) -> list[str]:
    """The allowed values of a choice parameter (an enum or a literal), else none."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return []
    return [
        str(choice.value) if isinstance(choice, Enum) else str(choice)
        for choice in descriptor.choices or ()
    ]


def _bad_value(error: BadParameter) -> str:
    value = _value_message(error)
    message = error.message if value is None else value
    hint = _hint(error)
    lang = _lang()
    if hint is None:
        return catalogue.text("cli.frame.invalid_value", lang, message=message)
    return catalogue.text("cli.frame.invalid_value_for", lang, hint=hint, message=message)


def _value_message(error: BadParameter) -> str | None:
    """Why Typer refused the value, in the run's language (``None``: keep its message)."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        found = errors()
        return _pydantic(found[0]) if found else None
    if match := _PATH.fullmatch(error.message):
        what, loc = match["what"].lower(), match["loc"]
        if what == "does not exist":
            label = {"directory": "dir"}.get(match["label"].lower(), match["label"].lower())
            return _t(f"path.missing.{label}", loc=loc)
        return _t(_PATH_KEYS[what], loc=loc)
    return None


def _pydantic(found: Any) -> str | None:
    """One error of pydantic's validation (Typer converts values with it), worded again."""
    kind = found.get("type")
    value = found.get("input")
    limits = found.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _t("not_integer", value=value)
    if kind in ("float_parsing", "float_type"):
        return _t("not_number", value=value)
    if kind in ("bool_parsing", "bool_type"):
        return _t("not_bool", value=value)
    for key, limit in (
        ("ge", "too_small"),
        ("gt", "too_small_strict"),
        ("le", "too_large"),
        ("lt", "too_large_strict"),
    ):
        if kind == _LIMIT_TYPES[key] and key in limits:
            return _t(limit, value=value, limit=catalogue.format_number(limits[key], _lang()))
    if kind == "value_error" and "error" in limits:
        reason = str(limits["error"])
        if match := _ONE_OF.fullmatch(reason):
            return _t("not_one_of", value=match["value"], allowed=match["allowed"])
        if match := _FORMATS.fullmatch(reason):
            return _t("no_format", value=match["value"], formats=match["formats"])
        return reason
    return None


_LIMIT_TYPES = {
    "ge": "greater_than_equal",
    "gt": "greater_than",
    "le": "less_than_equal",
    "lt": "less_than",
}
