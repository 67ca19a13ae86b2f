"""Meeting-ready downloads of what a screen shows: CSV (UTF-8 with BOM, so Excel reads
Vietnamese) and XLSX with a title row and the source under the table."""

import io
from datetime import date

import numpy as np
import pandas as pd

from dti.display import region_label
from dti.formatting import PROVENANCE_LABELS, provenance_label
from dti.i18n import language, t

# Exported cells must never run as formulas in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Spreadsheets skip these before a formula sign (" =1+1", "\t=…", "\r\n=…" still run).
LEADING_BLANKS = " \t\r\n"

RANKING_HEADERS = {
    "rank": "Thứ hạng",
    "province_code": "Mã tỉnh",
    "province_name": "Tỉnh, thành phố",
    "score": "Điểm",
    "rank_change": "Thay đổi thứ hạng (+ là tăng)",
    "previous_year": "So với năm",
    "is_comparable": "Cùng phương pháp",
    "cqs_rank": "Hạng CQS",
    "kts_rank": "Hạng KTS",
    "xhs_rank": "Hạng XHS",
    "cqs_score": "Điểm CQS",
    "kts_score": "Điểm KTS",
    "xhs_score": "Điểm XHS",
    "region_name": "Vùng kinh tế - xã hội",
    "score_provenance": "Nguồn gốc điểm",
    "rank_provenance": "Nguồn gốc thứ hạng",
}


def ranking_headers(lang: str = "vi") -> dict[str, str]:
    """RANKING_HEADERS in the language (the same columns, the same order)."""
    return {column: t(f"dl.{column}", lang) for column in RANKING_HEADERS}


def neutralise_formula(value):
    """'=HYPERLINK(…)' -> \"'=HYPERLINK(…)\": text stays text in Excel and LibreOffice.

    Spreadsheets skip leading spaces, tabs and line breaks before a formula, so those count too.
    """
    if isinstance(value, str) and value.lstrip(LEADING_BLANKS).startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


YES_NO = {True: "có", False: "không"}


def _for_people(column: pd.Series, lang: str = "vi") -> pd.Series:
    """Codes a reader should never meet in a file: provenance codes and True/False in words."""
    if column.name is not None and str(column.name).endswith("provenance"):
        if language(lang) == "vi":
            return column.map(lambda code: PROVENANCE_LABELS.get(code, code) if isinstance(code, str) else code)
        return column.map(lambda code: provenance_label(code, lang) if isinstance(code, str) else code)
    if column.name == "region_name" and language(lang) != "vi":
        return column.map(lambda name: region_label(name, lang) if isinstance(name, str) else name)
    if pd.api.types.is_bool_dtype(column) or set(column.dropna().unique()) <= {True, False} and column.notna().any():
        yes_no = YES_NO if language(lang) == "vi" else {True: t("tbl.yes", lang), False: t("tbl.no", lang)}
        return column.map(lambda flag: yes_no.get(flag, flag) if isinstance(flag, (bool, np.bool_)) else flag)
    return column


def with_headers(frame: pd.DataFrame, headers: dict[str, str], lang: str = "vi") -> pd.DataFrame:
    """Keep the mapped columns, in mapping order, in the language's words, renamed to `headers`."""
    columns = [c for c in headers if c in frame.columns]
    worded = frame[columns].apply(lambda column: _for_people(column, lang))
    return worded.rename(columns=headers).map(neutralise_formula)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, title: str, source: str, lang: str = "vi") -> bytes:
    """One sheet: title in A1, the table from row 3, source and export date below it."""
    from openpyxl.styles import Font  # ≈ 0.2 s to import: only when a file is asked for, not on a page's first run

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, startrow=2, sheet_name="DTI")
        sheet = writer.sheets["DTI"]
        sheet["A1"] = neutralise_formula(title)
        sheet["A1"].font = Font(bold=True, size=14)
        footer_row = len(frame) + 5
        sheet.cell(row=footer_row, column=1, value=neutralise_formula(source))
        sheet.cell(row=footer_row + 1, column=1, value=t("dl.exported", lang, date=f"{date.today():%d/%m/%Y}"))
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(width, 45)
    return buffer.getvalue()
