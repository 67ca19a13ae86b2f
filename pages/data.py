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
from dti.i18n import t
from dti.i18n.text import localized
from dti.reference import DataError
from dti.registry import unit_set as unit_set_of
from ui.cache import cached_query
from ui.frame import page_frame
from ui.roles import current_name, login_box
from ui.url_state import url_tabs
from ui.widgets import XLSX_MIME, plain, source_caption


def _mapping_step(preview: import_preview.Preview, overrides: dict[str, str], year: int, version: str,
                  lang: str) -> None:
    """The header-mapping step: what each column was read as, and a choice for the others."""
    shown = pd.DataFrame({
        t("data_page.map_column", lang): [c.letter for c in preview.columns],
        t("data_page.map_label", lang): [c.label for c in preview.columns],
        t("data_page.map_read_as", lang): [_target_label(c, lang) for c in preview.columns],
    })
    to_choose = [c for c in preview.columns if c.role is None or c.letter in overrides]
    with st.expander(t("data_page.mapping", lang), expanded=bool(preview.unmapped_columns)):
        st.dataframe(shown, hide_index=True)
        if not to_choose:
            return
        choices = import_mapping.mapping_choices(year, version, lang)
        options = ["", *choices]
        for column in to_choose:
            current = overrides.get(column.letter, "")
            picked = st.selectbox(
                plain(t("data_page.map_pick", lang, letter=column.letter,
                        label=column.label or t("data_page.no_label", lang))),
                options, index=options.index(current) if current in options else 0,
                format_func=lambda target: choices.get(target, t("data_page.unpicked", lang)),
                key=f"data_map_{preview.file_sha256[:12]}_{column.letter}")
            if picked != current:
                overrides[column.letter] = picked
                st.rerun()


def _target_label(column: import_header.Column, lang: str) -> str:
    if column.role == "value":
        return f"{t(f'data.measure_{column.measure}', lang)} {column.metric}"
    if column.role in ("province", "code", "year", "ignore"):
        return t(f"data_page.role_{column.role}", lang)
    return t("data_page.role_none", lang)


def _metric_names(version: str) -> dict[str, str]:
    indicators = cached_query("indicators_by_framework", version)
    return {**dict(zip(indicators["code"], indicators["name_vi"])), "dti": "DTI"}


def _diff_table(preview: import_preview.Preview, version: str, lang: str) -> None:
    shown = display.import_diff_display(preview.diff, _metric_names(version), lang)
    overwrite = t("data.diff_overwrite", lang)

    def highlight(row):
        colour = "background-color: #FDECEA" if row[overwrite] else ""
        return [colour] * len(row)

    st.dataframe(shown.style.apply(highlight, axis=1), hide_index=True, column_config={
        overwrite: st.column_config.CheckboxColumn(help=t("data_page.overwrite_help", lang)),
    })


@st.cache_data(show_spinner="Đang đọc tệp…", max_entries=8)
def _preview(content: bytes, file_name: str, year: int, units: str | None, sheet: str | None,
             overrides: tuple[tuple[str, str], ...], data_version: str) -> import_preview.Preview:
    """Read and check a file once per (file, choices, data version), not on every rerun."""
    return import_preview.preview_import(content, file_name, year, units, sheet, dict(overrides), data_version)


def _units_choice_label(units: str | None, year: int, version: str, lang: str) -> str:
    """'63 tỉnh, thành phố', 'khai báo trong tệp', or a stored set's own label."""
    if units is None:
        return t("data_page.units_in_file" if year == 2024 else "data_page.units_by_year", lang)
    if units in registry.UNIT_SET_BY_URL:
        return t("file.units", lang, n=units)
    return registry.unit_set_for_url(units, version).title(lang)


def _import_section(admin: str, state) -> None:
    lang = state.lang
    year_column, units_column, sheet_column = st.columns(3)
    year = int(year_column.number_input(t("data_page.year", lang), min_value=2020, max_value=2100,
                                        value=state.year or 2024, step=1, key="data_import_year"))
    # 2024 is published in both country sets (choose one); a file may also declare its own set (a
    # province's communes) in its title lines, or belong to a set an earlier file declared.
    declared = [u for u in registry.unit_sets(state.data_version).values() if u.code not in registry.UNIT_SETS]
    options = (["63", "34", None] if year == 2024 else [None]) + [u.url_value for u in declared]
    units = None
    if len(options) > 1:
        units = units_column.radio(
            t("data_page.units", lang), options, horizontal=True, key="data_import_units",
            format_func=lambda u: _units_choice_label(u, year, state.data_version, lang))
    sheet = sheet_column.text_input(t("data_page.sheet", lang), key="data_import_sheet").strip()
    uploaded = st.file_uploader(t("data_page.upload", lang), type=["csv", "xlsx"],
                                max_upload_size=import_grid.MAX_FILE_BYTES // (1024 * 1024),
                                key=f"data_upload_{st.session_state.get('data_upload_round', 0)}")
    if uploaded is None:
        st.caption(t("data_page.upload_help", lang))
        return
    content = uploaded.getvalue()
    sha = hashlib.sha256(content).hexdigest()
    overrides = st.session_state.setdefault("data_overrides", {}).setdefault(sha, {})
    preview = _preview(content, uploaded.name, year, units, sheet or None,
                       tuple(sorted((k, v) for k, v in overrides.items() if v)), state.data_version)
    if preview.columns:
        _mapping_step(preview, overrides, year, state.data_version, lang)
    if preview.declared_set is not None:  # the file brings its own unit set (a province's communes)
        declared = preview.declared_set.as_unit_set()
        st.info(plain(t("units.declared_new", lang, code=declared.code, label=declared.title(lang), n=declared.size,
                        noun=declared.noun(lang))))
    if preview.unit_set and import_preview.unit_set_of(preview).is_generated:
        st.warning(t("units.generated_import", lang))
    for error in preview.errors:
        st.error(plain(localized(error, lang)))
    for warning in preview.warnings:
        st.warning(plain(localized(warning, lang)))
    if preview.errors:
        st.caption(t("data_page.nothing_written", lang))
        return
    counts = st.columns(4)
    counts[0].metric(t("data_page.count_new", lang), preview.count("new"))
    counts[1].metric(t("data.log_changed", lang), preview.count("changed"))
    counts[2].metric(t("data.log_unchanged", lang), preview.count("unchanged"))
    counts[3].metric(t("data.diff_overwrite", lang), preview.published_change_count)
    _diff_table(preview, state.data_version, lang)
    confirmed = True
    if preview.warnings:
        confirmed = st.checkbox(t("data_page.confirm", lang), key=f"data_confirm_{sha[:12]}")
    if st.button(t("data_page.commit", lang), type="primary", disabled=not confirmed, key="data_commit"):
        try:
            result = import_commit.commit_import(preview, admin, confirm_warnings=confirmed)
        except (DataError, store.DatabaseUnavailable) as error:
            st.error(plain(localized(error, lang)))
            return
        # A fresh uploader after a commit: the file just written is not offered again.
        st.session_state["data_upload_round"] = st.session_state.get("data_upload_round", 0) + 1
        if result.import_id is None:
            st.session_state["data_message"] = t("data_page.no_change", lang)
        else:
            st.session_state["data_message"] = t("data_page.imported", lang, id=result.import_id,
                                                 new=result.new_count, changed=result.changed_count,
                                                 unchanged=result.unchanged_count)
        st.rerun()


def _log_section(admin: str | None, version: str, lang: str) -> None:
    records = cached_query("import_records", version)
    if records.empty:
        st.info(t("data_page.no_imports", lang))
    else:
        st.dataframe(display.import_log_display(records, lang), hide_index=True)
    standing = [int(i) for i in records.loc[records["undone_at"].isna(), "import_id"]] if len(records) else []
    if not standing:
        return
    if admin is None:
        st.caption(t("data_page.undo_login", lang))
        return
    last = st.selectbox(t("data_page.undo_pick", lang), standing, key="data_undo_id",
                        format_func=lambda i: t("data_page.import_n", lang, id=i))
    confirmed = st.checkbox(t("data_page.undo_confirm", lang, id=last), key="data_undo_confirm")
    if st.button(t("data_page.undo", lang, id=last), key="data_undo", disabled=not confirmed):
        try:
            import_commit.undo_import(int(last), admin)
        except (DataError, store.DatabaseUnavailable) as error:
            st.error(plain(localized(error, lang)))
            return
        st.session_state["data_message"] = t("data_page.undone", lang, id=last)
        st.rerun()


def _export_section(state) -> None:
    lang = state.lang
    if state.year is None:
        st.info(t("data_page.no_year", lang))
        return
    st.markdown(t("data_page.export", lang, year=state.year, n=state.unit_count,
                  noun=unit_set_of(state.unit_set).noun(lang)))
    if state.unit_set == "p34" and state.year < 2024:
        st.caption(t("data_page.export_p34", lang))
    stem = f"dti-{state.year}-{state.unit_count}-tinh"
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        t("data_page.csv", lang), lambda: exporter.export_year(state.unit_set, state.year, "csv", state.data_version),
        file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key="data_export_csv")
    xlsx_column.download_button(
        t("data_page.xlsx", lang), lambda: exporter.export_year(state.unit_set, state.year, "xlsx", state.data_version),
        file_name=f"{stem}.xlsx", on_click="ignore", key="data_export_xlsx",
        mime=XLSX_MIME)


with page_frame("Dữ liệu", "data") as state:
    lang = state.lang
    st.title(t("data_page.title", lang))
    message = st.session_state.pop("data_message", None)
    if message:
        st.success(message)
    import_tab, log_tab, export_tab = url_tabs(
        {tab: t(f"data_page.tab_{tab}", lang) for tab in ("nhap", "nhat-ky", "xuat")}, param="tab", key="data_tab",
        default="nhap", lang=lang)
    with import_tab:
        # One login for every screen (ui/roles.py): admins import; without a configured token this
        # machine's own token (printed at start) is the admin's.
        role = login_box("data", action="import", lang=lang)
        admin = current_name() if access.can(role, "import") else None
        if admin is not None:
            _import_section(admin, state)
    with log_tab:
        _log_section(admin, state.data_version, lang)
    with export_tab:
        _export_section(state)
    source_caption(lang=lang)
