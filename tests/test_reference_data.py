"""The real bundled data, as built into the database: facts an official would check first."""

import pandas as pd
import pytest

from dti import queries
from dti.units import resolve_unit


@pytest.fixture(scope="module")
def ranking_2022(built_db):
    return queries.run_query("ranking_for_year", None,
                             unit_set="p63", year=2022, metric="dti").set_index("province_code")


def test_hau_giang_is_17th_in_2021_and_2022_and_28th_derived_in_2020(built_db):
    history = queries.run_query("province_history", None,
                                unit_set="p63", province_code="93", metric="dti").set_index("year")
    assert history.loc[2021, "rank"] == 17 and history.loc[2022, "rank"] == 17
    assert history.loc[2022, "score"] == 0.6342  # the compilation's copy of dti.gov.vn/xep-hang-2022
    assert history.loc[2020, "rank"] == 28
    assert history.loc[2020, "rank_provenance"] == "derived"
    assert history.loc[2021, "rank_provenance"] == "published"
    assert history.loc[2021, "rank_change"] == 11
    assert not bool(history.loc[2021, "is_comparable"])  # QĐ 1726 -> QĐ 922


def test_2022_ranking_has_the_official_tie_and_no_16th(ranking_2022):
    assert ranking_2022.loc["38", "rank"] == 15  # Thanh Hóa
    assert ranking_2022.loc["15", "rank"] == 15  # Yên Bái
    assert ranking_2022.loc["93", "rank"] == 17  # Hậu Giang
    assert 16 not in set(ranking_2022["rank"].dropna().astype(int))
    assert ranking_2022["rank"].notna().sum() == 63


def test_default_year_is_the_latest_complete_year(built_db):
    # 2024's 63 scores are complete, so its ranks are computed; the 34-unit field is complete too
    # (8 published scores, 26 means of the former provinces).
    assert queries.default_year(queries.run_query("ranking_years", None, unit_set="p63", metric="dti")) == 2024
    assert queries.default_year(queries.run_query("ranking_years", None, unit_set="p34", metric="dti")) == 2024


def test_unit_sets_have_63_and_34_units(built_db):
    assert len(queries.run_query("units_in_set", None, unit_set="p63")) == 63
    assert len(queries.run_query("units_in_set", None, unit_set="p34")) == 34


def test_code_15_is_a_different_province_in_each_set(built_db):
    assert resolve_unit("p63", "15").name == "Yên Bái"
    assert resolve_unit("p34", "15").name == "Lào Cai"


def test_a_merged_p63_province_resolves_to_its_successor_with_a_notice(built_db):
    unit = resolve_unit("p34", "93")
    assert unit.code == "92" and unit.name == "Cần Thơ"
    assert "Hậu Giang" in unit.notice


def test_province_names_match_in_any_common_spelling(built_db):
    for spelling in ("Hau Giang", "hậu giang", "Tỉnh Hậu Giang", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh",
                     "Thừa Thiên - Huế", "Hoà Bình", "Bà Rịa-Vũng Tàu"):
        assert resolve_unit("p63", spelling).code  # raises UnknownUnit when it does not match


def test_p34_units_list_their_former_provinces(built_db):
    units = queries.run_query("units_in_set", None, unit_set="p34").set_index("province_code")
    assert units.loc["92", "former_province_names"] == "Cần Thơ, Hậu Giang, Sóc Trăng"


def test_every_value_carries_a_provenance_and_a_source_or_its_rule(built_db):
    from dti import store
    _, con = store.connection()
    cursor = con.cursor()
    unsourced = cursor.execute(
        "select count(*) from dti_value where provenance in ('published', 'derived') "
        "and (source_url is null or source_url = '')").fetchone()[0]
    assert unsourced == 0
    unexplained = cursor.execute(
        "select count(*) from dti_value where provenance = 'computed' "
        "and note not like 'trung bình%' and note not like 'tính theo QĐ 922%'").fetchone()[0]
    assert unexplained == 0


def test_missing_scores_stay_missing_not_zero(built_db):
    ranking_2021 = queries.run_query("ranking_for_year", None, unit_set="p63", year=2021,
                                     metric="dti").set_index("province_code")
    assert pd.isna(ranking_2021.loc["93", "score"])  # 2021: Hậu Giang's rank 17 is known, its score not
    assert (ranking_2021["score"].dropna() > 0).all()
