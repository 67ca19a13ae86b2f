"""Biến động: rank changes between any two years, for every province ranked in both."""

import streamlit as st

from dti import charts, display, narrative, queries
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import year_pair
from ui.widgets import chart_config, provenance_legend, source_caption

with page_frame("Biến động thứ hạng", "movers", with_year=False) as state:
    years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric="dti")
    year_options = [int(y) for y in years["year"]]
    st.title("Biến động thứ hạng DTI")
    if len(year_options) < 2:
        st.info("Chưa đủ số liệu để so sánh: cần ít nhất hai năm có thứ hạng.")
        st.stop()

    from_year, to_year = year_pair(year_options, queries.default_year_pair(years))
    changes = cached_query("rank_changes_between_years", state.data_version, unit_set=state.unit_set,
                           from_year=from_year, to_year=to_year, metric="dti")
    summary = display.movers_summary(changes)
    if summary["both"] == 0:
        st.info(f"Chưa đủ số liệu để so sánh: không {state.units.noun_vi} nào có thứ hạng cả năm {from_year} "
                f"và {to_year}.")
        st.stop()

    st.markdown(f"#### {narrative.movers_headline(summary, from_year, to_year, state.units.noun_vi)}")
    if not summary["is_comparable"]:
        st.warning(f"{from_year} và {to_year} dùng hai phương pháp đánh giá khác nhau: thay đổi thứ hạng chỉ mang "
                   "tính tham khảo.")

    focus = changes[changes["province_code"] == state.province_code].iloc[0]
    st.plotly_chart(charts.rank_slopes(changes, from_year, to_year, state.unit_count, state.province_code,
                                       narrative.movers_title(focus, from_year, to_year)),
                    width="stretch", config=chart_config(f"bien-dong-{from_year}-{to_year}"),
                    key=f"movers_{state.unit_set}_{from_year}_{to_year}")
    risers, fallers = display.biggest_moves(changes, 5)
    for column, heading, moved, nobody in zip(
            st.columns(2), ("Tăng nhiều nhất", "Giảm nhiều nhất"), (risers, fallers),
            (f"Không {state.units.noun_vi} nào tăng hạng.", f"Không {state.units.noun_vi} nào giảm hạng.")):
        with column:
            st.subheader(heading)
            if moved.empty:
                st.caption(nobody)
            else:
                st.dataframe(display.movers_short_display(moved, from_year, to_year, state.noun_title), hide_index=True,
                             width="stretch")

    st.subheader("Tất cả thay đổi")
    st.dataframe(display.movers_display(changes, from_year, to_year, state.noun_title), hide_index=True,
                 width="stretch", height=420)
    provenance_legend()
    source_caption(state=state, years=[from_year, to_year], province_codes=changes["province_code"])
