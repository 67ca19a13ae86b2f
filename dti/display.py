"""Display tables: query rows in, text columns for people out (Vietnamese by default, English
with `lang="en"`; provenance marked). Names of provinces and indices stay the official ones."""

import pandas as pd

from dti.formatting import (
    MISSING_WORDS,
    format_score,
    format_signed_score,
    generated_only,
    is_missing,
    marked_rank,
    missing,
    ordinal,
    provenance_label,
    rank_change_arrow,
    rank_change_phrase,
    with_provenance_mark,
)
from dti.i18n import WORDS, format_number, language, t
from dti.i18n.text import Number, localized
from dti.owners import role_text
from dti.plans import format_date, status_label
from dti.simulation import competition_ranks, to_score

# After a rank change that crosses a change of assessment method.
NOT_COMPARABLE_MARK = " ≠"
REGION_KEYS = ("region.1", "region.2", "region.3", "region.4", "region.5", "region.6")


def region_label(region_name, lang: str = "vi", short: bool = False) -> str:
    """A socio-economic region's name in the language ('Tây Nguyên' -> 'Central Highlands');
    '' for none; a name the dictionary does not know stays as it is. short: the form a table
    column holds at 1280×720 ('ĐBSCL', 'TD&MNPB'; region_help spells them out)."""
    if is_missing(region_name) or not region_name:
        return ""
    for key in REGION_KEYS:
        if WORDS["vi"][key] == region_name:
            return t(key.replace("region.", "region.short.") if short else key, lang)
    return str(region_name)


def region_help(lang: str = "vi") -> str:
    """The region column's header help: each short name that differs from the full one, spelled out."""
    pairs = [f"{t(key.replace('region.', 'region.short.'), lang)} — {t(key, lang)}" for key in REGION_KEYS
             if t(key.replace("region.", "region.short."), lang) != t(key, lang)]
    return t("tbl.region_help", lang, pairs="; ".join(pairs))


def _rank_text(rank, provenance, unit_count: int | None = None, uncertain=False, lang: str = "vi") -> str:
    """'17', '17/63', '28/63†', '≈12*' or 'chưa có số liệu'."""
    return marked_rank(rank, provenance, uncertain, unit_count, lang)


def _flags(frame: pd.DataFrame, column: str) -> list:
    return frame[column].tolist() if column in frame else [False] * len(frame)


def is_not_comparable(change, comparable) -> bool:
    """True where a rank change crosses a change of assessment method."""
    return not is_missing(change) and not is_missing(comparable) and not bool(comparable)


def ranking_display(ranking: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """ranking_for_year rows plus rank_text, change_text, score_text, provenance_text."""
    return ranking.assign(
        rank_text=["–" if is_missing(r) else _rank_text(r, p, uncertain=u)
                   for r, p, u in zip(ranking["rank"], ranking["rank_provenance"],
                                      _flags(ranking, "is_rank_uncertain"))],
        change_text=[rank_change_arrow(c) + (NOT_COMPARABLE_MARK if is_not_comparable(c, k) else "")
                     for c, k in zip(ranking["rank_change"], ranking["is_comparable"])],
        score_text=["–" if is_missing(s) else with_provenance_mark(format_score(s, lang=lang), p)
                    for s, p in zip(ranking["score"], ranking["score_provenance"])],
        provenance_text=[provenance_label(p, lang) for p in ranking["rank_provenance"]],
        region_name=[region_label(r, lang, short=True) for r in ranking["region_name"]],
        # A narrow column: a missing pillar rank is a dash (the caption says what it means).
        # Only generated test data's mark (‡) in it: every generated number carries it.
        **{f"{pillar}_rank_text": ["–" if is_missing(r) else marked_rank(r, generated_only(p), u)
                                   for r, p, u in zip(ranking[f"{pillar}_rank"],
                                                      ranking.get(f"{pillar}_rank_provenance", [None] * len(ranking)),
                                                      _flags(ranking, f"is_{pillar}_rank_uncertain"))]
           for pillar in ("cqs", "kts", "xhs")},
    )


def history_display(history: pd.DataFrame, unit_count: int, lang: str = "vi",
                    mean_label: str | None = None) -> pd.DataFrame:
    """province_history rows as the table beside the charts: one row per assessed year from the first
    with a rank, a score or a mean (a merged province's years before anything could be rebuilt read
    'chưa có số liệu' in every cell: the former provinces' table has them); a later gap stays.
    mean_label: the unit set's own mean, e.g. 'Trung bình 102 xã, phường'; default the national mean."""
    known = history[["rank", "score", "national_mean"]].notna().any(axis=1).to_numpy()
    history = history.iloc[known.argmax() if known.any() else 0:]  # nothing known: every year says so
    return pd.DataFrame({
        t("tbl.year", lang): history["year"].astype(int).astype(str),
        t("tbl.rank_long", lang): [_rank_text(r, p, unit_count, u, lang) for r, p, u in zip(
            history["rank"], history["rank_provenance"], _flags(history, "is_rank_uncertain"))],
        t("tbl.change", lang): [(rank_change_phrase(c, lang) or "")
                                + (NOT_COMPARABLE_MARK if is_not_comparable(c, k) else "")
                                for c, k in zip(history["rank_change"], history["is_comparable"])],
        t("tbl.score", lang): [with_provenance_mark(format_score(s, lang=lang), p)
                               for s, p in zip(history["score"], history["score_provenance"])],
        mean_label or t("tbl.national_mean", lang): _marked_means(history, lang),
        t("tbl.method", lang): [framework_label(code, lang) if code in FRAMEWORK_LABELS else ""
                                for code in history["framework"]],
    })


def _names_at(ranking: pd.DataFrame, rank) -> str:
    return ", ".join(sorted(ranking.loc[ranking["rank"] == rank, "province_name"]))


def _above_who(gaps: pd.Series, ranking: pd.DataFrame, rank, lang: str = "vi") -> str:
    """The group ranked just above, or what is unknown: with ties '15, 15, 17' rank 15's pair is
    right above 17; with rank 13 unknown, the rank-12 province is not 'just above' 14."""
    if is_missing(gaps["above_rank"]):
        return ""
    names = str(gaps["above_province_names"])
    group_end = int(gaps["above_rank"]) + int((ranking["rank"] == gaps["above_rank"]).sum())
    if is_missing(rank) or group_end >= int(rank):
        return names
    ranks = f"{group_end}" if group_end == int(rank) - 1 else f"{group_end}–{int(rank) - 1}"
    return t("tbl.above_unknown", lang, ranks=ranks, names=names)


def _top_ten_who(ranking: pd.DataFrame, lang: str = "vi") -> tuple[str, object]:
    """Who holds 10th place (a tied group named together), and its rank; unknown says so."""
    ranked = ranking[ranking["rank"].notna()].sort_values("rank")
    if len(ranked) < 10 or int(ranked["rank"].iloc[9]) > 10 or int(ranked["rank"].iloc[-1]) < 10:
        return missing(lang), None
    tenth = ranked["rank"].iloc[9]
    return _names_at(ranking, tenth), tenth


def gaps_display(gaps: pd.Series, ranking: pd.DataFrame, lang: str = "vi", unit_title: str | None = None,
                 mean_label: str | None = None) -> pd.DataFrame:
    """province_gaps row as 'what / who / score / gap' lines; unknown scores and ranks say so.
    unit_title, mean_label: a unit set's own words where it is not the country's provinces
    ('Xã, phường' → 'Xã, phường liền trên'; 'Trung bình 102 xã, phường').

    `ranking` is the year's ranking_for_year of the same metric (who holds 10th place, tie groups).
    """
    rank = ranking.loc[ranking["province_code"] == gaps["province_code"], "rank"].iloc[0]
    ten_who, ten_rank = _top_ten_who(ranking, lang)
    above = t("tbl.gap_above_unit", lang, unit=unit_title) if unit_title else t("tbl.gap_above", lang)
    below = t("tbl.gap_below_unit", lang, unit=unit_title) if unit_title else t("tbl.gap_below", lang)
    # (label, who, rank, score, the score's provenance, gap): a neighbour's rank and score carry
    # the marks they carry in the year's ranking (28†, 0,7030*), the mean its own.
    lines = [
        (above, _above_who(gaps, ranking, rank, lang), gaps["above_rank"], gaps["above_score"],
         _score_provenance_at(ranking, gaps["above_rank"]), gaps["gap_to_province_above"]),
        (below, gaps["below_province_names"], gaps["below_rank"], gaps["below_score"],
         _score_provenance_at(ranking, gaps["below_rank"]), gaps["gap_to_province_below"]),
        (t("tbl.gap_top_ten", lang), ten_who, ten_rank, gaps["top_ten_cutoff_score"],
         _score_provenance_at(ranking, ten_rank), gaps["gap_to_top_ten"]),
        (t("tbl.gap_leader", lang), gaps["leader_province_names"], 1, gaps["leader_score"],
         _score_provenance_at(ranking, 1), gaps["gap_to_leader"]),
        (mean_label or t("tbl.national_mean", lang), "", None, gaps["national_mean"],
         gaps.get("national_mean_provenance"), gaps["gap_to_national_mean"]),
        (t("tbl.gap_region", lang), gaps.get("region_best_province_names"), gaps.get("region_best_rank"),
         gaps["region_best_score"], _score_provenance_at(ranking, gaps.get("region_best_rank")),
         gaps["gap_to_region_best"]),
    ]
    return pd.DataFrame([
        {t("tbl.compared_with", lang): label,
         (unit_title or t("tbl.province", lang)): "" if is_missing(who) else str(who),
         t("tbl.rank", lang): _rank_at(ranking, rank, lang),
         t("tbl.score", lang): with_provenance_mark(format_score(score, lang=lang), provenance),
         t("tbl.score_gap", lang): format_signed_score(gap, lang=lang)}
        for label, who, rank, score, provenance, gap in lines
        # A line with nobody, no score and no gap (no region in the 34-unit set) says nothing.
        if not (is_missing(score) and is_missing(gap) and (is_missing(who) or who == ""))
    ])


def _holders(ranking: pd.DataFrame, rank) -> pd.DataFrame:
    return ranking.iloc[0:0] if is_missing(rank) else ranking[ranking["rank"] == rank]


def _rank_at(ranking: pd.DataFrame, rank, lang: str) -> str:
    """A rank of the year's ranking as its holders show it ('32*', '≈12*'); '' where none."""
    if is_missing(rank):
        return ""
    holders = _holders(ranking, rank)
    if holders.empty:
        return str(int(rank))
    return _rank_text(rank, holders["rank_provenance"].iloc[0],
                      uncertain=bool(holders["is_rank_uncertain"].fillna(False).any()), lang=lang)


def _score_provenance_at(ranking: pd.DataFrame, rank):
    """The provenance of the score held at `rank` (its first holder's), for the score's mark."""
    holders = _holders(ranking, rank)
    return None if holders.empty else holders["score_provenance"].iloc[0]


def indicator_label(level: str, name: str, lang: str = "vi") -> str:
    """'Trụ cột Chính quyền số (CQS)' / 'Pillar: Chính quyền số (CQS)'; a main index by its name."""
    return (t("tbl.pillar_prefix", lang) if level == "pillar" else "") + name


def _marked_means(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each row's national mean with its mark: a mean computed from a complete field reads 0,7005*."""
    return [with_provenance_mark(format_score(m, lang=lang), p)
            for m, p in zip(rows["national_mean"], rows["national_mean_provenance"])]


def indices_display(indices: pd.DataFrame, lang: str = "vi", mean_label: str | None = None) -> pd.DataFrame:
    """province_indices_for_year rows as a table: name, weight, score, rank, vs national mean."""
    return pd.DataFrame({
        t("tbl.index", lang): [indicator_label(level, name, lang)
                               for level, name in zip(indices["indicator_level"], indices["name_vi"])],
        t("tbl.weight", lang): [t("tbl.not_scored", lang) if not scored else ("" if is_missing(p) else str(int(p)))
                                for p, scored in zip(indices["points"], indices["is_scored"])],
        t("tbl.score", lang): [with_provenance_mark(format_score(s, lang=lang), p)
                               for s, p in zip(indices["score"], indices["score_provenance"])],
        t("tbl.rank", lang): [_rank_text(r, p, uncertain=u, lang=lang) for r, p, u in zip(
            indices["rank"], indices["rank_provenance"], _flags(indices, "is_rank_uncertain"))],
        mean_label or t("tbl.national_mean", lang): _marked_means(indices, lang),
    })


def neighbours_by_rank(ranking: pd.DataFrame, province_code: str, each_side: int) -> list[str]:
    """The province first, then up to `each_side` ranked just above and just below it; for a
    province without a rank, the first 2 × `each_side` ranked units (a comparison, not one line)."""
    ranked = ranking[ranking["rank"].notna()].sort_values("rank", kind="stable").reset_index(drop=True)
    position = ranked.index[ranked["province_code"] == province_code]
    if len(position) == 0:
        return [province_code] + ranked["province_code"].head(2 * each_side).tolist()
    at = int(position[0])
    around = ranked.iloc[max(0, at - each_side): at + each_side + 1]["province_code"].tolist()
    return [province_code] + [code for code in around if code != province_code]


def movers_summary(changes: pd.DataFrame) -> dict:
    """How many units are ranked in both years, and how many miss either year."""
    return {
        "both": int((changes["from_rank"].notna() & changes["to_rank"].notna()).sum()),
        "missing_from": int(changes["from_rank"].isna().sum()),
        "missing_to": int(changes["to_rank"].isna().sum()),
        "is_comparable": bool(changes["is_comparable"].iloc[0]) if len(changes) else True,
    }


def movers_display(changes: pd.DataFrame, from_year: int, to_year: int, lang: str = "vi",
                   noun_title: str | None = None) -> pd.DataFrame:
    """rank_changes_between_years rows as a table with marked provenance and phrased changes;
    the region column only where the unit set has regions."""
    table = pd.DataFrame({
        noun_title or t("tbl.province", lang): changes["province_name"],
        t("tbl.rank_year", lang, year=from_year): [_rank_text(r, p, uncertain=u, lang=lang) for r, p, u in zip(
            changes["from_rank"], changes["from_rank_provenance"], _flags(changes, "is_from_rank_uncertain"))],
        t("tbl.rank_year", lang, year=to_year): [_rank_text(r, p, uncertain=u, lang=lang) for r, p, u in zip(
            changes["to_rank"], changes["to_rank_provenance"], _flags(changes, "is_to_rank_uncertain"))],
        t("tbl.change", lang): [rank_change_phrase(c, lang) or missing(lang) for c in changes["rank_change"]],
    })
    if changes["region_name"].notna().any():
        table[t("tbl.region", lang)] = [region_label(r, lang, short=True) for r in changes["region_name"]]
    return table


def movers_short_display(changes: pd.DataFrame, from_year: int, to_year: int, lang: str = "vi",
                         noun_title: str | None = None) -> pd.DataFrame:
    """The risers' and fallers' lists, narrow enough for a side column: name, 'hạng 45 → 11', '+34'."""
    return pd.DataFrame({
        noun_title or t("tbl.province", lang): changes["province_name"],
        t("tbl.rank_years", lang, start=from_year, end=to_year): [
            f"{_rank_text(a, pa, uncertain=ua)} → {_rank_text(b, pb, uncertain=ub)}" for a, pa, ua, b, pb, ub in zip(
                changes["from_rank"], changes["from_rank_provenance"], _flags(changes, "is_from_rank_uncertain"),
                changes["to_rank"], changes["to_rank_provenance"], _flags(changes, "is_to_rank_uncertain"))],
        t("tbl.places", lang): [f"{int(c):+d}" for c in changes["rank_change"]],
    })


def biggest_moves(changes: pd.DataFrame, count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(risers, fallers): up to `count` units that rose, biggest first, and that fell; never a
    unit that held its rank or moved the other way."""
    risers = changes[changes["rank_change"] > 0].sort_values(["rank_change", "to_rank"], ascending=[False, True])
    fallers = changes[changes["rank_change"] < 0].sort_values(["rank_change", "to_rank"])
    return risers.head(count), fallers.head(count)


def only_informative(table: pd.DataFrame) -> pd.DataFrame:
    """`table` without its columns that say nothing (see informative_columns)."""
    return table[informative_columns(table, list(table.columns))]


def informative_columns(table: pd.DataFrame, columns: list[str]) -> list[str]:
    """The columns that say something: one that reads 'chưa có số liệu' / 'no data' (or nothing)
    in every row is left out, so a sparse year shows what it has."""
    return [c for c in columns
            if c in table.columns and not table[c].map(lambda v: is_missing(v) or v in ("", "–")
                                                       or v in MISSING_WORDS).all()]


def _score_and_rank(score, score_provenance, rank, rank_provenance, lang: str = "vi") -> str:
    if is_missing(score) and is_missing(rank):
        return missing(lang)
    parts = [] if is_missing(score) else [with_provenance_mark(format_score(score, lang=lang), score_provenance)]
    if not is_missing(rank):
        parts.append(t("tbl.rank_in_cell", lang, rank=with_provenance_mark(ordinal(rank, lang), rank_provenance)))
    return " ".join(parts)


def comparison_display(ranking: pd.DataFrame, indices: dict[str, pd.DataFrame], names: dict[str, str],
                       unit_count: int, lang: str = "vi") -> pd.DataFrame:
    """One row per measure (DTI, pillars, main indices), one column per chosen province."""
    # Plain records, not a pandas lookup per cell (60 cells cost ≈ 10 ms on every rerun).
    measures = ["score", "score_provenance", "rank", "rank_provenance"]
    overall = {row["province_code"]: row for row in ranking[["province_code", *measures]].to_dict("records")}
    by_unit = {code: frame[["indicator_code", "indicator_level", "name_vi", "is_scored", *measures]].to_dict("records")
                for code, frame in indices.items()}
    first = next(iter(by_unit.values()))
    rows = [(t("tbl.dti", lang), {code: _score_and_rank(*(overall[code][m] for m in measures), lang=lang)
                                  for code in indices})]
    for position, item in enumerate(first):
        if not item["is_scored"]:
            continue
        label = indicator_label(item["indicator_level"], item["name_vi"], lang)
        rows.append((label, {code: _score_and_rank(*(records[position][m] for m in measures), lang=lang)
                             for code, records in by_unit.items()}))
    # A measure no chosen province has a value for says nothing: left out.
    return pd.DataFrame([{t("tbl.index", lang): label, **{names[c]: cells[c] for c in indices}}
                         for label, cells in rows if any(cell not in MISSING_WORDS for cell in cells.values())])


def history_comparison_display(histories: pd.DataFrame, names: dict[str, str], unit_count: int,
                               lang: str = "vi") -> pd.DataFrame:
    """One row per year, one column per province: rank /N with provenance marks."""
    wide = {}
    for code, history in histories.groupby("province_code", sort=False):
        wide[names[code]] = {int(y): _rank_text(r, p, unit_count, lang=lang)
                             for y, r, p in zip(history["year"], history["rank"], history["rank_provenance"])}
    frame = pd.DataFrame(wide)
    frame = frame[~(frame == missing(lang)).all(axis=1)]  # a year none of them has a rank for says nothing
    year = t("tbl.year", lang)
    frame.index.name = year
    return frame.reset_index().astype({year: str})


PILLAR_LABELS = {"cqs": "Chính quyền số (CQS)", "kts": "Kinh tế số (KTS)", "xhs": "Xã hội số (XHS)"}


def metric_labels(indicators: pd.DataFrame, year: int, lang: str = "vi") -> dict[str, str]:
    """Rankable metrics of the year's method, in display order: DTI, pillars, scored main indices
    (the pillars' and indices' official names in both languages; 'Chỉ số DTI' / 'DTI')."""
    first_years = indicators["years"].str.split("-").str[0].astype(int)
    last_years = pd.to_numeric(indicators["years"].str.split("-").str[1], errors="coerce")
    in_force = indicators[(first_years <= year) & (last_years.isna() | (last_years >= year))]
    labels = {"dti": t("tbl.dti", lang), **PILLAR_LABELS}
    mains = in_force[(in_force["level"] == "main") & in_force["is_scored"].astype(bool)]
    labels.update(dict(zip(mains["code"], mains["name_vi"])))
    return labels


FRAMEWORK_LABELS = {
    "qd1726": "QĐ 1726/QĐ-BTTTT",
    "qd922": "QĐ 922/QĐ-BTTTT",
    "qd405": "QĐ 405/QĐ-BKHCN",
}


def framework_label(code, lang: str = "vi"):
    """'QĐ 922/QĐ-BTTTT' / 'Decision 922/QĐ-BTTTT' (the decision's number is its official name);
    an unknown code stays as it is, a missing one stays missing."""
    if is_missing(code) or code not in FRAMEWORK_LABELS:
        return code
    return t("tbl.decision", lang, number=FRAMEWORK_LABELS[code].removeprefix("QĐ "))


def short_decision(decision_number: str, lang: str = "vi") -> str:
    """'QĐ 922' / 'Decision 922' for a framework's short decision ('QĐ 922')."""
    return t("tbl.decision", lang, number=str(decision_number).removeprefix("QĐ "))


def method_periods(frameworks, lang: str = "vi") -> str:
    """'2020: QĐ 1726; 2021–2023: QĐ 922; từ 2024: QĐ 405' / '…; from 2024: Decision 405'."""
    def years(f):
        if f.last_year is None:
            return t("tbl.from_year", lang, year=f.first_year)
        return str(f.first_year) if f.last_year == f.first_year else f"{f.first_year}–{f.last_year}"
    return "; ".join(f"{years(f)}: {short_decision(f.short_decision, lang)}"
                     for f in sorted(frameworks, key=lambda f: f.first_year))


LEVEL_LABELS = {"group": "nhóm", "pillar": "trụ cột", "main": "chỉ số chính"}


def framework_indicators_display(tree: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """indicators_by_framework rows of one method, below its total: level in words, points or 'chưa công bố'.
    In English the official Vietnamese name keeps an English gloss beside it (name_en)."""
    columns = ["name_vi", "level", "points", "component_count", "is_scored"]
    if language(lang) != "vi" and "name_en" in tree:
        columns.insert(1, "name_en")
    return tree[tree["level"] != "total"][columns].assign(
        level=lambda t_: t_["level"].map(lambda level: t(f"tbl.level_{level}", lang)
                                         if level in LEVEL_LABELS else level),
        points=lambda t_: [t("tbl.not_published", lang) if is_missing(p) else str(int(p)) for p in t_["points"]],
        component_count=lambda t_: ["" if is_missing(c) else str(int(c)) for c in t_["component_count"]],
        is_scored=lambda t_: [t("tbl.yes" if bool(s) else "tbl.no", lang) for s in t_["is_scored"]])



IMPORT_STATUS_WORDS = {"new": "mới", "changed": "thay đổi", "unchanged": "không đổi"}
MEASURE_WORDS = {"score": "điểm", "rank": "thứ hạng"}
UNIT_SET_WORDS = {"p63": "63 tỉnh, thành phố", "p34": "34 tỉnh, thành phố"}


def _value_text(measure: str, value) -> str:
    if is_missing(value):
        return ""
    return str(int(value)) if measure == "rank" else format_score(value)


def import_diff_display(diff: pd.DataFrame, metric_names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """An import preview's diff rows, overwrites of published values first."""
    def head(key):
        return t(f"data.diff_{key}", lang)

    def value(measure, v):
        return "" if is_missing(v) else str(int(v)) if measure == "rank" else format_number(v, lang)
    return pd.DataFrame({
        head("overwrite"): diff["is_published_change"].astype(bool),
        head("status"): diff["status"].map(lambda s: t(f"data.status_{s}", lang)),
        head("province"): diff["province_name"],
        head("metric"): diff["metric"].map(lambda code: metric_names.get(code, code)),
        head("measure"): diff["measure"].map(lambda m: t(f"data.measure_{m}", lang)),
        head("old"): [value(m, v) for m, v in zip(diff["measure"], diff["old_value"])],
        head("new"): [value(m, v) for m, v in zip(diff["measure"], diff["value"])],
        head("old_provenance"): diff["old_provenance"].map(
            lambda p: None if is_missing(p) else t(f"data.provenance_{p}", lang)),
        head("row"): diff["file_row"],
    }).sort_values([head("overwrite"), head("status")], ascending=[False, True], kind="stable")


def import_log_display(records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """import_records rows as the import log."""
    def head(key):
        return t(f"data.log_{key}", lang)
    return pd.DataFrame({
        head("id"): records["import_id"],
        head("file"): records["file_name"],
        head("year"): records["year"],
        head("units"): records["unit_set"].map(lambda u: t("file.units", lang, n=u[1:]) if u in UNIT_SET_WORDS else u),
        head("by"): records["imported_by"],
        head("at"): records["imported_at"].dt.strftime("%d/%m/%Y %H:%M"),
        head("new"): records["new_count"],
        head("changed"): records["changed_count"],
        head("unchanged"): records["unchanged_count"],
        "SHA-256": records["file_sha256"],
        head("undone"): records["undone_at"].dt.strftime("%d/%m/%Y %H:%M").fillna(""),
    })


# --- the planner's screens --------------------------------------------------------------------

def field_frame(ranking_field) -> pd.DataFrame:
    """A simulation.RankingField as the field chart reads it: one row per unit, ranked by the
    official rule among the field's point values (estimates included, with their bounds)."""
    members = list(ranking_field.members)
    scores = [to_score(u.ticks) for u in members]
    ranks = competition_ranks(scores) if ranking_field.is_rankable else [None] * len(members)
    return pd.DataFrame({
        "code": [u.code for u in members], "name": [u.name for u in members],
        "rank": ranks, "score": [to_score(u.ticks) for u in members],
        "lower": [to_score(u.lower) for u in members], "upper": [to_score(u.upper) for u in members],
        "is_estimated": [u.is_estimated for u in members]})


def index_gains_frame(per_index, names: dict[str, str]) -> pd.DataFrame:
    """solver.IndexGain rows for the chart (names in Vietnamese)."""
    return pd.DataFrame({"name": [names.get(g.code, g.code) for g in per_index],
                         "least_gain": [g.least_gain for g in per_index],
                         "headroom": [g.headroom for g in per_index],
                         "is_possible": [g.is_possible for g in per_index]})


def index_gains_display(per_index, names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """One row per main index: points, value, headroom, the least gain alone and where it lands."""
    def score(value):
        return t("value.missing", lang) if is_missing(value) else format_number(value, lang)

    def outcome(gain):
        if gain.is_possible is False:
            return t("sim_page.impossible_alone", lang)
        if gain.new_value is None:
            return t("sim_page.headroom_unknown", lang)
        return t("sim_page.rises_to", lang, value=score(gain.new_value))
    return pd.DataFrame({
        t("sim_page.col_index", lang): [names.get(g.code, g.code) for g in per_index],
        t("sim_page.col_points", lang): [f"{g.weight:g}" for g in per_index],
        t("sim_page.col_current", lang): [score(g.current) for g in per_index],
        t("sim_page.col_headroom", lang): [score(g.headroom) for g in per_index],
        t("sim_page.col_least_gain", lang): [score(g.least_gain) for g in per_index],
        t("sim_page.col_outcome", lang): [outcome(g) for g in per_index]})


def mix_display(mix: dict[str, float], current: dict[str, float], costs: dict[str, float],
                names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """The cheapest mix: per raised index its gain, from → to, and its effort cost."""
    def score(value):
        return format_number(value, lang)
    return pd.DataFrame({
        t("sim_page.col_index", lang): [names.get(c, c) for c in mix],
        t("sim_page.col_added", lang): [("+" if g > 0 else "") + score(g) for g in mix.values()],
        t("sim_page.col_from_to", lang): [f"{score(current[c])} → {score(round(current[c] + g, 4))}"
                                          for c, g in mix.items()],
        t("sim_page.col_cost", lang): [score(costs.get(c, 1.0) * g) for c, g in mix.items()]})


def scenario_compare_display(scenarios, results, names: dict[str, str],
                             province_names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """2–4 scenarios side by side: one column per scenario, rows inputs / new score / new rank / cost."""
    def score(value, signed=False):
        return localized(Number.or_missing(None if is_missing(value) else float(value), signed=signed), lang)
    columns = {}
    for scenario, result in zip(scenarios, results):
        inputs = "; ".join(f"{names.get(c, c)} = {score(v)}" for c, v in scenario.changes.items())
        if scenario.total_gain:
            total = t("compare.total_gain", lang, gain=score(scenario.total_gain, signed=True))
            inputs = (inputs + "; " if inputs else "") + total
        if scenario.kind == "target":
            competitor = province_names.get(scenario.competitor_code, scenario.competitor_code)
            inputs = (t(f"compare.target_{scenario.target_kind}", lang, rank=scenario.target_rank, name=competitor)
                      if scenario.target_kind in ("rank", "top", "overtake", "region_first")
                      else str(scenario.target_kind))
        if scenario.entered_values:
            inputs += t("compare.entered", lang)
        columns[f"{scenario.name} ({scenario.scenario_id})"] = [
            t(f"compare.kind_{scenario.kind}", lang),
            f"{scenario.year}", inputs or t("compare.unchanged", lang),
            localized(result.error, lang) if result.error else score(result.new_score),
            "" if result.error else localized(result.rank_text, lang),
            "" if result.cost is None else format_number(result.cost, lang),
            localized(result.assumption, lang)]
    return pd.DataFrame(columns, index=[t(f"compare.row_{row}", lang) for row in
                                        ("kind", "year", "inputs", "score", "rank", "cost", "assumption")])


PLAN_COLUMNS = ("main_index", "component", "owner", "co_owners", "current_value", "target_value", "gap",
                "deadline", "status", "shown_status", "note")


# The plan table is shown one view at a time, each view a set of the same rows' columns. At 1280×720
# the table has 818 px beside the sidebar, 786 after the row-selection column, and all eleven columns
# need about 1 300: one view with every column scrolled sideways and hid the deadline and status.
# "tasks" holds who does what by when; "details" the rest. Widths in px, measured in Be Vietnam Pro
# 14 px: a header needs its text + 39 px (padding and the edit icon), a cell its text + 16 px. The
# longest index name, "Các chỉ số chưa công bố riêng (gộp)", is 249 px; "đang thực hiện" 102 px; a
# date 79 px. A late row ("chậm") is named above the table: the computed status would not fit too.
PLAN_VIEWS = {"tasks": ("main_index", "owner", "target_value", "deadline", "status"),
              "details": ("main_index", "component", "co_owners", "current_value", "gap", "note")}
PLAN_COLUMN_WIDTHS = {
    "tasks": {"main_index": 265, "owner": 197, "target_value": 98, "deadline": 100, "status": 124},
    "details": {"main_index": 226, "component": 120, "co_owners": 150, "current_value": 92, "gap": 106,
                "note": 90},
}


def plan_column_labels(lang: str = "vi") -> dict[str, str]:
    """The plan table's column -> header ('Đơn vị chủ trì' / 'Lead unit')."""
    return {key: t(f"plan_col.{key}", lang) for key in PLAN_COLUMNS}


PLAN_COLUMN_LABELS = plan_column_labels()


def plan_revisions_display(revisions, lang: str = "vi") -> pd.DataFrame:
    """The plan's saves, newest first: revision, who, when, note, row count."""
    def head(key):
        return t(f"plan_rev.{key}", lang)
    return pd.DataFrame({
        head("revision"): [r.revision for r in revisions], head("by"): [r.saved_by for r in revisions],
        head("at"): [f"{r.saved_at:%d/%m/%Y %H:%M}" for r in revisions],
        head("note"): [r.change_note or "" for r in revisions], head("rows"): [r.row_count for r in revisions],
        head("title"): [r.title for r in revisions]}).sort_values(head("revision"), ascending=False)


# One owner's tasks in an expander (784 px at 1280×720): sized by their content, a long task name
# pushed the status ("chậm (12 ngày)") out of sight. Widths in px (text + 16): "0,4207 → 0,9900"
# 122, "chậm (1072 ngày)" 123, a date 79; a long task or role is cut instead ("phối hợp với Sở
# Công Thương" is 200, "Hoạt động chính quyền số" 176).
OWNER_TASK_WIDTHS = {"task": 210, "role": 196, "from_to": 138, "deadline": 96, "status": 140}


def owner_tasks_display(tasks, index_names: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """One owner's tasks: what, role, from → to, deadline, status (late ones say by how many days)."""
    def score(value):
        return t("value.missing", lang) if is_missing(value) else format_number(value, lang)

    def head(key):
        return t(f"owner_tasks.{key}", lang)
    return pd.DataFrame({
        head("task"): [index_names.get(task.row.main_index, task.row.main_index) + (f" — {task.row.component}"
                       if task.row.component else "") for task in tasks],
        head("role"): [role_text(task, lang) for task in tasks],
        head("from_to"): [f"{score(task.row.current_value)} → {score(task.row.target_value)}" for task in tasks],
        head("deadline"): [format_date(task.row.deadline) or t("owner_tasks.none", lang) for task in tasks],
        head("status"): [status_label(task.status, lang) + (t("owner_tasks.days", lang, n=task.days_late)
                                                           if task.is_late else "") for task in tasks]})


def progress_frame(progress_rows, index_names: dict[str, str]) -> pd.DataFrame:
    """plans.RowProgress as the progress chart reads it (rows without a recorded meeting left out)."""
    records = []
    for row in progress_rows:
        label = index_names.get(row.main_index, row.main_index) + (f" — {row.component}" if row.component else "")
        gap = row.target_value - row.start_value
        for day, value in row.points:
            records.append({"label": label, "meeting_date": day,
                            "share": None if gap == 0 else (value - row.start_value) / gap})
    return pd.DataFrame(records, columns=["label", "meeting_date", "share"])


def former_histories_display(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """former_province_histories rows side by side: one row per year, a column for the merged unit
    (its own 34-unit history, header 'Cần Thơ (mới)') and one per former province (rank within 63,
    score), marks included."""
    # Short headers (a 1280×720 screen shows every column): the caption says which set ranks each.
    rows = rows.assign(label=[t("tbl.merged_unit", lang, name=name) if merged else name
                              for name, merged in zip(rows["province_name"], rows["is_merged_unit"])])
    no_data = missing(lang)
    rows = rows.assign(cell=[
        no_data if is_missing(rank) and is_missing(score) else
        f"{marked_rank(rank, rank_provenance, uncertain, count, lang)} · "
        f"{no_data if is_missing(score) else with_provenance_mark(format_score(score, lang=lang), score_provenance)}"
        for rank, rank_provenance, uncertain, count, score, score_provenance in zip(
            rows["rank"], rows["rank_provenance"], rows["is_rank_uncertain"], rows["unit_count"], rows["score"],
            rows["score_provenance"])])
    order = list(dict.fromkeys(rows.sort_values("is_merged_unit", ascending=False)["label"]))
    table = rows.pivot(index="year", columns="label", values="cell")[order].reset_index()
    table["year"] = table["year"].astype(int).astype(str)
    return table.rename(columns={"year": t("tbl.year", lang)}).rename_axis(columns=None)


REBUILD_WORDS = {"published": "công bố", "computed": "tính lại* (trung bình các tỉnh cũ)"}


def rebuild_coverage_display(coverage: pd.DataFrame, metric_names: dict[str, str], lang: str = "vi",
                             unit_count: int = 34, noun: str = "tỉnh, thành phố") -> pd.DataFrame:
    """merged_unit_rebuild_coverage rows as 'what could be rebuilt, and why not' per year and index."""
    def status(code, missing_names):
        if code in REBUILD_WORDS:
            return t(f"tbl.rebuild_{code}", lang)
        return t("tbl.rebuild_missing", lang, missing=missing_names or t("tbl.rebuild_data", lang))
    return pd.DataFrame({
        t("tbl.year", lang): coverage["year"].astype(int).astype(str),
        t("tbl.index", lang): coverage["metric"].map(lambda code: metric_names.get(code, code)),
        t("tbl.rebuild_values", lang, count=unit_count, noun=noun): [
            status(code, missing_names)
            for code, missing_names in zip(coverage["rebuild_status"], coverage["missing_former_names"])],
    })
