"""Export a year in the import layout (CSV or XLSX); importing the export gives the same values.

Layout: one row per unit of the set; columns "Năm", "Mã tỉnh", "Tỉnh, thành phố", then per
metric (total, pillars, main indices, in the framework's order) its score column and its
rank column where the year has any such value. Blank cells are values we do not have.
Text cells beginning with = + - @ are neutralised so no spreadsheet runs them.
"""

import io

import pandas as pd

from dti import methodology, queries

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LEVEL_ORDER = {"total": 0, "pillar": 1, "main": 2}
# Column order as official tables print them; an unknown metric goes last, by code.
METRIC_ORDER = ("dti", "cqs", "kts", "xhs", "nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so",
                "an_toan_thong_tin_mang", "do_thi_thong_minh", "hd_chinh_quyen_so", "hd_kinh_te_so",
                "hd_xa_hoi_so")


def neutralise_cell(value):
    """A text cell a spreadsheet would treat as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def column_label(metric: str, measure: str, name_vi: str) -> str:
    """The header the importer maps back to (metric, measure)."""
    if metric == "dti":
        return "Chỉ số DTI" if measure == "score" else "Xếp hạng"
    return name_vi if measure == "score" else f"{name_vi} - Xếp hạng"


def export_frame(unit_set: str, year: int, version=None) -> pd.DataFrame:
    """The year's stored values in the import layout (numbers as numbers, blanks as NA)."""
    values = queries.values_for_year(unit_set, year, version)
    units = queries.units_in_set(unit_set, version).sort_values("province_code")
    indicators = queries.indicators_by_framework(version)
    frameworks = methodology.frameworks_from_rows(indicators.to_dict("records"))
    framework = methodology.framework_for_year(frameworks, year)
    names: dict[str, str] = {}
    if framework is not None:
        rows = indicators[indicators["framework"] == framework.code]
        names = {row.code: row.name_vi for row in rows.itertuples() if row.level in LEVEL_ORDER}
    frame = pd.DataFrame({
        "Năm": year,
        "Mã tỉnh": units["province_code"].to_numpy(),
        "Tỉnh, thành phố": units["province_name"].to_numpy(),
    })
    present = values[["metric", "measure"]].drop_duplicates()
    present = sorted(present.itertuples(index=False), key=lambda r: (
        METRIC_ORDER.index(r.metric) if r.metric in METRIC_ORDER else len(METRIC_ORDER), r.metric,
        r.measure != "score"))
    for metric, measure in present:
        label = column_label(metric, measure, names.get(metric, metric))
        by_code = values[(values["metric"] == metric) & (values["measure"] == measure)].set_index(
            "province_code")["value"]
        column = frame["Mã tỉnh"].map(by_code)
        frame[label] = column.astype("Int64") if measure == "rank" else column.astype("Float64")
    return frame


def export_year(unit_set: str, year: int, file_format: str, version=None) -> bytes:
    """The export file's bytes: 'csv' (UTF-8 with BOM, comma, dot decimals) or 'xlsx'."""
    frame = export_frame(unit_set, year, version)
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(c) for c in safe.columns]
    if file_format == "csv":
        return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    if file_format == "xlsx":
        return _xlsx(safe, f"DTI {year}")
    raise ValueError(f"Định dạng không hỗ trợ: {file_format} (csv hoặc xlsx)")


def _xlsx(frame: pd.DataFrame, title: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                cells.append(None)
            elif hasattr(value, "item"):
                cells.append(value.item())
            else:
                cells.append(value)
        sheet.append(cells)
    for cell in sheet[1]:
        cell.data_type = "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
