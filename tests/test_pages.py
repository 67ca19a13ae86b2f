"""AppTest: every page runs on the bundled data, and URLs select what they say."""

import json
import tomllib
from pathlib import Path

import pytest
from app_pages import APP, open_page
from streamlit.testing.v1 import AppTest

from ui.frame import PAGE_FAILED

PAGES = ["app.py", "pages/ranking.py", "pages/province.py", "pages/movers.py", "pages/compare.py",
         "pages/methodology.py"]


def _open(page: str, **params) -> AppTest:
    return open_page(page, params)


def _page_key(page: str) -> str:
    return "home" if page == "app.py" else Path(page).stem


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("units", ["63", "34"])
def test_every_page_runs_without_exceptions(built_db, page, units):
    at = _open(page, units=units)
    assert at.radio(key=f"{_page_key(page)}_units").value == ("p63" if units == "63" else "p34")


def test_province_deep_link_selects_hau_giang_and_2021(built_db):
    at = _open("pages/province.py", province="93", year="2021")
    assert at.selectbox(key="province_province_p63").value == "93"
    assert at.selectbox(key="province_year_p63").value == 2021
    text = _markdown(at)
    assert "Năm 2021, Hậu Giang xếp thứ 17/63 tỉnh, thành phố, tăng 11 bậc so với năm 2020" in text
    assert at.query_params["province"] == "93" and at.query_params["year"] == "2021"


def test_default_year_is_the_latest_complete_year(built_db):
    # 2024: every province has a score (the compilation), so its ranks are computed and complete.
    at = _open("pages/province.py", province="93")
    assert at.selectbox(key="province_year_p63").value == 2024
    at = _open("pages/ranking.py", units="34", province="92")
    assert at.selectbox(key="ranking_year_p34").value == 2024


def test_changing_the_year_widget_updates_the_url(built_db):
    at = _open("pages/province.py", province="93", year="2022")
    at.selectbox(key="province_year_p63").select(2021).run()
    assert at.query_params["year"] == "2021"
    assert "tăng 11 bậc" in _markdown(at)


def test_ranking_table_lists_all_63_and_a_missing_score_is_an_explained_dash(built_db):
    at = _open("pages/ranking.py", year="2022", province="93")
    table = at.dataframe[0].value
    assert len(table) == 63
    hau_giang = table[table["province_code"] == "93"].iloc[0]
    assert hau_giang["rank_text"] == "17" and hau_giang["score_text"] == "0,6342"
    tied = table[table["rank"] == 15]["province_name"].tolist()
    assert sorted(tied) == ["Thanh Hóa", "Yên Bái"]
    # 2021 still lacks most scores: a dash in the narrow column, explained under the table, never 0.
    at_2021 = _open("pages/ranking.py", year="2021", province="93")
    table_2021 = at_2021.dataframe[0].value
    hau_giang_2021 = table_2021[table_2021["province_code"] == "93"].iloc[0]
    assert hau_giang_2021["rank_text"] == "17" and hau_giang_2021["score_text"] == "–"
    assert any("“–”: chưa có số liệu" in c.value for c in at_2021.caption)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _trace(at: AppTest, trace_type: str) -> dict:
    return next(f["data"][0] for f in _figures(at) if f["data"][0]["type"] == trace_type)


def test_ranking_chart_draws_the_scored_provinces_and_says_how_many_are_not(built_db):
    complete = _open("pages/ranking.py", year="2022", province="92")
    bars = next(f for f in _figures(complete) if f["data"][0]["type"] == "bar")
    assert len(bars["data"][0]["y"]) == 63 and bars["data"][0]["marker"]["color"].count("#C8102E") == 1
    sparse = _open("pages/ranking.py", year="2021", province="92")
    scored = int(sparse.dataframe[0].value["score"].notna().sum())
    assert 0 < scored < 63
    bars = next(f for f in _figures(sparse) if f["data"][0]["type"] == "bar")
    assert len(bars["data"][0]["y"]) == scored and None not in bars["data"][0]["x"]
    title = bars["layout"]["title"]["text"].replace("<br>", " ")
    assert f"({63 - scored} tỉnh, thành phố chưa có điểm, không vẽ)" in title


def test_region_filter_narrows_the_table(built_db):
    at = _open("pages/ranking.py", year="2022", region="Tây Nguyên")
    assert len(at.dataframe[0].value) == 5


def test_derived_rank_is_marked(built_db):
    at = _open("pages/province.py", province="93", year="2021")
    history_table = next(d.value for d in at.dataframe if "Năm" in d.value.columns)
    assert history_table.set_index("Năm").loc["2020", "Thứ hạng"] == "28/63†"


def test_a_merged_provinces_history_starts_with_its_first_rebuilt_year(built_db):
    # Cần Thơ (34) is rebuilt from its three former provinces from 2022 (complete fields); 2020 and
    # 2021 had no value of its own (the former provinces' table below carries them).
    at = _open("pages/province.py", province="92", units="34", year="2024")
    history_table = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["Năm", "Thứ hạng"])
    assert history_table["Năm"].tolist() == ["2022", "2023", "2024"]
    assert history_table.set_index("Năm").loc["2022", "Thứ hạng"] == "9/34*"
    # Hậu Giang (63) keeps 2020, a year with a rank and no score.
    at = _open("pages/province.py", province="93", year="2024")
    history_table = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["Năm", "Thứ hạng"])
    assert history_table["Năm"].tolist() == ["2020", "2021", "2022", "2023", "2024"]


def test_a_p63_province_in_p34_mode_maps_to_its_successor_with_a_notice(built_db):
    at = _open("pages/province.py", province="93", units="34", year="2024")
    assert at.selectbox(key="province_province_p34").value == "92"
    assert any("Hậu Giang đã hợp nhất vào Cần Thơ" in i.value for i in at.info)


def test_unknown_province_warns_and_falls_back(built_db):
    at = _open("pages/province.py", province="Atlantis")
    assert any("Atlantis" in i.value and "Đang hiển thị Hậu Giang" in i.value for i in at.info)
    assert at.selectbox(key="province_province_p63").value == "93"


@pytest.mark.parametrize("page, params, notice, check", [
    ("pages/ranking.py", {"year": "1999"}, "Không có số liệu năm “1999”; đang hiển thị năm 2024",
     lambda at: at.selectbox(key="ranking_year_p63").value == 2024),
    ("pages/province.py", {"year": "abc"}, "Không có số liệu năm “abc”",
     lambda at: at.selectbox(key="province_year_p63").value == 2024),
    ("pages/ranking.py", {"metric": "bogus"}, "Chỉ số “bogus” không có",
     lambda at: at.selectbox(key="ranking_metric_p63_2024").value == "dti"),
    ("pages/movers.py", {"from": "1990", "to": "2022"}, "Không có số liệu năm “1990”",
     lambda at: (at.selectbox(key="from_year").value, at.selectbox(key="to_year").value) == (2022, 2022)),
    ("pages/compare.py", {"provinces": "93,xx,92"}, "Không tìm thấy mã tỉnh, thành phố: xx",
     lambda at: at.multiselect(key="compare_provinces_p63").value == ["93", "92"]),
    ("pages/province.py", {"units": "99"}, "Không có bộ đơn vị “99”",
     lambda at: at.radio(key="province_units").value == "p63"),
    ("pages/ranking.py", {"year": "2022", "region": "Atlantis"}, "Không có vùng “Atlantis”",
     lambda at: len(at.dataframe[0].value) == 63),
])
def test_bad_url_parameters_give_a_vietnamese_notice_and_a_default(built_db, page, params, notice, check):
    at = _open(page, **params)  # _open asserts there is no exception
    if notice:
        assert any(notice in i.value for i in at.info), [i.value for i in at.info]
    assert check(at)


def test_province_profile_names_strengths_and_weaknesses_from_pillar_ranks(built_db):
    at = _open("pages/province.py", province="22", year="2022")
    text = _markdown(at)
    # Quảng Ninh 2022 is 3rd overall; XHS 2nd is a strength, KTS 9th a weakness.
    assert "**Điểm mạnh:**" in text and "Xã hội số (thứ 2)" in text.split("**Điểm yếu:**")[0]
    assert "Kinh tế số (thứ 9)" in text.split("**Điểm yếu:**")[1]
    indices = next(d.value for d in at.dataframe if "Chỉ số" in d.value.columns).set_index("Chỉ số")
    assert indices.loc["Thể chế số", "Điểm"] == "0,9000"
    assert indices.loc["Đô thị thông minh", "Trọng số (điểm)"] == "không tính điểm"


def test_movers_counts_who_is_ranked_in_both_years_and_who_is_missing(built_db):
    at = _open("pages/movers.py", province="93", **{"from": "2021", "to": "2022"})
    text = _markdown(at)
    assert "36 tỉnh, thành phố có thứ hạng cả năm 2021 và 2022" in text
    assert "thiếu số liệu năm 2021: 27, năm 2022: 0" in text
    climbers = at.dataframe[0].value
    assert climbers.iloc[0].tolist() == ["Quảng Ngãi", "60† → 26", "+34"]  # 2021's 60 derived from "tăng 34 bậc"
    fallers = at.dataframe[1].value
    assert fallers.iloc[0].tolist() == ["Bến Tre", "31 → 51", "-20"] and (fallers["Bậc"].str[0] == "-").all()
    slope = _trace(at, "scatter")
    assert slope["x"].count("2021") == 36  # one line per province ranked in both years



def test_the_charts_rank_labels_carry_their_marks(built_db):
    # Hậu Giang: 2020 derived from "tăng 11 bậc" (†), 2021-2022 published, 2023-2024 ranked from
    # the complete score fields (*): the chart says what the history table says.
    at = _open("pages/province.py", province="93", year="2024")
    ranks = next(f for f in _figures(at) if f["layout"]["yaxis"].get("autorange") == "reversed"
                 or "Thứ hạng" in str(f["layout"]["yaxis"].get("title")))["data"][0]
    assert ranks["text"] == ["28†", "17", "17", "20*", "33*"]
    # Movers 2023 -> 2024: both years' ranks are computed. Hậu Giang 20 -> 33; the top climber,
    # Hòa Bình, went 56 -> 30 (+26).
    movers = _open("pages/movers.py", province="93", **{"from": "2023", "to": "2024"})
    names = [label["text"] for label in _figures(movers)[0]["layout"]["annotations"]]
    assert names[-2:] == ["Hậu Giang 20*", "33*"]  # the focus province's names come last
    assert "Hòa Bình 30* (+26)" in names


def test_neighbours_and_means_carry_their_marks_in_the_gaps_table_and_on_home(built_db):
    # 2024 has no published ranks: every rank is computed from the complete scores (*). Hậu Giang
    # 33rd: Bắc Kạn 32nd above, Khánh Hòa 34th below, Long An 10th.
    at = _open("pages/province.py", province="93", year="2024")
    gaps = next(d.value for d in at.dataframe if "Khoảng cách điểm" in d.value.columns).set_index("So với")
    assert gaps["Hạng"].tolist()[:3] == ["32*", "34*", "10*"]
    # Cần Thơ (34): its neighbours' scores are means of their former provinces (*), and so is the
    # mean of the 34 units, computed from the complete field (no one publishes it).
    merged = _open("pages/province.py", province="92", units="34", year="2024")
    gaps = next(d.value for d in merged.dataframe if "Khoảng cách điểm" in d.value.columns).set_index("So với")
    assert gaps.loc["Tỉnh liền trên", "Điểm"] == "0,7056*" and gaps.loc["Trung bình cả nước", "Điểm"] == "0,7005*"
    history = next(d.value for d in merged.dataframe if list(d.value.columns[:2]) == ["Năm", "Thứ hạng"])
    assert history.set_index("Năm").loc["2024", "Trung bình cả nước"] == "0,7005*"
    home = _open("app.py", province="92", units="34")
    assert [m.value for m in home.metric] == ["19/34*", "0,7030*", "0,7005*"]

def test_movers_across_a_method_change_warns(built_db):
    at = _open("pages/movers.py", **{"from": "2020", "to": "2021"})
    assert any("hai phương pháp đánh giá khác nhau" in w.value for w in at.warning)


def test_compare_reads_provinces_from_the_url(built_db):
    at = _open("pages/compare.py", province="93", provinces="93,92,94", year="2022")
    assert at.multiselect(key="compare_provinces_p63").value == ["93", "92", "94"]
    lines = _figures(at)[0]["data"]
    assert [t["name"] for t in lines] == ["Hậu Giang", "Cần Thơ", "Sóc Trăng"]
    table = at.dataframe[0].value.set_index("Chỉ số")
    assert table.loc["Chỉ số DTI", "Cần Thơ"] == "0,6924 (5)"
    assert table.loc["Chỉ số DTI", "Hậu Giang"] == "0,6342 (17)"


def test_methodology_draws_the_index_tree_with_weights(built_db):
    at = _open("pages/methodology.py", method="qd922")
    trees = [f["data"][0] for f in _figures(at) if f["data"][0]["type"] == "sunburst"]
    assert len(trees) == 1  # the method named in the URL
    assert dict(zip(trees[0]["ids"], trees[0]["values"]))["hd_chinh_quyen_so"] == 200
    assert any("15, 15" in m.value or "cùng hạng 15" in m.value for m in at.markdown)


def test_ranking_by_a_main_index_from_the_url(built_db):
    at = _open("pages/ranking.py", year="2022", metric="the_che_so")
    assert at.selectbox(key="ranking_metric_p63_2022").value == "the_che_so"
    table = at.dataframe[0].value
    assert table[table["rank"] == 1]["province_name"].tolist() == ["Quảng Ninh", "TP. Hồ Chí Minh"]


def test_p34_profile_lists_the_former_provinces(built_db):
    at = _open("pages/province.py", province="92", units="34", year="2024")
    assert any("Cần Thơ, Hậu Giang, Sóc Trăng" in c.value for c in at.caption)


def test_compare_without_a_choice_shows_the_province_and_its_neighbours(built_db):
    at = _open("pages/compare.py", province="93", year="2022")
    chosen = at.multiselect(key="compare_provinces_p63").value
    assert chosen[0] == "93" and len(chosen) == 5
    ranking = at.dataframe  # the comparison table has one column per chosen province
    assert len(ranking[0].value.columns) == 6


@pytest.mark.parametrize("page, param", [("pages/movers.py", "from"), ("pages/ranking.py", "metric"),
                                         ("pages/province.py", "province"), ("pages/compare.py", "provinces")])
def test_url_text_in_a_notice_is_plain_and_cut(built_db, page, param):
    # Markdown that would load an image and draw a link, then 100 000 characters.
    crafted = "![i](https://evil.example/x.png)[bấm](https://evil.example)" + "x" * 100_000
    at = _open(page, **{param: crafted})
    notice = next(i.value for i in at.info if "evil" in i.value)
    assert "![i](" not in notice and "](https" not in notice and "https://" not in notice
    assert "\\!\\[i\\]\\(https\\:\u2060//evil\\.example" in notice  # the characters typed, no autolink
    assert "…" in notice and len(notice) < 300


def test_a_failing_page_shows_a_vietnamese_message_not_a_traceback(built_db, monkeypatch):
    from dti import narrative

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path boom")

    monkeypatch.setattr(narrative, "press_sentence", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/province.py")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [PAGE_FAILED]
    assert "boom" not in _markdown(at) and "Traceback" not in _markdown(at)


def test_run_time_is_recorded_when_a_page_stops_early(built_db, monkeypatch, tmp_path):
    timing = tmp_path / "runs.jsonl"
    monkeypatch.setenv("DTI_RUN_TIMING_FILE", str(timing))
    at = _open("pages/compare.py", provinces="93")  # one province: the page stops after its notice
    assert any("Chọn ít nhất hai tỉnh" in i.value for i in at.info)
    runs = [json.loads(line) for line in timing.read_text(encoding="utf-8").splitlines()]
    assert [run["page"] for run in runs] == ["compare"] and runs[0]["ms"] > 0


def test_visitors_never_see_error_details():
    # Outside the page frame too (e.g. an import error), Streamlit shows no type, message or traceback.
    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_a_merged_province_shows_its_former_provinces_side_by_side(built_db):
    # Cần Thơ (34 units) = Cần Thơ + Hậu Giang + Sóc Trăng. 2022 scores in data/dti_values.csv:
    # 0,6924, 0,6342 (Hậu Giang, 17th of 63) and 0,5731: the merged unit's computed mean is
    # 1,8997 / 3 = 0,63323 -> 0,6332*.
    at = _open("pages/province.py", province="92", units="34", year="2024")
    table = next(frame.value for frame in at.dataframe if "Cần Thơ (mới)" in frame.value.columns)
    row = table.set_index("Năm").loc["2022"]
    assert row["Hậu Giang"] == "17/63 · 0,6342"
    assert row["Cần Thơ (mới)"].endswith("0,6332*")
    assert list(table.columns)[1] == "Cần Thơ (mới)"  # the merged unit first


def test_the_source_line_names_the_real_sources_with_links(built_db):
    at = _open("pages/ranking.py", year="2022")
    lines = [c.value for c in at.caption if c.value.startswith("Nguồn:")]
    assert lines and "](https://dti.gov.vn" in lines[0] and "cổng chính thức" in lines[0]
    assert "data/SOURCES.md" not in lines[0]
