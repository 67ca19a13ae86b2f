"""Readers querying while imports commit and are undone see the old or the new version,
never a mix; the CLI (another process) reads at the same time."""

import os
import subprocess
import sys
import threading
import time

import pandas as pd
from import_tables import csv_bytes

from dti import build, import_commit, import_preview, queries
from dti.config import PROJECT_DIR


def _consistent_2022_file() -> bytes:
    bundled = queries.run_query("values_for_year", None, unit_set="p63", year=2022)
    ranks = bundled[(bundled["metric"] == "dti") & (bundled["measure"] == "rank")]
    return csv_bytes(pd.DataFrame({
        "Tỉnh/Thành phố": ranks["province_name"].tolist(),
        "Chỉ số DTI": [round(0.95 - 0.005 * rank, 4) for rank in ranks["value"]],
        "Xếp hạng": ranks["value"].astype(int).tolist(),
    }))


def _state_of(ranking: pd.DataFrame) -> str:
    scored = ranking[ranking["score"].notna()]
    provenances = set(scored["score_provenance"])
    if len(scored) == 63 and provenances == {"imported"}:
        return "new"
    if "imported" not in provenances:  # the bundled 2022 table (complete since the compilation)
        return "old"
    return f"mixed: {len(scored)} scores, {sorted(provenances)}"


def test_readers_see_the_old_or_the_new_version_never_a_mix(fresh_db_dir):
    build.build_database()
    content = _consistent_2022_file()
    seen: list[str] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def read_in_a_loop():
        try:
            while not stop.is_set():
                seen.append(_state_of(queries.run_query("ranking_for_year", None,
                                                        unit_set="p63", year=2022, metric="dti")))
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    def cli_in_a_loop(results: list):
        env = dict(os.environ, DTI_DB_DIR=str(fresh_db_dir))
        while not stop.is_set():
            command = [sys.executable, "-m", "dti", "ranking", "--year", "2022", "--format", "csv"]
            done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                                  timeout=60)
            results.append(done)

    cli_results: list = []
    threads = [threading.Thread(target=read_in_a_loop) for _ in range(4)]
    threads.append(threading.Thread(target=cli_in_a_loop, args=(cli_results,)))
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            preview = import_preview.preview_import(content, "2022.csv", 2022)
            assert preview.errors == []
            import_commit.commit_import(preview, "x", confirm_warnings=True)
            import_commit.undo_import()
        import_commit.commit_import(import_preview.preview_import(content, "2022.csv", 2022), "x",
                                    confirm_warnings=True)
        deadline = time.monotonic() + 120  # one CLI run takes a few seconds; never wait forever
        while not cli_results and time.monotonic() < deadline:
            threading.Event().wait(0.05)
        assert cli_results, "the CLI reader finished no run in 120 s"
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not failures, failures
    assert {"old", "new"} <= set(seen)
    assert set(seen) <= {"old", "new"}, {s for s in seen if s not in ("old", "new")}
    assert _state_of(queries.run_query("ranking_for_year", None, unit_set="p63", year=2022, metric="dti")) == "new"
    for done in cli_results:
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.strip().splitlines()) == 64
