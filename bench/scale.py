"""Scale: the same 313 reports through the local engine and the Ray engine (1 and 2 workers),
into SQLite and into PostgreSQL, on this machine.

The reports: 300 fictional pages made by ``bench/crawl.py`` (about 420 words each, the
length of an ordinary news report) and the 13 bundled samples
(``src/newsledger/data/samples``, as pages), all HTML; half of them in one news-crawl WARC
file (``.warc.gz``, a gzip member per record, written with warcio), half as files in a folder.
Every run ingests the same two inputs into a fresh ledger with ``newsledger ingest``, in a
process of its own.

Measured, per run:
- wall time of the whole command (start-up included: Python, Ray, the models in each worker);
- the steady rate: reports per second from the end of the first batch to the last record (the
  command's own loop, time-stamped), which leaves out the fixed start-up;
- peak memory: the driver's (``VmHWM`` of the ingest process) and each Ray worker's (``VmHWM`` of every
  ``ray::PipelineWorker`` process, sampled every 0.2 s);
- CPU seconds of every process of the run (sampled every 0.2 s), by kind: the driver, the Ray
  workers, Ray's helper actors (the turnstile; Ray Data's, in runs before the engine left Ray
  Data), idle Ray workers, Ray's servers (GCS, raylet, agents,
  dashboard, monitors): where the time goes besides the pipeline; and the CPU seconds the
  machine spent outside the run meanwhile (other work on the shared cores: read the timings
  against it);
- the ledger: report and item counts, and the exported events (merged across reports; ids
  replaced by the inputs they stand for, since PostgreSQL's workers write concurrently and
  number rows in another order) hashed, which must be identical in every run.

Goals (issue 17): 2 workers >= 1.8x one worker; Ray on one worker within 10% of the local
engine; <= 1 GiB peak per worker. Timings are only meaningful with the machine otherwise idle
(``make bench-scale``; on the project's shared machines, under the exclusive CPU lock, which the
output says it holds or not)::

    flock -x /tmp/nl-cpu.lock .venv/bin/python bench/scale.py [--pg URL] [--out bench/scale.json]

Without a PostgreSQL server (NEWSLEDGER_TEST_PG_URL, or the test URLs) the PostgreSQL runs are
left out, saying so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SAMPLES = ROOT / "src" / "newsledger" / "data" / "samples"
PG_URLS = ("postgresql://newsledger:newsledger@localhost/newsledger_test", "postgresql:///newsledger_test")
LOCK = "/tmp/nl-cpu.lock"
FIRST_BATCH = 16  # Settings.batch_size: the steady rate starts once the first batch is back

# Runs the CLI in this child process with its record loop time-stamped (the engines' iterators
# wrapped; nothing else changed), then writes the stamps as JSON.
CHILD = r"""
import json, sys, time
t0 = time.monotonic()
stamps = []
import newsledger.feeding as feeding
import newsledger.feeding._ray as engine
from newsledger.shells import cli

def stamped(items):
    for item in items:
        stamps.append(time.monotonic())
        yield item

if "ray" not in sys.argv:  # the local engine (on Ray the driver never loads the pipeline)
    records_of = feeding.records_of
    feeding.records_of = lambda *a, **k: stamped(records_of(*a, **k))
ray_iter = engine.RayRun.__iter__
engine.RayRun.__iter__ = lambda self: stamped(ray_iter(self))
phases = {}
ray_start, ray_exit = engine.RayRun._start, engine.RayRun.__exit__

def timed_start(self, ray):
    phases["ray_init_begin"] = time.monotonic()
    try:
        return ray_start(self, ray)
    finally:
        phases["ray_init_end"] = time.monotonic()

def timed_exit(self, *exc):
    phases["ray_stop_begin"] = time.monotonic()
    try:
        return ray_exit(self, *exc)
    finally:
        phases["ray_stop_end"] = time.monotonic()

engine.RayRun._start, engine.RayRun.__exit__ = timed_start, timed_exit
code = 0
try:
    cli.app(sys.argv[2:], standalone_mode=True)
except SystemExit as exc:
    code = exc.code or 0
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
json.dump({"t0": t0, "end": time.monotonic(), "stamps": stamps, "code": code, "peak_kib": peak, "phases": phases},
          open(sys.argv[1], "w"))
"""


def make_inputs(folder: Path, fictional: int = 300) -> tuple[list[str], int]:
    from crawl import fictional_pages, sample_pages, write_files, write_warc

    pages = fictional_pages(fictional, seed=2026, rounds=4) + sample_pages(SAMPLES)
    half = len(pages) // 2
    write_warc(pages[:half], folder / "crawl.warc.gz")
    write_files(pages[half:], folder / "pages")
    return [str(folder / "crawl.warc.gz"), str(folder / "pages")], len(pages)


class WorkerMemory:
    """Peak resident memory (VmHWM) of each Ray worker process seen while it runs, and the CPU
    time of every process of the run (the ingest process and all it started: Ray's servers, its
    workers, helper actors), the last value seen of each."""

    def __init__(self):
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (kind, CPU seconds)
        self.root: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def cpu_by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for kind, seconds in self.cpu.values():
            out[kind] = round(out.get(kind, 0.0) + seconds, 2)
        return dict(sorted(out.items()))

    def _watch(self) -> None:
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            stats: dict[int, list[str]] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                stats[int(entry.name)] = fields
            for pid, fields in stats.items():
                if self.root is None or not self._descends(pid, parents):
                    continue
                try:
                    cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
                except OSError:
                    continue
                kind = ("driver" if pid == self.root else "ray workers" if cmdline.startswith((b"ray::PipelineWorker", b"ray::MapWorker"))
                        else "ray idle workers" if cmdline.startswith(b"ray::IDLE")
                        else "ray servers" if cmdline.startswith((b"ray::DashboardAgent", b"ray::RuntimeEnvAgent"))
                        else "ray helper actors" if cmdline.startswith(b"ray::") else "ray servers")
                seconds = (int(fields[11]) + int(fields[12])) / self._tick
                known = self.cpu.get(pid)
                if known and known[0] not in ("ray idle workers", "ray servers") and kind != known[0]:
                    kind = known[0]  # a worker's title is kept once seen
                self.cpu[pid] = (kind, max(seconds, known[1] if known else 0.0))
                if kind == "ray workers":
                    try:
                        status = (Path("/proc") / str(pid) / "status").read_text()
                    except OSError:
                        continue
                    for line in status.splitlines():
                        if line.startswith("VmHWM:"):
                            self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]))
            self._stop.wait(0.2)

    def _descends(self, pid: int, parents: dict[int, int]) -> bool:
        for _ in range(20):
            if pid == self.root:
                return True
            pid = parents.get(pid, 0)
            if pid <= 1:
                return False
        return False


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(label: str, inputs: list[str], db: str, extra: list[str], workdir: Path) -> dict:
    stamps_file = workdir / f"{label}.json"
    cmd = [sys.executable, "-c", CHILD, str(stamps_file), "ingest", *inputs, "--db", db, "--quiet", *extra]
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1")
    busy_before = busy_cpu_seconds()
    with WorkerMemory() as memory:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        memory.root = proc.pid
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
    busy = busy_cpu_seconds() - busy_before
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{label}: ingest failed ({status})\n{stderr[-3000:]}")
    timing = json.loads(stamps_file.read_text())
    stamps = timing["stamps"]
    steady = (len(stamps) - FIRST_BATCH) / (stamps[-1] - stamps[FIRST_BATCH - 1]) if len(stamps) > FIRST_BATCH else None
    return {"label": label, "wall_s": round(wall, 2), "records": len(stamps),
            "steady_reports_per_s": round(steady, 3) if steady else None,
            "first_record_s": round(stamps[0] - timing["t0"], 2) if stamps else None,
            # where a Ray run's start-up and end go: the driver's own start (Python, the CLI,
            # the ledger, listing) until ray.init; ray.init; then until the first batch is back
            # (the actors start, each loads the pipeline, the first batch is
            # analysed); after the last record: stopping Ray
            "phases_s": _phases(timing),
            "driver_peak_mib": round(timing["peak_kib"] / 1024, 1),
            "worker_peak_mib": sorted(round(kib / 1024, 1) for kib in memory.peaks.values()),
            "cpu_s": memory.cpu_by_kind(),
            # the machine's busy CPU seconds during the run less this run's own (sampled): other
            # work sharing the cores (the watcher's own sampling included), which the timings
            # should be read against
            "other_cpu_s": round(busy - sum(memory.cpu_by_kind().values()), 1),
            "stderr": stderr.strip()[-500:]}


def _phases(timing: dict) -> dict | None:
    p, t0, stamps = timing.get("phases") or {}, timing["t0"], timing["stamps"]
    if "ray_init_begin" not in p or not stamps:
        return None
    return {"before_ray_init": round(p["ray_init_begin"] - t0, 2),
            "ray_init": round(p["ray_init_end"] - p["ray_init_begin"], 2),
            "ray_init_to_first_batch": round(stamps[0] - p["ray_init_end"], 2),
            "after_last_record": round(timing["end"] - stamps[-1], 2),
            "ray_stop": round(p.get("ray_stop_end", 0) - p.get("ray_stop_begin", 0), 2)}


def canonical_ledger(db: str) -> dict:
    """Counts, and a hash of the reports and of the exported (merged) events with row ids
    replaced by the inputs they stand for."""
    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        conn = ledger._store.conn
        input_of = {row[0]: row[1] for row in conn.execute("SELECT id, input FROM reports")}
        reports = sorted(tuple(row) for row in conn.execute(
            "SELECT input, content_hash, record_json FROM reports"))
        links = sorted((input_of[a], input_of.get(b)) for a, b in conn.execute(
            "SELECT id, duplicate_of FROM reports"))
        events = []
        for event in ledger.merged_events():
            event = dict(event)
            event.pop("id", None)
            event["story"] = input_of.get(event.get("story"), event.get("story"))
            sources = []
            for source in event.get("sources", []):
                source = dict(source)
                source.pop("event_id", None)
                source["report_id"] = input_of.get(source.get("report_id"))
                source["duplicate_of"] = input_of.get(source.get("duplicate_of"))
                sources.append(source)
            event["sources"] = sorted(sources, key=lambda s: json.dumps(s, sort_keys=True))
            events.append(json.dumps(event, sort_keys=True, ensure_ascii=False))
        stats = ledger.stats()
    digest = lambda items: hashlib.sha256("\n".join(map(str, items)).encode()).hexdigest()[:16]  # noqa: E731
    return {"counts": stats, "reports_sha": digest(reports), "links_sha": digest(links),
            "events": len(events), "events_sha": digest(sorted(events))}


def lock_state() -> str:
    """Whether an exclusive lock is held on the shared CPU lock file (by ``flock -x`` around
    this run): then no other lock-abiding job runs and the timings were taken on an otherwise
    idle machine."""
    import fcntl

    try:
        with open(LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return f"timings taken under the exclusive CPU lock ({LOCK}): the machine otherwise idle"
    except OSError:
        pass
    return f"NOT under the exclusive CPU lock ({LOCK}): other jobs may share the cores, timings are rough"


def body_words(db) -> int | None:
    """Words in the article bodies of the ledger (to carry the rate over to longer reports)."""
    if not db or not Path(db).exists():
        return None
    from newsledger.ledger import Ledger

    with Ledger(str(db)) as ledger:
        return sum(len(body.split()) for (body,) in ledger._store.conn.execute("SELECT body FROM reports"))


def pg_url(given: str | None) -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for url in ([given] if given else [os.environ.get("NEWSLEDGER_TEST_PG_URL"), *PG_URLS]):
        if not url:
            continue
        try:
            with psycopg.connect(url, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            return url
        except psycopg.Error:
            continue
    return None


def fresh_schema(url: str) -> tuple[str, str]:
    import psycopg
    from urllib.parse import quote

    schema = f"nl_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in url else "?"
    return schema, f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", help="PostgreSQL server URL (default: NEWSLEDGER_TEST_PG_URL or the test URLs)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here too")
    parser.add_argument("--only", help="comma-separated run labels (default: all)")
    parser.add_argument("--pages", type=int, default=300, help="fictional pages beside the 13 samples (a smoke run: fewer)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    url = pg_url(args.pg)
    work = Path(tempfile.mkdtemp(prefix="nl-scale-"))
    inputs, count = make_inputs(work, args.pages)
    print(f"{count} reports ({count // 2} in {Path(inputs[0]).name}, {count - count // 2} as files); "
          f"{cores} cores; {lock_state()}", flush=True)
    plans = [("local-sqlite", "sqlite", []), ("ray1-sqlite", "sqlite", ["--engine", "ray", "--workers", "1"]),
             ("ray2-sqlite", "sqlite", ["--engine", "ray", "--workers", "2"])]
    if url:
        plans += [("local-pg", "pg", []), ("ray1-pg", "pg", ["--engine", "ray", "--workers", "1"]),
                  ("ray2-pg", "pg", ["--engine", "ray", "--workers", "2"])]
    else:
        print("PostgreSQL runs left out: no server answered (set NEWSLEDGER_TEST_PG_URL or --pg)")
    if args.only:
        keep = set(args.only.split(","))
        plans = [p for p in plans if p[0] in keep]
    results = []
    for label, kind, extra in plans:
        schema = None
        if kind == "pg":
            schema, db = fresh_schema(url)
        else:
            db = str(work / f"{label}.db")
        try:
            result = run(label, inputs, db, extra, work)
            result["ledger"] = canonical_ledger(db)
        finally:
            if schema:
                drop_schema(url, schema)
        workers = 1 if "ray1" in label or "local" in label else 2
        result["reports_per_s_per_core_wall"] = round(count / result["wall_s"] / workers, 3)
        if result["steady_reports_per_s"]:
            result["steady_reports_per_s_per_core"] = round(result["steady_reports_per_s"] / workers, 3)
        results.append(result)
        print(f"{label:13} wall {result['wall_s']:7.1f} s  {count / result['wall_s']:5.2f} reports/s "
              f"({result['reports_per_s_per_core_wall']:.2f}/core)  steady {result['steady_reports_per_s'] or 0:5.2f} "
              f"reports/s  first record at {result['first_record_s']} s  driver {result['driver_peak_mib']} MiB  "
              f"workers {result['worker_peak_mib']} MiB  events {result['ledger']['events']} "
              f"[{result['ledger']['events_sha']}]", flush=True)
        print(f"{'':13} CPU seconds: " + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in result["cpu_s"].items())
              + f", outside the run {result['other_cpu_s']:.1f}"
              + ("; start-up and end (s): " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result["phases_s"].items())
                 if result["phases_s"] else ""), flush=True)

    words = body_words(results and (work / "local-sqlite.db"))
    if words:
        print(f"article bodies: {words / count:.0f} words per report on average ({words} in all)")
    by = {r["label"]: r for r in results}
    notes = []
    for db in ("sqlite", "pg"):
        local, one, two = by.get(f"local-{db}"), by.get(f"ray1-{db}"), by.get(f"ray2-{db}")
        if not (local and one and two):
            continue
        speedup_wall = one["wall_s"] / two["wall_s"]
        speedup_steady = two["steady_reports_per_s"] / one["steady_reports_per_s"]
        overhead_wall = one["wall_s"] / local["wall_s"] - 1
        overhead_steady = local["steady_reports_per_s"] / one["steady_reports_per_s"] - 1
        notes.append({"db": db, "speedup_2v1_wall": round(speedup_wall, 2),
                      "speedup_2v1_steady": round(speedup_steady, 2),
                      "ray1_overhead_vs_local_wall": round(overhead_wall, 3),
                      "ray1_overhead_vs_local_steady": round(overhead_steady, 3)})
        print(f"{db}: speed-up 2 vs 1 workers {speedup_wall:.2f}x whole run, {speedup_steady:.2f}x steady "
              f"(goal >= 1.8x); Ray on 1 worker vs local: {overhead_wall:+.1%} whole run, "
              f"{overhead_steady:+.1%} steady (goal <= 10%)")
    peaks = [p for r in results for p in r["worker_peak_mib"]]
    if peaks:
        print(f"peak memory per worker: {max(peaks):.0f} MiB at most (goal <= 1024 MiB)")
    ledgers = {json.dumps({k: v for k, v in r["ledger"].items()}, sort_keys=True) for r in results}
    same = len(ledgers) == 1
    print("same ledger in every run (counts, reports, near-copy links, exported events): "
          + ("yes" if same else "NO"))
    if not same:
        for r in results:
            print(f"  {r['label']}: {json.dumps(r['ledger'], sort_keys=True)}")
    if args.out:
        args.out.write_text(json.dumps({"reports": count, "cores": cores, "body_words": words, "runs": results,
                                        "notes": notes,
                                        "same_ledger": same}, indent=2) + "\n")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
