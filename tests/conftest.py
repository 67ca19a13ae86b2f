"""Shared fixtures: every test session builds the real bundled data into its own folder."""

import os
import tempfile
from pathlib import Path

import pytest

# Before any dti import reads it: tests never touch the developer's data/db.
_SESSION_DB_DIR = Path(tempfile.mkdtemp(prefix="dti-test-db-"))
os.environ["DTI_DB_DIR"] = str(_SESSION_DB_DIR)
os.environ.setdefault("DTI_HOME_PROVINCE", "93")

from dti import build, store  # noqa: E402


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
