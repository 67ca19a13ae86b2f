"""The benchmark still runs: its modules import and every query file gets a time on the real data."""

import importlib

from bench import planner, query_time, screens
from dti import store

BENCH_MODULES = ["bench.__main__", "bench.browser", "bench.generate_commune_scale", "bench.load",
                 "bench.query_time", "bench.screens", "bench.server", "bench.server_time", "bench.startup",
                 "bench.stats", "bench.wsclient", "bench.exports", "bench.planner"]


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
