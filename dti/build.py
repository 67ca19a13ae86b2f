"""Build a database version from data/: fill, carry over imports, refresh the computed
values, check, publish.

The build checks are SQL files in queries/checks/ (dbt's singular tests): each returns the
rows that break a rule, with a Vietnamese `problem` naming the row; a version with any such
row is never published, whether a build or an import wrote it.
"""

import contextlib
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dti import config, queries, reference, store
from dti.reference import DataError

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
CHECKS_DIR = config.QUERIES_DIR / "checks"


def check_names() -> list[str]:
    """Every build check, as a query name (`checks/<rule>`)."""
    return [f"checks/{path.stem}" for path in sorted(CHECKS_DIR.glob("*.sql"))]


def run_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Raise DataError naming the first row that breaks a rule, over every check."""
    for name in check_names():
        broken = queries.execute_query(con, name)
        if len(broken):
            raise DataError(str(broken["problem"].iloc[0]))


def build_database(data_dir: Path = reference.DATA_DIR) -> str:
    """Build a new version from the bundled files and make it current; return the version.

    Values imported by users into the current version are carried over (they win over
    bundled values with the same key), so a rebuild never silently drops an import.
    Raises reference.DataError (file, line, why) when a bundled file breaks a rule.
    """
    started = time.perf_counter()
    data = reference.load_reference(data_dir)
    with store.writer_lock(), store.temporary_copy() as (version, temp_path):
        previous = store.intact_version()  # never a damaged file: its imports cannot be read
        con = duckdb.connect(str(temp_path))
        try:
            _create_and_fill(con, data)
            if previous:
                _carry_over_imports(con, store.version_path(previous))
            refresh_computed_values(con)
            run_checks(con)
            for key, value in (("version", version), ("built_at", datetime.now(UTC).isoformat()),
                               ("build_seconds", f"{time.perf_counter() - started:.3f}")):
                con.execute("insert into database_info values ($key, $value)", {"key": key, "value": value})
            con.execute("checkpoint")
        finally:
            con.close()
        store.publish(temp_path, version)
    return version


def ensure_database() -> str:
    """Return the version to serve, building the database first where none is usable."""
    return ensure_database_with_notice()[0]


REBUILT = ("Không còn phiên bản dữ liệu nào đọc được ({why}); đã dựng lại cơ sở dữ liệu từ các tệp "
           "trong data/. Các lần nhập chỉ có trong những tệp hỏng không khôi phục được; báo quản trị viên.")


def ensure_database_with_notice() -> tuple[str, str | None]:
    """(version to serve, Vietnamese notice or None). Serves the newest intact version (with
    a notice when it is not the one CURRENT names); builds only where no version is intact."""
    try:
        return store.serving_version()
    except store.NoIntactVersion as error:
        return build_database(), REBUILT.format(why=error.problem)
    except store.DatabaseUnavailable:
        return build_database(), None


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's columns into a table of the same column names."""
    # The table name comes from this package's own literals, never from input.
    columns = list(frame.columns)
    con.register("incoming_rows", frame)
    con.execute(f"insert into {table} ({', '.join(columns)}) select {', '.join(columns)} "  # noqa: S608
                "from incoming_rows")
    con.unregister("incoming_rows")


def _create_and_fill(con: duckdb.DuckDBPyConnection, data: reference.ReferenceData) -> None:
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    unit_sets = pd.DataFrame(
        [(code, "province", name, start, end) for code, (name, start, end) in reference.UNIT_SETS.items()],
        columns=["unit_set", "unit_level", "name_vi", "valid_from", "valid_to"])
    insert_frame(con, "unit_set", unit_sets)
    insert_frame(con, "unit", data.units)
    insert_frame(con, "unit_alias", data.aliases[["unit_set", "alias_key", "unit_code"]])
    insert_frame(con, "unit_succession", data.successions)
    frameworks = pd.DataFrame([(f.code, f.decision, f.first_year, f.last_year) for f in data.frameworks],
                              columns=["framework", "decision", "first_year", "last_year"])
    frameworks["last_year"] = frameworks["last_year"].astype("Int64")
    insert_frame(con, "framework", frameworks)
    insert_frame(con, "indicator", pd.DataFrame({
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
    }))
    insert_frame(con, "data_source", data.sources[["source_id", "url", "publisher", "title", "gave", "tier"]])
    values = data.values.assign(import_id=pd.array([None] * len(data.values), dtype="Int64"))
    insert_frame(con, "dti_value", values[["unit_set", "year", "unit_code", "metric", "measure", "value",
                                           "provenance", "source_url", "note", "import_id"]])
    insert_frame(con, "national_stat", data.national_stats[["year", "unit_set", "metric", "statistic",
                                                            "value", "source_url", "note"]])


def _carry_over_imports(con: duckdb.DuckDBPyConnection, previous_path: Path) -> None:
    con.execute("attach $path as previous (read_only)", {"path": str(previous_path)})
    try:
        con.execute("insert into import_record select * from previous.import_record")
        con.execute("""
            insert or replace into dti_value
            select * from previous.dti_value where provenance = 'imported'
        """)
        for table in ("replaced_value", "import_undo"):  # absent from versions written before them
            with contextlib.suppress(duckdb.CatalogException):
                con.execute(f"insert into {table} select * from previous.{table}")  # noqa: S608
    finally:
        con.execute("detach previous")


def refresh_computed_values(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the p34 values rebuilt from p63 by the official averaging rule.

    Called by every writer (build, import) so rebuilt values never go stale. They are
    stored with provenance `computed`; a published p34 value always wins. Returns the count.
    """
    con.execute("delete from dti_value where provenance = 'computed'")
    rebuilt = queries.execute_query(con, "merged_unit_values", from_unit_set="p63", to_unit_set="p34")
    if rebuilt.empty:
        return 0
    notes = [
        ("trung bình tổng điểm của các tỉnh cũ (chưa có chỉ số chính): " if total_only
         else "trung bình của các tỉnh cũ: ") + codes
        for codes, total_only in zip(rebuilt["former_codes"], rebuilt["is_total_only"])
    ]
    rows = pd.DataFrame({
        "unit_set": "p34",
        "year": rebuilt["year"],
        "unit_code": rebuilt["unit_code"],
        "metric": rebuilt["metric"],
        "measure": "score",
        "value": rebuilt["score"],
        "provenance": "computed",
        "source_url": None,
        "note": notes,
        "import_id": pd.array([None] * len(rebuilt), dtype="Int64"),
    })
    insert_frame(con, "dti_value", rows)
    return len(rows)
