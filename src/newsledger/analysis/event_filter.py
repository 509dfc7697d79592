"""Which events a coder would enter: the learned filter (``_event_keep``) as the last step.

It runs on the events as they will be stored (arguments chosen, actors coded, repeated tellings
folded), the same events ``scripts/train_event_keep.py`` learns from, so what it reads at run
time is what it was trained on.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsledger.analysis import _event_keep
from newsledger.record import Record


def annotate(doc: Doc, record: Record) -> None:
    record.events = _event_keep.infer(doc, record)
