"""Meeting-ready downloads: Vietnamese headers, title and source, no live formulas."""

import io

import openpyxl
import pandas as pd

from dti import downloads, queries


def test_csv_has_vietnamese_headers_and_a_bom_for_excel(built_db):
    ranking = queries.run_query("ranking_for_year", None, unit_set="p63", year=2022, metric="dti")
    table = downloads.with_headers(ranking, downloads.RANKING_HEADERS)
    data = downloads.csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith('Thứ hạng,Mã tỉnh,"Tỉnh, thành phố"')
    assert len(data.decode("utf-8-sig").splitlines()) == 64


def test_xlsx_has_title_table_and_source(built_db):
    ranking = queries.run_query("ranking_for_year", None, unit_set="p63", year=2022, metric="dti")
    table = downloads.with_headers(ranking, downloads.RANKING_HEADERS)
    book = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(table, "Xếp hạng DTI 2022", "Nguồn: dti.gov.vn")))
    sheet = book.active
    assert sheet["A1"].value == "Xếp hạng DTI 2022"
    assert sheet["A3"].value == "Thứ hạng" and sheet["C4"].value == "Đà Nẵng"
    assert sheet.cell(row=3 + 63 + 2, column=1).value == "Nguồn: dti.gov.vn"


def test_formula_like_cells_are_neutralised():
    frame = pd.DataFrame({"province_name": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@cmd", "Hà Nội"]})
    table = downloads.with_headers(frame, {"province_name": "Tỉnh"})
    assert table["Tỉnh"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@cmd", "Hà Nội"]


def test_downloads_say_provenance_and_yes_no_in_vietnamese():
    frame = pd.DataFrame({"rank": [1, 2], "rank_provenance": ["published", "computed"],
                          "is_comparable": [True, False]})
    table = downloads.with_headers(frame, {"rank": "Thứ hạng", "rank_provenance": "Nguồn gốc thứ hạng",
                                           "is_comparable": "Cùng phương pháp"})
    assert table["Nguồn gốc thứ hạng"].tolist() == ["công bố", "tính lại"]
    assert table["Cùng phương pháp"].tolist() == ["có", "không"]
    assert table["Thứ hạng"].tolist() == [1, 2]
