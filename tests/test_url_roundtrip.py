"""Every view's state round-trips through its URL (AppTest): the parameters set the widgets,
and st.query_params reads back exactly what was set; the navigation links carry the view."""

import pytest
from app_pages import open_page

ROUND_TRIPS = [
    ("app.py", "home", {"province": "93", "units": "63"}, {}),
    ("app.py", "home", {"province": "92", "units": "34"}, {}),
    ("pages/ranking.py", "ranking", {"province": "93", "units": "63", "year": "2022", "metric": "the_che_so",
                                     "region": "Tây Nguyên"},
     {"ranking_metric_p63_2022": "the_che_so", "ranking_region_p63": "Tây Nguyên"}),
    ("pages/province.py", "province", {"province": "92", "units": "34", "year": "2024"}, {}),
    ("pages/movers.py", "movers", {"province": "93", "units": "63", "from": "2021", "to": "2022"},
     {"from_year": 2021, "to_year": 2022}),
    # The URL's list as it is, without the focus province (it used to be pushed back in front).
    ("pages/compare.py", "compare", {"province": "93", "units": "63", "year": "2022", "provinces": "92,94"},
     {"compare_provinces_p63": ["92", "94"]}),
    ("pages/methodology.py", "methodology", {"province": "93", "units": "63", "method": "qd922"},
     {"methodology_method": "qd922"}),
    ("pages/data.py", "data", {"province": "93", "units": "63", "year": "2024", "tab": "nhat-ky"},
     {"data_tab": "Nhật ký nhập"}),
]


@pytest.mark.parametrize("page, key, params, widgets", ROUND_TRIPS,
                         ids=[f"{r[1]}-{r[2]['units']}" for r in ROUND_TRIPS])
def test_view_state_round_trips_through_the_url(built_db, page, key, params, widgets):
    at = open_page(page, params)
    assert at.radio(key=f"{key}_units").value == ("p63" if params["units"] == "63" else "p34")
    assert at.selectbox(key=f"{key}_province_{at.radio(key=f'{key}_units').value}").value == params["province"]
    for widget_key, value in widgets.items():
        assert at.session_state[widget_key] == value
    assert dict(at.query_params) == params


def test_navigation_links_carry_the_metric(built_db):
    at = open_page("pages/ranking.py", {"province": "93", "year": "2022", "metric": "kts"})
    queries = {link.proto.label: link.proto.query_string for link in at.get("page_link")}
    assert "metric=kts" in queries["Xếp hạng"] and "province=93" in queries["Hồ sơ tỉnh"]


def test_a_metric_chosen_on_screen_is_in_the_links_of_the_same_run(built_db):
    at = open_page("pages/ranking.py", {"province": "93", "year": "2022"})
    at.selectbox(key="ranking_metric_p63_2022").select("xhs").run()
    assert at.query_params["metric"] == "xhs"
    assert all("metric=xhs" in link.proto.query_string for link in at.get("page_link"))


def test_a_region_from_63_units_does_not_survive_a_switch_to_34(built_db):
    at = open_page("pages/ranking.py", {"year": "2024", "units": "34", "region": "Tây Nguyên"})
    assert "region" not in at.query_params


def test_removing_the_focus_province_from_compare_keeps_the_view_and_the_url_together(built_db):
    at = open_page("pages/compare.py", {"province": "93", "year": "2022", "provinces": "93,92,94"})
    at.multiselect(key="compare_provinces_p63").unselect("93").run()
    assert at.query_params["provinces"] == "92,94"
    again = open_page("pages/compare.py", dict(at.query_params))
    assert again.multiselect(key="compare_provinces_p63").value == ["92", "94"]


def test_a_seventh_province_is_refused_in_vietnamese(built_db):
    at = open_page("pages/compare.py", {"province": "93", "year": "2022", "provinces": "93,92,94,01,79,48"})
    at.multiselect(key="compare_provinces_p63").select("22").run()
    assert at.multiselect(key="compare_provinces_p63").value == ["93", "92", "94", "01", "79", "48"]
    assert any("tối đa 6 tỉnh" in w.value for w in at.warning)
    assert at.query_params["provinces"] == "93,92,94,01,79,48"


@pytest.mark.parametrize("typed, code", [("hau giang", "93"), ("TPHCM", "79"), ("Sài Gòn", "79")])
def test_province_search_matches_names_without_diacritics_and_aliases(built_db, typed, code):
    at = open_page("pages/province.py", {"province": "01", "year": "2022"})
    at.text_input(key="province_province_p63__search").input(typed).run()
    assert at.selectbox(key="province_province_p63").value == code
    assert at.query_params["province"] == code


def test_province_search_that_names_nothing_says_so(built_db):
    at = open_page("pages/province.py", {"province": "01", "year": "2022"})
    at.text_input(key="province_province_p63__search").input("Atlantis").run()
    assert any("Không tìm thấy tỉnh, thành phố “Atlantis”" in i.value for i in at.info)
    assert at.selectbox(key="province_province_p63").value == "01"


def test_source_tiers_read_in_vietnamese(built_db):
    at = open_page("pages/methodology.py", {"method": "qd922"})
    sources = next(d for d in at.dataframe if "tier_label" in d.value.columns)
    shown = set(sources.value["tier_label"])
    assert "cổng chính thức của Bộ (mic.gov.vn)" in shown
    assert not shown & {"official dti.gov.vn", "official mic.gov.vn", "gov.vn portal", "press/other", "compilation"}
