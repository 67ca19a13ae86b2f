"""The results database: versioned DuckDB files behind an atomically replaced pointer.

A writer (the build, an import) takes the writer lock, fills a `temporary_copy()`, checks
it and publishes it: the file is renamed to `dti-<version>.duckdb`, then `CURRENT` (a
one-line text file naming the version) is replaced with os.replace. Readers open the file
CURRENT names, read-only, so no reader sees a half-built database and the CLI can read
while the app runs (PLATFORM.md). This module knows versions, the pointer, the lock and
connections; what goes into a version is dti.build's and the importer's business.

Every pointer change is also appended (fsynced) to `HISTORY`: time, action, version, the
version it was made from, its file size. When CURRENT or the file it names is damaged,
readers serve the newest intact version of the current version's lineage (never an undone
import) with a Vietnamese notice.
"""

import contextlib
import errno
import fcntl
import os
import re
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dti import config, parquet_results

POINTER_NAME = "CURRENT"
HISTORY_NAME = "HISTORY"
LOCK_NAME = ".write.lock"
VERSIONS_KEPT = 12
_VERSION_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,80}")
NO_DATABASE = "Chưa có cơ sở dữ liệu. Hãy chạy: python -m dti build-db"
DISK_FULL = ("Không đủ chỗ trống trên ổ đĩa để ghi phiên bản dữ liệu mới; đã xoá bản ghi dở, "
             "dữ liệu cũ vẫn nguyên. Hãy giải phóng ổ đĩa rồi thử lại.")


class DatabaseUnavailable(RuntimeError):
    """No usable database version; the message is for the user."""


class NoIntactVersion(DatabaseUnavailable):
    """Version files exist (or once existed) but none of them opens: only a rebuild helps."""

    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(f"Không còn phiên bản dữ liệu nào đọc được ({problem}).")


class WriterBusy(DatabaseUnavailable):
    """Another writer held the lock longer than we wait; the message says who and since when."""


class DiskFull(DatabaseUnavailable):
    """The disk filled up while writing a new version; the partial file is gone."""


def _pointer_path() -> Path:
    return config.database_dir() / POINTER_NAME


def version_path(version: str) -> Path:
    return config.database_dir() / f"dti-{version}.duckdb"


def _history_path() -> Path:
    return config.database_dir() / HISTORY_NAME


def _read_pointer() -> tuple[str | None, str | None]:
    """(version CURRENT names, None) or (None, what is wrong with CURRENT in Vietnamese)."""
    try:
        raw = _pointer_path().read_bytes()
    except FileNotFoundError:
        return None, "thiếu tệp con trỏ phiên bản (CURRENT)"
    except OSError:
        return None, "không đọc được tệp con trỏ phiên bản (CURRENT)"
    try:
        version = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None, "tệp con trỏ phiên bản (CURRENT) bị hỏng"
    if not _VERSION_NAME.fullmatch(version):
        return None, "tệp con trỏ phiên bản (CURRENT) rỗng hoặc bị hỏng"
    return version, None


def current_version() -> str | None:
    """The version CURRENT names, or None where CURRENT is missing, empty or unreadable."""
    return _read_pointer()[0]


@dataclass(frozen=True)
class PointerChange:
    """One line of HISTORY: CURRENT moved to `version` (made from `parent`) at `at`."""
    at: str
    action: str  # publish | undo
    version: str
    parent: str | None
    size: int | None


def pointer_history() -> list[PointerChange]:
    """Every pointer change, oldest first (a line torn by a kill is skipped)."""
    try:
        text = _history_path().read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return []
    changes = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not _VERSION_NAME.fullmatch(parts[2]):
            continue
        parent = parts[3] if _VERSION_NAME.fullmatch(parts[3]) else None
        size = int(parts[4]) if parts[4].isdigit() else None
        changes.append(PointerChange(parts[0], parts[1], parts[2], parent, size))
    return changes


def _append_history(action: str, version: str, parent: str | None) -> None:
    try:
        size = str(version_path(version).stat().st_size) if action == "publish" else "-"
    except OSError:
        size = "-"
    line = f"{datetime.now(UTC).isoformat(timespec='seconds')}\t{action}\t{version}\t{parent or '-'}\t{size}\n"
    with open(_history_path(), "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def lineage(version: str, history: list[PointerChange] | None = None) -> list[str]:
    """The version, the version it was made from, and so on back: what the fallback walks."""
    parents = {c.version: c.parent for c in (pointer_history() if history is None else history)
               if c.action == "publish"}
    chain = [version]
    while (parent := parents.get(chain[-1])) and parent not in chain:
        chain.append(parent)
    return chain


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

    Waits at most config.write_lock_wait_seconds(), then raises WriterBusy naming the holder
    (its pid, command and start time, which every holder writes into the lock file). The
    holder removes temporary files a killed writer left behind. Not re-entrant.
    """
    folder = config.database_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        waited_for = config.write_lock_wait_seconds()
        deadline = time.monotonic() + waited_for
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriterBusy(_holder_words(fd, waited_for)) from None
                time.sleep(0.05)
        try:
            _write_holder(fd)
            _remove_stale_temporaries(folder)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _command_words() -> str:
    """This process's command line without folders (no server path reaches another user)."""
    words = [os.path.basename(word) if "/" in word else word for word in sys.orig_argv]
    return re.sub(r"\s+", " ", " ".join(words))[:120]


def _write_holder(fd: int) -> None:
    with contextlib.suppress(OSError):  # a full disk must not stop the writer that frees it
        os.ftruncate(fd, 0)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(fd, f"{os.getpid()}\t{_command_words()}\t{stamp}\n".encode(), 0)


def _holder_words(fd: int, waited_for: float) -> str:
    try:
        pid, command, stamp = os.pread(fd, 4096, 0).decode("utf-8", errors="replace").strip().split("\t")
        since = datetime.fromisoformat(stamp).strftime("%H:%M:%S ngày %d/%m/%Y (UTC)")
        who = f"tiến trình {pid} ({command}) đang ghi dữ liệu từ {since}"
    except (OSError, ValueError):
        who = "một tiến trình khác đang ghi dữ liệu"
    return (f"Đã chờ {waited_for:g} giây mà chưa ghi được: {who}. Hãy thử lại sau ít phút; "
            "nếu tiến trình đó bị treo, báo quản trị viên.")


def _remove_stale_temporaries(folder: Path) -> None:
    """Under the lock no other writer is running: any temporary file is a killed writer's."""
    for path in [*folder.glob(".building-*"), *folder.glob(f"{POINTER_NAME}.*.tmp")]:
        with contextlib.suppress(OSError):
            path.unlink()


def _is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, duckdb.Error) and ("No space left" in str(error) or "disk is full" in str(error))


@contextlib.contextmanager
def temporary_copy(version: str | None = None) -> Iterator[tuple[str, Path]]:
    """(new version name, path of a private file) for a writer to fill; a copy of `version`,
    or no file yet (DuckDB creates it) when version is None. The file is removed on exit
    unless publish() moved it. Raises FileNotFoundError when the version is gone, DiskFull
    (partial file removed) when the disk fills up while the block writes."""
    new_version = _new_version_name()
    folder = config.database_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temp_path = folder / f".building-{new_version}.duckdb"
    try:
        if version is not None:
            needed = version_path(version).stat().st_size
            if shutil.disk_usage(folder).free < needed + (1 << 20):
                raise DiskFull(DISK_FULL)
            shutil.copyfile(version_path(version), temp_path)
        yield new_version, temp_path
    except (OSError, duckdb.Error) as error:
        if _is_disk_full(error):
            raise DiskFull(DISK_FULL) from error
        raise
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


def publish(temp_path: Path, version: str, parent: str | None = None) -> None:
    """Make a checked temporary file the current version. Call under writer_lock().

    Its parent in HISTORY (where the fallback goes when it breaks) is `parent`, by default the
    version served until now (what the writer started from). An undo names the version the
    undone import was made from, so a fallback never serves the undone import again.
    """
    parent = parent if parent and version_path(parent).exists() else intact_version()
    os.replace(temp_path, version_path(version))
    _append_history("publish", version, parent)
    _write_pointer(version)
    _prune_old_versions(keep=version)


def set_current_version(version: str, expected_current: str | None = None) -> None:
    """Point CURRENT back (or forward) to an existing version: how an import is undone.

    With expected_current, refuse when another writer moved CURRENT in the meantime.
    """
    if not version_path(version).exists():
        raise DatabaseUnavailable(f"Không có phiên bản dữ liệu {version}")
    with writer_lock():
        undone = intact_version()
        if expected_current is not None and undone != expected_current:
            raise DatabaseUnavailable("Dữ liệu vừa được thay đổi bởi người khác; hãy tải lại rồi thử lại.")
        _append_history("undo", version, undone)
        _write_pointer(version)


def _prune_old_versions(keep: str) -> None:
    """Delete old versions but the fallback's candidates: the kept version's lineage and the
    last versions the pointer named (VERSIONS_KEPT of each). Undo needs no old version: it
    writes a new one from what the import recorded as replaced."""
    history = pointer_history()
    protected = set(lineage(keep, history)[:VERSIONS_KEPT])
    recent = list(dict.fromkeys(c.version for c in reversed(history)))
    protected.update(recent[:VERSIONS_KEPT])
    present = list_versions()
    if not history:  # a store from before HISTORY: keep the newest names
        protected.update(present[-VERSIONS_KEPT:])
    for version in present:
        if version not in protected:
            with contextlib.suppress(OSError):
                version_path(version).unlink()


# --- reading -------------------------------------------------------------------------

_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def _open(version: str, expected_size: int | None) -> duckdb.DuckDBPyConnection:
    """The cached read-only connection to an intact version; DatabaseUnavailable where its file
    is missing, shorter or longer than when it was published, or does not read."""
    path = version_path(version)
    try:
        size = path.stat().st_size
    except OSError:
        raise DatabaseUnavailable("thiếu tệp của phiên bản dữ liệu hiện hành") from None
    if expected_size is not None and size != expected_size:
        _forget(version)
        raise DatabaseUnavailable("tệp của phiên bản dữ liệu hiện hành bị hỏng (sai kích thước)")
    with _connections_lock:
        con = _connections.get(version)
        if con is None:
            try:
                con = duckdb.connect(str(path), read_only=True)
                con.cursor().execute("select count(*) from dti_value").fetchone()
            except duckdb.Error:
                if con is not None:
                    con.close()
                raise DatabaseUnavailable("tệp của phiên bản dữ liệu hiện hành bị hỏng hoặc đang bị khóa") from None
            _connections[version] = con
        return con


def _forget(version: str) -> None:
    with _connections_lock:
        con = _connections.pop(version, None)
    if con is not None:
        con.close()


def named_version(version: str | None) -> str:
    """`version`, or for None the name of the version served now: what a per-version cache is keyed by."""
    return serving_version()[0] if version is None else version


def connection(version: str | None = None) -> tuple[str, duckdb.DuckDBPyConnection]:
    """A read-only connection to a version (default: the one serving_version() serves), one
    per version per process. Callers take a cursor per query: a connection is not thread-safe.
    """
    if config.results_backend() == "parquet":
        return _parquet_connection(version)
    version = named_version(version)
    sizes = {c.version: c.size for c in pointer_history() if c.action == "publish"}
    try:
        return version, _open(version, sizes.get(version))
    except DatabaseUnavailable as error:
        raise DatabaseUnavailable(f"Không mở được phiên bản dữ liệu {version[:15]}: {error}.") from None


def _parquet_connection(version: str | None) -> tuple[str, duckdb.DuckDBPyConnection]:
    """A replica on the shared engine: the version's Parquet files through DuckDB views."""
    try:
        version = version or parquet_results.current_version()
        return version, parquet_results.connection(version)
    except parquet_results.ParquetUnavailable as error:
        raise DatabaseUnavailable(str(error)) from None
    except duckdb.Error:  # its text names paths: not for users
        raise DatabaseUnavailable("Không đọc được các tệp Parquet của phiên bản dữ liệu hiện hành.") from None


def _version_time(version: str) -> str:
    try:
        return datetime.strptime(version[:15], "%Y%m%dT%H%M%S").strftime("%H:%M ngày %d/%m/%Y (UTC)")
    except ValueError:
        return version[:15]


def serving_version() -> tuple[str, str | None]:
    """The version readers should use now, and a Vietnamese notice when it is not CURRENT.

    Where CURRENT is missing, empty or unreadable, its place is taken by the version the
    pointer history names last. Where that version's file is missing, truncated or corrupt,
    the newest intact version of its lineage is served (the one it was made from, and so on:
    never an undone import). Raises NoIntactVersion where none opens (only a rebuild helps),
    DatabaseUnavailable where no database was ever built. Notices name no path.
    On the Parquet engine (DTI_RESULTS_BACKEND=parquet) the version its CURRENT names.
    """
    if config.results_backend() == "parquet":
        return _parquet_connection(None)[0], None
    history = pointer_history()
    current, pointer_problem = _read_pointer()
    target = current
    if target is None:
        if history:
            target = history[-1].version
        elif list_versions():
            target = list_versions()[-1]
        elif pointer_problem and _pointer_path().exists():
            raise NoIntactVersion(pointer_problem)
        else:
            raise DatabaseUnavailable(NO_DATABASE)
    candidates = lineage(target, history)
    if not any(c.action == "publish" and c.version == target for c in history):
        # Not published through HISTORY (a store from before it, or a pointer set by hand):
        # the version the pointer named before, else the older files by name.
        before = [c.parent for c in history if c.action == "undo" and c.version == target and c.parent]
        candidates += lineage(before[-1], history) if before else [
            v for v in reversed(list_versions()) if v < target]
    sizes = {c.version: c.size for c in history if c.action == "publish"}
    problem = pointer_problem
    for version in candidates:
        try:
            _open(version, sizes.get(version))
        except DatabaseUnavailable as error:
            problem = problem or str(error)
            continue
        if version == current:
            return version, None
        return version, (f"Dữ liệu hiện hành không dùng được ({problem}). Đang hiển thị phiên bản dữ liệu "
                         f"tốt gần nhất, lúc {_version_time(version)}; báo quản trị viên kiểm tra.")
    raise NoIntactVersion(problem or "không rõ lỗi")


def intact_version() -> str | None:
    """The version a writer builds on: the one served now, or None where none is intact."""
    try:
        return serving_version()[0]
    except DatabaseUnavailable:
        return None


def close_connections() -> None:
    with _connections_lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
    parquet_results.close_connections()


def read_connection(version: str | None = None) -> duckdb.DuckDBPyConnection:
    """The read-only connection run_query reads a version through (dti/__init__.py wires it)."""
    return connection(version)[1]
