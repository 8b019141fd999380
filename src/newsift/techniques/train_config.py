"""Training hyper-parameters, kept apart from the trainer so the CLI can list them without torch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TrainConfig:
    max_tokens: int = 128
    epochs: int = 14
    batch_size: int = 32
    lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    tech_weight: float = 0.5
    span_weight: float = 1.0
    si_pos_weight: float = 1.0
    label_smoothing: float = 0.1
    seed: int = 13
    val_fraction: float = 0.15
    limit_articles: int = 0  # >0: a quick smoke run on that many articles
    span_len_weight: float = 0.5  # >0: weight tokens of short gold spans up, (8/len)^w (SI recall counts spans, not tokens)
    avg_last: int = 4  # >0: also try the average of the last N epochs' weights
