"""Ledger events: the tellings of one happening, by many reports, merged into one event.

Whether two tellings are one happening is decided by a learned scorer (see
:mod:`newsledger.ledger._merge_model`) inside hard limits: days that lie more than one apart by
each telling's own date precision, or points far apart, are never one happening. Tellings join
events in order (dated ones first, so that undated ones find the events they recall): each
joins the event it is most likely one happening with, when that is above the scorer's
threshold, or starts a new one. A telling in a near copy (``duplicate_of``) joins the event its
original tells in the same words. Events are not confined to a story or to one PLOVER type: one
outlet's signed deal is AGREE and another's SUPPORT; the merged event takes the type most of its
independent sources give, and each source keeps its own.

Nothing is overwritten: each source keeps its own type, date, place, fatalities and evidence;
a detail the sources disagree on is listed in ``conflicts`` with the sources for each value, and
the merged ``fatalities`` is null when disputed.

Death tolls often sit in a report's figures rather than in its event sentence ("Police
have put the death toll at 12."). When a report tells exactly one dated violent event
(ASSAULT) of a story, its figures with the ``*:dead`` key of its largest toll (so
"people:dead", not a part such as "drivers:dead") are that event's death claims: the
largest per speaker joins the source as ``death_claims`` [{value, said_by, text}] and
counts in the fatalities dispute.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from newsledger.ledger import _merge_model
from newsledger.ledger._merge_model import Side
from newsledger.ledger._stories import stories

# Evidence word overlap (Jaccard) that links a copy's telling to its original's.
COPY_OVERLAP = 0.5
_COARSE_FEATURES = ("A.PCL", "A.ADM1", "L.", "T.MTS", "H.")
_WORD = re.compile(r"[^\W\d_][\w'-]{2,}|\d[\d,.]*", re.UNICODE)
_STOP = frozenset(
    "the and for that with from this was were are has have had said says its his her their "
    "they them who which when where after before about into over than then there been will "
    "would could also not but all one two three on in at of to by as is it he she we".split()
)


def _day(value: str | None) -> date | None:
    if value and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def _overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class Telling:
    row_id: int
    report_id: int
    event: dict[str, Any]
    source: dict[str, Any]
    published: date | None
    day: date | None  # the event's date when it is a whole day
    place: str | None  # a fine place (town, site): geonameid or lower-cased name
    coarse: bool  # the place is a country or region
    words: frozenset[str]
    duplicate_of: int | None
    side: Side | None = None  # what the learned scorer reads (see _merge_model)


@dataclass
class Cluster:
    tellings: list[Telling] = field(default_factory=list)
    days: set[date] = field(default_factory=set)  # the whole days its tellings give
    at: int = -1  # its place in the list of events being built

    def add(self, t: Telling) -> None:
        self.tellings.append(t)
        if t.day:
            self.days.add(t.day)


def _place_details(conn: sqlite3.Connection) -> dict[tuple[int, str], tuple[str | None, str | None]]:
    """(report id, lower-cased place name) -> (feature, country) from the places table."""
    return {(r[0], r[1].lower()): (r[2], r[3])
            for r in conn.execute("SELECT report_id, name, feature, country FROM places")}


def _tellings(conn: sqlite3.Connection) -> list[Telling]:
    details = _place_details(conn)
    input_of = dict(conn.execute("SELECT id, input FROM reports"))
    rows = conn.execute(
        "SELECT e.id, e.report_id, e.item_json, r.input, r.url, r.publisher, r.published, "
        "r.title, r.duplicate_of FROM events e JOIN reports r ON r.id = e.report_id "
        "ORDER BY r.published IS NULL, r.published, r.id, e.position"
    )
    out = []
    for row_id, report_id, item_json, input, url, publisher, published, title, duplicate_of in rows:
        event = json.loads(item_json)
        place = event.get("place") or {}
        name = (place.get("name") or "").strip()
        feature, country = details.get((report_id, name.lower()), (None, None))
        country = place.get("country") or country
        coarse = bool(feature and feature.startswith(_COARSE_FEATURES))
        value = event.get("date")
        source = {
            "event_id": row_id, "report_id": report_id, "input": input, "url": url,
            "publisher": publisher, "published": published, "title": title,
            "duplicate_of": input_of.get(duplicate_of) if duplicate_of else None,
            "type": event["type"], "date": value, "date_text": event.get("date_text"),
            "place": place or None, "fatalities": event.get("fatalities"),
            "status": event.get("status"), "evidence": event["evidence"],
            # the report's other sentences that tell the same happening (folded into this event)
            "tellings": event.get("tellings") or [],
        }
        out.append(Telling(
            row_id=row_id, report_id=report_id, event=event, source=source, published=_day(published),
            day=_day(value),
            place=(str(place["geonameid"]) if place.get("geonameid") else name.lower()) or None,
            coarse=coarse, words=_words(event["evidence"]["text"]),
            duplicate_of=duplicate_of, side=_side(event, place, coarse, country, report_id, _day(published)),
        ))
    _embed_evidence(out)
    return out


def _embed_evidence(tellings: list[Telling]) -> None:
    """Each telling's evidence sentence as a MiniLM vector (the scorer's "evidence_cosine")."""
    from newsledger.analysis import _embed  # lazy: loads the ONNX model on first use

    if not tellings or not _embed.available():
        return
    # each sentence once: near copies, and wire copies, repeat the same sentences
    texts = list(dict.fromkeys(t.event["evidence"]["text"] for t in tellings))
    vector_of = {text: tuple(float(x) for x in v) for text, v in zip(texts, _embed.embed(texts))}
    for t in tellings:
        t.side.vector = vector_of[t.event["evidence"]["text"]]


def _days_of(event: dict[str, Any]) -> tuple[date | None, date | None, bool]:
    """(first, last, dated): the days the event can lie in, from its range or its date."""
    value = event.get("date")
    rng = event.get("date_range")
    if isinstance(rng, list) and len(rng) == 2:
        return _day(rng[0]), _day(rng[1]), bool(value)
    if value and len(value) == 10:
        return _day(value), _day(value), True
    if value and len(value) in (4, 7):  # a month or a year alone
        first = _day(value + ("-01-01" if len(value) == 4 else "-01"))
        if first is None:
            return None, None, False
        last = date(first.year, 12, 31) if len(value) == 4 else (
            date(first.year + (first.month == 12), first.month % 12 + 1, 1) - timedelta(days=1))
        return first, last, True
    return None, None, False


def _side(event: dict[str, Any], place: dict[str, Any], coarse: bool, country: str | None,
          report_id: int, published: date | None) -> Side:
    first, last, dated = _days_of(event)
    actor, target = event.get("actor") or {}, event.get("target") or {}
    return Side(
        type=event["type"], first=first, last=last, dated=dated,
        lat=place.get("lat"), lon=place.get("lon"), country=country, area=coarse,
        actor=_merge_model.words(actor.get("name")), target=_merge_model.words(target.get("name")),
        evidence=_merge_model.words(event["evidence"]["text"]), fatalities=event.get("fatalities"),
        published=published, report_id=report_id, story=None)


def _cluster_learned(tellings: list[Telling], model: _merge_model.Model) -> list[Cluster]:
    """Tellings into events by the learned scorer: each telling joins the event whose tellings
    it is, on average, most likely one happening with, when that is above the model's
    threshold; a near copy's telling joins the event its original tells in the same words."""
    clusters: list[Cluster] = []
    home: dict[int, Cluster] = {}
    copies = [t for t in tellings if t.duplicate_of]
    originals = [t for t in tellings if not t.duplicate_of]
    # Dated tellings first, so that undated ones find the events they recall.
    ordered = sorted(originals, key=lambda t: (not t.side.dated, t.published or date.max, t.row_id))
    twins_used: set[tuple[int, int]] = set()
    window = model.window_days
    # Which events can take a telling: those with an original telling published within the
    # window of it (or of unknown date), and, for a dated telling, those with a dated telling
    # at most MAX_GAP_DAYS from it or none dated at all (the hard limit rules out the rest).
    # Indexes by day find them without looking at every event: the same events, in the same
    # order, as a scan of all of them.
    by_published: dict[date, set[int]] = {}
    unpublished: set[int] = set()
    by_day: dict[date, set[int]] = {}
    undated: set[int] = set()  # events none of whose tellings has a date range

    def dated(t: Telling) -> bool:
        return t.side.dated and t.side.first is not None and t.side.last is not None

    def candidates(t: Telling) -> list[int]:
        if t.published is None:
            found = set(range(len(clusters)))
        else:
            found = set(unpublished)
            for k in range(-window, window + 1):
                found |= by_published.get(t.published + timedelta(days=k), set())
        if dated(t):
            near_days = set(undated)
            day, last = t.side.first - timedelta(days=_merge_model.MAX_GAP_DAYS), \
                t.side.last + timedelta(days=_merge_model.MAX_GAP_DAYS)
            while day <= last:
                near_days |= by_day.get(day, set())
                day += timedelta(days=1)
            found &= near_days
        return sorted(found)

    def index(c: Cluster, t: Telling, new: bool) -> None:
        if not t.duplicate_of:
            (unpublished if t.published is None else by_published.setdefault(t.published, set())).add(c.at)
        if new:
            undated.add(c.at)
        if dated(t):
            undated.discard(c.at)
            day = t.side.first
            while day <= t.side.last:
                by_day.setdefault(day, set()).add(c.at)
                day += timedelta(days=1)

    for t in ordered + copies:
        if t.duplicate_of:
            twin = _twin(t, [o for o in originals if o.report_id == t.duplicate_of
                             and (t.report_id, o.row_id) not in twins_used])
            if twin is not None:  # each original telling is repeated once per copy
                twins_used.add((t.report_id, twin.row_id))
                home[t.row_id] = home[twin.row_id]
                home[t.row_id].add(t)
                index(home[t.row_id], t, False)
                continue
        best, chosen, closest = model.threshold, None, None
        for c in (clusters[i] for i in candidates(t)):
            near = [o for o in c.tellings if not o.duplicate_of and (
                t.published is None or o.published is None or abs((t.published - o.published).days) <= window)]
            # the hard limits hold against every telling of the event, not on average
            if not near or not all(_merge_model.compatible(t.side, o.side) for o in c.tellings):
                continue
            scores = [model.probability(t.side, o.side) for o in near]
            p = max(scores) if model.linkage == "max" else sum(scores) / len(scores)
            if p >= best:
                best, chosen = p, c
                closest = near[max(range(len(near)), key=lambda k: scores[k])]
        new = chosen is None
        if new:
            chosen = Cluster(at=len(clusters))
            clusters.append(chosen)
        else:  # say why: what it shares with the telling it is most like
            t.source["joined"] = {"with": closest.source["input"], "score": round(best, 3),
                                  "because": _merge_model.reasons(t.side, closest.side)}
        chosen.add(t)
        home[t.row_id] = chosen
        index(chosen, t, new)
    return clusters


def _twin(t: Telling, candidates: list[Telling]) -> Telling | None:
    """The telling of the original report that a copy's telling repeats: the same words
    (mostly), and the same date and place when the two sentences give two events."""
    best, best_score = None, 0.0
    for o in candidates:
        overlap = _overlap(o.words, t.words)
        if overlap < COPY_OVERLAP:
            continue
        score = overlap + (o.event.get("date") == t.event.get("date")) + (o.place == t.place)
        if score > best_score:
            best, best_score = o, score
    return best


def _independent(tellings: list[Telling]) -> list[Telling]:
    """The tellings of reports that are not near copies (copies repeat, they do not confirm)."""
    return [t for t in tellings if not t.duplicate_of] or tellings


def _disputes(tellings: list[Telling], value_of) -> list[dict[str, Any]]:
    """[{value, sources: [input...]}] when the sources give more than one known value."""
    by_value: dict[str, tuple[Any, list[str]]] = {}
    for t in tellings:
        value = value_of(t)
        if value is None:
            continue
        key = json.dumps(value, sort_keys=True)
        by_value.setdefault(key, (value, []))[1].append(t.source["input"])
    if len(by_value) < 2:
        return []
    return [{"value": v, "sources": s} for v, s in by_value.values()]


def _majority(tellings: list[Telling], value_of) -> Any:
    counts = Counter(json.dumps(v, sort_keys=True) for t in tellings if (v := value_of(t)) is not None)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return json.loads(top)


def _tolls(t: Telling) -> list[int]:
    found = [t.event["fatalities"]] if t.event.get("fatalities") is not None else []
    return found + [int(c["value"]) for c in t.source.get("death_claims", [])]


def _toll_disputes(tellings: list[Telling]) -> list[dict[str, Any]]:
    """[{value, sources, said_by}] when the tellings give more than one death toll."""
    by_value: dict[int, dict[str, Any]] = {}
    for t in tellings:
        said = [(t.event["fatalities"], None)] if t.event.get("fatalities") is not None else []
        said += [(int(c["value"]), c["said_by"]) for c in t.source.get("death_claims", [])]
        for value, who in said:
            entry = by_value.setdefault(value, {"value": value, "sources": [], "said_by": []})
            if t.source["input"] not in entry["sources"]:
                entry["sources"].append(t.source["input"])
            if who and who not in entry["said_by"]:
                entry["said_by"].append(who)
    return list(by_value.values()) if len(by_value) > 1 else []


def _attach_death_claims(conn: sqlite3.Connection, clusters: list[Cluster]) -> None:
    """Figures keyed ``*:dead`` of a report that tells one dated ASSAULT event only."""
    dated_assaults: dict[int, set[int]] = {}
    for index, c in enumerate(clusters):
        if c.days and c.tellings[0].event["type"] == "ASSAULT":
            for t in c.tellings:
                dated_assaults.setdefault(t.report_id, set()).add(index)
    single = {r for r, found in dated_assaults.items() if len(found) == 1}
    if not single:
        return
    rows: dict[int, list[tuple[str, float, str | None, str]]] = {}
    for report_id, key, value, source_name, text in conn.execute(
            "SELECT report_id, key, value, source_name, text FROM figures WHERE key LIKE '%:dead' "
            "ORDER BY report_id, position"):
        if report_id in single:
            rows.setdefault(report_id, []).append((key, value, source_name, text))
    claims: dict[int, dict[str, dict[str, Any]]] = {}
    for report_id, found in rows.items():
        # the key of the report's largest toll ("people:dead"), not a part ("drivers:dead")
        key = max(found, key=lambda f: f[1])[0]
        for k, value, source_name, text in found:
            who = source_name or ""
            best = claims.setdefault(report_id, {}).get(who)
            if k == key and (best is None or value > best["value"]):
                claims[report_id][who] = {"value": value, "said_by": source_name, "text": text}
    for c in clusters:
        seen: set[int] = set()
        for t in c.tellings:
            if t.report_id in claims and t.report_id not in seen and c.days and t.event["type"] == "ASSAULT":
                seen.add(t.report_id)  # once per report, on its first telling
                t.source["death_claims"] = list(claims[t.report_id].values())


def _merged(cluster: Cluster, story: int) -> dict[str, Any]:
    tellings = cluster.tellings
    independent = _independent(tellings)
    base = next((t for t in independent if t.event.get("status") == "asserted" and t.day), None) \
        or next((t for t in independent if t.day), independent[0])
    event = dict(base.event)
    event["type"] = _majority(independent, lambda t: t.event["type"]) or event["type"]
    day_of = lambda t: t.day.isoformat() if t.day else None  # noqa: E731
    place_of = lambda t: t.event.get("place") if t.place and not t.coarse else None  # noqa: E731
    date_value = _majority(independent, day_of)
    if date_value:
        event["date"] = date_value
    place_value = _majority(independent, place_of)
    if place_value:
        event["place"] = place_value
    elif not event.get("place"):
        event["place"] = next((t.event["place"] for t in tellings if t.event.get("place")), None)
    tolls = {v for t in tellings for v in _tolls(t)}
    event["fatalities"] = tolls.pop() if len(tolls) == 1 else None
    if any(t.event.get("status") == "asserted" for t in tellings):
        event["status"] = "asserted"
    conflicts = {name: found for name, found in (
        ("date", _disputes(tellings, day_of)),
        ("place", _disputes(tellings, lambda t: t.event["place"]["name"] if place_of(t) else None)),
        ("fatalities", _toll_disputes(tellings)),
    ) if found}
    event["id"] = min(t.row_id for t in tellings)
    event["story"] = story
    event["conflicts"] = conflicts
    event["reports"] = len({t.report_id for t in tellings})
    event["independent_reports"] = len({t.duplicate_of or t.report_id for t in tellings})
    event["sources"] = [t.source for t in tellings]
    return event


def merged_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Ledger events, earliest first: the record's event fields (from the telling most
    sources agree with) plus ``id``, ``story``, ``conflicts``, ``reports``,
    ``independent_reports`` and ``sources`` (one per telling, each with its own date,
    place, fatalities, evidence and the report it came from)."""
    story_of = stories(conn)
    tellings = _tellings(conn)
    for t in tellings:
        t.side.story = story_of[t.report_id]
    clustered = [(Counter(story_of[t.report_id] for t in c.tellings).most_common(1)[0][0], c)
                 for c in _cluster_learned(tellings, _merge_model.shipped())]
    _attach_death_claims(conn, [c for _, c in clustered])
    events = [_merged(c, story) for story, c in clustered]
    events.sort(key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))
    return events
