"""The versioned store: builds validate loudly, publish atomically, and keep imports."""

import shutil

import duckdb
import pytest

from dti import build, queries, store
from dti.config import DATA_DIR
from dti.reference import DataError


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("db", "geo"))
    return folder


def _replace_line(path, line_number, transform):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_number - 1] = transform(lines[line_number - 1])
    path.write_text("".join(lines), encoding="utf-8")


def _line_of(path, starts_with):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(starts_with):
            return number
    raise AssertionError(starts_with)


@pytest.mark.parametrize("prefix, transform, message", [
    ("p63,2022,93,Hậu Giang,dti,rank,17", lambda text: text.replace(",93,", ",99,", 1), "không có tỉnh mã '99'"),
    ("p63,2022,48,Đà Nẵng,dti,score,0.8002", lambda text: text.replace("0.8002", "1.2"), "ngoài khoảng 0–1"),
    ("p63,2022,48,Đà Nẵng,dti,score,0.8002", lambda text: text.replace("0.8002", "-0.1"), "ngoài khoảng 0–1"),
    ("p63,2022,93,Hậu Giang,dti,rank,17", lambda text: text.replace(",17,", ",64,", 1), "thứ hạng 64 nằm ngoài 1..63"),
    ("p63,2022,48,Đà Nẵng,dti,score,0.8002", lambda text: text.replace("0.8002", "0.7902"), "tổng có trọng số"),
    ("p63,2022,48,Đà Nẵng,dti,score,0.8002", lambda text: text.replace("0.8002", "abc"), "không phải số"),
])
def test_a_broken_bundled_row_fails_the_build_naming_file_line_and_why(data_copy, fresh_db_dir, prefix,
                                                                        transform, message):
    path = data_copy / "dti_values.csv"
    line = _line_of(path, prefix)
    _replace_line(path, line, transform)
    with pytest.raises(DataError) as raised:
        build.build_database(data_copy)
    assert f"dti_values.csv, dòng {line}" in str(raised.value)
    assert message in str(raised.value)
    assert store.current_version() is None  # nothing half-built was published


def test_a_duplicate_key_fails_the_build(data_copy, fresh_db_dir):
    path = data_copy / "dti_values.csv"
    line = _line_of(path, "p63,2022,93,Hậu Giang,dti,rank,17")
    duplicate = path.read_text(encoding="utf-8").splitlines()[line - 1].replace(",17,", ",18,", 1)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(duplicate + "\n")
    with pytest.raises(DataError, match="trùng khóa"):
        build.build_database(data_copy)


def test_a_failed_rebuild_leaves_the_current_version_serving(data_copy, fresh_db_dir):
    good = build.build_database(data_copy)
    path = data_copy / "dti_values.csv"
    _replace_line(path, 2, lambda text: text.replace(",43,", ",99,", 1))
    with pytest.raises(DataError):
        build.build_database(data_copy)
    assert store.current_version() == good
    assert len(queries.run_query("ranking_for_year", None, unit_set="p63", year=2022, metric="dti")) == 63


def test_build_publishes_a_new_version_and_readers_open_it_read_only(fresh_db_dir):
    first = build.build_database()
    second = build.build_database()
    assert first != second and store.current_version() == second
    assert set(store.list_versions()) >= {first, second}
    _, con = store.connection()
    with pytest.raises(duckdb.Error):
        con.cursor().execute("delete from dti_value")
    assert not list(fresh_db_dir.glob(".building-*")), "no temporary file is left behind"


def test_rebuild_keeps_values_imported_into_the_current_version(fresh_db_dir):
    version = build.build_database()
    store.close_connections()
    # What an import does: write a copy, then publish it as the current version.
    # 2021: Hậu Giang's score is not in the bundled data (only its rank 17 is).
    with store.writer_lock(), store.temporary_copy(version) as (new_version, temp_path):
        con = duckdb.connect(str(temp_path))
        con.execute("insert into import_record values (1, 'ket-qua-2021.xlsx', 'abc', 'p63', 2021, 'admin', "
                    "now(), 1, 0, 0)")
        con.execute("insert into dti_value values ('p63', 2021, '93', 'dti', 'score', 0.6512, 'imported', "
                    "null, null, 1)")
        con.close()
        store.publish(temp_path, new_version)
    build.build_database()
    history = queries.run_query("province_history", None,
                                unit_set="p63", province_code="93", metric="dti").set_index("year")
    assert history.loc[2021, "score"] == pytest.approx(0.6512)
    assert history.loc[2021, "score_provenance"] == "imported"


def test_undo_points_back_to_an_earlier_version(fresh_db_dir):
    first = build.build_database()
    build.build_database()
    store.set_current_version(first)
    assert store.current_version() == first


def test_missing_database_gives_a_vietnamese_message(fresh_db_dir):
    with pytest.raises(store.DatabaseUnavailable, match="Chưa có cơ sở dữ liệu"):
        store.connection()


def test_a_version_built_with_another_schema_is_rebuilt_at_start(fresh_db_dir, monkeypatch):
    # A store left by an older version of the code, whose schema differed.
    with monkeypatch.context() as older_code:
        older_code.setattr(build, "SCHEMA_FINGERPRINT", "older-code")
        old = build.build_database()
    assert not build.is_current_schema(old)
    version, notice = build.ensure_database_with_notice()
    assert version != old and notice is None
    assert store.current_version() == version and build.is_current_schema(version)
    assert build.ensure_database_with_notice() == (version, None)  # rebuilt once, then served
