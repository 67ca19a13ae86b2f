"""The planner's answer sentences in either language (the Vietnamese ones read exactly as before):

    whatif_sentence("Hậu Giang", result, [], [], "en")
      -> 'Hậu Giang: total 0.7092 → 0.7632 (+0.0540); rank 20 → 4/63, up 16 places.'
    target_sentence(solution, "vi") -> 'Để vào nhóm 10 tỉnh dẫn đầu, Hậu Giang cần tăng tổng điểm ít nhất …'

A what-if passes ("vượt" / "overtakes") those it now beats and ties ("bằng điểm" / "ties on score
(same rank)") those it equals at 4 decimals.
"""

from dti.formatting import format_rank, is_missing
from dti.i18n import t
from dti.i18n.text import Number, localized

NAMES_SHOWN = 6


def number(value, lang: str, signed: bool = False) -> str:
    """0,7632 / 0.7632; '+0,0540'; missing: 'chưa có số liệu' / 'no data'."""
    return localized(Number.or_missing(None if is_missing(value) else float(value), signed=signed), lang)


def rank_change(change: int, lang: str) -> str:
    """+16 -> 'tăng 16 bậc' / 'up 16 places'; 0 -> 'giữ nguyên' / 'unchanged'."""
    if change > 0:
        return t("plan_text.rank_up", lang, n=change)
    if change < 0:
        return t("plan_text.rank_down", lang, n=-change)
    return t("plan_text.rank_same", lang)


def name_list(names: list[str], lang: str, limit: int = NAMES_SHOWN) -> str:
    """'A, B, C' or 'A, B, … và 12 tỉnh khác' / '… and 12 more'."""
    if len(names) <= limit:
        return ", ".join(names)
    return t("plan_text.and_more", lang, names=", ".join(names[:limit]), n=len(names) - limit)


def whatif_sentence(name: str, result, passed: list[str], tied: list[str], lang: str = "vi") -> str:
    """New total and rank, places gained, who is passed and who is equalled.

    `result`: a simulation.Simulation or scenarios.ScenarioResult (old/new score and rank)."""
    change = round(result.new_score - result.old_score, 4)
    sentence = t("plan_text.whatif_total", lang, name=name, old=number(result.old_score, lang),
                 new=number(result.new_score, lang), change=number(change, lang, signed=True))
    if result.new_rank is None:
        return sentence + t("plan_text.whatif_unranked", lang)
    old = f"{int(result.old_rank)} → " if result.old_rank is not None else ""
    sentence += t("plan_text.whatif_rank", lang, old=old, new=format_rank(result.new_rank, result.unit_count))
    if result.old_rank is not None:
        sentence += ", " + rank_change(int(result.old_rank) - int(result.new_rank), lang)
    if result.rank_range and result.rank_range[0] != result.rank_range[1]:
        sentence += t("plan_text.whatif_range", lang, low=result.rank_range[0], high=result.rank_range[1])
    sentence += "."
    if passed:
        sentence += t("plan_text.whatif_passed", lang, names=name_list(passed, lang))
    if tied:
        sentence += t("plan_text.whatif_tied", lang, rank=result.new_rank, names=name_list(tied, lang))
    return sentence


def target_sentence(solution, lang: str = "vi") -> str:
    """The least total gain for a target, in one sentence (a solver.Solution)."""
    target = localized(solution.target, lang)
    name = solution.province_name
    if not solution.is_reachable:
        return t("plan_text.target_impossible", lang, name=name, target=target,
                 score=number(solution.target_score, lang))
    if solution.least_total_gain == 0:
        return t("plan_text.target_met", lang, name=name, target=target,
                 score=number(solution.current_score, lang))
    reached = round(solution.current_score + solution.least_total_gain, 4)
    sentence = t("plan_text.target_gain", lang, name=name, target=target,
                 gain=number(solution.least_total_gain, lang), current=number(solution.current_score, lang),
                 reached=number(reached, lang))
    low, high = solution.least_total_gain_range
    if low != high:
        sentence += t("plan_text.target_range", lang, low=number(low, lang), high=number(high, lang))
    return sentence
