"""The ``truceline`` command: a thin layer over the library."""
from __future__ import annotations

import datetime as dt
import json
import sys

import click

from .errors import InputError, NoStoreError, TrucelineError
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


class _Failure(click.ClickException):
    """A refusal: one line on stderr, ``truceline: error: ...``, exit status 1."""

    def show(self, file: object = None) -> None:
        click.echo(f"truceline: error: {self.format_message()}", err=True)


#: what to do about a store that is not there (``--db`` mistyped, or nothing ingested yet)
NO_STORE_HINT = "create it with truceline ingest or truceline init"


def _fail(exc: Exception) -> None:
    message = str(exc)
    if isinstance(exc, NoStoreError):
        message += f" ({NO_STORE_HINT})"
    raise _Failure(message) from exc


def _summarise(lines: list[str], failed: bool) -> None:
    """Print a run's summary lines (failures to stderr) and exit 1 when anything failed."""
    for line in lines:
        click.echo(line, err=line.startswith("failed:"))
    if failed:
        sys.exit(1)


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

            with open_store(db, Settings.load(db=db), create=False) as store:
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
    _summarise(summary.lines(), bool(summary.failed))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Folder (or fsspec URL) for the Parquet dataset and manifest.")
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786); default: "
                                  "$DASK_SCHEDULER_ADDRESS, else a local cluster.")
@click.option("--workers", type=int, help="Local cluster: worker processes (default: the batch_workers setting, "
                                          "0 = one per core).")
@click.option("--shard-size", type=int, help="Items per shard (default: the batch_shard_size setting).")
@click.option("--memory-limit", help="Local cluster: memory limit per worker, e.g. 2GiB (default: the "
                                     "batch_worker_memory setting).")
@click.option("--quiet", is_flag=True, help="No progress line.")
def batch(inputs: tuple[str, ...], out: str, scheduler: str | None, workers: int | None, shard_size: int | None,
          memory_limit: str | None, quiet: bool) -> None:
    """Extract archives on a Dask cluster into a Parquet dataset; a re-run resumes.

    INPUTS are files, folders, JSON Lines and WARC archives, as paths or fsspec URLs (s3://, gs://
    with the filesystem package installed). Shards already done in --out are skipped.

    \b
    Examples:
        truceline batch examples/demo --out batch-out/
        truceline batch crawl/*.warc.gz --out /data/batch --workers 8 --shard-size 1000
        truceline batch s3://bucket/cc-news/ --out s3://bucket/truceline/ --scheduler tcp://10.0.0.5:8786
        truceline load batch-out/ --db ~/monitor.db
    """
    from .batch import run_batch

    if "-" in inputs:
        raise click.UsageError("a batch reads files, folders or URLs, not standard input ('-')")
    try:
        summary = run_batch(list(inputs), out, Settings.load(), scheduler=scheduler, workers=workers,
                            shard_size=shard_size, memory_limit=memory_limit, progress=not quiet,
                            echo=lambda line: click.echo(line, err=True))
    except KeyboardInterrupt:
        click.echo("truceline: interrupted; finished shards are kept: run the same command again to go on",
                   err=True)
        sys.exit(130)
    except TrucelineError as exc:
        _fail(exc)
    _summarise(summary.lines(), bool(summary.failures or summary.failed_shards))


@cli.command()
@click.argument("out")
@_db_option
@click.option("--quiet", is_flag=True, help="No progress line.")
def load(out: str, db: str | None, quiet: bool) -> None:
    """Store a finished batch (truceline batch --out OUT) as ingest would; loading twice changes nothing.

    \b
    Examples:
        truceline load batch-out/
        truceline load s3://bucket/truceline/ --db postgresql://user@localhost/truceline
    """
    from .batch import load_batch

    try:
        summary = load_batch(out, Settings.load(db=db), progress=not quiet)
    except TrucelineError as exc:
        _fail(exc)
    _summarise(summary.lines(), bool(summary.failed))


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "geojson", "parquet"]), default="csv",
              show_default=True)
@click.option("--table", type=click.Choice(["incidents", "violations", "agreements", "acts", "statements", "records"]),
              help="What to export (default: records for jsonl, incidents otherwise).")
@click.option("--output", "-o", default="-", show_default=True, help="File to write, '-' for stdout.")
@click.option("--since", callback=_date, help="From this date (YYYY-MM-DD), inclusive.")
@click.option("--until", callback=_date, help="Up to this date (YYYY-MM-DD), inclusive.")
@click.option("--country", help="Only this country: ISO code (UKR, UA) or name (Ukraine); for acts and "
                                "statements the actor's country, for agreements a party.")
@click.option("--region", help="Only this first-level region (incidents, violations): ISO 3166-2 code (UA-63) "
                               "or name (Kharkiv).")
@click.option("--type", "type_", help="Only this type: for incidents and violations a target, target class, "
                                      "weapon or ACLED sub-event type; the act type; the statement kind; the "
                                      "agreement's subject or status.")
@click.option("--raw", is_flag=True, help="As extracted, without analysts' reviews.")
def export(db: str | None, fmt: str, table: str | None, output: str, since: dt.date | None,
           until: dt.date | None, country: str | None, region: str | None, type_: str | None, raw: bool) -> None:
    """Export the store: incidents in ACLED's columns, alleged violations, agreements with each side's
    version, acts, statements or whole records, as CSV, JSON, JSON Lines, GeoJSON or Parquet.

    Analysts' reviews are applied (rejected items left out, corrections in) unless --raw.

    \b
    Examples:
        truceline export -o incidents.csv
        truceline export --since 2025-03-18 --until 2025-04-17 --region Kharkiv -o kharkiv.csv
        truceline export --table violations --country UKR --format json -o violations.json
        truceline export --table agreements -o agreements.csv
        truceline export --table acts --type accuse --format jsonl > accusations.jsonl
        truceline export --format geojson --type energy -o energy.geojson
        truceline export --format jsonl > records.jsonl
    """
    from .report.exports import Filters
    from .report.exports import export as run_export
    from .store import open_store

    filters = Filters(since=since, until=until, country=country, region=region, type=type_)
    try:
        with open_store(settings=Settings.load(db=db), create=False) as store:
            n = run_export(store, fmt, output, table=table, reviewed=not raw, filters=filters)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"exported {n} rows", err=True)


@cli.command()
@_db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Items shown per section (newest first).")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which page of each section: --page 2 shows the next --limit items.")
@click.option("--all", "show_all", is_flag=True, help="Every item of every section (long on a real store).")
def status(db: str | None, limit: int, page: int, show_all: bool) -> None:
    """Summarise the store: counts, then agreements, acts, incidents and alleged violations, newest first,
    --limit items a section with a line saying how many more there are.

    \b
    Examples:
        truceline ingest examples/demo && truceline status
        truceline status --limit 5
        truceline status --page 2
        truceline status --all > picture.txt
    """
    from .report.picture import render_store
    from .store import open_store

    try:
        with open_store(settings=Settings.load(db=db), create=False) as store:
            click.echo(render_store(store, limit=None if show_all else limit, page=1 if show_all else page))
    except TrucelineError as exc:
        _fail(exc)


@cli.command()
@_db_option
def init(db: str | None) -> None:
    """Create the store (SQLite file or PostgreSQL schema), or bring an existing one to the newest schema.

    Every other command that reads a store needs it to exist; ingest creates it too.

    \b
    Examples:
        truceline init
        truceline init --db ~/monitor.db
        truceline init --db postgresql://user@localhost/truceline
    """
    from .store import open_store
    from .store.db import store_exists, where

    settings = Settings.load(db=db)
    try:
        existed = store_exists(settings.db)
        open_store(settings=settings).close()
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"store at {where(settings.db)} is ready (it existed; schema up to date)" if existed
               else f"created the store at {where(settings.db)}")


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
    from .store import open_store

    settings = Settings.load(db=db)
    try:
        with open_store(settings=settings, create=False) as store:
            has_users = store.has_users()
    except TrucelineError as exc:
        _fail(exc)
    if not has_users:
        click.echo(f"truceline: no users yet: create the first admin with "
                   f"`{_users_add_command(db)}` (it asks for a password), then log in", err=True)
    run_serve(settings, host=host, port=port)


def _users_add_command(db: str | None) -> str:
    """The command that adds the first admin to the store given (or the default one)."""
    import shlex

    return "truceline users add NAME --role admin" + (f" --db {shlex.quote(db)}" if db else "")


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
        with open_store(settings=Settings.load(db=db), create=False) as store:
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
@click.option("--db", is_eager=True, callback=lambda ctx, param, value: _existing_db(ctx, value),
              help="SQLite file path or PostgreSQL URL of an existing store (default: the db setting).")
def users_add(username: str, role: str, password: str, db: str | None) -> None:
    """Add a user with a role to an existing store (truceline init or ingest creates one).

    \b
    Examples:
        truceline users add alice --role admin
        truceline init --db ~/monitor.db && truceline users add alice --role admin --db ~/monitor.db
    """
    from .serve import add_user

    try:
        add_user(Settings.load(db=db), username, password, role)
    except TrucelineError as exc:
        _fail(exc)
    click.echo(f"added {username} ({role})")


def _existing_db(ctx: click.Context, db: str | None) -> str | None:
    """``--db`` checked before anything is asked (the password): the store must exist, nothing is created.
    A mistyped path would otherwise get a new, empty store with one user in it."""
    if ctx.resilient_parsing:
        return db
    from .store.db import store_exists, where

    address = Settings.load(db=db).db
    try:
        if not store_exists(address):
            raise NoStoreError(where(address))
    except TrucelineError as exc:
        _fail(exc)
    return db


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
