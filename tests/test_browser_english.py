"""The officials' screens in English in real Chromium at 1280×720: the ranking's labels and
headline sentence, and a screenshot of every screen (tests/artifacts/english/ — open them). And
the other way round: no English word on the Vietnamese plan screen without a plan, canvas included."""

import re

import pytest
from chromium import ARTIFACTS, READY
from english_check import DRAWN_TEXT_SCRIPT, drawn_text, english_words
from playwright.sync_api import expect

from ui.frame import PAGE_FAILED

pytestmark = pytest.mark.browser
SCREENS = [
    ("home", "/?province=93&lang=en", 0),
    ("ranking", "/ranking?year=2022&province=93&lang=en", 2),
    ("province", "/province?province=93&year=2022&lang=en", 3),
    ("province-34", "/province?province=92&units=34&year=2024&lang=en", 2),
    ("movers", "/movers?province=93&from=2021&to=2022&lang=en", 1),
    ("compare", "/compare?provinces=93,92,94&year=2022&lang=en", 1),
    ("methodology", "/methodology?lang=en", 1),
]


def _open(page, url):
    page.goto(url)
    page.wait_for_selector(READY, timeout=30_000)


def test_ranking_in_english_shows_english_labels_and_headline(server, page):
    _open(page, f"{server}/ranking?year=2022&province=93&lang=en")
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1").first).to_have_text("DTI ranking 2022", timeout=30_000)
    # 2022: Đà Nẵng first (dti.gov.vn), Hậu Giang 17th of the 63.
    expect(main.locator("h4").first).to_have_text("Đà Nẵng leads; Hậu Giang is 17th of 63.")
    expect(main.get_by_text("Socio-economic region", exact=True)).to_be_visible()
    expect(main.get_by_role("button", name="Download this table (CSV)")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Compare provinces")).to_be_visible()
    expect(sidebar.get_by_text("Assessment year", exact=True)).to_be_visible()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    titles = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.layout.title.text)")
    # The page draws titles bold (<b>…</b>) and wraps them (<br>): the words are what counts here.
    words = [re.sub(r"<[^>]+>", " ", title).split() for title in titles]
    assert words == ["Map of DTI scores, 2022".split(), "DTI scores 2022, by rank".split()]
    separators = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.layout.separators)")
    assert separators == [".,", ".,"]


@pytest.mark.parametrize("name, path, charts", SCREENS, ids=[s[0] for s in SCREENS])
def test_english_screen_renders_at_1280_by_720(server, page, name, path, charts):
    _open(page, server + path)
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1").first).to_be_visible(timeout=30_000)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text(PAGE_FAILED).count() == 0
    if charts:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {charts}", timeout=30_000)
    folder = ARTIFACTS / "english"
    folder.mkdir(parents=True, exist_ok=True)
    # The main area scrolls inside the window: one picture per screenful, down to the end.
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    for screenful in range(min(6, -(-height // 620))):
        page.evaluate(f"() => document.querySelector('[data-testid=stMain]').scrollTo(0, {screenful * 620})")
        page.screenshot(path=folder / f"{name}-1280x720-{screenful + 1}.png")


def test_the_plan_screen_without_a_plan_shows_no_english_word(server, browser):
    # A new plan has no rows, and Streamlit's grid drew "empty" in its one blank row: on a canvas,
    # so the page's text never held it. Now a Vietnamese sentence says how to add a row.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    context.add_init_script(DRAWN_TEXT_SCRIPT)
    try:
        page = context.new_page()
        _open(page, f"{server}/plan?province=93&base_year=2023")
        main = page.get_by_test_id("stMain")
        expect(main.locator("h1").first).to_have_text("Kế hoạch cải tiến: Hậu Giang", timeout=30_000)
        expect(main.get_by_text("Kế hoạch chưa có dòng nào.")).to_be_visible()
        assert english_words(page.locator("[data-testid=stApp]").inner_text() + "\n" + drawn_text(page)) == []
        folder = ARTIFACTS / "english"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / "plan-without-a-plan-vi-1280x720.png")
        # What a grid draws is read: the same plan started from the solver's answer draws its row.
        _open(page, f"{server}/plan?province=93&base_year=2023&start=top10")
        page.wait_for_function("() => (window.__drawnTexts || []).some(text => text.includes('(gộp)'))",
                               timeout=30_000)
    finally:
        context.close()


def test_the_english_word_check_finds_empty_as_a_word_of_its_own():
    assert english_words("Chỉ số chính  Đơn vị chủ trì\nempty") == ["empty"]
    assert english_words("emptyset, nonempty") == []
