"""Acceptance walk-through (issue 9): every screen at 1280×720 and 1920×1080, for a 63-unit
province (Hậu Giang, 93) and a merged 34-unit one (Cần Thơ, 92 = Cần Thơ + Hậu Giang + Sóc
Trăng). Fails on an exception, a number cut to 'chưa c…', English or raw codes on screen (in
the page's text or drawn in a table, english_check.english_words: "empty" included), a
Plotly title or annotation wider than its chart, a table that scrolls sideways at 1280×720,
or any request that leaves 127.0.0.1. Full-page screenshots go to tests/artifacts/screens/
(look at them)."""

import urllib.parse

import pytest
from chromium import ARTIFACTS, READY
from english_check import DRAWN_TEXT_SCRIPT, drawn_text, english_words

from ui.frame import PAGE_FAILED

pytestmark = pytest.mark.browser
PAGES = [("home", "/"), ("ranking", "/ranking"), ("province", "/province"), ("movers", "/movers"),
         ("compare", "/compare"), ("methodology", "/methodology"), ("data", "/data")]
PROVINCES = [("p63-hau-giang", "units=63&province=93"), ("p34-can-tho", "units=34&province=92")]
VIEWPORTS = [(1280, 720), (1920, 1080)]
LOCAL_HOSTS = {"127.0.0.1"}

# Plotly titles and annotations whose box leaves the chart's own box (1 px of rounding allowed).
OVERFLOWING_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const box = plot.getBoundingClientRect();
  return [...plot.querySelectorAll('.gtitle, .annotation')].map(el => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent, left: r.left - box.left, right: box.right - r.right, width: r.width};
  }).filter(t => t.width > 0 && (t.left < -1 || t.right < -1));
})"""
# Text cut by an ellipsis: a metric value (or any cell of text) wider than its box.
CUT_TEXT = """() => [...document.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricValue] *')]
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""
SIDEWAYS_TABLES = """() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]
  .filter(el => el.scrollWidth > el.clientWidth + 2)
  .map(el => ({scroll: el.scrollWidth, client: el.clientWidth}))"""
PLOTS_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p._fullLayout)"""


def _screenshot(page, file_name: str, width: int) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as it."""
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(tall) + 40, 9000)})
    page.wait_for_timeout(500)
    page.screenshot(path=folder / file_name)


def _leaves_the_machine(url: str) -> bool:
    """A request to anywhere but our server (blob: and data: URLs are the page's own memory)."""
    parsed = urllib.parse.urlparse(url)
    return parsed.scheme not in ("blob", "data", "about") and parsed.hostname not in LOCAL_HOSTS


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=lambda v: str(v))
@pytest.mark.parametrize("who, params", PROVINCES, ids=[p[0] for p in PROVINCES])
@pytest.mark.parametrize("name, path", PAGES, ids=[p[0] for p in PAGES])
def test_screen_reads_without_apology(server, browser, name, path, who, params, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.add_init_script(DRAWN_TEXT_SCRIPT)  # table cells are drawn on a canvas
    outside = []
    context.on("request", lambda request: outside.append(request.url) if _leaves_the_machine(request.url) else None)
    try:
        page = context.new_page()
        page.goto(f"{server}{path}?{params}")
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
        page.wait_for_timeout(800)  # Plotly lays out titles and maps after its first draw
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_text(PAGE_FAILED).count() == 0
        text = page.locator("[data-testid=stApp]").inner_text()
        assert "chưa c…" not in text
        found = english_words(text + "\n" + drawn_text(page))
        assert not found, found
        assert page.locator("[title*='clipboard' i], [aria-label*='clipboard' i]").count() == 0
        assert page.evaluate(CUT_TEXT) == []
        assert page.evaluate(OVERFLOWING_TEXT) == []
        if width == 1280:
            assert page.evaluate(SIDEWAYS_TABLES) == []
        assert outside == [], outside
        _screenshot(page, f"accept-{name}-{who}-{width}x{height}.png", width)
    finally:
        context.close()
