"""So sánh: up to six provinces side by side — ranks over the years, pillars and main indices."""

import pandas as pd
import streamlit as st

from dti import charts, display, narrative
from dti.i18n import t
from ui.cache import cached_history, cached_query, cached_unit_rows
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plotly_chart, provenance_legend, source_caption

MAX_PROVINCES = 6

with page_frame("nav.compare", "compare") as state:
    lang = state.lang
    noun = state.units.noun(lang)
    st.title(t("cmp.title", lang, noun=noun))
    units = cached_query("units_in_set", state.data_version, unit_set=state.unit_set)
    names = dict(zip(units["province_code"], units["province_name"]))
    # Without a choice in the URL: the focus province and the provinces ranked around it.
    ranking_now = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set, year=state.year,
                               metric="dti")
    chosen = url_widget(
        st.multiselect, t("cmp.choose", lang, n=MAX_PROVINCES, noun=noun), list(names), param="provinces",
        many=True, key=f"compare_provinces_{state.unit_set}",
        default=display.neighbours_by_rank(ranking_now, state.province_code, 2),
        # The URL's list exactly as it is (the view is what the link says, focus province or not);
        # a province's code is two digits ('3' is '03'), a commune's is its own.
        parse=lambda text: [code.strip() if code.strip() in names else code.strip().zfill(2)
                            for code in text.split(",") if code.strip()],
        bad_value=lambda text: t("cmp.bad_codes", lang, text=text, noun=noun),
        format_func=names.get, placeholder=t("cmp.placeholder", lang, noun=noun), limit=MAX_PROVINCES,
        limit_message=t("cmp.limit", lang, n=MAX_PROVINCES, noun=noun))
    if len(chosen) < 2:
        st.info(t("cmp.too_few", lang, noun=noun))
        st.stop()

    histories = pd.concat([cached_history(state.data_version, state.unit_set, code) for code in chosen],
                          ignore_index=True)
    title = narrative.compare_title([names[c] for c in chosen], lang=lang, unit_set=state.unit_set)
    plotly_chart(charts.compare_ranks, histories, state.province_code, state.unit_count, title, lang, state=state,
                 file_stem="so-sanh-thu-hang", key=f"compare_{state.unit_set}_{'-'.join(chosen)}")
    st.caption(t("cmp.gaps_caption", lang))

    st.subheader(t("cmp.year_heading", lang, year=state.year))
    indices = {code: cached_unit_rows("province_indices_for_year", state.data_version, code,
                                      unit_set=state.unit_set, year=state.year) for code in chosen}
    comparison = display.comparison_display(ranking_now, indices, names, state.unit_count, lang)
    # Every chosen province visible at 1280×720 without scrolling sideways (820 px of table): the
    # index names take 195 px ('Hoạt động chính quyền số'), a cell '0,5025* (23*)' about 100.
    cell_width = max(100, (820 - 195) // len(chosen))
    st.dataframe(comparison, hide_index=True, width="stretch",
                 column_config={t("tbl.index", lang): st.column_config.TextColumn(width=195),
                                **{names[c]: st.column_config.TextColumn(width=cell_width) for c in chosen}})
    st.caption(t("cmp.cell_caption", lang))

    st.subheader(t("cmp.history_heading", lang))
    st.dataframe(display.history_comparison_display(histories, names, state.unit_count, lang), hide_index=True,
                 width="stretch")
    provenance_legend(lang)
    source_caption(state=state, years=histories["year"], province_codes=chosen,
                   metrics=["dti", *pd.concat(indices.values())["indicator_code"].unique()])
