"""Browser time in Debian's headless Chromium (Playwright, sync API).

- fresh load: a new browser context (empty cache) opens the screen's deep link; the time is
  the page's own performance.now() (from navigation start) when the run has finished and
  every chart has drawn its traces.
- widget change: a person opens the widget, types an option and presses Enter; the time is
  from that keydown to the run finished with every chart replaced and drawn, in the page's
  clock (no Playwright round trips inside).
"""

import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update"]

# True (as performance.now()) once the run is over and the screen shows its data.
_READY = """([expected, oldData, oldHeadings]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const charts = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPlotlyChart]')];
  if (expected > 0) {
    // The number of charts can depend on the data (no scores: a note instead of a chart).
    if (charts.length < 1) return false;
    for (const chart of charts) {
      const plot = chart.querySelector('.js-plotly-plot');
      // SVG traces, or the canvas a map (choroplethmap) draws on.
      if (!plot || !plot.data || !(plot.querySelector('.trace') || plot.querySelector('canvas'))) return false;
      if (oldData && window.__benchOldData && window.__benchOldData.includes(plot.data)) return false;
    }
  } else {
    const headings = [...document.querySelectorAll('[data-testid=stMain] :is(h1, h2, h3)')]
      .map(h => h.textContent).join('|');
    if (!headings) return false;
    if (oldHeadings !== null && headings === oldHeadings) return false;
    if (expected === 0 && !document.querySelector('[data-testid=stMetric]')) return false;
  }
  return performance.now();
}"""

_REMEMBER = """() => {
  window.__benchOldData = [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')].map(p => p.data);
  if (!window.__benchListening) {
    window.__benchListening = true;
    document.addEventListener('keydown', e => { if (e.key === 'Enter') window.__benchMark = performance.now(); },
                              true);
  }
  return [...document.querySelectorAll('[data-testid=stMain] :is(h1, h2, h3)')]
    .map(h => h.textContent).join('|');
}"""


class Browser:
    """One Chromium for the whole benchmark; contexts are cheap."""

    def __enter__(self) -> "Browser":
        if not Path(CHROMIUM).exists():
            raise RuntimeError("Debian chromium is missing: `make browser` installs it (never `playwright install`)")
        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        return self

    def __exit__(self, *exc) -> None:
        self.chromium.close()
        self._playwright.stop()

    def new_page(self):
        context = self.chromium.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
        return context, context.new_page()


def _expected(charts: int | None) -> int:
    return -1 if charts is None else charts


def wait_ready(page, charts: int | None, timeout_ms: int = 30_000) -> float:
    """Wait for the run to finish with the data drawn; return the page's performance.now() then."""
    handle = page.wait_for_function(_READY, arg=[_expected(charts), False, None], timeout=timeout_ms,
                                    polling="raf")
    return float(handle.json_value())


def fresh_loads(browser: Browser, url: str, charts: int | None, count: int) -> list[float]:
    """ms from navigation start to the screen drawn, each in a new context (empty cache)."""
    samples = []
    for _ in range(count):
        context, page = browser.new_page()
        try:
            page.goto(url, wait_until="commit")
            samples.append(wait_ready(page, charts))
        finally:
            context.close()
    return samples


def widget_changes(browser: Browser, url: str, charts: int | None, widget: str, options: list[str],
                   count: int, step: int) -> list[float]:
    """ms from pressing Enter on a new option to the updated screen drawn."""
    context, page = browser.new_page()
    samples = []
    try:
        page.goto(url, wait_until="commit")
        wait_ready(page, charts)
        sidebar = page.get_by_test_id("stSidebar")
        index = 0
        for _ in range(count):
            index = (index + step) % len(options)
            old_headings = page.evaluate(_REMEMBER)
            box = sidebar.get_by_role("combobox", name=widget, exact=True)
            box.click()
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.type(options[index])
            page.keyboard.press("Enter")
            done = page.wait_for_function(_READY, arg=[_expected(charts), True, old_headings], timeout=30_000,
                                          polling="raf")
            marked = page.evaluate("() => window.__benchMark")
            samples.append(float(done.json_value()) - float(marked))
            time.sleep(0.2)  # let the browser settle (the URL update, hover states) before the next one
    finally:
        context.close()
    return samples
