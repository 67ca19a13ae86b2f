"""Real headless Chromium (Debian's /usr/bin/chromium) against a fresh Streamlit server.

Never skipped: a missing browser is a failure (make test installs it).
Screenshots land in tests/artifacts/ — open them.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
READY = "[data-testid=stApp][data-test-script-state=notRunning]"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=os.environ.copy(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("Streamlit server did not start: " + process.stdout.read().decode(errors="replace"))


@contextlib.contextmanager
def served():
    """A Streamlit server of our app on a free port; yields its base URL, stops it after."""
    port = _free_port()
    process = _start_server(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def fresh_server(built_db):
    """A new server per test, so its first request is the test's own deep link."""
    with served() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make test` (it installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    opened = context.new_page()
    yield opened
    context.close()


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


def test_ranking_page_draws_table_and_chart_of_all_63(fresh_server, page):
    page.goto(f"{fresh_server}/ranking?year=2022&province=93")
    page.wait_for_selector(READY, timeout=30_000)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .bars", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .choroplethmap, .js-plotly-plot canvas", timeout=30_000)
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.data[0]).map(d =>"
        " ({type: d.type, n: (d.y || d.locations).length,"
        "   focus: d.type === 'bar' ? d.marker.color.filter(c => c === '#C8102E').length : null}))")
    assert {"type": "bar", "n": 63, "focus": 1} in traces
    assert {"type": "choroplethmap", "n": 63, "focus": None} in traces
    page.screenshot(path=ARTIFACTS / "ranking-2022.png", full_page=True)


def test_changing_year_updates_the_url(fresh_server, page):
    page.goto(f"{fresh_server}/province?province=93&year=2022")
    page.wait_for_selector(READY, timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Năm đánh giá").click()
    page.get_by_role("option", name="2021").click()
    expect(page.get_by_test_id("stMain").get_by_text("tăng 11 bậc").first).to_be_visible(timeout=30_000)
    page.wait_for_url("**year=2021**", timeout=30_000)
