"""The improvement plan as an XLSX to attach to the plan document: title, province, years,
source and export date above a table with Vietnamese headers; numbers stay numbers (with a
display format), dates stay dates; text that a spreadsheet would run as a formula is neutralised."""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dti.downloads import neutralise_formula
from dti.i18n import t
from dti.plans import Plan, status_label

HEADER_KEYS = ("number", "index", "component", "owner", "co_owners", "current", "target", "gap", "deadline",
               "status", "note")
HEADERS = tuple(t(f"plan_xlsx.{key}") for key in HEADER_KEYS)  # the Vietnamese headers
SCORE_FORMAT = "0.0000"  # shown with the reader's decimal sign (a comma in Vietnamese Excel)
DATE_FORMAT = "DD/MM/YYYY"
TABLE_ROW = 8  # header row; the facts above it
SOURCE = t("plan_xlsx.source")


def plan_xlsx(plan: Plan, province_name: str, index_names: dict[str, str], today: date,
              projection_text: str | None = None, lang: str = "vi") -> bytes:
    """One sheet "Kế hoạch": facts in rows 1–6, the table from row 8. `today` decides "chậm"
    and is the export date."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("plan_xlsx.sheet", lang)
    safe = neutralise_formula
    sheet["A1"] = safe(plan.title)
    sheet["A1"].font = Font(bold=True, size=14)
    facts = [(t("plan_xlsx.province", lang), province_name),
             (t("plan_xlsx.years", lang), f"{plan.base_year} / {plan.target_year}"),
             (t("plan_xlsx.revision", lang), t("plan_xlsx.revision_value", lang, revision=plan.revision,
                                               by=plan.saved_by, at=f"{plan.saved_at:%d/%m/%Y %H:%M}")
              if plan.revision and plan.saved_at else t("plan_xlsx.unsaved", lang)),
             (t("plan_xlsx.source_label", lang), t("plan_xlsx.source", lang)),
             (t("plan_xlsx.exported", lang), today)]
    if projection_text:
        facts.insert(4, (t("plan_xlsx.projection", lang), projection_text))
    for offset, (label, value) in enumerate(facts[:6], start=2):
        sheet.cell(row=offset, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=offset, column=2, value=safe(value))
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
    for column, header in enumerate((t(f"plan_xlsx.{key}", lang) for key in HEADER_KEYS), start=1):
        sheet.cell(row=TABLE_ROW, column=column, value=header).font = Font(bold=True)
    for number, row in enumerate(plan.rows, start=1):
        values = (number, index_names.get(row.main_index, row.main_index), row.component or "", row.owner,
                  row.co_owners, row.current_value, row.target_value, row.gap, row.deadline,
                  status_label(row.shown_status(today), lang), row.note)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=TABLE_ROW + number, column=column, value=safe(value))
            if column in (6, 7, 8):
                cell.number_format = SCORE_FORMAT
            elif column == 9 and value is not None:
                cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDEFGHIJK", (24, 28, 30, 24, 24, 14, 14, 12, 12, 16, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=TABLE_ROW + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
