"""Xếp hạng: the ranking of every province for a year, as a table and a chart."""

import streamlit as st

from dti import charts, display, downloads, geo, narrative
from dti.i18n import t
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import url_widget, write_param
from ui.widgets import download_pair, plotly_chart, provenance_legend, source_caption

with page_frame("nav.ranking", "ranking") as state:
    lang = state.lang
    noun = state.noun
    if state.year is None:
        st.info(t("rank.no_year", lang))
        st.stop()

    title_area = st.empty()  # the title names the metric, chosen below
    metric_column, region_column = st.columns([3, 2])
    # The metrics of the year's method: the total, the three pillars, the scored main indices.
    indicators = cached_query("indicators_by_framework", state.data_version)
    METRICS = display.metric_labels(indicators, state.year, lang)
    metric = url_widget(
        metric_column.selectbox, t("rank.metric", lang), list(METRICS), param="metric", default="dti",
        key=f"ranking_metric_{state.unit_set}_{state.year}", format_func=METRICS.get,
        bad_value=lambda text: t("rank.metric_bad", lang, text=text, year=state.year, default=METRICS["dti"]))
    title_area.title(narrative.ranking_page_title(METRICS[metric], state.year, lang=lang))

    ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                           year=state.year, metric=metric)
    years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric=metric)
    year_row = years[years["year"] == state.year]
    ranked_count = int(ranking["rank"].notna().sum())
    scored_count = int(ranking["score"].notna().sum())

    regions = sorted(r for r in ranking["region_name"].dropna().unique())
    region = None
    if regions:
        region = url_widget(
            region_column.selectbox, t("rank.region", lang), [None, *regions], param="region",
            key=f"ranking_region_{state.unit_set}",
            format_func=lambda r: display.region_label(r, lang) if r else t("rank.whole_country", lang),
            to_text=lambda r: r, bad_value=lambda text: t("rank.region_bad", lang, text=text))
    else:
        write_param("region", None)  # a region from the other unit set names nothing here

    headline = narrative.ranking_headline(ranking, state.province_code, state.province_name, state.unit_count,
                                          lang=lang, unit_set=state.unit_set)
    if headline:
        st.markdown(f"#### {headline}")
    if ranked_count < state.unit_count:
        st.warning(t("rank.incomplete", lang, year=state.year, ranked=ranked_count, count=state.unit_count,
                     noun=noun))
    if not year_row.empty and not bool(year_row["is_score_complete"].iloc[0]):
        st.caption(t("rank.scores_published", lang, scored=scored_count, count=state.unit_count, noun=noun))

    shown = ranking if region is None else ranking[ranking["region_name"] == region]
    table = display.ranking_display(shown, lang)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 560),
        # What carries the message first and narrow, so it reads at 1280×720 without scrolling;
        # a column with no value in any row is left out.
        # The provenance column only when some rank is not plainly published (the marks say it too).
        column_order=(shown_columns := display.informative_columns(
            table, ["rank_text", "province_name", "score_text", "change_text", "cqs_rank_text", "kts_rank_text",
                    "xhs_rank_text", "region_name"]
            + (["provenance_text"] if (table["rank_provenance"].dropna() != "published").any() else []))),
        column_config={
            # Widths sum to ≤ 820 px with every column (the main column at 1280×720): none is cut.
            "rank_text": st.column_config.TextColumn(t("tbl.rank", lang), width=50),
            "province_name": st.column_config.TextColumn(state.noun_title, width=140),
            "change_text": st.column_config.TextColumn(t("rank.col_change", lang), width=65,
                                                       help=t("rank.col_change_help", lang)),
            "score_text": st.column_config.TextColumn(t("tbl.score", lang), width=70),
            "cqs_rank_text": st.column_config.TextColumn(t("dl.cqs_rank", lang), width=72),
            "kts_rank_text": st.column_config.TextColumn(t("dl.kts_rank", lang), width=72),
            "xhs_rank_text": st.column_config.TextColumn(t("dl.xhs_rank", lang), width=72),
            "region_name": st.column_config.TextColumn(t("tbl.region", lang), width=105,
                                                       help=display.region_help(lang)),
            "provenance_text": st.column_config.TextColumn(t("rank.col_provenance", lang), width=110),
        },
        key=f"ranking_table_{state.unit_set}_{state.year}_{metric}",
    )
    if (table[shown_columns] == "–").any().any():
        st.caption(t("rank.dash", lang))
    provenance_legend(lang)

    map_column, bars_column = st.columns([1, 1])
    with map_column:
        if not geo.has_boundaries(state.unit_set):  # no commune geometry: one line, not an empty map
            st.info(t("units.no_map", lang, noun=noun))
        else:
            colour_by = "score" if not year_row.empty and bool(year_row["is_score_complete"].iloc[0]) else "rank"
            islands = [(t(f"rank.island_{state.unit_set}_{n}", lang), lon, lat)
                       for n, (_, lon, lat) in enumerate(geo.ISLAND_LABELS[state.unit_set])]
            plotly_chart(charts.province_map, ranking, geo.boundaries_url(state.unit_set), islands, state.province_code,
                         narrative.ranking_map_title(METRICS[metric], state.year, colour_by, lang=lang),
                         colour_by, lang,
                         state=state, file_stem=f"ban-do-{metric}-{state.year}",
                         key=f"ranking_map_{state.unit_set}_{state.year}_{metric}")
            st.caption(t("rank.map_caption_score" if colour_by == "score" else "rank.map_caption_rank", lang,
                         name=state.province_name))
    with bars_column:
        unscored = int(shown["score"].isna().sum())
        if unscored == len(shown):
            st.info(t("rank.no_scores", lang, metric=METRICS[metric], year=state.year, noun=noun))
        else:
            plotly_chart(charts.ranking_bars, shown, state.province_code,
                         narrative.ranking_bars_title(METRICS[metric], state.year,
                                                      display.region_label(region, lang) or None,
                                                      unscored, lang=lang, unit_set=state.unit_set),
                         METRICS[metric], lang, state=state, file_stem=f"xep-hang-{metric}-{state.year}",
                         key=f"ranking_chart_{state.unit_set}_{state.year}_{metric}")
            st.caption(t("rank.bars_caption", lang, name=state.province_name)
                       + (t("rank.bars_unscored", lang, n=unscored, noun=noun) if unscored else ""))

    export_title = narrative.ranking_export_title(METRICS[metric], state.year, state.unit_count, lang=lang,
                                                  unit_set=state.unit_set)
    file_stem = f"dti-{metric}-{state.year}-{state.unit_count}"
    region_suffix = f"-{region}" if region else ""
    headers = downloads.ranking_headers(lang)
    download_columns = st.columns(2)  # each pair stacked: four labels in a row were cut at 1280×720
    download_pair([download_columns[0]] * 2, shown, headers, export_title, f"{file_stem}{region_suffix}",
                  t("rank.download_shown", lang), lang)
    download_pair([download_columns[1]] * 2, ranking, headers, export_title, f"{file_stem}-day-du",
                  t("rank.download_all", lang), lang)
    source_caption(state=state, years=[state.year], province_codes=ranking["province_code"], metrics=[metric])
