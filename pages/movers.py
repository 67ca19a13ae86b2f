"""Biến động: rank changes between any two years, for every province ranked in both."""

import streamlit as st

from dti import charts, tables
from ui.common import (
    cached_query,
    chart_config,
    end_page,
    page_setup,
    provenance_legend,
    source_caption,
    year_pair,
)

state = page_setup("Biến động thứ hạng", "movers", with_year=False)
years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric="dti")
year_options = [int(y) for y in years["year"]]
st.title("Biến động thứ hạng DTI")
if len(year_options) < 2:
    st.info("Chưa đủ số liệu để so sánh: cần ít nhất hai năm có thứ hạng.")
    end_page("movers")
    st.stop()

from_year, to_year = year_pair(year_options)
changes = cached_query("rank_changes_between_years", state.data_version, unit_set=state.unit_set,
                       from_year=from_year, to_year=to_year, metric="dti")
summary = tables.movers_summary(changes)
if summary["both"] == 0:
    st.info(f"Chưa đủ số liệu để so sánh: không tỉnh nào có thứ hạng cả năm {from_year} và {to_year}.")
    end_page("movers")
    st.stop()

st.markdown(f"#### {summary['both']} tỉnh, thành phố có thứ hạng cả năm {from_year} và {to_year}; "
            f"thiếu số liệu năm {from_year}: {summary['missing_from']}, năm {to_year}: {summary['missing_to']}.")
if not summary["is_comparable"]:
    st.warning(f"{from_year} và {to_year} dùng hai phương pháp đánh giá khác nhau: thay đổi thứ hạng chỉ mang "
               "tính tham khảo.")

focus = changes[changes["province_code"] == state.province_code].iloc[0]
chart_column, list_column = st.columns([3, 2])
with chart_column:
    title = tables.movers_title(focus, from_year, to_year)
    st.plotly_chart(charts.rank_slopes(changes, from_year, to_year, state.unit_count, state.province_code, title),
                    width="stretch", config=chart_config(f"bien-dong-{from_year}-{to_year}"),
                    key=f"movers_{state.unit_set}_{from_year}_{to_year}")
with list_column:
    st.subheader("Tăng nhiều nhất")
    st.dataframe(tables.movers_display(changes.nlargest(5, "rank_change")), hide_index=True, width="stretch")
    st.subheader("Giảm nhiều nhất")
    st.dataframe(tables.movers_display(changes.nsmallest(5, "rank_change")), hide_index=True, width="stretch")

st.subheader("Tất cả thay đổi")
st.dataframe(tables.movers_display(changes), hide_index=True, width="stretch", height=420)
provenance_legend()
source_caption()
end_page("movers")
