"""``triage docs build --out DIR``: the documentation pack generated from the system itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from service.cli.app import app
from service.cli.language import current, say
from service.cli.options import err, out
from service.cli.service_commands import actor, database, load_settings

docs_app = typer.Typer(
    help="cli.help.docs",
    no_args_is_help=True,
)
app.add_typer(docs_app, name="docs")


@docs_app.command("build")
def build(
    out_dir: Annotated[Path, typer.Option("--out", help="cli.help.docs.out", file_okay=False)],
    case_id: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="cli.help.docs.case",
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="cli.help.docs.region", metavar="REGION"),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="cli.help.docs.as_of")] = None,
) -> None:
    """Unterlagen erzeugen / write every document of the pack and record it in the audit log.

    Annex IV technical documentation (Art. 9, 13, 14, 15), DPIA and record of processing
    drafts, FRIA skeleton, ATRS and Dutch algorithm register records, the Art. 86
    explanation, and manifest.json with checksums and sources.
    """
    from cases.model import REGIONS
    from service.compliance.build import (
        AmbiguousCaseError,
        UnknownCaseError,
        build_pack,
        write_pack,
    )
    from service.model_runtime import load_model_runtime
    from service.rulesets.active import get_active_ruleset
    from texts import text

    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            err.print(
                say("error", message="--as-of: " + say("bad_date", value=as_of)), markup=False
            )
            raise typer.Exit(2) from None
    if region is not None and region not in REGIONS:
        allowed = ", ".join(REGIONS)
        err.print(
            say("error", message="--region: " + say("not_one_of", value=region, allowed=allowed)),
            markup=False,
        )
        raise typer.Exit(2)
    settings = load_settings()
    with database(settings) as db:
        with db.read() as session:
            ruleset = get_active_ruleset(session, name=settings.ruleset, on=day)
        model = load_model_runtime(settings, ruleset=ruleset)
        try:
            pack = build_pack(
                db=db,
                settings=settings,
                ruleset=ruleset,
                model=model,
                actor=actor(),
                as_of=day,
                case_id=case_id,
                region=region,
            )
        except AmbiguousCaseError as error:
            message = text(
                "privacy.case_ambiguous_cli",
                current(),
                case_id=error.case_id,
                regions=", ".join(error.regions),
            )
            err.print(say("error", message=message), markup=False)
            raise typer.Exit(1) from None
        except UnknownCaseError as error:
            err.print(say("error", message=str(error)), markup=False)
            raise typer.Exit(1) from None
    written = write_pack(pack, out_dir)
    out.print(
        text("compliance.cli.built", current(), n=len(written), out=out_dir, seq=pack.audit_seq),
        markup=False,
    )
    for document in pack.manifest["documents"]:
        out.print(f"  {document['file']:<48} {document['title']}", markup=False)
    if pack.manifest["art86"].get("case") == "sample":
        err.print(
            text("compliance.cli.example_case", current(), name=pack.manifest["art86"]["scenario"]),
            markup=False,
        )
