"""The plan's XLSX, opened with openpyxl: title and facts, Vietnamese headers, numbers as numbers
with a display format, dates as dates, formula-like text neutralised (also after blanks)."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from dti.downloads import neutralise_formula
from dti.plan_export import HEADERS, TABLE_ROW, plan_xlsx
from dti.plans import Plan, PlanRow

NAMES = {"hd_kinh_te_so": "Hoạt động kinh tế số", "hd_chinh_quyen_so": "Hoạt động chính quyền số"}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", " =1+1", "\t=1+1", "\r=1+1", "\n=1+1",
                                  " \t\r\n@x"])
def test_formula_like_text_is_neutralised_even_after_blanks(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Sở Công Thương", "a=b", "", 0.5, -1, None])
def test_other_values_are_left_alone(value):
    assert neutralise_formula(value) == value


def test_the_plan_sheet_is_ready_to_attach_to_the_plan_document():
    rows = (PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.5904, 0.9, date(2024, 6, 30), "dang_thuc_hien",
                    "Sở Tài chính", note="\t=HYPERLINK(\"http://x\")", row_id="r1"),
            PlanRow("hd_chinh_quyen_so", "@Sở Nội vụ", 0.8385, 0.9076, None, "hoan_thanh",
                    component=" +Dịch vụ công", row_id="r2"))
    plan = Plan("p63", "22", 2023, 2024, "=Kế hoạch cải tiến DTI Quảng Ninh", rows, plan_id="p1", revision=2,
                saved_at=datetime(2024, 7, 1, 9, 30), saved_by="Nguyễn Văn A")
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan, "Quảng Ninh", NAMES, date(2024, 7, 10))))
    sheet = book["Kế hoạch"]
    assert sheet["A1"].value == "'=Kế hoạch cải tiến DTI Quảng Ninh"
    facts = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(2, TABLE_ROW)}
    assert facts["Tỉnh, thành phố"] == "Quảng Ninh"
    assert facts["Năm gốc / năm mục tiêu"] == "2023 / 2024"
    assert facts["Bản lưu"] == "bản 2, Nguyễn Văn A, 01/07/2024 09:30"
    assert facts["Nguồn"].startswith("Nguồn: giá trị hiện tại theo số liệu DTI công bố")
    assert facts["Ngày xuất"] == datetime(2024, 7, 10)
    assert [c.value for c in sheet[TABLE_ROW]] == list(HEADERS)
    first = [c for c in sheet[TABLE_ROW + 1]]
    assert [c.value for c in first] == [1, "Hoạt động kinh tế số", None, "Sở Công Thương", "Sở Tài chính",
                                        0.5904, 0.9, 0.3096, datetime(2024, 6, 30), "chậm",
                                        "'\t=HYPERLINK(\"http://x\")"]
    assert [first[i].number_format for i in (5, 6, 7)] == ["0.0000"] * 3
    assert first[8].number_format == "DD/MM/YYYY"
    second = [c.value for c in sheet[TABLE_ROW + 2]]
    assert second[2:4] == ["' +Dịch vụ công", "'@Sở Nội vụ"]
    assert second[7] == 0.0691 and second[8] is None and second[9] == "hoàn thành"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
