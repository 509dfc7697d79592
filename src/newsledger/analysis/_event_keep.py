"""Which of the events the rules found an analyst would code: a small learned filter.

The trigger lexicon finds every word that can name a happening, and the rules give each one a
type, a doer, a place and a date. Many of these are not events a coder would enter: a second
telling of the attack the lead already told ("the assault", "the killings" three paragraphs
on), a word inside a quote that only recalls, an "attack" in a purpose clause, a type the
sentence does not bear out. Hand rules for that were tuned on the team's own writing and did not
carry over to other writers. So each event gets a probability of being one a coder enters,
from a logistic regression over what the record and the parse say about it (its type and
status, which arguments it has, where it sits in the report and in its sentence, whether an
earlier event of the same type came first, whether it is quoted or hangs off another clause),
trained by ``scripts/train_event_keep.py`` on the dev half of the independent corpus
(bench/corpus), its threshold chosen by leave-one-writer-out cross-validation on the events'
end-to-end F1. Events below the threshold are left out of the record.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsledger.analysis._chooser import VERBAL, Model, load
from newsledger.analysis._event_dates import _trigger  # the event's word in the Doc
from newsledger.analysis._precision import day
from newsledger.analysis._reporting import REPORTING_VERBS
from newsledger.record import PLOVER_TYPES, Record

STATUSES = ("planned", "hypothetical", "negated", "denied")
CLAUSES = ("advcl", "relcl", "acl", "ccomp", "xcomp", "conj", "pcomp", "pobj", "dobj", "nsubj", "nsubjpass")
RECALL_WORDS = frozenset({"after", "following", "since", "before", "ahead", "amid", "despite"})
FEATURES = (
    *(f"type_{t}" for t in PLOVER_TYPES),
    *(f"status_{s}" for s in STATUSES),
    "verbal", "noun_trigger", "has_actor", "actor_named", "has_target", "has_place", "dated_in_text",
    "has_date", "has_fatalities", "has_source", "in_quote",
    "first_sentence", "lead_position", "log_sentence_index",
    "others_in_sentence", "first_in_sentence", "log_same_type_before", "same_type_same_actor_before",
    "root_trigger", *(f"dep_{d}" for d in CLAUSES), "under_reporting_verb", "recalled",
    "log_sentence_tokens", "sentence_has_number",
    # how long before the report the event lies: background ("since 2020", "last year's
    # protests") is told, not reported
    "log_days_before_report", "month_before_report", "after_report", "year_precision",
)


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    return load("keep_model.json", FEATURES, "scripts/train_event_keep.py")


def _under_reporting(tok: Token) -> bool:
    return any(up.lemma_.lower() in REPORTING_VERBS for up in tok.ancestors)


def _recalled(tok: Token) -> bool:
    """A back-reference: the word hangs off "after", "since", "following" ... on its way up."""
    for up in (tok, *tok.ancestors):
        if up.dep_ in ("pobj", "pcomp", "advcl") and up.head.lower_ in RECALL_WORDS:
            return True
        if any(c.dep_ == "mark" and c.lower_ in RECALL_WORDS for c in up.children):
            return True
        if up.dep_ == "ROOT":
            break
    return False


def _age(e, published: date | None) -> tuple[float, float, float, float]:
    """(log days before the report, a month or more before, after the report, year only)."""
    year_only = float(bool(e.date) and len(e.date) == 4)
    if published is None or not e.date:
        return 0.0, 0.0, 0.0, year_only
    first = day(e.date) or (day(e.date + "-01") if len(e.date) == 7 else None) \
        or (day(e.date + "-12-31") if len(e.date) == 4 else None)
    if first is None:
        return 0.0, 0.0, 0.0, year_only
    days = (published - first).days
    return math.log1p(max(0, days)), float(days >= 30), float(days < 0), year_only


def rows(doc: Doc, record: Record) -> list[list[float]]:
    """Each event's features, in the record's order."""
    body = record.article.body
    quotes = [(q.start, q.end) for q in record.quotes]
    starts = sorted({e.evidence.start for e in record.events})
    sentence_of = {s.start_char: n for n, s in enumerate(doc.sents)}
    published = day((record.article.published or "")[:10])
    out = []
    seen_types: dict[str, int] = {}
    seen_pairs: set[tuple[str, str]] = set()
    for i, e in enumerate(record.events):
        tok = _trigger(doc, e)
        at = tok.idx if tok is not None else e.evidence.start
        same = [k for k, o in enumerate(record.events) if o.evidence.start == e.evidence.start]
        sent = tok.sent if tok is not None else None
        n_sent = sentence_of.get(sent.start_char, starts.index(e.evidence.start)) if sent is not None \
            else starts.index(e.evidence.start)
        actor_key = (e.actor.canonical or e.actor.entity_id or e.actor.name).lower() if e.actor else ""
        dep = tok.dep_ if tok is not None else ""
        out.append([
            *(float(e.type == t) for t in PLOVER_TYPES),
            *(float(e.status == s) for s in STATUSES),
            float(e.type in VERBAL), float(tok is not None and tok.pos_ in ("NOUN", "PROPN")),
            float(e.actor is not None), float(e.actor is not None and e.actor.entity_id is not None),
            float(e.target is not None), float(e.place is not None), float(bool(e.date_text)),
            float(e.date is not None), float(e.fatalities is not None), float(e.source is not None),
            float(any(a <= at < b for a, b in quotes)),
            float(n_sent == 0), e.evidence.start / max(1, len(body)), math.log1p(n_sent),
            float(len(same) - 1), float(same[0] == i),
            math.log1p(seen_types.get(e.type, 0)), float((e.type, actor_key) in seen_pairs),
            float(dep == "ROOT"), *(float(dep == d) for d in CLAUSES),
            float(tok is not None and _under_reporting(tok)), float(tok is not None and _recalled(tok)),
            math.log1p(len(sent) if sent is not None else 0),
            float(sent is not None and any(t.like_num for t in sent)),
            *_age(e, published),
        ])
        seen_types[e.type] = seen_types.get(e.type, 0) + 1
        seen_pairs.add((e.type, actor_key))
    return out


def scores(doc: Doc, record: Record, model: Model) -> list[float]:
    return [model.score(x) for x in rows(doc, record)]


def infer(doc: Doc, record: Record, model: Model | None = None) -> list:
    """The record's events, without those the model finds no coder would enter."""
    model = model or shipped()
    if model is None or not record.events:
        return list(record.events)
    return [e for e, p in zip(record.events, scores(doc, record, model)) if p >= model.threshold]
