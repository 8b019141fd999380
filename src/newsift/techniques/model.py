"""The shipped technique model at run time: onnxruntime + ``tokenizers`` + numpy, no torch.

Loaded once per process (and per thread count), integrity-checked through the resource
MANIFEST. ``TechniqueModel.detect(text, sentences)`` gives labelled spans,
``classify(text, spans)`` gives a label distribution for given spans (TC).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.techniques.decode import SpanHead
from newsift.techniques.encoding import Window, batch, load_tokenizer, make_windows
from newsift.techniques.predict import ArticleOutputs, Decoding, classify_gold, detect, labels_for

RESOURCE = "techniques"


@dataclass
class Detection:
    start: int
    end: int
    label: str
    confidence: float
    span_prob: float
    label_prob: float
    runner_up: tuple[str, float] | None
    peak_tokens: list[str]
    source: str = "model"  # or "cue" (newsift.techniques.cues)
    explanation: str = ""


class TechniqueRunner:
    """Encoder session(s), span head(s), tokenizer and decoding settings of one model directory."""

    def __init__(self, directory: Path, threads: int | None = None):

        self.directory = Path(directory)
        self.config = json.loads((self.directory / "config.json").read_text(encoding="utf-8"))
        self.max_tokens = int(self.config["max_tokens"])
        self.decoding = Decoding(**self.config["decoding"])
        from newsift.resources import onnx_session

        self.sessions = [onnx_session(self.directory / m["onnx"], threads) for m in self.config["members"]]
        self.heads = []
        for m in self.config["members"]:
            z = np.load(self.directory / m["head"])
            self.heads.append(SpanHead(z["w1"], z["b1"], z["w2"], z["b2"]))
        self.tokenizer = load_tokenizer(self.directory / "tokenizer.json")

    def encode(self, text: str, sentences: list[tuple[int, int]], batch_size: int = 16) -> ArticleOutputs:
        windows = make_windows(self.tokenizer, text, sentences, self.max_tokens)
        logits: list[list[np.ndarray]] = [[] for _ in self.sessions]
        hidden: list[list[np.ndarray]] = [[] for _ in self.sessions]
        # similar lengths together: less padding
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        slots: list[list[np.ndarray | None]] = [[None] * len(windows) for _ in self.sessions]
        hslots: list[list[np.ndarray | None]] = [[None] * len(windows) for _ in self.sessions]
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            chunk: list[Window] = [windows[i] for i in idx]
            ids, mask = batch(chunk)
            for m, sess in enumerate(self.sessions):
                lg, h = sess.run(["token_logits", "hidden"], {"input_ids": ids, "attention_mask": mask})
                for j, i in enumerate(idx):
                    n = len(windows[i].ids)
                    slots[m][i] = lg[j, :n]
                    hslots[m][i] = h[j, :n]
        for m in range(len(self.sessions)):
            logits[m] = [x for x in slots[m] if x is not None]
            hidden[m] = [x for x in hslots[m] if x is not None]
        return ArticleOutputs(text, windows, logits, hidden)

    def detect(self, text: str, sentences: list[tuple[int, int]], decoding: Decoding | None = None,
               cues: bool = True) -> list[Detection]:
        """Model spans (several labels per span allowed), plus cue-pattern spans the model missed."""
        dec = decoding or self.decoding
        out = self.encode(text, sentences)
        res = self.detections(out, dec)
        return add_cues(text, res) if cues else res

    def detections(self, out: ArticleOutputs, dec: Decoding) -> list[Detection]:
        res: list[Detection] = []
        for fs in detect(out, self.heads, dec):
            labs = labels_for(fs.label_probs, dec)
            order = np.argsort(-fs.label_probs)
            for rank, (lab, p) in enumerate(labs):
                other = labs[1 - rank] if len(labs) > 1 else (
                    (_label(order[1]), float(fs.label_probs[order[1]])))
                res.append(Detection(fs.start, fs.end, lab, round(float(fs.span_prob * p) ** 0.5, 4),
                                     fs.span_prob, p, other, fs.peak_tokens))
        return res

    def classify(self, text: str, sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[np.ndarray]:
        out = self.encode(text, sentences)
        return classify_gold(out, self.heads, spans)


def add_cues(text: str, found: list[Detection]) -> list[Detection]:
    """Add cue hits (:mod:`newsift.techniques.cues`) not already covered by a model span of that label."""
    from newsift.techniques.cues import find_cues

    out = list(found)
    for h in find_cues(text):
        if any(d.label == h.label and d.start < h.end and h.start < d.end for d in found):
            continue
        out.append(Detection(h.start, h.end, h.label, h.confidence, 0.0, h.confidence, None, [], "cue", h.explanation))
    return out


def _label(i: int) -> str:
    from newsift.techniques.labels import LABELS

    return LABELS[int(i)]


@lru_cache(maxsize=4)
def load_runner(directory: str | None = None, threads: int | None = None) -> TechniqueRunner:
    """The shipped model (MANIFEST-verified) or the one in ``directory``; cached per process."""
    if directory is None:
        from newsift.resources import verify_manifest

        return TechniqueRunner(verify_manifest(RESOURCE), threads)
    return TechniqueRunner(Path(directory), threads)
