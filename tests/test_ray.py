"""The Ray engine (``--engine ray``): the same ledger as the local engine, on a local Ray with
two CPUs and on a cluster the test starts (``ray start --head`` on 127.0.0.1) and stops, and
its faults: a worker killed mid-run, a damaged WARC record, PostgreSQL gone mid-run, a cluster
address that does not answer, Ray not installed.

The inputs are fictional news-crawl WARC files and HTML pages (bench/crawl.py, written with
warcio). Each run starts Ray (several seconds), so the scenarios are few and each checks much.
Without Ray (the ``ray`` extra) or warcio these tests skip, saying so; ``make test`` installs both.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsledger.ledger import Ledger  # noqa: E402
from newsledger.shells.cli import app  # noqa: E402

EXE = [sys.executable, "-m", "newsledger.shells.cli"]


def _have(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


needs_ray = pytest.mark.skipif(not _have("ray"), reason="Ray tests skipped: Ray is not installed "
                               "(pip install 'newsledger[ray]'; make test installs it)")
needs_warcio = pytest.mark.skipif(not _have("warcio"), reason="Ray tests skipped: warcio is not installed")


def run(*args: str, env: dict | None = None, timeout: float = 400) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newsledger:")]


def crawl(tmp_path: Path, name: str, count: int, seed: int, extra=()) -> Path:
    from crawl import fictional_pages, write_warc

    path = tmp_path / name
    write_warc(fictional_pages(count, seed=seed), path, extra=list(extra))
    return path


def reports(db) -> list[tuple]:
    with Ledger(db) as ledger:
        conn = ledger._store.conn
        return [tuple(r) for r in conn.execute(
            "SELECT id, input, content_hash, record_json, duplicate_of FROM reports ORDER BY id")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- without Ray, and a cluster that does not answer (no Ray started) --------------------------

def test_without_ray_one_line_on_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    page = tmp_path / "a.html"
    page.write_text("<p>Nothing here.</p>")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if it were not installed
    result = CliRunner().invoke(app, ["ingest", str(page), "--db", str(tmp_path / "l.db"), "--engine", "ray"])
    assert result.exit_code == 1
    out = [line for line in result.output.splitlines() if line.strip()]
    assert out == ["newsledger: --engine ray needs Ray: pip install 'newsledger[ray]' (or: make install-ray)"]


def test_engine_options_are_checked(tmp_path: Path):
    db = str(tmp_path / "l.db")
    for args, says in ((["--engine", "spark"], "--engine: expected local or ray"),
                       (["--workers", "2"], "--address and --workers go with --engine ray"),
                       (["--engine", "ray", "--workers", "0"], "--workers must be at least 1")):
        result = CliRunner().invoke(app, ["ingest", "x.html", "--db", db, *args])
        assert result.exit_code == 2 and says in result.output
    result = CliRunner().invoke(app, ["extract", "x.html", "--engine", "ray"])
    assert result.exit_code == 2 and "--out" in result.output


def test_batches_shrink_towards_the_end_so_the_workers_finish_together():
    from newsledger.feeding._ray import RayRun
    from newsledger.settings import Settings

    def plan(count: int, workers: int) -> list[int]:
        run = RayRun([], fetcher=None, is_done=lambda *_: False, settings=Settings(batch_size=16), workers=workers)
        sizes, left = [], count
        while left:
            sizes.append(run._batch_size(left))
            left -= sizes[-1]
        return sizes

    two = plan(313, 2)
    assert sum(two) == 313 and max(two) == 16 and two[0] == 16
    assert two == sorted(two, reverse=True)  # never larger than the batch before
    assert two[-4:] == [1, 1, 1, 1] and two.count(16) == 16  # the last ones small, the bulk whole
    assert plan(313, 1).count(16) == 18 and plan(5, 2) == [2, 1, 1, 1]


@needs_ray
def test_cluster_address_that_does_not_answer_is_one_line(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text("<p>Nothing here.</p>")
    port = free_port()  # nothing listens there
    started = time.monotonic()
    proc = run("ingest", str(page), "--db", str(tmp_path / "l.db"), "--engine", "ray",
               "--address", f"127.0.0.1:{port}")
    assert proc.returncode == 1
    assert lines(proc.stderr) == [f"newsledger: the Ray cluster at 127.0.0.1:{port} does not answer "
                                  f"(Connection refused)"]
    assert proc.stderr.count("\n") == 1 and time.monotonic() - started < 60


# -- a local Ray on two CPUs: the local engine's ledger, failures, resume ------------------------

@needs_ray
@needs_warcio
def test_local_ray_on_two_cpus_gives_the_local_engines_ledger(tmp_path: Path):
    from crawl import fictional_pages, write_files

    archive = crawl(tmp_path, "news.warc.gz", 14, seed=1,
                    extra=[("https://gone.example/x", 404, b"<html><body><p>Not found</p></body></html>")])
    folder = tmp_path / "pages"
    write_files(fictional_pages(5, seed=2), folder)
    missing = tmp_path / "missing.html"
    damaged = crawl(tmp_path, "damaged.warc.gz", 4, seed=3)
    from newsledger.sources._warc import warc_entries

    offsets = [e.offset for e in warc_entries(str(damaged))]
    data = bytearray(damaged.read_bytes())
    data[offsets[1] + 60:offsets[1] + 120] = b"\x00" * 60  # the second page's gzip data broken
    damaged.write_bytes(bytes(data))

    from test_feeding import Server  # a feed and its pages on 127.0.0.1: entries fetched by the workers

    server = Server()
    try:
        inputs = [str(archive), str(folder), str(missing), server.url("/feed.xml"), "--allow-private",
                  "--rate", "0"]
        local = run("ingest", *inputs, "--db", str(tmp_path / "local.db"), "--quiet")
        on_ray = run("ingest", *inputs, str(damaged), "--db", str(tmp_path / "ray.db"), "--quiet",
                     "--engine", "ray", "--workers", "2")
        again = run("ingest", *inputs, str(damaged), "--db", str(tmp_path / "ray.db"),
                    "--engine", "ray", "--workers", "2")
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    assert local.returncode == 1 and on_ray.returncode == 1, on_ray.stderr
    # the same failure line for the same input; the damaged record is one line, its file goes on
    assert lines(local.stderr) == [f"newsledger: {missing}: no such file"]
    assert lines(on_ray.stderr)[0] == f"newsledger: {missing}: no such file"
    damage = lines(on_ray.stderr)[1:]
    assert len(damage) == 1 and damage[0].startswith(f"newsledger: {damaged}#offset={offsets[1]}: corrupt WARC record")
    assert on_ray.stderr.count("\n") == 2, on_ray.stderr  # nothing else (Ray's own messages go to its log)
    # the same reports, ids, records (byte for byte) and near-copy links, in the same order
    ours, theirs = reports(tmp_path / "ray.db"), reports(tmp_path / "local.db")
    assert len(theirs) == 22 and ours[:22] == theirs
    assert {r[1] for r in theirs[19:]} == {server.url(p) for p in ("/news/market-fire.html",
                                                                   "/news/well-opened.html", "/redirect")}
    rest = [r[1] for r in ours[22:]]
    assert len(rest) == 3 and all(r.startswith(f"{damaged}#urn:uuid:") for r in rest)
    # resumed: everything is done, nothing read again (and no Ray started)
    assert "0 added, 25 already in the ledger (25 done by an earlier run, not read again), 2 failed" in again.stderr
    assert reports(tmp_path / "ray.db") == ours


@needs_ray
@needs_warcio
def test_a_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path: Path):
    archive = crawl(tmp_path, "news.warc.gz", 64, seed=4)
    db = tmp_path / "ray.db"
    killed: list[int] = []
    listening: list[tuple[str, str]] = []

    def kill_one_worker(proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            stored = 0
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        stored = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
                except sqlite3.Error:
                    continue
            if stored == 0:
                continue
            workers = _workers_of(proc.pid)
            if workers:  # Ray all up: every server it started listens on loopback only
                listening.extend(_listening(proc.pid))
            for pid in workers:
                os.kill(pid, signal.SIGKILL)  # the worker's process, in the middle of the run
                killed.append(stored)
                return

    proc = subprocess.Popen([*EXE, "ingest", str(archive), "--db", str(db), "--quiet", "--engine", "ray",
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = threading.Thread(target=kill_one_worker, args=(proc,))
    killer.start()
    _, stderr = proc.communicate(timeout=400)
    killer.join()
    assert killed and killed[0] < 64, f"no worker was killed mid-run ({killed})"
    # the local Ray's GCS, raylet, agents and workers: on loopback only (none on all addresses)
    assert listening and all(_loopback(address) for _, address in listening), listening
    assert proc.returncode == 0, stderr
    rows = reports(db)
    assert len(rows) == 64 and len({r[1] for r in rows}) == 64  # nothing lost, nothing twice
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 64
        done = ledger._store.conn.execute("SELECT COUNT(*) FROM inputs_done").fetchone()[0]
    assert done == 64


def _workers_of(driver: int) -> list[int]:
    """Pids of the Ray actor processes (``ray::PipelineWorker...``) started for the driver's run."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if cmdline.startswith(b"ray::PipelineWorker") and _descends(int(entry.name), driver):
            found.append(int(entry.name))
    return found


def _listening(root: int) -> list[tuple[str, str]]:
    """(process name, address) of every TCP socket listening in ``root``'s process tree."""
    import ipaddress

    owners: dict[str, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or not (int(entry.name) == root or _descends(int(entry.name), root)):
            continue
        try:
            name = (entry / "comm").read_text().strip()
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    owners[target[8:-1]] = name
        except OSError:
            continue
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A" or fields[9] not in owners:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(fields[1].split(":")[0])
            # /proc/net/tcp* hold the address as 32-bit words in host (little-endian) order
            packed = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            address = ipaddress.ip_address(packed)
            found.append((owners[fields[9]], str(getattr(address, "ipv4_mapped", None) or address)))
    return found


def _loopback(address: str) -> bool:
    import ipaddress

    return ipaddress.ip_address(address).is_loopback


def _descends(pid: int, ancestor: int) -> bool:
    """Whether ``pid`` is in the process tree under ``ancestor`` (the local Ray's raylet is
    started by the driver)."""
    for _ in range(20):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
    return False


# -- a cluster started and stopped here: ingest and extract by --address -------------------------

@pytest.fixture
def cluster(tmp_path: Path):
    """A Ray head on 127.0.0.1 with two CPUs (``ray start --head --block``), stopped by its pid."""
    port = free_port()
    ray = Path(sys.executable).with_name("ray")
    if not ray.exists():
        pytest.skip("the ray command is not installed beside this Python")
    temp = Path("/tmp") / f"nlray-{uuid.uuid4().hex[:8]}"  # short: Ray's socket paths have a limit
    token = tmp_path / "ray-token"
    token.write_text(uuid.uuid4().hex + uuid.uuid4().hex)
    token.chmod(0o600)
    # token authentication with a token of the test's own, for the head and every client
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
    head = subprocess.Popen(
        [str(ray), "start", "--head", "--block", "--node-ip-address=127.0.0.1", f"--port={port}",
         "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, **auth, "RAY_USAGE_STATS_ENABLED": "0",
             # this node is 127.0.0.1 (Ray would otherwise take the address of the default route)
             "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"})
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if head.poll() is not None:
                pytest.fail("ray start --head exited")
            time.sleep(0.5)
    time.sleep(3)  # the rest of the head (raylet) after the GCS
    try:
        yield address, auth, head.pid
    finally:
        head.send_signal(signal.SIGTERM)  # ray start --block stops what it started
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
            head.wait()


@needs_ray
@needs_warcio
def test_ingest_and_extract_on_a_started_cluster(tmp_path: Path, cluster):
    cluster, auth, head = cluster
    # the head's GCS, raylet and agents (started on 127.0.0.1): on loopback only
    listening = _listening(head)
    assert listening and all(_loopback(address) for _, address in listening), listening
    archive = crawl(tmp_path, "news.warc.gz", 10, seed=5)
    ingest = run("ingest", str(archive), "--db", str(tmp_path / "ray.db"), "--quiet", "--engine", "ray",
                 "--address", cluster, env=auth)
    assert ingest.returncode == 0, ingest.stderr
    local = run("ingest", str(archive), "--db", str(tmp_path / "local.db"), "--quiet")
    assert reports(tmp_path / "ray.db") == reports(tmp_path / "local.db") and len(reports(tmp_path / "local.db")) == 10

    out = tmp_path / "shards"
    extract = run("extract", str(archive), "--engine", "ray", "--address", cluster, "--workers", "2",
                  "--out", str(out), env=auth)
    assert extract.returncode == 0, extract.stderr
    assert lines(extract.stderr)[-1].startswith(f"newsledger: 10 records written to {out} (")
    import pyarrow.parquet as pq

    table = pq.read_table(sorted(out.glob("part-*.parquet")))
    assert table.num_rows == 10
    stored = {r[1]: json.loads(r[3]) for r in reports(tmp_path / "local.db")}
    for row in table.to_pylist():
        assert json.loads(row["record"]) == stored[row["input"]]


# -- PostgreSQL: the workers write; the server gone mid-run, then resumed ---------------------------

@pytest.fixture
def pg_db(request):
    try:
        from test_ledger_pg import LOCAL_URLS, URL_ENV, _reachable
    except Exception as exc:  # pragma: no cover
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    if not _have("psycopg"):
        pytest.skip("PostgreSQL tests skipped: psycopg is not installed")
    urls = [os.environ[URL_ENV]] if os.environ.get(URL_ENV) else list(LOCAL_URLS)
    url = next((u for u in urls if _reachable(u) is None), None)
    if url is None:
        pytest.skip("PostgreSQL tests skipped: no server answered")
    import psycopg
    from urllib.parse import quote

    schema = f"nl_ray_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in url else "?"
    yield url, f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


class Proxy:
    """A TCP relay on 127.0.0.1 to the PostgreSQL server, which the test can cut (the server
    unreachable: every connection through it closed, new ones refused)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        self.open = False
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


@needs_ray
@needs_warcio
def test_postgresql_written_by_workers_gone_mid_run_then_resumed(tmp_path: Path, pg_db):
    from urllib.parse import urlsplit

    server_url, db = pg_db
    archive = crawl(tmp_path, "news.warc.gz", 48, seed=6)
    parts = urlsplit(server_url)
    if not parts.hostname:
        pytest.skip("PostgreSQL reached by a socket path: the relay needs a TCP address")
    proxy = Proxy(parts.hostname, parts.port or 5432)
    relayed = db.replace(parts.netloc, f"{parts.netloc.rsplit('@', 1)[0]}@127.0.0.1:{proxy.port}"
                         if "@" in parts.netloc else f"127.0.0.1:{proxy.port}", 1)

    def stored() -> int:
        try:
            with Ledger(db) as ledger:
                return ledger.stats()["reports"]
        except Exception:
            return 0

    def cut_when_some_are_in(proc: subprocess.Popen) -> None:
        while proc.poll() is None:
            if stored() > 0:
                proxy.cut()  # PostgreSQL unreachable, mid-run
                return
            time.sleep(0.3)

    proc = subprocess.Popen([*EXE, "ingest", str(archive), "--db", relayed, "--quiet", "--engine", "ray",
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cutter = threading.Thread(target=cut_when_some_are_in, args=(proc,))
    cutter.start()
    _, stderr = proc.communicate(timeout=400)
    cutter.join()
    assert proc.returncode == 1
    said = lines(stderr)
    assert len(said) == 1 and said[0].startswith("newsledger: cannot write to the ledger postgresql://"), stderr
    assert ":***@" in said[0] or "@" not in said[0]  # never the password
    first = stored()
    assert 0 < first < 48

    resumed = run("ingest", str(archive), "--db", db, "--engine", "ray", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{48 - first} added, {first} already in the ledger ({first} done by an earlier run" in resumed.stderr
    with Ledger(db) as ledger:
        rows = list(ledger.export("reports"))
    assert len(rows) == 48 and len({r["input"] for r in rows}) == 48
    # the same records as the local engine gives (ids may differ: the workers write concurrently)
    local = run("ingest", str(archive), "--db", str(tmp_path / "local.db"), "--quiet")
    assert local.returncode == 0
    with Ledger(db) as ledger:
        ours = {r[0]: r[1] for r in ledger._store.conn.execute("SELECT input, record_json FROM reports")}
    assert ours == {r[1]: r[3] for r in reports(tmp_path / "local.db")}
