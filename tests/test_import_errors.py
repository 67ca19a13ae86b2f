"""The catalogue of bad inputs: each is refused with the message the user sees (by the CLI
and by the preview the screen shows), --yes does not override it, and the stored data is
unchanged afterwards."""

import io
import unicodedata

import openpyxl
import pandas as pd
import pytest
from import_tables import csv_bytes, results_table, unit_names, xlsx_bytes

from dti import cli, import_grid, import_preview, queries, reference, store

YEAR = 2023  # QĐ 922, 63 provinces, partly published in the bundled data


@pytest.fixture
def db(built_copy):
    """A just-built database per test, copied from one build (the catalogue is long)."""
    return built_copy


def _snapshot():
    version = store.current_version()
    return (version, store.list_versions(),
            queries.run_query("values_for_year", version, unit_set="p63", year=YEAR).to_dict("records"),
            queries.run_query("import_records", version).to_dict("records"))


def _refused(tmp_path, capsys, content: bytes, file_name: str, expected: str, year: int = YEAR,
             extra: tuple[str, ...] = ()) -> str:
    preview = import_preview.preview_import(content, file_name, year, *(("63",) if year == 2024 else ()))
    assert any(expected in error for error in preview.errors), preview.errors
    path = tmp_path / file_name
    path.write_bytes(content)
    before = _snapshot()
    code = cli.main(["import", str(path), "--year", str(year), "--yes", *extra])
    captured = capsys.readouterr()
    assert code == 2
    assert expected in captured.err
    assert _snapshot() == before
    return captured.err + "\n" + captured.out


def test_wrong_columns_are_refused_with_the_accepted_headers(db, tmp_path, capsys):
    frame = results_table("p63").set_axis(["Name", "Score", "Position"], axis=1)
    shown = _refused(tmp_path, capsys, csv_bytes(frame), "sai_cot.csv", "không tìm thấy dòng tiêu đề")
    assert "Tỉnh/Thành phố" in shown and "Chỉ số DTI" in shown
    assert "Cột không ánh xạ được: 'Name' (cột 1), 'Position' (cột 3)" in shown


def test_an_empty_file_is_refused(db, tmp_path, capsys):
    _refused(tmp_path, capsys, b"", "rong.csv", "tệp rỗng")


def test_62_provinces_are_refused_naming_the_missing_one(db, tmp_path, capsys):
    frame = results_table("p63")
    missing = frame["Tỉnh/Thành phố"].iloc[10]
    err = _refused(tmp_path, capsys, csv_bytes(frame.drop(index=10)), "thieu.csv", "thiếu 1 tỉnh, thành phố")
    assert missing in err


def test_64_provinces_are_refused_naming_the_extra_row(db, tmp_path, capsys):
    frame = results_table("p63")
    extra = pd.DataFrame({"Tỉnh/Thành phố": ["Hà Tây"], "Chỉ số DTI": [0.1], "Xếp hạng": [63]})
    content = csv_bytes(pd.concat([frame, extra], ignore_index=True))
    _refused(tmp_path, capsys, content, "thua.csv", "dòng 65, cột 'Tỉnh/Thành phố' (1): không nhận ra "
                                                     "tỉnh, thành phố 'Hà Tây'")


def test_a_duplicated_province_is_refused_even_when_spelled_differently(db, tmp_path, capsys):
    frame = results_table("p63")
    row = frame.index[frame["Tỉnh/Thành phố"] == "Hà Nội"][0]
    frame.loc[len(frame)] = ["Thành phố Hà Nội", 0.5, 30]
    _refused(tmp_path, capsys, csv_bytes(frame), "trung.csv",
             f"Hà Nội xuất hiện hai lần (dòng {row + 2} và dòng 65)")


def test_an_unknown_province_is_refused_naming_row_and_column(db, tmp_path, capsys):
    frame = results_table("p63")
    frame.loc[4, "Tỉnh/Thành phố"] = "Tỉnh Không Có"
    _refused(tmp_path, capsys, csv_bytes(frame), "la.csv",
             "dòng 6, cột 'Tỉnh/Thành phố' (1): không nhận ra tỉnh, thành phố 'Tỉnh Không Có'")


@pytest.mark.parametrize("bad", ["1.2", "-0.1"])
def test_a_score_outside_0_1_is_refused(db, tmp_path, capsys, bad):
    frame = results_table("p63").astype({"Chỉ số DTI": object})
    frame.loc[7, "Chỉ số DTI"] = bad
    _refused(tmp_path, capsys, csv_bytes(frame), "diem.csv",
             f"dòng 9, cột 'Chỉ số DTI' (2): điểm {bad} nằm ngoài khoảng 0–1")


def test_a_rank_outside_1_n_is_refused(db, tmp_path, capsys):
    frame = results_table("p63")
    frame.loc[3, "Xếp hạng"] = 64
    _refused(tmp_path, capsys, csv_bytes(frame), "hang.csv",
             "dòng 5, cột 'Xếp hạng' (3): thứ hạng 64 nằm ngoài 1..63")


def test_text_in_a_number_column_is_refused(db, tmp_path, capsys):
    frame = results_table("p63").astype({"Chỉ số DTI": object})
    frame.loc[2, "Chỉ số DTI"] = "khá"
    _refused(tmp_path, capsys, csv_bytes(frame), "chu.csv",
             "dòng 4, cột 'Chỉ số DTI' (2): giá trị 'khá' không phải số")


def test_ranks_that_contradict_scores_under_the_tie_rule_are_refused(db, tmp_path, capsys):
    frame = results_table("p63")
    best = frame["Xếp hạng"].idxmin()
    worst = frame["Xếp hạng"].idxmax()
    frame.loc[[best, worst], "Xếp hạng"] = frame.loc[[worst, best], "Xếp hạng"].to_numpy()
    _refused(tmp_path, capsys, csv_bytes(frame), "mau_thuan.csv", "mâu thuẫn với điểm")


def test_a_tie_must_skip_the_next_rank(db, tmp_path, capsys):
    frame = results_table("p63")
    frame.loc[frame["Xếp hạng"] > 2, "Xếp hạng"] -= 1  # 1, 1, 2, ... is dense, not competition
    _refused(tmp_path, capsys, csv_bytes(frame), "dense.csv", "không theo quy tắc đồng hạng")


def test_more_than_one_year_in_the_file_is_refused(db, tmp_path, capsys):
    frame = results_table("p63")
    frame.insert(0, "Năm", [2022] * 30 + [2023] * 33)
    _refused(tmp_path, capsys, csv_bytes(frame), "hai_nam.csv", "nhiều năm (2022, 2023)")


def test_a_file_of_another_year_is_refused(db, tmp_path, capsys):
    frame = results_table("p63").rename(columns={"Chỉ số DTI": "DTI 2022", "Xếp hạng": "Xếp hạng 2022"})
    _refused(tmp_path, capsys, csv_bytes(frame), "nam_khac.csv", "tệp là số liệu năm 2022")


def test_a_file_over_10_mb_is_refused_before_reading(db, tmp_path, capsys):
    content = csv_bytes(results_table("p63")) + b"\n" * (10 * 1024 * 1024)
    _refused(tmp_path, capsys, content, "lon.csv", "vượt giới hạn 10 MB")


def test_a_formula_cell_is_refused_and_never_evaluated(db, tmp_path, capsys):
    frame = results_table("p63")
    frame.loc[0, "Tỉnh/Thành phố"] = '=HYPERLINK("http://example.com","Hà Nội")'
    err = _refused(tmp_path, capsys, csv_bytes(frame), "cong_thuc.csv", "ô chứa công thức")
    assert "dòng 2, cột 'Tỉnh/Thành phố'" in err


def test_a_formula_in_a_spreadsheet_is_refused(db, tmp_path, capsys):
    frame = results_table("p63").astype({"Chỉ số DTI": object})
    frame.loc[5, "Chỉ số DTI"] = "=0.5+0.1"
    _refused(tmp_path, capsys, xlsx_bytes(frame), "cong_thuc.xlsx",
             "dòng 7, cột 'Chỉ số DTI' (B): ô chứa công thức")


def test_a_truncated_xlsx_is_refused(db, tmp_path, capsys):
    content = xlsx_bytes(results_table("p63"))
    _refused(tmp_path, capsys, content[: len(content) // 2], "cat.xlsx", "bị hỏng hoặc bị cắt cụt")


def test_a_truncated_csv_is_refused(db, tmp_path, capsys):
    content = csv_bytes(results_table("p63"))
    _refused(tmp_path, capsys, content[: content.rfind(b",")], "cat.csv", "dòng 64: dòng thiếu cột")


def test_2024_needs_the_unit_set(db, tmp_path, capsys):
    path = tmp_path / "kq2024.csv"
    path.write_bytes(csv_bytes(results_table("p63")))
    assert cli.main(["import", str(path), "--year", "2024"]) == 2
    assert "hãy chọn --units 63 hoặc --units 34" in capsys.readouterr().err


def test_warnings_need_yes_and_errors_never_yield_to_it(db, tmp_path, capsys):
    path = tmp_path / "kq2023.csv"
    path.write_bytes(csv_bytes(results_table("p63")))
    before = _snapshot()
    assert cli.main(["import", str(path), "--year", str(YEAR)]) == 2
    captured = capsys.readouterr()
    assert "giá trị đã công bố hoặc suy ra sẽ bị ghi đè" in captured.out
    assert "chạy lại với --yes" in captured.err
    assert _snapshot() == before
    assert cli.main(["import", str(path), "--year", str(YEAR), "--yes"]) == 0
    assert "Đã nhập (lần nhập số 1)" in capsys.readouterr().out


@pytest.mark.parametrize(("encoding", "form"), [("utf-8-sig", "NFC"), ("cp1258", "NFC"), ("utf-8", "NFD")])
def test_windows_1258_bom_and_nfd_files_are_read(db, tmp_path, capsys, encoding, form):
    frame = results_table("p63")
    content = csv_bytes(frame, delimiter=";", decimal=",", encoding=encoding, normal_form=form,
                        title_rows=("KẾT QUẢ XẾP HẠNG DTI NĂM 2023",))
    if encoding == "cp1258":
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")
    path = tmp_path / "kq.csv"
    path.write_bytes(content)
    before = _snapshot()
    assert cli.main(["import", str(path), "--year", str(YEAR), "--dry-run"]) == 0
    assert "Chạy thử: chưa ghi gì." in capsys.readouterr().out
    assert _snapshot() == before
    assert cli.main(["import", str(path), "--year", str(YEAR), "--yes"]) == 0
    stored = queries.run_query("values_for_year", None, unit_set="p63", year=YEAR)
    dti_scores = stored[(stored["measure"] == "score") & (stored["metric"] == "dti")]
    scores = dti_scores.set_index("province_name")["value"]
    expected = frame.set_index("Tỉnh/Thành phố")["Chỉ số DTI"]
    assert scores.sort_index().to_dict() == expected.sort_index().to_dict()
    assert unicodedata.is_normalized("NFC", "".join(stored["province_name"]))


def test_the_cli_reports_columns_it_could_not_map(db, tmp_path, capsys):
    frame = results_table("p63")
    frame["Ghi chú lạ"] = "x"
    path = tmp_path / "cot_la.csv"
    path.write_bytes(csv_bytes(frame))
    assert cli.main(["import", str(path), "--year", str(YEAR), "--dry-run"]) == 0
    assert "Cột không ánh xạ được: 'Ghi chú lạ' (cột 4)" in capsys.readouterr().out


def test_official_layout_with_title_rows_and_merged_headers_is_read(db):
    names = unit_names("p63")
    frame = results_table("p63")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["BỘ THÔNG TIN VÀ TRUYỀN THÔNG"])
    sheet.append(["KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2023"])
    sheet.append([])
    sheet.append(["TT", "Tỉnh, thành phố", "Chỉ số chuyển đổi số", None])
    sheet.append([None, None, "Giá trị", "Thứ hạng"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("C4:D4")
    spellings = {"Thừa Thiên Huế": "Thừa Thiên - Huế", "Bà Rịa - Vũng Tàu": "Bà Rịa-Vũng Tàu",
                 "Hòa Bình": "Hoà Bình", "TP. Hồ Chí Minh": "TP.HCM", "Đà Nẵng": "Da Nang"}
    for index, row in frame.iterrows():
        sheet.append([index + 1, spellings.get(row["Tỉnh/Thành phố"], row["Tỉnh/Thành phố"]),
                      row["Chỉ số DTI"], int(row["Xếp hạng"])])
    sheet.append(["Nguồn: Bộ Thông tin và Truyền thông"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = import_preview.preview_import(buffer.getvalue(), "chinh_thuc.xlsx", YEAR)
    assert preview.errors == []
    assert {c.target for c in preview.columns} >= {"province", "dti:score", "dti:rank"}
    assert preview.count("new") + preview.count("changed") + preview.count("unchanged") == 2 * len(names)


MAIN_INDEX_HEADERS = ["Nhận thức số", "Thể chế số", "Hạ tầng số", "Nhân lực số", "An toàn thông tin mạng",
                      "Hoạt động chính quyền số", "Hoạt động kinh tế số", "Hoạt động xã hội số"]


def test_a_total_off_its_weighted_sum_is_a_warning_that_needs_yes(db, tmp_path, capsys):
    frame = results_table("p63")
    for header in MAIN_INDEX_HEADERS:
        frame[header] = frame["Chỉ số DTI"]  # equal main indices: the weighted sum is the same value
    frame.loc[3, "Chỉ số DTI"] = round(frame.loc[3, "Chỉ số DTI"] + 0.0011, 4)
    frame["Xếp hạng"] = frame["Chỉ số DTI"].rank(method="min", ascending=False).astype(int)
    for header in MAIN_INDEX_HEADERS:  # their ranks too: the stored published ones must agree
        frame[f"{header} - Xếp hạng"] = frame[header].rank(method="min", ascending=False).astype(int)
    preview = import_preview.preview_import(csv_bytes(frame), "lech.csv", YEAR)
    assert preview.errors == []
    assert any("lệch 0.0011" in w and "quá mức cho phép 0,0002" in w for w in preview.warnings), preview.warnings
    path = tmp_path / "lech.csv"
    path.write_bytes(csv_bytes(frame))
    before = _snapshot()
    assert cli.main(["import", str(path), "--year", str(YEAR)]) == 2
    assert "quá mức cho phép 0,0002" in capsys.readouterr().out
    assert _snapshot() == before


def test_two_columns_meaning_the_same_are_refused(db, tmp_path, capsys):
    frame = results_table("p63")
    frame["Giá trị"] = frame["Chỉ số DTI"]
    _refused(tmp_path, capsys, csv_bytes(frame), "hai_cot.csv",
             "cột 'Giá trị' (cột 4) và cột 'Chỉ số DTI' (cột 2) cùng là điểm dti")


def test_the_sheet_can_be_chosen_and_a_wrong_one_is_named(db, tmp_path, capsys):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Bảng kết quả ở trang sau"])
    sheet = workbook.create_sheet("DTI 2023")
    frame = results_table("p63")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([row[0], float(row[1]), int(row[2])])
    path = tmp_path / "nhieu_trang.xlsx"
    workbook.save(path)
    assert cli.main(["import", str(path), "--year", str(YEAR), "--dry-run"]) == 2
    assert "không tìm thấy dòng tiêu đề" in capsys.readouterr().err
    assert cli.main(["import", str(path), "--year", str(YEAR), "--sheet", "DTI 2023", "--dry-run"]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(path), "--year", str(YEAR), "--sheet", "Trang 9", "--dry-run"]) == 2
    assert "không có trang tính 'Trang 9' (có: Ghi chú, DTI 2023)" in capsys.readouterr().err


def test_numbering_rows_national_rows_and_codes_are_understood(db):
    frame = results_table("p63").astype(object)
    codes = sorted(pd.read_csv(reference.DATA_DIR / "provinces.csv", dtype=str)["code"])
    frame.insert(0, "Mã", codes)
    numbering = pd.DataFrame([["(1)", "(2)", "(3)", "(4)"]], columns=frame.columns)
    national = pd.DataFrame([["", "Trung bình cả nước", 0.7326, ""]], columns=frame.columns)
    content = csv_bytes(pd.concat([numbering, frame, national], ignore_index=True))
    preview = import_preview.preview_import(content, "ma.csv", YEAR)
    assert preview.errors == []
    assert [c.target for c in preview.columns] == ["code", "province", "dti:score", "dti:rank"]
    frame.loc[5, "Mã"] = "01"
    preview = import_preview.preview_import(csv_bytes(frame), "ma_sai.csv", YEAR)
    assert any("dòng 7, cột 'Mã' (1): mã '01' không khớp" in e for e in preview.errors), preview.errors


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_the_one_whose_header_maps(db, delimiter):
    frame = results_table("p63").rename(columns={"Tỉnh/Thành phố": "Tỉnh, thành phố"})
    for header in MAIN_INDEX_HEADERS[:3]:
        frame[header] = 0.5
        frame[f"Xếp hạng {header}"] = 1
    decimal = "," if delimiter != "," else "."
    preview = import_preview.preview_import(csv_bytes(frame, delimiter=delimiter, decimal=decimal), "d.csv", YEAR)
    assert preview.errors == []
    assert [c.target for c in preview.columns] == [
        "province", "dti:score", "dti:rank", "nhan_thuc_so:score", "nhan_thuc_so:rank",
        "the_che_so:score", "the_che_so:rank", "ha_tang_so:score", "ha_tang_so:rank"]


def test_a_p63_2024_file_that_contradicts_the_published_34_unit_ranking_is_refused(db, tmp_path, capsys):
    # p34 2024 values are rebuilt as averages of p63; they must agree with the published p34 ranks.
    _refused(tmp_path, capsys, csv_bytes(results_table("p63")), "2024.csv",
             "sau khi nhập, dữ liệu sẽ không nhất quán — p34 2024 dti", year=2024, extra=("--units", "63"))


def test_a_two_row_csv_header_with_pillars_is_read(db):
    frame = results_table("p63")
    top = ["TT", "Tỉnh/Thành phố", "Chỉ số DTI", "", "Chính quyền số", "", "Kinh tế số", "", "Xã hội số", ""]
    sub = ["", "", "Giá trị", "Xếp hạng"] + ["Điểm", "Hạng"] * 3
    lines = ["KẾT QUẢ DTI 2023", ";".join(top), ";".join(sub)]
    for index, row in frame.iterrows():
        score = str(row["Chỉ số DTI"]).replace(".", ",")
        lines.append(";".join([str(index + 1), row["Tỉnh/Thành phố"]] + [score, str(row["Xếp hạng"])] * 4))
    preview = import_preview.preview_import("\n".join(lines).encode("utf-8-sig"), "hai_dong.csv", YEAR)
    assert preview.errors == []
    assert [c.target for c in preview.columns][2:] == [
        "dti:score", "dti:rank", "cqs:score", "cqs:rank", "kts:score", "kts:rank", "xhs:score", "xhs:rank"]
    assert preview.count("new") + preview.count("changed") + preview.count("unchanged") == 8 * 63


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(import_grid, "MAX_UNPACKED_XLSX_BYTES", 1024)  # a small bomb stands in for a big one
    _refused(tmp_path, capsys, xlsx_bytes(results_table("p63")), "bom.xlsx", "tệp XLSX giải nén ra")


def test_columns_of_two_years_are_refused_as_mixed_years(db, tmp_path, capsys):
    frame = results_table("p63").rename(columns={"Chỉ số DTI": "DTI 2023", "Xếp hạng": "Xếp hạng 2023"})
    frame["DTI 2022"] = frame["DTI 2023"]
    _refused(tmp_path, capsys, csv_bytes(frame), "hai_nam_cot.csv", "nhiều năm (2022, 2023)")
