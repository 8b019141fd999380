"""The shipped technique detector on sentences we wrote, and on the canonical fixture.

The model is a fine-tuned MiniLM-L6 (ONNX, int8) plus a span classifier; cue patterns add
devices that PTC annotators rarely marked. No PTC text is used here.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsift.techniques.decode import decode_window
from newsift.techniques.encoding import Window, load_tokenizer, make_windows, span_features
from newsift.techniques.labels import LABELS
from newsift.techniques.model import load_runner
from newsift.techniques.sentences import split_sentences

LOADED = (
    "The corrupt regime and its bloodthirsty thugs slaughtered innocent children in a barbaric massacre. "
    "Officials said the meeting would take place on Tuesday in the capital. "
    "Only a fool would believe their pathetic lies!"
)


@pytest.fixture(scope="module")
def runner():
    return load_runner()


def test_windows_pack_whole_sentences_and_map_back_to_the_text(runner):
    text = " ".join(["The committee met on Monday to discuss the budget."] * 30)
    sents = split_sentences(text)
    wins = make_windows(runner.tokenizer, text, sents, max_tokens=64)
    assert len(wins) > 1
    starts = {s for s, _ in sents}
    for w in wins:
        assert len(w.ids) <= 64
        assert w.ids[0] == 101 and w.ids[-1] == 102  # [CLS] ... [SEP]
        assert w.char_start in starts  # a window begins at a sentence
        for s, e in zip(w.starts[1:-1], w.ends[1:-1], strict=True):
            assert text[s:e].strip() == text[s:e]  # tokens are real characters of the text
    assert sum(len(w.ids) - 2 for w in wins) == len(runner.tokenizer.encode(text, add_special_tokens=False).ids)


def test_tokenizer_does_not_pad(runner):
    assert len(runner.tokenizer.encode("Short.").ids) == 4


def test_hysteresis_decoding_grows_spans_from_confident_words(runner):
    text = "we must stop these evil monsters now"
    w = make_windows(runner.tokenizer, text, [(0, len(text))])[0]
    # tokens: CLS we must stop these evil monsters now SEP
    probs = np.array([0, 0.1, 0.1, 0.3, 0.3, 0.9, 0.6, 0.05, 0], dtype=np.float32)
    spans = decode_window(w, probs, hi=0.5, lo=0.25)
    assert [(text[s.start:s.end]) for s in spans] == ["stop these evil monsters"]
    assert decode_window(w, probs, hi=0.95, lo=0.25) == []


def test_repetition_features_count_repeats_elsewhere_in_the_article():
    text = "Build the wall. They said it twice: build the wall. Nobody else did."
    f = span_features(text, 0, 14, 3)
    g = span_features(text, 44, 66, 5)
    assert f[1] > 0  # "build the wall" occurs again
    assert g[1] == 0


def test_loaded_sentences_yield_labelled_spans_the_neutral_one_none(runner):
    found = runner.detect(LOADED, split_sentences(LOADED))
    assert found, "no technique found in an openly loaded text"
    neutral = LOADED.index("Officials"), LOADED.index("Only")
    assert not [d for d in found if d.start >= neutral[0] and d.end <= neutral[1]]
    for d in found:
        assert d.label in LABELS
        assert 0.0 <= d.confidence <= 1.0
        assert LOADED[d.start:d.end].strip()
    assert any(d.label in {"Loaded_Language", "Name_Calling,Labeling"} for d in found)


def test_classify_gives_a_distribution_per_span(runner):
    text = "We will never surrender. Our brave soldiers defend the motherland, and every patriot stands with them."
    spans = [(0, 23), (text.index("every"), len(text) - 1)]
    probs = runner.classify(text, split_sentences(text), spans)
    assert len(probs) == 2
    for p in probs:
        assert p.shape == (len(LABELS),)
        assert float(p.sum()) == pytest.approx(1.0, abs=1e-4)
    assert LABELS[int(np.argmax(probs[1]))] in {"Flag-Waving", "Loaded_Language", "Appeal_to_fear-prejudice"}


def test_fixture_devices_come_out_as_techniques(fixture_report):
    techs = fixture_report.techniques
    text = fixture_report.article.text

    def covered(phrase: str) -> set[str]:
        s = text.index(phrase)
        e = s + len(phrase)
        return {t.label for t in techs if t.span.start < e and s < t.span.end}

    assert covered("indisputable evidence") & {"Exaggeration,Minimisation", "Loaded_Language"}
    assert covered("ISIS terrorists") & {"Name_Calling,Labeling", "Loaded_Language"}
    assert covered("crippled") & {"Loaded_Language", "Exaggeration,Minimisation"}
    pretends = [t for t in techs if t.span.start <= text.index("pretends") and t.span.end >= text.index("in reality")]
    assert any(t.label == "Doubt" for t in pretends)
    for t in techs:
        assert t.span.text == text[t.span.start:t.span.end]
        assert t.explanation


def test_techniques_in_json_text_and_html_reports(fixture_report):
    from newsift.render.html import to_html
    from newsift.render.text import to_text

    data = json.loads(fixture_report.model_dump_json())
    assert data["techniques"] and {"span", "label", "confidence", "explanation"} <= set(data["techniques"][0])
    label = fixture_report.techniques[0].label
    assert label in to_text(fixture_report)
    assert label in to_html(fixture_report)


def test_manifest_guards_the_model_files():
    from newsift.resources import verify_manifest

    d = verify_manifest("techniques")
    card = (d / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("Validation metrics", "Training time", "Command", "SI", "TC"):
        assert needed in card


def test_window_dataclass_is_numpy_only():
    w = Window(np.array([101, 102]), np.array([-1, -1]), np.array([-1, -1]))
    assert w.char_start == 0 and w.char_end == 0
    assert load_tokenizer  # importable without torch
