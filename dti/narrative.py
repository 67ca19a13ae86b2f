"""Deterministic Vietnamese summaries in the press's own sentence form."""

import pandas as pd

from dti.formatting import (
    format_rank,
    format_score,
    format_signed_score,
    is_missing,
    marked_rank,
    rank_change_phrase,
    with_provenance_mark,
)

PILLAR_ABBREVIATIONS = (("cqs_rank", "CQS"), ("kts_rank", "KTS"), ("xhs_rank", "XHS"))
METHOD_CHANGE_NOTE = "phương pháp đánh giá đã thay đổi, thứ hạng không so sánh trực tiếp được"


def press_sentence(province_name: str, year: int, row: pd.Series | dict, unit_count: int,
                   noun: str | None = None) -> str:
    """'Năm 2021, Hậu Giang xếp thứ 17/63, tăng 11 bậc so với năm 2020 (…).'

    `row` carries rank, rank_change, previous_year, is_comparable, score and, where known,
    cqs_rank/kts_rank/xhs_rank and the provenance of rank and score (their marks follow the
    numbers). Every missing part is left out, never written as zero. With the unit set's noun:
    'xếp thứ 12/102 xã, phường'.
    """
    rank = row.get("rank")
    if is_missing(rank):
        return f"Năm {year}, {province_name}: chưa có số liệu xếp hạng."
    rank_text = marked_rank(rank, row.get("rank_provenance"), row.get("is_rank_uncertain"), unit_count)
    rank_text += f" {noun}" if noun and unit_count else ""
    sentence = f"Năm {year}, {province_name} xếp thứ {rank_text}"
    phrase = rank_change_phrase(row.get("rank_change"))
    if phrase is not None:
        sentence += f", {phrase} so với năm {int(row['previous_year'])}"
        comparable = row.get("is_comparable")
        if not is_missing(comparable) and not bool(comparable):
            sentence += f" ({METHOD_CHANGE_NOTE})"
    score = row.get("score")
    if not is_missing(score):
        sentence += f", đạt {with_provenance_mark(format_score(score), row.get('score_provenance'))} điểm"
    pillars = [f"{label} thứ {int(row[key])}" for key, label in PILLAR_ABBREVIATIONS
               if key in row and not is_missing(row.get(key))]
    if pillars:
        sentence += "; " + ", ".join(pillars)
    return sentence + "."


def strengths_and_weaknesses(indices: pd.DataFrame, overall_rank) -> tuple[list[str], list[str], str]:
    """Name the province's strong and weak pillars/main indices, and the rule used.

    With ranks: an index ranked better than the overall rank is a strength, worse a weakness.
    Without ranks but with main-index scores: the two highest and the two lowest scores.
    Returns (strengths, weaknesses, rule sentence); empty lists where data do not allow it.
    """
    scored = indices[indices["is_scored"].astype(bool)]
    ranked = scored[scored["rank"].notna()]
    if not is_missing(overall_rank) and len(ranked) >= 2:
        strengths = ranked[ranked["rank"] < overall_rank].sort_values("rank")
        weaknesses = ranked[ranked["rank"] > overall_rank].sort_values("rank", ascending=False)
        return (
            [f"{r.name_vi} (thứ {int(r.rank)})" for r in strengths.itertuples()],
            [f"{r.name_vi} (thứ {int(r.rank)})" for r in weaknesses.itertuples()],
            f"So thứ hạng từng trụ cột, chỉ số chính với thứ hạng chung ({int(overall_rank)}).",
        )
    main_scores = scored[(scored["indicator_level"] == "main") & scored["score"].notna()].sort_values("score")
    if len(main_scores) >= 4:
        return (
            [f"{r.name_vi} ({format_score(r.score)})" for r in main_scores.iloc[::-1].head(2).itertuples()],
            [f"{r.name_vi} ({format_score(r.score)})" for r in main_scores.head(2).itertuples()],
            "Hai chỉ số chính có điểm cao nhất và thấp nhất của tỉnh.",
        )
    return [], [], "Chưa đủ số liệu chỉ số chính để nhận định điểm mạnh, điểm yếu."


def ranking_headline(ranking: pd.DataFrame, province_code: str, province_name: str, unit_count: int,
                     noun: str | None = None) -> str:
    """'Bắc Ninh dẫn đầu; Hậu Giang thứ 17/63.' (the rank marked when not published), or ''."""
    focus = ranking[ranking["province_code"] == province_code].iloc[0]
    leaders = ranking.loc[ranking["rank"] == 1, "province_name"]
    parts = [f"{', '.join(leaders)} dẫn đầu"] if len(leaders) else []
    if not is_missing(focus["rank"]):
        parts.append(f"{province_name} thứ " + marked_rank(focus["rank"], focus["rank_provenance"],
                                                            focus.get("is_rank_uncertain"), unit_count)
                     + (f" {noun}" if noun else ""))
    elif parts:
        parts.append(f"{province_name}: chưa có số liệu thứ hạng")
    return "; ".join(parts) + "." if parts else ""


def ranking_map_title(metric_label: str, year: int, colour_by: str) -> str:
    return f"Bản đồ {'điểm' if colour_by == 'score' else 'thứ hạng'} {metric_label} {year}"


def ranking_bars_title(metric_label: str, year: int, region: str | None, unscored: int = 0,
                       noun: str = "tỉnh, thành phố") -> str:
    """'Điểm Chỉ số DTI 2022 theo thứ hạng — Tây Nguyên (47 tỉnh chưa có điểm, không vẽ)'."""
    title = f"Điểm {metric_label} {year} theo thứ hạng" + (f" — {region}" if region else "")
    return title + (f" ({unscored} {noun} chưa có điểm, không vẽ)" if unscored else "")


def ranking_page_title(metric_label: str, year: int) -> str:
    """'Xếp hạng Chỉ số DTI 2022', 'Xếp hạng Kinh tế số (KTS) 2022'."""
    return f"Xếp hạng {metric_label} {year}"


def ranking_export_title(metric_label: str, year: int, unit_count: int, noun: str = "tỉnh, thành phố") -> str:
    return f"Xếp hạng {metric_label} năm {year} — {unit_count} {noun}"


def rank_history_title(history: pd.DataFrame, province_name: str) -> str:
    """'Hậu Giang tăng 11 bậc từ 2020 đến 2022 (qua đổi phương pháp)', from the ranked years."""
    ranked = history[history["rank"].notna()]
    first, last = ranked.iloc[0], ranked.iloc[-1]
    if len(ranked) == 1:
        return f"{province_name}: thứ hạng năm {int(first['year'])}"
    movement = rank_change_phrase(int(first["rank"]) - int(last["rank"]))
    title = f"{province_name} {movement} từ {int(first['year'])} đến {int(last['year'])}"
    return title + (" (qua đổi phương pháp)" if first["framework"] != last["framework"] else "")


def movers_title(focus: pd.Series, from_year: int, to_year: int) -> str:
    """'Hậu Giang giữ nguyên hạng 17 từ 2021 đến 2022', or what is missing."""
    phrase = rank_change_phrase(focus["rank_change"])
    if phrase is None:
        return f"Thứ hạng {from_year} → {to_year} (chưa đủ số liệu của {focus['province_name']})"
    if int(focus["rank_change"]) == 0:
        return f"{focus['province_name']} giữ nguyên hạng {int(focus['to_rank'])} từ {from_year} đến {to_year}"
    return (f"{focus['province_name']} {phrase} từ {from_year} đến {to_year} "
            f"(hạng {int(focus['from_rank'])} → {int(focus['to_rank'])})")


def movers_headline(summary: dict, from_year: int, to_year: int, noun: str = "tỉnh, thành phố") -> str:
    return (f"{summary['both']} {noun} có thứ hạng cả năm {from_year} và {to_year}; "
            f"thiếu số liệu năm {from_year}: {summary['missing_from']}, năm {to_year}: {summary['missing_to']}.")


def compare_title(province_names: list[str], noun: str = "tỉnh, thành phố") -> str:
    """The names are in the legend; a title listing six of them ran to three lines."""
    return f"Thứ hạng DTI qua các năm của {len(province_names)} {noun}"


ROUNDING_NOTE = ("Làm tròn: điểm công bố có 4 chữ số thập phân. Mức tăng tổng điểm nêu ở đây đúng với mọi giá trị "
                 "thật làm tròn ra điểm đã công bố; mức tăng từng chỉ số tính theo công thức chính thức trên các "
                 "giá trị công bố. Hai tỉnh bằng nhau ở 4 chữ số là “bằng điểm”, cùng hạng, không phải “vượt”.")
NAMES_SHOWN = 6


def name_list(names: list[str], limit: int = NAMES_SHOWN) -> str:
    """'A, B, C' or 'A, B, … và 12 tỉnh khác'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" và {len(names) - limit} tỉnh khác"


def whatif_sentence(name: str, result, passed: list[str], tied: list[str]) -> str:
    """'Hậu Giang: tổng điểm 0,7092 → 0,7632 (+0,0540); xếp hạng 20 → 5/63, tăng 15 bậc. Vượt: …'.

    `result`: a simulation.Simulation or scenarios.ScenarioResult (old/new score and rank)."""
    change = round(result.new_score - result.old_score, 4)
    sentence = (f"{name}: tổng điểm {format_score(result.old_score)} → {format_score(result.new_score)} "
                f"({format_signed_score(change)})")
    if result.new_rank is None:
        return sentence + "; chưa xếp hạng được trong năm này."
    old = f"{int(result.old_rank)} → " if result.old_rank is not None else ""
    sentence += f"; xếp hạng {old}{format_rank(result.new_rank, result.unit_count)}"
    if result.old_rank is not None:
        sentence += f", {rank_change_phrase(int(result.old_rank) - int(result.new_rank))}"
    if result.rank_range and result.rank_range[0] != result.rank_range[1]:
        sentence += (f" (từ hạng {result.rank_range[0]} đến {result.rank_range[1]}, vì có điểm ước tính)")
    sentence += "."
    if passed:
        sentence += f" Vượt: {name_list(passed)}."
    if tied:
        sentence += f" Bằng điểm (cùng hạng {result.new_rank}): {name_list(tied)}."
    return sentence


def target_sentence(solution) -> str:
    """The least total gain for a target, in one sentence (a solver.Solution)."""
    if not solution.is_reachable:
        return (f"{solution.province_name}: không thể {solution.target} (điểm cần đạt "
                f"{format_score(solution.target_score)} vượt quá điểm tối đa).")
    if solution.least_total_gain == 0:
        return (f"{solution.province_name} đã {solution.target} với điểm hiện tại "
                f"{format_score(solution.current_score)}.")
    reached = round(solution.current_score + solution.least_total_gain, 4)
    sentence = (f"Để {solution.target}, {solution.province_name} cần tăng tổng điểm ít nhất "
                f"{format_score(solution.least_total_gain)} (từ {format_score(solution.current_score)} lên "
                f"{format_score(reached)}).")
    low, high = solution.least_total_gain_range
    if low != high:
        sentence += (f" Vì có điểm ước tính, mức tăng có thể từ {format_score(low)} đến {format_score(high)} "
                     f"({format_score(high)} thì chắc chắn đạt).")
    return sentence


def simulator_field_title(year: int, unit_count: int, province_name: str, noun: str = "tỉnh, thành phố") -> str:
    return f"Điểm và thứ hạng DTI {year} của {unit_count} {noun} — {province_name}"
