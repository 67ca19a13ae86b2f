"""AppTest: every page runs on the bundled data, and URLs select what they say."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")

PAGES = ["app.py", "pages/ranking.py", "pages/province.py"]


def _open(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page != "app.py":
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("units", ["63", "34"])
def test_every_page_runs_without_exceptions(built_db, page, units):
    at = _open(page, units=units)
    assert at.sidebar.radio[0].value == ("p63" if units == "63" else "p34")


def test_province_deep_link_selects_hau_giang_and_2021(built_db):
    at = _open("pages/province.py", province="93", year="2021")
    assert at.sidebar.selectbox[0].value == "93"
    assert at.sidebar.selectbox[1].value == 2021
    text = _markdown(at)
    assert "Năm 2021, Hậu Giang xếp thứ 17/63, tăng 11 bậc so với năm 2020" in text
    assert at.query_params["province"] == "93" and at.query_params["year"] == "2021"


def test_default_year_is_the_latest_complete_year(built_db):
    at = _open("pages/province.py", province="93")
    assert at.sidebar.selectbox[1].value == 2022


def test_changing_the_year_widget_updates_the_url(built_db):
    at = _open("pages/province.py", province="93", year="2022")
    at.sidebar.selectbox[1].select(2021).run()
    assert at.query_params["year"] == "2021"
    assert "tăng 11 bậc" in _markdown(at)


def test_ranking_table_lists_all_63_with_missing_scores_in_words(built_db):
    at = _open("pages/ranking.py", year="2022", province="93")
    table = at.dataframe[0].value
    assert len(table) == 63
    hau_giang = table[table["province_code"] == "93"].iloc[0]
    assert hau_giang["rank_text"] == "17" and hau_giang["score_text"] == "chưa có số liệu"
    tied = table[table["rank"] == 15]["province_name"].tolist()
    assert sorted(tied) == ["Thanh Hóa", "Yên Bái"]


def test_ranking_chart_draws_every_province_with_one_focus_bar(built_db):
    import json
    at = _open("pages/ranking.py", year="2022", province="92")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    bar = figure["data"][0]
    assert len(bar["y"]) == 63
    assert bar["marker"]["color"].count("#C8102E") == 1


def test_region_filter_narrows_the_table(built_db):
    at = _open("pages/ranking.py", year="2022", region="Tây Nguyên")
    assert len(at.dataframe[0].value) == 5


def test_derived_rank_is_marked(built_db):
    at = _open("pages/province.py", province="93", year="2021")
    history_table = at.dataframe[0].value
    assert history_table.set_index("Năm").loc["2020", "Thứ hạng"] == "28/63†"


def test_a_p63_province_in_p34_mode_maps_to_its_successor_with_a_notice(built_db):
    at = _open("pages/province.py", province="93", units="34", year="2024")
    assert at.sidebar.selectbox[0].value == "92"
    assert any("Hậu Giang đã hợp nhất vào Cần Thơ" in i.value for i in at.info)


def test_unknown_province_warns_and_falls_back(built_db):
    at = _open("pages/province.py", province="Atlantis")
    assert any("Atlantis" in w.value for w in at.warning)
    assert at.sidebar.selectbox[0].value == "93"
