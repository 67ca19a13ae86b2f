"""The sources behind the numbers: one query (queries/value_sources.sql), one builder
(dti/sources.py) for the screens' lines, the slides' short lines and the files' source sheets."""

import pandas as pd
import pytest
from app_pages import open_page

from dti import briefing, sources


def test_the_slide_line_and_the_screen_line_name_the_same_sources(built_db):
    # Hậu Giang 2022: the rank from the official list (dti.gov.vn), the score from the compilation.
    screen = sources.source_line("p63", [2022], ["93"], ["dti"])
    assert screen.startswith("Nguồn: [dti.gov.vn](https://dti.gov.vn/xep-hang-2022) (cổng chính thức")
    assert "[github.com](" in screen
    assert sources.source_line("p63", [2022], ["93"], ["dti"], short=True) == "Nguồn: dti.gov.vn; github.com."


def test_a_slide_line_names_at_most_three_short_publishers():
    rows = pd.DataFrame({
        "year": [2022] * 5, "province_code": ["93"] * 5, "metric": ["dti"] * 5, "measure": ["score"] * 5,
        "provenance": ["published"] * 5, "value_kind": ["unit"] * 5,
        "source_url": [f"https://site{i}.vn/a" for i in range(5)],
        "publisher": ["site0.vn (a long description)", None, "site2.vn", "site3.vn", "site4.vn"],
        "tier": ["press/other"] * 5, "tier_label": ["báo chí"] * 5, "tier_order": [4] * 5})
    line = sources.slide_source_line(rows, [2022], False)
    assert line == "Nguồn: site0.vn; site1.vn; site2.vn; và 2 nguồn khác."
    in_english = sources.slide_source_line(rows, [2022], False, lang="en")
    assert in_english == "Sources: site0.vn; site1.vn; site2.vn; and 2 more."


def test_the_briefing_cites_the_national_mean_on_the_steps_that_draw_it(built_db):
    deck = briefing.build_briefing("93", 2022, "p63", steps=["headline", "indices"])
    # The 2022 national mean is published by soct.ninhthuan.gov.vn (data/national_stats.csv).
    assert "trung bình cả nước: soct.ninhthuan.gov.vn" not in deck.step("headline").source
    assert deck.step("indices").source.endswith("(trung bình cả nước: soct.ninhthuan.gov.vn).")
    assert deck.sources[0] == ("dti.gov.vn", "https://dti.gov.vn/xep-hang-2022")  # most trusted first


def _numbers(unit_set, years, codes, metrics, lang="vi"):
    rows = sources.value_sources(unit_set, years, codes, metrics, with_national_means=True)
    return sources.number_sources(rows, lang).set_index(["unit", "year", "index", "number"])


def test_each_number_names_its_source_its_tier_and_how_it_was_obtained(built_db):
    hau_giang = _numbers("p63", [2022], ["93"], ["dti"])
    # The official 2022 list ranks Hậu Giang 17th; its score comes from the compilation.
    rank = hau_giang.loc[("Hậu Giang", 2022, "DTI", "hạng 17")]
    assert rank["sources"] == "[dti.gov.vn](https://dti.gov.vn/xep-hang-2022)"
    assert rank["tiers"] == "cổng chính thức (dti.gov.vn)" and rank["how"] == "công bố"
    score = hau_giang.loc[("Hậu Giang", 2022, "DTI", "điểm 0,6342")]
    assert score["sources"].startswith("[github.com](https://github.com/")
    assert score["tiers"] == "bản tổng hợp (sao chép bảng chính thức)" and score["how"] == "công bố"
    mean = hau_giang.loc[("Cả nước", 2022, "DTI", "điểm 0,5791")]  # published by the Ninh Thuận portal
    assert mean["sources"].startswith("[soct.ninhthuan.gov.vn](") and mean["tiers"] == "cổng thông tin tỉnh/gov.vn"


def test_a_computed_number_names_its_inputs_sources(built_db):
    # Cần Thơ (34 units) 2022 = mean of Cần Thơ, Hậu Giang, Sóc Trăng: 1,8997 / 3 = 0,63323 -> 0,6332*;
    # Cần Thơ's own 2022 score is in the official top-five table (dti.gov.vn).
    can_tho = _numbers("p34", [2022], ["92"], ["dti"])
    score = can_tho.loc[("Cần Thơ", 2022, "DTI", "điểm 0,6332*")]
    assert "[dti.gov.vn](https://dti.gov.vn/xep-hang-2022)" in score["sources"]
    assert "[github.com](" in score["sources"]  # Hậu Giang's and Sóc Trăng's scores
    assert score["tiers"] == "cổng chính thức (dti.gov.vn); bản tổng hợp (sao chép bảng chính thức)"
    assert score["how"] == "tính lại theo quy tắc chính thức"
    in_english = _numbers("p34", [2022], ["92"], ["dti"], "en").loc[("Cần Thơ", 2022, "DTI", "score 0.6332*")]
    assert in_english["tiers"] == "official portal (dti.gov.vn); compilation (copy of the official tables)"
    assert in_english["how"] == "computed by the official rules"


def _detail(at):
    """The label and text of the folded 'Nguồn của từng số liệu (N)' under the source line."""
    folded = [e for e in at.expander if e.label.startswith(("Nguồn của từng số liệu", "Source of each number"))]
    assert len(folded) == 1, [e.label for e in at.expander]
    return folded[0].label, folded[0].markdown[0].value


def test_the_ranking_lists_the_source_of_every_number_it_shows(built_db):
    label, table = _detail(open_page("pages/ranking.py", {"year": "2022", "units": "63"}))
    assert label == "Nguồn của từng số liệu (126)"  # 63 ranks and 63 scores, all published in 2022
    assert ("| Hậu Giang | 2022 | DTI | hạng 17 | [dti.gov.vn](https://dti.gov.vn/xep-hang-2022) | "
            "cổng chính thức (dti.gov.vn) | công bố |") in table
    assert "| Hậu Giang | 2022 | DTI | điểm 0,6342 | [github.com](https://github.com/" in table


def test_a_merged_province_lists_its_computed_numbers_inputs(built_db):
    _, table = _detail(open_page("pages/province.py", {"province": "92", "units": "34", "year": "2024"}))
    row = next(line for line in table.splitlines() if line.startswith("| Cần Thơ | 2022 | DTI | điểm 0,6332\\* |"))
    assert "[dti.gov.vn](https://dti.gov.vn/xep-hang-2022)" in row and "tính lại theo quy tắc chính thức" in row


@pytest.mark.parametrize("page", ["app.py", "pages/movers.py", "pages/compare.py"])
def test_every_view_names_its_real_sources_and_lists_each_number(built_db, page):
    at = open_page(page, {"province": "93", "units": "63"})
    line = next(c.value for c in at.caption if c.value.startswith("Nguồn:"))
    assert "](https://dti.gov.vn" in line and "data/SOURCES.md" not in line  # compare had the general note
    label, table = _detail(at)
    assert int(label.rsplit("(", 1)[1].rstrip(")")) == len(table.splitlines()) - 2  # header and rule
    assert "| Hậu Giang |" in table


def test_the_detail_speaks_english_under_lang_en(built_db):
    label, table = _detail(open_page("pages/ranking.py", {"year": "2022", "units": "63", "lang": "en"}))
    assert label == "Source of each number (126)"
    assert "| Hậu Giang | 2022 | DTI | rank 17 | [dti.gov.vn](https://dti.gov.vn/xep-hang-2022) |" in table


def test_the_vietnamese_tier_words_are_the_datas_own_labels():
    from dti.i18n import t
    from dti.reference import SOURCE_TIERS
    assert {tier: t(f"sources.tier.{tier}", "vi") for tier in SOURCE_TIERS} == SOURCE_TIERS


def test_methodology_list_gives_publishers_by_name_and_says_which_titles_are_english():
    from dti.sources import source_list

    rows = pd.DataFrame({
        "publisher": ["mic.gov.vn (reprint of baohaiduong.vn)", "mic.gov.vn", None],
        "title": ["Hải Dương tăng 1 bậc chuyển đổi số", "HCM City ranks high in digital transformation index",
                  None],
        "url": ["https://mic.gov.vn/a", "https://mic.gov.vn/b", "https://backan.gov.vn/c"],
        "tier": ["official mic.gov.vn", "official mic.gov.vn", "gov.vn portal"],
        "tier_label": ["cổng Bộ", "cổng Bộ", "cổng tỉnh"]})
    shown = source_list(rows)
    assert shown["publisher"].tolist() == ["mic.gov.vn", "mic.gov.vn", "backan.gov.vn"]
    assert shown["title"].tolist()[:2] == ["Hải Dương tăng 1 bậc chuyển đổi số",
                                           "HCM City ranks high in digital transformation index (tiếng Anh)"]
    assert pd.isna(shown["title"].iloc[2])
    english = source_list(rows, "en")
    assert english["publisher"].iloc[0] == "mic.gov.vn (reprint of baohaiduong.vn)"
