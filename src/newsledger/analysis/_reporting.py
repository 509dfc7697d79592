"""Words that report speech, shared by the entities and quotes stages."""

from __future__ import annotations

# Verbs that report speech or a written or official statement.
REPORTING_VERBS = frozenset({
    "say", "tell", "add", "state", "announce", "claim", "insist", "warn", "note", "explain",
    "argue", "stress", "write", "confirm", "deny", "report", "acknowledge", "admit",
    "declare", "assert", "reiterate", "reply", "respond", "predict", "maintain", "caution",
    "concede", "contend", "allege", "vow", "pledge", "ask", "recall", "observe", "remark",
    "comment", "testify", "tweet", "emphasise", "emphasize", "signal", "indicate",
    "shout", "exclaim", "complain", "boast", "joke", "quip", "conclude",
})

# Verbs that report speech only right next to a quotation ("…,” she continued" /
# "He went on: “…”"); elsewhere they mean something else ("talks will continue").
FRAMING_ONLY_VERBS = frozenset({"continue", "go"})
