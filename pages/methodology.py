"""Phương pháp và nguồn: the index tree per method, how totals are computed, the tie rule,
what changed in 2021, 2024 and on 1/7/2025, and the source of every number."""

import streamlit as st

from dti import charts, display
from dti.display import framework_label
from dti.i18n import WORDS, t
from dti.sources import source_list
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plotly_chart, source_caption


def _years_label(years: str, lang: str) -> str:
    first, _, last = years.partition("-")
    return first if last == first else (t("tbl.from_year", lang, year=first) if not last else f"{first}–{last}")


with page_frame("nav.methodology", "methodology", with_year=False) as state:
    lang = state.lang
    st.title(t("meth.title", lang))
    indicators = cached_query("indicators_by_framework", state.data_version)

    frameworks = list(dict.fromkeys(indicators["framework"]))
    framework_years = dict(zip(indicators["framework"], indicators["years"]))
    # A URL-backed choice instead of st.tabs, so the method shown is in the link.
    chosen = url_widget(
        st.radio, t("meth.method", lang), frameworks, param="method",
        key="methodology_method", default=frameworks[-1], horizontal=True, label_visibility="collapsed",
        format_func=lambda f: f"{framework_label(f, lang)} ({_years_label(framework_years[f], lang)})",
        bad_value=lambda text: t("meth.method_bad", lang, text=text))
    framework = chosen
    tree = indicators[indicators["framework"] == framework]
    chart_column, text_column = st.columns([1, 1])
    decision = tree["decision"].iloc[0]
    plotly_chart(charts.index_tree, tree, t("meth.tree_title", lang, decision=decision), lang, state=state,
                 where=chart_column, file_stem=f"cau-truc-{framework}", key=f"tree_{framework}")
    text_key = f"meth.text_{framework}"
    text_column.markdown(t(text_key, lang) if text_key in WORDS["vi"] else "")
    st.dataframe(  # under both columns: five columns do not fit half the width at 1280×720
        display.framework_indicators_display(tree, lang), hide_index=True, width="stretch",
        column_config={"name_vi": st.column_config.TextColumn(t("tbl.index", lang), width=260 if lang == "vi" else 185),
                       # English adds a gloss column: fixed widths keep all six within 1280×720.
                       "name_en": st.column_config.TextColumn(t("meth.col_gloss", lang), width=200),
                       **({"level": t("meth.col_level", lang), "points": t("meth.col_points", lang),
                           "component_count": t("meth.col_components", lang), "is_scored": t("meth.col_scored", lang)}
                          if lang == "vi" else
                          {"level": st.column_config.TextColumn(t("meth.col_level", lang), width=90),
                           "points": st.column_config.TextColumn(t("meth.col_points", lang), width=100),
                           "component_count": st.column_config.TextColumn(t("meth.col_components", lang), width=110),
                           "is_scored": st.column_config.TextColumn(t("meth.col_scored", lang), width=70)})})

    st.header(t("meth.rule_heading", lang))
    st.markdown(t("meth.rule", lang))

    st.header(t("meth.merger_heading", lang))
    st.markdown(t("meth.merger", lang))
    successions = cached_query("units_in_set", state.data_version, unit_set="p34")
    st.dataframe(successions[["province_name", "former_province_names"]], hide_index=True, width="stretch",
                 column_config={"province_name": t("meth.col_new_unit", lang),
                                "former_province_names": t("meth.col_former", lang)})

    st.header(t("meth.sources_heading", lang))
    st.markdown(t("meth.sources", lang))
    sources = source_list(cached_query("data_sources", state.data_version), lang)
    st.dataframe(sources, hide_index=True, width="stretch",
                 # 'gave' is the data file's own English note (p63, units): not for the screen.
                 column_order=["publisher", "title", "url", "tier_label", "value_count"],
                 column_config={"publisher": st.column_config.TextColumn(t("meth.col_publisher", lang), width=120),
                                "title": st.column_config.TextColumn(t("meth.col_title", lang), width=250),
                                "url": st.column_config.LinkColumn(t("meth.col_url", lang), width=170),
                                "tier_label": st.column_config.TextColumn(t("meth.col_tier", lang), width=150),
                                "value_count": st.column_config.NumberColumn(t("meth.col_count", lang), width=70)})
    source_caption(t("meth.boundaries", lang), state=state)
