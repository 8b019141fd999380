"""The numpy MiniLM encoder reproduces sentence-transformers without torch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from newsift.resources.encoder import DIM, encode

REF = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


def test_matches_sentence_transformers_reference():
    vecs = encode(REF["texts"], batch_size=2)  # mixed lengths in a batch: padding must be masked
    ref = np.array(REF["vectors"], dtype=np.float32)
    cos = (vecs * ref).sum(1) / np.linalg.norm(ref, axis=1)
    assert vecs.shape == (len(REF["texts"]), DIM)
    assert cos.min() >= 0.9999, cos


def test_unit_length_input_order_and_batch_independence():
    texts = ["Short.", "A considerably longer sentence with many more word pieces than the first one.", "Short."]
    one = encode(texts, batch_size=1)
    many = encode(texts, batch_size=64)
    assert np.allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-5)
    assert np.allclose(one, many, atol=1e-5)
    assert np.allclose(many[0], many[2], atol=1e-6)
    assert float(many[0] @ many[1]) < 0.99


def test_empty_list_and_string_argument():
    assert encode([]).shape == (0, DIM)
    try:
        encode("not a list")  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        raise AssertionError("a bare string must be refused: it would be encoded character by character")


def test_numpy_and_onnx_backends_both_match_the_reference(tmp_path, monkeypatch):
    from newsift.resources import encoder
    from newsift.resources.encoder_onnx import export

    ref = np.array(REF["vectors"], dtype=np.float32)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    numpy_enc = encoder._Encoder(encoder.model_dir())
    assert (numpy_enc.encode(REF["texts"], 2) * ref).sum(1).min() >= 0.9999

    path = export(tmp_path / "m.onnx")
    monkeypatch.setenv("NEWSIFT_ENCODER_ONNX", str(path))
    assert encoder._onnx_path() == path
    onnx_enc = encoder._OnnxEncoder(encoder.model_dir(), path)
    assert (onnx_enc.encode(REF["texts"], 2) * ref).sum(1).min() >= 0.9999

    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")  # tampered export: not used
    assert encoder._onnx_path() is None
