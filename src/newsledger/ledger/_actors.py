"""The actor registry: one actor id for every mention, across reports, of the same actor.

Each report's event actors and targets and quote speakers that the actors step resolved (they have
a ``kind``) are registered by their ``key`` (see :mod:`newsledger.analysis.actors`): table actors
("t:rsf", "t:ISR.military") and named people and bodies ("p:john kirby") are one actor in every
report; a mention whose key is null (a surname alone, a description the report does not tie to
anyone) is an actor of its report only, so that "the army" of two countries or two people with one
surname stay apart. ``actors`` holds one row per actor (its first canonical name, country, kind);
``actor_mentions`` one row per mention (its report, role, the event or quote it belongs to, and the
words the report uses: the aliases).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from newsledger.analysis._actor_table import norm
from newsledger.analysis.actors import stands_for
from newsledger.record import Record

ROLES = ("actor", "target", "speaker")
ACTOR_COLUMNS = ("id", "name", "country", "kind", "key", "aliases", "reports", "mentions", "events", "quotes",
                 "report_inputs")


def mentions(record: Record) -> list[tuple[str, int, dict]]:
    """(role, position of the event or quote, the resolved mention) for every resolved mention."""
    out = []
    for position, event in enumerate(record.events):
        for role, ref in (("actor", event.actor), ("target", event.target)):
            if ref is not None and ref.kind is not None:
                out.append((role, position, {"name": ref.name, "canonical": ref.canonical, "country": ref.country,
                                             "kind": ref.kind, "key": ref.key}))
    for position, quote in enumerate(record.quotes):
        s = quote.speaker
        if s.name and s.kind is not None:
            out.append(("speaker", position, {"name": s.mention if s.entity_id is None and s.mention else s.name,
                                              "canonical": s.canonical, "country": s.country, "kind": s.kind,
                                              "key": s.key}))
    return out


def _resolved(record: Record) -> Record:
    """The record as the actors step leaves it: a record that carries no actor fields at all
    (written by an older newsledger, or by hand) is resolved again, on a copy."""
    refs = [r for e in record.events for r in (e.actor, e.target) if r is not None] + [q.speaker for q in record.quotes]
    if not refs or any(r.kind is not None or r.canonical is not None for r in refs):
        return record
    from newsledger.analysis import actors

    copy = record.model_copy(deep=True)
    actors.resolve(copy)
    return copy


def register(conn, report_id: int, record: Record) -> None:
    """Register the record's resolved mentions (inside the ingest's transaction)."""
    found = mentions(_resolved(record))
    if not found:
        return
    rows = {"actor": dict(conn.execute("SELECT position, id FROM events WHERE report_id = ?", (report_id,)).fetchall()),
            "speaker": dict(conn.execute("SELECT position, id FROM quotes WHERE report_id = ?", (report_id,)).fetchall())}
    rows["target"] = rows["actor"]
    ids: dict[str, int] = {}
    for role, position, m in found:
        name = m["canonical"] or m["name"]
        key = m["key"] or f"r:{report_id}:{m['kind']}:{norm(name)}"
        actor_id = ids.get(key)
        if actor_id is None:
            # look first, insert only when missing: the ingest's transaction holds the ledger's write
            # lock, and PostgreSQL would spend an identity value on an insert that conflicts
            row = conn.execute("SELECT id FROM actors WHERE key = ?", (key,)).fetchone()
            if row is None and key[:2] in ("o:", "p:") and "|" not in key:
                # a name typed a person in one report and a body in another ("Octavio Rangel
                # Cisneros" as ORG): one actor, the name being the same
                row = conn.execute("SELECT id FROM actors WHERE key = ?",
                                   (("p:" if key.startswith("o:") else "o:") + key[2:],)).fetchone()
            if row is None and key.startswith("o:"):
                row = _same_body(conn, key, m)
            if row is None and key.startswith("p:"):
                row = _same_person(conn, key, m)
            if row is None and key[:2] in ("o:", "p:"):
                row = _short_form(conn, key, m)
            if row is None and key[:2] in ("o:", "p:") and NAME_COSINE <= 1:
                row = _similar_name(conn, key, m)
            if row is None:
                row = conn.execute("INSERT INTO actors (key, name, country, kind) VALUES (?, ?, ?, ?) RETURNING id",
                                   (key, name, m["country"], m["kind"])).fetchone()
            actor_id = ids[key] = row[0]
        conn.execute("INSERT INTO actor_mentions (actor_id, report_id, role, position, item_id, name) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (actor_id, report_id, role, position, rows[role].get(position), m["name"]))


# words an acronym leaves out ("Centro Libre de Prensa": CLP)
_SMALL = frozenset("of the and for de del la el des du le les in on to a an y et".split())


def initials(name: str) -> str:
    """The acronym a name's words make ("Allied Democratic Forces": adf), folded."""
    return "".join(w[0] for w in norm(name).split() if w not in _SMALL)


def _of_country(conn, columns: str, where: str, params: tuple, country: str | None) -> list:
    """The registered actors' ``columns`` that meet ``where`` and are of ``country`` (of none when
    it is None)."""
    if country:
        return conn.execute(f"SELECT {columns} FROM actors WHERE {where} AND country = ?", (*params, country)).fetchall()
    return conn.execute(f"SELECT {columns} FROM actors WHERE {where} AND country IS NULL", params).fetchall()


def _same_body(conn, key: str, m: dict):
    """An actor named in one report by its acronym and in another in full ("KCSC" and "the
    Kalembe Civil Society Coordination"): the registered body of the same country (and, when several,
    the same kind) whose name the acronym stands for ("CONORDEH": the Coordinadora Norteña de Derechos Humanos), or whose
    acronym this name makes; one such only."""
    name = key[2:].split("|")[0]
    words = name.split()
    written = m["canonical"] or m["name"] or ""
    acronym = len(words) == 1 and 2 <= len(name) <= 8 and any(w.isupper() for w in written.split())
    if not acronym and len(words) < 2:
        return None
    wanted = initials(name) if not acronym else name
    if not acronym and len(wanted) < 2:
        return None
    # of any kind: the kind of a name a report explains no further is a guess ("KNUT" an armed group
    # where the full name says a union), the acronym and the country are not
    rows = _of_country(conn, "id, key, name, kind", "key LIKE 'o:%'", (), m["country"])
    if acronym:
        hits = [r for r in rows if len(r[1][2:].split("|")[0].split()) > 1 and stands_for(wanted, r[2])]
    else:
        hits = [r for r in rows if r[1][2:].split("|")[0] == wanted or
                (len(r[1][2:].split("|")[0].split()) == 1 and r[2].isupper() and stands_for(r[1][2:].split("|")[0], name))]
    if len(hits) > 1:  # several: those of the same kind
        hits = [r for r in hits if r[3] == m["kind"]]
    return (hits[0][0],) if len(hits) == 1 else None


def _generic() -> frozenset[str]:
    """Words that say what kind of body a name is, not which ("radio", "foundation", "ministry",
    "militia"): the lexicon's kind words and person nouns, and the small words."""
    global _GENERIC
    if _GENERIC is None:
        from newsledger.analysis import _actor_table

        lex = _actor_table.shipped().lexicon
        words = {w for phrases in lex["kinds"].values() for p in phrases if "(" not in p for w in norm(p).split()}
        words |= {w for p in lex["persons"] for w in norm(p).split()}
        _GENERIC = frozenset(words | _SMALL)
    return _GENERIC


_GENERIC: frozenset[str] | None = None


def _within(short: list[str], long: list[str]) -> int | None:
    """Where ``short`` occurs in ``long`` as consecutive words (None when it does not)."""
    for i in range(len(long) - len(short) + 1):
        if long[i:i + len(short)] == short:
            return i
    return None


# the words that may join a name's own words to the rest ("Fundacion Rios Libres del Pacifico")
_JOINING = frozenset("of the de del la las los el des du le les for y et".split())
_TAIL = frozenset("of de del des du di da for".split())  # what starts a name's tail ("del Pacifico")


def shortened(a: str, b: str) -> bool:
    """Whether one (folded) name is the other written shorter: its words in a row inside the other's,
    the words left out before them only saying the kind of body ("Radio", "Fundacion", "the"), those
    after them the same or a name's tail ("del Pacifico", "of Kenya"): "Sahel Monde" of "Radio Sahel
    Monde", "Rios Libres" of "Fundacion Rios Libres del Pacifico", "Wagner" of "Wagner Group"; not
    "El Obeid" of "state government in El Obeid". The short name has a word of its own of four
    letters or more (not "Liberation Front")."""
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) == len(long) or len(long) > 7:
        return False
    at = _within(short, long)
    if at is None:
        return False
    generic = _generic()
    kinds = generic - _SMALL
    before, after = long[:at], long[at + len(short):]
    if not any(w not in generic and len(w) >= 4 for w in short):
        return False
    if not all(w in kinds or w in _JOINING for w in before):
        return False
    return all(w in kinds for w in after) or after[0] in _TAIL


def _short_form(conn, key: str, m: dict):
    """A body named in full in one report and shorter in another ("Radio Sahel Monde", "Sahel Monde";
    the second typed a person by the entity step): the one registered body or named actor of the same
    country whose name is this one written longer or shorter (:func:`shortened`); two people are
    linked by :func:`_same_person` only."""
    name = key[2:].split("|")[0]
    rows = _of_country(conn, "id, key", "(key LIKE 'o:%' OR key LIKE 'p:%')", (), m["country"])
    hits = {r[0] for r in rows if not (key[:2] == "p:" and r[1][:2] == "p:") and "|" not in r[1]
            and shortened(name, r[1][2:])}
    return (hits.pop(),) if len(hits) == 1 else None


# the cosine (MiniLM) over which two names of one kind and country that share a word of their own are
# one actor ("Guanajuato state prosecutors", "the State Attorney General's Office of Guanajuato"): on
# the dev writers' names every such pair of one actor was at 0.825 or more, of two at 0.575 or less,
# in each writer alone (a constant set on two writers keeps the third's apart and together); >1: off
NAME_COSINE = 0.75
_VECTORS: dict[str, Any] = {}
_MAX_VECTORS = 20_000  # about 30 MB of MiniLM vectors


def _vectors(names: list[str]):
    """Each name's MiniLM vector (kept for the process), or None when the model is not installed."""
    from newsledger.analysis import _embed

    missing = [n for n in dict.fromkeys(names) if n not in _VECTORS]
    if missing:
        if not _embed.available():
            return None
        if len(_VECTORS) + len(missing) > _MAX_VECTORS:
            _VECTORS.clear()  # a long ingest meets ever more names: a bounded cache, not a growing one
            missing = list(dict.fromkeys(names))
        for name, v in zip(missing, _embed.embed(missing)):
            _VECTORS[name] = v
    return [_VECTORS[n] for n in names]


def own_words(name: str) -> set[str]:
    """The words of a name that are its own: not a kind word, a small word or a country's name."""
    from newsledger.analysis import _actor_table

    countries = _actor_table.shipped().countries
    return {w for w in norm(name).split() if len(w) > 2 and w not in _generic() and w not in countries}


def _similar_name(conn, key: str, m: dict):
    """A body (or a person and a body) of the same kind and country registered under another name
    that shares a word of its own with this one and means the same (:data:`NAME_COSINE`): the most
    similar such actor. Ministries are told apart by their portfolio, two people by their names."""
    if key.startswith("o:ministry of "):
        return None
    name = m["canonical"] or m["name"] or ""
    mine = own_words(name)
    if not mine:
        return None
    rows = _of_country(conn, "id, key, name", "kind = ? AND (key LIKE 'o:%' OR key LIKE 'p:%')", (m["kind"],),
                       m["country"])
    rows = [r for r in rows if r[1] != key and not (key[:2] == "p:" and r[1][:2] == "p:")
            and not r[1].startswith("o:ministry of ") and mine & own_words(r[2])]
    if not rows:
        return None
    vectors = _vectors([name] + [r[2] for r in rows])
    if vectors is None:
        return None
    score, best = max((float(vectors[0] @ v), r[0]) for v, r in zip(vectors[1:], rows))
    return (best,) if score >= NAME_COSINE else None


def _same_person(conn, key: str, m: dict):
    """A person named in full in one report and with one name fewer in another ("Octavio Rangel
    Cisneros", "Octavio Rangel"): the registered person of the same country whose name has the
    same first name and all of this name's words, or whose words this name all has; one such only
    (a surname alone never links: its key is null)."""
    words = key[2:].split()
    if len(words) < 2 or any(ch in words[0] for ch in "%_"):
        return None
    rows = conn.execute("SELECT id, key, country FROM actors WHERE key LIKE ?", (f"p:{words[0]} %",)).fetchall()
    mine = set(words)
    hits = []
    for r in rows:
        theirs = set(r[1][2:].split())
        if (r[2] or None) == (m["country"] or None) and mine != theirs and (mine < theirs or theirs < mine) \
                and len(mine & theirs) >= 2:
            hits.append(r)
    return (hits[0][0],) if len(hits) == 1 else None


def backfill(store) -> None:
    """Register the actors of every stored report (a ledger made before the registry): each
    stored record is resolved again with the shipped actor table, its stored JSON unchanged."""
    from newsledger.analysis import actors

    conn = store.conn
    stored = conn.execute("SELECT id, record_json FROM reports ORDER BY id").fetchall()
    with store.transaction():
        for report_id, record_json in stored:
            record = Record.model_validate_json(record_json)
            actors.resolve(record)
            register(conn, report_id, record)


def event_actor_ids(conn) -> dict[int, dict[str, int]]:
    """events row id -> {"actor": actor id, "target": actor id}."""
    out: dict[int, dict[str, int]] = {}
    for item_id, role, actor_id in conn.execute(
            "SELECT item_id, role, actor_id FROM actor_mentions WHERE role IN ('actor', 'target') "
            "AND item_id IS NOT NULL"):
        out.setdefault(item_id, {})[role] = actor_id
    return out


def with_actor_ids(conn, events: list[dict]) -> list[dict]:
    """Ledger events with ``actor_id`` and ``target_id`` (each the id most of their tellings
    give; null when none) and each source with its own."""
    ids = event_actor_ids(conn)
    for e in events:
        for role in ("actor", "target"):
            votes = Counter()
            for s in e["sources"]:
                found = ids.get(s.get("event_id"), {}).get(role)
                s[f"{role}_id"] = found
                if found is not None:
                    votes[found] += 1
            e[f"{role}_id"] = votes.most_common(1)[0][0] if votes else None
    return events


def with_actor_fields(events: list[dict], registry: dict[int, dict[str, Any]]) -> list[dict]:
    """Events (from :func:`with_actor_ids`) with what the workbench's actor filters match:
    ``actor_ids`` (every actor and target id of the event and of its sources, sorted),
    ``actor_kinds`` and ``actor_countries`` (ISO3) of those actors in the registry."""
    for e in events:
        ids = {e.get("actor_id"), e.get("target_id")} | {s.get(k) for s in e["sources"] for k in ("actor_id", "target_id")}
        ids.discard(None)
        found = [registry[i] for i in ids if i in registry]
        e["actor_ids"] = sorted(ids)
        e["actor_kinds"] = sorted({a["kind"] for a in found if a["kind"]})
        e["actor_countries"] = sorted({a["country"].upper() for a in found if a["country"]})
    return events


def registry(conn) -> dict[int, dict[str, Any]]:
    """actor id -> {id, name, country, kind, key}."""
    return {r["id"]: dict(r) for r in conn.execute("SELECT id, name, country, kind, key FROM actors")}


def _kind_and_country(where: list[str], params: list, kind: str | None, country: str | None) -> None:
    """The SQL conditions (on actors ``a``) for an actor kind and a country (ISO3, any case)."""
    if kind:
        where.append("a.kind = ?")
        params.append(kind)
    if country:
        where.append("a.country = ?")
        params.append(country.upper())


def actor_list(conn, *, kind: str | None = None, country: str | None = None, q: str | None = None,
               limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    """(total, page) of actors with their counts, most mentioned first. ``q``: words in the
    name or an alias; ``kind`` and ``country`` exact (country ISO3, case-insensitive)."""
    where, params = ["1 = 1"], []
    _kind_and_country(where, params, kind, country)
    if q:
        for word in q.split():
            where.append("(a.name LIKE ? OR EXISTS (SELECT 1 FROM actor_mentions x WHERE x.actor_id = a.id "
                         "AND x.name LIKE ?))")
            params += [f"%{word}%", f"%{word}%"]
    sql_where = " AND ".join(where)
    total = conn.execute(f"SELECT COUNT(*) FROM actors a WHERE {sql_where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT a.id, a.name, a.country, a.kind, a.key, COUNT(m.id) AS mentions, "
        f"COUNT(DISTINCT m.report_id) AS reports, "
        f"COUNT(DISTINCT CASE WHEN m.role IN ('actor', 'target') THEN m.item_id END) AS events, "
        f"COUNT(DISTINCT CASE WHEN m.role = 'speaker' THEN m.item_id END) AS quotes "
        f"FROM actors a LEFT JOIN actor_mentions m ON m.actor_id = a.id WHERE {sql_where} "
        f"GROUP BY a.id, a.name, a.country, a.kind, a.key ORDER BY COUNT(DISTINCT m.report_id) DESC, "
        f"COUNT(m.id) DESC, a.name LIMIT ? OFFSET ?",
        [*params, max(0, int(limit)), max(0, int(offset))]).fetchall()
    return total, [dict(r) for r in rows]


def actor_detail(conn, actor_id: int) -> dict | None:
    """One actor: its fields, aliases (the words reports use, with counts), reports, quotes."""
    row = conn.execute("SELECT id, name, country, kind, key FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["aliases"] = [{"name": r[0], "mentions": r[1]} for r in conn.execute(
        "SELECT name, COUNT(*) FROM actor_mentions WHERE actor_id = ? GROUP BY name ORDER BY COUNT(*) DESC, name",
        (actor_id,))]
    out["reports"] = [dict(r) for r in conn.execute(
        "SELECT DISTINCT r.id, r.input, r.title, r.publisher, r.published FROM actor_mentions m "
        "JOIN reports r ON r.id = m.report_id WHERE m.actor_id = ? ORDER BY r.published, r.id", (actor_id,))]
    out["quotes"] = [dict(r) for r in conn.execute(
        "SELECT q.id, q.report_id, q.text, q.kind, q.speaker_name, r.input AS report_input, r.title AS report_title, "
        "r.published FROM actor_mentions m JOIN quotes q ON q.id = m.item_id JOIN reports r ON r.id = q.report_id "
        "WHERE m.actor_id = ? AND m.role = 'speaker' ORDER BY r.published, q.report_id, q.position", (actor_id,))]
    return out


def actor_rows(conn) -> list[dict]:
    """One flat row per actor (``export --what actors``): id, name, country, kind, key,
    aliases ("; "-joined), counts and the inputs of the reports that name it."""
    aliases: dict[int, list[str]] = {}
    for actor_id, name in conn.execute("SELECT DISTINCT actor_id, name FROM actor_mentions ORDER BY actor_id, name"):
        aliases.setdefault(actor_id, []).append(name)
    inputs: dict[int, list[str]] = {}
    for actor_id, input in conn.execute(
            "SELECT DISTINCT m.actor_id, r.input FROM actor_mentions m JOIN reports r ON r.id = m.report_id "
            "ORDER BY m.actor_id, r.input"):
        inputs.setdefault(actor_id, []).append(input)
    _, rows = actor_list(conn, limit=10**9)
    out = []
    for r in rows:
        out.append({"id": r["id"], "name": r["name"], "country": r["country"], "kind": r["kind"], "key": r["key"],
                    "aliases": "; ".join(aliases.get(r["id"], [])), "reports": r["reports"],
                    "mentions": r["mentions"], "events": r["events"], "quotes": r["quotes"],
                    "report_inputs": "; ".join(inputs.get(r["id"], []))})
    return out


def telling_positions(conn, actor_id: int | None, kind: str | None, country: str | None) -> set[tuple[int, int]]:
    """(report id, event position) of the report events whose actor or target is that actor,
    of that kind, of that country (for the flat event exports)."""
    where, params = ["m.role IN ('actor', 'target')"], []
    if actor_id is not None:
        where.append("a.id = ?")
        params.append(actor_id)
    _kind_and_country(where, params, kind, country)
    rows = conn.execute("SELECT m.report_id, m.position FROM actor_mentions m JOIN actors a ON a.id = m.actor_id "
                        f"WHERE {' AND '.join(where)}", params)
    return {(r[0], r[1]) for r in rows}
