"""The command line: a thin shell over the pipeline and the ledger. No logic lives here.

Exit status (the contract): 0 every input done; 1 some inputs failed (each failure one line
on standard error naming the input and why); 2 the command itself was wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from newsledger.record import Failure, Record

app = typer.Typer(
    name="newsledger",
    help="Read news reports and keep a sourced ledger of events, quotes, figures and places.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

# Batches with more inputs than this get a progress bar (on a terminal).
PROGRESS_FROM = 4


def _say(message: str) -> None:
    """One line on standard error, never wrapped (rich would wrap at the terminal width)."""
    sys.stderr.write(f"newsledger: {' '.join(message.split())}\n")
    sys.stderr.flush()


def _fail(message: str, code: int = 2) -> typer.Exit:
    _say(message)
    return typer.Exit(code)


def _check_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"--published: not an ISO date (YYYY-MM-DD): {value!r}") from None
    return value


def _with_progress(items: Iterator, total: int | None, label: str, rate: bool = False) -> Iterator:
    """Wraps an iterator with a rich progress bar on standard error for longer batches
    (``total`` None: a count without an end, for feeds and archives; ``rate``: reports per
    second shown too)."""
    if (total is not None and total < PROGRESS_FROM) or not err.is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn()]
    if rate:
        columns.append(TextColumn("{task.fields[rate]}"))
    with Progress(
        *columns, TimeRemainingColumn(),
        console=err, transient=True,
    ) as progress:
        if rate:
            task = progress.add_task(label, total=total, rate="")
            for item in items:
                yield item
                speed = progress.tasks[0].speed
                progress.update(task, advance=1, rate=f"{speed:.1f} reports/s" if speed else "")
            return
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def _ledger_exists(db: str) -> bool:
    from newsledger.ledger import is_database_url

    return is_database_url(db) or Path(db).exists()


def _shown(db: str) -> str:
    """The ledger as printed: a database URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", db)


def _settings(actors: str | None):
    """The settings from the environment, with ``--actors`` when given. A user actor table that
    cannot be read is one line on standard error (file, line, reason) and the shipped table is
    used instead."""
    import dataclasses

    from newsledger.settings import Settings

    settings = Settings.from_env()
    if actors:
        settings = dataclasses.replace(settings, actor_table=actors)
    if not settings.actor_table:  # nothing to check (and spaCy not loaded here for nothing:
        return settings           # the Ray engine's driver never analyses)
    from newsledger.analysis.actors import ActorTableError, check_table

    try:
        check_table(settings.actor_table)
    except ActorTableError as exc:
        _say(f"{exc}; using the shipped actor table")
        settings = dataclasses.replace(settings, actor_table=None)
    return settings


_ACTORS_HELP = "Your own actor table (CSV or JSON, see the README), added to the shipped one (env NEWSLEDGER_ACTORS)."


def _report_failure(failure) -> None:
    _say(f"{failure.input}: {failure.error}")


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files (text or HTML, gzip allowed), folders, or - for standard input.")],
    published: Annotated[Optional[str], typer.Option(help="Reference date (YYYY-MM-DD) for reports that carry none.")] = None,
    url: Annotated[Optional[str], typer.Option(help="The report's URL, when known.")] = None,
    only: Annotated[Optional[str], typer.Option(help="'article': stop after the article (no language analysis).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="json (one input) or jsonl (a line per input).")] = None,
    engine: Annotated[str, typer.Option(help="local (this process) or ray (a Ray cluster; needs --out).")] = "local",
    out: Annotated[Optional[Path], typer.Option(help="--engine ray: a folder for the records as Parquet shards.")] = None,
    address: Annotated[Optional[str], typer.Option(help="--engine ray: join the Ray cluster at HOST:PORT (default: a local Ray).")] = None,
    workers: Annotated[Optional[int], typer.Option(help="--engine ray: pipeline workers, one CPU each (default: the CPUs).")] = None,
    actors: Annotated[Optional[str], typer.Option(help=_ACTORS_HELP)] = None,
) -> None:
    """One record per input, as JSON (or, with --engine ray, as Parquet shards in --out)."""
    from newsledger.feeding import report_files
    from newsledger.pipeline import extract_many
    from newsledger.settings import Settings

    if only not in (None, "article"):
        raise _fail(f"--only: expected 'article', got {only!r}")
    _check_engine(engine, address, workers)
    if engine == "ray":
        if out is None:
            raise _fail("--engine ray: give the folder for the Parquet shards with --out")
        if only is not None or format is not None or url is not None:
            raise _fail("--engine ray writes whole records to --out: --only, --format and --url do not apply")
        _extract_on_ray(inputs, out, _check_date(published), address, workers, _settings(actors))
    if out is not None:
        raise _fail("--out: only with --engine ray (the local engine writes JSON to standard output)")
    paths = report_files(inputs)
    fmt = format or ("json" if len(paths) == 1 else "jsonl")
    if fmt not in ("json", "jsonl"):
        raise _fail(f"--format: expected json or jsonl, got {fmt!r}")
    if not paths:
        raise _fail("no inputs (the folders given hold no report files)")

    records = extract_many(paths, url=url, published=_check_date(published), only_article=only == "article",
                           settings=_settings(actors) if only != "article" else Settings.from_env())
    failed = 0
    out = sys.stdout
    items = []
    for item in _with_progress(records, len(paths), "extracting"):
        if isinstance(item, Failure):
            failed += 1
            _report_failure(item)
        if fmt == "jsonl":
            out.write(item.model_dump_json() + "\n")
            out.flush()
        else:
            items.append(item.model_dump(mode="json"))
    if fmt == "json":
        payload = items[0] if len(items) == 1 else items
        # A single failed input in json format: the error already went to standard error.
        if not (len(items) == 1 and failed):
            json.dump(payload, out, ensure_ascii=False, indent=2)
            out.write("\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files, folders, - for standard input, URLs, RSS/Atom feeds (URL or file), WARC files.")],
    db: Annotated[str, typer.Option(help="The ledger: a SQLite file (created if missing) or a postgresql:// URL.")],
    published: Annotated[Optional[str], typer.Option(help="Reference date for reports that carry none.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    again: Annotated[bool, typer.Option("--again", help="Read inputs done by an earlier run again (default: skip them).")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from private and loopback addresses.")] = False,
    rate: Annotated[float, typer.Option(help="Seconds between two requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds before a fetch gives up.")] = 20.0,
    contact: Annotated[Optional[str], typer.Option(help="A contact (email or URL) added to the user agent.")] = None,
    engine: Annotated[str, typer.Option(help="local (this process) or ray (a Ray cluster: pip install 'newsledger[ray]').")] = "local",
    address: Annotated[Optional[str], typer.Option(help="--engine ray: join the Ray cluster at HOST:PORT (default: a local Ray).")] = None,
    workers: Annotated[Optional[int], typer.Option(help="--engine ray: pipeline workers, one CPU each (default: the CPUs).")] = None,
    actors: Annotated[Optional[str], typer.Option(help=_ACTORS_HELP)] = None,
) -> None:
    """Records into the ledger, idempotent by content: the same report twice changes nothing.

    Resumable: inputs done by an earlier run (even one interrupted) are skipped, unless --again."""
    from newsledger.ledger import Ledger, LedgerError
    from newsledger.feeding import expand_folder, sources_of
    from newsledger.sources._fetch import Fetcher

    if rate < 0 or timeout <= 0:
        raise _fail("--rate must be >= 0 and --timeout > 0")
    _check_engine(engine, address, workers)
    published = _check_date(published)
    if all(Path(i).is_dir() and not expand_folder(Path(i)) for i in inputs):
        raise _fail("no inputs (the folders given hold no report files)")
    fetcher = Fetcher(allow_private=allow_private, interval=rate, timeout=timeout, contact=contact)
    if engine == "ray":
        _ingest_on_ray(inputs, db, fetcher, again, published, quiet, address, workers, _settings(actors))
    from newsledger.feeding import records_of  # the pipeline: not on the Ray engine's driver

    tally = _Tally()
    with Ledger(db) as ledger:
        # The ledger itself failing (a full disk, a lost server) stops the batch with one line:
        # every later input would fail the same way. What is stored is whole; a rerun goes on.
        unusable: list[LedgerError] = []

        def is_done(input: str, fingerprint: str | None) -> bool:
            try:
                return ledger.is_done(input, fingerprint)
            except LedgerError as exc:  # feeding would make it this input's failure
                unusable.append(exc)
                raise

        sources = sources_of(inputs, fetcher=fetcher, is_done=is_done, again=again, published=published)
        try:
            for source, item in _with_progress(records_of(sources, _settings(actors)), None, "ingesting"):
                if unusable:
                    raise unusable[0]
                if tally.passed(item):
                    continue
                is_new = _stored(ledger, item, source)
                if is_new is None:
                    tally.failed += 1
                    continue
                tally.stored(item, is_new)
        except LedgerError as exc:
            raise _stopped(exc, tally.added) from None
    if not quiet:
        tally.print_summary(db)
    raise typer.Exit(1 if tally.failed else 0)


def _stored(ledger, item: Record, source) -> bool | None:
    """One record into the ledger: True added, False already there, None not stored (said why:
    the ledger rolled it back and the batch goes on). The ledger itself failing (LedgerError)
    propagates: see :func:`_stopped`."""
    from newsledger.ledger import LedgerError

    try:
        return ledger.ingest(item, fingerprint=source.fingerprint if source else None)
    except LedgerError:
        raise
    except Exception as exc:
        _say(f"{item.input}: not stored: {type(exc).__name__}: {exc}")
        return None


def _stopped(exc: Exception, added: int) -> typer.Exit:
    """The one line when the ledger itself cannot be written any more (a full disk, a lost
    server): every later input would fail the same way; what is stored is whole."""
    reports = "1 report" if added == 1 else f"{added} reports"
    return _fail(f"{exc}; stopped: {reports} added by this run, each one whole; "
                 f"run the same command again to go on", code=1)


def _check_engine(engine: str, address: Optional[str], workers: Optional[int]) -> None:
    if engine not in ("local", "ray"):
        raise _fail(f"--engine: expected local or ray, got {engine!r}")
    if engine == "local" and (address is not None or workers is not None):
        raise _fail("--address and --workers go with --engine ray")
    if workers is not None and workers < 1:
        raise _fail("--workers must be at least 1")


def _ingest_on_ray(inputs, db: str, fetcher, again: bool, published, quiet: bool, address, workers,
                   settings) -> None:
    """``ingest --engine ray``: the same outcomes, lines and summary as the local engine. SQLite:
    this process writes the records as they come back, a batch per transaction; PostgreSQL: the
    workers write their own batches (see newsledger.feeding._ray)."""
    from newsledger.feeding._ray import EngineError, RayRun
    from newsledger.ledger import BatchWriter, Ledger, LedgerError, is_database_url

    tally = _Tally()
    with Ledger(db) as ledger:
        try:
            with RayRun(inputs, fetcher=fetcher, is_done=ledger.is_done, again=again, published=published,
                        settings=settings, workers=workers, address=address,
                        write=BatchWriter(db) if is_database_url(db) else None,
                        store=None if is_database_url(db) else ledger.store_batch) as run:
                for source, item in _with_progress(iter(run), run.total, "ingesting", rate=True):
                    if tally.passed(item):
                        continue
                    tally.stored(item.record, bool(item.is_new))  # Written: by a worker or by this process
        except EngineError as exc:
            raise _fail(str(exc), code=1) from None
        except LedgerError as exc:
            raise _stopped(exc, tally.added) from None
        if not quiet:
            tally.print_summary(db)
            # views across reports, derived once now that every batch is in
            stories = len(set(ledger.stories().values()))
            events = sum(1 for _ in ledger.merged_events())
            Console(stderr=True).print(f"ledger: {events} events across {stories} stories", soft_wrap=True)
    raise typer.Exit(1 if tally.failed else 0)


def _extract_on_ray(inputs, out: Path, published, address, workers, settings) -> None:
    """``extract --engine ray --out DIR``: records as Parquet shards, written by the workers."""
    from newsledger.feeding._ray import EngineError, RayRun, Written
    from newsledger.sources._fetch import Fetcher

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"--out {out}: cannot create the folder ({exc.strerror or exc})") from None
    written = failed = 0
    try:
        with RayRun(inputs, fetcher=Fetcher(), is_done=lambda *_: False, published=published,
                    settings=settings, workers=workers, address=address, shards=str(out.resolve())) as run:
            for _, item in _with_progress(iter(run), run.total, "extracting", rate=True):
                if isinstance(item, Failure):
                    failed += 1
                    _report_failure(item)
                elif isinstance(item, Written):
                    written += 1
    except EngineError as exc:
        raise _fail(str(exc), code=1) from None
    shards = len(list(out.glob("part-*.parquet")))
    _say(f"{written} records written to {out} ({shards} Parquet shards), {failed} failed")
    raise typer.Exit(1 if failed else 0)


@dataclass
class _Tally:
    """What an ingest run did with its inputs, for the summary and the exit code (both engines)."""

    added: int = 0
    present: int = 0
    skipped: int = 0  # done by an earlier run, not read again
    failed: int = 0
    rows: list = field(default_factory=list)

    def passed(self, item) -> bool:
        """Counts an input with nothing to store (done before, or failed: its line said); True then."""
        if item is None:
            self.skipped += 1
            return True
        if isinstance(item, Failure):
            self.failed += 1
            _report_failure(item)
            return True
        return False

    def stored(self, record: Record, is_new: bool) -> None:
        self.added += is_new
        self.present += not is_new
        self.rows.append((record, is_new))

    def print_summary(self, db: str) -> None:
        from rich.table import Table

        table = Table(title=f"ledger {_shown(db)}", title_justify="left")
        for col in ("report", "published", "quotes", "events", "figures", "places", ""):
            table.add_column(col, overflow="fold")
        for record, is_new in self.rows:
            a = record.article
            table.add_row(
                a.title or Path(record.input).name, a.published or "?",
                str(len(record.quotes)), str(len(record.events)), str(len(record.figures)),
                str(len(record.places)), "added" if is_new else "already there",
            )
        console = Console(stderr=True)
        console.print(table)
        done_before = f" ({self.skipped} done by an earlier run, not read again)" if self.skipped else ""
        console.print(f"{self.added} added, {self.present + self.skipped} already in the ledger{done_before}, "
                      f"{self.failed} failed", soft_wrap=True)


EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson", "acled")


@app.command()
def export(
    db: Annotated[str, typer.Option(help="The ledger: a SQLite file or a postgresql:// URL.")],
    what: Annotated[str, typer.Option(help="reports|events|quotes|figures|places|entities|actors")] = "reports",
    format: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet (needs pyarrow), geojson (events, places) or acled (events: ACLED-style CSV)")] = "jsonl",
    out: Annotated[Optional[Path], typer.Option(help="Output file (default: standard output; required for parquet).")] = None,
    actor_id: Annotated[Optional[int], typer.Option(help="Events only: those whose actor or target is this actor (see --what actors).")] = None,
    actor_kind: Annotated[Optional[str], typer.Option(help="Events only: those with an actor or target of this kind (e.g. 'state forces').")] = None,
    actor_country: Annotated[Optional[str], typer.Option(help="Events only: those with an actor or target of this country (ISO3, e.g. SDN).")] = None,
) -> None:
    """The ledger's contents. In jsonl, events are merged across reports, each with its sources.

    acled: one row per ledger event ACLED would code (ACLED type known, asserted, dated), in
    ACLED's column names; disputed fatalities take the lowest figure and the notes say so.
    The SQLite file itself is an export too: open it with sqlite3 or Datasette as it is."""
    from newsledger.ledger import ACLED_COLUMNS, EXPORTS, Ledger
    from newsledger.ledger._exports import write_csv, write_parquet

    if what not in EXPORTS:
        raise _fail(f"--what: expected one of {', '.join(EXPORTS)}, got {what!r}")
    if format not in EXPORT_FORMATS:
        raise _fail(f"--format: expected one of {', '.join(EXPORT_FORMATS)}, got {format!r}")
    if format == "geojson" and what not in ("events", "places"):
        raise _fail("--format geojson: --what must be events or places")
    if format == "parquet" and out is None:
        raise _fail("--format parquet: give the file with --out")
    if not _ledger_exists(db):
        raise _fail(f"{_shown(db)}: no such ledger")
    if format == "acled":
        what = "events"
    from newsledger.record import ACTOR_KINDS

    # the workbench's event filters (newsledger.ledger._workbench.FILTERS), those set
    filters = {k: v for k, v in {"actor_id": actor_id, "actor_kind": actor_kind, "actor_country": actor_country}.items()
               if v is not None}
    if filters and what != "events":
        raise _fail("--actor-id, --actor-kind and --actor-country filter events: use --what events")
    if actor_kind is not None and actor_kind not in ACTOR_KINDS:
        raise _fail(f"--actor-kind: expected one of {', '.join(ACTOR_KINDS)}, got {actor_kind!r}")
    if actor_country is not None and not re.fullmatch(r"[A-Za-z]{3}", actor_country):
        raise _fail(f"--actor-country: expected an ISO 3166-1 alpha-3 code (SDN), got {actor_country!r}")
    events_only = what == "events" and bool(filters)
    with Ledger(db) as ledger:
        if format == "parquet":
            try:
                rows = ledger.events_export(what, **filters) if events_only else ledger.export(what)
                count = write_parquet(rows, ledger.columns(what), str(out))
            except RuntimeError as exc:
                raise _fail(str(exc)) from None
            _say(f"{count} {what} rows written to {out}")
            return
        stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            if format == "jsonl":
                rows = ledger.merged_events(**filters) if what == "events" else ledger.export(what)
                for row in rows:
                    stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif format == "geojson":
                json.dump(ledger.geojson(what, filters) if what == "events" else ledger.geojson(what),
                          stream, ensure_ascii=False)
                stream.write("\n")
            elif format == "acled":
                write_csv(ledger.acled(filters), list(ACLED_COLUMNS), stream)
            else:
                rows = ledger.events_export(what, **filters) if events_only else ledger.export(what)
                write_csv(rows, ledger.columns(what), stream)
        finally:
            if out:
                stream.close()


@app.command()
def serve(
    db: Annotated[str, typer.Option(help="The ledger: a SQLite file or a postgresql:// URL.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """The web UI and the REST API over a ledger."""
    if not _ledger_exists(db):
        raise _fail(f"{_shown(db)}: no such ledger (create one with `newsledger ingest ... --db {_shown(db)}`)")
    import uvicorn

    from newsledger.shells.api import create_app

    settings = _settings(None)  # a NEWSLEDGER_ACTORS table that cannot be read: said once, here
    _say(f"serving {_shown(db)} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(db, settings=settings), host=host, port=port, log_level="warning")


def _jsonl_items(file: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, object, error) for each non-empty line of a JSONL file (``-``: stdin)."""
    try:
        stream = sys.stdin if file == "-" else open(file, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{file}: cannot read: {exc.strerror or exc}", code=1) from None
    with stream:
        try:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, None, f"not JSON ({exc.msg})"
                    continue
                if not isinstance(item, dict):
                    yield number, None, "not a JSON object"
                    continue
                yield number, item, None
        except UnicodeDecodeError:
            yield 0, None, "the file is not UTF-8 text"


def _line_error(file: str, number: int, item: dict | None, error: str) -> dict:
    """The output line kept for a bad input line (so output lines stay in input order)."""
    where = f"line {number}" if number else "file"
    _say(f"{file}: {where}: {error}")
    return {"id": item.get("id") if item else None, "error": error}


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _classify_error(item: dict) -> str | None:
    if not isinstance(item.get("text"), str) or not item["text"].strip():
        return 'no "text" string'
    if any(item.get(k) is not None and not isinstance(item[k], str) for k in ("actor", "target")):
        return '"actor" and "target" must be strings'
    return None


@app.command()
def classify(
    file: Annotated[str, typer.Argument(metavar="FILE.jsonl", help="One {id, text, actor?, target?} a line; - for standard input.")],
    scheme: Annotated[str, typer.Option(help="acled (ACLED sub-event type) or plover (PLOVER type).")] = "plover",
) -> None:
    """Codes short texts (event notes, sentences): {id, label, score} a line, in order."""
    if scheme not in ("acled", "plover"):
        raise _fail(f"--scheme: expected acled or plover, got {scheme!r}")
    from newsledger.analysis._embed import EmbeddingsUnavailable
    from newsledger.analysis.event_types import classify as code

    lines = ((n, item, error or _classify_error(item)) for n, item, error in _jsonl_items(file))
    failed = 0
    try:
        for batch in _batches(lines, 64):  # the classifier embeds texts in groups
            labels = iter(code([item for _, item, error in batch if error is None], scheme))
            for number, item, error in batch:
                failed += error is not None
                line = _line_error(file, number, item, error) if error else next(labels)
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    except EmbeddingsUnavailable as exc:
        raise _fail(f"classify needs the sentence-embedding model: {exc}", code=1) from None
    raise typer.Exit(1 if failed else 0)


@app.command()
def places(
    file: Annotated[str, typer.Argument(metavar="FILE.jsonl", help="One {id, text, spans?} a line; - for standard input.")],
) -> None:
    """Finds and resolves places: {id, places: [{start, end, name, lat, lon, geonameid, country}]} a line."""
    from newsledger.analysis.geoparse import locate_item
    from newsledger.errors import InputError

    failed = 0
    for number, item, error in _jsonl_items(file):
        if error is None:
            try:
                line = locate_item(item)
            except InputError as exc:
                error = exc.reason
        if error is not None:
            failed += 1
            line = _line_error(file, number, item, error)
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def schema() -> None:
    """The JSON Schema of the record."""
    from newsledger.record import json_schema

    json.dump(json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")


def main() -> None:
    """Entry point: never a traceback for the user; one line and a status instead."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    try:
        app()
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except BrokenPipeError:  # e.g. `newsledger extract ... | head`
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:
        from newsledger.ledger import LedgerError

        if isinstance(exc, LedgerError):  # the ledger cannot be opened or written: say why
            _say(str(exc))
            sys.exit(1)
        # A bug, not bad input: still one line, with what to report.
        _say(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        sys.exit(1)


if __name__ == "__main__":
    main()
