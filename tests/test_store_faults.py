"""The store under faults: kill -9 during a commit, damaged files and pointer, a stalled writer,
a full disk. Each case first reproduces the fault for real (SIGKILL, truncate, a tmpfs), then
asserts what an official notices: the last good data with a Vietnamese word, never a path,
DuckDB's English or a traceback; and nothing an intact file holds is lost."""

import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from bench.faults import (
    DAMAGES,
    current_file,
    garbage,
    imports_in_file,
    kill_during_commit,
    results_csv,
    run_cli,
    served,
    small_disk,
    stalled_writer,
    temporary_files,
    truncate,
)
from dti import cli, queries, store

ENGLISH = ("Traceback", "Error", "duckdb", "No space", "Errno")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, list[str], list[Path]]:
    """A built database with two imports of 2025: versions [build, import 1, import 2]."""
    folder = tmp_path_factory.mktemp("faults")
    db_dir = folder / "db"
    assert run_cli(db_dir, "build-db").returncode == 0
    files = [results_csv(folder, seed) for seed in (1, 2)]
    for path in files:
        result = run_cli(db_dir, "import", str(path), "--year", "2025", "--yes", "--by", "kiểm thử")
        assert result.returncode == 0, result.stderr
    versions = sorted(p.name[4:-7] for p in db_dir.glob("dti-*.duckdb"))
    assert len(versions) == 3
    return db_dir, versions, files


@pytest.fixture
def db(template, tmp_path) -> Path:
    folder = tmp_path / "db"
    shutil.copytree(template[0], folder)
    yield folder
    store.close_connections()


def _scores(csv_text: str) -> dict[str, str]:
    lines = [line for line in csv_text.splitlines() if line]
    header = lines[0].split(",")
    return {row[header.index("province_name")]: row[header.index("score")]
            for row in (line.split(",") for line in lines[1:])}


def _file_scores(path: Path) -> dict[str, str]:
    return dict(line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:])


def _assert_plain_vietnamese(text: str, db_dir: Path) -> None:
    assert str(db_dir) not in text and "/tmp" not in text
    for word in ENGLISH:
        assert word not in text, text


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_kill_9_during_an_import_keeps_the_old_version_and_the_next_write_cleans_up(db, template, tmp_path,
                                                                                     delay):
    _, versions, _ = template
    killed = kill_during_commit(db, "import", str(results_csv(tmp_path, 7)), "--year", "2025", "--yes",
                                delay=delay)
    assert killed is None  # really killed mid-commit, not finished
    version, _, notice = served(db)
    assert version == versions[-1] and notice is None
    assert temporary_files(db)  # the fault: a multi-MB copy nobody removes
    after = run_cli(db, "import", str(results_csv(tmp_path, 8)), "--year", "2025", "--yes")
    assert after.returncode == 0, after.stderr
    assert temporary_files(db) == []


@pytest.mark.parametrize("damage", ["current file truncated", "current file garbage", "current file deleted"])
def test_a_damaged_current_file_serves_the_version_before_it_with_a_vietnamese_notice(db, template, damage):
    _, versions, files = template
    DAMAGES[damage](db, 3)
    result = run_cli(db, "ranking", "--year", "2025", "--units", "34", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _scores(result.stdout)["Cần Thơ"] == _file_scores(files[0])["Cần Thơ"]  # import 1 is served
    assert "phiên bản dữ liệu tốt gần nhất" in result.stderr
    _assert_plain_vietnamese(result.stderr, db)
    assert sorted(p.name[4:-7] for p in db.glob("dti-*.duckdb")) == versions[:2] + (
        [] if damage == "current file deleted" else versions[2:])  # no silent rebuild


@pytest.mark.parametrize("damage", ["CURRENT empty", "CURRENT deleted", "CURRENT not UTF-8"])
def test_a_damaged_pointer_serves_the_newest_intact_version_from_the_pointer_history(db, template, damage):
    _, versions, files = template
    DAMAGES[damage](db, 3)
    result = run_cli(db, "ranking", "--year", "2025", "--units", "34", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _scores(result.stdout)["Cần Thơ"] == _file_scores(files[1])["Cần Thơ"]  # import 2, not a rebuild
    assert "phiên bản dữ liệu tốt gần nhất" in result.stderr
    _assert_plain_vietnamese(result.stderr, db)
    assert sorted(p.name[4:-7] for p in db.glob("dti-*.duckdb")) == versions


def test_the_next_import_after_a_damaged_current_file_builds_on_the_last_good_version(db, template, tmp_path):
    _, versions, files = template
    truncate(current_file(db))
    result = run_cli(db, "import", str(results_csv(tmp_path, 9)), "--year", "2025", "--yes")
    assert result.returncode == 0, result.stderr
    version, imported, notice = served(db)
    assert notice is None and version not in versions
    assert len(imported) == 2  # import 1 (from the last good version) and the new one


def test_when_no_version_is_intact_the_store_rebuilds_and_says_so(db, template):
    _, versions, _ = template
    for version in versions:
        garbage(db / f"dti-{version}.duckdb")
    result = run_cli(db, "ranking", "--year", "2022", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 64
    assert "dựng lại" in result.stderr
    _assert_plain_vietnamese(result.stderr, db)


def test_after_an_undo_the_fallback_follows_the_pointer_history_not_file_names(db, template):
    _, versions, files = template
    assert run_cli(db, "undo-import").returncode == 0  # import 2 undone: a new version
    truncate(current_file(db))  # the version after the undo goes bad
    version, imported, notice = served(db)
    assert version == versions[1]  # import 1's version, never the newer file with the undone import 2
    assert imported == {_sha(files[0])} and "phiên bản dữ liệu tốt gần nhất" in notice


def test_thirteen_import_and_undo_cycles_all_undo(fresh_db_dir, tmp_path, capsys):
    assert cli.main(["build-db"]) == 0
    for cycle in range(13):
        path = results_csv(tmp_path, 100 + cycle)
        assert cli.main(["import", str(path), "--year", "2025", "--yes"]) == 0, capsys.readouterr().err
        assert cli.main(["undo-import"]) == 0, f"lần {cycle + 1}: {capsys.readouterr().err}"
        assert queries.run_query("values_for_year", None, unit_set="p34", year=2025).empty
    log = queries.run_query("import_records")
    assert len(log) == 13 and log["undone_at"].notna().all()
    assert len(store.list_versions()) <= 2 * store.VERSIONS_KEPT  # pruned, yet every undo worked


def test_any_import_can_be_undone_after_a_later_import_and_a_rebuild(fresh_db_dir, tmp_path, capsys):
    assert cli.main(["build-db"]) == 0
    first, second = results_csv(tmp_path, 201), results_csv(tmp_path, 202)
    frame = second.read_text(encoding="utf-8").splitlines()
    # The second import changes only the first 17 units: the other 17 keep import 1's values.
    rest = first.read_text(encoding="utf-8").splitlines()[18:]
    second.write_text("\n".join(frame[:18] + rest) + "\n", encoding="utf-8")
    assert cli.main(["import", str(first), "--year", "2025", "--yes"]) == 0
    assert cli.main(["import", str(second), "--year", "2025", "--yes"]) == 0
    assert cli.main(["build-db"]) == 0
    capsys.readouterr()
    assert cli.main(["undo-import", "--id", "1"]) == 0, capsys.readouterr().err
    stored = queries.run_query("values_for_year", None, unit_set="p34", year=2025)
    scores = dict(zip(stored["province_name"], stored["value"], strict=True))
    assert scores == {name: float(score) for name, score in (line.split(",") for line in frame[1:18])}
    log = queries.run_query("import_records").set_index("import_id")
    assert pd.notna(log.loc[1, "undone_at"]) and pd.isna(log.loc[2, "undone_at"])


def test_a_stalled_writer_makes_the_next_one_wait_a_bounded_time_then_names_it(db, tmp_path, monkeypatch):
    monkeypatch.setenv("DTI_WRITE_LOCK_WAIT_SECONDS", "1")
    with stalled_writer(db) as holder:
        started = time.monotonic()
        result = run_cli(db, "import", str(results_csv(tmp_path, 11)), "--year", "2025", "--yes", timeout=60)
        waited = time.monotonic() - started
    assert result.returncode == 2 and waited < 30
    assert f"tiến trình {holder.pid}" in result.stderr and "đang ghi dữ liệu từ" in result.stderr
    _assert_plain_vietnamese(result.stderr, db)


def test_a_full_disk_gives_a_vietnamese_error_removes_the_partial_copy_and_keeps_the_old_version(tmp_path):
    with small_disk("14m") as disk:
        db_dir = disk / "db"
        assert run_cli(db_dir, "build-db").returncode == 0  # one 9 MB version fits, a copy of it does not
        before = store_state(db_dir)
        result = run_cli(db_dir, "import", str(results_csv(tmp_path, 12)), "--year", "2025", "--yes")
        assert result.returncode == 2
        assert "ổ đĩa" in result.stderr
        _assert_plain_vietnamese(result.stderr, db_dir)
        assert temporary_files(db_dir) == []
        assert store_state(db_dir) == before
        ranking = run_cli(db_dir, "ranking", "--year", "2022", "--format", "csv")
        assert ranking.returncode == 0 and len(ranking.stdout.strip().splitlines()) == 64


def test_a_build_on_a_disk_too_small_for_one_version_says_so_and_leaves_nothing(tmp_path):
    with small_disk("2m") as disk:
        db_dir = disk / "db"
        result = run_cli(db_dir, "build-db")
        assert result.returncode == 2 and "ổ đĩa" in result.stderr
        _assert_plain_vietnamese(result.stderr, db_dir)
        assert temporary_files(db_dir) == [] and list(db_dir.glob("dti-*.duckdb")) == []


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_state(db_dir: Path) -> tuple:
    """The pointer and every version file with its size: what a failed write must not change."""
    files = sorted((p.name, p.stat().st_size) for p in db_dir.glob("dti-*.duckdb"))
    return (db_dir / "CURRENT").read_bytes(), files, [imports_in_file(db_dir / name) for name, _ in files]


def test_the_app_serves_the_last_good_version_with_a_notice_without_path_or_english(db, template, monkeypatch):
    from streamlit.testing.v1 import AppTest

    _, versions, _ = template
    monkeypatch.setenv("DTI_DB_DIR", str(db))
    store.close_connections()
    truncate(current_file(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "Đang hiển thị phiên bản dữ liệu tốt gần nhất" in notice
    _assert_plain_vietnamese(notice, db)
