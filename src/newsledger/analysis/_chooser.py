"""The learned choosers' shared part: a logistic regression over a candidate's features, and
the decision that defers to the rules unless the model is confident.

Dates, places and actors of events are each a choice among candidates (see
``_event_dates``, ``_event_places``, ``_event_actors``). The models are small and trained on
little material, so they overrule the event rules' own pick only by a margin, and drop it only
when they find it unlikely; both constants are chosen with the threshold by
leave-one-writer-out cross-validation (``scripts/train_event_arguments.py``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources


# Types whose events are things said (statements, demands, accusations, talks), which the
# choosers treat apart from things done.
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


@dataclass(frozen=True)
class Model:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float  # a candidate below it is not taken when the rules have none
    margin: float = 0.0  # how much better than the rules' pick a candidate must score
    drop: float = 0.0  # the rules' pick is dropped when it scores below this and nothing passes

    def score(self, x: list[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def decide(self, scores: list[float], rule: int | None) -> int | None:
        """The index of the chosen candidate, or None; ``rule`` is the rules' own pick."""
        if not scores:
            return None
        best = max(range(len(scores)), key=lambda i: scores[i])
        if rule is None:
            return best if scores[best] >= self.threshold else None
        if best != rule and scores[best] >= self.threshold and scores[best] - scores[rule] >= self.margin:
            return best
        if scores[rule] < self.drop and scores[best] < self.threshold:
            return None
        return rule


def pick(model: Model, rows: list[list[float]], rule: int | None, fill_ok: list[bool] | None = None) -> int | None:
    """The chosen candidate's index among ``rows`` (their features), or None. When the rules
    gave none, only the candidates ``fill_ok`` allows may fill the gap."""
    scores = [model.score(x) for x in rows]
    if rule is None and fill_ok is not None:
        scores = [p if ok else 0.0 for p, ok in zip(scores, fill_ok)]
    return model.decide(scores, rule)


def load(file: str, features: tuple[str, ...], script: str) -> Model | None:
    """The shipped model in ``data/events/<file>``, or None when there is none."""
    path = resources.files("newsledger") / "data" / "events" / file
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != features:
        raise ValueError(f"{file}: its features are not this code's; rebuild it with {script}")
    return Model(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"]),
                 float(data["threshold"]), float(data.get("margin", 0.0)), float(data.get("drop", 0.0)))
