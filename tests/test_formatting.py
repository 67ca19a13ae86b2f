"""Vietnamese number formatting and the press sentence."""

import pandas as pd

from dti import formatting, narrative


def test_scores_use_a_decimal_comma_and_missing_reads_in_words():
    assert formatting.format_score(0.6924) == "0,6924"
    assert formatting.format_score(0.6) == "0,6000"
    assert formatting.format_score(None) == "chưa có số liệu"
    assert formatting.format_score(float("nan")) == "chưa có số liệu"
    assert formatting.format_score(pd.NA) == "chưa có số liệu"
    assert formatting.format_signed_score(-0.0087) == "−0,0087"


def test_rank_change_phrases():
    assert formatting.rank_change_phrase(11) == "tăng 11 bậc"
    assert formatting.rank_change_phrase(-2) == "giảm 2 bậc"
    assert formatting.rank_change_phrase(0) == "giữ nguyên"
    assert formatting.rank_change_phrase(pd.NA) is None


def test_press_sentence_for_hau_giang_2021():
    row = {"rank": 17, "rank_change": 11, "previous_year": 2020, "is_comparable": True, "score": None}
    assert narrative.press_sentence("Hậu Giang", 2021, row, 63) == (
        "Năm 2021, Hậu Giang xếp thứ 17/63 tỉnh, thành phố, tăng 11 bậc so với năm 2020.")


def test_press_sentence_names_pillars_and_score_and_warns_across_method_change():
    row = {"rank": 3, "rank_change": 4, "previous_year": 2021, "is_comparable": False, "score": 0.7024,
           "cqs_rank": 4, "kts_rank": 9, "xhs_rank": 2}
    sentence = narrative.press_sentence("Quảng Ninh", 2022, row, 63)
    assert sentence.startswith("Năm 2022, Quảng Ninh xếp thứ 3/63 tỉnh, thành phố, tăng 4 bậc so với năm 2021 "
                               "(phương pháp")
    assert "đạt 0,7024 điểm; CQS thứ 4, KTS thứ 9, XHS thứ 2." in sentence


def test_press_sentence_without_rank_says_so():
    assert "chưa có số liệu" in narrative.press_sentence("Hậu Giang", 2023, {"rank": None}, 63)
