"""The results database: versioned DuckDB files behind an atomically replaced pointer.

A writer (the build, an import) takes the writer lock, fills a `temporary_copy()`, checks
it and publishes it: the file is renamed to `dti-<version>.duckdb`, then `CURRENT` (a
one-line text file naming the version) is replaced with os.replace. Readers open the file
CURRENT names, read-only, so no reader sees a half-built database and the CLI can read
while the app runs (PLATFORM.md). This module knows versions, the pointer, the lock and
connections; what goes into a version is dti.build's and the importer's business.
"""

import contextlib
import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dti import config, queries

POINTER_NAME = "CURRENT"
VERSIONS_KEPT = 12


class DatabaseUnavailable(RuntimeError):
    """No usable database version; the message is for the user."""


def _pointer_path() -> Path:
    return config.database_dir() / POINTER_NAME


def version_path(version: str) -> Path:
    return config.database_dir() / f"dti-{version}.duckdb"


def current_version() -> str | None:
    """The version CURRENT names, or None where no database has been built."""
    try:
        version = _pointer_path().read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


def list_versions() -> list[str]:
    """Every version file present, oldest first."""
    folder = config.database_dir()
    if not folder.exists():
        return []
    return sorted(p.name[len("dti-"):-len(".duckdb")] for p in folder.glob("dti-*.duckdb"))


def _new_version_name() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


@contextlib.contextmanager
def writer_lock() -> Iterator[None]:
    """One writer at a time across processes (a build on first start, an import, the CLI).

    Not re-entrant: take it once per process.
    """
    folder = config.database_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".write.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def temporary_copy(version: str | None = None) -> Iterator[tuple[str, Path]]:
    """(new version name, path of a private file) for a writer to fill; a copy of `version`,
    or no file yet (DuckDB creates it) when version is None. The file is removed on exit
    unless publish() moved it. Raises FileNotFoundError when the version is gone."""
    new_version = _new_version_name()
    folder = config.database_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temp_path = folder / f".building-{new_version}.duckdb"
    try:
        if version is not None:
            shutil.copyfile(version_path(version), temp_path)
        yield new_version, temp_path
    finally:
        temp_path.unlink(missing_ok=True)
        temp_path.with_suffix(".duckdb.wal").unlink(missing_ok=True)


def _write_pointer(version: str) -> None:
    """The one writer of CURRENT: a durable temporary file, then an atomic rename over it."""
    pointer_temp = _pointer_path().with_suffix(f".{version}.tmp")
    pointer_temp.write_text(version + "\n", encoding="utf-8")
    with open(pointer_temp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_temp, _pointer_path())


def publish(temp_path: Path, version: str) -> None:
    """Make a checked temporary file the current version. Call under writer_lock()."""
    os.replace(temp_path, version_path(version))
    _write_pointer(version)
    _prune_old_versions(keep=version)


def set_current_version(version: str, expected_current: str | None = None) -> None:
    """Point CURRENT back (or forward) to an existing version: how an import is undone.

    With expected_current, refuse when another writer moved CURRENT in the meantime.
    """
    if not version_path(version).exists():
        raise DatabaseUnavailable(f"Không có phiên bản dữ liệu {version}")
    with writer_lock():
        if expected_current is not None and current_version() != expected_current:
            raise DatabaseUnavailable("Dữ liệu vừa được thay đổi bởi người khác; hãy tải lại rồi thử lại.")
        _write_pointer(version)


def _prune_old_versions(keep: str) -> None:
    versions = [v for v in list_versions() if v != keep]
    for version in versions[:-VERSIONS_KEPT]:
        with contextlib.suppress(OSError):
            version_path(version).unlink()


# --- reading -------------------------------------------------------------------------

_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def connection(version: str | None = None) -> tuple[str, duckdb.DuckDBPyConnection]:
    """A read-only connection to a version (default: current), one per version per process.

    Callers take a cursor per query: a DuckDB connection is not thread-safe.
    """
    version = version or current_version()
    if version is None:
        raise DatabaseUnavailable("Chưa có cơ sở dữ liệu. Hãy chạy: python -m dti build-db")
    with _connections_lock:
        con = _connections.get(version)
        if con is None:
            path = version_path(version)
            if not path.exists():
                raise DatabaseUnavailable(f"Thiếu tệp dữ liệu của phiên bản {version}")
            try:
                con = duckdb.connect(str(path), read_only=True)
            except duckdb.Error as error:
                raise DatabaseUnavailable(
                    f"Không mở được cơ sở dữ liệu (bị khóa hoặc hỏng): {error}") from error
            _connections[version] = con
        return version, con


def serving_version() -> tuple[str, str | None]:
    """The version readers should use now, and a Vietnamese notice when it is not CURRENT.

    Where the file CURRENT names is missing, locked or corrupt, the newest older version that
    opens is served instead (the last good one), so the app keeps working.
    """
    current = current_version()
    if current is None:
        raise DatabaseUnavailable("Chưa có cơ sở dữ liệu. Hãy chạy: python -m dti build-db")
    try:
        connection(current)
        return current, None
    except DatabaseUnavailable as error:
        for version in reversed(list_versions()):
            if version == current:
                continue
            try:
                connection(version)
            except DatabaseUnavailable:
                continue
            return version, (f"{error}. Đang hiển thị phiên bản dữ liệu tốt gần nhất ({version[:15]}); "
                             "báo quản trị viên kiểm tra.")
        raise


def close_connections() -> None:
    with _connections_lock:
        for con in _connections.values():
            con.close()
        _connections.clear()


# run_query(name, version) reads through this store's connections; the runner itself
# imports nothing from the package, so it is told here where connections come from.
queries.use_connections(lambda version: connection(version)[1])
