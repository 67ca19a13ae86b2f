"""Deterministic summaries in the press's own sentence form: Vietnamese by default, English
with `lang="en"` (hand-written sentences from dti/i18n, never a word-for-word translation).

Every public function takes the keyword `lang` ("vi" by default, so existing callers read
the same Vietnamese). Sentences that count units take `unit_set` for the unit set's noun.
"""

import pandas as pd

from dti import registry
from dti.formatting import (
    format_score,
    is_missing,
    marked_rank,
    ordinal,
    rank_change_phrase,
    with_provenance_mark,
)
from dti.i18n import language, t

PILLAR_ABBREVIATIONS = (("cqs_rank", "CQS"), ("kts_rank", "KTS"), ("xhs_rank", "XHS"))


def _noun(unit_set: str, lang: str) -> str:
    return registry.unit_set(unit_set).noun(lang)


def _english(lang: str) -> bool:
    return language(lang) == "en"


def marked_ordinal(rank, provenance=None, uncertain=False, lang: str = "vi") -> str:
    """'17th', '28th†', '≈12th*' (en; the marks as marked_rank puts them), or '17' in Vietnamese."""
    text = with_provenance_mark(ordinal(rank, lang), provenance)
    return "≈" + text if not is_missing(uncertain) and bool(uncertain) else text


def press_sentence(province_name: str, year: int, row: pd.Series | dict, unit_count: int, *,
                   lang: str = "vi", unit_set: str = "p63") -> str:
    """'Năm 2021, Hậu Giang xếp thứ 17/63 tỉnh, thành phố, tăng 11 bậc so với năm 2020 (…).'
    / 'Hậu Giang ranked 17th of 63 provinces in 2021, up 11 places from 2020 (…).'

    `row` carries rank, rank_change, previous_year, is_comparable, score and, where known,
    cqs_rank/kts_rank/xhs_rank and the provenance of rank and score (their marks follow the
    numbers). Every missing part is left out, never written as zero. The press writes the change
    before the score in Vietnamese; English reads better with the score next to the rank.
    """
    english = _english(lang)
    rank = row.get("rank")
    if is_missing(rank):
        return t("narr.press_no_rank", lang, name=province_name, year=year)
    if english:
        rank_text = marked_ordinal(rank, row.get("rank_provenance"), row.get("is_rank_uncertain"), lang)
        of = t("narr.of_units", lang, count=unit_count, noun=_noun(unit_set, lang)) if unit_count else ""
    else:
        # 'xếp thứ 17/63 tỉnh, thành phố', 'xếp thứ 12/102‡ xã, phường': the unit level from data.
        rank_text = marked_rank(rank, row.get("rank_provenance"), row.get("is_rank_uncertain"), unit_count)
        of = f" {_noun(unit_set, lang)}" if unit_count else ""
    sentence = t("narr.press_rank", lang, name=province_name, rank=rank_text, of=of, year=year)
    change = ""
    phrase = rank_change_phrase(row.get("rank_change"), lang)
    if phrase is not None:
        change = t("narr.press_change", lang, phrase=phrase, previous=int(row["previous_year"]))
        comparable = row.get("is_comparable")
        if not is_missing(comparable) and not bool(comparable):
            change += f" ({t('narr.method_changed', lang)})"
    score = row.get("score")
    score_text = "" if is_missing(score) else t("narr.press_score", lang, score=with_provenance_mark(
        format_score(score, lang=lang), row.get("score_provenance")))
    sentence += (score_text + change) if english else (change + score_text)
    pillars = [t("narr.pillar_rank", lang, pillar=label, rank=ordinal(row[key], lang))
               for key, label in PILLAR_ABBREVIATIONS if key in row and not is_missing(row.get(key))]
    if pillars:
        sentence += "; " + ", ".join(pillars)
    return sentence + "."


def strengths_and_weaknesses(indices: pd.DataFrame, overall_rank, *,
                             lang: str = "vi") -> tuple[list[str], list[str], str]:
    """Name the province's strong and weak pillars/main indices, and the rule used.

    With ranks: an index ranked better than the overall rank is a strength, worse a weakness.
    Without ranks but with main-index scores: the two highest and the two lowest scores.
    Returns (strengths, weaknesses, rule sentence); empty lists where data do not allow it.
    Index names stay the official Vietnamese ones in both languages.
    """
    scored = indices[indices["is_scored"].astype(bool)]
    ranked = scored[scored["rank"].notna()]
    if not is_missing(overall_rank) and len(ranked) >= 2:
        strengths = ranked[ranked["rank"] < overall_rank].sort_values("rank")
        weaknesses = ranked[ranked["rank"] > overall_rank].sort_values("rank", ascending=False)
        return (
            [_ranked_name(r.name_vi, r.rank, lang) for r in strengths.itertuples()],
            [_ranked_name(r.name_vi, r.rank, lang) for r in weaknesses.itertuples()],
            t("narr.rule_ranks", lang, rank=int(overall_rank)),
        )
    main_scores = scored[(scored["indicator_level"] == "main") & scored["score"].notna()].sort_values("score")
    if len(main_scores) >= 4:
        return (
            [f"{r.name_vi} ({format_score(r.score, lang=lang)})" for r in main_scores.iloc[::-1].head(2).itertuples()],
            [f"{r.name_vi} ({format_score(r.score, lang=lang)})" for r in main_scores.head(2).itertuples()],
            t("narr.rule_scores", lang),
        )
    return [], [], t("narr.rule_none", lang)


def _ranked_name(name: str, rank, lang: str) -> str:
    return f"{name} " + t("prov.rank_in_sentence", lang, rank=ordinal(rank, lang))


def ranking_headline(ranking: pd.DataFrame, province_code: str, province_name: str, unit_count: int, *,
                     lang: str = "vi", unit_set: str = "p63") -> str:
    """'Bắc Ninh dẫn đầu; Hậu Giang thứ 17/63 tỉnh, thành phố.' / 'Bắc Ninh leads; Hậu Giang is 17th of 63.'
    (the rank marked when not published), or ''."""
    focus = ranking[ranking["province_code"] == province_code].iloc[0]
    leaders = list(ranking.loc[ranking["rank"] == 1, "province_name"])
    english = _english(lang)
    parts = []
    if leaders:
        parts.append(t("narr.leaders" if len(leaders) > 1 else "narr.leader", lang, names=", ".join(leaders)))
    if not is_missing(focus["rank"]):
        if english:
            rank = marked_ordinal(focus["rank"], focus["rank_provenance"], focus.get("is_rank_uncertain"), lang)
            parts.append(t("narr.focus_rank", lang, name=province_name, count=unit_count, rank=rank))
        else:
            parts.append(f"{province_name} thứ " + marked_rank(focus["rank"], focus["rank_provenance"],
                                                                focus.get("is_rank_uncertain"), unit_count)
                         + f" {_noun(unit_set, lang)}")
    elif parts:
        parts.append(t("narr.focus_no_rank", lang, name=province_name))
    return "; ".join(parts) + "." if parts else ""


def ranking_map_title(metric_label: str, year: int, colour_by: str, *, lang: str = "vi") -> str:
    """'Bản đồ điểm Chỉ số DTI 2022' / 'Map of DTI 2022 scores'."""
    return t("narr.map_score" if colour_by == "score" else "narr.map_rank", lang, metric=metric_label, year=year)


def ranking_bars_title(metric_label: str, year: int, region: str | None, unscored: int = 0, *,
                       lang: str = "vi", unit_set: str = "p63") -> str:
    """'Điểm Chỉ số DTI 2022 theo thứ hạng — Tây Nguyên (47 tỉnh, thành phố chưa có điểm, không vẽ)'."""
    title = t("narr.bars", lang, metric=metric_label, year=year) + (f" — {region}" if region else "")
    return title + (t("narr.bars_unscored", lang, n=unscored, noun=_noun(unit_set, lang)) if unscored else "")


def ranking_page_title(metric_label: str, year: int, *, lang: str = "vi") -> str:
    """'Xếp hạng Chỉ số DTI 2022', 'Xếp hạng Kinh tế số (KTS) 2022' / 'DTI ranking 2022'."""
    return t("narr.ranking_title", lang, metric=metric_label, year=year)


def ranking_export_title(metric_label: str, year: int, unit_count: int, *, lang: str = "vi",
                         unit_set: str = "p63") -> str:
    """'Xếp hạng Chỉ số DTI năm 2022 — 63 tỉnh, thành phố' / 'DTI ranking 2022 — 63 provinces'."""
    return t("narr.export_title", lang, metric=metric_label, year=year, count=unit_count,
             noun=_noun(unit_set, lang))


def rank_history_title(history: pd.DataFrame, province_name: str, *, lang: str = "vi") -> str:
    """'Hậu Giang tăng 11 bậc từ 2020 đến 2022 (qua đổi phương pháp)', from the ranked years."""
    ranked = history[history["rank"].notna()]
    first, last = ranked.iloc[0], ranked.iloc[-1]
    if len(ranked) == 1:
        return t("narr.history_one", lang, name=province_name, year=int(first["year"]))
    movement = rank_change_phrase(int(first["rank"]) - int(last["rank"]), lang)
    title = t("narr.history", lang, name=province_name, phrase=movement, start=int(first["year"]),
              end=int(last["year"]))
    return title + (t("narr.history_method", lang) if first["framework"] != last["framework"] else "")


def movers_title(focus: pd.Series, from_year: int, to_year: int, *, lang: str = "vi") -> str:
    """'Hậu Giang giữ nguyên hạng 17 từ 2021 đến 2022' / 'Hậu Giang held 17th place from 2021 to
    2022', or what is missing."""
    phrase = rank_change_phrase(focus["rank_change"], lang)
    name = focus["province_name"]
    if phrase is None:
        return t("narr.movers_missing", lang, start=from_year, end=to_year, name=name)
    if int(focus["rank_change"]) == 0:
        return t("narr.movers_held", lang, name=name, rank=ordinal(focus["to_rank"], lang), start=from_year,
                 end=to_year)
    return t("narr.movers_moved", lang, name=name, phrase=phrase, start=from_year, end=to_year,
             from_rank=ordinal(focus["from_rank"], lang), to_rank=ordinal(focus["to_rank"], lang))


def movers_headline(summary: dict, from_year: int, to_year: int, *, lang: str = "vi", unit_set: str = "p63") -> str:
    """'61 tỉnh, thành phố có thứ hạng cả năm 2021 và 2022; …' / '61 provinces ranked in both …'."""
    return t("narr.movers_headline", lang, both=summary["both"], noun=_noun(unit_set, lang), start=from_year,
             end=to_year, missing_start=summary["missing_from"], missing_end=summary["missing_to"])


def compare_title(province_names: list[str], *, lang: str = "vi", unit_set: str = "p63") -> str:
    """The names are in the legend; a title listing six of them ran to three lines."""
    return t("narr.compare_title", lang, n=len(province_names), noun=_noun(unit_set, lang))
