"""Reads cached per database version, whose published data never changes (a version's name is a
safe key): what every visitor asks for is read once, not on each visit.

- `rows`: a query's whole answer (the year's ranking, a set's value sources), a copy per call.
- `unit_rows`: one unit's rows of a query that answers for every unit given a null $province_code
  (a province's history, its indices of a year, its gaps). Each cost a DuckDB query of 10–25 ms;
  visiting province after province paid that on every visit. One run for every unit (20–50 ms)
  is cached, and a unit's rows are a slice.

    version_cache.unit_rows("province_gaps", version, "93", unit_set="p63", year=2023, metric="dti")
"""

import functools

import pandas as pd

from dti import queries, store

# The queries that answer for every unit given a null $province_code, ordered by unit.
PER_UNIT_QUERIES = ("province_history", "province_indices_for_year", "province_gaps")


@functools.lru_cache(maxsize=64)
def _whole(name: str, version: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return queries.run_query(name, version, **dict(params))


def rows(name: str, version: str | None, **params) -> pd.DataFrame:
    """`queries.run_query(name, version, **params)` read once per version (a copy: the cached frame
    is shared by every session). Scalar parameters only (they are the cache key)."""
    return _whole(name, store.named_version(version), tuple(sorted(params.items()))).copy()


@functools.lru_cache(maxsize=64)
def _every_unit(name: str, version: str, params: tuple[tuple[str, object], ...]) -> dict[str, pd.DataFrame]:
    every = queries.run_query(name, version, province_code=None, **dict(params))
    return {str(code): part.reset_index(drop=True) for code, part in every.groupby("province_code", sort=False)}


def unit_rows(name: str, version: str | None, province_code: str, **params) -> pd.DataFrame:
    """`name`'s rows for one unit, as `queries.run_query(name, version, province_code=..., **params)`
    gives them (a copy: the cached frames are shared by every session)."""
    if name not in PER_UNIT_QUERIES:
        raise ValueError(f"{name} does not answer for every unit (version_cache.PER_UNIT_QUERIES)")
    version = store.named_version(version)
    found = _every_unit(name, version, tuple(sorted(params.items()))).get(str(province_code))
    if found is None:  # a code the set does not hold: the query's own answer for it (rows or none)
        return queries.run_query(name, version, province_code=province_code, **params)
    return found.copy()
