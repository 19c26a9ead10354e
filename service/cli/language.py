"""The language of the command line: one choice for every command, German by default.

The language comes from the global option ``triage --lang de|en``, else from the environment
variable ``TRIAGE_LANG``, else German. ``rank``, ``explain`` and ``validate`` keep their own
``--lang`` (the same choice, given after the command name).

Help texts are catalogue keys (``cli.help.*``) wherever the commands are defined; Typer would
render a plain string as it is, and at import time, before ``--lang`` is read. So
:func:`localise` replaces the key of every command, group, argument and option by its text in
the chosen language just before the help is shown (``service.cli.app.LazyGroup`` calls it
when it hands out a command). It also translates the help's own frame (the panel titles
"Argumente", "Optionen", "Befehle", "[Standard: …]", the ``--help`` option) where Typer lets
it be set, and the usage line („Aufruf: triage rank [OPTIONEN] …“). Typer's own parse errors
(a missing option, a number out of range) are worded again in the run's language by
:mod:`service.cli.parse_errors`.

This module imports no heavy library: ``triage --help`` uses it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import PurePath
from types import MethodType
from typing import Any, get_args, get_origin

import typer

from service.cli.parse_errors import TriageContext
from texts import catalogue, has
from texts.catalogue import Lang, parse_lang

ENV = "TRIAGE_LANG"

_chosen: Lang | None = None


def current() -> Lang:
    """The language of this run: ``--lang``, else ``TRIAGE_LANG``, else German."""
    if _chosen is not None:
        return _chosen
    return parse_lang(os.environ.get(ENV, "").strip().lower()) or "de"


def choose(value: str | None) -> Lang:
    """Set the language of this run from ``--lang`` (``None`` keeps the current one).

    An unknown value is a usage error naming the allowed ones (exit 2)."""
    global _chosen
    if value is None:
        return current()
    lang = parse_lang(value.strip().lower())
    if lang is None:
        raise BadValue(
            catalogue.text("cli.lang.unknown", current(), value=value), param_hint="'--lang'"
        )
    _chosen = lang
    return lang


def choose_early(args: list[str]) -> None:
    """Choose the language from the first ``--lang X`` of the command line before it is
    parsed, so an error Typer finds while parsing it is in that language too: ``triage --lang
    en --verbose`` and ``triage rank --lang en --topp 3`` (the command's own ``--lang``). A
    wrong value is left for the option itself to refuse."""
    for index, arg in enumerate(args):
        if arg == "--":
            return
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value is not None:
            with contextlib.suppress(BadValue):
                choose(value)
            return


def reset() -> None:
    """Forget ``--lang`` (tests run many commands in one process)."""
    global _chosen
    _chosen = None


def check_environment() -> str | None:
    """The problem with ``TRIAGE_LANG`` in this language, or ``None`` when it is fine."""
    raw = os.environ.get(ENV, "").strip()
    if raw and parse_lang(raw.lower()) is None:
        return catalogue.text("cli.lang.unknown_env", current(), value=raw, env=ENV)
    return None


def lang_callback(ctx: Any, param: Any, value: str | None) -> str:
    """Typer callback of every ``--lang``: choose the language and show help in it."""
    lang = choose(value)
    if ctx is not None and ctx.command is not None:
        localise(ctx.command, lang)
    return lang


def say(key: str, /, **values: object) -> str:
    """The command line's message ``cli.<key>`` in the language of this run."""
    return catalogue.text(f"cli.{key}", current(), **values)


def text(key: str, /, **values: object) -> str:
    """Any catalogue message in the language of this run."""
    return catalogue.text(key, current(), **values)


def plural(key: str, n: float, /, **values: object) -> str:
    """A plural catalogue message in the language of this run."""
    return catalogue.plural(key, n, current(), **values)


def format_date(day: Any, lang: str | None = None) -> str:
    """A date as the run's language writes it."""
    return catalogue.format_date(day, lang or current())


def help_text(key: str, lang: str | None = None) -> str:
    """The help text ``key`` in ``lang`` (default: :func:`current`)."""
    return catalogue.text(key, lang or current())


def _resolve(obj: Any, attribute: str, lang: str, fallback: str | None = None) -> None:
    """Set ``obj.attribute`` to the text of its key (remembered from the first call)."""
    keys: dict[str, str] = obj.__dict__.setdefault("_help_keys", {})
    value = keys.get(attribute) or getattr(obj, attribute, None)
    if not (isinstance(value, str) and value.startswith("cli.") and has(value)):
        value = fallback if fallback is not None and has(fallback) else None
    if value is not None:
        keys[attribute] = value
        setattr(obj, attribute, catalogue.text(value, lang))


def _resolve_metavar(param: Any, lang: str) -> None:
    """The placeholder of ``param`` in the help (``DATUM``, ``NAME=WERT``, ``DATEI``) in ``lang``.

    A placeholder the command names (``metavar="DATE"``) is worded in ``lang``; a parameter
    without one gets the placeholder of its name or its type (:func:`_placeholder`) instead of
    Typer's ``<str>``, ``<path>``, ``<int range>``. A flag shows none (Typer would show
    ``<bool>``). An argument shows its placeholder in the name column, in the usage line
    (``DATEI``, ``[DATEI]`` when it may be left out) and in its errors („Das Argument 'DATEI'
    fehlt.“), never its code name (``input``, ``{input}``)."""
    keys: dict[str, str] = param.__dict__.setdefault("_help_keys", {})
    if "metavar" not in keys:
        keys["metavar"] = _placeholder(param)
    metavar = keys["metavar"]
    if has(f"cli.metavar.{metavar}"):
        metavar = catalogue.text(f"cli.metavar.{metavar}", lang)
    if getattr(param, "param_type_name", None) == "argument":
        if getattr(param, "nargs", 1) != 1:
            metavar += "…"
        param.display_type_rich = _no_type
        param._usage_display_name = MethodType(_argument_usage, param)
    param.metavar = metavar


def _placeholder(param: Any) -> str:
    """The placeholder of a parameter: its own ``metavar``, else one for its name
    (:data:`_BY_NAME`), else one for its type; a key of ``cli.metavar.*`` or the text itself
    (the choices ``table|json``, ``de|en``); empty for a flag."""
    own = getattr(param, "metavar", None)
    if isinstance(own, str):
        return own
    if getattr(param, "is_flag", False):
        return ""
    desc = getattr(param, "type_descriptor", None)
    choices = getattr(desc, "choices", None)
    if choices:
        return "|".join(str(getattr(choice, "value", choice)) for choice in choices)
    name = str(getattr(param, "name", "") or "")
    if name in _BY_NAME:
        return _BY_NAME[name]
    if getattr(desc, "is_file", False):
        return "FILE"
    if getattr(desc, "is_path", False):
        return "DIR" if getattr(desc, "path_type", "") == "dir" else "FILE"
    annotation = getattr(desc, "annotation", None)
    element = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    if element in (int, float):
        return "NUMBER"
    if isinstance(element, type) and issubclass(element, PurePath):
        return "FILE"
    return "VALUE"


#: Placeholders by the parameter's name (its Python name), where its type alone would only
#: say ``WERT`` or ``ZAHL``.
_BY_NAME: dict[str, str] = {
    "as_of": "DATE",
    "base": "VERSION",
    "bias_attribute": "ATTRIBUTE",
    "bias_group": "GROUP",
    "case_id": "CASE",
    "engine": "MODE",
    "file": "FILE",
    "fmt": "FORMAT",
    "format": "FORMAT",
    "group": "COLUMN",
    "host": "HOST",
    "justification": "REASON",
    "label": "COLUMN",
    "limit": "COUNT",
    "min_decisions": "COUNT",
    "min_group_size": "COUNT",
    "n": "COUNT",
    "name": "NAME",
    "output_format": "FORMAT",
    "owner": "ROLE",
    "port": "PORT",
    "pred": "COLUMN",
    "reason": "REASON",
    "request_id": "REQUEST",
    "revision": "REVISION",
    "role": "ROLE",
    "rules": "RULESET",
    "rules_version": "VERSION",
    "scenarios_reason": "REASON",
    "token": "TOKEN",
    "top": "COUNT",
    "tracking_uri": "URI",
    "workers": "COUNT",
}


def _no_type(ctx: Any) -> None:
    """An argument's type column stays empty: its placeholder already says what it takes."""
    return None


def _argument_usage(self: Any) -> str:
    """An argument in the usage line: ``DATEI``, or ``[DATEI]`` when it may be left out."""
    return str(self.metavar) if self.required else f"[{self.metavar}]"


def command_key(path: str) -> str:
    """The catalogue key of the help of the command or group at ``path`` (``policy.draft``)."""
    return f"cli.help.{path}"


def localise(command: Any, lang: str | None = None, path: str | None = None) -> Any:
    """``command`` (a click command or group, with its subcommands) with help in ``lang``.

    A command's own help is the key of its path (``cli.help.policy.draft``); an option's or
    argument's is the key its definition names."""
    lang = lang or current()
    _frame(lang)
    _localise(command, lang, path or command.name or "triage")
    return command


def _localise(command: Any, lang: str, path: str) -> None:
    _resolve(command, "help", lang, command_key(path))
    # click's documented hook for the context a command makes: ours names itself in the
    # usage errors raised while the command parses (service.cli.parse_errors)
    command.context_class = TriageContext
    _usage(command, lang)
    for param in getattr(command, "params", ()):
        _resolve(param, "help", lang)
        _resolve_metavar(param, lang)
    option = _help_option(command)
    if option is not None:
        option.help = catalogue.text("cli.frame.help_option", lang)
        option.metavar = ""  # a flag: no placeholder (Typer would show <bool>)
    for name, sub in getattr(command, "commands", {}).items():
        _localise(sub, lang, f"{path}.{name}")


def _usage(command: Any, lang: str) -> None:
    """The usage line (``Aufruf: triage rank [OPTIONEN] …``) in ``lang``.

    Typer writes ``Usage: `` itself; this command's ``format_usage`` passes the prefix."""
    if getattr(command, "options_metavar", None):
        command.options_metavar = catalogue.text("cli.frame.options_metavar", lang)
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = catalogue.text("cli.frame.subcommand_metavar", lang)
    command.format_usage = MethodType(_format_usage, command)


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    pieces = self.collect_usage_pieces(ctx)
    prefix = catalogue.text("cli.frame.usage", current()) + " "
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)


def _help_option(command: Any) -> Any:
    try:
        return command.get_help_option(typer.Context(command))
    except Exception:  # a stand-in without a full command behind it
        return None


class BadValue(typer.BadParameter):
    """A refused option value, its frame (\u201eUngültiger Wert für …\u201c) in the language of
    the run; Typer's own ``BadParameter`` says \u201cInvalid value for\u201d in English."""

    def format_message(self) -> str:
        if self.param_hint is not None:
            hint = self.param_hint
        elif self.param is not None:
            hint = self.param.get_error_hint()
        else:
            return catalogue.text("cli.frame.invalid_value", current(), message=self.message)
        if not isinstance(hint, str):
            hint = " / ".join(repr(item) for item in hint)
        return catalogue.text(
            "cli.frame.invalid_value_for", current(), hint=hint, message=self.message
        )


def _frame(lang: str) -> None:
    """The titles and marks of Typer's help panels in ``lang``."""
    from typer import rich_utils

    for name, key in _FRAME.items():
        setattr(rich_utils, name, catalogue.text(f"cli.frame.{key}", lang))


_FRAME = {
    "ARGUMENTS_PANEL_TITLE": "arguments",
    "OPTIONS_PANEL_TITLE": "options",
    "COMMANDS_PANEL_TITLE": "commands",
    "ERRORS_PANEL_TITLE": "error",
    "DEFAULT_STRING": "default",
    "ENVVAR_STRING": "envvar",
    "REQUIRED_LONG_STRING": "required",
    "DEPRECATED_STRING": "deprecated",
    "ABORTED_TEXT": "aborted",
    "RICH_HELP": "try_help",
}
