"""What the screens say, worked out by hand on small frames: movers' lists, the province just
above when a rank between is unknown, the top-ten cut-off's holder, headers with the real
years, provenance marks in sentences, chart titles that fit, rank axes from 1."""

import pandas as pd

from dti import charts, display, narrative, queries


def _changes(rows):
    return pd.DataFrame(rows, columns=["province_name", "from_rank", "to_rank", "rank_change"]).assign(
        from_rank_provenance="published", to_rank_provenance="published", region_name=None, is_comparable=True)


def test_movers_lists_hold_only_risers_and_only_fallers():
    changes = _changes([("A", 10, 7, 3), ("B", 5, 7, -2), ("C", 1, 1, 0), ("D", 9, 8, 1), ("E", None, 4, None)])
    risers, fallers = display.biggest_moves(changes, 5)
    assert risers["province_name"].tolist() == ["A", "D"]
    assert fallers["province_name"].tolist() == ["B"]


def test_movers_table_names_the_real_years_and_drops_an_empty_region_column():
    table = display.movers_display(_changes([("A", 10, 7, 3)]), 2021, 2022)
    assert list(table.columns) == ["Tỉnh, thành phố", "Hạng 2021", "Hạng 2022", "Thay đổi"]
    assert table.iloc[0].tolist() == ["A", "10", "7", "tăng 3 bậc"]


def _ranking(rows):
    """ranking_for_year's columns that gaps_display reads, every rank and score published."""
    return pd.DataFrame(rows, columns=["province_code", "province_name", "rank"]).assign(
        rank_provenance="published", score_provenance="published", is_rank_uncertain=False)


def _gaps(above_names, above_rank):
    return pd.Series({"province_code": "T", "above_province_names": above_names, "above_rank": above_rank,
                      "above_score": None, "gap_to_province_above": None, "below_province_names": None,
                      "below_rank": None, "below_score": None, "gap_to_province_below": None,
                      "top_ten_cutoff_score": None, "gap_to_top_ten": None, "leader_province_names": "L",
                      "leader_score": None, "gap_to_leader": None, "national_mean": None,
                      "gap_to_national_mean": None, "region_best_score": None, "gap_to_region_best": None})


def test_province_above_says_when_the_rank_between_is_unknown():
    # Ranks 12 and 14 known, 13 not: the rank-12 province is not "just above" 14.
    ranking = _ranking([("L", "L", 1), ("X", "Xa", 12), ("T", "Tỉnh", 14)])
    who = display.gaps_display(_gaps("Xa", 12), ranking).set_index("So với").loc["Tỉnh liền trên", "Tỉnh, thành phố"]
    assert who == "hạng 13: chưa có số liệu; gần nhất đã biết: Xa"


def test_province_above_is_the_tied_pair_when_ranks_skip_by_the_rule():
    # 15, 15, 17: Thanh Hóa and Yên Bái are right above Hậu Giang, nothing is unknown.
    ranking = _ranking([("TH", "Thanh Hóa", 15), ("YB", "Yên Bái", 15), ("T", "Hậu Giang", 17)])
    who = display.gaps_display(_gaps("Thanh Hóa, Yên Bái", 15), ranking).set_index("So với")
    assert who.loc["Tỉnh liền trên", "Tỉnh, thành phố"] == "Thanh Hóa, Yên Bái"


def test_top_ten_row_names_who_holds_tenth_place():
    ranking = _ranking([(str(i), f"P{i}", i) for i in range(1, 10)] + [("10", "P10a", 10), ("11", "P10b", 10),
                                                                       ("T", "Tỉnh", 17)])
    row = display.gaps_display(_gaps("P10a", 10), ranking).set_index("So với").loc["Ngưỡng nhóm 10 dẫn đầu"]
    assert (row["Tỉnh, thành phố"], row["Hạng"]) == ("P10a, P10b", "10")
    sparse = display.gaps_display(_gaps(None, None), _ranking([("1", "P1", 1), ("T", "Tỉnh", 17)]))
    assert sparse.set_index("So với").loc["Ngưỡng nhóm 10 dẫn đầu", "Tỉnh, thành phố"] == "chưa có số liệu"


def test_region_best_row_names_who_holds_it_with_rank_and_marks():
    ranking = _ranking([("L", "L", 1), ("R", "Rạng", 4), ("T", "Tỉnh", 17)])
    ranking.loc[ranking["province_code"] == "R", ["rank_provenance", "score_provenance"]] = "computed"
    gaps = pd.concat([_gaps(None, None).drop(["region_best_score", "gap_to_region_best"]), pd.Series({
        "region_best_province_names": "Rạng", "region_best_rank": 4, "region_best_score": 0.7123,
        "gap_to_region_best": 0.0456})])
    row = display.gaps_display(gaps, ranking).set_index("So với").loc["Tốt nhất trong vùng"]
    assert row.tolist() == ["Rạng", "4*", "0,7123*", "+0,0456"]


def test_press_sentence_carries_provenance_marks():
    row = {"rank": 28, "rank_provenance": "derived", "rank_change": None, "score": 0.5, "score_provenance": "computed"}
    sentence = narrative.press_sentence("Hậu Giang", 2020, row, 63)
    assert sentence == "Năm 2020, Hậu Giang xếp thứ 28/63† tỉnh, thành phố, đạt 0,5000* điểm."


def test_a_column_that_is_missing_everywhere_is_left_out():
    table = pd.DataFrame({"a": ["1", "2"], "b": ["chưa có số liệu", "chưa có số liệu"], "c": ["", None]})
    assert display.informative_columns(table, ["a", "b", "c"]) == ["a"]


def test_chart_titles_wrap_to_the_width_of_a_half_width_chart():
    title = "Hậu Giang tăng 11 bậc từ 2020 đến 2022 (qua đổi phương pháp)"
    lines = charts.wrap_title(title)
    assert lines == ["Hậu Giang tăng 11 bậc từ 2020 đến 2022", "(qua đổi phương pháp)"]
    assert all(len(line) <= charts.TITLE_LINE_CHARS for line in lines)


def test_rank_axes_start_at_one():
    assert charts.rank_ticks(63) == [1, 10, 20, 30, 40, 50, 63]
    assert charts.rank_ticks(34) == [1, 10, 20, 30, 34]


def test_rank_history_says_bac_with_the_method_change_mark():
    history = pd.DataFrame({"year": [2020, 2021], "rank": [28, 17], "rank_change": [None, 11],
                            "is_comparable": [None, False], "rank_provenance": ["derived", "computed"],
                            "is_rank_uncertain": [False, True]})
    figure = charts.rank_history(history, 63, "t", [(2021, "QĐ 922")])
    texts = [a.text for a in figure.layout.annotations]
    assert "+11 bậc ≠" in texts
    assert list(figure.data[0].text) == ["28†", "≈17*"]  # each rank with its mark, as in the tables
    assert min(figure.layout.yaxis.tickvals) == 1


def test_movers_default_pair_is_the_latest_same_method_pair_with_most_units():
    years = pd.DataFrame({"year": [2020, 2021, 2022, 2023, 2024],
                          "framework": ["a", "b", "b", "b", "c"], "ranked_count": [34, 34, 63, 15, 6]})
    # 2020→21 crosses a method; 2021→22 ranks up to 34 in both, 2022→23 up to 15; 2023→24 crosses.
    assert queries.default_year_pair(years) == (2021, 2022)
    tied = years.assign(ranked_count=[63, 63, 63, 63, 63])
    assert queries.default_year_pair(tied) == (2022, 2023)


def test_an_uncertain_computed_rank_is_never_shown_as_exact():
    ranking = pd.DataFrame({"province_code": ["A", "B"], "province_name": ["A", "B"], "rank": [12, 14],
                            "rank_provenance": ["computed", "published"], "is_rank_uncertain": [True, False],
                            "rank_change": [None, None], "is_comparable": [True, True], "score": [0.7, 0.6],
                            "score_provenance": ["computed", "published"], "region_name": [None, None],
                            **{f"{p}_rank": [None, None] for p in ("cqs", "kts", "xhs")}})
    assert display.ranking_display(ranking)["rank_text"].tolist() == ["≈12*", "14"]
    row = ranking.iloc[0].to_dict() | {"rank_change": None}
    assert narrative.press_sentence("A", 2024, row, 63).startswith("Năm 2024, A xếp thứ ≈12/63*")
    bars = charts.ranking_bars(ranking, "B", "t", "Chỉ số DTI")
    assert list(bars.data[0].y) == ["≈12*. A", "14. B"] and list(bars.data[0].text) == ["0,7000*", "0,6000"]


def test_compare_chart_shows_only_years_someone_has_a_rank_in():
    histories = pd.DataFrame({"province_code": ["A"] * 3 + ["B"] * 3, "province_name": ["A"] * 3 + ["B"] * 3,
                              "year": [2021, 2022, 2023] * 2, "rank": [None, 5, 7, None, None, 9]})
    figure = charts.compare_ranks(histories, "A", 34, "t")
    assert list(figure.layout.xaxis.tickvals) == [2022, 2023]
    assert list(figure.layout.xaxis.range) == [2021.7, 2023.3]


def test_score_chart_hovers_name_the_top_ten_holder_and_carry_marks():
    history = pd.DataFrame({
        "year": [2023, 2024], "province_name": "Cần Thơ", "score": [0.7048, None],
        "score_provenance": ["computed", None], "national_mean": [0.6783, 0.6961],
        "national_mean_provenance": ["published", "computed"], "top_ten_cutoff_score": [0.7353, 0.748],
        "top_ten_cutoff_names": ["Bà Rịa - Vũng Tàu", "Lạng Sơn, Long An"],
        "top_ten_cutoff_provenance": ["published", "computed"]})
    mean, top_ten, province = charts.score_history(history, "Điểm").data
    assert list(top_ten.customdata) == [["0,7353", "Bà Rịa - Vũng Tàu"], ["0,7480*", "Lạng Sơn, Long An"]]
    assert "ngưỡng nhóm 10 dẫn đầu" in top_ten.hovertemplate and "customdata[1]" in top_ten.hovertemplate
    assert list(mean.customdata) == ["0,6783", "0,6961*"]
    assert list(province.customdata) == ["0,7048*", ""] and "Cần Thơ" in province.hovertemplate


def test_region_column_holds_short_names_its_help_spells_out():
    ranking = pd.DataFrame({"rank": [1, 2], "rank_provenance": "published", "rank_change": [None, 1],
                            "is_comparable": True, "score": [0.8, 0.7], "score_provenance": "published",
                            "region_name": ["Bắc Trung Bộ và Duyên hải miền Trung", "Tây Nguyên"]})
    for pillar in ("cqs", "kts", "xhs"):
        ranking[[f"{pillar}_rank", f"{pillar}_rank_provenance"]] = [None, None]
    assert display.ranking_display(ranking)["region_name"].tolist() == ["BTB&DHMT", "Tây Nguyên"]
    help_text = display.region_help()
    assert "BTB&DHMT — Bắc Trung Bộ và Duyên hải miền Trung" in help_text
    assert "ĐBSCL — Đồng bằng sông Cửu Long" in help_text and "Tây Nguyên —" not in help_text
    assert display.region_label("Bắc Trung Bộ và Duyên hải miền Trung") == "Bắc Trung Bộ và Duyên hải miền Trung"


def test_briefing_headline_numbers_shrink_to_their_share_so_five_never_overlap():
    from dti import briefing_charts

    def sizes(tiles):
        figure = briefing_charts.headline_numbers([(f"nhãn {n}", value, "") for n, value in enumerate(tiles)])
        return [a.font.size for a in figure.layout.annotations if a.text.startswith("<b>")]

    # 820 px / 5 = 164 px a number: '20/63*' (6 characters of ≤ 0.62 em) fits 0.9·164 at 39 px.
    assert sizes(["20/63*", "0,7092", "10", "22", "16"]) == [39, 39, 44, 44, 44]
    assert sizes(["33/63*", "0,7093"]) == [64, 44]  # two numbers keep their full size
