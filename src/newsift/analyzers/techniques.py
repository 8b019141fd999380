"""Persuasion techniques (SemEval-2020 Task 11, 14 labels) as labelled character spans.

A fine-tuned MiniLM-L6 (ONNX, int8) tags the tokens that belong to a persuasion span; the
spans found are labelled by a classifier over their token vectors and repetition counts
(see ``resources/data/techniques/MODEL_CARD.md`` for data and validation figures). Each
finding says what fired: the span probability, its strongest words and the label's
probability with the runner-up. Spans may overlap and one span may carry two labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.nlp import ParsedArticle
from newsift.schema import Technique, make_span
from newsift.techniques.labels import GLOSS


def explain(d: Any, hi: float) -> str:
    """One line saying what fired, for the report."""
    if getattr(d, "source", "model") == "cue":
        return f"{d.explanation} -> {d.label} ({GLOSS.get(d.label, '')}); the MiniLM tagger did not mark it"
    peaks = ", ".join(f"'{t}'" for t in d.peak_tokens if t.strip())
    ru = f"; next {d.runner_up[0]} {d.runner_up[1]:.2f}" if d.runner_up else ""
    return (
        f"MiniLM span tagger p={d.span_prob:.2f} (starts at {hi:.2f}), strongest words {peaks}; "
        f"classifier {d.label} {d.label_prob:.2f}{ru} ({GLOSS.get(d.label, '')})"
    )


def find_techniques(text: str, doc: Any = None) -> list[Technique]:
    """Techniques in ``text`` (offsets into it); ``doc`` (spaCy) only supplies sentence bounds."""
    from newsift.techniques.model import load_runner
    from newsift.techniques.sentences import sentences_from_doc

    if not text.strip():
        return []
    runner = load_runner()
    sentences = sentences_from_doc(doc, text)
    found = runner.detect(text, sentences)
    out = [
        Technique(span=make_span(text, d.start, d.end), label=d.label, confidence=min(1.0, max(0.0, d.confidence)),
                  explanation=explain(d, runner.decoding.hi))
        for d in found
    ]
    out.sort(key=lambda t: (t.span.start, -t.confidence))
    return out


@analyzer("techniques", produces=("techniques",))
def techniques(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Persuasion techniques (PTC-14) as spans, by a fine-tuned MiniLM tagger + span classifier."""
    return {"techniques": find_techniques(parsed.article.text, parsed.doc)}
