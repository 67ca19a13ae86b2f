"""The data page in real Chromium: log in, upload an official-looking file, see the preview,
commit, and see the import log. Its own database folder, so the session data is untouched.
Screenshots land in tests/artifacts/ — open them."""

import re

import pytest
from chromium import ARTIFACTS, READY, log_in
from import_tables import csv_bytes, results_table
from playwright.sync_api import expect

from dti import store

pytestmark = pytest.mark.browser



def test_admin_uploads_previews_and_commits_a_year(data_server, page, tmp_path):
    before = store.current_version()
    page.goto(f"{data_server}/data?units=63")
    page.wait_for_selector(READY, timeout=30_000)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Chế độ chỉ đọc").first).to_be_visible(timeout=30_000)
    log_in(main, "Trần Thị B")
    year = main.get_by_label("Năm đánh giá của số liệu")
    year.fill("2023")
    year.press("Enter")
    page.wait_for_selector(READY, timeout=30_000)
    upload = tmp_path / "ket-qua-dti-2023.csv"
    upload.write_bytes(csv_bytes(results_table("p63"), delimiter=";", decimal=",",
                                 title_rows=("KẾT QUẢ CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2023",)))
    main.locator("input[type=file]").set_input_files(str(upload))
    expect(main.get_by_text("Ghi đè số liệu công bố").first).to_be_visible(timeout=30_000)
    expect(main.get_by_text("giá trị đã công bố hoặc suy ra sẽ bị ghi đè").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "data-preview-2023.png", full_page=True)
    main.get_by_test_id("stDataFrame").last.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "data-preview-table-2023.png")
    main.get_by_text("Tôi đã xem các cảnh báo và vẫn muốn nhập").click()
    main.get_by_role("button", name="Ghi vào cơ sở dữ liệu").click()
    expect(main.get_by_text("Đã nhập (lần nhập số 1)").first).to_be_visible(timeout=30_000)
    assert store.current_version() != before
    page.get_by_role("tab", name="Nhật ký nhập").click()
    expect(main.get_by_role("button", name="Hoàn tác lần nhập số 1")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]tab=nhat-ky"), timeout=30_000)  # the open tab is in the link
    page.screenshot(path=ARTIFACTS / "data-log.png", full_page=True)
