"""So sánh: up to six provinces side by side — ranks over the years, pillars and main indices."""

import pandas as pd
import streamlit as st

from dti import charts, tables
from ui.common import (
    cached_query,
    chart_config,
    end_page,
    page_setup,
    provenance_legend,
    source_caption,
)

MAX_PROVINCES = 6

state = page_setup("So sánh tỉnh", "compare")
st.title("So sánh tỉnh, thành phố")
units = cached_query("units_in_set", state.data_version, unit_set=state.unit_set)
names = dict(zip(units["province_code"], units["province_name"]))
wanted = [code.strip().zfill(2) for code in st.query_params.get("provinces", "").split(",") if code.strip()]
unknown = [c for c in wanted if c not in names]
if unknown:
    st.info(f"Không tìm thấy mã tỉnh, thành phố: {', '.join(unknown)} (bỏ qua).")
if wanted:
    default = [state.province_code] + [c for c in wanted if c in names and c != state.province_code]
else:  # no choice in the URL: the focus province and the provinces ranked around it
    ranking_now = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set, year=state.year,
                               metric="dti")
    default = tables.neighbours_by_rank(ranking_now, state.province_code, 2)
chosen = st.multiselect(f"Chọn tối đa {MAX_PROVINCES} tỉnh, thành phố", list(names), default=default[:MAX_PROVINCES],
                        format_func=names.get, max_selections=MAX_PROVINCES,
                        key=f"compare_provinces_{state.unit_set}")
if chosen:
    st.query_params["provinces"] = ",".join(chosen)
if len(chosen) < 2:
    st.info("Chọn ít nhất hai tỉnh, thành phố để so sánh.")
    end_page("compare")
    st.stop()

histories = pd.concat([cached_query("province_history", state.data_version, unit_set=state.unit_set,
                                    province_code=code, metric="dti") for code in chosen], ignore_index=True)
title = f"Thứ hạng DTI qua các năm: {', '.join(names[c] for c in chosen)}"
st.plotly_chart(charts.compare_ranks(histories, state.province_code, state.unit_count, title), width="stretch",
                config=chart_config("so-sanh-thu-hang"), key=f"compare_{state.unit_set}_{'-'.join(chosen)}")
st.caption("Chỗ ngắt quãng là năm chưa có số liệu của tỉnh đó; thứ hạng 1 ở trên cùng.")

st.subheader(f"Năm {state.year}: điểm, trụ cột và chỉ số chính")
indices = {code: cached_query("province_indices_for_year", state.data_version, unit_set=state.unit_set,
                              year=state.year, province_code=code) for code in chosen}
ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set, year=state.year, metric="dti")
st.dataframe(tables.comparison_display(ranking, indices, names, state.unit_count), hide_index=True, width="stretch")
st.caption("Mỗi ô: điểm (thứ hạng). “chưa có số liệu” khi chưa được công bố.")

st.subheader("Thứ hạng qua các năm")
st.dataframe(tables.history_comparison_display(histories, names, state.unit_count), hide_index=True,
             width="stretch")
provenance_legend()
source_caption()
end_page("compare")
