"""The build checks (queries/checks/*.sql) hold on the real data, and each one refuses a version
that breaks its rule, naming the row in Vietnamese."""

import duckdb
import pytest

from dti import build, computed_values, queries, store
from dti.reference import DataError


def test_there_are_build_checks():
    assert len(build.check_names()) >= 2


@pytest.mark.parametrize("name", build.check_names())
def test_every_check_finds_nothing_on_the_real_data(built_db, name):
    _, con = store.connection(built_db)
    assert queries.execute_query(con, name).empty


@pytest.fixture
def built_copy(built_db, tmp_path):
    """A writable copy of the real database."""
    path = tmp_path / "copy.duckdb"
    path.write_bytes(store.version_path(built_db).read_bytes())
    con = duckdb.connect(str(path))
    yield con
    con.close()


def test_a_published_rank_that_contradicts_complete_scores_is_refused(built_copy):
    # Complete the 2022 scores by hand (score rises with the code), so they decide every rank.
    built_copy.execute("delete from dti_value where unit_set = 'p63' and year = 2022 and metric = 'dti'")
    built_copy.execute("""
        insert into dti_value
        select 'p63', 2022, unit_code, 'dti', 'score', 0.5 + cast(unit_code as integer) / 1000,
            'published', null, null, null
        from unit where unit_set = 'p63'
    """)
    # Only Sóc Trăng (94), Bạc Liêu (95) and Cà Mau (96) have higher codes: Hậu Giang (93) is 4th.
    built_copy.execute("insert into dti_value values ('p63', 2022, '93', 'dti', 'rank', 5, 'published', "
                       "null, null, null)")
    computed_values.store_rule_views(built_copy)  # as every writer does after its values
    with pytest.raises(DataError, match="p63 2022 dti: tỉnh 93 có thứ hạng công bố 5 nhưng điểm số cho thứ hạng 4"):
        build.run_checks(built_copy)


def test_a_former_province_without_a_successor_is_refused(built_copy):
    built_copy.execute("delete from unit_succession where from_unit_code = '93'")
    with pytest.raises(DataError, match="p63: tỉnh 93 có 0 đơn vị kế thừa, cần đúng 1"):
        build.run_checks(built_copy)


def test_values_written_without_storing_the_rank_rows_again_are_refused(built_copy):
    # Hậu Giang's 2024 score 0,7093 -> 0,7100 (still between 0,7118 and 0,7079: 33rd either way),
    # but the stored rows still say 0,7093: its metric_rank row differs on each side (2 rows). The
    # history's and facts' rules read the stored metric_rank, so they agree with their tables
    # until metric_rank is stored again; then all three agree.
    built_copy.execute("update dti_value set value = 0.7100 where unit_set = 'p63' and year = 2024 "
                       "and unit_code = '93' and metric = 'dti' and measure = 'score'")
    broken = queries.execute_query(built_copy, "checks/stored_rule_view_differs")
    assert dict(zip(broken["table_name"], broken["differing_rows"], strict=True)) == {"metric_rank": 2}
    with pytest.raises(DataError, match=r"bảng metric_rank lệch khỏi quy tắc tính của nó \(2 dòng khác\)"):
        build.run_checks(built_copy)
    computed_values.store_rule_views(built_copy)
    build.run_checks(built_copy)
    stored = built_copy.execute("select score from metric_rank_history where unit_set = 'p63' and year = 2024 "
                                "and unit_code = '93' and metric = 'dti'").fetchone()
    assert stored == (0.71,)
