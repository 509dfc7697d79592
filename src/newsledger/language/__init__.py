"""Language: one spaCy ``Doc`` per article body, built once and shared by every analysis.

The ``Doc`` is built over ``Article.body`` exactly, so token character offsets are body
offsets, as the record requires.
"""

from newsledger.language._chunks import cut_points
from newsledger.language._nlp import nlp, parse, parse_many

__all__ = ["nlp", "parse", "parse_many", "cut_points"]
