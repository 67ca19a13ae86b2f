"""The simulator's what-if in Debian's headless Chromium: from Enter in a main index's input (a new
value typed) to the answer's chart redrawn, in the page's own clock (bench.browser's rule).

A province change loads a new field (bench.browser.widget_changes); this is the planner's own
loop on one province: type a value, read the new rank off the chart.
"""

import time

from bench.browser import _REMEMBER, Browser, wait_ready

# Hậu Giang in a QĐ 922 year: every main index has an input and the field chart draws the move.
WHATIF_URL = "/simulator?province=93&year=2023"
# A main index's input (its key: simulator_v_<index>_<province>_<year>), not an entered value's.
_INPUT = "[data-testid=stMain] [class*=\"st-key-simulator_v_\"] input"
# The run is over and some chart's data is new (the field chart; the least-gains chart does not
# follow a what-if value, so "every chart replaced" would never hold).
_ANSWERED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const plots = [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')];
  if (!plots.some(p => p.data && !window.__benchOldData.includes(p.data))) return false;
  return performance.now();
}"""


def input_changes(browser: Browser, base_url: str, count: int) -> list[float]:
    """ms from Enter on a new value in the first main index's input to the field chart redrawn;
    the value alternates between +0,05 and +0,10 over the province's own."""
    context, page = browser.new_page()
    samples = []
    try:
        page.goto(base_url + WHATIF_URL, wait_until="commit")
        wait_ready(page, 1)
        box = page.locator(_INPUT).first
        own = float(box.input_value().replace(",", "."))
        for index in range(count):
            page.evaluate(_REMEMBER)  # the charts' data now, and the Enter key's time
            box.fill(f"{min(1.0, own + (0.05 if index % 2 == 0 else 0.10)):.4f}")
            box.press("Enter")
            done = page.wait_for_function(_ANSWERED, timeout=30_000, polling="raf")
            samples.append(float(done.json_value()) - float(page.evaluate("() => window.__benchMark")))
            time.sleep(0.2)  # let the URL update settle before the next value
    finally:
        context.close()
    return samples
