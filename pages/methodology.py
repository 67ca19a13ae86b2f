"""Phương pháp và nguồn: the index tree per method, how totals are computed, the tie rule,
what changed in 2021, 2024 and on 1/7/2025, and the source of every number."""

import streamlit as st

from dti import charts, display
from dti.display import FRAMEWORK_LABELS
from ui.cache import cached_query
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import plotly_chart, source_caption

FRAMEWORK_TEXT = {
    "qd1726": ("Năm 2020. Ba trụ cột Chính quyền số 400 điểm, Kinh tế số 300 điểm, Xã hội số 300 điểm "
               "(108 chỉ số thành phần).\n\n**DTI = 0,4 × CQS + 0,3 × KTS + 0,3 × XHS** "
               "(kiểm chứng trên số liệu công bố của Quảng Ninh, Bắc Ninh, Bắc Giang năm 2020)."),
    "qd922": ("Năm 2021–2023. 9 chỉ số chính, 98 chỉ số thành phần (95 tính điểm), tổng 1.000 điểm; "
              "Đô thị thông minh được trình bày nhưng không tính điểm.\n\n"
              "**DTI = Σ (trọng số × giá trị chỉ số chính) / 1.000** — tái tạo đúng tổng điểm 2022 của năm tỉnh "
              "dẫn đầu (±0,0001).\n\n"
              "Ba trụ cột được công bố riêng, mỗi trụ cột gồm năm chỉ số nền tảng và chỉ số hoạt động của nó:\n"
              "- **CQS = (100 × Σ 5 chỉ số nền tảng + 200 × HĐ chính quyền số) / 700**\n"
              "- **KTS = (100 × Σ 5 chỉ số nền tảng + 150 × HĐ kinh tế số) / 650**\n"
              "- **XHS = (100 × Σ 5 chỉ số nền tảng + 150 × HĐ xã hội số) / 650**\n\n"
              "Tổng điểm không phải tổng có trọng số của ba trụ cột."),
    "qd405": ("Từ năm 2024. 8 chỉ số chính, 47 chỉ số thành phần. Trọng số điểm của QĐ 405 chưa được công bố: "
              "ứng dụng không kiểm tra tổng có trọng số và chưa mô phỏng cho năm 2024 trở đi cho đến khi quản trị "
              "viên nhập trọng số. Năm 2024 được công bố cho cả 63 tỉnh cũ và 34 tỉnh mới."),
}


def _years_label(years: str) -> str:
    first, _, last = years.partition("-")
    return first if last == first else (f"từ {first}" if not last else f"{first}–{last}")


with page_frame("Phương pháp và nguồn", "methodology", with_year=False) as state:
    st.title("Phương pháp đánh giá và nguồn số liệu")
    indicators = cached_query("indicators_by_framework", state.data_version)

    frameworks = list(dict.fromkeys(indicators["framework"]))
    framework_years = dict(zip(indicators["framework"], indicators["years"]))
    # A URL-backed choice instead of st.tabs, so the method shown is in the link.
    chosen = url_widget(
        st.radio, "Phương pháp đánh giá", frameworks, param="method",
        key="methodology_method", default=frameworks[-1], horizontal=True, label_visibility="collapsed",
        format_func=lambda f: f"{FRAMEWORK_LABELS.get(f, f)} ({_years_label(framework_years[f])})",
        bad_value=lambda text: f"Không có phương pháp “{text}”; đang hiển thị phương pháp mới nhất.")
    framework = chosen
    tree = indicators[indicators["framework"] == framework]
    chart_column, text_column = st.columns([1, 1])
    decision = tree["decision"].iloc[0]
    plotly_chart(charts.index_tree, tree, f"Cấu trúc chỉ số theo Quyết định {decision}", state=state,
                 where=chart_column, file_stem=f"cau-truc-{framework}", key=f"tree_{framework}")
    text_column.markdown(FRAMEWORK_TEXT.get(framework, ""))
    st.dataframe(  # under both columns: five columns do not fit half the width at 1280×720
        display.framework_indicators_display(tree), hide_index=True, width="stretch",
        column_config={"name_vi": st.column_config.TextColumn("Chỉ số", width=260), "level": "Cấp",
                       "points": "Điểm", "component_count": "Số chỉ số thành phần", "is_scored": "Tính điểm"})

    st.header("Quy tắc xếp hạng")
    st.markdown(
        "Điểm được công bố trên thang 0–1 với 4 chữ số thập phân. Các tỉnh **bằng điểm thì cùng hạng, hạng kế tiếp "
        "bị bỏ qua**: năm 2022 Thanh Hóa và Yên Bái cùng hạng 15, Hậu Giang hạng 17, không có hạng 16. Ứng dụng dùng "
        "đúng quy tắc này ở mọi nơi. Khi một năm chưa có đủ điểm của mọi tỉnh, thứ hạng hiển thị là thứ hạng "
        "công bố.\n\n"
        "Thay đổi thứ hạng giữa hai năm khác phương pháp (2020 → 2021, 2023 → 2024) vẫn được hiển thị nhưng được "
        "đánh dấu ≠: mức điểm không so sánh trực tiếp được (trung bình cả nước 0,30 năm 2020, 0,40 năm 2021, "
        "0,68 năm 2023).")

    st.header("Sắp xếp đơn vị hành chính từ 1/7/2025")
    st.markdown(
        "Theo Nghị quyết 202/2025/QH15, 63 tỉnh, thành phố được sắp xếp thành **34 tỉnh, thành phố**; cấp huyện kết "
        "thúc hoạt động. Mã tỉnh được dùng lại giữa hai danh sách (mã 15 là Yên Bái trong 63 tỉnh, Lào Cai trong 34 "
        "tỉnh). Giá trị của tỉnh mới cho những năm trước được **tính lại** bằng trung bình các chỉ số của các tỉnh cũ "
        "(quy tắc chính thức dùng cho kết quả 2024 của 34 tỉnh), chỉ khi mọi tỉnh cũ đều có số liệu; giá trị tính lại "
        "được đánh dấu *, không bao giờ là số công bố.")
    successions = cached_query("units_in_set", state.data_version, unit_set="p34")
    st.dataframe(successions[["province_name", "former_province_names"]], hide_index=True, width="stretch",
                 column_config={"province_name": "Tỉnh, thành phố (từ 1/7/2025)",
                                "former_province_names": "Gồm các tỉnh, thành phố trước đây"})

    st.header("Nguồn số liệu")
    st.markdown(
        "Chỉ dùng số liệu thật có nguồn. **Công bố**: một nguồn nêu trực tiếp. **† Suy ra**: tính từ một thông tin "
        "công bố (ví dụ hạng 2020 của Hậu Giang = 17 + 11 từ “tăng 11 bậc”). **ⁱ Nhập từ tệp**: kết quả chính thức do "
        "người quản trị nhập. **\\* Tính lại**: theo quy tắc chính thức. **≈ Ước tính**: chỉ trong mô phỏng, luôn kèm "
        "khoảng giới hạn.")
    sources = cached_query("data_sources", state.data_version)
    st.dataframe(sources, hide_index=True, width="stretch",
                 # 'gave' is the data file's own English note (p63, units): not for the screen.
                 column_order=["publisher", "title", "url", "tier_label", "value_count"],
                 column_config={"publisher": st.column_config.TextColumn("Nơi công bố", width=120),
                                "title": st.column_config.TextColumn("Tài liệu", width=250),
                                "url": st.column_config.LinkColumn("Đường dẫn", width=170),
                                "tier_label": st.column_config.TextColumn("Mức tin cậy", width=150),
                                "value_count": st.column_config.NumberColumn("Số giá trị", width=70)})
    source_caption("Ranh giới hành chính: geoBoundaries.")
