"""The 34-unit rebuild: a merged unit's value is the average of its former provinces'.

Fixture: old units A, B, C; new unit X = A + B, Y = C. Expected values worked by hand.
"""

import duckdb
import pytest

from dti import queries
from dti.build import SCHEMA_FILE, refresh_computed_values


@pytest.fixture
def merger_db():
    con = duckdb.connect(":memory:")
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute("insert into unit_set values ('p63', 'province', 'old', null, null), "
                "('p34', 'province', 'new', null, null)")
    con.execute("insert into unit (unit_set, unit_code, unit_name) values ('p63', 'A', 'An'), ('p63', 'B', 'Bình'), "
                "('p63', 'C', 'Cường'), ('p34', 'X', 'Xuân'), ('p34', 'Y', 'Yên')")
    con.execute("insert into unit_succession values ('p63', 'A', 'p34', 'X'), ('p63', 'B', 'p34', 'X'), "
                "('p63', 'C', 'p34', 'Y')")
    con.execute("insert into framework values ('m', 'M', 2020, null)")
    rows = [
        (2021, "A", "dti", 0.60), (2021, "B", "dti", 0.71), (2021, "C", "dti", 0.50),
        (2021, "A", "hd_kinh_te_so", 0.40), (2021, "B", "hd_kinh_te_so", 0.45),
        (2022, "A", "dti", 0.66),  # B missing in 2022: X cannot be rebuilt
        (2022, "C", "dti", 0.52),
    ]
    for year, unit, metric, value in rows:
        con.execute("insert into dti_value values ('p63', $year, $unit, $metric, 'score', $value, 'published', "
                    "'s', null, null)", {"year": year, "unit": unit, "metric": metric, "value": value})
    # A published value of the new unit wins over any rebuild.
    con.execute("insert into dti_value values ('p34', 2022, 'Y', 'dti', 'score', 0.5300, 'published', 's', null, null)")
    yield con
    con.close()


def _values(con):
    rows = con.execute("select year, unit_code, metric, value, provenance from dti_value where unit_set = 'p34' "
                       "order by all").fetchall()
    return {(year, unit, metric): (value, provenance) for year, unit, metric, value, provenance in rows}


def test_merged_values_are_averages_marked_computed(merger_db):
    assert refresh_computed_values(merger_db) == 3
    values = _values(merger_db)
    assert values[(2021, "X", "dti")] == (pytest.approx(0.655), "computed")  # (0.60 + 0.71) / 2
    assert values[(2021, "X", "hd_kinh_te_so")] == (pytest.approx(0.425), "computed")  # (0.40 + 0.45) / 2
    assert values[(2021, "Y", "dti")] == (pytest.approx(0.50), "computed")


def test_no_rebuild_unless_every_former_province_has_a_value(merger_db):
    refresh_computed_values(merger_db)
    assert (2022, "X", "dti") not in _values(merger_db)


def test_published_values_of_the_new_unit_win(merger_db):
    refresh_computed_values(merger_db)
    assert _values(merger_db)[(2022, "Y", "dti")] == (pytest.approx(0.53), "published")


def test_refresh_is_idempotent(merger_db):
    refresh_computed_values(merger_db)
    refresh_computed_values(merger_db)
    assert len(_values(merger_db)) == 4


def test_computed_rank_only_when_every_new_unit_has_a_score(merger_db):
    refresh_computed_values(merger_db)
    ranking = queries.execute_query(merger_db, "ranking_for_year", unit_set="p34", year=2021, metric="dti")
    ranks = dict(zip(ranking["province_code"], ranking["rank"]))
    assert ranks == {"X": 1, "Y": 2}
    assert set(ranking["rank_provenance"]) == {"computed"}


def test_real_data_rebuilds_hau_giang_successor_only_when_complete(built_db):
    history = queries.run_query("province_history", None,
                                unit_set="p34", province_code="92", metric="dti").set_index("year")
    # Cần Thơ (p34) = Cần Thơ + Hậu Giang + Sóc Trăng: Hậu Giang has no 2022 score, so no value.
    assert history.loc[2022, "score"] != history.loc[2022, "score"]  # NaN: missing, not zero
    quang_ninh = queries.run_query("province_history", None,
                                   unit_set="p34", province_code="22", metric="dti").set_index("year")
    assert quang_ninh.loc[2022, "score"] == pytest.approx(0.7024)
    assert quang_ninh.loc[2022, "score_provenance"] == "computed"
