"""One event per happening within a report, once every argument is chosen.

The events step folds back-references while it reads the text ("the attack", "Monday's
shelling"), but a report tells its main happening in several sentences that each name it
afresh ("gunmen attacked the market on Tuesday" ... "The drone struck at mid-morning on
Tuesday" ... "Dozens more were wounded"). Only after the learned choosers have given each
telling its place and date, and the actors step has coded its actor, do these tellings show
that they are one happening: the same type and status, on the same day (or one of them dated
only by inference, with no date words of its own), at the same place, by the same actor (or one
not named). On the dev half of bench/corpus a report's predicted events
held 81 such repeats among 399 events, where the writers' gold held 11 (mostly different
demands of one group on one day, which stay apart when their actors differ).

The telling that is kept is the one that states the happening most fully (actor, target,
place, its own date words, toll, source: as a coder picks the sentence to cite); the others
fill what it lacks, and the highest toll given stands ("7 dead" then "the toll rose to 11").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsledger.analysis.events import gaps_filled
from newsledger.record import Event, Record, Ref


def _actor_key(ref: Ref) -> str:
    return ref.key or ref.canonical or ref.name


def _same_actor(a: Ref | None, b: Ref | None) -> bool:
    """The same coded actor, or one side unnamed or not coded as an actor at all."""
    if a is None or b is None or a.kind is None or b.kind is None:
        return True
    return _actor_key(a) == _actor_key(b)


def _same_day(a: Event, b: Event) -> bool:
    """The same date, or one telling's date only inferred (no words of its own: "12 people were
    killed", told after the lead dated the attack), which the dated telling then gives."""
    return a.date == b.date or (a.date_text is None) != (b.date_text is None)


def _bare(e: Event) -> bool:
    """A telling that names neither its day nor its place ("Our drivers were ambushed after the
    border post"): the day and place the choosers gave it are borrowed from the report, so they
    cannot set it apart from the telling that names them. (One left with no place at all stays
    apart, as before: "an attack somewhere in the north".)"""
    return e.date_text is None and e.place is not None and e.place.name.casefold() not in e.evidence.text.casefold()


# "The soldiers returned fire": the attacked side's answer in the same exchange, which ACLED codes
# as one event with the attack; it is a telling of that attack, whoever fires.
_ANSWER = re.compile(r"\b(?:return(?:s|ed|ing)?|answer(?:s|ed|ing)?)\s+(?:the\s+)?fire\b|\bfir(?:e|es|ed|ing)\s+back\b",
                     re.IGNORECASE)


def _answers(later: Event, earlier: Event) -> bool:
    """Whether ``later`` is the other side firing back in the attack ``earlier`` tells, on its day."""
    return (later.type == earlier.type == "ASSAULT" and later.status == earlier.status == "asserted"
            and bool(_ANSWER.search(later.evidence.text)) and (later.date == earlier.date or later.date is None))


def same_happening(a: Event, b: Event) -> bool:
    if (a.type, a.status) != (b.type, b.status) or not _same_day(a, b):
        return False
    # Two words of one sentence ("gunmen fired on the convoy near Moatize ..., in the first
    # attack on the road") tell one happening, whatever place each was given on its own.
    same_sentence = (a.evidence.start, a.evidence.end) == (b.evidence.start, b.evidence.end)
    # a bare telling joins a placed one of the same coded actor (not merely one with no actor)
    borrowed = ((_bare(a) and b.place is not None) or (_bare(b) and a.place is not None)) and (
        a.actor is not None and b.actor is not None and a.actor.kind is not None and b.actor.kind is not None
        and _actor_key(a.actor) == _actor_key(b.actor))
    if not (same_sentence or borrowed) and ((a.place is None) != (b.place is None) or (
            a.place and b.place and a.place.name != b.place.name)):
        return False
    return _same_actor(a.actor, b.actor)


def _fullness(e: Event) -> int:
    own_date = e.date_text is not None and e.date_text != e.date  # its own words, not a date borrowed
    return sum((e.actor is not None, e.target is not None, e.place is not None, own_date,
                e.fatalities is not None, e.source is not None))


def _fold(kept: Event, other: Event) -> Event:
    base, extra = (other, kept) if _fullness(other) > _fullness(kept) else (kept, other)
    updates = gaps_filled(base, extra, ("actor", "target", "place", "mode", "acled", "source"))
    if extra.fatalities is not None and (base.fatalities is None or extra.fatalities > base.fatalities):
        updates["fatalities"] = extra.fatalities
    if base.date_text is None and extra.date_text is not None:  # the day the text gives, not one inferred
        updates.update({name: getattr(extra, name) for name in ("date", "date_text", "date_precision", "date_range")})
    return base.model_copy(update=updates) if updates else base


def one_per_happening(events: list[Event]) -> list[Event]:
    """The report's events with repeated tellings of one happening folded into one, in the
    order of each happening's first telling."""
    kept: list[Event] = []
    for e in events:
        for i, k in enumerate(kept):
            if _answers(e, k):
                # the attack stays the event, with its own doer and target: the answer only tells it again
                kept[i] = k.model_copy(update=gaps_filled(k, e, ()))
                break
            if same_happening(k, e):
                kept[i] = _fold(k, e)
                break
        else:
            kept.append(e)
    return kept


def annotate(doc: Doc, record: Record) -> None:
    record.events = one_per_happening(record.events)
