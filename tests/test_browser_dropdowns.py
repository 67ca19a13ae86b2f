"""Streamlit's dropdowns in the visitor's language, in real Chromium: a filter that matches nothing,
an empty multiselect, and the folded source of each number under a view (screenshots in
tests/artifacts/ — open them)."""

import pytest
from chromium import ARTIFACTS, READY
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "label", "words", "english"), [
    ("vi", "Tỉnh, thành phố", "Không có lựa chọn nào khớp", "No results"),
    ("en", "Province or city", "No results", "Không có lựa chọn nào khớp"),
])
def test_a_province_filter_that_matches_nothing_says_so_in_the_visitors_language(server, page, lang, label, words,
                                                                                 english):
    page.goto(f"{server}/ranking?province=93&year=2022&lang={lang}")
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type("qqqq")  # no province name, alias or code holds it
    expect(page.get_by_text(words, exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(english, exact=True)).to_have_count(0)
    page.screenshot(path=ARTIFACTS / f"dropdown-no-match-{lang}.png")


def test_an_empty_multiselect_asks_in_vietnamese(server, page):
    page.goto(f"{server}/briefing?province=93&year=2022")
    page.wait_for_selector(READY, timeout=60_000)
    steps = page.get_by_test_id("stMultiSelect").first
    steps.get_by_role("button", name="Clear all").click()  # Streamlit's own clear control
    page.wait_for_selector(READY, timeout=60_000)
    expect(steps.get_by_placeholder("Chọn một hoặc nhiều mục")).to_be_visible(timeout=30_000)
    expect(page.get_by_placeholder("Choose options")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "dropdown-empty-multiselect.png")


def test_the_source_of_each_number_unfolds_under_the_ranking(server, page):
    page.goto(f"{server}/ranking?province=93&year=2022")
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_text("Nguồn của từng số liệu (126)").click()
    row = page.get_by_role("row").filter(has_text="Hậu Giang").filter(has_text="hạng 17")
    expect(row).to_contain_text("dti.gov.vn")
    expect(row).to_contain_text("cổng chính thức (dti.gov.vn)")
    row.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "ranking-sources-of-each-number.png")
