"""Run the named SQL files in queries/ with bound parameters.

File name = the rows it returns = the function here that runs it. Each file declares its
parameters in its header (`-- Params: $year INTEGER, ...`); we pass exactly those.
"""

import functools
import re
from dataclasses import dataclass

import pandas as pd

from dti import store
from dti.config import QUERIES_DIR

_PARAMS_LINE = re.compile(r"^--\s*Params:(.*)$", re.MULTILINE)
_PARAM_NAME = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    declared_params: tuple[str, ...]


@functools.cache
def load_query(name: str) -> Query:
    """Read queries/<name>.sql and its declared parameters."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    header = _PARAMS_LINE.search(sql)
    declared = tuple(_PARAM_NAME.findall(header.group(1))) if header else ()
    return Query(name, sql, declared)


def run_query(name: str, version: str | None = None, **params) -> pd.DataFrame:
    """Run a query on a database version (default: current) and return its rows."""
    _, con = store.connection(version)
    return execute_query(con, name, **params)


def execute_query(con, name: str, **params) -> pd.DataFrame:
    """Run a named query on a given connection (a cursor of its own: connections are not
    thread-safe); tests use it on small in-memory fixture databases."""
    query = load_query(name)
    if set(params) != set(query.declared_params):
        raise TypeError(f"{name} takes {sorted(query.declared_params)}, got {sorted(params)}")
    cursor = con.cursor()
    try:
        return cursor.execute(query.sql, params).df()
    finally:
        cursor.close()


def ranking_for_year(unit_set: str, year: int, metric: str = "dti", version=None) -> pd.DataFrame:
    return run_query("ranking_for_year", version, unit_set=unit_set, year=year, metric=metric)


def province_history(unit_set: str, province_code: str, metric: str = "dti",
                     version=None) -> pd.DataFrame:
    return run_query("province_history", version, unit_set=unit_set,
                     province_code=province_code, metric=metric)


def rank_changes_between_years(unit_set: str, from_year: int, to_year: int, metric: str = "dti",
                               version=None) -> pd.DataFrame:
    return run_query("rank_changes_between_years", version, unit_set=unit_set, metric=metric,
                     from_year=from_year, to_year=to_year)


def province_gaps(unit_set: str, year: int, province_code: str, metric: str = "dti",
                  version=None) -> pd.DataFrame:
    return run_query("province_gaps", version, unit_set=unit_set, year=year,
                     province_code=province_code, metric=metric)


def region_summaries(unit_set: str, year: int, metric: str = "dti", version=None) -> pd.DataFrame:
    return run_query("region_summaries", version, unit_set=unit_set, year=year, metric=metric)


def ranking_years(unit_set: str, metric: str = "dti", version=None) -> pd.DataFrame:
    return run_query("ranking_years", version, unit_set=unit_set, metric=metric)


def units_in_set(unit_set: str, version=None) -> pd.DataFrame:
    return run_query("units_in_set", version, unit_set=unit_set)


def indicators_by_framework(version=None) -> pd.DataFrame:
    return run_query("indicators_by_framework", version)


def latest_complete_year(unit_set: str, metric: str = "dti", version=None) -> int | None:
    """The default year: the latest whose ranking covers every unit, else the latest year."""
    return default_year(ranking_years(unit_set, metric, version))


def default_year(years: pd.DataFrame) -> int | None:
    """From ranking_years rows: the latest complete year, else the latest year, else None."""
    if years.empty:
        return None
    complete = years[years["is_rank_complete"]]
    chosen = complete if not complete.empty else years
    return int(chosen["year"].max())


def unit_code_for_alias(unit_set: str, alias_key: str, version=None) -> pd.DataFrame:
    return run_query("unit_code_for_alias", version, unit_set=unit_set, alias_key=alias_key)


def simulation_field(unit_set: str, year: int, metric: str = "dti", version=None) -> pd.DataFrame:
    return run_query("simulation_field", version, unit_set=unit_set, year=year, metric=metric)


def province_scores_for_year(unit_set: str, year: int, province_code: str,
                             version=None) -> pd.DataFrame:
    return run_query("province_scores_for_year", version, unit_set=unit_set, year=year,
                     province_code=province_code)


def values_for_year(unit_set: str, year: int, version=None) -> pd.DataFrame:
    return run_query("values_for_year", version, unit_set=unit_set, year=year)


def unit_aliases_in_set(unit_set: str, version=None) -> pd.DataFrame:
    return run_query("unit_aliases_in_set", version, unit_set=unit_set)


def import_records(version=None) -> pd.DataFrame:
    return run_query("import_records", version)


def database_facts(version=None) -> dict[str, str]:
    """The version's database_info as a dict (version, built_at, last import, ...)."""
    facts = run_query("database_facts", version)
    return dict(zip(facts["info_key"], facts["info_value"], strict=False))


def value_sources(unit_set: str, years, province_codes, metrics, version=None) -> pd.DataFrame:
    """Each value's source (name, URL, publisher, tier) and provenance; see queries/value_sources.sql."""
    return run_query("value_sources", version, unit_set=unit_set, years=[int(y) for y in years],
                     unit_codes=[str(c) for c in province_codes], metrics=list(metrics))


def data_sources(version=None) -> pd.DataFrame:
    return run_query("data_sources", version)


def former_province_histories(province_code: str, metric: str = "dti", version=None) -> pd.DataFrame:
    """A p34 unit's own history beside those of the p63 provinces it was formed from."""
    return run_query("former_province_histories", version, from_unit_set="p63", to_unit_set="p34",
                     province_code=province_code, metric=metric)


def merged_unit_rebuild_coverage(province_code: str, version=None) -> pd.DataFrame:
    """Per year and metric: could the p34 unit's value be rebuilt from its former provinces, and why not."""
    return run_query("merged_unit_rebuild_coverage", version, from_unit_set="p63", to_unit_set="p34",
                     province_code=province_code)
