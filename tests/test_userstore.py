"""The user data store: scenarios and plans, every save a revision, surviving a reopen (a restart,
another replica) and a rebuild; in its own DuckDB file (waiting out another process's lock) and in
PostgreSQL (a private server the session starts): every storage test runs on both."""

import csv
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bench.postgres_server import PostgresServer
from dti import build, methodology
from dti.config import QUERIES_DIR
from dti.plans import Plan, PlanInvalid, PlanRow, ProgressEntry
from dti.queries import load_query
from dti.scenarios import Scenario, ScenarioInvalid
from dti.userstore import (
    DuckDBUserStore,
    PostgresUserStore,
    RevisionConflict,
    UserStoreBusy,
    default_store,
    user_db_path,
)

NAMES = {"hd_kinh_te_so": "Hoạt động kinh tế số", "hd_chinh_quyen_so": "Hoạt động chính quyền số"}


def _rules_2022() -> methodology.Framework:
    with open(Path(__file__).resolve().parents[1] / "data" / "indicators.csv", encoding="utf-8") as handle:
        return methodology.framework_for_year(methodology.frameworks_from_rows(list(csv.DictReader(handle))), 2022)


RULES = _rules_2022()  # QĐ 922, whose main indices a 2022 scenario may name
USERDATA_SQL = sorted((QUERIES_DIR / "userdata").glob("*.sql"))


class Clock:
    """A clock that moves one minute per reading, from 1/12/2026 08:00."""

    def __init__(self):
        self.minutes = 0

    def __call__(self) -> datetime:
        self.minutes += 1
        return datetime(2026, 12, 1, 8, 0) + timedelta(minutes=self.minutes)


def a_plan(**changes) -> Plan:
    rows = (PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.5904, 0.9, date(2024, 6, 30), "dang_thuc_hien",
                    "Sở Tài chính; Cục Thuế", note="=HYPERLINK(\"x\")"),
            PlanRow("hd_chinh_quyen_so", "Sở Nội vụ", 0.8385, 0.9, None, component="Dịch vụ công trực tuyến"))
    values = dict(unit_set="p63", province_code="22", base_year=2022, target_year=2023,
                  title="Kế hoạch cải tiến DTI Quảng Ninh", rows=rows)
    values.update(changes)
    return Plan(**values)


@pytest.fixture(params=["duckdb", "postgres"])
def make_store(request, tmp_path):
    """Makes stores on one fresh, empty storage: each call a new store on the same data, as after a
    restart or on another replica. DuckDB: a file; PostgreSQL: a schema of its own on the session's
    server."""
    if request.param == "duckdb":
        path = tmp_path / "user" / "userdata.duckdb"
        yield lambda **options: DuckDBUserStore(path, **options)
        return
    server = request.getfixturevalue("postgres")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.dsn, autocommit=True) as con:
        con.execute(f"create schema {schema}")
    dsn = f"{server.dsn} options='-c search_path={schema}'"
    yield lambda **options: PostgresUserStore(dsn, **options)
    with psycopg.connect(server.dsn, autocommit=True) as con:
        con.execute(f"drop schema {schema} cascade")


@pytest.fixture
def user_store(make_store):
    return make_store(clock=Clock())


def test_the_default_file_is_apart_from_the_results_database(monkeypatch, tmp_path):
    monkeypatch.delenv("DTI_USER_DB", raising=False)
    assert user_db_path().parts[-3:] == ("data", "user", "userdata.duckdb")
    assert "data/user/" in Path(".gitignore").read_text(encoding="utf-8").splitlines()
    monkeypatch.setenv("DTI_USER_DB", str(tmp_path / "x.duckdb"))
    assert user_db_path() == tmp_path / "x.duckdb"


def test_a_scenario_round_trips_with_a_short_url_safe_id(user_store, make_store):
    scenario = Scenario("Tăng kinh tế số", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 0.9},
                        entered_values={"nhan_thuc_so": 0.95})
    saved = user_store.save_scenario(scenario, "Nguyễn Văn A", RULES)
    assert re.fullmatch(r"[A-Za-z0-9_-]{8}", saved.scenario_id)
    reopened = make_store().scenario(saved.scenario_id)
    assert reopened == saved
    assert reopened.entered_values == {"nhan_thuc_so": 0.95}  # kept apart from the what-if's new values
    assert user_store.scenario("khongco") is None


def test_an_invalid_scenario_saves_nothing(user_store):
    bad = Scenario("", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 1.5})
    with pytest.raises(ScenarioInvalid) as raised:
        user_store.save_scenario(bad, "A", RULES)
    assert raised.value.messages == ["Phương án chưa có tên",
                                     "Giá trị mới của hd_kinh_te_so (1,5000) nằm ngoài khoảng 0–1"]
    assert user_store.scenarios("p63", "22") == []


def test_scenarios_are_listed_per_province_and_year_newest_first(user_store):
    first = user_store.save_scenario(Scenario("A", "whatif", "p63", "22", 2022, total_gain=0.01), "A", RULES)
    second = user_store.save_scenario(Scenario("B", "target", "p63", "22", 2023, target_kind="top",
                                               target_rank=10), "A", RULES)
    user_store.save_scenario(Scenario("C", "whatif", "p63", "93", 2022), "A", RULES)
    assert [s.scenario_id for s in user_store.scenarios("p63", "22")] == [second.scenario_id, first.scenario_id]
    assert [s.name for s in user_store.scenarios("p63", "22", 2022)] == ["A"]
    assert user_store.scenarios("p34", "22") == []


def test_every_save_keeps_the_previous_revision(user_store):
    first = user_store.save_plan(a_plan(), "Nguyễn Văn A", NAMES)
    assert first.revision == 1 and all(r.row_id for r in first.rows)
    edited = first.rows[0].__class__(**{**vars(first.rows[0]), "target_value": 0.95, "status": "hoan_thanh"})
    second = user_store.save_plan(Plan(**{**vars(first), "rows": (edited,) + first.rows[1:]}), "Trần Thị B",
                                  NAMES, "nâng mục tiêu kinh tế số")
    assert second.revision == 2 and second.plan_id == first.plan_id
    history = user_store.plan_history(first.plan_id)
    assert [(h.revision, h.saved_by, h.change_note, h.row_count) for h in history] == [
        (1, "Nguyễn Văn A", None, 2), (2, "Trần Thị B", "nâng mục tiêu kinh tế số", 2)]
    assert history[0].saved_at < history[1].saved_at
    assert user_store.plan(first.plan_id, revision=1).rows[0].target_value == 0.9
    latest = user_store.plan(first.plan_id)
    assert latest.revision == 2 and latest.rows[0].target_value == 0.95 and latest.rows[0].status == "hoan_thanh"
    assert latest.rows[0].row_id == first.rows[0].row_id  # rows keep their id across revisions
    assert user_store.plan(first.plan_id, revision=7) is None


def test_a_plan_survives_a_reopen_and_a_rebuild_of_the_results_database(user_store, make_store, fresh_db_dir):
    saved = user_store.save_plan(a_plan(), "A", NAMES)
    user_store.add_progress(saved.plan_id, ProgressEntry(saved.rows[0].row_id, date(2024, 3, 15), 0.7), "A")
    build.build_database()  # a rebuild (and an import) writes only the results database
    reopened = make_store()
    plan = reopened.plan(saved.plan_id)
    assert plan.rows == saved.rows  # every field, the note with its "=" included, dates as dates
    assert plan.rows[0].deadline == date(2024, 6, 30) and plan.rows[1].deadline is None
    assert [(p.meeting_date, p.value) for p in reopened.progress(saved.plan_id)] == [(date(2024, 3, 15), 0.7)]
    assert [p.plan_id for p in reopened.plans("p63", "22")] == [saved.plan_id]


def test_an_invalid_plan_saves_nothing_and_says_every_problem(user_store):
    bad = a_plan(rows=(PlanRow("hd_kinh_te_so", " ", 0.8, 0.7), PlanRow("khong_co", "Sở X", 0.2, 1.3)))
    with pytest.raises(PlanInvalid) as raised:
        user_store.save_plan(bad, "A", NAMES)
    assert raised.value.messages == [
        "Dòng 1: chưa ghi đơn vị chủ trì",
        "Dòng 1: giá trị mục tiêu 0,7000 thấp hơn giá trị hiện tại 0,8000",
        "Dòng 2: chỉ số chính 'khong_co' không có trong khung đánh giá của năm",
        "Dòng 2: giá trị mục tiêu 1,3000 nằm ngoài khoảng 0–1",
    ]
    with pytest.raises(PlanInvalid, match="người lưu"):
        user_store.save_plan(a_plan(), "  ", NAMES)
    assert user_store.plans("p63", "22") == []


def test_a_stale_copy_cannot_overwrite_a_newer_save(user_store):
    first = user_store.save_plan(a_plan(), "A", NAMES)
    user_store.save_plan(first, "B", NAMES)  # B saved revision 2 from revision 1
    with pytest.raises(RevisionConflict, match="B lưu \\(bản 2"):
        user_store.save_plan(first, "C", NAMES)  # C still holds revision 1
    assert len(user_store.plan_history(first.plan_id)) == 2


HOLD_LOCK = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
con.execute("create table if not exists held (x integer)")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    path.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_write_waits_for_another_process_holding_the_lock(tmp_path):
    path = tmp_path / "user" / "userdata.duckdb"
    holder = _hold_lock(path, 1.0)
    started = time.monotonic()
    scenario = Scenario("A", "whatif", "p63", "22", 2022)
    saved = DuckDBUserStore(path, retry_seconds=20).save_scenario(scenario, "A", RULES)
    waited = time.monotonic() - started
    holder.wait(timeout=20)
    assert waited >= 0.5  # it really met the lock and retried
    assert DuckDBUserStore(path).scenario(saved.scenario_id).name == "A"


def test_a_lock_held_too_long_gives_a_clear_message_and_writes_nothing(tmp_path):
    path = tmp_path / "user" / "userdata.duckdb"
    holder = _hold_lock(path, 3.0)
    try:
        with pytest.raises(UserStoreBusy, match="đang được một tiến trình khác ghi"):
            DuckDBUserStore(path, retry_seconds=0.3).save_scenario(Scenario("A", "whatif", "p63", "22", 2022), "A",
                                                                  RULES)
    finally:
        holder.wait(timeout=20)
    assert DuckDBUserStore(path).scenarios("p63", "22") == []


@pytest.mark.parametrize("path", USERDATA_SQL, ids=lambda p: p.name)
def test_user_data_statements_have_headers_and_declare_what_they_bind(path):
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("--")]
    assert header[0] == f"-- {path.name}"
    assert any(line.startswith("-- Grain:") for line in header)
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    assert set(load_query(f"userdata/{path.stem}").declared_params) == set(re.findall(r"\$([a-z_]+)", body))
    assert ";" not in body.strip()


def test_sessions_on_threads_save_at_once_and_nothing_is_lost(make_store):
    # Streamlit serves sessions on threads (and replicas share PostgreSQL): 4 threads × 5 saves, none
    # lost or failed.
    from concurrent.futures import ThreadPoolExecutor

    def save(worker: int) -> list[str]:
        user_store = make_store()
        return [user_store.save_scenario(Scenario(f"{worker}-{n}", "whatif", "p63", "22", 2022), "A",
                                         RULES).scenario_id for n in range(5)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = [i for batch in pool.map(save, range(4)) for i in batch]
    assert len(set(ids)) == 20
    assert {s.scenario_id for s in make_store().scenarios("p63", "22")} == set(ids)


def test_two_replicas_saving_the_same_revision_at_once_keep_one_and_tell_the_other(make_store):
    first = make_store().save_plan(a_plan(), "A", NAMES)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(by: str) -> None:
        replica = make_store()  # each its own store, as on two app replicas
        start.wait(timeout=30)
        try:
            outcomes[by] = replica.save_plan(first, by, NAMES).revision
        except RevisionConflict as conflict:
            outcomes[by] = conflict

    savers = [threading.Thread(target=save, args=(by,)) for by in ("B", "C")]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join(timeout=60)
    revisions = [o for o in outcomes.values() if o == 2]
    conflicts = [o for o in outcomes.values() if isinstance(o, RevisionConflict)]
    assert len(revisions) == 1 and len(conflicts) == 1
    winner = next(by for by, o in outcomes.items() if o == 2)
    assert f"{winner} lưu (bản 2" in str(conflicts[0])  # the loser is told who saved first
    assert [h.saved_by for h in make_store().plan_history(first.plan_id)] == ["A", winner]


def test_the_dsn_setting_chooses_postgresql_and_unset_the_duckdb_file(monkeypatch, postgres):
    monkeypatch.delenv("DTI_USER_DSN", raising=False)
    assert isinstance(default_store(), DuckDBUserStore) and not isinstance(default_store(), PostgresUserStore)
    monkeypatch.setenv("DTI_USER_DSN", postgres.dsn)
    saved = default_store().save_scenario(Scenario("Chung", "whatif", "p63", "22", 2022), "A", RULES)
    assert isinstance(default_store(), PostgresUserStore)
    assert PostgresUserStore(postgres.dsn).scenario(saved.scenario_id).name == "Chung"  # another replica sees it
    monkeypatch.delenv("DTI_USER_DSN")
    assert default_store().scenario(saved.scenario_id) is None  # the DuckDB file is another store


def test_a_write_waits_for_a_postgresql_server_that_is_starting():
    server = PostgresServer()  # its socket folder exists; the server does not run yet
    try:
        result: dict[str, object] = {}

        def save() -> None:
            started = time.monotonic()
            scenario = Scenario("Chờ máy chủ", "whatif", "p63", "22", 2022)
            result["saved"] = PostgresUserStore(server.dsn, retry_seconds=120).save_scenario(scenario, "A", RULES)
            result["waited"] = time.monotonic() - started

        saver = threading.Thread(target=save)
        saver.start()
        time.sleep(0.5)
        server.start()
        saver.join(timeout=150)
        assert result["waited"] >= 0.5  # it really met a missing server and retried
        assert PostgresUserStore(server.dsn).scenario(result["saved"].scenario_id).name == "Chờ máy chủ"
    finally:
        server.stop()


def test_an_unreachable_postgresql_server_gives_a_clear_message(tmp_path):
    store = PostgresUserStore(f"host={tmp_path} port=5432 user=dti dbname=postgres", retry_seconds=0.3)
    with pytest.raises(UserStoreBusy, match="Không kết nối được kho dữ liệu kế hoạch"):
        store.save_scenario(Scenario("A", "whatif", "p63", "22", 2022), "A", RULES)
    with pytest.raises(UserStoreBusy, match="Không kết nối được kho dữ liệu kế hoạch"):
        store.plans("p63", "22")


SAVE_IN_ANOTHER_PROCESS = """
import sys
from dti.userstore import DuckDBUserStore
from dti.scenarios import Scenario
from test_userstore import RULES
DuckDBUserStore(sys.argv[1]).save_scenario(Scenario("Từ tiến trình khác", "whatif", "p63", "22", 2022,
                                                    changes={"hd_kinh_te_so": 0.9}), "B", RULES)
"""


def test_reads_kept_in_memory_see_another_process_s_save(tmp_path):
    path = tmp_path / "user.duckdb"
    store = DuckDBUserStore(path)
    assert store.scenarios("p63", "22") == []  # read, and kept while the file is unchanged
    assert store.scenarios("p63", "22") == []
    tests_dir = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", SAVE_IN_ANOTHER_PROCESS, str(path)], check=True,
                   cwd=Path(tests_dir).parent, env={**os.environ, "PYTHONPATH": tests_dir})
    assert [s.name for s in store.scenarios("p63", "22")] == ["Từ tiến trình khác"]
