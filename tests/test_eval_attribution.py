"""`newsift eval attribution` and `newsift eval gum-convert`: same numbers as the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsift.eval import attribution as ev
from newsift.eval import gum_convert
from newsift.eval._attribution_score import score_doc

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "attribution_score.py"
FIXTURE_GOLD = SHARED / "fixtures" / "sana-2017-abu-kamal.attributions.jsonl"
GUM = SHARED / "data" / "attribution" / "gum_wikinews" / "attributions.jsonl"

needs_shared = pytest.mark.skipif(not (SCORER.exists() and FIXTURE_GOLD.exists()), reason="../shared not found")


@needs_shared
def test_fixture_predictions_score_like_the_shared_script(tmp_path):
    docs = ev.load_gold(FIXTURE_GOLD)
    preds, _timings = ev.predict(docs)
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(FIXTURE_GOLD), str(pred_file)],
                         capture_output=True, text=True, check=True).stdout
    res = ev.evaluate(docs, preds)
    ours = ev.fmt("MICRO", res["total"])
    assert ours in out.splitlines()
    assert res["total"].prf()[2] == 1.0


def test_metric_edge_cases_match_the_definition():
    gold = {"attributions": [{"cue": {"start": 0, "end": 4}, "speaker": "The Ministry",
                              "content": [{"start": 10, "end": 30}]}],
            "speaker_aliases": {"The Ministry": ["it"]}}
    # overlap 10 of 20 gold characters: exactly half counts as a match; alias counts for alias accuracy only
    half = {"attributions": [{"cue": {"start": 0, "end": 4}, "speaker": "it", "content": [{"start": 20, "end": 40}]}]}
    c, _ = score_doc(gold, half)
    assert (c.tp, c.spk, c.spk_alias, c.cue) == (1, 0, 1, 1)
    less = {"attributions": [{"cue": {"start": 0, "end": 4}, "speaker": "ministry", "content": [{"start": 21, "end": 40}]}]}
    assert score_doc(gold, less)[0].tp == 0
    same = {"attributions": [{"cue": None, "speaker": "ministry", "content": [{"start": 10, "end": 30}]}]}
    assert score_doc(gold, same)[0].spk == 1  # a leading "the" and case are ignored


@pytest.mark.skipif(not GUM.exists(), reason="GUM Wikinews data not found")
def test_gum_convert_news_gold_is_consistent():
    docs = gum_convert.convert("news", "all", GUM)
    assert len(docs) == 24
    assert sum(len(d["attributions"]) for d in docs) == 247
    pronouns = {"he", "she", "it", "they", "we", "i", "him", "her", "them", "us"}
    for d in docs:
        text = d["text"]
        for a in d["attributions"]:
            for sp in a["content"]:
                assert text[sp["start"]:sp["end"]] == sp["text"]
            if a["source"]:
                assert text[a["source"]["start"]:a["source"]["end"]] == a["source"]["text"]
            assert a["kind"] in {"direct", "indirect", "according_to"}
        for speaker, aliases in d["speaker_aliases"].items():
            assert not {x.lower() for x in aliases} & pronouns, (d["doc_id"], speaker, aliases)
    iodine = next(d for d in docs if d["doc_id"] == "GUM_news_iodine")
    assert "Professor Eastman" in iodine["speaker_aliases"]["Professor Cres Eastman"]


@pytest.mark.skipif(not GUM.exists(), reason="GUM Wikinews data not found")
def test_gum_dev_split_runs_end_to_end(tmp_path, capsys):
    gold = tmp_path / "dev.jsonl"
    assert gum_convert.run(type("A", (), {"genre": "news", "split": "dev", "input": str(GUM), "out": str(gold),
                                          "format": "text"})()) == 0
    args = type("A", (), {"gold": str(gold), "pred_out": str(tmp_path / "p.jsonl"), "format": "json", "misses": False})()
    capsys.readouterr()
    assert ev.run(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["micro"]["gold"] == sum(len(json.loads(x)["attributions"]) for x in gold.read_text().splitlines())
    assert out["micro"]["f1"] > 0.5  # a floor far below the measured figure, to catch breakage
    assert set(out["missed_by_kind"])  # misses are broken down by kind
