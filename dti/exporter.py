"""Export a year in the import layout (CSV or XLSX); importing the export gives the same values.

Layout: one row per unit of the set; columns "Năm", "Mã tỉnh", "Tỉnh, thành phố", then per
metric (total, pillars, main indices, in the framework's order) its score column and its
rank column where the year has any such value. Blank cells are values we do not have.
Text cells beginning with = + - @ are neutralised (downloads.neutralise_formula).
"""

import csv
import io

import pandas as pd

from dti import downloads, import_unit_set, queries, registry
from dti.i18n import t

SOURCE_NOTE = ("Nguồn: cơ sở dữ liệu DTI của ứng dụng (số liệu công bố, suy ra, nhập từ tệp); "
               "danh sách nguồn ở trang Phương pháp, các lần nhập ở trang Dữ liệu.")
GENERATED_SOURCE_NOTE = t("sources.generated_note", "vi")  # one wording with the screens' source line
LEVEL_ORDER = {"total": 0, "pillar": 1, "main": 2}
# Column order as official tables print them; an unknown metric goes last, by code.
METRIC_ORDER = ("dti", "cqs", "kts", "xhs", "nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so",
                "an_toan_thong_tin_mang", "do_thi_thong_minh", "hd_chinh_quyen_so", "hd_kinh_te_so",
                "hd_xa_hoi_so")


def column_label(metric: str, measure: str, name_vi: str) -> str:
    """The header the importer maps back to (metric, measure)."""
    if metric == "dti":
        return "Chỉ số DTI" if measure == "score" else "Xếp hạng"
    return name_vi if measure == "score" else f"{name_vi} - Xếp hạng"


def export_frame(unit_set: str, year: int, version=None) -> pd.DataFrame:
    """The year's stored values in the import layout (numbers as numbers, blanks as NA)."""
    values = queries.run_query("values_for_year", version, unit_set=unit_set, year=year)
    units = queries.run_query("units_in_set", version, unit_set=unit_set).sort_values("province_code")
    indicators = queries.run_query("indicators_by_framework", version)
    framework = registry.framework_for_year(year, version)
    names: dict[str, str] = {}
    if framework is not None:
        rows = indicators[indicators["framework"] == framework.code]
        names = {row.code: row.name_vi for row in rows.itertuples() if row.level in LEVEL_ORDER}
    # The set's own words, which the importer reads back: 'Mã tỉnh', 'Tỉnh, thành phố' / 'Mã xã', 'Xã, phường'.
    noun = registry.unit_set(unit_set, version).noun_vi
    code_header = f"Mã {noun.split(',')[0].strip()}"
    frame = pd.DataFrame({
        "Năm": year,
        code_header: units["province_code"].to_numpy(),
        noun[:1].upper() + noun[1:]: units["province_name"].to_numpy(),
    })
    present = values[["metric", "measure"]].drop_duplicates()
    present = sorted(present.itertuples(index=False), key=lambda r: (
        METRIC_ORDER.index(r.metric) if r.metric in METRIC_ORDER else len(METRIC_ORDER), r.metric,
        r.measure != "score"))
    for metric, measure in present:
        label = column_label(metric, measure, names.get(metric, metric))
        by_code = values[(values["metric"] == metric) & (values["measure"] == measure)].set_index(
            "province_code")["value"]
        column = frame[code_header].map(by_code)
        frame[label] = column.astype("Int64") if measure == "rank" else column.astype("Float64")
    return frame


def _declaration(units: registry.UnitSet, version) -> list[str]:
    """A declared set's title lines (the CSV then re-imports on its own), with its parent's name."""
    parent = None
    if units.parent_unit_set and units.parent_unit_code:
        parents = queries.run_query("units_in_set", version, unit_set=units.parent_unit_set)
        found = parents.loc[parents["province_code"] == units.parent_unit_code, "province_name"]
        parent = str(found.iloc[0]) if len(found) else None
    return import_unit_set.declaration_for(units, parent)


def export_year(unit_set: str, year: int, file_format: str, version=None) -> bytes:
    """The export file's bytes: 'csv' (UTF-8 with BOM, header in row 1) or 'xlsx' (title row,
    the table, the source under it: the importer reads both)."""
    frame = export_frame(unit_set, year, version)
    safe = frame.map(downloads.neutralise_formula)
    safe.columns = [downloads.neutralise_formula(c) for c in safe.columns]
    units = registry.unit_set(unit_set, version)
    if file_format == "csv":
        declaration = _declaration(units, version)
        if not declaration:
            return downloads.csv_bytes(safe)
        lines = io.StringIO()
        csv.writer(lines, lineterminator="\r\n").writerows([line] for line in declaration)
        return lines.getvalue().encode("utf-8-sig") + downloads.csv_bytes(safe).removeprefix("\ufeff".encode())
    if file_format == "xlsx":
        title = f"Chỉ số chuyển đổi số cấp tỉnh (DTI) {year} — {units.short_label}"
        if units.is_generated:
            title += f" — {import_unit_set.GENERATED_MARK}"
        return downloads.xlsx_bytes(safe, title, GENERATED_SOURCE_NOTE if units.is_generated else SOURCE_NOTE)
    raise ValueError(f"Định dạng không hỗ trợ: {file_format} (csv hoặc xlsx)")
