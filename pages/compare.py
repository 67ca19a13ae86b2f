"""So sánh: up to six provinces side by side — ranks over the years, pillars and main indices."""

import pandas as pd
import streamlit as st

from dti import charts, display, narrative
from ui.cache import cached_history, cached_query
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plotly_chart, provenance_legend, source_caption

MAX_PROVINCES = 6

with page_frame("So sánh tỉnh", "compare") as state:
    st.title(f"So sánh {state.units.noun_vi}")
    units = cached_query("units_in_set", state.data_version, unit_set=state.unit_set)
    names = dict(zip(units["province_code"], units["province_name"]))
    # Without a choice in the URL: the focus province and the provinces ranked around it.
    ranking_now = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set, year=state.year,
                               metric="dti")
    chosen = url_widget(
        st.multiselect, f"Chọn tối đa {MAX_PROVINCES} {state.units.noun_vi}", list(names), param="provinces", many=True,
        key=f"compare_provinces_{state.unit_set}",
        default=display.neighbours_by_rank(ranking_now, state.province_code, 2),
        # The URL's list exactly as it is (the view is what the link says, focus province or not).
        parse=lambda text: [code.strip() if code.strip() in names else code.strip().zfill(2)
                            for code in text.split(",") if code.strip()],
        bad_value=lambda text: f"Không tìm thấy mã {state.units.noun_vi}: {text} (bỏ qua).",
        format_func=names.get, placeholder=f"Chọn {state.units.noun_vi}", limit=MAX_PROVINCES,
        limit_message=f"Chỉ so sánh được tối đa {MAX_PROVINCES} {state.units.noun_vi}: hãy bỏ bớt một đơn vị trước "
                      "khi chọn thêm.")
    if len(chosen) < 2:
        st.info(f"Chọn ít nhất hai {state.units.noun_vi} để so sánh.")
        st.stop()

    histories = pd.concat([cached_history(state.data_version, state.unit_set, code) for code in chosen],
                          ignore_index=True)
    title = narrative.compare_title([names[c] for c in chosen], state.units.noun_vi)
    plotly_chart(charts.compare_ranks, histories, state.province_code, state.unit_count, title, state=state,
                 file_stem="so-sanh-thu-hang", key=f"compare_{state.unit_set}_{'-'.join(chosen)}")
    st.caption("Chỗ ngắt quãng là năm chưa có số liệu của tỉnh đó; thứ hạng 1 ở trên cùng.")

    st.subheader(f"Năm {state.year}: điểm, trụ cột và chỉ số chính")
    indices = {code: cached_query("province_indices_for_year", state.data_version, unit_set=state.unit_set,
                                  year=state.year, province_code=code) for code in chosen}
    comparison = display.comparison_display(ranking_now, indices, names, state.unit_count)
    # Every chosen province visible at 1280×720 without scrolling sideways (about 800 px of table).
    cell_width = max(90, (780 - 170) // len(chosen))
    st.dataframe(comparison, hide_index=True, width="stretch",
                 column_config={"Chỉ số": st.column_config.TextColumn(width=170),
                                **{names[c]: st.column_config.TextColumn(width=cell_width) for c in chosen}})
    st.caption("Mỗi ô: điểm (thứ hạng). “chưa có số liệu” khi chưa được công bố.")

    st.subheader("Thứ hạng qua các năm")
    st.dataframe(display.history_comparison_display(histories, names, state.unit_count), hide_index=True,
                 width="stretch")
    provenance_legend()
    source_caption(state=state, years=histories["year"], province_codes=chosen,
                   metrics=["dti", *pd.concat(indices.values())["indicator_code"].unique()])
