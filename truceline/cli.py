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


_db_option = click.option("--db", help="SQLite file path or PostgreSQL URL (default: the db setting).")


def _fail(exc: Exception) -> None:
    raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--records", is_flag=True, help="INPUTS are JSON Lines of records already extracted.")
@click.option("--db", help="Assess the store (SQLite path or PostgreSQL URL) instead of INPUTS: incidents as "
                           "merged across documents, analysts' reviews applied, as the dashboard shows them.")
def assess(inputs: tuple[str, ...], fmt: str, records: bool, db: str | None) -> None:
    """Check incidents against the agreements in force, in each side's version.

    Lists alleged violations (claims, never findings) and per-side, per-day counts with running totals.

    \b
    Examples:
        truceline assess news/
        truceline assess --format json news/ > assessment.json
        truceline assess --records records.jsonl
        truceline assess --db ~/monitor.db
    """
    from .assess import assess as run_assess
    from .assess import load_records, render_assessment

    if bool(inputs) == bool(db):
        raise click.UsageError("give INPUTS to read, or --db to assess a store (not both)")
    recs: list = []
    failed = 0
    try:
        if db:
            from .assess.stored import assess_store
            from .store import open_store

            with open_store(db, Settings.load(db=db)) as store:
                result = assess_store(store)
        elif records:
            for path in inputs:
                recs += load_records(path)
        else:
            from .extract.pipeline import Extractor
            from .sources import read_inputs

            settings = Settings.load()
            for out in Extractor(settings).run(read_inputs(list(inputs), settings)):
                if isinstance(out, InputError):
                    failed += 1
                    click.echo(f"truceline: {out}", err=True)
                else:
                    recs.append(out)
        if not db:
            result = run_assess(recs)
    except TrucelineError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(render_assessment(result))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(inputs: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Read, clean, extract and store articles; already stored ones are skipped.

    \b
    Examples:
        truceline ingest examples/demo
        truceline ingest --db postgresql://user@localhost/truceline news/ feed.warc.gz
    """
    from .ingest import ingest as run_ingest

    settings = Settings.load(db=db)
    try:
        summary = run_ingest(list(inputs), settings, progress=not quiet)
    except TrucelineError as exc:
        _fail(exc)
    for line in summary.lines():
        click.echo(line, err=line.startswith("failed:"))
    if summary.failed:
        sys.exit(1)


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "geojson", "parquet"]), default="csv",
              show_default=True)
@click.option("--table", type=click.Choice(["incidents", "acts"]), default="incidents", show_default=True,
              help="For CSV and Parquet: which items to export.")
@click.option("--output", "-o", default="-", show_default=True, help="File to write, '-' for stdout.")
@click.option("--raw", is_flag=True, help="As extracted, without analysts' reviews.")
def export(db: str | None, fmt: str, table: str, output: str, raw: bool) -> None:
    """Export the store: CSV (ACLED-style columns), JSON Lines, GeoJSON or Parquet.

    Analysts' reviews are applied (rejected items left out, corrections in) unless --raw.

    \b
    Examples:
        truceline export --format csv -o incidents.csv
        truceline export --format geojson -o incidents.geojson
        truceline export --format jsonl > records.jsonl
    """
    from .report.exports import export as run_export
    from .store import open_store

    try:
        with open_store(settings=Settings.load(db=db)) as store:
            n = run_export(store, fmt, output, table=table, reviewed=not raw)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"exported {n} rows", err=True)


@cli.command()
@_db_option
def status(db: str | None) -> None:
    """Print the store's merged picture: agreements, acts timeline, incidents, alleged violations.

    \b
    Examples:
        truceline ingest examples/demo && truceline status
    """
    from .report.picture import render_store
    from .store import open_store

    try:
        with open_store(settings=Settings.load(db=db)) as store:
            click.echo(render_store(store))
    except TrucelineError as exc:
        _fail(exc)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str | None, host: str, port: int) -> None:
    """Start the API and the dashboard over the store.

    \b
    Examples:
        truceline serve
        truceline serve --db postgresql://user@localhost/truceline --host 0.0.0.0 --port 8080
    """
    from .serve import serve as run_serve

    run_serve(Settings.load(db=db), host=host, port=port)


@cli.command()
@_db_option
@click.option("--period", type=click.Choice(["day", "week"]), default="day", show_default=True)
@click.option("--out", "out_dir", default="reports", show_default=True, help="Folder for the brief.")
def report(db: str | None, period: str, out_dir: str) -> None:
    """Write a brief (Markdown and HTML with charts) for the last day or week.

    \b
    Examples:
        truceline report --period week --out briefs/
    """
    from pathlib import Path

    from .report.brief import write_report
    from .store import open_store

    try:
        with open_store(settings=Settings.load(db=db)) as store:
            for path in write_report(store, period, Path(out_dir)):
                click.echo(str(path))
    except TrucelineError as exc:
        _fail(exc)


@cli.group()
def users() -> None:
    """Manage dashboard users.

    \b
    Example:
        truceline users add alice --role analyst
    """


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="viewer", show_default=True)
@click.password_option()
@_db_option
def users_add(username: str, role: str, password: str, db: str | None) -> None:
    """Add a user with a role.

    \b
    Example:
        truceline users add alice --role admin
    """
    from .serve import add_user

    try:
        add_user(Settings.load(db=db), username, password, role)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"added {username} ({role})")


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@_db_option
def fetch(urls: tuple[str, ...], db: str | None) -> None:
    """Fetch pages once (safely: http/https, no private addresses) and ingest them.

    \b
    Example:
        truceline fetch https://example.org/news/ceasefire-talks
    """
    from .ingest import fetch_urls

    try:
        summary = fetch_urls(list(urls), Settings.load(db=db))
    except TrucelineError as exc:
        _fail(exc)
    for line in summary.lines():
        click.echo(line)
    if summary.failed:
        sys.exit(1)


@cli.command()
@_db_option
@click.option("--once", is_flag=True, help="Poll every source once and stop.")
def watch(db: str | None, once: bool) -> None:
    """Poll every source on its interval and ingest new items.

    \b
    Examples:
        truceline watch
        truceline watch --once
    """
    from .ingest import watch as run_watch

    def show(poll: object) -> None:
        click.echo(str(poll))

    try:
        run_watch(Settings.load(db=db), once=once, on_poll=show)
    except TrucelineError as exc:
        _fail(exc)


@cli.group()
def sources() -> None:
    """Manage the sources file (feeds and pages that `watch` polls).

    \b
    Example:
        truceline sources add kyiv-news https://example.org/rss.xml --interval 600
    """


@sources.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--kind", type=click.Choice(["feed", "page"]), default="feed", show_default=True)
@click.option("--interval", type=int, help="Seconds between polls (default: the poll_interval setting).")
@click.option("--language", help="ISO 639-1 language of the source.")
def sources_add(name: str, url: str, kind: str, interval: int | None, language: str | None) -> None:
    """Add a source.

    \b
    Example:
        truceline sources add wire https://example.org/feed.xml
    """
    from .sources.registry import add_source

    try:
        add_source(Settings.load(), name, url, kind=kind, interval=interval, language=language)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"added {name}")


@sources.command("list")
def sources_list() -> None:
    """List sources with their last success, last error and item counts.

    \b
    Example:
        truceline sources list
    """
    from .sources.registry import list_sources

    for st in list_sources(Settings.load()):
        s, t = st.source, st.state
        click.echo(f"{s.name}\t{s.url}\tlast ok {t.last_success or '-'}\tlast error {t.last_error or '-'}"
                   f"\tnew {t.items_new} duplicate {t.items_duplicate} failed {t.items_failed}")


@sources.command("remove")
@click.argument("name")
def sources_remove(name: str) -> None:
    """Remove a source.

    \b
    Example:
        truceline sources remove wire
    """
    from .sources.registry import remove_source

    try:
        remove_source(Settings.load(), name)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"removed {name}")


def main() -> None:
    cli()
