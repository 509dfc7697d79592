"""Dates for events whose sentence names none: a small learned choice among candidates.

Most event sentences name no date. "The army blamed the RSF for the attack" happened on the
day of the report or the day before; "the RSF stormed the camp" in the fourth paragraph is the
happening the lead dated. Which candidate is right depends on the event's kind, its tense and
where it sits, and hand rules for that held only on the team's own writing. So each undated
event's candidates (the report's day, the day before it, the date of the nearest dated event
before it, the date of the report's first dated event) are scored by a logistic regression
trained by ``scripts/train_event_arguments.py`` on the dev half of the independent corpus
(bench/corpus), its threshold chosen by leave-one-writer-out cross-validation. The best
candidate is taken only above that threshold; otherwise the event stays undated ("unknown",
bounded by the report's date). An inferred date has no ``date_text``: nothing in the text
states it, and its precision says how far it can be trusted.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsledger.analysis._chooser import VERBAL, Model, load, pick
from newsledger.analysis._datelines import report_date
from newsledger.analysis._reporting import REPORTING_VERBS
from newsledger.analysis._precision import day as _day
from newsledger.record import DateMention, Event, Record

RECALL_WORDS = ("after", "following", "since", "before", "ahead of")
CANDIDATES = ("report_day", "day_before", "previous_event", "lead_event", "sentence_date")
FEATURES = (
    *(f"cand_{c}" for c in CANDIDATES),
    "verbal", "planned", "past", "present", "perfect", "noun_trigger", "first_paragraphs",
    "cand_same_type", "log_chars_from_candidate", "log_days_before_report", "lead_position",
    "date_before_trigger", "date_of_reporting_verb", "date_of_other_event", "log_tokens_to_trigger",
    # what the event is, for each kind of candidate: the features above that are the same for
    # every candidate of an event cannot choose between them; crossed with the candidate's kind
    # they can ("calls on the government": a statement in the present is the report's own day)
    *(f"{c}_x_{f}" for c in CANDIDATES for f in ("verbal", "present", "past", "noun_trigger")),
)


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    return load("date_model.json", FEATURES, "scripts/train_event_arguments.py")


def of_another_time(tok: Token, marks) -> bool:
    """A clause of another time: an adverbial clause opened by one of ``marks`` ("since convoys
    resumed on Friday"); its days are its own verb's, not those of the word it hangs off."""
    return tok.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in tok.children)


def _trigger(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.text == event.trigger), None)


def _tense(tok: Token | None) -> tuple[float, float, float, float]:
    """(past, present, perfect, noun) of the trigger's clause."""
    if tok is None:
        return 0.0, 0.0, 0.0, 0.0
    if tok.pos_ in ("NOUN", "PROPN"):
        return 0.0, 0.0, 0.0, 1.0
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    perfect = float(bool(aux & {"has", "have", "'s"}))
    past = float(tok.tag_ == "VBD" or bool(aux & {"was", "were", "had", "did"}))
    present = float(tok.tag_ in ("VBZ", "VBP") or bool(aux & {"is", "are", "am", "does", "do"}))
    return past, present, perfect, 0.0


def candidates(events: list[Event], index: int, published: date | None) -> list[tuple[str, date, Event | None]]:
    """(kind, day, the event it comes from) for the undated event at ``index``."""
    out: list[tuple[str, date, Event | None]] = []
    if published is not None:
        out += [("report_day", published, None), ("day_before", published - timedelta(days=1), None)]
    here = events[index].evidence.start
    # Not from an event the sentence recalls as before or after it ("closed after the weekend's
    # attack"): that one is another time.
    recalls = any(f" {w} " in events[index].evidence.text for w in RECALL_WORDS)
    dated = [e for e in events if e.date_text and _day(e.date) and e.status == "asserted"
             and not (recalls and e.evidence.start == here)]
    before = [e for e in dated if e.evidence.start < here]
    if before:
        prev = max(before, key=lambda e: e.evidence.start)
        out.append(("previous_event", _day(prev.date), prev))
    if dated:
        lead = min(dated, key=lambda e: e.evidence.start)
        out.append(("lead_event", _day(lead.date), lead))
    return out


def _sentence_dates(doc: Doc, dates: list[DateMention], event: Event, tok: Token | None,
                    triggers: set[int]) -> list[tuple[date, list[float], str]]:
    """The days the event's own sentence names ("on Tuesday morning"), each with what governs it:
    whether it comes before the trigger, hangs off a reporting verb ("said on Wednesday") or off
    another event's word, and how far it is from the trigger in the parse."""
    out = []
    for d in dates:
        value = _day(d.value or "")
        if value is None or not (event.evidence.start <= d.start < event.evidence.end):
            continue
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        root, reporting, other, steps = span.root, 0.0, 0.0, 12.0
        for n, up in enumerate([root, *root.ancestors]):
            if tok is not None and up.i == tok.i:
                steps = float(n)
                break
            if up.i != root.i and up.lemma_.lower() in REPORTING_VERBS:
                reporting = 1.0
                break
            if up.i != root.i and up.i in triggers:
                other = 1.0
                break
            if of_another_time(up, RECALL_WORDS):
                other = 1.0  # "the first attack since convoys resumed on Friday": the resuming's day
                break
        if reporting or other:
            continue  # "said on Wednesday", "after an attack at the weekend": another's time
        before = float(tok is not None and d.start < tok.idx)
        out.append((value, [before, reporting, other, math.log1p(steps)], d.text))
    return out


def features(event: Event, tok: Token | None, kind: str, day: date, source: Event | None,
             published: date | None, body_chars: int, attach: list[float] | None = None) -> list[float]:
    past, present, perfect, noun = _tense(tok)
    distance = abs(event.evidence.start - source.evidence.start) if source is not None else 0
    before = (published - day).days if published is not None else 0
    verbal = float(event.type in VERBAL)
    return [
        *(float(kind == c) for c in CANDIDATES),
        verbal, float(event.status == "planned"), past, present, perfect, noun,
        float(event.evidence.start < 600),
        float(source is not None and source.type == event.type),
        math.log1p(distance), math.log1p(max(0, min(before, 60))),
        event.evidence.start / max(1, body_chars),
        *(attach or [0.0, 0.0, 0.0, 0.0]),
        *(float(kind == c) * f for c in CANDIDATES for f in (verbal, present, past, noun)),
    ]


def rows(doc: Doc, record: Record) -> list[tuple[int, list[tuple[str, date, Event | str | None, list[float]]]]]:
    """For each undated event of the record: its index and its candidates with their features."""
    published = _day((record.article.published or "")[:10])
    body_chars = len(record.article.body)
    triggers = {t.i for t in (_trigger(doc, e) for e in record.events) if t is not None}
    dates = [d for d in record.dates if not report_date(doc, d)]  # a dateline's day is no event's
    out = []
    from newsledger.analysis.events import recalled_clause  # the rules' own reading (imports this module)

    for i, e in enumerate(record.events):
        if e.date is not None or e.status in ("hypothetical", "negated"):
            continue
        tok = _trigger(doc, e)
        if tok is not None and recalled_clause(tok):
            # "after an attack on a convoy": the recalled happening is before the sentence's
            # time, which is all the report says; the report's day or its lead's would be a guess
            # that splits it from the tellings that date it.
            continue
        cands = [(kind, day, src, features(e, tok, kind, day, src, published, body_chars))
                 for kind, day, src in candidates(record.events, i, published)]
        cands += [("sentence_date", day, text, features(e, tok, "sentence_date", day, None, published, body_chars, x))
                  for day, x, text in _sentence_dates(doc, dates, e, tok, triggers)]
        if cands:
            out.append((i, cands))
    return out


def infer(doc: Doc, record: Record, model: Model | None = None) -> list[Event]:
    """The record's events, the undated ones dated where the model is confident enough."""
    model = model or shipped()
    events = list(record.events)
    if model is None:
        return events
    for i, cands in rows(doc, record):
        k = pick(model, [x for _k, _d, _s, x in cands], None)
        if k is None:
            continue
        kind, day, src, _x = cands[k]
        update = {}
        if kind == "sentence_date":  # named in the sentence: the text states it
            precision, days, update = "day", [day.isoformat(), day.isoformat()], {"date_text": src}
        elif kind in ("report_day", "day_before"):
            precision, days = "days", [day.isoformat(), (day + timedelta(days=1)).isoformat()]
            if kind == "report_day":
                days = [(day - timedelta(days=1)).isoformat(), day.isoformat()]
        else:
            precision = src.date_precision or "day"
            days = src.date_range or [day.isoformat(), day.isoformat()]
        events[i] = events[i].model_copy(update={"date": day.isoformat(), "date_precision": precision,
                                                 "date_range": days, **update})
    return events
