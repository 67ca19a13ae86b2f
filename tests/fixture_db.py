"""One builder for the tiny in-memory databases the SQL tests run on: the real schema, rows
written by hand in each test file (so the expected values can be worked out by hand)."""

from pathlib import Path

import duckdb

from dti.computed_values import store_rule_views

SCHEMA_SQL = Path(__file__).resolve().parents[1] / "dti" / "schema.sql"


def memory_db(**rows_by_table: list[dict]) -> duckdb.DuckDBPyConnection:
    """A new in-memory database with the schema and, per table, the given rows (column -> value),
    the rank views' tables filled from them (a test that writes more rows calls store_rule_views)."""
    con = duckdb.connect(":memory:")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for table, rows in rows_by_table.items():
        for row in rows:
            # Table and column names come from the test code; values are bound.
            statement = f"insert into {table} ({', '.join(row)}) values ({', '.join('$' + c for c in row)})"  # noqa: S608
            con.execute(statement, row)
    store_rule_views(con)
    return con


def unit_set_rows(*codes: str) -> list[dict]:
    return [{"unit_set": code, "unit_level": "province", "name_vi": code, "url_value": code,
             "noun_vi": "tỉnh, thành phố", "noun_en": "provinces"} for code in codes]


def unit_rows(unit_set: str, *rows: tuple) -> list[dict]:
    """(code, name) or (code, name, region_id, region_name) rows of one unit set."""
    columns = ("unit_code", "unit_name", "region_id", "region_name")
    return [{"unit_set": unit_set, **dict(zip(columns, row))} for row in rows]


def value_rows(unit_set: str, *rows: tuple, provenance: str = "published",
               source_url: str | None = None) -> list[dict]:
    """(year, unit_code, metric, measure, value) rows of one unit set."""
    columns = ("year", "unit_code", "metric", "measure", "value")
    return [{"unit_set": unit_set, **dict(zip(columns, row)), "provenance": provenance, "source_url": source_url}
            for row in rows]
