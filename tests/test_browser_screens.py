"""Every screen in real Chromium: renders without exceptions, draws its charts, and reads at
1280×720 and 1920×1080 (screenshots in tests/artifacts/screens/ — open them). Also the map's
locations and island labels, and downloads that open with pandas and openpyxl."""

import io
import re
import urllib.parse

import openpyxl
import pandas as pd
import pytest
from chromium import ARTIFACTS, READY
from playwright.sync_api import expect

from ui.frame import PAGE_FAILED

pytestmark = pytest.mark.browser
SCREENS = [
    ("home", "/?province=93", 0),
    ("ranking", "/ranking?year=2022&province=93", 2),
    ("province", "/province?province=93&year=2021", 1),
    ("movers", "/movers?province=93&from=2021&to=2022", 1),
    ("compare", "/compare?provinces=93,92,94&year=2022", 1),
    ("methodology", "/methodology", 1),
    ("data", "/data", 0),
]
VIEWPORTS = [(1280, 720), (1920, 1080)]


def _open(browser, url, width=1280, height=720):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(READY, timeout=30_000)
    return context, page


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=lambda v: str(v))
@pytest.mark.parametrize("name, path, charts", SCREENS, ids=[s[0] for s in SCREENS])
def test_screen_renders_with_its_charts(server, browser, name, path, charts, width, height):
    context, page = _open(browser, server + path, width, height)
    try:
        main = page.get_by_test_id("stMain")
        expect(main.locator("h1").first).to_be_visible(timeout=30_000)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_text(PAGE_FAILED).count() == 0
        if charts:
            page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {charts}",
                                   timeout=30_000)
        folder = ARTIFACTS / "screens"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{name}-{width}x{height}.png")
    finally:
        context.close()



# Distance from each chart's top edge to its title's box (the box covers the marks Vietnamese
# stacks on a letter: the hook of "ể", the acute of "ế").
TITLE_TOPS = ("() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]"
              ".filter(p => p.querySelector('.gtitle')?.textContent)"
              ".map(p => p.querySelector('.gtitle').getBoundingClientRect().top - p.getBoundingClientRect().top)")


@pytest.mark.parametrize("path", ["/province?province=93&year=2024", "/province?province=93&year=2024&present=1",
                                  "/movers?province=93&from=2023&to=2024&present=1"])
def test_chart_titles_keep_their_vietnamese_marks_inside_the_chart(server, browser, path):
    # Seen at 1280×720: "Hậu Giang giám 5 bậc … đên 2024" (giảm, đến) and "điêm trụ cột và chí sô"
    # (điểm, chỉ số): the first line's top marks fell outside the chart, cut off.
    context, page = _open(browser, server + path)
    try:
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .gtitle').length >= 1", timeout=30_000)
        tops = page.evaluate(TITLE_TOPS)
        assert tops and min(tops) >= 2, tops
    finally:
        context.close()


# The slope chart's names as Chromium draws them (annotations or a trace's text): each one's box,
# and its chart's box.
SLOPE_TEXT = "'.js-plotly-plot .annotation-text-g text, .js-plotly-plot .textpoint text'"
SLOPE_NAMES = ("() => { const plot = document.querySelector('[data-testid=stMain] .js-plotly-plot');"
               " const box = e => { const r = e.getBoundingClientRect();"
               " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };"
               f" return {{chart: box(plot), names: [...plot.querySelectorAll({SLOPE_TEXT})]"
               ".map(t => ({text: t.textContent, ...box(t)}))}; }")


@pytest.mark.parametrize("query, width, height", [("", 1280, 720), ("", 1920, 1080), ("&present=1", 1280, 720)],
                         ids=["1280x720", "1920x1080", "present-1280x720"])
def test_slope_chart_names_never_cover_each_other(server, browser, query, width, height):
    # 2022 → 2023 (the default pair): Hà Nội and Bình Dương end 6th and 7th, Phú Thọ and Vĩnh Phúc
    # 43rd and 44th; their names were drawn over each other.
    context, page = _open(browser, f"{server}/movers?province=93&from=2022&to=2023{query}", width, height)
    try:
        page.wait_for_function(f"document.querySelectorAll({SLOPE_TEXT}).length >= 12", timeout=30_000)
        drawn = page.evaluate(SLOPE_NAMES)
        names = drawn["names"]
        assert {"Hà Nội 6 (+18)", "Bình Dương 7 (+12)", "Phú Thọ 43* (-20)", "Vĩnh Phúc 44* (-26)",
                "Hậu Giang 17", "20*"} <= {name["text"] for name in names}
        for number, one in enumerate(names):
            # Whole inside the chart: no name or number cut off at its edge.
            assert drawn["chart"]["left"] <= one["left"] and one["right"] <= drawn["chart"]["right"], one
            for other in names[number + 1:]:
                apart = (one["bottom"] <= other["top"] or other["bottom"] <= one["top"]
                         or one["right"] <= other["left"] or other["right"] <= one["left"])
                assert apart, (one, other)
    finally:
        context.close()

MAP_TRACE = ("() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => p.data.map(t =>"
             " ({type: t.type, locations: t.locations || null, text: t.text, style: p.layout.map?.style})))"
             ".filter(t => t.type === 'choroplethmap' || t.type === 'scattermap')")


@pytest.mark.parametrize("units, count, islands", [
    ("63", 63, ("Huyện Hoàng Sa (TP. Đà Nẵng)", "Huyện Trường Sa (tỉnh Khánh Hòa)")),
    ("34", 34, ("Đặc khu Hoàng Sa (TP. Đà Nẵng)", "Đặc khu Trường Sa (tỉnh Khánh Hòa)"))])
def test_map_holds_every_unit_once_and_labels_the_islands(server, browser, units, count, islands):
    """The one map check: every unit in one trace, both island groups labelled, no network base map."""
    year = "2022" if units == "63" else "2024"
    context, page = _open(browser, f"{server}/ranking?year={year}&units={units}")
    try:
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')]"
                               ".some(p => p.data[0].type === 'choroplethmap')", timeout=30_000)
        traces = page.evaluate(MAP_TRACE)
        choropleths = [t for t in traces if t["type"] == "choroplethmap"]
        assert len(choropleths) == 1
        locations = choropleths[0]["locations"]
        assert len(locations) == len(set(locations)) == count
        labels = " ".join(t for trace in traces if trace["type"] == "scattermap" for t in trace["text"])
        assert all(island in labels for island in islands)
        assert {t["style"] for t in traces} == {"white-bg"}
    finally:
        context.close()


MAP_DRAWN = ("() => { const plot = [...document.querySelectorAll('.js-plotly-plot')]"
             ".find(p => p.data[0].type === 'choroplethmap');"
             " const style = plot?._fullLayout?.map?._subplot?.map?.getStyle?.();"
             " if (!style || !plot.calcdata) return null; const sources = Object.values(style.sources);"
             " return {geojson: typeof plot.data[0].geojson,"
             " matched: plot.calcdata[0].filter(point => point.fOut).length,"
             " features: Math.max(0, ...sources.map(s => s.data?.features?.length ?? 0))}; }")


@pytest.mark.parametrize("units, count, year", [("63", 63, "2022"), ("34", 34, "2024")])
def test_map_boundaries_come_once_from_our_server_and_draw_every_unit(server, browser, units, count, year):
    """The boundaries are not in the figure: the browser fetches them once, from our own server, and
    the map still draws every unit (a boundary per unit, in the map's own data)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    try:
        page = context.new_page()
        fetched = []
        page.on("response", lambda response: fetched.append((response.url, response.status))
                if "geo" in urllib.parse.urlparse(response.url).path else None)
        page.goto(f"{server}/ranking?year={year}&units={units}")
        page.wait_for_function(f"(() => {{ const m = ({MAP_DRAWN})(); return m && m.matched === {count}; }})()",
                               timeout=30_000)
        drawn = page.evaluate(MAP_DRAWN)
        assert drawn == {"geojson": "string", "matched": count, "features": count}
        name = "vn63_provinces.json" if units == "63" else "vn34_provinces.json"
        assert fetched == [(f"{server}/app/static/geo/{name}", 200)]
        plot = page.locator(".js-plotly-plot").filter(has=page.locator(".maplibregl-canvas")).first
        plot.scroll_into_view_if_needed()
        folder = ARTIFACTS / "screens"
        folder.mkdir(parents=True, exist_ok=True)
        plot.screenshot(path=folder / f"map-{units}.png")
    finally:
        context.close()


def test_downloads_open_with_pandas_and_openpyxl(server, browser, tmp_path):
    context, page = _open(browser, f"{server}/ranking?year=2022&province=93")
    try:
        main = page.get_by_test_id("stMain")
        with page.expect_download(timeout=30_000) as csv_download:
            main.get_by_role("button", name="Tải toàn bộ (CSV)").click()
        csv_path = tmp_path / csv_download.value.suggested_filename
        csv_download.value.save_as(csv_path)
        table = pd.read_csv(csv_path, encoding="utf-8-sig", dtype={"Mã tỉnh": str})
        assert len(table) == 63 and table.loc[table["Mã tỉnh"] == "93", "Thứ hạng"].item() == 17
        with page.expect_download(timeout=30_000) as xlsx_download:
            main.get_by_role("button", name="Tải bảng đang xem (XLSX)").click()
        book = openpyxl.load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
        assert book.active["A1"].value.startswith("Xếp hạng Chỉ số DTI năm 2022")
        assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    finally:
        context.close()


def test_url_text_is_shown_as_text_not_as_an_image_or_a_link(server, browser):
    crafted = "![i](https://evil.example/x.png)[bấm](https://evil.example/)"
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    try:
        page = context.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{server}/movers?from={urllib.parse.quote(crafted)}&to=2022")
        page.wait_for_selector(READY, timeout=30_000)
        main = page.get_by_test_id("stMain")
        # The characters typed, as text (an invisible word joiner keeps 'https://' from becoming a link).
        expect(main.get_by_text(re.compile(r"“!\[i\]\(https:\u2060//evil\.example/x\.png\)\[bấm\]\(ht…”"))
               ).to_be_visible(timeout=30_000)
        assert main.locator("img[src*='evil.example']").count() == 0
        assert main.locator("a[href*='evil.example']").count() == 0
        assert not [url for url in fetched if urllib.parse.urlparse(url).hostname == "evil.example"]
    finally:
        context.close()
