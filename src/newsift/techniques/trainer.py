"""Fine-tuning MiniLM-L6 for PTC spans and techniques (torch; training only).

One run: MiniLM-L6 encoder, a per-token head (SI bit + 14 technique bits, BCE) and a span
classifier over mean/max-pooled span tokens plus repetition features (cross-entropy), all
trained together on the PTC train split minus a fixed 15% validation split by article.
After every epoch the validation articles are decoded exactly as at run time; the epoch
with the best SI F1 + TC micro-F1 is kept. Uses CUDA (bf16) when present, else CPU fp32:
same command, same data, same seed; only slower on CPU.

Imports only torch, numpy, tokenizers, safetensors and this package's numpy modules, so it
also runs on a bare GPU machine (see ``device_train.py``).
"""

from __future__ import annotations

import io
import json
import math
import os
import platform
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from newsift.techniques.data import PTCArticle, load_split, train_val_split
from newsift.techniques.decode import SpanHead
from newsift.techniques.encoding import (
    Window,
    batch,
    best_window,
    load_tokenizer,
    make_windows,
    span_features,
    token_mask_for_span,
)
from newsift.techniques.labels import LABEL_INDEX, LABELS
from newsift.techniques.metrics import tc_score
from newsift.techniques.predict import ArticleOutputs, Decoding, tc_predictions, tune_si
from newsift.techniques.torch_model import TechniqueModel, load_minilm
from newsift.techniques.train_config import TrainConfig

MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


@dataclass
class Examples:
    windows: list[Window]
    y_si: list[np.ndarray]
    y_tech: list[np.ndarray]
    y_w: list[np.ndarray] = field(default_factory=list)
    spans_by_window: dict[int, list[tuple[np.ndarray, int, np.ndarray]]] = field(default_factory=dict)
    article_windows: dict[str, list[int]] = field(default_factory=dict)


def build_examples(articles: list[PTCArticle], tok, max_tokens: int, len_weight: float = 0.0) -> Examples:
    ex = Examples([], [], [])
    for a in articles:
        ws = make_windows(tok, a.text, a.sentences, max_tokens)
        base = len(ex.windows)
        si = a.si or [(s, e) for _, s, e in a.tc]
        for w in ws:
            y = np.zeros(len(w.ids), dtype=np.float32)
            wt = np.ones(len(w.ids), dtype=np.float32)
            for s, e in si:
                m = token_mask_for_span(w, s, e)
                y[m] = 1.0
                if len_weight > 0 and m.any():
                    wt[m] = np.maximum(wt[m] if (wt[m] != 1).any() else 0, np.clip((8.0 / m.sum()) ** len_weight, 0.5, 3.0))
            ex.y_w.append(wt)
            yt = np.zeros((len(w.ids), len(LABELS)), dtype=np.float32)
            for lab, s, e in a.tc:
                yt[token_mask_for_span(w, s, e), LABEL_INDEX[lab]] = 1.0
            ex.windows.append(w)
            ex.y_si.append(y)
            ex.y_tech.append(yt)
        ex.article_windows[a.id] = list(range(base, base + len(ws)))
        lower = a.text.lower()
        for lab, s, e in a.tc:
            widx, mask = best_window(ws, s, e)
            if widx < 0:
                continue
            feats = span_features(a.text, s, e, int(mask.sum()), lower)
            ex.spans_by_window.setdefault(base + widx, []).append((mask, LABEL_INDEX[lab], feats))
    return ex


def _set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def head_of(model: TechniqueModel) -> SpanHead:
    def t(x: torch.Tensor) -> np.ndarray:
        return x.detach().float().cpu().numpy()

    return SpanHead(t(model.span_fc1.weight), t(model.span_fc1.bias), t(model.span_fc2.weight), t(model.span_fc2.bias))


@torch.no_grad()
def run_encoder(model: TechniqueModel, windows: list[Window], device: str, bs: int = 64) -> tuple[list, list]:
    model.eval()
    logits, hidden = [], []
    for i in range(0, len(windows), bs):
        chunk = windows[i : i + bs]
        ids, mask = batch(chunk)
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
            lg, h = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
        lg, h = lg.float().cpu().numpy(), h.float().cpu().numpy()
        for j, w in enumerate(chunk):
            logits.append(lg[j, : len(w.ids)])
            hidden.append(h[j, : len(w.ids)])
    return logits, hidden


def evaluate(outs: dict[str, ArticleOutputs], val: list[PTCArticle], heads: list[SpanHead]) -> dict:
    """SI (thresholds tuned on these articles), TC micro-F1 on gold spans."""
    gold_si = {a.id: a.si for a in val}
    dec, si_f1, _ = tune_si(outs, gold_si)
    tc_pred = {a.id: tc_predictions(outs[a.id], heads, [(s, e) for _, s, e in a.tc]) for a in val}
    tc = tc_score(tc_pred, {a.id: a.tc for a in val}).f1
    return {"si_f1": si_f1, "tc_f1": tc, "decoding": asdict(dec)}


def article_outputs(model: TechniqueModel, arts: list[PTCArticle], ex: Examples, device: str) -> dict[str, ArticleOutputs]:
    logits, hidden = run_encoder(model, ex.windows, device)
    outs = {}
    for a in arts:
        idx = ex.article_windows[a.id]
        outs[a.id] = ArticleOutputs(a.text, [ex.windows[i] for i in idx], [[logits[i] for i in idx]], [[hidden[i] for i in idx]])
    return outs


def train(cfg: TrainConfig, data_root: Path, minilm_dir: Path, log=print, deadline: float = float("inf")) -> dict:
    """Train once; return ``{"state": state_dict (fp32, cpu), "history": [...], "best": {...}}``."""
    _set_seed(cfg.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tok = load_tokenizer(minilm_dir / "tokenizer.json")
    arts = load_split(data_root, "train")
    if cfg.limit_articles:
        arts = arts[: cfg.limit_articles]
    tr_arts, va_arts = train_val_split(arts, cfg.val_fraction)
    if not va_arts:  # tiny smoke runs
        va_arts = tr_arts[-2:]
    tr = build_examples(tr_arts, tok, cfg.max_tokens, cfg.span_len_weight)
    va = build_examples(va_arts, tok, cfg.max_tokens)
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    log(f"device={device} train: {len(tr_arts)} articles / {len(tr.windows)} windows; val: {len(va_arts)} / {len(va.windows)}")

    model = TechniqueModel()
    load_minilm(model, str(minilm_dir / "model.safetensors"))
    model.to(device)
    head_params = [p for n, p in model.named_parameters() if n.startswith(("token_head", "span_"))]
    enc_decay = [p for n, p in model.named_parameters() if not n.startswith(("token_head", "span_")) and p.ndim >= 2]
    enc_nodecay = [p for n, p in model.named_parameters() if not n.startswith(("token_head", "span_")) and p.ndim < 2]
    opt = torch.optim.AdamW(
        [
            {"params": enc_decay, "lr": cfg.lr, "weight_decay": cfg.weight_decay},
            {"params": enc_nodecay, "lr": cfg.lr, "weight_decay": 0.0},
            {"params": head_params, "lr": cfg.head_lr, "weight_decay": cfg.weight_decay},
        ]
    )
    steps_per_epoch = math.ceil(len(tr.windows) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    warm = max(1, int(cfg.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm + 1e-9))))
    pos_w = torch.tensor([cfg.si_pos_weight], device=device)

    history, best, best_state = [], None, None
    avg_state, n_avg = None, 0
    t0 = time.time()
    rng = np.random.default_rng(cfg.seed)
    for epoch in range(cfg.epochs):
        model.train()
        order = rng.permutation(len(tr.windows))
        tot = {"si": 0.0, "tech": 0.0, "span": 0.0}
        for b in range(steps_per_epoch):
            idx = order[b * cfg.batch_size : (b + 1) * cfg.batch_size]
            wins = [tr.windows[i] for i in idx]
            ids, mask = batch(wins)
            T = ids.shape[1]
            y_si = np.zeros((len(idx), T), dtype=np.float32)
            y_t = np.zeros((len(idx), T, len(LABELS)), dtype=np.float32)
            tokmask = np.zeros((len(idx), T), dtype=np.float32)
            y_w = np.zeros((len(idx), T), dtype=np.float32)
            s_win, s_mask, s_lab, s_feat = [], [], [], []
            for j, i in enumerate(idx):
                n = len(tr.windows[i].ids)
                y_si[j, :n] = tr.y_si[i]
                y_t[j, :n] = tr.y_tech[i]
                tokmask[j, 1 : n - 1] = 1.0
                y_w[j, :n] = tr.y_w[i]
                for m, lab, f in tr.spans_by_window.get(int(i), []):
                    mm = np.zeros(T, dtype=np.float32)
                    mm[: len(m)] = m
                    s_win.append(j)
                    s_mask.append(mm)
                    s_lab.append(lab)
                    s_feat.append(f)
            to = lambda x: torch.from_numpy(np.asarray(x)).to(device)  # noqa: E731
            ids_t, mask_t, tm = to(ids), to(mask), to(tokmask)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                logits, hidden = model(ids_t, mask_t)
                logits = logits.float()
                l_si = (F.binary_cross_entropy_with_logits(logits[..., 0], to(y_si), pos_weight=pos_w, reduction="none") * tm * to(y_w)).sum() / tm.sum()
                l_t = (F.binary_cross_entropy_with_logits(logits[..., 1:], to(y_t), reduction="none").mean(-1) * tm).sum() / tm.sum()
                loss = l_si + cfg.tech_weight * l_t
                if s_win:
                    sl = model.span_logits(hidden, to(s_win), to(np.stack(s_mask)), to(np.stack(s_feat)))
                    l_sp = F.cross_entropy(sl.float(), to(s_lab), label_smoothing=cfg.label_smoothing)
                    loss = loss + cfg.span_weight * l_sp
                    tot["span"] += float(l_sp.detach())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot["si"] += float(l_si.detach())
            tot["tech"] += float(l_t.detach())
        outs = article_outputs(model, va_arts, va, device)
        res = evaluate(outs, va_arts, [head_of(model)])
        res.update(epoch=epoch + 1, seconds=round(time.time() - t0, 1), **{f"loss_{k}": round(v / steps_per_epoch, 4) for k, v in tot.items()})
        history.append(res)
        log(json.dumps(res))
        score = res["si_f1"] + res["tc_f1"]
        if best is None or score > best["si_f1"] + best["tc_f1"]:
            best = res
            best_state = {k: v.detach().float().cpu().clone() for k, v in model.state_dict().items()}
        if cfg.avg_last and epoch >= cfg.epochs - cfg.avg_last:
            cur = {k: v.detach().float().cpu() for k, v in model.state_dict().items()}
            if avg_state is None:
                avg_state, n_avg = {k: v.clone() for k, v in cur.items()}, 1
            else:
                n_avg += 1
                for k in avg_state:
                    avg_state[k] += (cur[k] - avg_state[k]) / n_avg
        if time.time() > deadline:
            log("deadline reached: stopping after this epoch")
            break
    if avg_state is not None and n_avg > 1:
        keep = {k: v.detach().clone() for k, v in model.state_dict().items()}
        model.load_state_dict(avg_state)
        res = evaluate(article_outputs(model, va_arts, va, device), va_arts, [head_of(model)])
        res.update(epoch=f"avg of last {n_avg}", seconds=round(time.time() - t0, 1))
        history.append(res)
        log(json.dumps(res))
        if res["si_f1"] + res["tc_f1"] > best["si_f1"] + best["tc_f1"]:
            best, best_state = res, avg_state
        model.load_state_dict(keep)
    return {
        "state": best_state,
        "history": history,
        "best": best,
        "config": asdict(cfg),
        "device": device,
        "device_name": torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or platform.machine(),
        "train_seconds": round(time.time() - t0, 1),
        "n_train_articles": len(tr_arts),
        "n_val_articles": len(va_arts),
        "val_ids": [a.id for a in va_arts],
    }


# ---- moving a trained state between machines (files under 16 MB each) ----

def save_state_parts(result: dict, out_dir: Path, part_bytes: int = 15 * 1024 * 1024) -> list[Path]:
    """fp16 state dict split into parts, plus ``train_log.json`` with the rest of ``result``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    torch.save({k: v.half() if v.is_floating_point() else v for k, v in result["state"].items()}, buf)
    data = buf.getvalue()
    paths = []
    for k in range(0, len(data), part_bytes):
        p = out_dir / f"state.pt.part{k // part_bytes}"
        p.write_bytes(data[k : k + part_bytes])
        paths.append(p)
    meta = {k: v for k, v in result.items() if k != "state"}
    (out_dir / "train_log.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return paths


def load_state_parts(directory: Path) -> dict:
    parts = sorted(directory.glob("state.pt.part*"), key=lambda p: int(p.name.rsplit("part", 1)[1]))
    data = b"".join(p.read_bytes() for p in parts)
    state = torch.load(io.BytesIO(data), map_location="cpu")
    meta = json.loads((directory / "train_log.json").read_text(encoding="utf-8"))
    meta["state"] = {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
    return meta


# ---- export ----

def export_onnx(state: dict, path: Path, quantize: bool = True) -> Path:
    """Encoder + token head to ONNX (dynamic batch and length), optionally int8 (dynamic quantization)."""
    model = TechniqueModel()
    model.load_state_dict(state)
    model.eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.int64)
    mask = (ids != 0).long()
    fp32 = path.with_suffix(".fp32.onnx")
    torch.onnx.export(
        model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
        output_names=["token_logits", "hidden"],
        dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                      "token_logits": {0: "b", 1: "t"}, "hidden": {0: "b", 1: "t"}},
        opset_version=17, dynamo=False,
    )
    if not quantize:
        fp32.replace(path)
        return path
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # per-channel int8: per-tensor scales cost ~0.01 SI F1 on validation, per-channel ~0.001
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"])
    fp32.unlink()
    return path


def save_head(state: dict, path: Path) -> None:
    np.savez(
        path,
        w1=state["span_fc1.weight"].numpy(), b1=state["span_fc1.bias"].numpy(),
        w2=state["span_fc2.weight"].numpy(), b2=state["span_fc2.bias"].numpy(),
    )


def machine_description() -> str:
    return f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, torch {torch.__version__}"


def config_for(meta: dict, decoding: Decoding) -> dict:
    return {"labels": list(LABELS), "max_tokens": meta["config"]["max_tokens"], "decoding": asdict(decoding)}


def build_model_dir(members: list[dict], out_dir: Path, tokenizer_json: Path, max_tokens: int,
                    decoding: Decoding, quantize: bool = True) -> Path:
    """Write ``model{i}.onnx``/``head{i}.npz`` per member, ``tokenizer.json`` and ``config.json``."""
    import shutil

    out_dir.mkdir(parents=True, exist_ok=True)
    cfg_members = []
    for i, state in enumerate(members):
        export_onnx(state, out_dir / f"model{i}.onnx", quantize=quantize)
        save_head(state, out_dir / f"head{i}.npz")
        cfg_members.append({"onnx": f"model{i}.onnx", "head": f"head{i}.npz"})
    shutil.copyfile(tokenizer_json, out_dir / "tokenizer.json")
    cfg = {"labels": list(LABELS), "max_tokens": max_tokens, "decoding": asdict(decoding), "members": cfg_members}
    (out_dir / "config.json").write_text(json.dumps(cfg, indent=1) + "\n", encoding="utf-8")
    return out_dir
