"""Phương án đã lưu: the province's saved scenarios, each reopened from its link, and 2–4 of them
compared side by side (recomputed on today's data)."""

import streamlit as st

from dti import display, scenarios
from dti.scenarios import ScenarioInvalid
from dti.userstore import UserStoreBusy, default_store
from ui.cache import cached_index_names, unit_choices
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plain, source_caption

PAGE = "scenarios"

with page_frame("Phương án đã lưu", PAGE, with_year=False) as state:
    st.title(f"Phương án đã lưu: {state.province_name}")
    try:
        saved = default_store().scenarios(state.unit_set, state.province_code)
    except UserStoreBusy as error:
        st.warning(str(error))
        st.stop()
    if not saved:
        st.info(f"Chưa có phương án nào của {state.province_name}. Lưu một mô phỏng hoặc một mục tiêu ở trang "
                "“Mô phỏng và mục tiêu”.")
        st.page_link("pages/simulator.py", label="Mở trang Mô phỏng và mục tiêu", icon=":material/tune:",
                     query_params={"province": state.province_code, "units": state.units.url_value})
        st.stop()
    by_id = {s.scenario_id: s for s in saved}
    for scenario in saved:
        left, middle, right = st.columns([4, 2, 2])
        left.markdown(f"**{plain(scenario.name)}** · {scenario.year} · "
                      f"{'mô phỏng' if scenario.kind == 'whatif' else 'mục tiêu'} · {plain(scenario.created_by)}, "
                      f"{scenario.created_at:%d/%m/%Y %H:%M} · mã `{scenario.scenario_id}`")
        middle.page_link("pages/simulator.py", label="Mở lại", icon=":material/open_in_new:",
                         query_params={"scenario": scenario.scenario_id})
        right.page_link("pages/plan.py", label="Lập kế hoạch", icon=":material/checklist:",
                        query_params={"scenario": scenario.scenario_id, "province": state.province_code,
                                      "units": state.units.url_value})

    st.subheader("So sánh phương án")
    chosen = url_widget(st.multiselect, "Chọn 2–4 phương án", list(by_id), param="compare", key=f"{PAGE}_compare",
                        many=True, limit=scenarios.COMPARE_MAX,
                        format_func=lambda sid: f"{by_id[sid].name} ({sid})",
                        bad_value=lambda text: f"Không tìm thấy phương án “{text}” của tỉnh này.")
    if len(chosen) < scenarios.COMPARE_MIN:
        st.info("Chọn ít nhất hai phương án để so sánh.")
    else:
        picked = [by_id[sid] for sid in chosen]
        try:
            results = scenarios.compare(picked, state.data_version)
        except ScenarioInvalid as error:
            st.warning("; ".join(error.messages))
        else:
            names = {}
            for year in {s.year for s in picked}:
                names.update(cached_index_names(year, state.data_version))
            province_names = unit_choices(state.data_version, state.unit_set)[1]
            st.dataframe(display.scenario_compare_display(picked, results, names, province_names), width="stretch")
            st.caption("Mỗi phương án được tính lại theo số liệu hiện có; chi phí nỗ lực = Σ chi phí × mức tăng "
                       "(chi phí mặc định bằng 1).")
    source_caption(state=state)
