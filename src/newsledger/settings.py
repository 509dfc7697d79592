"""Settings: one frozen object, made once by a shell and passed down explicitly.

Nothing below the shells reads the environment: :meth:`Settings.from_env` is called by the
CLI and the API when they start, and every stage takes what it needs from the object it is
given (defaults: :data:`DEFAULT`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

ACLED_CLASSIFIER_ENV = "NEWSLEDGER_ACLED_CLASSIFIER"
TOKEN_ENV = "NEWSLEDGER_TOKEN"
ACTORS_ENV = "NEWSLEDGER_ACTORS"


@dataclass(frozen=True)
class Settings:
    # Records parsed together with nlp.pipe: batching keeps the pipeline's cost close to
    # spaCy's own, small batches keep memory flat and results flowing.
    batch_size: int = 16
    # A longer body is analysed a paragraph group at a time (see newsledger.pieces). Far above
    # any news report (the 80 Fundus pages and 150 PolNeAR texts: at most 40,864 characters),
    # far below spaCy's limit (1,000,000).
    chunk_chars: int = 100_000
    # A longer body is refused by the analysis (``--only article`` still gives the article).
    # Pieces take time in proportion to the length (about 37 CPU seconds per million characters
    # of dense text), but the record grows with it: at 2,400,000 characters of dense generated
    # reporting the peak was 871 MB, and the budget is 1 GiB.
    max_body_chars: int = 2_000_000
    # Refine the lexicon's ACLED codes with the sentence-embedding classifier (an embedding
    # per event sentence, hence off by default; see newsledger.analysis.events.refine_acled).
    acled_classifier: bool = False
    # The bearer token POST /api/reports needs; None turns writing off.
    api_token: str | None = None
    # A user's actor table (CSV or JSON, see data/README_actors.md) added to the shipped one;
    # None: the shipped table only. One that cannot be read is reported by the shells and the
    # shipped table is used instead.
    actor_table: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, with what the environment sets (``NEWSLEDGER_ACLED_CLASSIFIER=1``,
        ``NEWSLEDGER_TOKEN``, ``NEWSLEDGER_ACTORS``)."""
        environ = os.environ if environ is None else environ
        return cls(acled_classifier=environ.get(ACLED_CLASSIFIER_ENV, "") == "1",
                   api_token=environ.get(TOKEN_ENV) or None,
                   actor_table=environ.get(ACTORS_ENV) or None)


DEFAULT = Settings()
