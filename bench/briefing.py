"""The briefing's step change in Debian's headless Chromium: from the PageDown (or PageUp) key
to the next step's chart replaced and drawn, in the page's own clock (bench.browser's rule)."""

import time

from bench.browser import _READY, Browser, wait_ready

# Two steps with a chart each for Hậu Giang 2022 (rank history, least gains to the top ten).
STEPS_URL = "/briefing?province=93&year=2022&units=63&steps=history,target&present=1"
_LISTEN = """() => {
  window.__benchOldData = [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')].map(p => p.data);
  if (!window.__benchKeys) {
    window.__benchKeys = true;
    document.addEventListener('keydown', e => {
      if (e.key === 'PageDown' || e.key === 'PageUp') window.__benchMark = performance.now(); }, true);
  }
  return null;
}"""


def step_changes(browser: Browser, base_url: str, count: int) -> list[float]:
    """ms from a step key to the other step's chart drawn, alternating back and forward."""
    context, page = browser.new_page()
    samples = []
    try:
        page.goto(base_url + STEPS_URL, wait_until="commit")
        wait_ready(page, 1)
        # Not measured: the first key, pressed once the step buttons have loaded (their places are
        # drawn before their code, and a key pressed then reaches nothing).
        page.wait_for_selector(".st-key-briefing_next button", timeout=30_000)
        page.keyboard.press("PageDown")
        page.wait_for_url("**step=2**", timeout=30_000)
        wait_ready(page, 1)
        for index in range(count):
            page.evaluate(_LISTEN)
            page.keyboard.press("PageUp" if index % 2 == 0 else "PageDown")
            done = page.wait_for_function(_READY, arg=[1, True, None], timeout=30_000, polling="raf")
            samples.append(float(done.json_value()) - float(page.evaluate("() => window.__benchMark")))
            time.sleep(0.2)  # let the URL update and history entry settle before the next key
    finally:
        context.close()
    return samples
