"""Home: what the DTI is, what changed on 1/7/2025, and the focus province's headline."""

import streamlit as st

from dti import narrative
from dti.formatting import format_score, marked_rank, with_provenance_mark
from dti.i18n import t
from ui.cache import cached_history, cached_query
from ui.frame import navigation_params, page_frame
from ui.widgets import metric, provenance_legend, rank_delta, source_caption

with page_frame("nav.home", "home", with_year=False) as state:
    lang = state.lang
    st.title(t("home.title", lang))
    st.markdown(t("home.intro", lang))

    history = cached_history(state.data_version, state.unit_set, state.province_code)
    ranked = history[history["rank"].notna()]
    st.subheader(state.province_name)
    if ranked.empty:
        st.info(t("home.no_rank", lang, name=state.province_name, count=state.unit_count,
                  noun=state.units.noun(lang)))
    else:
        latest = ranked.iloc[-1]
        year = int(latest["year"])
        ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                               year=year, metric="dti")
        row = ranking[ranking["province_code"] == state.province_code].iloc[0]
        st.markdown("#### " + narrative.press_sentence(state.province_name, year, row, state.unit_count, lang=lang,
                                                       unit_set=state.unit_set))
        columns = st.columns(3)
        metric(columns[0], t("home.metric_rank", lang, year=year),
               marked_rank(row["rank"], row["rank_provenance"], row["is_rank_uncertain"], state.unit_count, lang),
               per_row=3, **rank_delta(row["rank_change"], lang))
        metric(columns[1], t("home.metric_score", lang, year=year),
               with_provenance_mark(format_score(row["score"], lang=lang), row["score_provenance"]), per_row=3)
        metric(columns[2], state.units.mean_label(lang),
               with_provenance_mark(format_score(latest["national_mean"], lang=lang),
                                    latest["national_mean_provenance"]), per_row=3)

    st.divider()
    links = st.columns(2)
    params = navigation_params()
    links[0].page_link("pages/ranking.py", label=t("home.link_ranking", lang), icon=":material/leaderboard:",
                       query_params=params)
    links[1].page_link("pages/province.py", label=t("home.link_profile", lang, name=state.province_name),
                       icon=":material/location_city:", query_params=params)
    provenance_legend(lang)
    source_caption(state=state, years=history["year"], province_codes=[state.province_code],
                   with_national_mean=True)
