"""Run the named SQL files in queries/ with bound parameters: the one way to run a query.

A file's name says the rows it returns; its header declares its parameters
(`-- Params: $year INTEGER, ...`) and we bind exactly those; `-- Rows: many` marks a file that
may return hundreds of thousands of rows (read through Arrow, same frame). run_query() reads a database
version by name; execute_query() runs on a connection a caller holds (a writer's private
copy, a test's in-memory fixture). Imports nothing from the package but config constants:
importing the package (dti/__init__.py) tells it where a version's connection comes from.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from dti.config import QUERIES_DIR

_PARAMS_LINE = re.compile(r"^--\s*Params:(.*)$", re.MULTILINE)
_PARAM_NAME = re.compile(r"\$([a-z_][a-z0-9_]*)")
_MANY_ROWS_LINE = re.compile(r"^--\s*Rows:\s*many\b", re.MULTILINE)

ConnectionForVersion = Callable[[str | None], duckdb.DuckDBPyConnection]
_connection_for_version: ConnectionForVersion | None = None


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    declared_params: tuple[str, ...]
    many_rows: bool = False  # header `-- Rows: many`: read through Arrow (see _frame_from_arrow)


@functools.cache
def load_query(name: str) -> Query:
    """Read queries/<name>.sql (`checks/<rule>` for a build check) and its declared parameters."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    header = _PARAMS_LINE.search(sql)
    declared = tuple(_PARAM_NAME.findall(header.group(1))) if header else ()
    return Query(name, sql, declared, bool(_MANY_ROWS_LINE.search(sql)))


def use_connections(connection_for_version: ConnectionForVersion) -> None:
    """Where run_query finds the read-only connection of a version (None: the current one)."""
    global _connection_for_version
    _connection_for_version = connection_for_version


def run_query(name: str, version: str | None = None, **params) -> pd.DataFrame:
    """Run a query on a database version (default: current) and return its rows."""
    if _connection_for_version is None:
        raise RuntimeError("no database connections: call queries.use_connections() (dti/__init__.py does)")
    return execute_query(_connection_for_version(version), name, **params)


def execute_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on a given connection, through a cursor of its own (connections are
    not thread-safe)."""
    query = load_query(name)
    if set(params) != set(query.declared_params):
        raise TypeError(f"{name} takes {sorted(query.declared_params)}, got {sorted(params)}")
    cursor = con.cursor()
    try:
        if query.many_rows:
            return _frame_from_arrow(cursor.sql(query.sql, params=params).to_arrow_table())
        return cursor.execute(query.sql, params).df()
    finally:
        cursor.close()


# DuckDB's .df() makes a Python str per text cell before pandas stores it: ≈ 80 ms per text
# column per 600,000 rows (a year of 10,000 communes). Through Arrow, pandas keeps the text in
# Arrow buffers (its own `str` dtype, the one .df() returns too): 8 columns of 600,000 rows in
# ≈ 120 ms instead of ≈ 500. Other columns keep .df()'s dtypes: decimals as floats, integers
# and booleans nullable where a value is missing, plain NumPy otherwise.
_NULLABLE_DTYPES = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                    pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    table = table.cast(pa.schema([pa.field(field.name, pa.float64()) if pa.types.is_decimal(field.type) else field
                                  for field in table.schema]))
    frame = table.to_pandas(types_mapper=_NULLABLE_DTYPES.get)
    for column in frame.columns:
        dtype = frame[column].dtype
        if dtype in _NULLABLE_DTYPES.values() and not frame[column].hasnans:
            frame[column] = frame[column].to_numpy(dtype=dtype.numpy_dtype)
    return frame


def default_year(years: pd.DataFrame) -> int | None:
    """From ranking_years rows: the latest complete year, else the latest year, else None."""
    if years.empty:
        return None
    complete = years[years["is_rank_complete"]]
    chosen = complete if not complete.empty else years
    return int(chosen["year"].max())


def default_year_pair(years: pd.DataFrame) -> tuple[int, int] | None:
    """From ranking_years rows: the movers' first view, the two consecutive assessed years of
    one method (so ranks compare) that rank the most units in both (bounded by the smaller
    ranked count); the most recent such pair on a tie. Without one: the last two years."""
    rows = years.sort_values("year").to_dict("records")
    if len(rows) < 2:
        return None
    pairs = [((min(a["ranked_count"], b["ranked_count"]), b["year"]), (int(a["year"]), int(b["year"])))
             for a, b in zip(rows, rows[1:])
             if a["framework"] == b["framework"] and min(a["ranked_count"], b["ranked_count"]) > 0]
    if not pairs:
        return int(rows[-2]["year"]), int(rows[-1]["year"])
    return max(pairs)[1]


def database_facts(version: str | None = None) -> dict[str, str]:
    """The version's database_info as a dict (version, built_at, last import, ...)."""
    facts = run_query("database_facts", version)
    return dict(zip(facts["info_key"], facts["info_value"], strict=False))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's columns into a table of the same column names (nothing for an empty frame)."""
    if frame.empty:
        return
    columns = ", ".join(frame.columns)
    con.register("incoming_rows", frame)
    try:
        # The table name comes from this package's own literals, never from input.
        con.execute(f"insert into {table} ({columns}) select {columns} from incoming_rows")  # noqa: S608
    finally:
        con.unregister("incoming_rows")
