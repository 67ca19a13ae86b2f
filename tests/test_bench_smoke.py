"""The benchmark still runs: its modules import and every query file gets a time on the real data."""

import importlib

from bench import query_time, screens
from dti import store

BENCH_MODULES = ["bench.__main__", "bench.browser", "bench.generate_commune_scale", "bench.load",
                 "bench.query_time", "bench.screens", "bench.server", "bench.server_time", "bench.startup",
                 "bench.stats", "bench.wsclient", "bench.exports"]


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
