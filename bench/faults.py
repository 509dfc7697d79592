"""The fault and fuzz suite: what newsledger promises when inputs are hostile and the machine fails.

Each part runs the real code the CLI runs and prints what it measured; the summary table at
the end gathers the figures (issue 14, item 7).

- fuzz: Hypothesis generates random bytes, text (in several encodings), news-like text, HTML
  (nested, unclosed, with scripts, metadata and JSON-LD) and gzip (whole, truncated, corrupted,
  doubled), each fed through the entry points the CLI uses: ``extract`` (a file through
  :func:`newsledger.pipeline.extract_many`), ``ingest`` (a file through
  :func:`newsledger.feeding.sources_of` and :func:`newsledger.feeding.records_of`) and a fetched
  page (bytes in hand, as feeds and WARC records give them). Every input must come out as a
  record or as its ``{input, error}`` failure: an exception escaping is a traceback, and a
  failure that is only the guard catching a Python error (``analysis failed: KeyError...``) is
  counted too (an internal error). Time and peak-memory rise per input are measured.
- kill -9: ``newsledger ingest FOLDER --db ...`` killed after a random delay, then run again to
  completion, on SQLite and on PostgreSQL; the ledger is compared with a clean reference
  ingest (every report, its record and every item row): lost and duplicated rows, and
  ``PRAGMA integrity_check`` on SQLite (after the kill and after the rerun).
- disk full: the ingest under ``RLIMIT_FSIZE`` (the ledger file cannot grow past a limit);
  one clear line, an intact ledger holding only whole reports, and a rerun with room completes.
- PostgreSQL restarted mid-ingest (a private server this script starts): a clear line, and
  the next run resumes with nothing lost.
- migration: a ledger written by the previous schema version (version 1, built by the code of
  that version: tests/fixtures/ledger/v1_samples.sql.gz) opens, is upgraded, and keeps every
  report and item.
- API load: 20 client threads reading the API of ``newsledger serve`` (loopback, a free port)
  while one ingest writes to the same ledger: no 5xx, no failed request, p95 latency.

PostgreSQL: a private server (initdb into a temporary folder, 127.0.0.1 on a free port, as
the ``postgres`` user when run as root) started and stopped by this script; without the
PostgreSQL binaries or psycopg the PostgreSQL parts are skipped, saying so. Every server
started here binds to loopback and dies with a time limit even if this script is killed.

    .venv/bin/python bench/faults.py [--cases 10000] [--kills 20] [--seed N] [--only PART,...]

Exit status 0 when every check held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import gzip
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "tests" / "fixtures" / "ledger" / "bench"
V1_DUMP = ROOT / "tests" / "fixtures" / "ledger" / "v1_samples.sql.gz"

# Every server and ingest started here is killed after this many seconds, whatever happens.
SERVER_LIFETIME = 1800


# -- running the CLI ------------------------------------------------------------------------

def cli_command(*args: str) -> list[str]:
    """``newsledger ARGS`` as this Python runs it (the code of this checkout)."""
    return [sys.executable, "-m", "newsledger.shells.cli", *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NEWSLEDGER_TOKEN", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the process and its children (each started in a session of its own)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# -- fuzzing --------------------------------------------------------------------------------

def _strategies():
    from hypothesis import strategies as st

    words = st.sampled_from([
        "said", "told", "according", "to", "the", "a", "killed", "wounded", "attack", "convoy",
        "police", "army", "rebels", "protest", "ceasefire", "talks", "Monday", "Tuesday", "on",
        "March", "2025", "last", "week", "at", "least", "about", "nearly", "people", "dollars",
        "Tete", "Mozambique", "Zobue", "Malawi", "Dori", "Burkina", "Faso", "Juba", "Sicuani",
        "Minister", "Esther", "Phiri", "Isaac", "Mvula", "Reuters", "AP", "(AFP)", "—", "–",
        '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "«", "»", ".", ",", ";", ":", "?", "!",
        "%", "$", "€", "km", "per", "cent", "hundreds", "thousands", "million", "12", "1,200",
        "3.5", "-", "(", ")", "[", "]", "…", "\u200b", "\ufeff", "\u202e", "\ufffd", "\x00",
        "e\u0301", "🙂", "ﬁ", "Ⅻ", "٣", "中文", "Москва", "\t", "\r", "\u2028", "&amp;", "&#0;",
        "<", ">", "&", "BY", "By", "Updated", "Copyright", "©", "Photo:", "Advertisement",
    ])
    separators = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", ", ", ". ", "\r\n", "  "])
    token = st.one_of(words, words, words, st.text(max_size=12),
                      st.integers(-10**15, 10**15).map(str),
                      st.floats(allow_nan=True, allow_infinity=True).map(repr))
    news = st.lists(st.tuples(token, separators), max_size=400).map(
        lambda pairs: "".join(t + s for t, s in pairs))
    text = st.one_of(news, news, st.text(max_size=3000))
    encoding = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be",
                                "latin-1", "cp1252", "koi8-r", "shift_jis", "utf-32"])
    encoded = st.builds(lambda t, e: t.encode(e, errors="replace"), text, encoding)

    tags = st.sampled_from([
        "p", "p", "p", "div", "div", "article", "main", "section", "span", "h1", "h2", "title",
        "script", "style", "table", "tr", "td", "ul", "li", "a", "b", "i", "header", "footer",
        "nav", "aside", "figure", "figcaption", "time", "blockquote", "noscript", "iframe",
        "template", "svg", "math", "br", "img", "meta", "html", "body", "head", "!--", "![CDATA[",
    ])
    attr_names = st.sampled_from(["class", "id", "itemprop", "content", "datetime", "href",
                                  "src", "rel", "property", "name", "charset", "style", "lang"])
    attr_values = st.one_of(st.sampled_from(["article-body", "byline", "author", "headline",
                                             "datePublished", "2025-03-04T10:00:00Z", "og:title",
                                             "utf-8", "shift_jis", "javascript:alert(1)", ""]),
                            st.text(max_size=20))
    attrs = st.lists(st.tuples(attr_names, attr_values), max_size=3).map(
        lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs))

    def element(tag: str, attributes: str, children: list[str], closed: bool) -> str:
        inner = "".join(children)
        if tag == "!--":
            return f"<!--{inner}-->" if closed else f"<!--{inner}"
        if tag == "![CDATA[":
            return f"<![CDATA[{inner}]]>"
        return f"<{tag}{attributes}>{inner}" + (f"</{tag}>" if closed else "")

    leaf = st.one_of(news, st.text(max_size=40))
    tree = st.recursive(leaf, lambda children: st.builds(
        element, tags, attrs, st.lists(children, max_size=6), st.booleans()), max_leaves=80)
    json_ld = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), news),
        lambda children: st.one_of(st.lists(children, max_size=4),
                                   st.dictionaries(st.sampled_from(["@type", "headline", "author", "name",
                                                                    "datePublished", "articleBody", "@graph"]),
                                                   children, max_size=4)),
        max_leaves=20).map(lambda v: json.dumps(v) if v is not None else "{")

    def page(doctype: bool, head_title: str, meta: str, ld: str, body: str, depth: int) -> str:
        body = "<div>" * depth + body + "</div>" * (depth // 2)
        head = (f"<head><title>{head_title}</title>{meta}"
                f'<script type="application/ld+json">{ld}</script></head>')
        return ("<!DOCTYPE html>" if doctype else "") + f"<html>{head}<body>{body}</body></html>"

    metas = st.lists(st.builds(lambda k, v: f'<meta {k}="{v}">', attr_names, attr_values), max_size=4).map("".join)
    html_text = st.one_of(
        tree,
        st.builds(page, st.booleans(), st.text(max_size=40), metas, json_ld, tree,
                  st.one_of(st.just(0), st.just(0), st.integers(0, 400), st.integers(0, 5000))),
    )
    html = st.builds(lambda t, e: t.encode(e, errors="replace"), html_text,
                     st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "utf-16"]))

    def gzipped(payload: bytes, how: str, cut: float, flip: int, level: int) -> bytes:
        data = gzip.compress(payload, compresslevel=level, mtime=0)
        if how == "truncated":
            return data[: max(2, int(len(data) * cut))]
        if how == "flipped" and len(data) > 10:
            i = 10 + flip % (len(data) - 10)
            return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
        if how == "double":
            return gzip.compress(data, mtime=0)
        if how == "members":
            return data + gzip.compress(payload[::-1], mtime=0)
        if how == "trailing":
            return data + payload[:64]
        return data

    gz = st.builds(gzipped, st.one_of(st.binary(max_size=2000), encoded, html),
                   st.sampled_from(["whole", "whole", "truncated", "flipped", "double", "members", "trailing"]),
                   st.floats(0, 1), st.integers(0, 10**6), st.integers(1, 9))
    return {
        "bytes": st.binary(max_size=4096),
        "text": encoded,
        "html": html,
        "gzip": gz,
    }


SUFFIX = {"bytes": ".txt", "text": ".txt", "html": ".html", "gzip": ".gz"}
# A guard's line for an unexpected Python error (not an input's own problem): a bug.
INTERNAL = re.compile(r"^(?:(?:analysis|language) failed: |not stored: )?[A-Za-z_.]*(?:Error|Exception|Exit)\b")
# Per-input bounds: far above what any of these small inputs should take.
MAX_SECONDS = 20.0
MAX_RSS_RISE_MB = 512.0


class FuzzStats:
    def __init__(self) -> None:
        self.cases = 0
        self.by_kind: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.tracebacks: list[str] = []
        self.internal: list[str] = []
        self.bad_shape: list[str] = []
        self.max_seconds = 0.0
        self.slowest = ""
        self.max_rss_rise = 0.0
        self.over_bounds: list[str] = []
        self.found: dict[str, bytes] = {}  # the inputs behind tracebacks and internal errors (a few)


def _one_input(kind: str, data: bytes, route: str, settings, folder: Path, name: str) -> list:
    """The items (records or failures) the CLI's code gives for one input."""
    from newsledger.feeding import records_of, sources_of
    from newsledger.feeding._inputs import Source
    from newsledger.pipeline import extract_many

    if route == "fetched":  # bytes in hand, named by the source (a fetched page, a WARC record)
        source = Source(input=name, load=lambda: (data, None))
        return [item for _, item in records_of([source], settings)]
    path = folder / (name + SUFFIX[kind])
    path.write_bytes(data)
    try:
        if route == "extract":
            return list(extract_many([str(path)], settings=settings))
        sources = sources_of([str(path)], fetcher=None, is_done=lambda input, fingerprint: False)
        return [item for _, item in records_of(sources, settings)]
    finally:
        path.unlink()


def fuzz(cases: int, seed: int, folder: Path, *, verbose: bool = True) -> FuzzStats:
    """``cases`` inputs (a quarter of each kind), each through one of the three routes, under
    the default settings or under small chunk and body limits (so the piece-by-piece analysis
    and the over-limit refusal are fuzzed too)."""
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import seed as hypothesis_seed
    from hypothesis import settings as hypothesis_settings

    from newsledger.pipeline import extract_many as extract_many_for_warm_up
    from newsledger.record import Failure, Record
    from newsledger.settings import Settings

    strategies = _strategies()
    small = Settings(chunk_chars=1_500, max_body_chars=6_000, batch_size=4)
    stats = FuzzStats()
    routes = ("extract", "ingest", "fetched")

    def run(kind: str, data: bytes) -> None:
        n = stats.cases
        stats.cases += 1
        stats.by_kind[kind] += 1
        route = routes[n % 3]
        settings = small if n % 4 == 3 else Settings()
        name = f"fuzz-{kind}-{n}"
        rss_before = _maxrss_mb()
        start = time.perf_counter()
        try:
            items = _one_input(kind, data, route, settings, folder, name)
        except BaseException as exc:  # noqa: BLE001 (any escape is what we count)
            if isinstance(exc, KeyboardInterrupt):
                raise
            stats.tracebacks.append(f"{name} ({route}): {type(exc).__name__}: {exc}\n"
                                    + "".join(traceback.format_exc(limit=-6)))
            if len(stats.found) < 50:
                stats.found[name + SUFFIX[kind]] = data
            return
        finally:
            seconds = time.perf_counter() - start
            rise = _maxrss_mb() - rss_before
            if seconds > stats.max_seconds:
                stats.max_seconds, stats.slowest = seconds, f"{name} via {route}, {len(data):,} bytes"
            stats.max_rss_rise = max(stats.max_rss_rise, rise)
            if seconds > MAX_SECONDS or rise > MAX_RSS_RISE_MB:
                stats.over_bounds.append(f"{name}: {seconds:.1f} s, +{rise:.0f} MB")
        if not items:
            stats.bad_shape.append(f"{name} ({route}): no outcome at all")
        for item in items:
            if isinstance(item, Failure):
                stats.outcomes["error"] += 1
                if not item.input or not item.error or "\n" in item.error.strip():
                    stats.bad_shape.append(f"{name} ({route}): {item!r}")
                if INTERNAL.match(item.error):
                    stats.internal.append(f"{name} ({route}, {len(data)} bytes): {item.error[:300]}")
                    if len(stats.found) < 50:
                        stats.found[name + SUFFIX[kind]] = data
            elif isinstance(item, Record):
                stats.outcomes["record"] += 1
                item.model_dump_json()  # the record must serialise (as extract prints it)
            else:
                stats.bad_shape.append(f"{name} ({route}): {type(item).__name__}")

    # Warm up first (the spaCy model, the ONNX session, lazy imports): their one-off cost is
    # not any input's.
    warm = folder / "warm-up.txt"
    warm.write_text("Gunmen attacked a convoy near Tete on Monday, killing 12 people, police said. " * 5)
    list(extract_many_for_warm_up([str(warm)]))
    warm.unlink()
    per_kind = max(1, cases // len(strategies))
    last_report = time.monotonic()
    for kind, strategy in strategies.items():
        @hypothesis_seed(seed)
        @hypothesis_settings(max_examples=per_kind, deadline=None, database=None, derandomize=False,
                             phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(strategy)
        def check(data: bytes) -> None:
            nonlocal last_report
            run(kind, data)
            if verbose and time.monotonic() - last_report > 30:
                last_report = time.monotonic()
                print(f"  fuzz: {stats.cases:,} cases, {len(stats.tracebacks)} tracebacks, "
                      f"{len(stats.internal)} internal errors", flush=True)

        check()
    return stats


# -- ledger snapshots -----------------------------------------------------------------------

ITEM_TABLES = ("entities", "quotes", "events", "places", "figures")


def snapshot(db: str) -> Counter:
    """Every row that matters, as comparable keys (ids left out: PostgreSQL's sequences
    move on after a rolled-back insert): reports by content hash with their record and the
    report they copy, item rows, remembered copies, inputs done."""
    from newsledger.ledger import Ledger

    rows: Counter = Counter()
    with Ledger(db) as ledger:
        conn = ledger._store.conn
        hash_of = {r[0]: r[1] for r in conn.execute("SELECT id, content_hash FROM reports")}
        for r in conn.execute("SELECT content_hash, input, record_json, duplicate_of FROM reports"):
            rows[("report", r[0], Path(r[1]).name, _record_digest(r[2]), hash_of.get(r[3]))] += 1
        for table in ITEM_TABLES:
            for r in conn.execute(f"SELECT report_id, position, item_json FROM {table}"):
                rows[(table, hash_of.get(r[0]), r[1], hashlib.sha1(r[2].encode()).hexdigest())] += 1
        for r in conn.execute("SELECT report_id, input FROM report_copies"):
            rows[("copy", hash_of.get(r[0]), Path(r[1]).name)] += 1
        for r in conn.execute("SELECT input, report_id, outcome FROM inputs_done"):
            rows[("done", Path(r[0]).name, hash_of.get(r[1]), r[2])] += 1
    return rows


def _record_digest(record_json: str) -> str:
    """The stored record's digest, its input named by the file's name only (a ledger of the
    same files read from another folder holds the same records)."""
    record = json.loads(record_json)
    record["input"] = Path(record.get("input") or "").name
    return hashlib.sha1(json.dumps(record, sort_keys=True).encode()).hexdigest()


def compare(reference: Counter, got: Counter) -> tuple[int, int]:
    """(rows lost, rows duplicated or unexpected) against the reference."""
    return sum((reference - got).values()), sum((got - reference).values())


def integrity(path: str | Path) -> str:
    if not Path(path).exists():
        return "ok (no file yet)"
    conn = sqlite3.connect(path)
    try:
        result = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        return result if not fk else f"{result}; {len(fk)} foreign-key violations"
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
    finally:
        conn.close()


def ingest(folder: Path | str, db: str, *, timeout: float = 600, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command("ingest", str(folder), "--db", db, "--quiet"), env=cli_env(),
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def reference(folder: Path, work: Path) -> tuple[Counter, float]:
    """The clean ledger of ``folder`` (SQLite) and how long its ingest took."""
    db = work / "reference.db"
    start = time.perf_counter()
    done = ingest(folder, str(db))
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"reference ingest failed ({done.returncode}): {done.stderr.strip()}")
    return snapshot(str(db)), seconds


# -- PostgreSQL: a private server, or the shared test server --------------------------------

def _pg_bin() -> Path | None:
    """The folder of initdb and postgres (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


class PrivatePostgres:
    """A PostgreSQL server of our own: initdb into a temporary folder, listening on
    127.0.0.1 (and a socket in that folder) on a free port, trust authentication for the
    ``postgres`` role. Run as root, it runs as the ``postgres`` user (runuser). It stops when
    :meth:`close` is called, and in any case after :data:`SERVER_LIFETIME` seconds (timeout)."""

    can_restart = True

    def __init__(self) -> None:
        self.bin = _pg_bin()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL binaries (initdb, postgres) on this machine")
        import psycopg  # noqa: F401  (the ledger needs it)

        self.user: str | None = None
        if os.geteuid() == 0:
            import pwd

            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and no 'postgres' user to run the server as") from None
            if shutil.which("runuser") is None:
                raise RuntimeError("running as root and no runuser to run the server as 'postgres'")
            self.user = "postgres"
        self.folder = Path(tempfile.mkdtemp(prefix="nl-faults-pg-"))
        os.chmod(self.folder, 0o755)
        if self.user:
            shutil.chown(self.folder, self.user)
        self.data = self.folder / "data"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        done = subprocess.run(self._as_user([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                             "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-300:]}")
        self.start()

    def _as_user(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", self.user, "--", *command] if self.user else command

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(
            ["timeout", "-s", "KILL", str(SERVER_LIFETIME),
             *self._as_user([str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                             "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1",
                             "-c", "max_connections=60"])],
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        self.wait_ready()

    def wait_ready(self, seconds: float = 60) -> None:
        import psycopg

        deadline = time.monotonic() + seconds
        while True:
            try:
                with psycopg.connect(self.url, connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.Error:
                if time.monotonic() > deadline or (self.process and self.process.poll() is not None):
                    log = (self.folder / "server.log").read_text(errors="replace")[-500:]
                    raise RuntimeError(f"the private PostgreSQL server did not start: {log}") from None
                time.sleep(0.2)

    def stop(self, mode: str = "fast") -> None:
        """Shut the server down: ``fast`` (SIGINT: clients cut off, a clean stop) or
        ``immediate`` (SIGQUIT: as a crash, recovery at the next start)."""
        if self.process is None:
            return
        pid_file = self.data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGINT if mode == "fast" else signal.SIGQUIT)
            self.process.wait(timeout=60)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            _kill_group(self.process)
        self.process = None

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def new_ledger(self, name: str) -> str:
        """The URL of a fresh database for one ledger."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class SharedPostgres:
    """The shared test server (NEWSLEDGER_TEST_PG_URL or the usual local URLs), when a
    private one cannot be started: a schema per ledger, dropped at the end; no restarts."""

    can_restart = False
    LOCAL_URLS = ("postgresql://newsledger:newsledger@localhost/newsledger_test",)

    def __init__(self) -> None:
        import psycopg

        urls = [os.environ["NEWSLEDGER_TEST_PG_URL"]] if os.environ.get("NEWSLEDGER_TEST_PG_URL") else list(self.LOCAL_URLS)
        for url in urls:
            try:
                with psycopg.connect(url, connect_timeout=3) as conn:
                    conn.execute("SELECT 1")
            except psycopg.Error:
                continue
            self.url, self.schemas = url, []
            return
        raise RuntimeError("no shared PostgreSQL test server answered")

    def new_ledger(self, name: str) -> str:
        import psycopg
        from urllib.parse import quote

        schema = f"{name}_{os.getpid()}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        joiner = "&" if "?" in self.url else "?"
        return f"{self.url}{joiner}options={quote(f'-csearch_path={schema}')}"

    def close(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            for schema in self.schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def postgres_server():
    """(server, None) or (None, why there is none)."""
    reasons = []
    try:
        return PrivatePostgres(), None
    except (RuntimeError, ImportError, OSError, subprocess.SubprocessError) as exc:
        reasons.append(f"private server: {exc}")
    try:
        return SharedPostgres(), None
    except (RuntimeError, ImportError, KeyError) as exc:
        reasons.append(f"shared server: {exc}")
    return None, "; ".join(reasons)


# -- kill -9 during ingest ------------------------------------------------------------------

def _reports_now(db: str) -> int | None:
    """How many reports the ledger holds (None: none yet, or it cannot be read)."""
    try:
        if db.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(db, connect_timeout=3) as conn:
                return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        if not Path(db).exists():
            return None
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        finally:
            conn.close()
    except Exception:  # noqa: BLE001  (no table yet, a server down: nothing to count)
        return None


def kill_trials(trials: int, new_db, folder: Path, expected: Counter, rng: random.Random, work: Path,
                label: str, *, verbose: bool = True) -> dict:
    """``trials`` times: a fresh ledger, ``ingest`` killed with SIGKILL at a random point, the
    ledger checked, ``ingest`` run again to completion, and the ledger compared with the
    reference (``expected``). The point: one trial in six a random time in the first 1.5 s
    (starting up, creating the schema), else once a random number of reports are stored,
    plus a random 0-50 ms (mid-transaction or between two)."""
    total = sum(1 for key in expected if key[0] == "report")
    out = {"trials": trials, "killed": 0, "ended_before_kill": 0, "reports_at_kill": [],
           "lost": 0, "duplicated": 0, "integrity": [], "problems": []}
    for trial in range(trials):
        db = new_db(f"kill_{label}_{trial}")
        early = trial % 6 == 0
        target = rng.randint(0, total - 1)
        with open(work / "kill.stderr", "w+") as stderr:
            process = subprocess.Popen(cli_command("ingest", str(folder), "--db", db, "--quiet"), env=cli_env(),
                                       stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
            start = time.monotonic()
            if early:
                time.sleep(rng.uniform(0, 1.5))
            else:
                while process.poll() is None and (_reports_now(db) or 0) < target \
                        and time.monotonic() - start < 600:
                    time.sleep(0.01)
                time.sleep(rng.uniform(0, 0.05))
            when = time.monotonic() - start
            if process.poll() is None:
                _kill_group(process)
                out["killed"] += 1
            else:
                out["ended_before_kill"] += 1
        at_kill = _reports_now(db)
        out["reports_at_kill"].append(at_kill or 0)
        if not db.startswith("postgresql://"):
            result = integrity(db)
            if not result.startswith("ok"):
                out["integrity"].append(f"trial {trial} after the kill: {result}")
        rerun = ingest(folder, db)
        if rerun.returncode != 0:
            out["problems"].append(f"trial {trial}: rerun exit {rerun.returncode}: {rerun.stderr.strip()[-300:]}")
        if not db.startswith("postgresql://"):
            result = integrity(db)
            if not result.startswith("ok"):
                out["integrity"].append(f"trial {trial} after the rerun: {result}")
        lost, duplicated = compare(expected, snapshot(db))
        out["lost"] += lost
        out["duplicated"] += duplicated
        if lost or duplicated:
            out["problems"].append(f"trial {trial} (killed at {when:.2f} s, {at_kill} reports): "
                                   f"{lost} rows lost, {duplicated} duplicated")
        if verbose:
            print(f"  kill -9 {label} {trial + 1}/{trials}: at {when:.2f} s, {at_kill or 0} reports stored; "
                  f"rerun exit {rerun.returncode}; lost {lost}, duplicated {duplicated}", flush=True)
    return out


# -- disk full ------------------------------------------------------------------------------

def disk_full(folder: Path, expected: Counter, work: Path, limit: int) -> dict:
    """``ingest`` with the files it writes limited to ``limit`` bytes (RLIMIT_FSIZE: a write past
    it fails with EFBIG, as on a full disk), then again without the limit."""
    db = work / "full.db"

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    first = ingest(folder, str(db), preexec=small_files)
    lines = [line for line in first.stderr.splitlines() if line.strip()]
    check = integrity(db)
    got = snapshot(str(db))
    stored = {key[1] for key in got if key[0] == "report"}
    # every report present must be whole: all its rows, and nothing else
    expected_part = Counter({k: v for k, v in expected.items()
                             if (k[0] == "report" and k[1] in stored)
                             or (k[0] in ITEM_TABLES and k[1] in stored)})
    got_part = Counter({k: v for k, v in got.items() if k[0] == "report" or k[0] in ITEM_TABLES})
    half_lost, extra = compare(expected_part, got_part)
    second = ingest(folder, str(db))
    lost, duplicated = compare(expected, snapshot(str(db)))
    return {
        "limit": limit, "exit": first.returncode, "lines": lines, "traceback": "Traceback" in first.stderr,
        "integrity": check, "reports_stored": len(stored), "half_written": half_lost + extra,
        "rerun_exit": second.returncode, "rerun_integrity": integrity(db), "lost": lost, "duplicated": duplicated,
        "ok": (first.returncode == 1 and len(lines) == 1 and "cannot write the ledger" in lines[0]
               and check == "ok" and half_lost + extra == 0 and second.returncode == 0
               and integrity(db) == "ok" and lost == 0 and duplicated == 0),
    }


# -- PostgreSQL restarted mid-ingest --------------------------------------------------------

def pg_restart(server: PrivatePostgres, folder: Path, expected: Counter, rng: random.Random,
               trials: int, *, verbose: bool = True) -> dict:
    """``ingest`` into PostgreSQL, the server restarted (fast shutdown, clients cut off) once a
    random number of reports are in; then ``ingest`` again with the server back."""
    total = sum(1 for key in expected if key[0] == "report")
    out = {"trials": trials, "lines": [], "problems": [], "lost": 0, "duplicated": 0, "ok": True}
    for trial in range(trials):
        db = server.new_ledger(f"restart_{trial}")
        wanted = rng.randint(1, max(1, total - 5))
        process = subprocess.Popen(cli_command("ingest", str(folder), "--db", db, "--quiet"), env=cli_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        deadline = time.monotonic() + 300
        while process.poll() is None and (_reports_now(db) or 0) < wanted and time.monotonic() < deadline:
            time.sleep(0.02)
        at_restart = _reports_now(db)
        server.restart("fast" if trial % 2 == 0 else "immediate")
        try:
            _, stderr = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            stderr = "(still running 300 s after the restart: killed)"
        lines = [line for line in stderr.splitlines() if line.strip()]
        rerun = ingest(folder, db)
        lost, duplicated = compare(expected, snapshot(db))
        out["lost"] += lost
        out["duplicated"] += duplicated
        ended_first = process.returncode == 0  # the restart came after the last write
        clear = ended_first or (process.returncode == 1 and len(lines) == 1
                                and "lost the PostgreSQL ledger" in lines[0] and "Traceback" not in stderr)
        if lines:
            out["lines"].append(lines[0])
        if not clear or rerun.returncode != 0 or lost or duplicated:
            out["ok"] = False
            out["problems"].append(f"trial {trial}: exit {process.returncode}, {len(lines)} lines "
                                   f"({lines[:2]}); rerun exit {rerun.returncode}; lost {lost}, duplicated {duplicated}")
        if verbose:
            print(f"  PostgreSQL restart {trial + 1}/{trials} at {at_restart} reports: exit {process.returncode}, "
                  f"{len(lines)} line(s); rerun exit {rerun.returncode}; lost {lost}, duplicated {duplicated}",
                  flush=True)
    return out


# -- migration from the previous schema version ---------------------------------------------

def v1_ledger(path: Path) -> None:
    """A SQLite ledger at schema version 1, as the code of that version wrote it (the dump
    made by tests/fixtures/ledger/make_v1_ledger.py)."""
    script = gzip.decompress(V1_DUMP.read_bytes()).decode("utf-8")
    conn = sqlite3.connect(path)
    try:
        conn.executescript(script)
    finally:
        conn.close()


def migration(work: Path) -> dict:
    """Open a version-1 ledger with this code: the schema is upgraded, and every report (its
    stored record) and every item row is still there, readable through the ledger's API."""
    from newsledger.ledger import Ledger
    from newsledger.ledger._schema import SCHEMA_VERSION

    db = work / "v1.db"
    v1_ledger(db)
    conn = sqlite3.connect(db)
    before_version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    before = Counter()
    for r in conn.execute("SELECT id, content_hash, input, record_json FROM reports"):
        before[("report", r[1], Path(r[2]).name, _record_digest(r[3]))] += 1
    hash_of = dict(conn.execute("SELECT id, content_hash FROM reports"))
    for table in ITEM_TABLES:
        for r in conn.execute(f"SELECT report_id, position, item_json FROM {table}"):
            before[(table, hash_of[r[0]], r[1], hashlib.sha1(r[2].encode()).hexdigest())] += 1
    events_before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
    problems = []
    with Ledger(db) as ledger:
        version = ledger._store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        records = 0
        for row in ledger.reports(limit=1000):
            record = ledger.report(row["id"])  # the stored record, read by today's model
            records += record is not None and bool(record.article.body)
        exported_events = sum(1 for _ in ledger.export("events"))
        found = ledger.count_reports("convoy")
    after = snapshot(str(db))
    after_rows = Counter({(k[0], k[1], k[2], k[3]): v for k, v in after.items() if k[0] == "report"})
    after_rows.update({k: v for k, v in after.items() if k[0] in ITEM_TABLES})
    lost, extra = compare(before, after_rows)
    reports = sum(v for k, v in before.items() if k[0] == "report")
    if version != SCHEMA_VERSION:
        problems.append(f"schema version {version} after opening, not {SCHEMA_VERSION}")
    if records != reports:
        problems.append(f"{records} of {reports} stored records readable")
    if exported_events != events_before:
        problems.append(f"{exported_events} events exported, {events_before} stored")
    if not found:
        problems.append("full-text search finds nothing after the upgrade")
    return {"from": before_version, "to": version, "reports": reports, "events": events_before,
            "items": sum(v for k, v in before.items() if k[0] != "report"), "lost": lost, "extra": extra,
            "integrity": integrity(db), "problems": problems,
            "ok": not problems and lost == 0 and extra == 0 and integrity(db) == "ok"}


# -- concurrent API load --------------------------------------------------------------------

READ_PATHS = ("/api/reports", "/api/reports?q=convoy", "/api/reports?q=ceasefire%20OR%20talks", "/api/reports/{id}",
              "/api/quotes?q=said", "/api/quotes?speaker=a", "/api/events", "/api/events?type=ASSAULT",
              "/api/events?since=2025-06", "/api/stories", "/api/claims", "/api/figures", "/api/map",
              "/api/stats", "/", "/events", "/stories", "/reports/{id}")


def _get(port: int, path: str, timeout: float = 60) -> tuple[int, float]:
    import http.client

    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        conn.close()


def api_load(folder: Path, expected: Counter, work: Path, clients: int, seconds_min: float,
             rng: random.Random, *, verbose: bool = True) -> dict:
    """``newsledger serve`` over a ledger holding half the reports; ``clients`` threads read
    its API and pages while one ``ingest`` adds the other half; then the ledger is compared."""
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))
    first, second = work / "load_first", work / "load_second"
    half = len(files) // 2  # in the reference's order: the same report is the original of its copies
    for part, chosen in ((first, files[:half]), (second, files[half:])):
        part.mkdir()
        for path in chosen:
            shutil.copy2(path, part / path.name)
    db = work / "load.db"
    done = ingest(first, str(db))
    if done.returncode != 0:
        raise SystemExit(f"load: first half not ingested: {done.stderr.strip()}")
    port = free_port()
    server = subprocess.Popen(["timeout", "-s", "KILL", str(SERVER_LIFETIME),
                               *cli_command("serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port))],
                              env=cli_env(), stdout=subprocess.DEVNULL, stderr=open(work / "serve.log", "wb"),
                              start_new_session=True)
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/api/stats", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"load: the server did not start: {(work / 'serve.log').read_text()[-400:]}")
            time.sleep(0.2)
        ids = list(range(1, 21))

        def client(number: int) -> None:
            local = random.Random(rng.random() + number)
            while not stop.is_set():
                path = local.choice(READ_PATHS).replace("{id}", str(local.choice(ids)))
                try:
                    status, seconds = _get(port, path)
                except OSError as exc:
                    with lock:
                        errors.append(f"{path}: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    statuses[status] += 1
                    latencies.append(seconds)
                    if status >= 500:
                        errors.append(f"{path}: HTTP {status}")

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        writer = ingest(second, str(db))
        ingest_seconds = time.monotonic() - start
        while time.monotonic() - start < seconds_min:
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        duration = time.monotonic() - start
    finally:
        stop.set()
        _kill_group(server)
    log = (work / "serve.log").read_text(errors="replace")
    # reports (without the copy links, which the order of ingestion may change) and items
    def content(rows: Counter) -> Counter:
        return Counter({(k[:4] if k[0] == "report" else k): v for k, v in rows.items()
                        if k[0] == "report" or k[0] in ITEM_TABLES})

    got = content(snapshot(str(db)))
    lost, duplicated = compare(content(expected), got)
    differing = sorted({k[1] for k in (content(expected) - got) + (got - content(expected))})
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    not_found = sum(v for k, v in statuses.items() if k == 404)
    return {"clients": clients, "requests": len(latencies), "seconds": duration, "ingest_seconds": ingest_seconds,
            "ingest_exit": writer.returncode, "statuses": dict(statuses), "errors": errors[:10],
            "error_count": len(errors), "p50": pct(0.50), "p95": pct(0.95), "max": latencies[-1] if latencies else 0,
            "tracebacks_in_log": log.count("Traceback"), "lost": lost, "duplicated": duplicated,
            "differing_reports": differing, "log": log[log.find("Traceback"):][-2500:] if "Traceback" in log else "",
            "not_found": not_found,
            "ok": (not errors and writer.returncode == 0 and "Traceback" not in log and lost == 0
                   and duplicated == 0 and all(k < 500 for k in statuses))}


# -- the whole suite ------------------------------------------------------------------------

PARTS = ("fuzz", "kill", "disk", "restart", "migration", "load")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="fuzzed inputs (a quarter of each kind)")
    parser.add_argument("--kills", type=int, default=20, help="kill -9 trials on each database")
    parser.add_argument("--restarts", type=int, default=4, help="PostgreSQL restarts mid-ingest")
    parser.add_argument("--clients", type=int, default=20, help="API reader threads")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to run, of {','.join(PARTS)}")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    print(f"bench/faults.py: seed {seed} (rerun the same with --seed {seed}); corpus {CORPUS.relative_to(ROOT)}",
          flush=True)
    rows: list[tuple[str, str, bool]] = []  # (what, figure, held)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nl-faults-") as tmp:
        work = Path(tmp)
        expected = None
        if parts & {"kill", "disk", "restart", "load"}:
            expected, seconds = reference(CORPUS, work)
            reports = sum(1 for k in expected if k[0] == "report")
            print(f"reference: {reports} reports, {sum(expected.values())} rows, ingest {seconds:.1f} s", flush=True)

        if "fuzz" in parts:
            print(f"fuzz: {args.cases:,} inputs...", flush=True)
            folder = work / "fuzz"
            folder.mkdir()
            start = time.monotonic()
            stats = fuzz(args.cases, seed, folder)
            took = time.monotonic() - start
            print(f"fuzz: {stats.cases:,} cases in {took:.0f} s ({dict(stats.by_kind)}); outcomes {dict(stats.outcomes)}; "
                  f"slowest input {stats.max_seconds:.2f} s ({stats.slowest}); largest rise of peak memory in one "
                  f"input {stats.max_rss_rise:.0f} MB; peak RSS of the process {_maxrss_mb():.0f} MB", flush=True)
            for line in (stats.tracebacks + stats.internal + stats.bad_shape + stats.over_bounds)[:20]:
                print("  " + line.replace("\n", "\n    "))
            rows.append(("fuzz: cases tried", f"{stats.cases:,}", stats.cases >= args.cases))
            rows.append(("fuzz: tracebacks", str(len(stats.tracebacks)), not stats.tracebacks))
            rows.append(("fuzz: internal errors caught by the guard", str(len(stats.internal)), not stats.internal))
            rows.append(("fuzz: outcomes not {input, error} or a record", str(len(stats.bad_shape)), not stats.bad_shape))
            rows.append(("fuzz: max time / peak-memory rise per input",
                         f"{stats.max_seconds:.2f} s / {stats.max_rss_rise:.0f} MB",
                         not stats.over_bounds))

        if "kill" in parts:
            print(f"kill -9 on SQLite: {args.kills} trials...", flush=True)
            sqlite_kills = kill_trials(args.kills, lambda name: str(work / f"{name}.db"), CORPUS, expected, rng,
                                       work, "sqlite")
            rows.append(("kill -9 SQLite: trials (killed mid-run)",
                         f"{sqlite_kills['trials']} ({sqlite_kills['killed']})", sqlite_kills["killed"] >= 1))
            rows.append(("kill -9 SQLite: records lost / duplicated",
                         f"{sqlite_kills['lost']} / {sqlite_kills['duplicated']}",
                         not (sqlite_kills["lost"] or sqlite_kills["duplicated"] or sqlite_kills["problems"])))
            rows.append(("kill -9 SQLite: integrity_check",
                         "ok" if not sqlite_kills["integrity"] else "; ".join(sqlite_kills["integrity"][:3]),
                         not sqlite_kills["integrity"]))
            for line in sqlite_kills["problems"]:
                print("  " + line)

        server = None
        why = None
        if parts & {"kill", "restart"}:
            server, why = postgres_server()
            if server is None:
                print(f"PostgreSQL parts skipped: {why}", flush=True)
            else:
                print(f"PostgreSQL: {type(server).__name__} at {server.url}", flush=True)
        try:
            if "kill" in parts:
                if server is None:
                    rows.append(("kill -9 PostgreSQL", f"skipped ({why})", True))
                else:
                    print(f"kill -9 on PostgreSQL: {args.kills} trials...", flush=True)
                    pg_kills = kill_trials(args.kills, server.new_ledger, CORPUS, expected, rng, work, "postgresql")
                    rows.append(("kill -9 PostgreSQL: trials (killed mid-run)",
                                 f"{pg_kills['trials']} ({pg_kills['killed']})", pg_kills["killed"] >= 1))
                    rows.append(("kill -9 PostgreSQL: records lost / duplicated",
                                 f"{pg_kills['lost']} / {pg_kills['duplicated']}",
                                 not (pg_kills["lost"] or pg_kills["duplicated"] or pg_kills["problems"])))
                    for line in pg_kills["problems"]:
                        print("  " + line)
            if "restart" in parts:
                if server is None or not server.can_restart:
                    rows.append(("PostgreSQL restarted mid-ingest",
                                 f"skipped ({why or 'the shared server cannot be restarted'})", True))
                else:
                    print(f"PostgreSQL restarted mid-ingest: {args.restarts} trials...", flush=True)
                    restart = pg_restart(server, CORPUS, expected, rng, args.restarts)
                    for line in restart["problems"]:
                        print("  " + line)
                    if restart["lines"]:
                        print(f"  the line it says: {restart['lines'][0]}")
                    rows.append(("PostgreSQL restart: one clear line, rerun resumes; lost / duplicated",
                                 f"{'yes' if restart['ok'] else 'NO'}; {restart['lost']} / {restart['duplicated']}",
                                 restart["ok"]))
        finally:
            if server is not None:
                server.close()

        if "disk" in parts:
            db_bytes = sum(p.stat().st_size for p in work.glob("reference.db*"))
            limit = max(200_000, db_bytes // 2)
            print(f"disk full: RLIMIT_FSIZE {limit:,} bytes (the whole ledger takes {db_bytes:,})...", flush=True)
            full = disk_full(CORPUS, expected, work, limit)
            print(f"  exit {full['exit']}, {len(full['lines'])} line(s): {full['lines'][:2]}")
            print(f"  {full['reports_stored']} reports stored, each whole ({full['half_written']} rows off); "
                  f"integrity {full['integrity']}; rerun with room: exit {full['rerun_exit']}, "
                  f"lost {full['lost']}, duplicated {full['duplicated']}")
            rows.append(("disk full: one clear line, ledger intact, rerun completes",
                         f"{'yes' if full['ok'] else 'NO'} (integrity {full['integrity']}, "
                         f"{full['reports_stored']} whole reports, then {full['lost']} lost)", full["ok"]))

        if "migration" in parts:
            moved = migration(work)
            print(f"migration: version {moved['from']} -> {moved['to']}: {moved['reports']} reports, "
                  f"{moved['events']} events, {moved['items']} item rows; lost {moved['lost']}, "
                  f"extra {moved['extra']}; {moved['problems']}", flush=True)
            rows.append(("migration v1 -> current: reports, items lost",
                         f"{'ok' if moved['ok'] else 'NO'} ({moved['reports']} reports, {moved['items']} items; "
                         f"{moved['lost']} lost)", moved["ok"]))

        if "load" in parts:
            print(f"API load: {args.clients} readers while one ingest writes...", flush=True)
            load = api_load(CORPUS, expected, work, args.clients, 10.0, rng)
            print(f"  {load['requests']} requests in {load['seconds']:.1f} s (ingest {load['ingest_seconds']:.1f} s, "
                  f"exit {load['ingest_exit']}); statuses {load['statuses']}; p50 {load['p50'] * 1000:.0f} ms, "
                  f"p95 {load['p95'] * 1000:.0f} ms, max {load['max'] * 1000:.0f} ms; "
                  f"tracebacks in the server log {load['tracebacks_in_log']}; errors {load['errors'][:3]}")
            if load["log"]:
                print(load["log"])
            rows.append(("API load: requests, 5xx or failed",
                         f"{load['requests']}, {load['error_count']}", load["ok"]))
            rows.append(("API load: p95 latency (max)",
                         f"{load['p95'] * 1000:.0f} ms ({load['max'] * 1000:.0f} ms)", load["max"] < 60))

    held = all(ok for _, _, ok in rows)
    width = max(len(what) for what, _, _ in rows) if rows else 10
    print()
    print(f"{'check':<{width}}  {'result':<40}  held")
    print(f"{'-' * width}  {'-' * 40}  ----")
    for what, figure, ok in rows:
        print(f"{what:<{width}}  {figure:<40}  {'yes' if ok else 'NO'}")
    print(f"\nall held: {'yes' if held else 'NO'}; {time.monotonic() - began:.0f} s; seed {seed}. Times are wall "
          "clock on a shared machine (not taken idle): latencies are a bound, not a speed.")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
