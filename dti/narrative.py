"""Deterministic Vietnamese summaries in the press's own sentence form."""

import pandas as pd

from dti.formatting import format_rank, format_score, is_missing, rank_change_phrase

PILLAR_ABBREVIATIONS = (("cqs_rank", "CQS"), ("kts_rank", "KTS"), ("xhs_rank", "XHS"))
METHOD_CHANGE_NOTE = "phương pháp đánh giá đã thay đổi, thứ hạng không so sánh trực tiếp được"


def press_sentence(province_name: str, year: int, row: pd.Series | dict, unit_count: int) -> str:
    """'Năm 2021, Hậu Giang xếp thứ 17/63, tăng 11 bậc so với năm 2020 (…).'

    `row` carries rank, rank_change, previous_year, is_comparable, score and, where known,
    cqs_rank/kts_rank/xhs_rank. Every missing part is left out, never written as zero.
    """
    rank = row.get("rank")
    if is_missing(rank):
        return f"Năm {year}, {province_name}: chưa có số liệu xếp hạng."
    sentence = f"Năm {year}, {province_name} xếp thứ {format_rank(rank, unit_count)}"
    phrase = rank_change_phrase(row.get("rank_change"))
    if phrase is not None:
        sentence += f", {phrase} so với năm {int(row['previous_year'])}"
        comparable = row.get("is_comparable")
        if not is_missing(comparable) and not bool(comparable):
            sentence += f" ({METHOD_CHANGE_NOTE})"
    score = row.get("score")
    if not is_missing(score):
        sentence += f", đạt {format_score(score)} điểm"
    pillars = [f"{label} thứ {int(row[key])}" for key, label in PILLAR_ABBREVIATIONS
               if key in row and not is_missing(row.get(key))]
    if pillars:
        sentence += "; " + ", ".join(pillars)
    return sentence + "."
