"""Import, provenance, no-op re-import, undo, and export -> import reproducing the values."""

import io

import openpyxl
import pandas as pd
import pytest
from import_tables import csv_bytes, results_table, xlsx_bytes

from dti import build, cli, exporter, import_commit, import_preview, queries, reference, store


@pytest.fixture
def db(fresh_db_dir):
    build.build_database()
    return fresh_db_dir


def _stored(unit_set: str, year: int) -> list[dict]:
    values = queries.run_query("values_for_year", None, unit_set=unit_set, year=year)
    return values[["province_code", "metric", "measure", "value"]].to_dict("records")


def test_a_new_year_imports_with_provenance_and_a_record(db):
    content = xlsx_bytes(results_table("p34"))
    preview = import_preview.preview_import(content, "dti2025.xlsx", 2025)
    assert preview.errors == [] and preview.warnings == []
    assert preview.count("new") == 68
    result = import_commit.commit_import(preview, "kiểm thử")
    assert result.import_id == 1 and result.version == store.current_version()
    stored = queries.run_query("values_for_year", None, unit_set="p34", year=2025)
    assert len(stored) == 68
    assert set(stored["provenance"]) == {"imported"} and set(stored["import_id"]) == {1}
    record = queries.run_query("import_records").iloc[0]
    assert record["file_name"] == "dti2025.xlsx" and record["imported_by"] == "kiểm thử"
    assert record["new_count"] == 68 and len(record["file_sha256"]) == 64
    ranking = queries.run_query("ranking_for_year", None, unit_set="p34", year=2025, metric="dti")
    assert ranking["rank"].notna().all()


def test_reimporting_identical_values_is_a_successful_no_op(db):
    content = csv_bytes(results_table("p34"))
    import_commit.commit_import(import_preview.preview_import(content, "a.csv", 2025), "x")
    version = store.current_version()
    again = import_preview.preview_import(content, "a.csv", 2025)
    assert again.errors == [] and again.count("unchanged") == 68 and again.count("changed") == 0
    result = import_commit.commit_import(again, "x")
    assert result.import_id is None
    assert store.current_version() == version
    assert len(queries.run_query("import_records")) == 1


def test_values_the_import_leaves_unchanged_keep_their_provenance(db):
    bundled = queries.run_query("values_for_year", None, unit_set="p63", year=2022)
    dti_ranks = bundled[(bundled["metric"] == "dti") & (bundled["measure"] == "rank")]
    names = dti_ranks["province_name"].tolist()
    ranks = dti_ranks["value"].astype(int).tolist()
    scores = [round(0.95 - 0.005 * rank, 4) for rank in ranks]  # consistent with published ranks
    frame = pd.DataFrame({"Tỉnh/Thành phố": names, "Xếp hạng": ranks, "Chỉ số DTI": scores})
    preview = import_preview.preview_import(csv_bytes(frame), "2022.csv", 2022)
    assert preview.errors == []
    assert preview.count("unchanged") == 63  # the ranks
    import_commit.commit_import(preview, "x", confirm_warnings=True)
    stored = queries.run_query("values_for_year", None, unit_set="p63", year=2022)
    stored_ranks = stored[(stored["metric"] == "dti") & (stored["measure"] == "rank")]
    assert set(stored_ranks["provenance"]) == set(dti_ranks["provenance"])
    stored_scores = stored[(stored["metric"] == "dti") & (stored["measure"] == "score")]
    assert set(stored_scores["provenance"]) == {"imported"}


def test_an_import_can_be_undone(db, capsys):
    before_version = store.current_version()
    before = _stored("p34", 2025)
    import_commit.commit_import(import_preview.preview_import(csv_bytes(results_table("p34")), "a.csv", 2025), "x")
    assert _stored("p34", 2025) != before
    with pytest.raises(reference.DataError, match="Không có lần nhập số 7"):
        import_commit.undo_import(7)
    assert cli.main(["undo-import"]) == 0
    assert "Đã hoàn tác" in capsys.readouterr().out
    assert store.current_version() != before_version  # an undo is a new version
    assert _stored("p34", 2025) == before
    log = queries.run_query("import_records")
    assert len(log) == 1 and log["undone_at"].notna().all()  # still in the log, marked undone
    with pytest.raises(reference.DataError, match="đã được hoàn tác"):
        import_commit.undo_import(1)


def test_a_rebuild_keeps_imported_values(db):
    import_commit.commit_import(import_preview.preview_import(csv_bytes(results_table("p34")), "a.csv", 2025), "x")
    imported = _stored("p34", 2025)
    build.build_database()
    assert _stored("p34", 2025) == imported
    assert len(queries.run_query("import_records")) == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_a_bundled_year_and_importing_it_is_a_no_op(db, file_format):
    version = store.current_version()
    content = exporter.export_year("p63", 2022, file_format)
    preview = import_preview.preview_import(content, f"2022.{file_format}", 2022)
    assert preview.errors == [] and preview.warnings == []
    assert preview.count("unchanged") == len(queries.run_query("values_for_year", None, unit_set="p63", year=2022))
    assert import_commit.commit_import(preview, "x").import_id is None
    assert store.current_version() == version


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_reproduces_imported_values(db, tmp_path, capsys, file_format):
    content = csv_bytes(results_table("p34", seed=5))
    import_commit.commit_import(import_preview.preview_import(content, "a.csv", 2025), "x")
    stored = _stored("p34", 2025)
    out = tmp_path / f"dti2025.{file_format}"
    assert cli.main(["export", "--year", "2025", "--out", str(out)]) == 0
    import_commit.undo_import()
    assert _stored("p34", 2025) == []
    assert cli.main(["import", str(out), "--year", "2025"]) == 0
    assert _stored("p34", 2025) == stored
    capsys.readouterr()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_neutralises_formula_like_text(db, monkeypatch, file_format):
    real = queries.run_query

    def units_with_a_formula_name(name, version=None, **params):
        rows = real(name, version, **params)
        if name == "units_in_set":
            rows.loc[rows["province_code"] == "01", "province_name"] = '=HYPERLINK("http://x","Hà Nội")'
        return rows

    monkeypatch.setattr(queries, "run_query", units_with_a_formula_name)
    content = exporter.export_year("p63", 2022, file_format)
    if file_format == "csv":
        assert "\n2022,01,\"'=HYPERLINK(" in content.decode("utf-8-sig").replace("\r\n", "\n")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert [(c.value[:11], c.data_type) for c in cells] == [("'=HYPERLINK", "s")]


def test_header_synonyms_and_spellings_map(db):
    frame = results_table("p63")
    frame["Tỉnh/Thành phố"] = frame["Tỉnh/Thành phố"].replace(
        {"Thừa Thiên Huế": "Thừa Thiên - Huế", "Hòa Bình": "Hoà Bình",
         "TP. Hồ Chí Minh": "Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "Bà Rịa-Vũng Tàu",
         "Khánh Hòa": "Khanh Hoa", "Cần Thơ": "TP Cần Thơ"})
    frame = frame.rename(columns={"Tỉnh/Thành phố": "Địa phương", "Chỉ số DTI": "DTI",
                                  "Xếp hạng": "Thứ hạng"})
    preview = import_preview.preview_import(csv_bytes(frame, delimiter=";", decimal=","), "syn.csv", 2023)
    assert preview.errors == []
    assert [c.target for c in preview.columns] == ["province", "dti:score", "dti:rank"]
