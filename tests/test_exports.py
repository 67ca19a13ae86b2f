"""Meeting-ready exports opened the way a recipient opens them: Pillow, pypdf, python-pptx,
openpyxl. Expected values come from the bundled data as published (Quảng Ninh 2022: 3rd of 63,
0,7024; Hậu Giang: 28th in 2020 derived from "tăng 11 bậc", 17th in 2021 and 2022)."""

import dataclasses
import io
import os
import subprocess
import sys

import numpy as np
import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dti import briefing
from dti.charts import FOCUS_COLOUR
from dti.exports import ExportError, build_export, engine, pdf, workbook


@pytest.fixture(scope="module")
def hau_giang_pdf(built_db):
    return build_export("pdf", "93", 2022, "p63")


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_png_is_1920_by_1080_with_the_chart_drawn_in_the_focus_colour(built_db):
    content, name, mime = build_export("png", "22", 2022, "p63", chart="history")
    image = Image.open(io.BytesIO(content)).convert("RGB")
    assert image.size == (1920, 1080)
    assert (name, mime) == ("dti-22-2022-p63-bieu-do-history.png", "image/png")
    focus = np.array([int(FOCUS_COLOUR[i:i + 2], 16) for i in (1, 3, 5)])
    drawn = int((np.abs(np.asarray(image, dtype=int) - focus).max(axis=2) < 20).sum())
    assert drawn > 2000  # the rank line and its markers, not an empty canvas


def test_pdf_profile_is_real_text_on_at_most_two_pages_with_embedded_fonts(hau_giang_pdf):
    content, name, mime = hau_giang_pdf
    reader, text = _pdf_text(content)
    assert mime == "application/pdf" and name.endswith("-ho-so.pdf")
    assert len(reader.pages) <= 2
    assert "Hậu Giang — DTI 2022" in text
    assert "Năm 2022, Hậu Giang xếp thứ 17/63" in text
    assert "28†" in text  # the derived 2020 rank keeps its mark
    assert "dti.gov.vn" in text and "Nguồn" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            if "/FontFile2" in descendant["/FontDescriptor"]:
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert "BeVietnamPro-Regular" in fonts and "BeVietnamPro-Bold" in fonts



@pytest.mark.parametrize("province, year, unit_set", [("93", 2024, "p63"), ("92", 2024, "p34"), ("93", 2022, "p63")])
def test_the_first_pdf_page_keeps_both_charts_source_lines_above_its_footer(built_db, province, year, unit_set):
    # Page 1 holds the rank history and the indices, each with its source line under it; a page
    # overflowing its 270 mm hides the last line under the footer (seen: the 2024 indices' line).
    content, _, _ = build_export("pdf", province, year, unit_set)
    first_page = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert first_page.count("Nguồn:") == 2


def test_pptx_has_one_slide_per_chosen_step_in_the_chosen_order(built_db):
    content, _, _ = build_export("pptx", "22", 2022, "p63", steps=["gaps", "headline", "plan"])
    deck = Presentation(io.BytesIO(content))
    slides = list(deck.slides)
    assert len(slides) == 4  # the cover, then the three steps
    texts = [[shape.text_frame.text for shape in s.shapes if shape.has_text_frame] for s in slides]
    assert "Quảng Ninh — DTI 2022" in texts[0]
    assert texts[1][0] == "Quảng Ninh kém TP. Hồ Chí Minh 0,0139 điểm, hơn Thừa Thiên Huế 0,0049 điểm"
    assert texts[2][0].startswith("Năm 2022, Quảng Ninh xếp thứ 3/63 tỉnh, thành phố, tăng 4 bậc so với năm 2021, "
                                  "đạt 0,7024 điểm")
    assert any(t.startswith("Nguồn: dti.gov.vn") for t in texts[2])
    pictures = [[shape for shape in s.shapes if shape.shape_type == 13] for s in slides]
    assert len(pictures[1]) == 1 and len(pictures[2]) == 1
    assert pictures[3] == [] and "Chưa có kế hoạch nào được lưu cho Quảng Ninh." in texts[3]


def test_xlsx_keeps_numbers_as_numbers_with_vietnamese_headers(built_db):
    content, _, mime = build_export("xlsx", "22", 2022, "p63")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Tóm tắt", "Qua các năm", "Chỉ số", "Khoảng cách", "Nguồn"]
    years = book["Qua các năm"]
    headers = [c.value for c in years[3]]
    assert headers[:3] == ["Năm", "Thứ hạng", "Trên số tỉnh"] and "Điểm DTI" in headers
    rows = {row[0].value: row for row in years.iter_rows(min_row=4) if isinstance(row[0].value, int)}
    score = rows[2022][headers.index("Điểm DTI")]
    assert score.value == pytest.approx(0.7024) and score.number_format == "0.0000"
    assert rows[2022][1].value == 3 and rows[2021][headers.index("Nguồn gốc thứ hạng")].value == "suy ra"
    assert "Quảng Ninh" in book["Tóm tắt"]["A1"].value
    gaps = book["Khoảng cách"]
    assert gaps["B4"].value == "TP. Hồ Chí Minh" and gaps["E4"].value == pytest.approx(0.0139)


def test_xlsx_cells_that_look_like_formulas_stay_text():
    book = openpyxl.Workbook()
    workbook._sheet(book, "T", "=cmd|' /C calc'!A0", [("Tên", None), ("Điểm", "0.0000")],
                    [["=HYPERLINK(\"http://x\")", 0.5], ["@SUM(A1)", None]], ["+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["T"]
    assert sheet["A1"].value == "'=cmd|' /C calc'!A0" and sheet["A1"].data_type == "s"
    assert sheet["A4"].value.startswith("'=") and sheet["A5"].value == "'@SUM(A1)"
    assert sheet["B4"].value == 0.5 and sheet["B5"].value is None


def test_a_step_without_data_says_why_instead_of_an_empty_chart(built_db):
    # Hà Giang has no published rank for 2020 in the bundled data.
    deck = briefing.build_briefing("02", 2020, "p63", steps="headline,plan")
    headline, plan = deck.steps
    assert headline.figure is None and headline.reason == "Năm 2020, Hà Giang: chưa có số liệu xếp hạng."
    assert plan.figure is None and "Chưa có kế hoạch" in plan.reason


def test_a_plan_summary_becomes_the_plan_step():
    plan = briefing.PlanSummary("Kế hoạch 2025: vào nhóm 10", "2/3 nhiệm vụ đúng tiến độ",
                                (("Cổng dịch vụ công", "đúng tiến độ", 0.6), ("Nhân lực số", "chậm", None)))
    step = briefing._plan(None, plan)
    assert step.is_available and step.title == "Kế hoạch 2025: vào nhóm 10"
    assert step.facts == ("Cổng dịch vụ công: đúng tiến độ", "Nhân lực số: chậm")
    assert list(step.figure.data[0].y) == ["Cổng dịch vụ công"]


def test_steps_are_parsed_in_the_presenters_order():
    assert briefing.parse_steps("gaps, headline,gaps") == ("gaps", "headline")
    assert briefing.parse_steps("") == briefing.STEP_KEYS
    with pytest.raises(briefing.BriefingError, match="Bước 'slide9' không có"):
        briefing.parse_steps("headline,slide9")


def test_no_browser_engine_gives_one_vietnamese_line(monkeypatch):
    monkeypatch.setenv(engine.BROWSER_ENV, "/khong-co/chromium")
    browser = engine.find_browser()
    assert not browser.is_available and "Chromium" in browser.reason and "\n" not in browser.reason
    with pytest.raises(ExportError, match="không phải trình duyệt"):
        build_export("pdf", "93", 2022, "p63")


def test_cli_exits_non_zero_without_an_engine_and_writes_nothing(built_db, tmp_path):
    out = tmp_path / "ho-so.pdf"
    env = {**os.environ, engine.BROWSER_ENV: "/khong-co/chromium"}
    result = subprocess.run([sys.executable, "-m", "dti", "export", "--province", "Hậu Giang", "--year", "2022",
                             "--format", "pdf", "--out", str(out)], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi: Không xuất được tệp này") and "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_writes_a_province_xlsx_and_keeps_the_whole_year_export(built_db, tmp_path):
    province_file, year_file = tmp_path / "hg.xlsx", tmp_path / "nam.xlsx"
    for args in (["--province", "93", "--out", str(province_file)], ["--out", str(year_file)]):
        result = subprocess.run([sys.executable, "-m", "dti", "export", "--year", "2022", *args],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(province_file).sheetnames[0] == "Tóm tắt"
    assert openpyxl.load_workbook(year_file)["DTI"]["A3"].value == "Năm"


def test_a_long_profile_shrinks_to_fit_two_pages_instead_of_spilling(built_db, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_SOURCES", 100)  # 36 source lines: far more than page 2 holds
    deck = briefing.build_briefing("22", 2022, "p63")
    many = dataclasses.replace(deck, sources=deck.sources * 6)
    reader, text = _pdf_text(engine.print_pdf(pdf.profile_html(many)))
    assert len(reader.pages) == 2
    second = reader.pages[1].extract_text()
    assert "Quảng Ninh — DTI 2022" in second  # the footer of page 2 is still there
    assert "Ký hiệu: † suy ra" in second  # and so is the last line of the shrunk content


def test_cli_says_which_years_exist_for_a_year_without_data(built_db, tmp_path):
    out = tmp_path / "x.pdf"
    result = subprocess.run([sys.executable, "-m", "dti", "export", "--province", "22", "--year", "2019",
                             "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 2 and "Không có số liệu năm 2019 (các năm có: 2020" in result.stderr
    assert not out.exists()
