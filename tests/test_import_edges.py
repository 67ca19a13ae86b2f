"""Files as offices really send them: a hidden scratch sheet first, formulas with the values
Excel saved, and a stray cell a million rows down. Read what the official sees, say what was
decided, and refuse early what cannot be a results table."""

import io
import re
import time
import zipfile

import openpyxl
from import_tables import csv_bytes, results_table

from dti import build, cli, exporter, import_preview, queries, store


def _workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append_table(sheet, frame) -> None:
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])


def _replace_sheet_xml(content: bytes, name: str, transform) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, transform(data) if item.filename == name else data)
    return target.getvalue()


def _scores(preview) -> dict[str, float]:
    diff = preview.diff[(preview.diff["metric"] == "dti") & (preview.diff["measure"] == "score")]
    return dict(zip(diff["province_code"], diff["value"], strict=True))


def test_the_visible_active_sheet_is_read_and_the_hidden_first_one_reported(built_db):
    workbook = openpyxl.Workbook()
    scratch = workbook.active
    scratch.title = "Nháp"
    _append_table(scratch, results_table("p34", seed=5))  # an older draft, hidden
    scratch.sheet_state = "hidden"
    final = workbook.create_sheet("DTI 2025")
    _append_table(final, results_table("p34"))
    workbook.active = 1
    preview = import_preview.preview_import(_workbook_bytes(workbook), "dti2025.xlsx", 2025)
    assert preview.errors == []
    assert any("bỏ qua trang tính ẩn: 'Nháp'" in w and "'DTI 2025'" in w for w in preview.warnings)
    expected = results_table("p34")
    hanoi = expected.loc[expected["Tỉnh/Thành phố"] == "Hà Nội", "Chỉ số DTI"].iloc[0]
    assert _scores(preview)["01"] == hanoi


def test_formula_cells_with_saved_values_are_accepted_with_a_warning(built_db):
    frame = results_table("p34").drop(columns="Xếp hạng")
    workbook = openpyxl.Workbook()
    _append_table(workbook.active, frame)
    workbook.active["B2"] = "=0.5+0.1"  # Hà Nội's score as a formula (row 2: first data row)
    content = _workbook_bytes(workbook)
    # Excel saves the computed value next to the formula; openpyxl cannot, so write it in.
    content = _replace_sheet_xml(content, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<c r="B2"([^>]*)><f>0.5\+0.1</f><v\s*/?>(</v>)?', rb'<c r="B2"><f>0.5+0.1</f><v>0.6</v>', xml))
    preview = import_preview.preview_import(content, "dti2025.xlsx", 2025)
    assert preview.errors == []
    assert any("1 ô là công thức (ví dụ ô B2); đang dùng giá trị đã lưu" in w for w in preview.warnings)
    assert _scores(preview)["01"] == 0.6


def test_a_formula_without_a_saved_value_is_still_refused(built_db):
    frame = results_table("p34").drop(columns="Xếp hạng")
    workbook = openpyxl.Workbook()
    _append_table(workbook.active, frame)
    workbook.active["B2"] = "=0.5+0.1"
    preview = import_preview.preview_import(_workbook_bytes(workbook), "dti2025.xlsx", 2025)
    assert any("ô chứa công thức" in e for e in preview.errors)


def test_a_small_file_with_a_cell_on_the_last_row_is_refused_at_once(built_db):
    workbook = openpyxl.Workbook()
    _append_table(workbook.active, results_table("p34"))
    workbook.active["A1048576"] = "x"
    content = _workbook_bytes(workbook)
    assert len(content) < 20_000
    started = time.perf_counter()
    preview = import_preview.preview_import(content, "dti2025.xlsx", 2025)
    assert time.perf_counter() - started < 2  # 18 s and 1.1 GB before
    assert any("trang tính có ô ở dòng 1.048.576, quá lớn để là một bảng kết quả" in e for e in preview.errors)


def test_a_sheet_of_a_quarter_million_cells_is_refused_before_parsing(built_db):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 1
    cells = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in (b"A", b"B"))
                     + b"</row>" for r in range(1, 125_001))
    content = _replace_sheet_xml(_workbook_bytes(workbook), "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb"<sheetData>.*</sheetData>|<sheetData\s*/>", b"<sheetData>" + cells.replace(b"\\", b"\\\\")
        + b"</sheetData>", xml, flags=re.S))
    started = time.perf_counter()
    preview = import_preview.preview_import(content, "lon.xlsx", 2025)
    assert time.perf_counter() - started < 3
    assert any("có 250.000 ô" in e for e in preview.errors)


def test_a_2025_file_naming_a_former_province_says_where_it_went(built_db):
    frame = results_table("p34")
    frame.loc[frame["Tỉnh/Thành phố"] == "Cần Thơ", "Tỉnh/Thành phố"] = "Hậu Giang"
    preview = import_preview.preview_import(csv_bytes(frame), "dti2025.csv", 2025)
    assert any("không nhận ra tỉnh, thành phố 'Hậu Giang'" in e and "từ 1/7/2025 thuộc TP. Cần Thơ" in e
               for e in preview.errors)


def test_an_official_file_wins_over_stored_press_ranks_after_confirmation(fresh_db_dir, tmp_path, capsys):
    build.build_database()
    before = store.current_version()
    stored = queries.run_query("values_for_year", None, unit_set="p63", year=2023)
    press = stored[(stored["metric"] == "nhan_thuc_so") & (stored["measure"] == "rank")]
    assert len(press) >= 1 and set(press["provenance"]) <= {"published", "derived"}
    frame = results_table("p63")
    frame["Nhận thức số"] = frame["Chỉ số DTI"]  # complete scores: they decide every nhận thức số rank
    official_rank = dict(zip(frame["Tỉnh/Thành phố"], frame["Xếp hạng"], strict=True))
    path = tmp_path / "bo_khcn_2023.csv"
    path.write_bytes(csv_bytes(frame))
    preview = import_preview.preview_import(path.read_bytes(), path.name, 2023)
    assert preview.errors == []  # refused before: the official could never import it
    warning = next(w for w in preview.warnings if "Tệp chính thức mâu thuẫn với" in w)
    for row in press.itertuples():
        if int(row.value) != official_rank[row.province_name]:
            assert f"{row.province_name} thứ hạng nhan_thuc_so {int(row.value)} → " in warning
            assert f"nguồn: {row.source_url}" in warning
    assert cli.main(["import", str(path), "--year", "2023"]) == 2  # a warning needs --yes
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["import", str(path), "--year", "2023", "--yes"]) == 0
    after = queries.run_query("values_for_year", None, unit_set="p63", year=2023)
    ranks = after[(after["metric"] == "nhan_thuc_so") & (after["measure"] == "rank")]
    assert dict(zip(ranks["province_name"], ranks["value"].astype(int), strict=True)) == {
        name: official_rank[name] for name in press["province_name"]}
    assert set(ranks["provenance"]) == {"imported"}
    kept = queries.run_query("values_for_year", before, unit_set="p63", year=2023)
    assert kept[(kept["metric"] == "nhan_thuc_so") & (kept["measure"] == "rank")]["value"].tolist() == \
        press["value"].tolist()  # the superseded values stay in the previous version


def test_a_file_unlike_most_stored_values_of_its_year_is_probably_another_year(built_db):
    content = exporter.export_year("p63", 2022, "csv")
    preview = import_preview.preview_import(content.replace(b"2022", b"2023"), "dti.csv", 2023)
    assert any("có thể đây là số liệu của năm khác (giống số liệu năm 2022 đang lưu)" in w
               for w in preview.warnings), preview.warnings + preview.errors
