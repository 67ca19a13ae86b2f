"""The 34-unit rebuild: a merged unit's value is the average of its former provinces'.

Fixture: old units A, B, C; new unit X = A + B, Y = C. Expected values worked by hand.
"""

import pytest
from fixture_db import memory_db, unit_rows, unit_set_rows, value_rows

from dti import computed_values, queries


def refresh_merged(con) -> int:
    """The 34-unit part of the writers' refresh, alone: the count is of merged values."""
    computed_values.clear_computed_values(con)
    merged = computed_values.insert_merged_unit_values(con)
    computed_values.store_rule_views(con)
    return merged

@pytest.fixture
def merger_db():
    rows = [
        (2021, "A", "dti", 0.60), (2021, "B", "dti", 0.71), (2021, "C", "dti", 0.50),
        (2021, "A", "hd_kinh_te_so", 0.40), (2021, "B", "hd_kinh_te_so", 0.45),
        (2022, "A", "dti", 0.66),  # B missing in 2022: X cannot be rebuilt
        (2022, "C", "dti", 0.52),
    ]
    con = memory_db(
        unit_set=unit_set_rows("p63", "p34"),
        unit=(unit_rows("p63", ("A", "An"), ("B", "Bình"), ("C", "Cường"))
              + unit_rows("p34", ("X", "Xuân"), ("Y", "Yên"))),
        unit_succession=[{"from_unit_set": "p63", "from_unit_code": old, "to_unit_set": "p34", "to_unit_code": new}
                         for old, new in (("A", "X"), ("B", "X"), ("C", "Y"))],
        framework=[{"framework": "m", "decision": "M", "first_year": 2020, "last_year": None}],
        dti_value=value_rows("p63", *((year, unit, metric, "score", value) for year, unit, metric, value in rows),
                         source_url="s")
        # A published value of the new unit wins over any rebuild.
        + value_rows("p34", (2022, "Y", "dti", "score", 0.5300), source_url="s"),
    )
    yield con
    con.close()


def _values(con):
    rows = con.execute("select year, unit_code, metric, value, provenance from dti_value where unit_set = 'p34' "
                       "order by all").fetchall()
    return {(year, unit, metric): (value, provenance) for year, unit, metric, value, provenance in rows}


def test_merged_values_are_averages_marked_computed(merger_db):
    assert refresh_merged(merger_db) == 3
    values = _values(merger_db)
    assert values[(2021, "X", "dti")] == (pytest.approx(0.655), "computed")  # (0.60 + 0.71) / 2
    assert values[(2021, "X", "hd_kinh_te_so")] == (pytest.approx(0.425), "computed")  # (0.40 + 0.45) / 2
    assert values[(2021, "Y", "dti")] == (pytest.approx(0.50), "computed")


def test_no_rebuild_unless_every_former_province_has_a_value(merger_db):
    refresh_merged(merger_db)
    assert (2022, "X", "dti") not in _values(merger_db)


def test_published_values_of_the_new_unit_win(merger_db):
    refresh_merged(merger_db)
    assert _values(merger_db)[(2022, "Y", "dti")] == (pytest.approx(0.53), "published")


def test_refresh_is_idempotent(merger_db):
    refresh_merged(merger_db)
    refresh_merged(merger_db)
    assert len(_values(merger_db)) == 4


def test_computed_rank_only_when_every_new_unit_has_a_score(merger_db):
    refresh_merged(merger_db)
    ranking = queries.execute_query(merger_db, "ranking_for_year", unit_set="p34", year=2021, metric="dti")
    ranks = dict(zip(ranking["province_code"], ranking["rank"]))
    assert ranks == {"X": 1, "Y": 2}
    assert set(ranking["rank_provenance"]) == {"computed"}


def test_real_data_rebuilds_hau_giang_successor_only_when_complete(built_db):
    history = queries.run_query(
        "province_history", None, unit_set="p34", province_code="92", metric="dti").set_index("year")
    # Cần Thơ (p34) = Cần Thơ + Hậu Giang + Sóc Trăng: none has a 2021 score, so no value;
    # in 2022 all three have one: (0,6924 + 0,6342 + 0,5731)/3 = 0,63323.
    assert history.loc[2021, "score"] != history.loc[2021, "score"]  # NaN: missing, not zero
    assert history.loc[2022, "score"] == pytest.approx(0.6332)
    quang_ninh = queries.run_query(
        "province_history", None, unit_set="p34", province_code="22", metric="dti").set_index("year")
    assert quang_ninh.loc[2022, "score"] == pytest.approx(0.7024)
    assert quang_ninh.loc[2022, "score_provenance"] == "computed"
