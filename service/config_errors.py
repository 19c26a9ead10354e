"""Configuration problems as one sentence each in the reader's language (``config.*`` texts).

A refused setting names the environment variable, what was found and what is expected; a
secret (audit key, session secret, client secret) is named but never echoed. Three sources:

* :class:`ConfigProblem` - raised by the settings' own checks (production mode without an
  audit key or database, an audit key too short, an unsupported ``DATABASE_URL``);
* pydantic's checks of single values (``TRIAGE_PORT=abc``), worded by the translator of case
  validation (:func:`cases.validation.issue_from_pydantic`) behind the variable's name;
* anything else is shown as it is.

The command line (``service.cli.service_commands.load_settings``) and the server's start
(``service.main.app_factory``) print these sentences; nothing else of the project is imported
here, so :mod:`service.settings` and :mod:`service.audit.keys` can use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from texts import text

#: Fields whose environment variable is not ``TRIAGE_<NAME>``.
_VARIABLES = {"database_url": "DATABASE_URL", "mlflow_tracking_uri": "MLFLOW_TRACKING_URI"}
#: Words in a field's name that make its value a secret: named, never echoed.
_SECRET_WORDS = ("key", "secret", "token", "password")


class ConfigProblem(ValueError):
    """A refused setting: a ``config.*`` text key and its values (never a secret's value).

    ``str()`` is the English sentence (logs, tracebacks); :meth:`text` gives either language.
    """

    def __init__(self, code: str, /, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(self.text("en"))

    def text(self, lang: str = "de") -> str:
        return text(f"config.{self.code}", lang, **self.values)


def server_lang() -> str:
    """The language of the server's own messages (its log, its refusal to start):
    ``TRIAGE_LANG``, else German (the command line has ``--lang`` as well)."""
    import os

    from texts.catalogue import parse_lang

    return parse_lang(os.environ.get("TRIAGE_LANG", "").strip().lower()) or "de"


def variable(field: str) -> str:
    """The environment variable of a settings field (``port`` -> ``TRIAGE_PORT``)."""
    return _VARIABLES.get(field) or f"TRIAGE_{field.upper()}"


def is_secret(field: str) -> bool:
    """A field whose value is never echoed (a file naming a secret is not one)."""
    name = field.lower()
    return not name.endswith("_file") and any(word in name for word in _SECRET_WORDS)


def masked_url(url: str) -> str:
    """A URL with the password of its user part replaced by ``***``."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


def messages(error: BaseException, lang: str = "de") -> list[str]:
    """The sentences of a refused configuration (one per problem) in ``lang``."""
    from pydantic import ValidationError

    if isinstance(error, ConfigProblem):
        return [error.text(lang)]
    if isinstance(error, ValidationError):
        return [_item_text(item, lang) for item in error.errors(include_url=False)]
    return [str(error)]


def _item_text(item: Mapping[str, Any], lang: str) -> str:
    cause = (item.get("ctx") or {}).get("error")
    loc = [str(part) for part in item.get("loc", ())]
    field = loc[0] if loc else ""
    if isinstance(cause, ConfigProblem):
        if field and cause.code.startswith("field."):  # a check of one value: name it
            return text("config.field", lang, variable=variable(field), problem=cause.text(lang))
        return cause.text(lang)
    if not field:
        return str(cause or item["msg"])
    return text("config.field", lang, variable=variable(field), problem=_problem(item, lang))


def _problem(item: Mapping[str, Any], lang: str) -> str:
    """What is wrong with one value: the words of case validation where they fit."""
    from cases.validation import describe, issue_from_pydantic

    field = str(item["loc"][0])
    secret = is_secret(field)
    found = text("config.field.hidden", lang) if secret else describe(item.get("input"))
    ctx = item.get("ctx") or {}
    kind = item["type"]
    if kind == "string_pattern_mismatch":
        key = "config.field.sweep_at" if field == "sweep_at" else "config.field.pattern"
        return text(key, lang, found=found, expected=ctx.get("pattern", ""))
    if kind in ("greater_than", "less_than"):
        key = "config.field.above" if kind == "greater_than" else "config.field.below"
        bound = ctx["gt"] if kind == "greater_than" else ctx["lt"]
        whole = isinstance(bound, float) and bound.is_integer()
        return text(key, lang, found=found, expected=int(bound) if whole else bound)
    issue = issue_from_pydantic({**item, "loc": (field,)})
    if issue.code == "invalid":  # a check case validation has no words for
        return text("config.field.invalid", lang, found=found)
    if secret:
        issue = replace(issue, found=found)
    return issue.text(lang)
