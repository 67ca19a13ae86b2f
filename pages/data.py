"""Dữ liệu: import a year's official results (admins only), the import log with undo, exports.

Nothing from a file is rendered as HTML: messages are shown with Markdown escaped and
tables through st.dataframe.
"""

import hashlib

import pandas as pd
import streamlit as st

from dti import (
    access,
    display,
    exporter,
    import_commit,
    import_grid,
    import_header,
    import_mapping,
    import_preview,
    registry,
    store,
)
from dti.display import MEASURE_WORDS
from dti.i18n import t
from dti.reference import DataError
from ui.cache import cached_query
from ui.frame import page_frame
from ui.roles import current_name, login_box
from ui.url_state import url_tabs
from ui.widgets import XLSX_MIME, plain, source_caption


def _mapping_step(preview: import_preview.Preview, overrides: dict[str, str], year: int, version: str) -> None:
    """The header-mapping step: what each column was read as, and a choice for the others."""
    shown = pd.DataFrame({
        "Cột": [c.letter for c in preview.columns],
        "Tiêu đề trong tệp": [c.label for c in preview.columns],
        "Hiểu là": [_target_label(c) for c in preview.columns],
    })
    to_choose = [c for c in preview.columns if c.role is None or c.letter in overrides]
    with st.expander("Ánh xạ cột", expanded=bool(preview.unmapped_columns)):
        st.dataframe(shown, hide_index=True)
        if not to_choose:
            return
        choices = import_mapping.mapping_choices(year, version)
        options = ["", *choices]
        for column in to_choose:
            current = overrides.get(column.letter, "")
            picked = st.selectbox(
                plain(f"Cột {column.letter} ('{column.label or 'không có tiêu đề'}') là"),
                options, index=options.index(current) if current in options else 0,
                format_func=lambda target: choices.get(target, "(chưa chọn — bỏ qua)"),
                key=f"data_map_{preview.file_sha256[:12]}_{column.letter}")
            if picked != current:
                overrides[column.letter] = picked
                st.rerun()


def _target_label(column: import_header.Column) -> str:
    if column.role == "value":
        return f"{MEASURE_WORDS[column.measure]} {column.metric}"
    return {"province": "tỉnh, thành phố", "code": "mã tỉnh", "year": "năm", "ignore": "bỏ qua"}.get(
        column.role, "không ánh xạ được (bỏ qua)")


def _metric_names(version: str) -> dict[str, str]:
    indicators = cached_query("indicators_by_framework", version)
    return {**dict(zip(indicators["code"], indicators["name_vi"])), "dti": "DTI"}


def _diff_table(preview: import_preview.Preview, version: str) -> None:
    shown = display.import_diff_display(preview.diff, _metric_names(version))

    def highlight(row):
        colour = "background-color: #FDECEA" if row["Ghi đè số liệu công bố"] else ""
        return [colour] * len(row)

    st.dataframe(shown.style.apply(highlight, axis=1), hide_index=True, column_config={
        "Ghi đè số liệu công bố": st.column_config.CheckboxColumn(
            help="Giá trị đã công bố hoặc suy ra từ nguồn chính thức sẽ bị thay"),
    })


@st.cache_data(show_spinner="Đang đọc tệp…", max_entries=8)
def _preview(content: bytes, file_name: str, year: int, units: str | None, sheet: str | None,
             overrides: tuple[tuple[str, str], ...], data_version: str) -> import_preview.Preview:
    """Read and check a file once per (file, choices, data version), not on every rerun."""
    return import_preview.preview_import(content, file_name, year, units, sheet, dict(overrides), data_version)


def _units_choice_label(units: str | None, year: int, version: str) -> str:
    """'63 tỉnh, thành phố', 'khai báo trong tệp', or a stored set's own label."""
    if units is None:
        return "khai báo trong tệp" if year == 2024 else "theo năm hoặc khai báo trong tệp"
    if units in registry.UNIT_SET_BY_URL:
        return f"{units} tỉnh, thành phố"
    return registry.unit_set_for_url(units, version).title()


def _import_section(admin: str, state) -> None:
    year_column, units_column, sheet_column = st.columns(3)
    year = int(year_column.number_input("Năm đánh giá của số liệu", min_value=2020, max_value=2100,
                                        value=state.year or 2024, step=1, key="data_import_year"))
    # 2024 is published in both country sets (choose one); a file may also declare its own set (a
    # province's communes) in its title lines, or belong to a set an earlier file declared.
    declared = [u for u in registry.unit_sets(state.data_version).values() if u.code not in registry.UNIT_SETS]
    options = (["63", "34", None] if year == 2024 else [None]) + [u.url_value for u in declared]
    units = None
    if len(options) > 1:
        units = units_column.radio(
            "Bộ đơn vị của tệp", options, horizontal=True, key="data_import_units",
            format_func=lambda u: _units_choice_label(u, year, state.data_version))
    sheet = sheet_column.text_input("Trang tính (để trống: trang đầu tiên)", key="data_import_sheet").strip()
    uploaded = st.file_uploader("Tệp kết quả chính thức (CSV hoặc XLSX, tối đa 10 MB)", type=["csv", "xlsx"],
                                max_upload_size=import_grid.MAX_FILE_BYTES // (1024 * 1024),
                                key=f"data_upload_{st.session_state.get('data_upload_round', 0)}")
    if uploaded is None:
        st.caption("Tệp có một dòng tiêu đề (có thể có dòng tiêu đề lớn phía trên, ô gộp): cột "
                   "\"Tỉnh/Thành phố\" và các cột \"Chỉ số DTI\", \"Xếp hạng\", tên các chỉ số chính. "
                   "Mẫu: tải tệp ở thẻ \"Xuất dữ liệu\".")
        return
    content = uploaded.getvalue()
    sha = hashlib.sha256(content).hexdigest()
    overrides = st.session_state.setdefault("data_overrides", {}).setdefault(sha, {})
    preview = _preview(content, uploaded.name, year, units, sheet or None,
                       tuple(sorted((k, v) for k, v in overrides.items() if v)), state.data_version)
    if preview.columns:
        _mapping_step(preview, overrides, year, state.data_version)
    if preview.declared_set is not None:  # the file brings its own unit set (a province's communes)
        declared = preview.declared_set
        st.info(plain(t("units.declared_new", state.lang, code=declared.code, label=declared.label_vi, n=declared.size,
                        noun=declared.noun_vi)))
    if preview.unit_set and import_preview.unit_set_of(preview).is_generated:
        st.warning(t("units.generated_import", state.lang))
    for error in preview.errors:
        st.error(plain(error))
    for warning in preview.warnings:
        st.warning(plain(warning))
    if preview.errors:
        st.caption("Chưa ghi gì. Sửa tệp rồi tải lên lại.")
        return
    counts = st.columns(4)
    counts[0].metric("Giá trị mới", preview.count("new"))
    counts[1].metric("Thay đổi", preview.count("changed"))
    counts[2].metric("Không đổi", preview.count("unchanged"))
    counts[3].metric("Ghi đè số liệu công bố", preview.published_change_count)
    _diff_table(preview, state.data_version)
    confirmed = True
    if preview.warnings:
        confirmed = st.checkbox("Tôi đã xem các cảnh báo và vẫn muốn nhập", key=f"data_confirm_{sha[:12]}")
    if st.button("Ghi vào cơ sở dữ liệu", type="primary", disabled=not confirmed, key="data_commit"):
        try:
            result = import_commit.commit_import(preview, admin, confirm_warnings=confirmed)
        except (DataError, store.DatabaseUnavailable) as error:
            st.error(plain(error))
            return
        # A fresh uploader after a commit: the file just written is not offered again.
        st.session_state["data_upload_round"] = st.session_state.get("data_upload_round", 0) + 1
        if result.import_id is None:
            st.session_state["data_message"] = "Không có gì thay đổi: mọi giá trị trong tệp đã có sẵn."
        else:
            st.session_state["data_message"] = (
                f"Đã nhập (lần nhập số {result.import_id}): {result.new_count} giá trị mới, "
                f"{result.changed_count} thay đổi, {result.unchanged_count} không đổi.")
        st.rerun()


def _log_section(admin: str | None, version: str) -> None:
    records = cached_query("import_records", version)
    if records.empty:
        st.info("Chưa có lần nhập nào trong phiên bản dữ liệu hiện tại.")
    else:
        st.dataframe(display.import_log_display(records), hide_index=True)
    standing = [int(i) for i in records.loc[records["undone_at"].isna(), "import_id"]] if len(records) else []
    if not standing:
        return
    if admin is None:
        st.caption("Đăng nhập quản trị để hoàn tác một lần nhập.")
        return
    last = st.selectbox("Lần nhập cần hoàn tác", standing, key="data_undo_id",
                        format_func=lambda i: f"Lần nhập số {i}")
    confirmed = st.checkbox(f"Tôi xác nhận hoàn tác lần nhập số {last} (các giá trị nó thay thế được khôi phục; "
                            "lần nhập vẫn ở nhật ký, đánh dấu đã hoàn tác)", key="data_undo_confirm")
    if st.button(f"Hoàn tác lần nhập số {last}", key="data_undo", disabled=not confirmed):
        try:
            import_commit.undo_import(int(last), admin)
        except (DataError, store.DatabaseUnavailable) as error:
            st.error(plain(error))
            return
        st.session_state["data_message"] = f"Đã hoàn tác lần nhập số {last}."
        st.rerun()


def _export_section(state) -> None:
    if state.year is None:
        st.info("Bộ đơn vị này chưa có năm nào có số liệu.")
        return
    st.markdown(f"Số liệu DTI {state.year} của {state.unit_count} {state.units.noun_vi}, theo đúng mẫu nhập "
                "(nhập lại tệp này cho ra cùng giá trị). Chọn năm ở thanh bên.")
    if state.unit_set == "p34" and state.year < 2024:
        st.caption("Số liệu 34 tỉnh, thành phố trước năm 2024 được tính lại từ 63 tỉnh, thành phố (trung "
                   "bình các tỉnh cũ): tải về để xem, không nhập lại được; hãy nhập bản 63 tỉnh, thành phố.")
    stem = f"dti-{state.year}-{state.unit_count}-tinh"
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        "Tải CSV", lambda: exporter.export_year(state.unit_set, state.year, "csv", state.data_version),
        file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key="data_export_csv")
    xlsx_column.download_button(
        "Tải XLSX", lambda: exporter.export_year(state.unit_set, state.year, "xlsx", state.data_version),
        file_name=f"{stem}.xlsx", on_click="ignore", key="data_export_xlsx",
        mime=XLSX_MIME)


with page_frame("Dữ liệu", "data") as state:
    st.title("Dữ liệu: nhập kết quả, nhật ký, xuất")
    message = st.session_state.pop("data_message", None)
    if message:
        st.success(message)
    import_tab, log_tab, export_tab = url_tabs(
        {"nhap": "Nhập kết quả", "nhat-ky": "Nhật ký nhập", "xuat": "Xuất dữ liệu"}, param="tab", key="data_tab",
        default="nhap")
    with import_tab:
        # One login for every screen (ui/roles.py): admins import; without a configured token this
        # machine's own token (printed at start) is the admin's.
        role = login_box("data", action="import")
        admin = current_name() if access.can(role, "import") else None
        if admin is not None:
            _import_section(admin, state)
    with log_tab:
        _log_section(admin, state.data_version)
    with export_tab:
        _export_section(state)
    source_caption()
