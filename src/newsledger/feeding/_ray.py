"""The Ray engine: the same pipeline on a Ray cluster, a local one or one joined by address.

What runs where:

- **The driver** (this process) lists the inputs as small :class:`Task` rows, as the local
  engine does (files, folders, ``-``, page and feed URLs, WARC files), asking the caller's
  ``is_done`` so that done inputs are skipped (resuming). A WARC file is listed one row per
  page record, each row naming the file and the record's offset: the worker reads the record
  where it lies (a damaged record is one failure line, and the listing goes on).
- **A pool of Ray actors** (:class:`PipelineWorker`, one CPU each, ``--workers`` of them) runs
  the pipeline (:func:`newsledger.pipeline.analyse_batch`), each actor loading spaCy and the ONNX
  models once. The actors are created as soon as the listing finds a first report to analyse,
  so that they load the models while the driver lists the rest. The driver hands out batches
  of rows (``settings.batch_size``, smaller towards the end so that the workers finish
  together), two at a time per worker so that none waits for the driver, and gets each batch's
  records back as soon as it is done. The actors read their rows (a file, a WARC record at its
  offset, a feed entry fetched politely, bytes already in hand). A worker whose process dies
  is started again and its batches run again. No Ray Data: its executor and its three helper
  actors (each a process importing Ray Data) cost more than the pipeline's own start-up on a
  small machine (measured: docs/scale.md), and plain actors can start before the listing ends.
- **Writing** is the caller's choice: the driver gets the records back in input order and
  stores each batch with the ``store`` callable it is given (SQLite: one writer, one
  transaction per batch), or each worker writes its own batches with the
  ``write`` callable it is given (PostgreSQL: one transaction per batch, idempotent by content
  hash, so a batch retried after a worker died changes nothing; the batches take turns, in input
  order, through a small :class:`Turnstile` actor, so rows are numbered as the local engine
  numbers them and the views across reports come out the same), or each worker writes its
  batch as a Parquet shard in ``shards`` (``extract --out``; a retried batch rewrites the same
  shard). Views across reports (stories, merged events) are derived from the ledger when read,
  never per batch.

Ray is optional (the ``ray`` extra). Its usage statistics and dashboard are off, and a local
Ray listens on the loopback address only. This module never imports the ledger: the shell
passes ``is_done``, ``store`` and ``write``.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import InputError
from newsledger.feeding._inputs import Source, _failure, expand_folder, sources_of
from newsledger.record import Failure, Record
from newsledger.settings import DEFAULT, Settings

INSTALL = "--engine ray needs Ray: pip install 'newsledger[ray]' (or: make install-ray)"

# Set before Ray is imported: nothing phones home, no dashboard, no metrics collected (nothing
# reads them; a local Ray's raylet and workers then skip that work), quiet logs on the terminal
# (Ray's own logs stay in its session folder).
RAY_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_USAGE_STATS_PROMPT_ENABLED": "0",
    "RAY_DEDUP_LOGS": "0",
    "RAY_DISABLE_IMPORT_WARNING": "1",
    "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0",
    "RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO": "0",
    "ORT_DISABLE_TELEMETRY": "1",
    "RAY_enable_metrics_collection": "0",
}
# A local Ray's shared-memory object store: rows and records are small.
LOCAL_OBJECT_STORE = 512 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
# Worker processes a local Ray starts for a run besides the pipeline's: the turnstile.
STARTED_BESIDE_WORKERS = 1
# A pipeline worker whose process dies is started again, its batches run again, this often.
MAX_RESTARTS = 4
# Where Ray's native messages to the driver's standard error go while a run lasts.
RAY_DRIVER_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / "ray" / "newsledger-driver.log"


class EngineError(Exception):
    """The run cannot start or go on (Ray missing, a cluster that does not answer, a ledger
    that cannot be written): one line for the user; what was stored stays stored."""


@dataclass
class Task:
    """One report to read on a worker: exactly one of ``path``, ``warc`` (with ``offset``),
    ``fetch`` or ``data`` says where its bytes are."""

    input: str  # as recorded (the same name as the local engine gives)
    fingerprint: str | None = None
    path: str | None = None  # a file read where it lies
    warc: str | None = None  # a WARC file; the record at ``offset``
    offset: int | None = None
    fetch: str | None = None  # a URL the worker fetches (a feed's entry)
    data: bytes | None = None  # bytes already in hand (a page URL fetched while listing, stdin)
    url: str | None = None
    published: str | None = None


@dataclass
class Written:
    """A record a worker stored itself: in the ledger (``is_new``: added, or already there)
    or in a Parquet shard (``is_new`` None)."""

    record: Record
    is_new: bool | None = None


# -- listing (on the driver) -------------------------------------------------------------------

def tasks_of(inputs: Iterable[str], *, fetcher, is_done: Callable[[str, str | None], bool],
             again: bool = False, published: str | None = None) -> Iterator[Task | Source | Failure]:
    """A :class:`Task` per report to read, a skipped :class:`Source` per report done by an
    earlier run, a :class:`Failure` per input that cannot be listed (or WARC record that is
    damaged). Inputs are named as the local engine names them."""
    from newsledger.sources._fetch import is_url
    from newsledger.sources._warc import is_warc

    def done(input: str, fingerprint: str | None) -> bool:
        return not again and is_done(input, fingerprint)

    def listed(name: str) -> Iterator[Task | Source | Failure]:
        for source in sources_of([name], fetcher=fetcher, is_done=is_done, again=again, published=published):
            yield _task_of(source, name)

    for item in inputs:
        if is_url(item):
            yield from listed(item)
            continue
        try:
            names = expand_folder(Path(item)) if item != "-" and Path(item).is_dir() else [item]
        except Exception as exc:
            yield _failure(item, exc)
            continue
        for name in names:
            yield from (_warc_tasks(name, done, published) if is_warc(name) else listed(name))


def _task_of(source: Source | Failure, named: str) -> Task | Source | Failure:
    if isinstance(source, Failure) or source.skip:
        return source
    if source.path == "-":
        return Task("-", data=sys.stdin.buffer.read(), published=source.published)
    if source.path is not None:
        return Task(source.input, source.fingerprint, path=source.path, url=source.url,
                    published=source.published)
    assert source.load is not None
    if source.input == named:  # a page URL: fetched while listing (to tell it from a feed)
        try:
            data, final_url = source.load()
        except InputError as exc:
            return Failure(input=source.input, error=exc.reason)
        return Task(source.input, source.fingerprint, data=data, url=final_url or source.url,
                    published=source.published)
    # a feed's entry: fetched by a worker
    return Task(source.input, source.fingerprint, fetch=source.url, url=source.url, published=source.published)


def _warc_tasks(name: str, done, published: str | None) -> Iterator[Task | Source | Failure]:
    from newsledger.sources._warc import WarcDamage, warc_entries

    try:
        for entry in warc_entries(name):
            if isinstance(entry, WarcDamage):
                yield Failure(input=f"{name}#offset={entry.offset}", error=entry.reason)
                continue
            input = f"{name}#{entry.record_id or entry.url}"
            fingerprint = entry.record_id or None
            if done(input, fingerprint):
                yield Source(input, fingerprint=fingerprint, skip=True)
                continue
            yield Task(input, fingerprint, warc=name if entry.page is None else None, offset=entry.offset,
                       data=entry.page.data if entry.page is not None else None, url=entry.url,
                       published=published or entry.date)
    except Exception as exc:
        yield _failure(name, exc)


# -- the workers --------------------------------------------------------------------------------

def read_task(task: Task, fetcher=None) -> Record | Failure:
    """The task's article read (``Record`` with its article only) or its failure, as the
    local engine reads it."""
    from newsledger.pipeline import read_or_fail
    from newsledger.sources._warc import warc_page_at

    if task.path is not None:
        return read_or_fail(task.path, url=task.url, published=task.published)
    try:
        if task.warc is not None:
            page = warc_page_at(task.warc, task.offset or 0)
            if page is None:
                return Failure(input=task.input, error="the WARC record is no longer a page (the file changed?)")
            data, url = page.data, page.url
        elif task.fetch is not None:
            if fetcher is None:
                return Failure(input=task.input, error="no fetcher to fetch it with")
            got = fetcher.get(task.fetch)
            data, url = got.data, got.url or task.url
        else:
            data, url = task.data or b"", task.url
    except InputError as exc:
        return Failure(input=task.input, error=exc.reason)
    except Exception as exc:  # unexpected: still one line, and the batch goes on
        return Failure(input=task.input, error=f"{type(exc).__name__}: {exc}")
    return read_or_fail(task.input, data=data, url=url, published=task.published)


# A short fictional report each worker analyses once when it starts, so that spaCy and the
# models are loaded before the first batch (and the first batch's time is the pipeline's).
WARM_UP = (b"Police in Kaya said on Tuesday that 12 people were hurt when a bus overturned. "
           b"\"The driver lost control,\" said Inspector Ruth Zongo. The road to Dori was closed for three hours.")


class PipelineWorker:
    """One Ray actor (``ray::PipelineWorker``): the pipeline, loaded once, over batches of tasks."""

    def __init__(self, settings: Settings, fetcher=None, write: Callable | None = None,
                 shards: str | None = None, turnstile=None):
        import gc

        from newsledger.pipeline import GC_THRESHOLD, analyse_batch, read_or_fail

        self.settings, self.fetcher, self.write, self.shards = settings, fetcher, write, shards
        self.turnstile = turnstile
        list(analyse_batch([read_or_fail("warm-up", data=WARM_UP)], settings))
        # The collector as the local engine has it for a whole run (newsledger.pipeline's
        # fewer_collections), for this process's whole life: between batches, at Python's
        # defaults, Ray's own calls set off full collections that walk every object of spaCy
        # and the models (about 0.25 s each, measured here). And what is loaded by now (the
        # models, the tables) stays for the process's life: frozen, no collection walks it.
        gc.set_threshold(*GC_THRESHOLD)
        gc.collect()
        gc.freeze()

    def run(self, keys: list[int], tasks: list[Task]) -> list:
        """The batch's outcomes, in order: a :class:`Written` per record stored by this worker
        (``write``, ``shards``), else the Record; a Failure per input that failed; all
        :class:`_Stop` when the writing failed as a whole."""
        from newsledger.pipeline import analyse_batch, fewer_collections

        with fewer_collections():
            results: list = list(analyse_batch([read_task(t, self.fetcher) for t in tasks], self.settings))
        try:
            if self.write is not None:
                self._store_in_turn(keys, tasks, results)
            elif self.shards is not None:
                self._shard(keys[0], results)
        except Exception as exc:  # the writing failed as a whole: the driver stops the run
            results = [_Stop(f"{exc}" if type(exc).__name__ == "LedgerError" else f"{type(exc).__name__}: {exc}")] * len(keys)
        return results

    def _store_in_turn(self, keys: list[int], tasks: list[Task], results: list) -> None:
        """Store the batch once every batch before it is stored (the turnstile), so that the
        ledger's rows come in input order, as the local engine writes them: the same ids, hence
        the same stories and merged events. The analysis still runs in parallel; only the short
        writes wait their turn (at most ``TURN_TIMEOUT``: then the batch is written anyway)."""
        import ray

        first, end = min(keys), max(keys) + 1
        if self.turnstile is not None:
            ray.get(self.turnstile.wait.remote(first, TURN_TIMEOUT))
        try:
            self._store(tasks, results)
        finally:  # stored or failed, the next batch's turn (a failure stops the run anyway)
            if self.turnstile is not None:
                ray.get(self.turnstile.written.remote(first, end))

    def _store(self, tasks: list[Task], results: list) -> None:
        at = [i for i, r in enumerate(results) if isinstance(r, Record)]
        if not at:
            return
        outcomes = self.write([(results[i], tasks[i].fingerprint) for i in at])
        for i, outcome in zip(at, outcomes):
            if isinstance(outcome, Exception):
                results[i] = Failure(input=results[i].input,
                                     error=f"not stored: {type(outcome).__name__}: {outcome}")
            else:
                results[i] = Written(results[i], bool(outcome))

    def _shard(self, first_key: int, results: list) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        at = [i for i, r in enumerate(results) if isinstance(r, Record)]
        if not at:
            return
        records = [results[i] for i in at]
        table = pa.table({
            "input": [r.input for r in records],
            "url": [r.article.url for r in records],
            "title": [r.article.title for r in records],
            "published": [r.article.published for r in records],
            "record": [r.model_dump_json() for r in records],
        })
        path = Path(self.shards) / f"part-{first_key:09d}.parquet"
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        pq.write_table(table, partial)
        os.replace(partial, path)  # a retried batch rewrites the same shard whole
        for i in at:
            results[i] = Written(results[i], None)


# How long a worker's batch waits for the batches before it to be written (a batch lost
# for good would otherwise stop the run); past it the batch is written out of turn.
TURN_TIMEOUT = 120.0


class Turnstile:
    """A Ray actor (no CPU) that lets batches be written in key order: ``wait(first)``
    returns once every key below ``first`` is written; ``written(first, end)`` records
    [first, end) as written (again after a retry: no harm)."""

    def __init__(self):
        import asyncio

        self.next = 0
        self.ranges: dict[int, int] = {}
        self.changed = asyncio.Condition()

    async def wait(self, first: int, timeout: float) -> bool:
        import asyncio

        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(lambda: self.next >= first), timeout)
            except asyncio.TimeoutError:
                return False
        return True

    async def written(self, first: int, end: int) -> None:
        async with self.changed:
            self.ranges[first] = max(self.ranges.get(first, first), end)
            while self.next in self.ranges:
                self.next = max(self.next, self.ranges.pop(self.next))
            self.changed.notify_all()


@dataclass
class _Stop:
    """Sent back by a worker when the run cannot go on (the ledger cannot be written)."""

    reason: str


# -- the run (on the driver) ---------------------------------------------------------------------

def _import_ray(loopback: bool):
    for name, value in RAY_ENV.items():
        os.environ.setdefault(name, value)
    if loopback:
        # Ray on this machine only (a local Ray, or a cluster on 127.0.0.1): Ray then takes the
        # loopback address for this node instead of asking the routing table for a public one.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError:
        raise EngineError(INSTALL) from None
    return ray


class _NativeStderr:
    """While Ray runs, what its C++ core writes straight to file descriptor 2 (warnings meant
    for Ray's developers) goes to ``RAY_DRIVER_LOG``; Python's ``sys.stderr`` (the failure
    lines, the progress bar) still reaches the terminal. Nothing is done when standard error
    is not file descriptor 2 (a test runner capturing it)."""

    def __init__(self):
        self.saved: int | None = None
        self.stream = None

    def __enter__(self) -> None:
        try:
            if sys.stderr.fileno() != 2:
                return
        except (AttributeError, OSError, ValueError):
            return
        sys.stderr.flush()
        try:
            RAY_DRIVER_LOG.parent.mkdir(parents=True, exist_ok=True)
            log = os.open(RAY_DRIVER_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError:
            return
        self.saved = os.dup(2)
        self.stream = sys.stderr
        sys.stderr = os.fdopen(os.dup(self.saved), "w", buffering=1, encoding=self.stream.encoding or "utf-8",
                               errors="backslashreplace")
        os.dup2(log, 2)
        os.close(log)

    def __exit__(self, *exc_info) -> None:
        if self.saved is None:
            return
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        sys.stderr.close()
        sys.stderr = self.stream
        self.saved = None


def _stop_monitor_first() -> None:
    """A local Ray's autoscaler monitor stopped before ``ray.shutdown``: the shutdown stops the
    GCS before the monitor, whose SIGTERM handler then waits for the GCS that is gone, and is
    killed only after one second (measured here: 1.0 of the shutdown's 1.1 s). A local Ray
    scales nothing; the monitor is killed outright while the GCS is still there."""
    try:
        from ray._private import worker

        node = worker._global_node
        if node is not None and node.is_head():
            node.kill_monitor(check_alive=False)
    except Exception:  # another Ray version: its own shutdown does it all
        pass


def _token_auth_when_available() -> None:
    """Joining a cluster: Ray's token authentication on when this user has a token (as
    ``ray start`` turns it on when one exists), unless ``RAY_AUTH_MODE`` says otherwise."""
    if "RAY_AUTH_MODE" in os.environ:
        return
    path = os.environ.get("RAY_AUTH_TOKEN_PATH") or str(Path.home() / ".ray" / "auth_token")
    if os.environ.get("RAY_AUTH_TOKEN") or Path(path).is_file():
        os.environ["RAY_AUTH_MODE"] = "token"


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_port(address: str) -> tuple[str, int]:
    text = address.strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        return text or "127.0.0.1", 6379
    return host.strip("[]"), int(port)


class RayRun:
    """A run on Ray, as a context manager: entering it lists the inputs (``total`` is then
    known), starting (or joining) Ray and its workers as soon as the listing finds a first
    report to analyse, so that the workers load the pipeline while the rest is listed;
    iterating gives ``(task or source or None, item)`` in input order, where item is a
    :class:`Written` (stored by ``store`` on this driver, a batch at a time, or by ``write`` on
    a worker, or put in a shard), a Record (none of those given), a Failure, or None (done by
    an earlier run); leaving it stops the local Ray or leaves the cluster. :class:`EngineError`
    when the run cannot start or go on; what ``store`` raises (the ledger cannot be written)
    goes to the caller."""

    def __init__(self, inputs: Iterable[str], *, fetcher, is_done: Callable[[str, str | None], bool],
                 again: bool = False, published: str | None = None, settings: Settings = DEFAULT,
                 workers: int | None = None, address: str | None = None,
                 write: Callable | None = None, shards: str | None = None, store: Callable | None = None):
        if workers is not None and workers < 1:
            raise EngineError("--workers must be at least 1")
        self.inputs, self.fetcher, self.is_done = list(inputs), fetcher, is_done
        self.again, self.published, self.settings = again, published, settings
        self.workers, self.address, self.write, self.shards = workers, address, write, shards
        self.store = store
        self.tasks: list[Task] = []
        # in input order: a task's key, or what the listing knows of an input (skipped, failed)
        self.order: list[int | tuple[Source | None, Failure | None]] = []
        self.total = 0
        self._ray = None
        self._started = False
        self._native: _NativeStderr | None = None
        self._actors: list = []
        self._turnstile = None

    # starting and stopping Ray
    def __enter__(self) -> RayRun:
        ray = _import_ray(not self.address or _loopback(_host_port(self.address)[0]))
        self._ray = ray
        if self.address:  # before anything else: a cluster that does not answer is one line
            host, port = _host_port(self.address)
            try:
                socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
            except OSError as exc:
                raise EngineError(f"the Ray cluster at {self.address} does not answer "
                                  f"({exc.strerror or exc})") from None
        try:
            # Ray and the workers start at the first report to analyse (none: no Ray at all),
            # the listing goes on meanwhile
            self._list()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self, ray) -> None:
        self._native = _NativeStderr()
        self._native.__enter__()
        if self.address:
            host, port = _host_port(self.address)
            try:
                _token_auth_when_available()
                # a cluster on this machine's loopback: this driver talks to it on loopback too
                local = {"_node_ip_address": "127.0.0.1"} if _loopback(host) else {}
                ray.init(address=f"{host}:{port}", log_to_driver=False, logging_level=logging.ERROR, **local)
            except Exception as exc:
                why = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise EngineError(f"cannot join the Ray cluster at {self.address}: {type(exc).__name__}: {why}") from None
            self._started = True
            cpus = int(ray.cluster_resources().get("CPU", 0))
            self.workers = self.workers or max(1, cpus)
            if cpus < self.workers:
                raise EngineError(f"the Ray cluster at {self.address} has {cpus} CPUs for "
                                  f"{self.workers} workers (one CPU each)")
        else:
            self.workers = self.workers or os.cpu_count() or 1
            # Ray starts at most min(CPUs of the machine, num_cpus) worker processes at a time,
            # one at a time for --workers 1: the turnstile and the pipeline's workers would
            # start one after another, each importing Ray (the worker's own start then waits
            # for the turnstile's). All of them at once.
            os.environ.setdefault("RAY_worker_maximum_startup_concurrency",
                                  str(max(os.cpu_count() or 1, self.workers + STARTED_BESIDE_WORKERS)))
            try:
                ray.init(num_cpus=self.workers, include_dashboard=False, _node_ip_address="127.0.0.1",
                         object_store_memory=LOCAL_OBJECT_STORE, log_to_driver=False,
                         logging_level=logging.ERROR)
            except Exception as exc:
                raise EngineError(f"cannot start a local Ray: {type(exc).__name__}: {exc}") from None
            self._started = True
        for name in ("ray", "ray._private", "ray.util"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self._spawn(ray)

    def _spawn(self, ray) -> None:
        """The pipeline's workers (one CPU each) and, when they write, the turnstile: created
        now, each loading spaCy and the models while the driver goes on listing. A worker whose
        process dies is started again and its batches run again (``MAX_RESTARTS`` times)."""
        import dataclasses

        fetcher = self.fetcher
        if fetcher is not None and dataclasses.is_dataclass(fetcher):
            # each worker fetches on its own: the pause between two requests to one host is
            # kept for the pool as a whole
            fetcher = dataclasses.replace(fetcher, interval=fetcher.interval * self.workers)
        if self.write is not None:  # workers write: in input order, through a turnstile
            self._turnstile = ray.remote(num_cpus=0)(Turnstile).remote()
        actor = ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS)(PipelineWorker)
        self._actors = [actor.remote(self.settings, fetcher, self.write, self.shards, self._turnstile)
                        for _ in range(self.workers)]

    def __exit__(self, *exc_info) -> None:
        if self._started and self._ray is not None:
            self._started = False
            self._actors, self._turnstile = [], None
            if not self.address:
                _stop_monitor_first()
            try:
                self._ray.shutdown()
            except Exception:
                pass
        if self._native is not None:
            self._native.__exit__()
            self._native = None

    def _list(self) -> None:
        for item in tasks_of(self.inputs, fetcher=self.fetcher, is_done=self.is_done, again=self.again,
                             published=self.published):
            if isinstance(item, Task):
                if not self._started:
                    self._start(self._ray)
                self.order.append(len(self.tasks))
                self.tasks.append(item)
            elif isinstance(item, Failure):
                self.order.append((None, item))
            else:
                self.order.append((item, None))
        self.total = len(self.order)

    # the records
    def __iter__(self) -> Iterator[tuple[Task | Source | None, Record | Written | Failure | None]]:
        """Outcomes in input order, as the local engine gives them: what the listing already
        knows (done before, cannot be listed) in its place among the records."""
        results = self._outcomes() if self.tasks else iter(())
        for entry in self.order:
            if not isinstance(entry, int):
                yield entry
                continue
            key, item = next(results)
            assert key == entry, "the records came back out of order"
            yield self.tasks[key], item

    def _outcomes(self) -> Iterator[tuple[int, Record | Written | Failure]]:
        """(key, outcome) in key order, a batch at a time; with ``store``, each batch's records
        stored by the driver (one call a batch) before any of them is given."""
        for keys, results in self._batches():
            if any(isinstance(r, _Stop) for r in results):
                raise EngineError(next(r for r in results if isinstance(r, _Stop)).reason)
            if self.store is not None:
                results = self._stored(keys, results)
            yield from zip(keys, results)

    def _stored(self, keys: list[int], results: list) -> list:
        at = [i for i, r in enumerate(results) if isinstance(r, Record)]
        if not at:
            return results
        outcomes = self.store([(results[i], self.tasks[keys[i]].fingerprint) for i in at])
        results = list(results)
        for i, outcome in zip(at, outcomes):
            results[i] = (Failure(input=results[i].input, error=f"not stored: {type(outcome).__name__}: {outcome}")
                          if isinstance(outcome, Exception) else Written(results[i], bool(outcome)))
        return results

    def _batch_size(self, remaining: int) -> int:
        """The next batch's size: ``settings.batch_size``, smaller towards the end (a share of
        what is left for each worker's next two batches), so that the workers finish together
        and the last batch's records, stored last, are few."""
        share = -(-remaining // (2 * (self.workers or 1)))
        return max(1, min(self.settings.batch_size, share))

    def _batches(self) -> Iterator[tuple[list[int], list]]:
        """(keys, results) a batch at a time, in key order. Each worker holds up to two batches
        (one analysed, the next waiting, so it never waits for the driver; one when workers
        write in turn, so that no worker ever holds a later batch queued behind the one it
        waits for); a worker is given its next batch as soon as one of its batches is back, and
        the batches come back to the caller in key order as soon as they can."""
        ray = self._ray
        from ray.exceptions import RayError

        slots = 1 if self._turnstile is not None else 2
        free = [actor for _ in range(slots) for actor in self._actors]
        pending: dict = {}  # ObjectRef -> (first key, end, actor)
        back: dict[int, tuple[int, list]] = {}  # first key -> (end, results)
        given = want = 0
        count = len(self.tasks)
        while want < count:
            while free and given < count:
                end = given + self._batch_size(count - given)
                actor = free.pop(0)
                ref = actor.run.remote(list(range(given, end)), self.tasks[given:end])
                pending[ref] = (given, end, actor)
                given = end
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                first, end, actor = pending.pop(ref)
                try:
                    back[first] = (end, ray.get(ref))
                except RayError as exc:
                    why = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    raise EngineError(f"a Ray worker failed for good ({MAX_RESTARTS} restarts): "
                                      f"{type(exc).__name__}: {why}") from None
                free.append(actor)
            while want in back:
                end, results = back.pop(want)
                yield list(range(want, end)), results
                want = end
