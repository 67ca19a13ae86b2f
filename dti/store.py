"""The results database: versioned DuckDB files behind an atomically replaced pointer.

A build or an import writes a *new* file under a temporary name, validates it, renames it
to `dti-<version>.duckdb` and then replaces `CURRENT` (a one-line text file naming the
version) with os.replace. Readers open the file CURRENT names, read-only, so no reader
sees a half-built database and the CLI can read while the app runs (PLATFORM.md).
"""

import contextlib
import fcntl
import os
import shutil
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dti import computed_values, config, reference

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
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
def _writer_lock():
    """One writer at a time across processes (a build on first start, an import, the CLI)."""
    folder = config.database_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".write.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _publish(temp_path: Path, version: str) -> None:
    """Make a validated temporary file the current version: rename, then swap the pointer."""
    os.replace(temp_path, version_path(version))
    pointer_temp = _pointer_path().with_suffix(f".{version}.tmp")
    pointer_temp.write_text(version + "\n", encoding="utf-8")
    with open(pointer_temp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_temp, _pointer_path())
    _prune_old_versions(keep=version)


def publish_version(temp_path: Path, version: str) -> None:
    """Publish a validated temporary copy as the current version. Call under writer_lock()."""
    _publish(temp_path, version)


def writer_lock():
    """The cross-process writer lock (not re-entrant: take it once per process)."""
    return _writer_lock()


def set_current_version(version: str, expected_current: str | None = None) -> None:
    """Point CURRENT back (or forward) to an existing version: how an import is undone.

    With expected_current, refuse when another writer moved CURRENT in the meantime.
    """
    if not version_path(version).exists():
        raise DatabaseUnavailable(f"Không có phiên bản dữ liệu {version}")
    with _writer_lock():
        if expected_current is not None and current_version() != expected_current:
            raise DatabaseUnavailable("Dữ liệu vừa được thay đổi bởi người khác; hãy tải lại rồi thử lại.")
        pointer_temp = _pointer_path().with_suffix(".undo.tmp")
        pointer_temp.write_text(version + "\n", encoding="utf-8")
        os.replace(pointer_temp, _pointer_path())


def _prune_old_versions(keep: str) -> None:
    versions = [v for v in list_versions() if v != keep]
    for version in versions[:-VERSIONS_KEPT]:
        with contextlib.suppress(OSError):
            version_path(version).unlink()


def build_database(data_dir: Path = reference.DATA_DIR) -> str:
    """Build a new version from the bundled files and make it current; return the version.

    Values imported by users into the current version are carried over (they win over
    bundled values with the same key), so a rebuild never silently drops an import.
    Raises reference.DataError (file, line, why) when a bundled file breaks a rule.
    """
    started = time.perf_counter()
    data = reference.load_reference(data_dir)
    with _writer_lock():
        version = _new_version_name()
        temp_path = config.database_dir() / f".building-{version}.duckdb"
        previous = current_version()
        try:
            con = duckdb.connect(str(temp_path))
            try:
                _create_and_fill(con, data)
                if previous and version_path(previous).exists():
                    _carry_over_imports(con, version_path(previous))
                computed_values.refresh_computed_values(con)
                _validate_built(con, data)
                con.execute("insert into database_info values ($key, $value)",
                            {"key": "version", "value": version})
                con.execute("insert into database_info values ($key, $value)",
                            {"key": "built_at", "value": datetime.now(UTC).isoformat()})
                con.execute("insert into database_info values ($key, $value)",
                            {"key": "build_seconds", "value": f"{time.perf_counter() - started:.3f}"})
                con.execute("checkpoint")
            finally:
                con.close()
            _publish(temp_path, version)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp_path.unlink()
            with contextlib.suppress(FileNotFoundError):
                temp_path.with_suffix(".duckdb.wal").unlink()
    return version


def ensure_database() -> str:
    """Return the current version, building the database first where none is usable."""
    version = current_version()
    if version and version_path(version).exists():
        return version
    return build_database()


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                  columns: list[str]) -> None:
    # The table name comes from this module's own literals, never from input.
    con.register("incoming_rows", frame[columns])
    con.execute(f"insert into {table} ({', '.join(columns)}) select {', '.join(columns)} "  # noqa: S608
                "from incoming_rows")
    con.unregister("incoming_rows")


def _create_and_fill(con: duckdb.DuckDBPyConnection, data: reference.ReferenceData) -> None:
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    unit_sets = pd.DataFrame(
        [(code, "province", name, start, end) for code, (name, start, end) in reference.UNIT_SETS.items()],
        columns=["unit_set", "unit_level", "name_vi", "valid_from", "valid_to"])
    _insert_frame(con, "unit_set", unit_sets, list(unit_sets.columns))
    _insert_frame(con, "unit", data.units, list(data.units.columns))
    _insert_frame(con, "unit_alias", data.aliases, ["unit_set", "alias_key", "unit_code"])
    _insert_frame(con, "unit_succession", data.successions, list(data.successions.columns))
    frameworks = pd.DataFrame([(f.code, f.decision, f.first_year, f.last_year) for f in data.frameworks],
                              columns=["framework", "decision", "first_year", "last_year"])
    frameworks["last_year"] = frameworks["last_year"].astype("Int64")
    _insert_frame(con, "framework", frameworks, list(frameworks.columns))
    indicators = pd.DataFrame({
        "framework": data.indicators["framework"],
        "indicator_code": data.indicators["code"],
        "parent_code": data.indicators["parent"].replace("", None),
        "indicator_level": data.indicators["level"],
        "name_vi": data.indicators["name_vi"],
        "name_en": data.indicators["name_en"],
        "points": pd.to_numeric(data.indicators["points"]),
        "is_scored": data.indicators["is_scored"] == "1",
        "component_count": pd.to_numeric(data.indicators["components"]).astype("Int64"),
        "note": data.indicators["note"],
    })
    _insert_frame(con, "indicator", indicators, list(indicators.columns))
    tiers = pd.DataFrame(
        [(tier, order, label) for order, (tier, label) in enumerate(reference.SOURCE_TIERS.items(), 1)],
        columns=["tier", "tier_order", "label_vi"])
    _insert_frame(con, "source_tier", tiers, list(tiers.columns))
    _insert_frame(con, "data_source", data.sources,
                  ["source_id", "url", "publisher", "title", "gave", "tier"])
    values = data.values.assign(import_id=pd.array([None] * len(data.values), dtype="Int64"))
    _insert_frame(con, "dti_value", values,
                  ["unit_set", "year", "unit_code", "metric", "measure", "value", "provenance",
                   "source_url", "note", "import_id"])
    _insert_frame(con, "national_stat", data.national_stats,
                  ["year", "unit_set", "metric", "statistic", "value", "source_url", "note"])


def _carry_over_imports(con: duckdb.DuckDBPyConnection, previous_path: Path) -> None:
    con.execute("attach $path as previous (read_only)", {"path": str(previous_path)})
    try:
        con.execute("insert into import_record select * from previous.import_record")
        con.execute("""
            insert or replace into dti_value
            select * from previous.dti_value where provenance = 'imported'
        """)
    finally:
        con.execute("detach previous")


def refresh_merged_unit_values(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute only the p34 values rebuilt from p63 by the official averaging rule.

    Writers call computed_values.refresh_computed_values, which does this and more; kept for
    callers that need the merged values alone. Returns the count.
    """
    computed_values.clear_computed_values(con)
    return computed_values.insert_merged_unit_values(con)


def validate_version_file(con: duckdb.DuckDBPyConnection) -> None:
    """The singular checks a new version must pass before it is published (build or import)."""
    _validate_built(con, None)


def _validate_built(con: duckdb.DuckDBPyConnection, data: reference.ReferenceData | None) -> None:
    """Singular checks on the new file: each query returns the rows that break a rule."""
    counts = dict(con.execute("select unit_set, count(*) from unit group by unit_set").fetchall())
    if counts != {"p63": 63, "p34": 34}:
        raise reference.DataError(f"Số đơn vị sai sau khi dựng: {counts}")
    contradictions = con.execute("""
        select unit_set, year, metric, unit_code, published_rank, computed_rank
        from metric_rank
        where computed_rank is not null and published_rank is not null
            and computed_rank <> published_rank and not is_computed_rank_uncertain
            -- pillars computed by formula are checked against published pillar ranks by the
            -- data tests, not here: an imported total must not be refused over a press rank
            and (unit_set, year, metric) not in (
                select (unit_set, year, metric) from score_bound where rule = 'qd922_pillar')
        limit 1
    """).fetchall()
    if contradictions:
        unit_set, year, metric, unit_code, published, computed = contradictions[0]
        raise reference.DataError(
            f"{unit_set} {year} {metric}: tỉnh {unit_code} có thứ hạng công bố {published} "
            f"nhưng điểm số cho thứ hạng {computed}")


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


def copy_version_for_writing(version: str) -> tuple[str, Path]:
    """Copy a version to a temporary file an import may change; returns (new version, path)."""
    new_version = _new_version_name()
    temp_path = config.database_dir() / f".building-{new_version}.duckdb"
    shutil.copyfile(version_path(version), temp_path)
    return new_version, temp_path
