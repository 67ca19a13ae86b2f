"""Results versions as Parquet files, read by DuckDB: the shared engine when one file is not enough.

`DTI_RESULTS_BACKEND=parquet` makes every reader (dti.store) serve the version named by
`<DTI_PARQUET_DIR>/CURRENT` from `<DTI_PARQUET_DIR>/<version>/<relation>.parquet` instead of a
DuckDB file: an in-memory DuckDB connection holds one view per relation
(`create view x as select * from read_parquet(...)`), so the same queries/*.sql run unchanged.
The folder can be local disk (here) or object storage read through DuckDB's httpfs
(docs/deploy.md). Every relation of the version is exported, views materialized: a version is
immutable, so a view's rows never change after the export. Imports only config.
"""

import os
import re
import shutil
import threading
from pathlib import Path

import duckdb

from dti import config

POINTER_NAME = "CURRENT"
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class ParquetUnavailable(RuntimeError):
    """No exported version to serve; the message is for the user."""


def _relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The version's tables and views (the main schema of the open database), by name."""
    rows = con.execute("""
        select table_name from information_schema.tables
        where table_schema = 'main' and table_catalog = current_database()
        order by table_name
    """).fetchall()
    return [name for (name,) in rows if _NAME.fullmatch(name)]


def export_version(con: duckdb.DuckDBPyConnection, version: str, folder: Path | None = None) -> Path:
    """Write every relation of the open version as `<folder>/<version>/<name>.parquet`, then point
    CURRENT at it. The files go to a temporary folder first, renamed whole: a reader never sees half
    a version. Returns the version's folder."""
    folder = Path(folder) if folder is not None else config.parquet_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / version
    temporary = folder / f".exporting-{version}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        for name in _relations(con):
            path = str(temporary / f"{name}.parquet").replace("'", "''")
            # Names come from the database's own catalogue and match _NAME; the path is quoted.
            con.execute(f"copy (select * from {name}) to '{path}' (format parquet)")  # noqa: S608
        if target.exists():
            shutil.rmtree(target)
        os.replace(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    pointer_temp = folder / f"{POINTER_NAME}.{version}.tmp"
    pointer_temp.write_text(version + "\n", encoding="utf-8")
    os.replace(pointer_temp, folder / POINTER_NAME)
    return target


def current_version(folder: Path | None = None) -> str:
    """The version CURRENT names; ParquetUnavailable when there is none."""
    folder = Path(folder) if folder is not None else config.parquet_dir()
    try:
        version = (folder / POINTER_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        version = ""
    if not version or not (folder / version).is_dir():
        raise ParquetUnavailable("Chưa có phiên bản dữ liệu dạng Parquet (thiếu CURRENT hoặc thư mục phiên bản).")
    return version


_connections: dict[tuple[str, str], duckdb.DuckDBPyConnection] = {}
_lock = threading.Lock()


def connection(version: str, folder: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose views read the version's Parquet files, one per version per
    process (callers take a cursor per query, as with the DuckDB files)."""
    folder = Path(folder) if folder is not None else config.parquet_dir()
    key = (str(folder), version)
    with _lock:
        con = _connections.get(key)
        if con is None:
            files = sorted((folder / version).glob("*.parquet"))
            if not files:
                raise ParquetUnavailable(f"Phiên bản dữ liệu {version[:15]} không có tệp Parquet nào.")
            con = duckdb.connect(":memory:")
            for path in files:
                if _NAME.fullmatch(path.stem):
                    quoted = str(path).replace("'", "''")
                    con.execute(f"create view {path.stem} as select * from read_parquet('{quoted}')")  # noqa: S608
            _connections[key] = con
        return con


def close_connections() -> None:
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
