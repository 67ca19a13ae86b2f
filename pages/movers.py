"""Biến động: rank changes between any two years, for every province ranked in both."""

import streamlit as st

from dti import charts, display, narrative, queries
from dti.i18n import t
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import year_pair
from ui.widgets import plotly_chart, provenance_legend, source_caption

with page_frame("nav.movers", "movers", with_year=False) as state:
    lang = state.lang
    noun = state.noun
    years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric="dti")
    year_options = [int(y) for y in years["year"]]
    st.title(t("move.title", lang))
    if len(year_options) < 2:
        st.info(t("move.too_few_years", lang))
        st.stop()

    from_year, to_year = year_pair(year_options, queries.default_year_pair(years), lang)
    changes = cached_query("rank_changes_between_years", state.data_version, unit_set=state.unit_set,
                           from_year=from_year, to_year=to_year, metric="dti")
    summary = display.movers_summary(changes)
    if summary["both"] == 0:
        st.info(t("move.nobody_in_both", lang, start=from_year, end=to_year, noun=noun))
        st.stop()

    st.markdown("#### " + narrative.movers_headline(summary, from_year, to_year, lang=lang, unit_set=state.unit_set))
    if not summary["is_comparable"]:
        st.warning(t("move.method_changed", lang, start=from_year, end=to_year))

    focus = changes[changes["province_code"] == state.province_code].iloc[0]
    plotly_chart(charts.rank_slopes, changes, from_year, to_year, state.unit_count, state.province_code,
                 narrative.movers_title(focus, from_year, to_year, lang=lang), lang, state=state,
                 file_stem=f"bien-dong-{from_year}-{to_year}", key=f"movers_{state.unit_set}_{from_year}_{to_year}")
    risers, fallers = display.biggest_moves(changes, 5)
    for column, heading, moved, nobody in zip(
            st.columns(2), (t("move.risers", lang), t("move.fallers", lang)), (risers, fallers),
            (t("move.no_risers", lang, noun=noun), t("move.no_fallers", lang, noun=noun))):
        with column:
            st.subheader(heading)
            if moved.empty:
                st.caption(nobody)
            else:
                st.dataframe(display.movers_short_display(moved, from_year, to_year, lang, state.noun_title),
                             hide_index=True, width="stretch")

    st.subheader(t("move.all", lang))
    st.dataframe(display.movers_display(changes, from_year, to_year, lang, state.noun_title), hide_index=True,
                 width="stretch", height=420,
                 column_config={t("tbl.region", lang): st.column_config.TextColumn(help=display.region_help(lang))})
    provenance_legend(lang)
    source_caption(state=state, years=[from_year, to_year], province_codes=changes["province_code"])
