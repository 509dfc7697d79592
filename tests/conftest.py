"""Shared fixtures. Tests use texts we wrote; the seed is read from ../shared when present."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_ad4a758152d440f1.txt"
# The browser tests drive Debian's Chromium (installed by .ci/run); never a browser download.
CHROMIUM = Path(os.environ.get("NEWSLEDGER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seed is not present on this machine")
    return SEED


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """The bundled sample reports ingested and served on 127.0.0.1 (a free port) for the browser
    tests, with the merged view built once; the server stops with the session."""
    db = tmp_path_factory.mktemp("served") / "demo.db"
    cli = [sys.executable, "-m", "newsledger.shells.cli"]
    # The samples, and a report of ours told at a country's level (protests "across Zambia"),
    # so the map has an area to draw whatever the samples' own places come out as.
    for folder in (REPO / "src" / "newsledger" / "data" / "samples", REPO / "tests" / "fixtures" / "served"):
        done = subprocess.run([*cli, "ingest", str(folder), "--db", str(db), "--quiet"],
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*cli, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/api/stats", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"serve exited: {server.stderr.read().decode()}")
                time.sleep(0.1)
        urllib.request.urlopen(url + "/api/events?limit=1", timeout=300).read()  # the merged view, built once
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium under Playwright for the browser tests; they skip, saying why, when
    Chromium or Playwright for Python is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests skipped: Playwright for Python is not installed "
                                          "(pip install playwright; never `playwright install`)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
