"""Shared fixtures: every test session builds the real bundled data into its own folder;
browser tests get Debian's Chromium and a served app from here."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before any dti import reads it: tests never touch the developer's data/db.
_SESSION_DB_DIR = Path(tempfile.mkdtemp(prefix="dti-test-db-"))
os.environ["DTI_DB_DIR"] = str(_SESSION_DB_DIR)
# Nor the developer's user data (plans, scenarios) or this machine's token.
os.environ["DTI_USER_DB"] = str(_SESSION_DB_DIR / "user" / "userdata.duckdb")
os.environ["DTI_LOCAL_TOKEN_FILE"] = str(_SESSION_DB_DIR / "user" / "local-token")
os.environ.setdefault("DTI_HOME_PROVINCE", "93")

from chromium import ADMIN_TOKEN, ARTIFACTS, CHROMIUM, served  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from bench.postgres_server import PostgresServer, PostgresUnavailable  # noqa: E402
from dti import build, store  # noqa: E402

# Auto-waiting assertions wait up to 15 s (Playwright's default is 5 s): on a 2-core CI machine a
# rerun after a widget change can take longer than 5 s while another server starts.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def built_db() -> str:
    """The real bundled data built once per session; returns its version."""
    return build.ensure_database()


@pytest.fixture
def fresh_db_dir(tmp_path, monkeypatch) -> Path:
    """An empty database folder of its own, for tests that build, import or undo."""
    folder = tmp_path / "db"
    monkeypatch.setenv("DTI_DB_DIR", str(folder))
    store.close_connections()
    yield folder
    store.close_connections()


@pytest.fixture(scope="session")
def postgres() -> PostgresServer:
    """A private PostgreSQL server for the session (Unix socket in a temporary folder). A server
    that cannot start fails the tests that need it: a skipped test is a failed test."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _built_template(tmp_path_factory) -> Path:
    """The bundled data built once into a folder that is only ever copied."""
    folder = tmp_path_factory.mktemp("built-template") / "db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DTI_DB_DIR", str(folder))
        store.close_connections()
        build.build_database()
        store.close_connections()
    return folder


@pytest.fixture
def built_copy(fresh_db_dir, _built_template) -> Path:
    """fresh_db_dir holding a just-built database (a copy of one build, not a rebuild per test)."""
    shutil.copytree(_built_template, fresh_db_dir)
    return fresh_db_dir


@pytest.fixture
def fresh_server(built_db):
    """A new server per test, so its first request is the test's own deep link."""
    with served() as url:
        yield url


@pytest.fixture
def data_server(built_copy, monkeypatch):
    """A server on a database folder of its own with an administrator token (ADMIN_TOKEN): for the
    flows that import through the data page, so the session's data stays untouched."""
    monkeypatch.setenv("DTI_ADMIN_TOKEN", ADMIN_TOKEN)
    with served(built_copy) as url:
        yield url


@pytest.fixture(scope="module")
def server(built_db):
    """One server for a module's tests."""
    with served() as url:
        yield url


@pytest.fixture(scope="module")  # per module: Playwright's loop is gone before AppTest modules run
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
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN", accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()
