"""Hồ sơ tỉnh: the press sentence, rank and score over the years, and the neighbours."""

import streamlit as st

from dti import charts, narrative, registry, tables
from dti.formatting import format_rank, format_score, rank_change_phrase
from ui.common import (
    cached_query,
    chart_config,
    end_page,
    page_setup,
    provenance_legend,
    rank_delta,
    source_caption,
)

state = page_setup("Hồ sơ tỉnh", "province")
if state.year is None:
    st.info("Chưa có số liệu cho bộ đơn vị này.")
    st.stop()

ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                       year=state.year, metric="dti")
row = ranking[ranking["province_code"] == state.province_code].iloc[0]
history = cached_query("province_history", state.data_version, unit_set=state.unit_set,
                       province_code=state.province_code, metric="dti")

# Method changes are data (the framework table), never literals here.
frameworks = registry.frameworks_from_indicators(cached_query("indicators_by_framework", state.data_version))

st.title(state.province_name)
if state.unit_set == "p34":
    units = cached_query("units_in_set", state.data_version, unit_set="p34")
    former = units.loc[units["province_code"] == state.province_code, "former_province_names"].iloc[0]
    st.caption(f"Tỉnh, thành phố từ 1/7/2025, gồm: {former}. Số liệu trước 2024 được tính lại (*) "
               "từ các tỉnh cũ khi đủ số liệu.")
sentence = narrative.press_sentence(state.province_name, state.year, row, state.unit_count)
st.markdown(f"### {sentence}")
st.code(sentence, language=None, wrap_lines=True)  # the copy button presenters paste from

columns = st.columns(5)
columns[0].metric(f"Xếp hạng DTI {state.year}",
                  format_rank(row["rank"], state.unit_count),
                  **rank_delta(row["rank_change"]))
columns[1].metric("Điểm DTI", format_score(row["score"]))
for column, (key, label) in zip(columns[2:], (("cqs_rank", "Hạng CQS"), ("kts_rank", "Hạng KTS"),
                                              ("xhs_rank", "Hạng XHS"))):
    column.metric(label, format_rank(row[key]))
if tables.is_not_comparable(row["rank_change"], row["is_comparable"]):
    st.warning(f"Năm {int(row['previous_year'])} và {state.year} dùng hai phương pháp đánh giá khác nhau: "
               "thay đổi thứ hạng chỉ mang tính tham khảo.")

ranked_years = history[history["rank"].notna()]
left, right = st.columns(2)
with left:
    if ranked_years.empty:
        st.info("Chưa có số liệu thứ hạng qua các năm.")
    else:
        first, last = ranked_years.iloc[0], ranked_years.iloc[-1]
        change = int(first["rank"]) - int(last["rank"])
        movement = rank_change_phrase(change) if len(ranked_years) > 1 else "có một năm số liệu"
        title = (f"{state.province_name} {movement} từ {int(first['year'])} đến {int(last['year'])}"
                 if len(ranked_years) > 1 else f"{state.province_name}: thứ hạng năm {int(first['year'])}")
        if first["framework"] != last["framework"]:
            title += " (qua đổi phương pháp)"
        st.plotly_chart(charts.rank_history(history, state.unit_count, title, registry.method_changes(frameworks)),
                        width="stretch", config=chart_config(f"thu-hang-{state.province_code}"),
                        key=f"rank_history_{state.unit_set}_{state.province_code}")
with right:
    if history["score"].notna().any():
        score_title = "Điểm DTI và trung bình cả nước"
        st.plotly_chart(charts.score_history(history, score_title),
                        width="stretch", config=chart_config(f"diem-{state.province_code}"),
                        key=f"score_history_{state.unit_set}_{state.province_code}")
    else:
        st.info(f"Chưa có điểm DTI công bố của {state.province_name} trong dữ liệu; "
                "chỉ có thứ hạng. Nhập kết quả chính thức để xem điểm.")

st.subheader(f"Trụ cột và chỉ số chính năm {state.year}")
indices = cached_query("province_indices_for_year", state.data_version, unit_set=state.unit_set, year=state.year,
                       province_code=state.province_code)
strengths, weaknesses, rule = narrative.strengths_and_weaknesses(indices, row["rank"])
if indices["score"].notna().any():
    chart_column, text_column = st.columns([3, 2])
    chart_column.plotly_chart(
        charts.index_scores(indices, f"{state.province_name}: điểm trụ cột và chỉ số chính {state.year}"),
        width="stretch", config=chart_config(f"chi-so-{state.province_code}-{state.year}"),
        key=f"indices_{state.unit_set}_{state.province_code}_{state.year}")
else:
    text_column = st.container()
    text_column.info(f"Chưa có điểm trụ cột, chỉ số chính của {state.province_name} năm {state.year} trong dữ liệu.")
with text_column:
    if strengths or weaknesses:
        st.markdown("**Điểm mạnh:** " + ("; ".join(strengths) or "không có"))
        st.markdown("**Điểm yếu:** " + ("; ".join(weaknesses) or "không có"))
    st.caption(rule)
    st.dataframe(tables.indices_display(indices), hide_index=True, width="stretch")

st.subheader("Qua các năm")
st.dataframe(tables.history_display(history, state.unit_count), hide_index=True, width="stretch")
st.caption(f"≠ Khác phương pháp đánh giá với năm trước ({registry.method_periods(frameworks)}): "
           "thay đổi thứ hạng không so sánh trực tiếp được.")

st.subheader(f"Khoảng cách điểm năm {state.year}")
gaps = cached_query("province_gaps", state.data_version, unit_set=state.unit_set, year=state.year,
                    province_code=state.province_code, metric="dti")
if gaps.empty:
    st.info("Chưa có số liệu.")
else:
    st.dataframe(tables.gaps_display(gaps.iloc[0]), hide_index=True, width="stretch")
    st.caption("Khoảng cách điểm = điểm của đơn vị so sánh − điểm của tỉnh (dương: tỉnh đang kém). "
               "Ô “chưa có số liệu” khi một trong hai điểm chưa được công bố; "
               "“tốt nhất trong vùng” chỉ tính khi cả năm có đủ điểm.")
provenance_legend()
source_caption()

end_page("province")
