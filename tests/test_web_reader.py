"""The web reader in a real browser: Debian's chromium driven by Playwright (no browser
download). It opens the reader served by ``newsift serve``'s app, analyzes the canonical
fixture, and checks what a reader sees: speakers highlighted in distinct readable colours,
hover and keyboard details with the nesting chain, the side panels, and no network use
beyond the reader's own API. The self-contained HTML report is checked the same way.
Screenshots go to ``test-output/``.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader_sample import sample_report

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT.parent / "shared" / "fixtures" / "sana-2017-abu-kamal.txt"
OUT = ROOT / "test-output"

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip("Debian chromium is missing at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real app (real models, warmed at start-up) under uvicorn on 127.0.0.1."""
    import uvicorn

    from newsift.serve.app import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"))
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that records every request leaving the machine (there must be none) and JS errors."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.outside_requests = []
    pg.js_errors = []

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:", "about:")):
            r.continue_()
        else:
            pg.outside_requests.append(url)
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
    yield pg
    ctx.close()


def contrast(rgb1: str, rgb2: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb(...)`` colours."""

    def lum(rgb: str) -> float:
        vals = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in vals]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(rgb1), lum(rgb2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8") if FIXTURE.exists() else sample_report().article.text


def test_reader_analyzes_the_fixture_and_marks_who_says_what(server, page):
    page.goto(server)
    page.fill("#in-text", fixture_text())
    page.click("#analyze-btn")
    page.wait_for_selector("body[data-rendered]", timeout=30_000)

    # speakers: highlighted, several, each in its own colour, all readable
    segs = page.locator("#art-text .seg.sp")
    assert segs.count() >= 5
    colours = page.eval_on_selector_all(
        "#art-text .seg.sp",
        "els => els.map(e => [e.dataset.speaker, getComputedStyle(e).backgroundColor, getComputedStyle(e).color])",
    )
    by_speaker = {name: bg for name, bg, _ in colours}
    if FIXTURE.exists():
        assert "Russian Defense Ministry" in by_speaker
        assert page.locator("#speaker-legend .chip", has_text="Russian Defense Ministry").count() == 1
    assert len(by_speaker) >= 2 and len(set(by_speaker.values())) == len(by_speaker)
    assert min(contrast(bg, fg) for _, bg, fg in colours) >= 4.5

    # panels
    for panel in ("#panel-summary", "#panel-sourcing", "#panel-outlet", "#panel-claims", "#panel-factcheck", "#panel-removed"):
        assert page.locator(panel).is_visible(), panel
    assert page.locator("#sourcing-chart .bar-row").count() >= 2
    assert "not a verdict" in page.inner_text("#panel-factcheck")
    if FIXTURE.exists():
        assert "Check Also" in page.inner_text("#removed-list")  # page residue shown, not silently dropped
        card = page.inner_text("#outlet-card")  # identified from the dateline; SANA has no Lin et al. score
        assert "Syrian Arab News Agency" in card and "not rated" in card and "Lin et al. 2023" in card

    # hover: the resolved speaker, the cue and the nesting chain
    nested = page.locator('#art-text .seg.sp[tabindex]:not([data-depth="0"])').first
    assert nested.count() == 1, "the fixture has nested attributions (the ministry says [the US claimed ...])"
    nested.hover()
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert nested.get_attribute("data-speaker") in text
    assert "cue:" in text and "nesting:" in text and "→" in text

    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "reader.png"), full_page=False)

    # keyboard: Tab reaches the marked passages; Enter pins the details in the side panel
    first = page.locator("#art-text .seg[tabindex]").first
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('seg')")
    page.keyboard.press("Enter")
    assert page.locator("#panel-details").is_visible()
    assert page.locator("#tooltip").is_visible() and "pinned" in page.inner_text("#tooltip")
    page.keyboard.press("Escape")
    assert page.locator("#tooltip").is_hidden()

    # layer toggle: speakers off → no highlight
    page.uncheck("#layer-speakers")
    bg = page.eval_on_selector("#art-text .seg.sp", "e => getComputedStyle(e).backgroundColor")
    assert bg in ("rgba(0, 0, 0, 0)", "transparent")

    page.screenshot(path=str(OUT / "reader-full.png"), full_page=True)
    assert page.outside_requests == [] and page.js_errors == []


def test_reader_accepts_an_uploaded_file_and_shows_api_errors(server, page, tmp_path):
    page.goto(server)
    upload = tmp_path / "article.txt"
    upload.write_text(sample_report().article.text, encoding="utf-8")
    page.set_input_files("#in-file", str(upload))
    page.click("#analyze-btn")
    page.wait_for_selector("body[data-rendered]", timeout=30_000)
    assert "Ministry says rebels used banned weapons" in page.inner_text("#art-title")

    page.set_input_files("#in-file", [])
    page.fill("#in-text", "")
    page.fill("#in-url", f"http://127.0.0.1:{free_port()}/gone")
    page.click("#analyze-btn")
    page.locator("#error").wait_for(state="visible")
    assert "E020" in page.inner_text("#error")
    assert page.js_errors == []


def test_html_report_file_shows_the_same_view_offline(page, tmp_path):
    """``newsift analyze --format html``: one file, no network, same marks and panels."""
    from newsift.render.html import to_html

    path = tmp_path / "report.html"
    path.write_text(to_html(sample_report()), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-rendered]")
    assert page.locator("#input-panel").is_hidden()
    assert page.locator("#speaker-legend .chip").count() == 4  # three speakers + the outlet's own voice
    assert page.locator(".mark.tech-mark", has_text="Loaded Language").count() == 1
    assert page.locator(".mark.claim-mark.cw-high").count() == 1
    assert "not rated" in page.inner_text("#outlet-card")

    page.locator('#art-text .seg[data-depth="1"][tabindex]').first.hover()
    text = page.inner_text("#tooltip")
    assert "Defense Ministry" in text and "distancing" in text
    assert "Ali Hamid (“said”) → Defense Ministry (“claimed”)" in text
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "report-html.png"), full_page=True)
    assert page.outside_requests == [] and page.js_errors == []


def test_api_docs_page_renders_offline_from_openapi(server, page):
    page.goto(server + "docs")
    page.wait_for_selector("section.ep")
    paths = page.locator("section.ep .path").all_inner_texts()
    assert any("/v1/analyze" in p for p in paths) and len(paths) >= 9
    assert page.outside_requests == [] and page.js_errors == []
