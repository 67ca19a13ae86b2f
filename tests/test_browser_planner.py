"""The planner's screens in real Chromium at 1280×720 (screenshots in tests/artifacts/planner/ —
open them): the field, an input that moves the rank, a scenario reopened from its link in a fresh
browser, a plan saved and exported that reopens after a server restart, and its overdue row, and
the plan's table read without scrolling sideways."""

import contextlib
from datetime import date, timedelta

import chromium
import openpyxl
import pytest
from chromium import ARTIFACTS, READY, served
from playwright.sync_api import expect

from dti import access
from ui.frame import PAGE_FAILED

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "planner"
SIMULATOR_FIELD = "/simulator?province=93&year=2023"  # Hậu Giang 2023: 0,7092, 20th; four main indices
# The plan table's grid: its width and the width of what it holds, and the headers it draws (the
# grid's accessible copy lists the columns in view, not those scrolled out of it).
GRID_WIDTHS = """() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]
  .map(el => ({scroll: el.scrollWidth, client: el.clientWidth}))"""
GRID_HEADERS = """() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=columnheader]')]
  .map(cell => cell.textContent)"""


@contextlib.contextmanager
def opened(browser, url):
    """A page of its own browser context at 1280×720, its first run done; the context closes after."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(READY, timeout=30_000)
        expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=30_000)
        yield page
    finally:
        context.close()


def settled(page):
    page.wait_for_timeout(300)  # the rerun starts after the debounce
    page.wait_for_selector(READY, timeout=30_000)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.screenshot(path=SHOTS / f"{name}-full.png", full_page=True)


def log_in(page, name="Lê Văn C"):
    chromium.log_in(page, name, access.app_tokens().tokens["admin"])


def metric(page, label):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def test_the_simulator_shows_the_field_and_an_input_moves_the_rank(server, browser):
    with opened(browser, server + SIMULATOR_FIELD) as page:
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 1", timeout=30_000)
        points = page.evaluate("() => document.querySelector('.js-plotly-plot').data"
                               ".reduce((n, t) => n + (t.x ? t.x.length : 0), 0)")
        assert points >= 63  # every unit of the field is drawn
        assert page.get_by_test_id("stException").count() == 0 and page.get_by_text(PAGE_FAILED).count() == 0
        expect(metric(page, "Thứ hạng mới")).to_have_text("20/63")
        shot(page, "simulator-1280x720")
        box = page.get_by_label("Hoạt động kinh tế số", exact=True)
        box.fill("0.9")
        box.press("Enter")
        settled(page)
        # 0,70919 + 150·(0,9 − 0,5399)/1000 = 0,763205 → 0,7632: between Thừa Thiên Huế 0,7660 and Lạng Sơn 0,7601
        expect(metric(page, "Thứ hạng mới")).to_have_text("4/63", timeout=30_000)
        expect(metric(page, "Tổng điểm mới")).to_have_text("0,7632")
        assert "v_hd_kinh_te_so=0.9000" in page.url
        shot(page, "simulator-after-whatif-1280x720")


def test_a_saved_scenario_reopens_from_its_url_in_a_fresh_browser(server, browser):
    with opened(browser, server + SIMULATOR_FIELD + "&v_hd_xa_hoi_so=0.8") as page:
        log_in(page)
        page.get_by_label("Tên phương án").first.fill("XHS lên 0,8")
        page.get_by_role("button", name="Lưu phương án mô phỏng").click()
        expect(page.get_by_text("Đã lưu phương án")).to_be_visible(timeout=30_000)
        url = page.url
        assert "scenario=" in url
        new_score = metric(page, "Tổng điểm mới").inner_text()
    scenario_id = url.split("scenario=")[1].split("&")[0]
    with opened(browser, f"{server}/simulator?scenario={scenario_id}") as page:
        expect(page.get_by_text("Phương án “XHS lên 0,8”")).to_be_visible(timeout=30_000)
        # 0,70919 + 150·(0,8 − 0,4235)/1000 = 0,70919 + 0,056475 = 0,765665 → 0,7657, 4th
        expect(metric(page, "Tổng điểm mới")).to_have_text("0,7657", timeout=30_000)  # a busy CI machine
        expect(metric(page, "Thứ hạng mới")).to_have_text("4/63", timeout=30_000)
        assert new_score == "0,7657"
        shot(page, "scenario-reopened-1280x720")


def test_a_plan_saved_and_exported_reopens_after_a_restart_with_its_overdue_row(built_db, browser):
    overdue = (date.today() - timedelta(days=5)).strftime("%d/%m/%Y")
    path = "/plan?province=22&base_year=2022&target_year=2023"
    with served() as url:
        with opened(browser, url + path) as page:
            log_in(page, "Phạm Thị D")
            page.get_by_label("Đơn vị chủ trì").fill("Sở Công Thương")
            page.get_by_label("Giá trị mục tiêu (0–1)").fill("0,8")
            page.get_by_label("Thời hạn (ngày/tháng/năm)").fill(overdue)
            page.get_by_role("button", name="Thêm vào bảng").click()
            settled(page)
            page.get_by_label("Ghi chú cho lần lưu này").fill("bản đầu")
            page.get_by_role("button", name="Lưu kế hoạch").click()
            expect(page.get_by_text("Đã lưu bản 1")).to_be_visible(timeout=30_000)
            plan_url = page.url
            assert "plan=" in plan_url
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải kế hoạch (XLSX)").click()
            saved = SHOTS / "plan.xlsx"
            SHOTS.mkdir(parents=True, exist_ok=True)
            download.value.save_as(saved)
            sheet = openpyxl.load_workbook(saved).active
            assert sheet["A1"].value == "Kế hoạch cải tiến DTI Quảng Ninh 2023"
            assert "Sở Công Thương" in [c.value for c in sheet[9]]
    with served() as url:  # a new server process: the plan comes from the user data file
        with opened(browser, url + "/plan?" + plan_url.split("?", 1)[1]) as page:
            expect(page.get_by_text("Bản 1, lưu bởi Phạm Thị D")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("1 nhiệm vụ chậm: Sở Công Thương")).to_be_visible()
            owner = page.get_by_text("Sở Công Thương: 1 nhiệm vụ, 1 chậm")
            expect(owner).to_be_visible()
            expect(page.get_by_text("CHẬM 5 ngày").first).to_be_visible()
            shot(page, "plan-reopened-1280x720")
            page.get_by_role("heading", name="Việc của từng đơn vị").scroll_into_view_if_needed()
            shot(page, "plan-owners-1280x720")


def test_a_target_answer_draws_the_per_index_gains(server, browser):
    with opened(browser, server + SIMULATOR_FIELD + "&target=top") as page:
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
        # Top 10 in 2023: the 10th is Bà Rịa - Vũng Tàu 0,7353, and a tie meets a rank target. From
        # 0,70919 the least gain is 0,0261 (→ 0,73529 → 0,7353, tied 10th; 0,0260 gives 0,7352, 11th).
        expect(page.get_by_text("cần tăng tổng điểm ít nhất 0,0261").first).to_be_visible()
        page.get_by_role("heading", name="Mục tiêu: cần tăng bao nhiêu").scroll_into_view_if_needed()
        shot(page, "simulator-target-1280x720")


def test_the_plan_tables_read_without_scrolling_sideways_at_1280_by_720(server, browser):
    # All eleven columns in one grid needed about 1 300 px where 818 are left beside the sidebar:
    # deadline and status were scrolled out of sight. Two views of the same rows now, each within
    # its box, for an editor (whose grid adds a row-selection column); and once saved, each unit's
    # tasks keep their status in sight too. Sóc Trăng 2023, one row with long names, overdue.
    with opened(browser, server + "/plan?province=94&base_year=2023&target_year=2024") as page:
        log_in(page)
        page.get_by_label("Chỉ số thành phần (không bắt buộc)").fill("Dịch vụ công trực tuyến toàn trình")
        page.get_by_label("Đơn vị chủ trì").fill("Sở Thông tin và Truyền thông")
        page.get_by_label("Đơn vị phối hợp (cách nhau bằng dấu phẩy)").fill("Văn phòng UBND tỉnh, Sở Tài chính")
        page.get_by_label("Giá trị mục tiêu (0–1)").fill("0,99")
        page.get_by_label("Thời hạn (ngày/tháng/năm)").fill("01/01/2024")
        page.get_by_role("button", name="Thêm vào bảng").click()
        settled(page)
        views = page.get_by_test_id("stButtonGroup")
        for view, headers in [("Việc, đơn vị, thời hạn", ["Chỉ số chính", "Đơn vị chủ trì", "Mục tiêu", "Thời hạn",
                                                          "Trạng thái"]),
                              ("Chi tiết từng dòng", ["Chỉ số chính", "Thành phần", "Đơn vị phối hợp", "Hiện tại",
                                                      "Khoảng cách", "Ghi chú"])]:
            views.get_by_text(view, exact=True).click()
            settled(page)
            page.wait_for_function(f"({GRID_HEADERS})().length === {len(headers)}", timeout=30_000)
            assert page.evaluate(GRID_HEADERS) == headers
            [grid] = page.evaluate(GRID_WIDTHS)
            assert grid["scroll"] <= grid["client"], (view, grid)
            page.get_by_test_id("stDataFrame").scroll_into_view_if_needed()
            shot(page, f"plan-table-{'details' if headers[1] == 'Thành phần' else 'tasks'}-1280x720")
        page.get_by_role("button", name="Lưu kế hoạch").click()
        expect(page.get_by_text("Đã lưu bản 1")).to_be_visible(timeout=30_000)
        # The plan's table, the three units' tasks (the overdue ones open) and the saves' history.
        page.wait_for_function(f"({GRID_WIDTHS})().length === 5", timeout=30_000)
        assert [grid for grid in page.evaluate(GRID_WIDTHS) if grid["scroll"] > grid["client"]] == []
        grids = page.get_by_test_id("stDataFrame")
        for number in (1, 2, 3):  # the three units' tasks (a grid lists its headers once drawn in view)
            grids.nth(number).scroll_into_view_if_needed()
            expect(grids.nth(number).locator("[role=columnheader]")).to_have_text(
                ["Nhiệm vụ", "Vai trò", "Từ → đến", "Thời hạn", "Tình trạng"])
        page.get_by_role("heading", name="Việc của từng đơn vị").scroll_into_view_if_needed()
        shot(page, "plan-owners-saved-1280x720")
