"""The independent corpus (bench/corpus/) for the page and place benches: loading a half and
the gold's article fields, and the scoring helpers they share.

The split is by writer (bench/corpus/README.md): dev = w1, w3, w5 (read, tuned, trained on);
held-out = w2, w4, w6 (scored once at the end of a piece of work, never read: the benches
refuse to print its reports' details, and every held-out run appends a line to
bench/corpus/heldout_runs.log); fresh = w7, w8, w9, a second held-out half written later, kept
the same way.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus"
HALVES = {"dev": ("w1", "w3", "w5"), "heldout": ("w2", "w4", "w6"), "fresh": ("w7", "w8", "w9"),
          "dev2": ("w10", "w11", "w12"), "dev3": ("w13", "w14", "w15")}
# What the trainers (the place retagger, the event choosers, filter and merge scorer; the page-line
# model and the actor mention model learn from the dev half alone) learn from: the dev half and the second and third dev
# halves, written at stops 19 and 20 by six more writers, in regions of their own.
TRAINING = ("dev", "dev2", "dev3")
TRAINING_WRITERS = tuple(w for half in TRAINING for w in HALVES[half])


def training_reports(loader=None) -> list[dict]:
    """The training halves' reports, by ``loader`` (``load_half`` by default), in order."""
    loader = loader or load_half
    return [r for half in TRAINING for r in loader(half)]


def half_of(writer: str) -> str:
    return next(h for h, ws in HALVES.items() if writer in ws)


def training_writers() -> str:
    """The trainers' writers, for the shipped models' "about" lines."""
    return ", ".join(TRAINING_WRITERS)
# Halves that are scored, never read. "fresh" (w7-w9) was written at stop 19 by three new writers
# in regions and styles of their own, after every earlier model was built, and is scored once.
UNSEEN = ("heldout", "fresh")


def records(paths) -> dict:
    """Each path's record through the real pipeline, as a user's file; a failure is printed
    (one line) and left out."""
    from newsledger.pipeline import extract_many
    from newsledger.record import Failure

    out = {}
    for item in extract_many(list(paths)):
        if isinstance(item, Failure):
            print(f"failed: {item.input}: {item.error}", file=sys.stderr)
            continue
        out[item.input] = item
    return out


REGIONS = ROOT / "bench" / "actors_regions.json"


def regions_records() -> list[tuple[dict, object]]:
    """The helper-written fictional reports of other regions (bench/actors_regions.json), each
    with its record, read as a user's text file would be; in the file's order."""
    import tempfile

    data = json.loads(REGIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for rep in data["reports"]:
            path = Path(tmp) / f"{rep['id']}.txt"
            path.write_text(rep["text"], encoding="utf-8")
            paths[str(path)] = rep
        found = records(paths)
    return [(rep, found[path]) for path, rep in paths.items() if path in found]


def load_half(half: str) -> list[dict]:
    """The half's gold files, each with ``_path`` (its report) and ``_writer``."""
    reports = []
    for writer in HALVES[half]:
        folder = CORPUS / writer
        for path in sorted((folder / "gold").glob("*.json")):
            try:
                gold = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                print(f"skipped gold {path.name}: {exc}", file=sys.stderr)
                continue
            report = folder / gold.get("file", "")
            if not report.is_file():
                found = list((folder / "reports").glob(f"{gold.get('report', path.stem)}.*"))
                if not found:
                    print(f"skipped {path.name}: no report file", file=sys.stderr)
                    continue
                report = found[0]
            gold["_path"], gold["_writer"] = str(report), writer
            reports.append(gold)
    return reports


def open_half(half: str, verbose: bool, load=load_half) -> list[dict]:
    """The half's reports for a bench run, or an exit with one line: ``--verbose`` lists misses
    and is refused on the held-out half (scored, never read); an empty half is an error."""
    if verbose and half in UNSEEN:
        print(f"--verbose is for the dev half only: the {half} half is scored, never read", file=sys.stderr)
        raise SystemExit(2)
    reports = load(half)
    if not reports:
        print(f"no reports in the {half} half under {CORPUS}", file=sys.stderr)
        raise SystemExit(1)
    return reports


def fold(text: str | None) -> str:
    """Lower case, accents off, punctuation to spaces, spaces squeezed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_HEAD = re.compile(r"<(head|script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def visible_text(path: str) -> str:
    """The report as its writer checked it: for HTML, <head> and scripts removed, tags stripped,
    entities unescaped."""
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    if not path.endswith((".html", ".htm")):
        return raw
    return html.unescape(_TAG.sub("\n", _HEAD.sub(" ", raw)))


def gold_body(gold: dict) -> str | None:
    """The gold body: the report's words from ``body_first`` to ``body_last`` (folded), less
    the gold clutter lines that sit inside that span."""
    art = gold.get("article") or {}
    text = fold(visible_text(gold["_path"]))
    first, last = fold(art.get("body_first")), fold(art.get("body_last"))
    if not first or not last:
        return None
    start = text.find(first)
    end = text.rfind(last)
    if start < 0 or end < 0 or end + len(last) <= start:
        return None
    body = f" {text[start:end + len(last)]} "
    for line in art.get("clutter") or []:
        c = fold(line)
        if c and len(c.split()) >= 3:
            body = body.replace(f" {c} ", " ")
    return body.strip()


def leaks(clutter: list[str], body: str) -> list[str]:
    """The gold clutter lines found in a predicted body: a whole body line (folded) for any
    clutter line, or anywhere in the body for one of three words or more."""
    lines = {fold(line) for line in body.splitlines()}
    folded_body = f" {fold(body)} "
    out = []
    for line in clutter or []:
        c = fold(line)
        if not c:
            continue
        if c in lines or (len(c.split()) >= 3 and f" {c} " in folded_body):
            out.append(line)
    return out


def lost_evidence(events: list[dict], body: str) -> list[str]:
    """The gold events' evidence sentences that are not whole in a predicted body (folded)."""
    folded_body = f" {fold(body)} "
    return [e["evidence"] for e in events or [] if fold(e.get("evidence")) and f" {fold(e['evidence'])} " not in folded_body]


def location_ok(gold: str | None, pred: str | None) -> bool:
    """A reporting location matches when both are absent, or the same place written alike
    (accents and case aside; "Celaya, Guanajuato" and "Celaya" agree on the first part)."""
    if not gold and not pred:
        return True
    if not gold or not pred:
        return False
    g, p = fold(gold), fold(pred)
    return g == p or fold(gold.split(",")[0]) == fold(pred.split(",")[0])


def commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=False).stdout.strip() or "?"
    except OSError:
        return "?"


def log_heldout(what: str, numbers: str) -> None:
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip()
    with (CORPUS / "heldout_runs.log").open("a", encoding="utf-8") as log:
        log.write(f"{dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')} commit {commit()}"
                  f"{' (uncommitted changes)' if dirty else ''} {what}: {numbers}\n")
