"""The ``truceline`` command: a thin layer over the library."""
from __future__ import annotations

import datetime as dt
import json
import sys

import click

from .errors import InputError, TrucelineError
from .settings import Settings


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="truceline")
def cli() -> None:
    """Truceline: watch a ceasefire from the news.

    \b
    Example:
        truceline extract article.txt
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a readable summary; json: one truceline.v1 record per line.")
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for a single plain file.")
@click.option("--url", help="Source URL for a single plain file.")
@click.option("--model", help="spaCy pipeline to load (default: the spacy_model setting).")
def extract(inputs: tuple[str, ...], fmt: str, published: dt.date | None, url: str | None,
            model: str | None) -> None:
    """Extract truceline.v1 records from files, folders, JSON Lines or '-' (stdin).

    \b
    Examples:
        truceline extract article.txt
        truceline extract --format json news/ > records.jsonl
        cat page.html | truceline extract --published 2025-03-19 -
    """
    from .extract.pipeline import Extractor
    from .report.human import render_record
    from .sources import read_inputs

    settings = Settings.load(spacy_model=model)
    try:
        extractor = Extractor(settings)
    except TrucelineError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = 0
    first = True
    for out in extractor.run(read_inputs(list(inputs), settings, published=published, url=url)):
        if isinstance(out, InputError):
            failed += 1
            click.echo(f"truceline: {out}", err=True)
            continue
        if fmt == "json":
            click.echo(json.dumps(out.to_dict(), ensure_ascii=False))
        else:
            if not first:
                click.echo()
            click.echo(render_record(out))
        first = False
    if failed:
        sys.exit(1)


def main() -> None:
    cli()
