"""Shared fixtures: every test session builds the real bundled data into its own folder."""

import os
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

from dti import store  # noqa: E402


@pytest.fixture(scope="session")
def built_db() -> str:
    """The real bundled data built once per session; returns its version."""
    return store.ensure_database()


@pytest.fixture
def fresh_db_dir(tmp_path, monkeypatch) -> Path:
    """An empty database folder of its own, for tests that build, import or undo."""
    folder = tmp_path / "db"
    monkeypatch.setenv("DTI_DB_DIR", str(folder))
    store.close_connections()
    yield folder
    store.close_connections()
