"""What the app reads once per data version and picks from per interaction equals what it read per
unit before: every unit's history, indices and gaps from one query each (a null $province_code),
a view's sources filtered from the whole set's, a typed name resolved from the set's aliases."""

import pandas as pd
import pytest

from dti import queries, sources, version_cache
from dti.units import resolve_unit
from ui.cache import cached_history


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A column with no value for this unit reads None alone and NaN when picked from every unit's."""
    return frame.astype(object).where(frame.notna(), None)


@pytest.mark.parametrize("unit_set, count", [("p63", 63), ("p34", 34)])
def test_every_units_history_from_one_query_equals_the_per_unit_query(built_db, unit_set, count):
    units = queries.run_query("units_in_set", built_db, unit_set=unit_set)
    assert len(units) == count
    for code in units["province_code"]:
        alone = queries.run_query("province_history", built_db, unit_set=unit_set, province_code=code, metric="dti")
        picked = cached_history(built_db, unit_set, code)
        # The same values; an integer column may be nullable (Int64) where another unit has a gap.
        pd.testing.assert_frame_equal(picked, alone, check_dtype=False)
        assert len(alone) >= 5  # one row per assessed year, a gap included


def test_a_picked_history_is_a_copy_the_next_visitor_never_sees_changed(built_db):
    first = cached_history(built_db, "p63", "93")
    first.loc[:, "rank"] = 1
    assert cached_history(built_db, "p63", "93")["rank"].tolist() != [1] * len(first)


def test_an_unknown_unit_has_no_rows_but_the_columns(built_db):
    missing = cached_history(built_db, "p63", "99")
    assert missing.empty and "national_mean" in missing.columns


def test_the_plan_pages_reads_of_another_province_open_no_connection_while_the_file_is_unchanged(tmp_path):
    """Plans and scenarios of every province are read once per file stamp; a province change picks."""
    from dti.plans import Plan
    from dti.scenarios import Scenario
    from dti.userstore import DuckDBUserStore

    store = DuckDBUserStore(tmp_path / "userdata.duckdb")
    for code, name in (("22", "Quảng Ninh"), ("93", "Hậu Giang")):
        store.save_plan(Plan("p63", code, 2022, 2023, f"Kế hoạch {name}"), "A", {})
        store.save_scenario(Scenario(f"Phương án {name}", "whatif", "p63", code, 2022), "A", None)
    assert [plan.title for plan in store.plans("p63", "22")] == ["Kế hoạch Quảng Ninh"]
    assert [s.name for s in store.scenarios("p63", "22", 2022)] == ["Phương án Quảng Ninh"]
    opened = []
    run = store._run
    store._run = lambda work: opened.append(work) or run(work)
    assert [plan.title for plan in store.plans("p63", "93")] == ["Kế hoạch Hậu Giang"]
    assert [s.name for s in store.scenarios("p63", "93")] == ["Phương án Hậu Giang"]
    assert store.scenarios("p63", "93", 2023) == []
    assert opened == []


@pytest.mark.parametrize("name, metric", [("province_indices_for_year", {}), ("province_gaps", {"metric": "dti"})])
@pytest.mark.parametrize("unit_set, year", [("p63", 2020), ("p63", 2023), ("p34", 2024), ("p34", 2021)])
def test_a_units_indices_and_gaps_picked_from_the_years_one_query_equal_its_own_query(built_db, name, metric,
                                                                                       unit_set, year):
    units = queries.run_query("units_in_set", built_db, unit_set=unit_set)
    for code in units["province_code"]:
        alone = queries.run_query(name, built_db, unit_set=unit_set, year=year, province_code=code, **metric)
        picked = version_cache.unit_rows(name, built_db, code, unit_set=unit_set, year=year, **metric)
        assert len(picked) == len(alone) > 0
        pd.testing.assert_frame_equal(_nulls_as_none(picked), _nulls_as_none(alone), check_dtype=False)


def test_a_code_the_set_does_not_hold_gets_the_querys_own_answer(built_db):
    # Indices: every index of the year with no values; gaps: no row.
    indices = version_cache.unit_rows("province_indices_for_year", built_db, "93", unit_set="p34", year=2024)
    assert len(indices) > 0 and indices["score"].isna().all()
    assert version_cache.unit_rows("province_gaps", built_db, "93", unit_set="p34", year=2024, metric="dti").empty


def test_only_the_per_unit_queries_are_read_for_every_unit(built_db):
    with pytest.raises(ValueError):
        version_cache.unit_rows("ranking_for_year", built_db, "93", unit_set="p63", year=2023, metric="dti")


@pytest.mark.parametrize("years, codes, metrics, means", [
    (None, ["93"], None, True),
    ([2023], ["93", "01"], ["dti", "cqs"], False),
    ([2020, 2021, 2022], ["22", "93", "79", "99"], ["dti"], True),
])
def test_a_views_sources_filtered_from_the_whole_sets_equal_the_query_with_its_filters(built_db, years, codes,
                                                                                      metrics, means):
    alone = queries.run_query("value_sources", built_db, unit_set="p63", years=years, unit_codes=codes,
                              metrics=metrics)
    if not means:
        alone = alone[alone["value_kind"] == "unit"].reset_index(drop=True)
    picked = sources.value_sources("p63", years, codes, metrics, built_db, with_national_means=means)
    assert len(picked) == len(alone) > 0
    pd.testing.assert_frame_equal(_nulls_as_none(picked), _nulls_as_none(alone), check_dtype=False)


@pytest.mark.parametrize("unit_set, text, code, notice", [
    ("p63", "Hau Giang", "93", False), ("p63", "tphcm", "79", False), ("p63", "9 3", None, False),
    ("p34", "Hậu Giang", "92", True), ("p34", "92", "92", False), ("p63", "1", "01", False),
])
def test_a_typed_name_resolves_from_the_sets_aliases(built_db, unit_set, text, code, notice):
    if code is None:
        with pytest.raises(LookupError):
            resolve_unit(unit_set, text, built_db)
        return
    unit = resolve_unit(unit_set, text, built_db)
    assert unit.code == code and (unit.notice is not None) == notice
