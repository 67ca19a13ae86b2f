"""Real headless Chromium (Debian's /usr/bin/chromium) against a fresh Streamlit server.

Never skipped: a missing browser is a failure (make test installs it).
Screenshots land in tests/artifacts/ — open them.
"""

import pytest
from chromium import ARTIFACTS, READY
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_first_request_deep_link_opens_hau_giang_2021(fresh_server, page):
    page.goto(f"{fresh_server}/province?province=93&year=2021")
    page.wait_for_selector(READY, timeout=30_000)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Hậu Giang").first).to_be_visible(timeout=30_000)
    expect(main.get_by_text("17/63").first).to_be_visible()
    expect(main.get_by_text("tăng 11 bậc").first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    # Our own Vietnamese navigation, not Streamlit's list of file names.
    expect(sidebar.get_by_role("link", name="Xếp hạng")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Hồ sơ tỉnh")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.screenshot(path=ARTIFACTS / "province-93-2021.png", full_page=False)
    assert "province=93" in page.url and "year=2021" in page.url


def test_ranking_page_draws_the_table_and_a_bar_for_each_of_the_63(fresh_server, page):
    page.goto(f"{fresh_server}/ranking?year=2022&province=93")
    page.wait_for_selector(READY, timeout=30_000)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .bars", timeout=30_000)
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.data[0]).map(d =>"
        " ({type: d.type, n: (d.y || d.locations).length,"
        "   focus: d.type === 'bar' ? d.marker.color.filter(c => c === '#C8102E').length : null}))")
    assert {"type": "bar", "n": 63, "focus": 1} in traces
    page.screenshot(path=ARTIFACTS / "ranking-2022.png", full_page=True)


def test_changing_year_updates_the_url(fresh_server, page):
    page.goto(f"{fresh_server}/province?province=93&year=2022")
    page.wait_for_selector(READY, timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Năm đánh giá").click()
    page.get_by_role("option", name="2021").click()
    expect(page.get_by_test_id("stMain").get_by_text("tăng 11 bậc").first).to_be_visible(timeout=30_000)
    page.wait_for_url("**year=2021**", timeout=30_000)
