"""Phương án đã lưu: the province's saved scenarios, each reopened from its link, and 2–4 of them
compared side by side (recomputed on today's data)."""

import streamlit as st

from dti import display, scenarios
from dti.i18n import t
from dti.i18n.text import joined, localized
from dti.scenarios import ScenarioInvalid
from dti.userstore import UserStoreBusy, default_store
from ui.cache import cached_index_names, unit_choices
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plain, source_caption

PAGE = "scenarios"

with page_frame("Phương án đã lưu", PAGE, with_year=False) as state:
    lang = state.lang
    st.title(t("scen_page.title", lang, name=state.province_name))
    try:
        saved = default_store().scenarios(state.unit_set, state.province_code)
    except UserStoreBusy as error:
        st.warning(localized(error, lang))
        st.stop()
    if not saved:
        st.info(t("scen_page.none", lang, name=state.province_name))
        st.page_link("pages/simulator.py", label=t("scen_page.open_simulator", lang), icon=":material/tune:",
                     query_params={"province": state.province_code, "units": state.units.url_value})
        st.stop()
    by_id = {s.scenario_id: s for s in saved}
    for scenario in saved:
        left, middle, right = st.columns([4, 2, 2])
        left.markdown(f"**{plain(scenario.name)}** · {scenario.year} · "
                      f"{t(f'scen_page.kind_{scenario.kind}', lang)} · {plain(scenario.created_by)}, "
                      f"{scenario.created_at:%d/%m/%Y %H:%M} · {t('scen_page.id', lang)} `{scenario.scenario_id}`")
        middle.page_link("pages/simulator.py", label=t("scen_page.reopen", lang), icon=":material/open_in_new:",
                         query_params={"scenario": scenario.scenario_id})
        right.page_link("pages/plan.py", label=t("scen_page.make_plan", lang), icon=":material/checklist:",
                        query_params={"scenario": scenario.scenario_id, "province": state.province_code,
                                      "units": state.units.url_value})

    st.subheader(t("scen_page.compare", lang))
    chosen = url_widget(st.multiselect, t("scen_page.choose", lang), list(by_id), param="compare",
                        key=f"{PAGE}_compare", many=True, limit=scenarios.COMPARE_MAX,
                        format_func=lambda sid: f"{by_id[sid].name} ({sid})",
                        bad_value=lambda text: t("scen_page.choose_bad", lang, text=text))
    if len(chosen) < scenarios.COMPARE_MIN:
        st.info(t("scen_page.choose_two", lang))
    else:
        picked = [by_id[sid] for sid in chosen]
        try:
            results = scenarios.compare(picked, state.data_version)
        except ScenarioInvalid as error:
            st.warning(joined(error.messages, lang))
        else:
            names = {}
            for year in {s.year for s in picked}:
                names.update(cached_index_names(year, state.data_version))
            province_names = unit_choices(state.data_version, state.unit_set)[1]
            names = {code: localized(name, lang) for code, name in names.items()}
            st.dataframe(display.scenario_compare_display(picked, results, names, province_names, lang),
                         width="stretch")
            st.caption(t("scen_page.compare_help", lang))
    source_caption(state=state)
