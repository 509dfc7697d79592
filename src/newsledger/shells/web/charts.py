"""Inline SVG drawn on the server: the claims chart and the world map. No script, no CDN.

Every text that goes into the SVG is escaped here; the result is trusted markup.

The map's outlines come from world-atlas (Natural Earth countries at 1:110m and 1:50m as
TopoJSON, vendored in ``static/``, see ``static/README_world.md``), decoded once and drawn in an
equirectangular projection; a regional view uses the 50m outlines, clipped to what is in view.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from html import escape
from importlib.resources import files

from markupsafe import Markup

PALETTE = ("#1f5f8b", "#c2410c", "#2e7d32", "#7c3aed", "#b45309", "#0f766e", "#be185d", "#4b5563",
           "#0891b2", "#a16207", "#65a30d", "#9f1239")
WIDTH, HEIGHT = 720, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 16, 40


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _ticks(top: float, count: int = 4) -> list[float]:
    """Round y-axis ticks from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 2) if step * (i - 1) < top]


def claims_chart(claims: list[dict], title: str) -> Markup:
    """Values over time, one colour per source (who said it); copies drawn hollow.
    Points carry a <title> (the tooltip: value, source, date, outlet)."""
    points = [c for c in claims if _day(c.get("date")) is not None]
    if not points:
        return Markup('<p class="empty">No dated figures to draw.</p>')
    days = [_day(c["date"]) for c in points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top = max(c["value"] for c in points) * 1.1 or 1.0
    ticks = _ticks(top)
    top = ticks[-1]
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(d: date) -> float:
        if first == last:
            return MARGIN_LEFT + plot_w / 2
        return MARGIN_LEFT + plot_w * (d - first).days / span

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - v / top)

    series: dict[str, list[dict]] = {}
    for c in points:
        series.setdefault(c.get("said_by") or "unattributed", []).append(c)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    shape = {name: "circle" if i < len(PALETTE) else "square" for i, name in enumerate(series)}
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for t in ticks:
        parts.append(f'<line class="grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(t):.1f}" '
                     f'y2="{y(t):.1f}" stroke="#d9dee2"/>')
        parts.append(f'<text x="{MARGIN_LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#5f6b73">{_number(t)}</text>')
    for d in sorted(set(days)):
        parts.append(f'<text x="{x(d):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" '
                     f'font-size="11" fill="#5f6b73">{d.isoformat()[5:]}</text>')
    parts.append(f'<text x="{MARGIN_LEFT}" y="{HEIGHT - 6}" font-size="11" fill="#5f6b73">'
                 f'{first.isoformat()} … {last.isoformat()}</text>')
    seen: dict[tuple, int] = {}
    for name, items in series.items():
        items = sorted(items, key=lambda c: c["date"])
        if len(items) > 1:
            path = " ".join(f"{x(_day(c['date'])):.1f},{y(c['value']):.1f}" for c in items)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour[name]}" stroke-width="1.5" '
                         f'stroke-opacity=".6"/>')
        for c in items:
            # the same number on the same day from several sources: side by side, not hidden
            spot = (c["date"], c["value"])
            nudge = seen.get(spot, 0)
            seen[spot] = nudge + 1
            fill = "#fff" if c.get("near_copy") else colour[name]
            tip = (f"{_number(c['value'])} — {name}, {c['date']}"
                   f"{' (' + c['publisher'] + ')' if c.get('publisher') else ''}"
                   f"{' [copy]' if c.get('copy') else ''}: {c.get('text') or ''}")
            cx, cy = x(_day(c["date"])) + 7 * nudge, y(c["value"])
            title = f"<title>{escape(tip)}</title>"
            common = f'fill="{fill}" stroke="{colour[name]}" stroke-width="2" data-value="{c["value"]}"'
            if shape[name] == "circle":
                parts.append(f'<circle class="claim" cx="{cx:.1f}" cy="{cy:.1f}" r="5" {common}>{title}</circle>')
            else:  # past the palette, a square tells two series of one colour apart
                parts.append(f'<rect class="claim" x="{cx - 4.5:.1f}" y="{cy - 4.5:.1f}" width="9" height="9" '
                             f'{common}>{title}</rect>')
    parts.append("</svg>")
    legend = "".join(f"<li>{_swatch(colour[n], shape[n])}{escape(n)}</li>" for n in series)
    return Markup("".join(parts) + f'<ul class="chart-legend">{legend}<li><span class="swatch hollow">'
                  f'</span>hollow: a near copy of another report</li></ul>')


def _swatch(colour: str, shape: str) -> str:
    """A legend's colour as a tiny SVG: the colour is an attribute, not an inline style, so the
    page's Content-Security-Policy needs no 'unsafe-inline' for styles."""
    mark = (f'<rect width="10" height="10" fill="{colour}"/>' if shape == "square"
            else f'<circle cx="5" cy="5" r="5" fill="{colour}"/>')
    return f'<svg class="swatch-mark" viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">{mark}</svg>'


# -- the map ----------------------------------------------------------------------------

MAP_W, MAP_H = 960, 480


# Two scales of Natural Earth outlines: 1:110m for a world view, 1:50m when the view is regional
# (the 110m file has no Gaza Strip and turns small coasts into zigzags).
DETAILED_BELOW = MAP_W / 3  # view boxes narrower than this (in map units) use the 50m outlines


@lru_cache(maxsize=2)
def _rings(scale_name: str) -> tuple[tuple[tuple[float, float, float, float], str], ...]:
    """Every country ring as (bounding box, SVG path data), projected to the 960x480 map."""
    topology = json.loads(files("newsledger").joinpath("shells", "web", "static", f"countries-{scale_name}.json")
                          .read_text(encoding="utf-8"))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantized positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)
        return out

    digits = 2 if scale_name == "50m" else 1  # 0.01 map unit is about 400 m: enough for a regional view
    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for indexes in polygon:
                pts = [project(lon, lat) for lon, lat in ring(indexes)]
                if len(pts) > 2:
                    # A ring crossing the antimeridian (Russia, Fiji, Antarctica) jumps from one
                    # edge of the map to the other: start a new piece there instead of a line across.
                    out = [f"M{pts[0][0]:.{digits}f},{pts[0][1]:.{digits}f}"]
                    for (ax, _), (bx, by) in zip(pts, pts[1:]):
                        out.append(f"{'M' if abs(bx - ax) > MAP_W / 2 else 'L'}{bx:.{digits}f},{by:.{digits}f}")
                    xs, ys = [q[0] for q in pts], [q[1] for q in pts]
                    rings.append(((min(xs), min(ys), max(xs), max(ys)), "".join(out) + "Z"))
    return tuple(rings)


def _world_path(box: tuple[float, float, float, float] = (0, 0, MAP_W, MAP_H)) -> str:
    """Path data of the country outlines that fall in ``box`` (x, y, width, height): detailed
    outlines for a regional view, and only the rings in view, so a page stays small."""
    x0, y0, w, h = box
    rings = _rings("50m" if w < DETAILED_BELOW else "110m")
    return "".join(path for (bx0, by0, bx1, by1), path in rings
                   if bx1 >= x0 and bx0 <= x0 + w and by1 >= y0 and by0 <= y0 + h)


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * MAP_W, (90 - lat) / 180 * MAP_H


def world_map(events: list[dict], places: list[dict]) -> Markup:
    """Countries, then places (grey, sized by reports) and events (coloured, linked, sized by sources).
    The view box is cropped to what is shown, with a margin, so a regional story is not a speck."""
    marks = [(e["lon"], e["lat"]) for e in events] + [(p["lon"], p["lat"]) for p in places]
    if marks:
        xs, ys = zip(*(project(lon, lat) for lon, lat in marks))
        # Frame what is shown with a margin, at least ~12 degrees wide and at a 2:1 aspect, so one
        # city is shown with its region rather than the whole continent, and a world story whole.
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        w = max((max(xs) - min(xs)) * 1.3 + 8, (max(ys) - min(ys)) * 2.6 + 16, 32)
        w = min(w, MAP_W)
        h = w / 2
        x0 = min(max(cx - w / 2, 0), MAP_W - w)
        y0 = min(max(cy - h / 2, 0), MAP_H - h)
        view = (round(x0, 1), round(y0, 1), round(w, 1), round(h, 1))
        unit = w / MAP_W
    else:
        view, unit = (0, 0, MAP_W, MAP_H), 1.0
    box = " ".join(str(v) for v in view)
    parts = [f'<svg class="map" role="img" viewBox="{box}" width="100%" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="map of events and places">',
             f'<rect x="0" y="0" width="{MAP_W}" height="{MAP_H}" fill="#e8f1f8"/>',
             f'<path class="land" d="{_world_path(view)}" fill="#f4f1ea" stroke="#b9b3a6" '
             f'stroke-width="{0.5 * unit:.2f}"/>']
    for p in places:
        px, py = project(p["lon"], p["lat"])
        r = (2 + min(p["reports"], 10) * 0.5) * unit * 1.5
        parts.append(f'<circle class="place" cx="{px:.2f}" cy="{py:.2f}" r="{r:.2f}" fill="#5f6b73" '
                     f'fill-opacity=".45"><title>{escape(p["name"])}: {p["reports"]} report'
                     f'{"" if p["reports"] == 1 else "s"}</title></circle>')
    for e in events:
        px, py = project(e["lon"], e["lat"])
        r = (3 + min(e["sources"], 10) * 0.6) * unit * 1.5
        colour = _type_colour(e["type"])
        tip = f'{e["type"]} {e["date"] or "undated"} at {e["place"]}: {e["sources"]} source(s). {e["text"][:140]}'
        parts.append(f'<a href="/events/{e["id"]}"><circle class="event" cx="{px:.2f}" cy="{py:.2f}" '
                     f'r="{r:.2f}" fill="{colour}" fill-opacity=".8" stroke="#fff" stroke-width="{0.6 * unit:.2f}" '
                     f'data-type="{escape(e["type"])}"><title>{escape(tip)}</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


_TYPE_COLOURS = {
    "ASSAULT": "#b91c1c", "COERCE": "#c2410c", "PROTEST": "#b45309", "THREATEN": "#a16207",
    "MOBILIZE": "#7c2d12", "ACCUSE": "#7c3aed", "REJECT": "#6d28d9", "SANCTION": "#9d174d",
    "AGREE": "#2e7d32", "CONSULT": "#1f5f8b", "SUPPORT": "#0f766e", "COOPERATE": "#15803d",
    "AID": "#0369a1", "CONCEDE": "#4d7c0f", "RETREAT": "#4b5563", "REQUEST": "#475569",
}


def _type_colour(event_type: str) -> str:
    return _TYPE_COLOURS.get(event_type, "#4b5563")
