"""Convert the GUM Wikinews attributions to newsift's gold attribution format (JSONL).

Reads ``../shared/data/attribution/gum_wikinews/attributions.jsonl`` (derived from GUM's
eRST layer, CC BY; see that folder's README) and writes one gold article a line:

* ``content`` = the RST nucleus spans (``content_spans``);
* ``source`` = the ``attribution_source`` signal spans, merged into one span;
* ``cue`` = the indicative-word signal that holds the attributing unit's UD head, else the
  first indicative signal, else that UD head;
* ``speaker`` = the source entity's representative mention (first mention whose head is a
  proper noun), else its first mention, else the source text;
* ``kind`` guessed: ``direct`` with a quotation-mark signal, ``according_to`` for the cue
  "according to", else ``indirect``; ``parent`` = ``nested_in``;
* ``speaker_aliases``: for each gold speaker, every non-pronoun mention of its coreference
  entity as the text writes it (from the CoNLL-U ``Entity=`` column). Pronouns are never
  aliases: they would let any pronoun-echoing system score speaker accuracy for free.

GUM's gold covers cognition ("I suspect"), perception, reports and studies and image
credits as well as speech; the eval command breaks misses down by those kinds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError
from newsift.resources import shared_data_dir

PRONOUN_UPOS = {"PRON", "DET"}


def gum_dir() -> Path:
    return Path(shared_data_dir()) / "attribution" / "gum_wikinews"


def _parse_entities(misc: str) -> tuple[list[int], list[int]]:
    """(opened ids, closed ids) at one word, from the MISC column's ``Entity=`` field."""
    m = re.search(r"(?:^|\|)Entity=([^|]*)", misc)
    if not m:
        return [], []
    s = m.group(1)
    opened: list[int] = []
    closed: list[int] = []
    i = 0
    while i < len(s):
        if s[i] == "(":
            j = i + 1
            while j < len(s) and s[j] not in "()":
                j += 1
            eid = re.match(r"\d+", s[i + 1:j])
            if eid:
                opened.append(int(eid.group(0)))
            if j < len(s) and s[j] == ")":
                if eid:
                    closed.append(int(eid.group(0)))
                j += 1
            i = j
        elif s[i].isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            if j < len(s) and s[j] == ")":
                closed.append(int(s[i:j]))
                j += 1
            i = j
        else:
            i += 1
    return opened, closed


def entity_mentions(conllu: Path, text: str) -> dict[int, list[tuple[str, bool]]]:
    """Entity id → [(mention text, is_pronoun)], offsets located in ``text`` (the rebuilt text)."""
    words: list[tuple[int, int, str, str]] = []  # (start, end, upos, misc)
    pos = 0
    mwt_end = -1
    mwt_span: tuple[int, int] | None = None
    first_par = True
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar"):
            if not first_par:
                pos = text.find("\n", pos - 1) + 1 if text.find("\n", max(0, pos - 1)) >= 0 else pos
            first_par = False
            continue
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 10:
            continue
        tid = cols[0]
        if "." in tid:
            continue
        if "-" in tid:
            a, b = tid.split("-")
            form = cols[1]
            st = text.find(form, pos)
            if st < 0:
                st = pos
            mwt_span = (st, st + len(form))
            mwt_end = int(b)
            pos = st + len(form)
            continue
        form = cols[1]
        if mwt_span is not None and int(tid) <= mwt_end:
            inner = text.find(form, mwt_span[0], mwt_span[1])
            st, en = (inner, inner + len(form)) if inner >= 0 else mwt_span
            if int(tid) == mwt_end:
                mwt_span = None
        else:
            st = text.find(form, pos)
            if st < 0:
                st = pos
            en = st + len(form)
            pos = en
        words.append((st, en, cols[3], cols[9]))
    open_stack: dict[int, list[int]] = {}
    mentions: dict[int, list[tuple[str, bool]]] = {}
    for wi, (_st, _en, _upos, misc) in enumerate(words):
        opened, closed = _parse_entities(misc)
        for eid in opened:
            open_stack.setdefault(eid, []).append(wi)
        for eid in closed:
            if open_stack.get(eid):
                a = open_stack[eid].pop()
                s, e = words[a][0], words[wi][1]
                span_words = words[a:wi + 1]
                is_pron = all(w[2] in PRONOUN_UPOS for w in span_words)
                mentions.setdefault(eid, []).append((text[s:e], is_pron))
    return mentions


_PRON_WORDS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "his", "its",
               "their", "our", "my", "your", "who", "which", "that", "this", "these", "those", "one"}


def _is_pronoun_text(s: str | None) -> bool:
    return not s or s.strip().lower() in _PRON_WORDS


def _merge(spans: list[dict]) -> dict | None:
    if not spans:
        return None
    s = min(x["start"] for x in spans)
    e = max(x["end"] for x in spans)
    return {"start": s, "end": e}


def convert_doc(doc: dict[str, Any], conllu_dir: Path | None = None) -> dict[str, Any]:
    """One GUM document in newsift's gold format."""
    text = doc["text"]
    mentions: dict[int, list[tuple[str, bool]]] = {}
    if conllu_dir is not None and (conllu_dir / f"{doc['doc_id']}.conllu").exists():
        mentions = entity_mentions(conllu_dir / f"{doc['doc_id']}.conllu", text)
    out_atts = []
    aliases: dict[str, list[str]] = {}
    for a in doc["attributions"]:
        src = _merge(a.get("source_signal_spans") or [])
        heads = a.get("attributing_ud_heads") or []
        cues = a.get("cue_signal_spans") or []
        cue = None
        for c in cues:
            if any(c["start"] <= h["start"] and h["end"] <= c["end"] for h in heads):
                cue = {"start": c["start"], "end": c["end"]}
                break
        if cue is None and cues:
            cue = {"start": cues[0]["start"], "end": cues[0]["end"]}
        if cue is None and heads:
            cue = {"start": heads[0]["start"], "end": heads[0]["end"]}
        ents = a.get("source_entities") or []
        speaker = None
        if ents:
            e0 = ents[0]
            speaker = e0.get("representative_mention") or e0.get("first_mention") or e0.get("mention")
        if speaker is None and src is not None:
            speaker = text[src["start"]:src["end"]]
        cue_text = text[cue["start"]:cue["end"]] if cue else ""
        if a.get("quotation_mark_spans"):
            kind = "direct"
        elif cue_text.lower() == "according to":
            kind = "according_to"
        else:
            kind = "indirect"
        if cue is not None:
            cue["text"] = cue_text
        if src is not None:
            src["text"] = text[src["start"]:src["end"]]
        out_atts.append({
            "id": a["id"],
            "kind": kind,
            "relation": a.get("relation"),
            "cue": cue,
            "source": src,
            "speaker": speaker,
            "content": [{"start": s["start"], "end": s["end"], "text": s["text"]} for s in a["content_spans"]],
            "parent": a.get("nested_in"),
        })
        if speaker is not None:
            al = aliases.setdefault(speaker, [])
            for e in ents:
                cands = [e.get("mention"), e.get("first_mention"), e.get("representative_mention")]
                cands += [m for m, pron in mentions.get(e.get("entity_id"), []) if not pron]
                for m in cands:
                    if m and not _is_pronoun_text(m) and m not in al and m != speaker:
                        al.append(m)
    return {"doc_id": doc["doc_id"], "genre": doc.get("genre"), "split": doc.get("split"), "text": text,
            "attributions": out_atts, "speaker_aliases": aliases,
            "source": "GUM (Zeldes 2017), Wikinews texts CC BY 2.5, annotations CC BY 4.0"}


def convert(genre: str = "news", split: str = "all", source: Path | None = None) -> list[dict[str, Any]]:
    """The converted gold documents for ``genre`` (news/interview/all) and ``split``."""
    base = source.parent if source else gum_dir()
    path = source or base / "attributions.jsonl"
    if not path.exists():
        raise NewsiftError(E.MODEL_MISSING, what="GUM Wikinews attributions", detail=f"{path} not found")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if genre != "all" and d.get("genre") != genre:
            continue
        if split != "all" and d.get("split") != split:
            continue
        out.append(convert_doc(d, base / "conllu"))
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", help="write the gold JSONL here (default: stdout)")
    parser.add_argument("--genre", choices=("news", "interview", "all"), default="news")
    parser.add_argument("--split", choices=("train", "dev", "test", "all"), default="all")
    parser.add_argument("--input", help="attributions.jsonl to read (default: ../shared/data/attribution/gum_wikinews)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="format of the summary line")


def run(args: argparse.Namespace) -> int:
    docs = convert(args.genre, args.split, Path(args.input) if args.input else None)
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    n_att = sum(len(d["attributions"]) for d in docs)
    if args.out:
        Path(args.out).write_text(lines, encoding="utf-8")
        summary = {"documents": len(docs), "attributions": n_att, "out": args.out}
        if args.format == "json":
            print(json.dumps(summary, ensure_ascii=False))
        else:
            print(f"wrote {len(docs)} documents, {n_att} attributions to {args.out}")
    else:
        sys.stdout.write(lines)
    return 0
