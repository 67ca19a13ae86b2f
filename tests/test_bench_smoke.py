"""The benchmark still runs: its modules import and every query file gets a time on the real data."""

import asyncio
import importlib
import os
from pathlib import Path

from bench import export_load, floor_replay, planner, profile, query_time, screens
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession
from dti import store

BENCH_MODULES = ["bench.__main__", "bench.browser", "bench.generate_commune_scale", "bench.load",
                 "bench.query_time", "bench.screens", "bench.server", "bench.server_time", "bench.startup",
                 "bench.stats", "bench.wsclient", "bench.exports", "bench.planner", "bench.floor_replay",
                 "bench.export_load", "bench.profile", "bench.simulator_input"]


def test_bench_modules_import():
    for name in BENCH_MODULES:
        importlib.import_module(name)


def test_query_timing_gives_every_query_file_a_number(built_db):
    timings = query_time.time_queries(store.version_path(built_db), query_time.sample_params(), repetitions=1)
    assert set(timings) == set(query_time.query_names())
    assert all(len(samples) == 1 and samples[0] > 0 for samples in timings.values())


def test_every_page_is_a_benchmarked_screen():
    keys = {screen.key for screen in screens.discover()}
    assert {"home", "ranking", "province"} <= keys


def test_solver_timing_answers_every_province_of_the_year(built_db):
    times = planner.answer_times(built_db, repetitions=1)
    assert len(times["context"]) == 63
    assert len(times["whatif"]) == 63 and len(times["solve"]) >= 3 * 63  # 2023: every province has a total


def test_the_planner_screens_are_benchmarked_on_a_qd922_year():
    by_key = {screen.key: screen for screen in screens.discover()}
    assert "year=2023" in by_key["simulator"].query and by_key["plan"].query.startswith("base_year=2023")


def test_every_screen_has_a_floor():
    assert all(screen.floor == screen.key for screen in screens.discover())


async def _first_run(url: str, page_name: str = "", query: str = "", record: bool = False):
    session = StreamlitSession(url, page_name=page_name, query_string=query, record=record)
    await session.connect()
    try:
        return await session.run(), session
    finally:
        await session.close()


def test_a_floor_draws_the_same_elements_as_its_screens_first_run(built_db, tmp_path, monkeypatch):
    """The province screen's first run, recorded, is what its floor draws: same kinds, same counts."""
    monkeypatch.setenv(floor_replay.RECORDS_ENV, str(tmp_path / "records"))
    db_dir = Path(os.environ["DTI_DB_DIR"])
    with StreamlitServer("app.py", db_dir) as app:
        screen, session = asyncio.run(_first_run(app.ws_url, "province", "province=93&year=2022", record=True))
    assert screen.ok and screen.element_kinds["plotly_chart"] == 3
    floor_replay.save("province", session.recorded)
    with StreamlitServer("bench/floor_app.py", db_dir) as floor:
        drawn, floor_session = asyncio.run(_first_run(floor.ws_url, query="screen=province"))
    assert drawn.ok
    assert drawn.element_kinds == screen.element_kinds
    assert floor_session.widgets["Tỉnh, thành phố"].options == session.widgets["Tỉnh, thành phố"].options


def test_other_sessions_are_measured_while_a_real_pdf_download_builds(built_db):
    """bench/export_load.py clicks the province profile's PDF button over the websocket (the real
    deferred download) while other sessions change their screens; both phases have numbers."""
    db_dir = Path(os.environ["DTI_DB_DIR"])
    others = [screen for screen in screens.discover() if screen.key in ("ranking", "home")]
    found = export_load.measure(db_dir, others, seconds=3, rounds=1)
    assert found["idle"]["errors"] == found["building"]["errors"] == []
    assert len(found["building"]["pdf_ms"]) >= 1 and found["idle"]["pdf_ms"] == []
    assert found["idle"]["server_ms"] and found["building"]["server_ms"]
    names = [row.name for row in export_load.results(found)]
    assert names == ["export_pdf_others_server_p95", "export_pdf_others_server_p95_idle",
                     "export_pdf_others_answer_p95"]


def test_the_profile_shares_a_pages_samples_by_its_line(tmp_path):
    raw = tmp_path / "raw.txt"
    run = "Thread.run (threading.py:982);ScriptRunner._run_script (streamlit/runtime/script_runner.py:961)"
    raw.write_text(
        f"{run};<module> (province.py:71);cached_unit_rows (ui/cache.py:31) 3\n"
        f"{run};<module> (province.py:71);cached_unit_rows (ui/cache.py:31);rows (dti/version_cache.py:50) 1\n"
        f"{run};<module> (province.py:129);source_caption (ui/widgets.py:73) 4\n"
        f"{run};page_frame (ui/frame.py:101) 2\n"
        "EpollSelector.select (selectors.py:468) 90\n", encoding="utf-8")  # not the script thread: left out
    shares = profile.line_shares(raw, "province.py")
    assert shares == [(0.4, "province.py:71 -> cached_unit_rows"), (0.4, "province.py:129 -> source_caption"),
                      (0.2, "other")]
