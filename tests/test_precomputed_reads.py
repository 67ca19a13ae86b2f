"""What the app reads once per data version and picks from per interaction equals what it read per
unit before: every unit's history from one query (province_history with a null $province_code)."""

import pandas as pd
import pytest

from dti import queries
from ui.cache import cached_history


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
