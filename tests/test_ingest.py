"""Ingest turns any source into one clean Article, and says what it changed.

Offsets are sacred: the cleaned text is a prefix of the input, so gold annotations and
findings point at the same characters.
"""

from __future__ import annotations

import gzip
import json

import pytest

from newsift.errors import E, NewsiftError
from newsift.ingest import load
from newsift.ingest.decode import decode
from newsift.ingest.language import detect_language
from newsift.ingest.text import find_dateline, structure

BODY = (
    "Officials said on Monday that the bridge would reopen next week after repairs. "
    "The transport minister told reporters the work had cost more than expected. "
    "Residents have complained for months about the detour through the town centre."
)


def test_fixture_title_dateline_and_residue(fixture_text):
    art = load(fixture_text)
    assert art.title == "Russian Defense Ministry: US-led coalition directly supports Daesh in Syria"
    assert art.title_span.start == 0
    assert art.dateline.place == "Moscow" and art.dateline.agency == "SANA"
    assert art.dateline.span.text == "Moscow, SANA –"
    # the stray "Said" and the "Check Also" teaser are moved out, with reasons
    reasons = " | ".join(r.reason for r in art.removed)
    assert "stray word" in reasons and "Check Also" in reasons
    assert any("Mikdad, Shoukry" in r.span_text for r in art.removed)
    assert art.text.endswith("the Ministry added.")
    # nothing before the cut moved: the cleaned text is a prefix of the input
    assert fixture_text.startswith(art.text)
    assert any(w.startswith("W103") for w in art.warnings)


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("WASHINGTON (Reuters) - The Senate voted", "WASHINGTON", "Reuters"),
        ("Cairo, SANA- Foreign Minister", "Cairo", "SANA"),
        ("LONDON — Britain said", "LONDON", None),
    ],
)
def test_datelines(line, place, agency):
    d = find_dateline(line, 0)
    assert (d.place, d.agency) == (place, agency)


def test_no_dateline_in_ordinary_sentence():
    assert find_dateline("The ministry said - without proof - that it was so.", 0) is None


def test_share_and_tag_lines_are_residue():
    st = structure(f"A title\n\n{BODY}\n\nShare | Tweet | Email\nTags: bridge, transport")
    assert st.text.endswith("town centre.")
    assert [r.reason for r in st.removed] == ["page residue: share/tag/copyright line"] * 2


def test_json_article_metadata():
    art = load(json.dumps({"title": "Bridge to reopen", "text": BODY, "url": "https://example.org/a", "outlet": "Example", "date": "2020-01-02"}))
    assert art.title == "Bridge to reopen"
    assert art.text.startswith("Bridge to reopen\n\n")
    assert (art.url, art.outlet, art.published) == ("https://example.org/a", "Example", "2020-01-02")


def test_html_article_is_extracted():
    paras = "".join(f"<p>{BODY} Paragraph {i} adds detail about the repairs and the cost.</p>" for i in range(4))
    html = f"<html><head><title>Bridge to reopen</title></head><body><nav>Home | World</nav><article><h1>Bridge to reopen</h1>{paras}</article><footer>© Example</footer></body></html>"
    art = load(html)
    assert "bridge would reopen" in art.text
    assert "Home | World" not in art.text
    assert art.title == "Bridge to reopen"


def test_crlf_is_normalised():
    art = load(f"Title here\r\n\r\n{BODY}")
    assert "\r" not in art.text and art.title == "Title here"


@pytest.mark.parametrize(
    ("source", "error"),
    [
        (b"", E.EMPTY),
        (b"   \n\t ", E.EMPTY),
        (b"\x00\x01\x02binary\x00" * 50, E.BINARY),
        (bytes(range(128, 256)) * 20, E.UNDECODABLE),
        ("<html><body><div>menu</div><div>login</div><p>short</p><a>x</a><span>y</span></body></html>", E.NO_ARTICLE),
        ('{"title": "no text"}', E.BAD_JSON),
        ('{"text": ', E.BAD_JSON),
    ],
)
def test_bad_input_raises_catalogued_errors(source, error):
    with pytest.raises(NewsiftError) as info:
        load(source)
    assert info.value.error is error
    assert "\n" not in str(info.value)


def test_size_limit_is_configurable():
    with pytest.raises(NewsiftError) as info:
        load(BODY.encode(), max_bytes=100)
    assert info.value.error is E.TOO_LARGE
    assert load(BODY.encode(), max_bytes=10_000).text == BODY


def test_latin1_is_decoded_with_a_warning():
    warnings: list[str] = []
    text = decode("Café in Düsseldorf, the minister said. ".encode("latin-1") * 3, "x", warnings)
    assert "Café in Düsseldorf" in text
    assert warnings and warnings[0].startswith("W101")


def test_gzip_bytes_are_binary_not_text():
    with pytest.raises(NewsiftError) as info:
        load(gzip.compress(BODY.encode()))
    assert info.value.error in (E.BINARY, E.UNDECODABLE)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (BODY, True),
        ("Le ministre a déclaré lundi que le pont rouvrirait la semaine prochaine après des travaux importants.", False),
        ("Министерство обороны заявило, что мост откроется на следующей неделе после ремонта.", False),
        ("قالت وزارة الدفاع إن الجسر سيعاد فتحه الأسبوع المقبل", False),
        # a name-heavy English round-up has few function words, but no foreign ones
        ("HS Roundup: Viera defeats Rockledge 28-14; Smith rushes for 142 yards, Jones adds two touchdowns, Melbourne tops Palm Bay 35-7", True),
        ("Calendário Stock Car 2018: a primeira etapa será em Interlagos, com a corrida de duplas e a final em novembro", False),
    ],
)
def test_language_check(text, english):
    assert (detect_language(text) == "en") is english


def test_non_english_article_gets_a_warning():
    art = load("Le ministre a déclaré lundi que le pont rouvrirait la semaine prochaine après des travaux importants dans la ville.")
    assert art.language != "en"
    assert any(w.startswith("W102") for w in art.warnings)


def test_the_same_html_page_twice_in_one_process():
    """A server sees the same page more than once; extraction must not remember it."""
    paras = "".join(f"<p>{BODY} Paragraph {i} adds detail about the repairs and the cost.</p>" for i in range(4))
    html = f"<html><head><title>Bridge to reopen</title></head><body><article>{paras}</article></body></html>"
    texts = {load(html).text for _ in range(5)}  # trafilatura's dedup cache dropped it by the 4th time
    assert len(texts) == 1 and "bridge would reopen" in texts.pop()
