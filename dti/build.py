"""Build a database version from data/: fill, carry over imports, refresh the computed
values, check, publish.

The build checks are SQL files in queries/checks/ (dbt's singular tests): each returns the
rows that break a rule, with a Vietnamese `problem` naming the row; a version with any such
row is never published, whether a build or an import wrote it.
"""

import contextlib
import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dti import computed_values, config, queries, reference, registry, store
from dti.reference import DataError

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
# Stored in database_info by every build: a version built by code with another schema (an
# upgrade) is rebuilt at start instead of served to queries written for this one.
SCHEMA_FINGERPRINT = hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:16]
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
            computed_values.refresh_computed_values(con)
            run_checks(con)
            for key, value in (("version", version), ("built_at", datetime.now(UTC).isoformat()),
                               ("build_seconds", f"{time.perf_counter() - started:.3f}"),
                               ("schema", SCHEMA_FINGERPRINT)):
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
    a notice when it is not the one CURRENT names); builds where no version is intact, or where
    the one served was built with another schema (after an upgrade of the code)."""
    try:
        served = store.serving_version()
    except store.NoIntactVersion as error:
        return build_database(), REBUILT.format(why=error.problem)
    except store.DatabaseUnavailable:
        return build_database(), None
    if config.results_backend() == "parquet" or is_current_schema(served[0]):
        return served
    try:  # built by an older version of the code: rebuild (its imports are carried over)
        return build_database(), None
    except DataError as error:  # a bundled file breaks a rule: it names the file and line
        return served[0], OUTDATED.format(why=error)
    except duckdb.Error:  # its text names paths: not for users
        return served[0], OUTDATED.format(why="không chép được các lần nhập của phiên bản cũ")


OUTDATED = ("Dữ liệu đang hiển thị được dựng bởi phiên bản phần mềm cũ và dựng lại không được ({why}); "
            "một số màn hình có thể báo lỗi. Báo quản trị viên chạy `make build-db`.")


def is_current_schema(version: str) -> bool:
    """True when the version was built with this code's schema."""
    return queries.database_facts(version).get("schema") == SCHEMA_FINGERPRINT




def _create_and_fill(con: duckdb.DuckDBPyConnection, data: reference.ReferenceData) -> None:
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    unit_sets = pd.DataFrame(
        [(u.code, u.unit_level, u.label, u.valid_from, u.valid_to, u.url_value, u.label_en, u.noun_vi, u.noun_en,
          u.first_year, u.last_year, u.is_generated) for u in registry.bundled_unit_sets().values()],
        columns=["unit_set", "unit_level", "name_vi", "valid_from", "valid_to", "url_value", "name_en", "noun_vi",
                 "noun_en", "first_year", "last_year", "is_generated"])
    queries.insert_frame(con, "unit_set", unit_sets.astype({"first_year": "Int64", "last_year": "Int64"}))
    queries.insert_frame(con, "unit", data.units)
    queries.insert_frame(con, "unit_alias", data.aliases[["unit_set", "alias_key", "unit_code"]])
    queries.insert_frame(con, "unit_succession", data.successions)
    frameworks = pd.DataFrame([(f.code, f.decision, f.first_year, f.last_year) for f in data.frameworks],
                              columns=["framework", "decision", "first_year", "last_year"])
    frameworks["last_year"] = frameworks["last_year"].astype("Int64")
    queries.insert_frame(con, "framework", frameworks)
    queries.insert_frame(con, "indicator", pd.DataFrame({
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
    tiers = pd.DataFrame(
        [(tier, order, label) for order, (tier, label) in enumerate(reference.SOURCE_TIERS.items(), 1)],
        columns=["tier", "tier_order", "label_vi"])
    queries.insert_frame(con, "source_tier", tiers)
    queries.insert_frame(con, "data_source", data.sources[["source_id", "url", "publisher", "title", "gave", "tier"]])
    values = data.values.assign(import_id=pd.array([None] * len(data.values), dtype="Int64"))
    queries.insert_frame(con, "dti_value", values[["unit_set", "year", "unit_code", "metric", "measure", "value",
                                           "provenance", "source_url", "note", "import_id"]])
    queries.insert_frame(con, "national_stat", data.national_stats[["year", "unit_set", "metric", "statistic",
                                                            "value", "source_url", "note"]])


def _carry_over_imports(con: duckdb.DuckDBPyConnection, previous_path: Path) -> None:
    con.execute("attach $path as previous (read_only)", {"path": str(previous_path)})
    try:
        con.execute("insert into import_record select * from previous.import_record")
        _carry_over_declared_unit_sets(con)
        con.execute("""
            insert or replace into dti_value
            select * from previous.dti_value where provenance in ('imported', 'generated')
        """)
        for table in ("replaced_value", "import_undo"):  # absent from versions written before them
            with contextlib.suppress(duckdb.CatalogException):
                con.execute(f"insert into {table} select * from previous.{table}")  # noqa: S608
    finally:
        con.execute("detach previous")


def _carry_over_declared_unit_sets(con: duckdb.DuckDBPyConnection) -> None:
    """The unit sets imports declared (a province's communes), with their units and spellings."""
    try:
        con.execute("insert into unit_set by name select * from previous.unit_set where import_id is not null")
    except duckdb.BinderException:  # a version from before declared sets: it has none
        return
    for table in ("unit", "unit_alias"):
        con.execute(f"""
            insert into {table} select * from previous.{table}
            where unit_set in (select unit_set from previous.unit_set where import_id is not null)
        """)  # noqa: S608
