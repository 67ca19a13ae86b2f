"""What every visitor of a unit asks for, read once for every unit of a set and handed out per unit.

A province's history, its indices of a year and its gaps each cost a DuckDB query of 10–25 ms;
visiting province after province paid that on every visit. The same query with a null
$province_code answers for every unit at once (one run of 20–50 ms), cached here per database
version, whose published data never changes, so a version's name is a safe key.

    per_unit.rows("province_gaps", version, "93", unit_set="p63", year=2023, metric="dti")
"""

import functools

import pandas as pd

from dti import queries, store

# The queries that answer for every unit given a null $province_code, ordered by unit.
QUERIES = ("province_history", "province_indices_for_year", "province_gaps")


@functools.lru_cache(maxsize=64)
def _every_unit(name: str, version: str, params: tuple[tuple[str, object], ...]) -> dict[str, pd.DataFrame]:
    every = queries.run_query(name, version, province_code=None, **dict(params))
    return {str(code): part.reset_index(drop=True) for code, part in every.groupby("province_code", sort=False)}


def rows(name: str, version: str | None, province_code: str, **params) -> pd.DataFrame:
    """`name`'s rows for one unit, as `queries.run_query(name, version, province_code=..., **params)`
    gives them (a copy: the cached frames are shared by every session)."""
    if name not in QUERIES:
        raise ValueError(f"{name} does not answer for every unit (per_unit.QUERIES)")
    if version is None:
        version = store.serving_version()[0]
    found = _every_unit(name, version, tuple(sorted(params.items()))).get(str(province_code))
    if found is None:  # a code the set does not hold: the query's own answer for it (rows or none)
        return queries.run_query(name, version, province_code=province_code, **params)
    return found.copy()
