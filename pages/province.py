"""Hồ sơ tỉnh: the press sentence, rank and score over the years, and the neighbours."""

import streamlit as st

from dti import charts, display, narrative, registry
from dti.formatting import format_score, generated_only, is_missing, marked_rank, with_provenance_mark
from ui.cache import cached_history, cached_query
from ui.frame import page_frame
from ui.widgets import copy_button, export_buttons, metric, plotly_chart, provenance_legend, rank_delta, source_caption

with page_frame("Hồ sơ tỉnh", "province") as state:
    if state.year is None:
        st.info("Chưa có số liệu cho bộ đơn vị này.")
        st.stop()

    ranking = cached_query("ranking_for_year", state.data_version, unit_set=state.unit_set,
                           year=state.year, metric="dti")
    row = ranking[ranking["province_code"] == state.province_code].iloc[0]
    history = cached_history(state.data_version, state.unit_set, state.province_code)
    # Method changes are data (the framework table), never literals here.
    frameworks = registry.frameworks_from_indicators(cached_query("indicators_by_framework", state.data_version))

    st.title(state.province_name)
    if state.unit_set == "p34":
        units = cached_query("units_in_set", state.data_version, unit_set="p34")
        former = units.loc[units["province_code"] == state.province_code, "former_province_names"].iloc[0]
        st.caption(f"Tỉnh, thành phố từ 1/7/2025, gồm: {former}. Số liệu trước 2024 được tính lại (*) "
                   "từ các tỉnh cũ khi đủ số liệu.")
    sentence = narrative.press_sentence(state.province_name, state.year, row, state.unit_count,
                                        noun=state.units.noun_vi)
    st.markdown(f"### {sentence}")
    copy_button(sentence)  # the sentence once; presenters paste it

    pillars = [(key, label) for key, label in (("cqs_rank", "Hạng CQS"), ("kts_rank", "Hạng KTS"),
                                                ("xhs_rank", "Hạng XHS")) if not is_missing(row[key])]
    columns = st.columns(5)
    metric(columns[0], f"Xếp hạng DTI {state.year}",
           marked_rank(row["rank"], row["rank_provenance"], row["is_rank_uncertain"], state.unit_count),
           **rank_delta(row["rank_change"]))
    metric(columns[1], "Điểm DTI", with_provenance_mark(format_score(row["score"]), row["score_provenance"]))
    for column, (key, label) in zip(columns[2:], pillars):  # pillars without a rank are not shown
        metric(column, label, marked_rank(row[key], generated_only(row.get(f"{key}_provenance")),
                                          row.get(f"is_{key}_uncertain")))
    if display.is_not_comparable(row["rank_change"], row["is_comparable"]):
        st.warning(f"Năm {int(row['previous_year'])} và {state.year} dùng hai phương pháp đánh giá khác nhau: "
                   "thay đổi thứ hạng chỉ mang tính tham khảo.")

    left, right = st.columns(2)
    with left:
        if history["rank"].isna().all():
            st.info("Chưa có số liệu thứ hạng qua các năm.")
        else:
            plotly_chart(charts.rank_history, history, state.unit_count,
                         narrative.rank_history_title(history, state.province_name),
                         registry.method_changes(frameworks), state=state, file_stem=f"thu-hang-{state.province_code}",
                         key=f"rank_history_{state.unit_set}_{state.province_code}")
    with right:
        if history["score"].notna().any():
            mean_label = state.units.mean_label()
            plotly_chart(charts.score_history, history, f"Điểm DTI và {mean_label[:1].lower()}{mean_label[1:]}",
                         mean_label, state=state, file_stem=f"diem-{state.province_code}",
                         key=f"score_history_{state.unit_set}_{state.province_code}")
        else:
            st.info(f"Chưa có điểm DTI công bố của {state.province_name} trong dữ liệu; "
                    "chỉ có thứ hạng. Nhập kết quả chính thức để xem điểm.")

    st.subheader(f"Trụ cột và chỉ số chính năm {state.year}")
    indices = cached_query("province_indices_for_year", state.data_version, unit_set=state.unit_set,
                           year=state.year, province_code=state.province_code)
    strengths, weaknesses, rule = narrative.strengths_and_weaknesses(indices, row["rank"])
    if indices["score"].notna().any():
        chart_column, text_column = st.columns([3, 2])
        plotly_chart(charts.index_scores, indices, f"{state.province_name}: điểm trụ cột và chỉ số chính {state.year}",
                     state=state, where=chart_column, file_stem=f"chi-so-{state.province_code}-{state.year}",
                     key=f"indices_{state.unit_set}_{state.province_code}_{state.year}")
    else:
        text_column = st.container()
        text_column.info(f"Chưa có điểm trụ cột, chỉ số chính của {state.province_name} năm {state.year} "
                         "trong dữ liệu.")
    with text_column:
        if strengths or weaknesses:
            st.markdown("**Điểm mạnh:** " + ("; ".join(strengths) or "không có"))
            st.markdown("**Điểm yếu:** " + ("; ".join(weaknesses) or "không có"))
        st.caption(rule)
    # Under both columns: five columns do not fit the side column at 1280×720.
    mean_label = state.units.mean_label()  # 'Trung bình cả nước', 'Trung bình 102 xã, phường'
    st.dataframe(display.only_informative(display.indices_display(indices, mean_label)), hide_index=True,
                 width="stretch")

    st.subheader("Qua các năm")
    st.dataframe(display.only_informative(display.history_display(history, state.unit_count, mean_label)),
                 hide_index=True, width="stretch")
    st.caption(f"≠ Khác phương pháp đánh giá với năm trước ({registry.method_periods(frameworks)}): "
               "thay đổi thứ hạng không so sánh trực tiếp được.")

    if state.unit_set == "p34":
        st.subheader("Các tỉnh cũ hợp thành")
        merged = {"from_unit_set": "p63", "to_unit_set": "p34", "province_code": state.province_code}
        formers = cached_query("former_province_histories", state.data_version, metric="dti", **merged)
        side_by_side = display.former_histories_display(formers)
        st.dataframe(side_by_side, hide_index=True, width="stretch",
                     column_config={column: st.column_config.TextColumn(width=60 if column == "Năm" else 160)
                                    for column in side_by_side.columns})
        st.caption("Thứ hạng DTI · điểm của đơn vị mới (mới: trong 34 tỉnh, thành phố) bên cạnh từng tỉnh cũ "
                   "(trong 63 tỉnh, thành phố). Năm trước 1/7/2025, điểm của đơn vị mới là trung bình điểm "
                   "các tỉnh cũ (*), chỉ khi mọi tỉnh cũ đều có điểm.")
        coverage = cached_query("merged_unit_rebuild_coverage", state.data_version, **merged)
        missing = coverage[coverage["rebuild_status"] == "not_rebuilt"]
        if missing.empty:
            st.caption("Mọi năm, mọi chỉ số đều tính lại được từ các tỉnh cũ.")
        else:
            with st.expander(f"Những gì chưa tính lại được ({len(missing)} năm × chỉ số) và vì sao"):
                names = dict(zip(indices["indicator_code"], indices["name_vi"])) | {"dti": "DTI"}
                st.dataframe(display.rebuild_coverage_display(missing, names), hide_index=True, width="stretch")

    st.subheader(f"Khoảng cách điểm năm {state.year}")
    gaps = cached_query("province_gaps", state.data_version, unit_set=state.unit_set, year=state.year,
                        province_code=state.province_code, metric="dti")
    if gaps.empty:
        st.info("Chưa có số liệu.")
    else:
        st.dataframe(display.only_informative(display.gaps_display(gaps.iloc[0], ranking, state.noun_title,
                                                                     state.noun_title, mean_label)),
                     hide_index=True, width="stretch")
        st.caption("Khoảng cách điểm = điểm của đơn vị so sánh − điểm của tỉnh (dương: tỉnh đang kém). "
                   "Ô “chưa có số liệu” khi một trong hai điểm chưa được công bố; "
                   "“tốt nhất trong vùng” chỉ tính khi cả năm có đủ điểm.")
    provenance_legend()
    source_caption(state=state, years=history["year"], province_codes=[state.province_code],
                   metrics=["dti", *indices["indicator_code"]], with_national_mean=True)
    export_buttons(state.province_code, state.year, state.unit_set, state.lang, chart_key="history",
                   version=state.data_version)
