"""The training-time model: MiniLM-L6 (BERT layout) with a token tagger and a span classifier.

A small self-contained BERT so that training needs only torch (no ``transformers``) and
the parameter names match the ``all-MiniLM-L6-v2`` safetensors exactly. Attention is
written out (no fused kernels) so the ONNX export is plain and runs everywhere.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from newsift.techniques.encoding import N_SPAN_FEATURES

HIDDEN = 384
N_LABELS = 14


class _Embeddings(nn.Module):
    def __init__(self, vocab: int, hidden: int, max_pos: int, dropout: float):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden, padding_idx=0)
        self.position_embeddings = nn.Embedding(max_pos, hidden)
        self.token_type_embeddings = nn.Embedding(2, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(dropout)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(pos) + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class _SelfAttn(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)


class _DenseNorm(nn.Module):
    def __init__(self, d_in: int, hidden: int, dropout: float):
        super().__init__()
        self.dense = nn.Linear(d_in, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class _Attention(nn.Module):
    def __init__(self, hidden: int, heads: int, dropout: float):
        super().__init__()
        self.self = _SelfAttn(hidden)
        self.output = _DenseNorm(hidden, hidden, dropout)
        self.heads = heads
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        hd = d // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.self.query(x)), split(self.self.key(x)), split(self.self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd) + bias
        ctx = self.drop(scores.softmax(-1)) @ v
        ctx = ctx.transpose(1, 2).reshape(b, t, d)
        return self.output(ctx, x)


class _Intermediate(nn.Module):
    def __init__(self, hidden: int, inter: int):
        super().__init__()
        self.dense = nn.Linear(hidden, inter)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inter: int, dropout: float):
        super().__init__()
        self.attention = _Attention(hidden, heads, dropout)
        self.intermediate = _Intermediate(hidden, inter)
        self.output = _DenseNorm(inter, hidden, dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a = self.attention(x, bias)
        return self.output(self.intermediate(a), a)


class _Encoder(nn.Module):
    def __init__(self, layers: int, hidden: int, heads: int, inter: int, dropout: float):
        super().__init__()
        self.layer = nn.ModuleList([_Layer(hidden, heads, inter, dropout) for _ in range(layers)])


class TechniqueModel(nn.Module):
    """Encoder + token head (SI bit and 14 technique bits per token) + span classifier."""

    def __init__(self, vocab: int = 30522, layers: int = 6, hidden: int = HIDDEN, heads: int = 12, inter: int = 1536,
                 max_pos: int = 512, dropout: float = 0.1, span_hidden: int = 256):
        super().__init__()
        self.embeddings = _Embeddings(vocab, hidden, max_pos, dropout)
        self.encoder = _Encoder(layers, hidden, heads, inter, dropout)
        self.token_head = nn.Linear(hidden, 1 + N_LABELS)
        self.span_fc1 = nn.Linear(2 * hidden + N_SPAN_FEATURES, span_hidden)
        self.span_fc2 = nn.Linear(span_hidden, N_LABELS)
        self.span_drop = nn.Dropout(dropout)

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = (1.0 - mask[:, None, None, :].to(torch.float32)) * -10000.0
        x = self.embeddings(ids)
        for layer in self.encoder.layer:
            x = layer(x, bias.to(x.dtype))
        return x

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """ONNX graph: (token logits [B,T,15], hidden states [B,T,384])."""
        h = self.encode(ids, mask)
        return self.token_head(h), h

    def span_logits(self, hidden: torch.Tensor, win: torch.Tensor, smask: torch.Tensor, feats: torch.Tensor) -> torch.Tensor:
        """Classify spans: ``win`` (S,) window index, ``smask`` (S,T) token mask, ``feats`` (S,F)."""
        h = hidden[win].float()  # (S,T,D)
        m = smask.unsqueeze(-1).float()
        mean = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        mx = (h + (m - 1.0) * 1e4).max(1).values
        x = torch.cat([mean, mx, feats], dim=-1)
        return self.span_fc2(self.span_drop(F.gelu(self.span_fc1(x))))


def load_minilm(model: TechniqueModel, safetensors_path: str) -> None:
    """Copy the pretrained MiniLM weights into ``model`` (heads stay freshly initialised)."""
    from safetensors.torch import load_file

    state = {k: v.float() for k, v in load_file(safetensors_path).items() if k != "embeddings.position_ids" and not k.startswith("pooler.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    bad = [k for k in missing if not k.startswith(("token_head", "span_"))]
    if bad or unexpected:
        raise RuntimeError(f"MiniLM weights do not fit: missing {bad[:5]}, unexpected {unexpected[:5]}")
