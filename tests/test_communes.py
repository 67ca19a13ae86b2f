"""Communes on the same screens: a unit set is data (data/unit_sets.csv, or declared by an import),
the generated Cần Thơ communes go through the real import (CLI) and the screens, marked ‡ and
announced as generated test data everywhere; no page code per level."""

import csv
import io
import json

import pytest
from app_pages import open_page

from bench import generate_communes
from dti import build, cli, queries, registry, store

COMMUNE_SET = "cantho_xa"


@pytest.fixture(scope="module")
def generated_files(tmp_path_factory):
    return generate_communes.write_files(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def communes_db(tmp_path_factory, generated_files):
    """A database of its own: the bundled data, then the two generated years through the CLI import."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DTI_DB_DIR", str(tmp_path_factory.mktemp("communes") / "db"))
        store.close_connections()
        build.build_database()
        for path, year in zip(generated_files, generate_communes.YEARS, strict=True):
            assert cli.main(["import", str(path), "--year", str(year), "--yes", "--by", "kiểm thử"]) == 0
        yield store.serving_version()[0]
        store.close_connections()
    store.close_connections()


def _file_rows(path) -> list[dict]:
    """The generated file's data rows (below its title and declaration lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("STT,"))
    return list(csv.DictReader(io.StringIO("\n".join(lines[header:]))))


# --- the unit set as data ------------------------------------------------------------------

def test_the_countrys_unit_sets_come_from_the_data_file():
    sets = registry.bundled_unit_sets()
    assert list(sets) == ["p63", "p34"]
    assert (sets["p63"].size, sets["p63"].url_value, sets["p63"].noun("vi"), sets["p63"].noun("en")) == (
        63, "63", "tỉnh, thành phố", "provinces")
    assert sets["p34"].short_label == "34 tỉnh, thành phố"
    assert not sets["p34"].is_generated and sets["p34"].unit_level == "province"


def test_an_imported_unit_set_is_read_from_the_database(communes_db):
    communes = registry.unit_sets(communes_db)[COMMUNE_SET]
    assert communes.size == 102  # 31 wards + 71 communes, as generated
    assert communes.unit_level == "commune"
    assert communes.noun("vi") == "xã, phường" and communes.noun("en") == "communes and wards"
    assert communes.short_label == "102 xã, phường"
    assert communes.is_generated
    assert (communes.parent_unit_set, communes.parent_unit_code) == ("p34", "92")  # TP. Cần Thơ
    assert communes.mean_label() == "Trung bình 102 xã, phường"
    assert registry.unit_set_for_url(COMMUNE_SET, communes_db) == communes
    assert list(registry.unit_sets(communes_db)) == ["p63", "p34", COMMUNE_SET]


def test_a_rebuild_keeps_the_imported_unit_set_and_its_values(communes_db):
    # 102 units x 8 metrics x (score, rank) x 2 years = 3,264 generated values
    version = build.build_database()
    try:
        values = queries.run_query("values_for_year", version, unit_set=COMMUNE_SET, year=2025)
        assert len(values) == 102 * 8 * 2
        assert set(values["provenance"]) == {"generated"}
        assert registry.unit_sets(version)[COMMUNE_SET].size == 102
    finally:
        store.close_connections()


# --- the generator --------------------------------------------------------------------------

def test_the_official_tie_rule_ranks_the_generated_scores():
    # worked by hand: 0.7 first; the two 0.5 share 2nd; 0.4 is 4th (no 3rd)
    assert generate_communes.competition_ranks({"a": 0.5, "b": 0.7, "c": 0.5, "d": 0.4}) == {
        "b": 1, "a": 2, "c": 2, "d": 4}


def test_every_generated_file_says_it_is_generated_test_data(generated_files):
    for path in generated_files:
        text = path.read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line == "DỮ LIỆU SINH NGẪU NHIÊN ĐỂ KIỂM THỬ — KHÔNG PHẢI KẾT QUẢ DTI ĐÃ CÔNG BỐ"
        assert "Dữ liệu sinh ngẫu nhiên: có" in text
        rows = _file_rows(path)
        assert len(rows) == 102
        assert all("Mẫu" in row["Xã, phường"] for row in rows)  # invented names, no real commune
        assert all(0 < float(row["Chỉ số DTI"].replace(",", ".")) < 1 for row in rows)


# --- the import (CLI) -------------------------------------------------------------------------

def test_the_cli_import_stored_every_value_as_generated(communes_db):
    values = queries.run_query("values_for_year", communes_db, unit_set=COMMUNE_SET, year=2024)
    assert len(values) == 102 * 8 * 2
    assert set(values["provenance"]) == {"generated"}  # never 'imported' or 'published'


def test_cli_ranking_history_and_gaps_take_the_imported_unit_set(communes_db, generated_files, capsys):
    file_2025 = {row["Xã, phường"]: row for row in _file_rows(generated_files[1])}
    assert cli.main(["ranking", "--units", COMMUNE_SET, "--year", "2025", "--format", "json"]) == 0
    ranking = json.loads(capsys.readouterr().out)
    assert len(ranking) == 102
    leader = next(r for r in ranking if r["rank"] == 1)
    assert file_2025[leader["province_name"]]["Xếp hạng DTI"] == "1"
    assert cli.main(["history", "--units", COMMUNE_SET, "--province", "Xã Mẫu 05", "--format", "json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [h["year"] for h in history] == [2024, 2025]
    assert history[1]["rank"] == int(file_2025["Xã Mẫu 05"]["Xếp hạng DTI"])
    assert cli.main(["gaps", "--units", COMMUNE_SET, "--province", "Xã Mẫu 05", "--year", "2025",
                     "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["unit_count"] == 102


def test_cli_says_which_unit_sets_exist_for_an_unknown_one(communes_db, capsys):
    assert cli.main(["ranking", "--units", "hanoi_xa"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Lỗi: Không có bộ đơn vị 'hanoi_xa'. Dùng --units với một trong: 63, 34, cantho_xa.")


def test_a_file_whose_units_do_not_match_its_declared_count_is_refused(communes_db, generated_files,
                                                                       tmp_path, capsys):
    lines = generated_files[0].read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "hanoi.csv"
    # A new set declared for 102 units, with one data row left out.
    broken.write_text("\n".join(line.replace(COMMUNE_SET, "thu_xa") for line in lines[:-1]) + "\n",
                      encoding="utf-8")
    assert cli.main(["import", str(broken), "--year", "2024", "--dry-run"]) == 2
    assert "có 101 xã, phường, nhưng dòng 'Số đơn vị' khai báo 102" in capsys.readouterr().err


def test_a_second_declaration_must_match_the_stored_set(communes_db, generated_files, tmp_path, capsys):
    text = generated_files[1].read_text(encoding="utf-8").replace("Cấp đơn vị: xã", "Cấp đơn vị: tỉnh")
    changed = tmp_path / "changed.csv"
    changed.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(changed), "--year", "2025", "--dry-run"]) == 2
    assert ("bộ đơn vị 'cantho_xa' đã có với cấp 'commune', tệp khai báo 'province'"
            in capsys.readouterr().err)


def test_a_commune_the_stored_set_does_not_know_is_named(communes_db, generated_files, tmp_path, capsys):
    text = generated_files[1].read_text(encoding="utf-8").replace("Xã Mẫu 07", "Xã Không Có")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(unknown), "--year", "2025", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "không nhận ra xã, phường 'Xã Không Có' trong danh sách 102 xã, phường" in err


def test_a_next_file_without_declaration_lines_names_the_stored_set_with_units(communes_db, generated_files,
                                                                               tmp_path, capsys):
    lines = generated_files[1].read_text(encoding="utf-8").splitlines()
    plain_table = tmp_path / "xa-2025.csv"
    plain_table.write_text("\n".join(line for line in lines if ": " not in line) + "\n", encoding="utf-8")
    # The same 2025 values again: checked against the stored 102 units, nothing changes.
    assert cli.main(["import", str(plain_table), "--year", "2025", "--units", COMMUNE_SET]) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out


def test_an_export_of_the_communes_says_generated_and_reimports_on_its_own(communes_db, tmp_path, capsys):
    out = tmp_path / "xa-2025.csv"
    assert cli.main(["export", "--year", "2025", "--units", COMMUNE_SET, "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "DỮ LIỆU SINH NGẪU NHIÊN ĐỂ KIỂM THỬ — KHÔNG PHẢI KẾT QUẢ DTI ĐÃ CÔNG BỐ"
    assert "Thuộc: Cần Thơ" in lines and "Dữ liệu sinh ngẫu nhiên: có" in lines
    assert lines[10].startswith('Năm,Mã xã,"Xã, phường",Chỉ số DTI')
    capsys.readouterr()
    # No --units: the export declares its set; every value is already stored.
    assert cli.main(["import", str(out), "--year", "2025"]) == 0
    assert "Giá trị: 0 mới, 0 thay đổi (0 giá trị đã công bố), 1632 không đổi" in capsys.readouterr().out


def test_a_declaration_cannot_take_the_countrys_sets(communes_db, generated_files, tmp_path, capsys):
    text = generated_files[0].read_text(encoding="utf-8").replace(f"Bộ đơn vị: {COMMUNE_SET}", "Bộ đơn vị: p34")
    taken = tmp_path / "taken.csv"
    taken.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(taken), "--year", "2024", "--dry-run"]) == 2
    assert "bộ đơn vị 'p34' là bộ có sẵn của cả nước" in capsys.readouterr().err


def test_undoing_the_declaring_import_removes_the_unit_set(fresh_db_dir, generated_files, capsys):
    build.build_database()
    assert cli.main(["import", str(generated_files[0]), "--year", "2024", "--yes"]) == 0
    assert COMMUNE_SET in registry.unit_sets()
    assert cli.main(["undo-import"]) == 0
    capsys.readouterr()
    assert list(registry.unit_sets()) == ["p63", "p34"]


# --- the screens ------------------------------------------------------------------------------

def _texts(at) -> list[str]:
    """Every text a visitor reads: headings, sentences, notes, notices and widget labels."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        texts += [str(element.value) for element in getattr(at, kind)]
    for widgets in (at.selectbox, at.radio, at.multiselect, at.text_input):
        texts += [widget.label for widget in widgets]
    texts += [str(column) for table in at.dataframe for column in table.value.columns]  # table headings
    return texts


def _chart_titles(at) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"].get("title", {}).get("text", "") for chart in at.get("plotly_chart")]


def _commune_page(page: str, **params):
    at = open_page(page, {"units": COMMUNE_SET, **params})
    texts = _texts(at)
    assert any(text.startswith("‡ DỮ LIỆU SINH NGẪU NHIÊN ĐỂ KIỂM THỬ — 102 xã, phường của TP. Cần Thơ")
               for text in (str(w.value) for w in at.warning)), "the generated-data notice is missing"
    assert not [text for text in texts if "tỉnh, thành phố" in text.lower()]
    return at, texts


def test_ranking_of_the_communes(communes_db, generated_files):
    file_2025 = {row["Mã xã"]: row for row in _file_rows(generated_files[1])}
    at, texts = _commune_page("pages/ranking.py", year="2025", province="00040")
    rank = file_2025["00040"]["Xếp hạng DTI"]
    assert any(f"Xã Mẫu 09 thứ {rank}/102‡ xã, phường." in text for text in texts)
    assert "Chưa có bản đồ ranh giới xã, phường của bộ đơn vị này: xem bảng và biểu đồ cột." in texts
    assert not any("Bản đồ" in title for title in _chart_titles(at))  # no empty map
    table = at.dataframe[0].value
    assert len(table) == 102
    assert table["rank_text"].str.endswith("‡").all() and table["score_text"].str.endswith("‡").all()
    assert any(text.startswith("Nguồn: ‡ ") and "SINH NGẪU NHIÊN" in text for text in texts)  # source line
    assert [radio.value for radio in at.radio if radio.label == "Đơn vị hành chính"] == [COMMUNE_SET]


def test_province_profile_of_a_commune(communes_db, generated_files):
    row = {r["Mã xã"]: r for r in _file_rows(generated_files[1])}["00040"]
    at, texts = _commune_page("pages/province.py", year="2025", province="00040")
    score = row["Chỉ số DTI"]
    assert any(text.startswith(f"### Năm 2025, Xã Mẫu 09 xếp thứ {row['Xếp hạng DTI']}/102‡ xã, phường")
               and f"đạt {score}‡ điểm" in text for text in texts)
    assert "Điểm DTI và trung bình 102 xã, phường" in _chart_titles(at)


def test_movers_among_the_communes(communes_db):
    _, texts = _commune_page("pages/movers.py")
    assert ("#### 102 xã, phường có thứ hạng cả năm 2024 và 2025; thiếu số liệu năm 2024: 0, năm 2025: 0."
            in texts)


def test_compare_communes(communes_db):
    at, texts = _commune_page("pages/compare.py", provinces="00001,00040", province="00001")
    assert "So sánh xã, phường" in texts
    assert "Thứ hạng DTI qua các năm của 2 xã,<br>phường" in _chart_titles(at)
    cells = at.dataframe[0].value
    assert cells[["Phường Mẫu 01", "Xã Mẫu 09"]].map(lambda text: "‡" in text).iloc[0].all()


def test_simulator_on_a_commune(communes_db):
    at, texts = _commune_page("pages/simulator.py", province="00040", year="2025")
    assert any(title.startswith("Điểm và thứ hạng DTI 2025 của 102 xã,") for title in _chart_titles(at))
    assert any(text.startswith("Nguồn: ‡ ") for text in texts)
    # The chart's legend line counts communes too ("Mỗi chấm là một tỉnh" said provinces before).
    assert any(text.startswith("Mỗi chấm là một xã, phường (điểm theo thứ hạng)") and "vòng tròn: xã, phường bị vượt"
               in text for text in texts)


def test_briefing_of_a_commune_claims_no_publisher(communes_db):
    at = open_page("pages/briefing.py", {"units": COMMUNE_SET, "province": "00040", "year": "2025"})
    headings = [str(m.value) for m in at.markdown]
    assert any("Xã Mẫu 09 xếp thứ " in text and "/102‡ xã, phường," in text for text in headings)  # one ‡, not ‡‡
    assert any("năm 2025, 102 xã, phường;" in text for text in headings)
    sources = [str(c.value) for c in at.caption if "Nguồn" in str(c.value)]
    assert sources and all("sinh ngẫu nhiên" in text and "dti.gov.vn" not in text for text in sources)
