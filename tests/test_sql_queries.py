"""SQL unit tests on a tiny in-memory fixture: ties, a first year, a method change, gaps.

Fixture set `fx` has five units A..E. Frameworks: m1 for 2019, m2 from 2020.
2019: ranks only for A, B, C (published). 2020: scores for every unit, with B and C tied.
2021: scores for A..D only (E missing), published ranks for all five.
"""

import pandas as pd
import pytest
from fixture_db import memory_db, unit_rows, unit_set_rows, value_rows

from dti.computed_values import store_rule_views
from dti.queries import execute_query

UNITS = [("A", "An", 1, "Vùng 1"), ("B", "Bình", 1, "Vùng 1"), ("C", "Cường", 2, "Vùng 2"),
         ("D", "Dũng", 2, "Vùng 2"), ("E", "Em", 2, "Vùng 2")]
VALUES = [
    # year, unit, measure, value
    (2019, "A", "rank", 3), (2019, "B", "rank", 1), (2019, "C", "rank", 2),
    (2020, "A", "score", 0.61), (2020, "B", "score", 0.55), (2020, "C", "score", 0.55),
    (2020, "D", "score", 0.70), (2020, "E", "score", 0.40),
    (2021, "A", "score", 0.80), (2021, "B", "score", 0.62), (2021, "C", "score", 0.66),
    (2021, "D", "score", 0.65),
    (2021, "A", "rank", 1), (2021, "B", "rank", 4), (2021, "C", "rank", 2), (2021, "D", "rank", 3),
    (2021, "E", "rank", 5),
]


@pytest.fixture
def fixture_db():
    con = memory_db(
        unit_set=unit_set_rows("fx"),
        unit=unit_rows("fx", *UNITS),
        framework=[{"framework": "m1", "decision": "Method 1", "first_year": 2019, "last_year": 2019},
                   {"framework": "m2", "decision": "Method 2", "first_year": 2020, "last_year": None}],
        dti_value=value_rows("fx", *((year, unit, "dti", measure, value) for year, unit, measure, value in VALUES)),
        national_stat=[{"year": 2021, "unit_set": "fx", "metric": "dti", "statistic": "mean", "value": 0.60}],
    )
    yield con
    con.close()


def _by_code(frame: pd.DataFrame) -> dict:
    return {row.province_code: row for row in frame.itertuples()}


def test_ranking_computes_ranks_with_ties_sharing_a_rank_and_skipping_the_next(fixture_db):
    rows = _by_code(execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2020, metric="dti"))
    assert [rows[c].rank for c in "DABCE"] == [1, 2, 3, 3, 5]
    assert rows["B"].rank_provenance == "computed"


def test_ranking_lists_every_unit_even_without_a_value(fixture_db):
    frame = execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2019, metric="dti")
    assert len(frame) == 5
    rows = _by_code(frame)
    assert pd.isna(rows["D"].rank) and pd.isna(rows["D"].score)


def test_first_assessed_year_has_no_rank_change_not_zero(fixture_db):
    rows = _by_code(execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2019, metric="dti"))
    assert pd.isna(rows["A"].rank_change)


def test_rank_change_is_positive_when_province_moves_up_and_flags_method_change(fixture_db):
    rows = _by_code(execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2020, metric="dti"))
    # A: 3rd in 2019 (m1) -> 2nd in 2020 (m2): +1, but across a method change.
    assert rows["A"].rank_change == 1
    assert not pd.isna(rows["A"].is_comparable) and not bool(rows["A"].is_comparable)
    rows_2021 = _by_code(execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2021, metric="dti"))
    assert rows_2021["D"].rank_change == -2  # 1st -> 3rd
    assert bool(rows_2021["D"].is_comparable)


def test_missing_previous_value_gives_no_rank_change(fixture_db):
    rows = _by_code(execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2020, metric="dti"))
    assert pd.isna(rows["D"].rank_change)  # D had no 2019 rank


def test_published_rank_wins_and_incomplete_scores_compute_no_rank(fixture_db):
    frame = execute_query(fixture_db, "ranking_for_year", unit_set="fx", year=2021, metric="dti")
    assert frame["computed_rank"].isna().all()  # E has no 2021 score
    assert list(frame["province_code"]) == ["A", "C", "D", "B", "E"]


def test_history_keeps_missing_years_as_rows_with_nulls(fixture_db):
    history = execute_query(fixture_db, "province_history", unit_set="fx", province_code="D", metric="dti")
    assert list(history["year"]) == [2019, 2020, 2021]
    assert pd.isna(history["rank"].iloc[0])
    assert list(history["rank"].iloc[1:]) == [1, 3]


def test_rank_changes_between_any_two_years(fixture_db):
    frame = _by_code(execute_query(fixture_db, "rank_changes_between_years", unit_set="fx",
                                   from_year=2019, to_year=2021, metric="dti"))
    assert frame["B"].rank_change == -3  # 1st -> 4th
    assert frame["C"].rank_change == 0
    assert pd.isna(frame["D"].rank_change)
    assert not bool(frame["B"].is_comparable)


def test_gaps_point_from_the_province_to_each_reference(fixture_db):
    gaps = execute_query(fixture_db, "province_gaps", unit_set="fx", year=2021, province_code="D",
                         metric="dti").iloc[0]
    assert gaps["above_province_names"] == "Cường" and gaps["gap_to_province_above"] == pytest.approx(0.01)
    assert gaps["below_province_names"] == "Bình" and gaps["gap_to_province_below"] == pytest.approx(-0.03)
    assert gaps["gap_to_leader"] == pytest.approx(0.15)
    assert gaps["gap_to_national_mean"] == pytest.approx(-0.05)
    # The 2021 field lacks E's score, so no region best is computed from a partial field.
    assert pd.isna(gaps["gap_to_region_best"])


def test_gaps_use_region_best_only_when_the_field_is_complete(fixture_db):
    gaps = execute_query(fixture_db, "province_gaps", unit_set="fx", year=2020, province_code="E",
                         metric="dti").iloc[0]
    assert gaps["region_best_score"] == pytest.approx(0.70)  # D, same region
    assert (gaps["region_best_province_names"], gaps["region_best_rank"]) == ("Dũng", 1)  # 0,70 leads 2020
    in_region_one = execute_query(fixture_db, "province_gaps", unit_set="fx", year=2020, province_code="B",
                                  metric="dti").iloc[0]
    assert (in_region_one["region_best_province_names"], in_region_one["region_best_rank"]) == ("An", 2)
    assert gaps["above_province_names"] == "Bình, Cường"  # the tied group just above


def test_ranking_years_reports_completeness(fixture_db):
    years = execute_query(fixture_db, "ranking_years", unit_set="fx", metric="dti").set_index("year")
    assert not years.loc[2019, "is_rank_complete"]
    assert years.loc[2020, "is_score_complete"] and years.loc[2020, "is_rank_complete"]
    assert years.loc[2021, "is_rank_complete"] and not years.loc[2021, "is_score_complete"]


def test_province_indices_follow_the_years_method_and_show_missing_as_null(fixture_db):
    fixture_db.execute("insert into indicator values ('m2', 'dti', null, 'total', 'DTI', null, 1000, true, null, null),"
                       " ('m2', 'cqs', 'dti', 'pillar', 'Chính quyền số', null, null, true, null, null),"
                       " ('m2', 'ha_tang_so', 'dti', 'main', 'Hạ tầng số', null, 100, true, null, null),"
                       " ('m2', 'do_thi', 'dti', 'main', 'Đô thị thông minh', null, 0, false, null, null),"
                       " ('m1', 'old_pillar', 'dti', 'pillar', 'Cũ', null, 400, true, null, null)")
    fixture_db.execute("insert into dti_value values ('fx', 2021, 'D', 'ha_tang_so', 'score', 0.72, 'published', "
                       "null, null, null), ('fx', 2021, 'D', 'ha_tang_so', 'rank', 2, 'published', null, null, null)")
    fixture_db.execute("insert into national_stat values (2021, 'fx', 'ha_tang_so', 'mean', 0.70, null, null)")
    store_rule_views(fixture_db)
    rows = execute_query(fixture_db, "province_indices_for_year", unit_set="fx", year=2021,
                         province_code="D").set_index("indicator_code")
    assert list(rows.index) == ["cqs", "ha_tang_so", "do_thi"]  # pillars first, then by points; no m1 rows
    assert rows.loc["ha_tang_so", "score"] == pytest.approx(0.72) and rows.loc["ha_tang_so", "rank"] == 2
    assert rows.loc["ha_tang_so", "gap_to_national_mean"] == pytest.approx(-0.02)  # above the mean
    assert pd.isna(rows.loc["cqs", "score"])


def test_a_many_rows_query_reads_through_arrow_with_the_dtypes_and_values_of_duckdbs_own_frame():
    """`-- Rows: many` (values_for_year) skips .df()'s Python string per cell; what callers get
    is the same: text as pandas strings, an integer column with a gap nullable, one without
    plain, booleans likewise."""
    import duckdb

    from dti.queries import _frame_from_arrow, load_query

    assert load_query("values_for_year").many_rows and not load_query("ranking_for_year").many_rows
    con = duckdb.connect()
    sql = """select * from (values (1, null::integer, 'Hậu Giang', true, null::boolean, 0.6342),
                                   (2, 7, null, false, true, null)) as t(code, import_id, name, ok, maybe, score)"""
    arrow = _frame_from_arrow(con.sql(sql).to_arrow_table())
    pd.testing.assert_frame_equal(arrow, con.execute(sql).df())
    assert str(arrow["code"].dtype) == "int32" and str(arrow["import_id"].dtype) == "Int32"
    assert arrow["import_id"].isna().tolist() == [True, False] and arrow.at[1, "import_id"] == 7
    assert str(arrow["maybe"].dtype) == "boolean" and arrow["ok"].dtype == bool
    assert arrow.at[0, "name"] == "Hậu Giang" and pd.isna(arrow.at[1, "name"])
