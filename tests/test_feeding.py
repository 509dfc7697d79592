"""Feeding the ledger: URLs (politely), RSS/Atom feeds, WARC files, and resuming.

Fetching is tested only against a local http.server on 127.0.0.1 started here (hence
``allow_private`` / ``--allow-private``); the pages are short fictional reports.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.errors import InputError
from newsledger.ledger import Ledger
from newsledger.shells.cli import app
from newsledger.sources._feeds import feed_entries, looks_like_feed
from newsledger.sources._fetch import Fetcher
from newsledger.sources._warc import warc_pages

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head><body>
<nav><a href="/">Home</a></nav><article><h1>{title}</h1><p class="byline">By Ruth Zongo</p>
{paras}</article><footer>Copyright 2025 The Plateau Courier</footer></body></html>"""
REPORTS = {
    "/news/market-fire.html": ("Fire destroys stalls at Kaya market", "2025-04-02",
        ["A fire destroyed more than 80 stalls at the central market in Kaya on Tuesday night, the town's fire service said.",
         "Nobody was hurt, said Captain Idrissa Tapsoba of the fire service. Traders said they had lost stock worth millions of francs.",
         "The mayor, Aminata Sawadogo, said the council would rebuild the market hall before the rainy season."]),
    "/news/well-opened.html": ("New borehole brings water to Pissila villages", "2025-04-03",
        ["A new borehole opened in Pissila on Wednesday will supply water to about 4,000 people in five villages, officials said.",
         "The well was paid for by the Sahel Water Fund, a charity based in Ouagadougou, said its director, Salif Kabore.",
         "Women in the villages used to walk two hours a day to fetch water, Kabore said."]),
    "/news/teachers-strike.html": ("Teachers in Dori strike over unpaid wages", "2025-04-04",
        ["Teachers in Dori stopped work on Thursday to demand three months of unpaid wages, their union said.",
         "About 300 teachers marched to the regional education office, said union secretary Paul Sanou.",
         "The education ministry said the wages would be paid next week."]),
}


def page_html(path: str) -> bytes:
    title, date, paras = REPORTS[path]
    return PAGE.format(title=title, date=date, paras="".join(f"<p>{p}</p>" for p in paras)).encode()


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Plateau Courier</title>
<item><title>Fire destroys stalls</title><link>{base}/news/market-fire.html</link><pubDate>Wed, 02 Apr 2025 08:00:00 GMT</pubDate></item>
<item><title>New borehole</title><link>/news/well-opened.html</link></item>
<item><title>Teachers strike</title><link>{base}/redirect</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<entry><title>Fire</title><link rel="alternate" href="https://news.example/a"/><published>2025-04-02T08:00:00Z</published></entry>
<entry><title>Well</title><link href="https://news.example/b"/><updated>2025-04-03T08:00:00Z</updated></entry>
</feed>"""


class Server:
    def __init__(self) -> None:
        self.log: list[tuple[str, str, float]] = []  # (path, user agent, time)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
                base = f"http://127.0.0.1:{server.port}"
                if self.path == "/robots.txt":
                    return self.reply(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                if self.path == "/feed.xml":
                    return self.reply(200, RSS.format(base=base).encode(), "application/rss+xml")
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "/news/teachers-strike.html")
                    self.end_headers()
                    return None
                if self.path == "/big.html":
                    return self.reply(200, b"<p>" + b"x" * 300_000 + b"</p>", "text/html")
                if self.path in REPORTS or self.path.startswith("/private/"):
                    return self.reply(200, page_html(self.path if self.path in REPORTS else
                                                     "/news/market-fire.html"), "text/html; charset=utf-8")
                return self.reply(404, b"not here", "text/plain")

            def reply(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def pages_fetched(self) -> list[str]:
        return [p for p, _, _ in self.log if p != "/robots.txt"]


@pytest.fixture()
def server():
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


# -- fetching -----------------------------------------------------------------------------

def test_loopback_is_refused_unless_allowed(server: Server):
    with pytest.raises(InputError, match="private or local address"):
        Fetcher().get(server.url("/news/market-fire.html"))
    assert server.log == []  # not even robots.txt was asked for
    got = Fetcher(allow_private=True, interval=0).get(server.url("/news/market-fire.html"))
    assert got.status == 200 and b"Kaya market" in got.data and got.content_type.startswith("text/html")


def test_other_schemes_are_refused():
    with pytest.raises(InputError, match="scheme file"):
        Fetcher(allow_private=True).get("file:///etc/passwd")


def test_robots_user_agent_redirects_and_size_limit(server: Server):
    fetcher = Fetcher(allow_private=True, interval=0, contact="desk@example.org", max_bytes=200_000)
    with pytest.raises(InputError, match="robots.txt .* disallows"):
        fetcher.get(server.url("/private/secret.html"))
    got = fetcher.get(server.url("/redirect"))
    assert got.url.endswith("/news/teachers-strike.html") and b"Teachers in Dori" in got.data
    with pytest.raises(InputError, match="size limit"):
        fetcher.get(server.url("/big.html"))
    with pytest.raises(InputError, match="HTTP 404"):
        fetcher.get(server.url("/nope"))
    agents = {agent for _, agent, _ in server.log}
    assert len(agents) == 1 and agents.pop().startswith("newsledger/") 
    assert [p for p, _, _ in server.log].count("/robots.txt") == 1  # read once per host
    assert "/private/secret.html" not in [p for p, _, _ in server.log]


def test_per_host_rate_limit(server: Server):
    fetcher = Fetcher(allow_private=True, interval=0.3)
    for path in REPORTS:
        fetcher.get(server.url(path))
    times = [t for p, _, t in server.log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == 4 and min(gaps) >= 0.28


def test_timeout_is_an_input_error():
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        fetcher = Fetcher(allow_private=True, interval=0, timeout=0.5, obey_robots=False)
        with pytest.raises(InputError, match="timed out"):
            fetcher.get(f"http://127.0.0.1:{silent.getsockname()[1]}/slow")
    finally:
        silent.close()


# -- feeds and archives ----------------------------------------------------------------------

def test_feed_entries_rss_and_atom():
    base = "http://127.0.0.1:1"
    rss = RSS.format(base=base).encode()
    assert looks_like_feed(rss) and looks_like_feed(ATOM.encode()) and not looks_like_feed(b"<html></html>")
    entries = feed_entries("feed", rss, base_url=base + "/feed.xml")
    assert [e.url for e in entries] == [base + "/news/market-fire.html", base + "/news/well-opened.html",
                                        base + "/redirect"]
    assert entries[0].published == "2025-04-02" and entries[1].published is None
    atom = feed_entries("atom", ATOM.encode())
    assert [(e.url, e.published) for e in atom] == [("https://news.example/a", "2025-04-02"),
                                                    ("https://news.example/b", "2025-04-03")]
    with pytest.raises(InputError, match="entities"):
        feed_entries("bomb", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss/>')


def warc_record(kind: str, uri: str, block: bytes, record_id: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
            f"WARC-Target-URI: {uri}\r\nWARC-Date: 2025-04-05T10:00:00Z\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")  # one gzip member per record


def write_warc(path: Path) -> None:
    records = [warc_record("request", "https://courier.example/a", b"GET /a HTTP/1.1\r\n\r\n", "r0")]
    for i, page in enumerate(REPORTS):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page_html(page)
        records.append(warc_record("response", f"https://courier.example{page}", http, f"p{i}"))
    records.append(warc_record("response", "https://courier.example/gone",
                               b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>", "p9"))
    path.write_bytes(b"".join(records))


def test_warc_pages(tmp_path: Path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    pages = list(warc_pages(str(archive)))
    assert [p.url for p in pages] == [f"https://courier.example{p}" for p in REPORTS]
    assert pages[0].record_id == "urn:uuid:p0" and pages[0].date == "2025-04-05"
    assert pages[0].data.startswith(b"<!doctype html>")
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a web archive\r\n")
    with pytest.raises(InputError, match="not a WARC record"):
        list(warc_pages(str(broken)))


# -- the ingest command ---------------------------------------------------------------------

def ingest(*args: str):
    return CliRunner().invoke(app, ["ingest", *args, "--quiet"])


def test_ingest_feed_url_then_resume_fetches_nothing_again(server: Server, tmp_path: Path):
    db = tmp_path / "ledger.db"
    first = ingest(server.url("/feed.xml"), "--db", str(db), "--allow-private", "--rate", "0")
    assert first.exit_code == 0, first.output
    with Ledger(db) as ledger:
        rows = {r["input"]: r for r in ledger.export("reports")}
    assert set(rows) == {server.url("/news/market-fire.html"), server.url("/news/well-opened.html"),
                         server.url("/redirect")}
    assert rows[server.url("/redirect")]["url"].endswith("/news/teachers-strike.html")
    before = server.pages_fetched()
    second = ingest(server.url("/feed.xml"), "--db", str(db), "--allow-private", "--rate", "0")
    assert second.exit_code == 0, second.output
    assert server.pages_fetched()[len(before):] == ["/feed.xml"]  # the feed only, no page again


def test_ingest_url_without_allow_private_fails_cleanly(server: Server, tmp_path: Path):
    result = ingest(server.url("/news/market-fire.html"), "--db", str(tmp_path / "l.db"))
    assert result.exit_code == 1
    assert "private or local address" in result.output
    assert server.log == []


def test_ingest_warc_file(tmp_path: Path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    db = tmp_path / "ledger.db"
    result = ingest(str(archive), "--db", str(db))
    assert result.exit_code == 0, result.output
    with Ledger(db) as ledger:
        rows = list(ledger.export("reports"))
    assert len(rows) == 3 and all(r["input"].startswith(str(archive) + "#urn:uuid:p") for r in rows)
    assert {r["url"] for r in rows} == {f"https://courier.example{p}" for p in REPORTS}


def test_interrupted_ingest_resumes_without_redoing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, path in enumerate(REPORTS):
        (folder / f"{i}.html").write_bytes(page_html(path))
    db = tmp_path / "ledger.db"
    real_ingest = Ledger.ingest
    calls: list[str] = []

    def crash_on_second(self, record, **kwargs):
        calls.append(record.input)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the batch
        return real_ingest(self, record, **kwargs)

    monkeypatch.setattr(Ledger, "ingest", crash_on_second)
    result = ingest(str(folder), "--db", str(db))
    assert isinstance(result.exception, KeyboardInterrupt) or result.exit_code == 130
    monkeypatch.setattr(Ledger, "ingest", real_ingest)
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 1 and ledger.is_done(str(folder / "0.html"))

    read: list[str] = []
    from newsledger.feeding import _records
    real_read = _records._read
    monkeypatch.setattr(_records, "_read", lambda source: read.append(source.input) or real_read(source))
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert read == [str(folder / "1.html"), str(folder / "2.html")]  # the first is not read again
    assert "2 added, 1 already in the ledger (1 done by an earlier run" in result.output
    with Ledger(db) as ledger:
        assert ledger.stats()["reports"] == 3
    (folder / "0.html").write_bytes(page_html("/news/market-fire.html").replace(b"80 stalls", b"90 stalls"))
    read.clear()
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert read == [str(folder / "0.html")]  # changed since: read again


def test_the_driver_process_never_loads_spacy():
    """With --engine ray the driver lists, batches and (SQLite) writes; only the workers analyse.
    Importing the ledger, the CLI and the Ray engine must not load spaCy (2 s and 200 MiB that
    the workers then lose on a two-core machine)."""
    code = ("import sys; import newsledger.ledger, newsledger.shells.cli, newsledger.feeding._ray; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
