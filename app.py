"""Home: what the DTI is, what changed on 1/7/2025, and the focus province's headline."""

import streamlit as st

from dti import narrative
from dti.formatting import format_score, marked_rank, with_provenance_mark
from ui.cache import cached_history, cached_query
from ui.frame import navigation_params, page_frame
from ui.widgets import metric, provenance_legend, rank_delta, source_caption

with page_frame("Trang chủ", "home", with_year=False) as state:
    st.title("Chỉ số chuyển đổi số cấp tỉnh (DTI)")
    st.markdown(
        "Mỗi năm, Bộ Thông tin và Truyền thông (nay là Bộ Khoa học và Công nghệ) đánh giá và xếp hạng "
        "mức độ chuyển đổi số của từng tỉnh, thành phố trên thang điểm 0–1, theo ba trụ cột: "
        "**Chính quyền số**, **Kinh tế số** và **Xã hội số**.\n\n"
        "Từ **1/7/2025**, 63 tỉnh, thành phố được sắp xếp lại thành **34 tỉnh, thành phố**; "
        "cấp huyện kết thúc hoạt động, chính quyền địa phương còn cấp tỉnh và cấp xã.\n\n"
        "Trang này giúp xem tỉnh đứng ở đâu, đã thay đổi thế nào và cần cải thiện ở đâu."
    )

    history = cached_history(state.data_version, state.unit_set, state.province_code)
    ranked = history[history["rank"].notna()]
    st.subheader(state.province_name)
    if ranked.empty:
        st.info(f"{state.province_name}: chưa có số liệu xếp hạng trong bộ "
                f"{state.unit_count} {state.units.noun_vi}.")
    else:
        latest = ranked.iloc[-1]
        year = int(latest["year"])
        ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                               year=year, metric="dti")
        row = ranking[ranking["province_code"] == state.province_code].iloc[0]
        sentence = narrative.press_sentence(state.province_name, year, row, state.unit_count,
                                            noun=state.units.noun_vi)
        st.markdown(f"#### {sentence}")
        columns = st.columns(3)
        metric(columns[0], f"Xếp hạng DTI {year}",
               marked_rank(row["rank"], row["rank_provenance"], row["is_rank_uncertain"], state.unit_count),
               **rank_delta(row["rank_change"]))
        metric(columns[1], f"Điểm DTI {year}", with_provenance_mark(format_score(row["score"]),
                                                                  row["score_provenance"]))
        metric(columns[2], "Trung bình cả nước", format_score(latest["national_mean"]))

    st.divider()
    links = st.columns(2)
    params = navigation_params()
    links[0].page_link("pages/ranking.py", label="Xem bảng xếp hạng", icon=":material/leaderboard:",
                       query_params=params)
    links[1].page_link("pages/province.py", label=f"Xem hồ sơ {state.province_name}",
                       icon=":material/location_city:", query_params=params)
    provenance_legend()
    source_caption(state=state, years=history["year"], province_codes=[state.province_code],
                   with_national_mean=True)
