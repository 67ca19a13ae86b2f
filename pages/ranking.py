"""Xếp hạng: the ranking of every province for a year, as a table and a chart."""

import streamlit as st

from dti import charts, display, downloads, geo, narrative
from dti.i18n import t
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import url_widget, write_param
from ui.widgets import download_pair, plotly_chart, provenance_legend, source_caption

with page_frame("Xếp hạng", "ranking") as state:
    if state.year is None:
        st.info("Chưa có số liệu xếp hạng cho bộ đơn vị này.")
        st.stop()

    title_area = st.empty()  # the title names the metric, chosen below
    metric_column, region_column = st.columns([3, 2])
    # The metrics of the year's method: the total, the three pillars, the scored main indices.
    indicators = cached_query("indicators_by_framework", state.data_version)
    METRICS = display.metric_labels(indicators, state.year)
    metric = url_widget(
        metric_column.selectbox, "Chỉ số", list(METRICS), param="metric", default="dti",
        key=f"ranking_metric_{state.unit_set}_{state.year}", format_func=METRICS.get,
        bad_value=lambda text: (f"Chỉ số “{text}” không có trong phương pháp năm {state.year}; "
                                "đang hiển thị Chỉ số DTI."))
    title_area.title(narrative.ranking_page_title(METRICS[metric], state.year))

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
            region_column.selectbox, "Vùng kinh tế - xã hội", [None, *regions], param="region",
            key=f"ranking_region_{state.unit_set}", format_func=lambda r: r or "Cả nước", to_text=lambda r: r,
            bad_value=lambda text: f"Không có vùng “{text}”; đang hiển thị cả nước.")
    else:
        write_param("region", None)  # a region from the other unit set names nothing here

    headline = narrative.ranking_headline(ranking, state.province_code, state.province_name, state.unit_count,
                                          noun=state.units.noun_vi)
    if headline:
        st.markdown(f"#### {headline}")
    if ranked_count < state.unit_count:
        st.warning(f"Năm {state.year} mới có thứ hạng của {ranked_count}/{state.unit_count} {state.units.noun_vi} "
                   "trong dữ liệu; các đơn vị còn lại ghi “chưa có số liệu”.")
    if not year_row.empty and not bool(year_row["is_score_complete"].iloc[0]):
        st.caption(f"Điểm số công bố: {scored_count}/{state.unit_count} {state.units.noun_vi}. "
                   "Thứ hạng là thứ hạng công bố chính thức.")

    shown = ranking if region is None else ranking[ranking["region_name"] == region]
    table = display.ranking_display(shown)
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
            "rank_text": st.column_config.TextColumn("Hạng", width=55),
            "province_name": st.column_config.TextColumn(state.noun_title, width=140),
            "change_text": st.column_config.TextColumn(
                "± bậc", width=65, help="So với năm đánh giá trước; ≠ = khác phương pháp, không so sánh trực tiếp"),
            "score_text": st.column_config.TextColumn("Điểm", width=85),
            "cqs_rank_text": st.column_config.TextColumn("Hạng CQS", width=70),
            "kts_rank_text": st.column_config.TextColumn("Hạng KTS", width=70),
            "xhs_rank_text": st.column_config.TextColumn("Hạng XHS", width=70),
            "region_name": st.column_config.TextColumn("Vùng", width=170),
            "provenance_text": st.column_config.TextColumn("Nguồn gốc", width=90),
        },
        key=f"ranking_table_{state.unit_set}_{state.year}_{metric}",
    )
    if (table[shown_columns] == "–").any().any():
        st.caption("“–”: chưa có số liệu. Hạng CQS, KTS, XHS: thứ hạng ba trụ cột.")
    provenance_legend()

    map_column, bars_column = st.columns([1, 1])
    with map_column:
        if not geo.has_boundaries(state.unit_set):  # no commune geometry: one line, not an empty map
            st.info(t("units.no_map", state.lang, noun=state.noun))
        else:
            colour_by = "score" if not year_row.empty and bool(year_row["is_score_complete"].iloc[0]) else "rank"
            plotly_chart(charts.province_map, ranking, geo.boundaries_url(state.unit_set),
                         geo.ISLAND_LABELS[state.unit_set], state.province_code,
                         narrative.ranking_map_title(METRICS[metric], state.year, colour_by), colour_by,
                         state=state, file_stem=f"ban-do-{metric}-{state.year}",
                         key=f"ranking_map_{state.unit_set}_{state.year}_{metric}")
            st.caption(("Màu theo điểm. " if colour_by == "score" else
                        "Màu theo thứ hạng (năm này chưa đủ điểm của mọi tỉnh); ") +
                       "xám: chưa có số liệu; viền đỏ: " + state.province_name + ". Ranh giới: geoBoundaries.")
    with bars_column:
        unscored = int(shown["score"].isna().sum())
        if unscored == len(shown):
            st.info(f"Chưa có điểm {METRICS[metric]} năm {state.year} của tỉnh, thành phố nào trong dữ liệu; "
                    "bảng trên có thứ hạng công bố.")
        else:
            plotly_chart(charts.ranking_bars, shown, state.province_code,
                         narrative.ranking_bars_title(METRICS[metric], state.year, region, unscored,
                                                      state.units.noun_vi),
                         METRICS[metric], state=state, file_stem=f"xep-hang-{metric}-{state.year}",
                         key=f"ranking_chart_{state.unit_set}_{state.year}_{metric}")
            st.caption(f"Đơn vị: điểm 0–1; màu đỏ: {state.province_name}."
                       + (f" {unscored} {state.units.noun_vi} chưa có điểm nên không có thanh." if unscored else ""))

    export_title = narrative.ranking_export_title(METRICS[metric], state.year, state.unit_count, state.units.noun_vi)
    file_stem = f"dti-{metric}-{state.year}-{state.unit_count}"
    region_suffix = f"-{region}" if region else ""
    download_columns = st.columns(2)  # each pair stacked: four labels in a row were cut at 1280×720
    download_pair([download_columns[0]] * 2, shown, downloads.RANKING_HEADERS, export_title,
                  f"{file_stem}{region_suffix}", "bảng đang xem")
    download_pair([download_columns[1]] * 2, ranking, downloads.RANKING_HEADERS, export_title, f"{file_stem}-day-du",
                  "toàn bộ")
    source_caption(state=state, years=[state.year], province_codes=ranking["province_code"], metrics=[metric])
