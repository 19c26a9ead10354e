"""The printable German document of a case export (``templates/case_export.html``).

A self-contained HTML page (styles inline, no scripts, nothing loaded from elsewhere) that prints
on A4 like the print view of a case; every word comes from the message catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from texts import text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(data: dict[str, Any], lang: str = "de") -> str:
    def msg(key: str, **values: Any) -> str:
        return text(f"retention.{key}", lang, **values)

    def gmsg(key: str, **values: Any) -> str:
        return text(f"gdpr.{key}", lang, **values)

    return _env.get_template("case_export.html").render(data=data, msg=msg, gmsg=gmsg)
