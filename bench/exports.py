"""Time to build each export format, cold (a fresh process: imports, database, first Chromium)
and warm (again in the same process), and what a PDF build costs other work of the server.

Exports always start a fresh Chromium (a subprocess with its own profile), so warm mostly
saves the Python side. 'Other sessions' is measured in-process: query latency on the main
thread while a PDF builds on another thread, against the same loop with nothing building.
"""

import json
import subprocess
import sys
import threading
import time

from bench import stats

FORMATS = ("png", "pdf", "pptx", "xlsx")
PROVINCE, YEAR, UNIT_SET = "22", 2022, "p63"
_COLD = """
import json, time
started = time.perf_counter()
import dti.store  # wires the query runner to the database versions (the app's frame does it there)
from dti.exports import build_export
build_export({kind!r}, {province!r}, {year}, {unit_set!r})
print(json.dumps((time.perf_counter() - started) * 1000))
"""


def cold_ms(kind: str) -> float:
    code = _COLD.format(kind=kind, province=PROVINCE, year=YEAR, unit_set=UNIT_SET)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def warm_ms(kind: str, count: int) -> list[float]:
    from dti.exports import build_export

    build_export(kind, PROVINCE, YEAR, UNIT_SET)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        build_export(kind, PROVINCE, YEAR, UNIT_SET)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _query_latencies(seconds: float, busy: threading.Event | None = None) -> list[float]:
    from dti.queries import run_query

    samples, until = [], time.perf_counter() + seconds
    while time.perf_counter() < until and (busy is None or busy.is_set()):
        started = time.perf_counter()
        run_query("ranking_for_year", None, unit_set=UNIT_SET, year=YEAR, metric="dti")
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.01)
    return samples


def others_while_pdf_builds() -> tuple[list[float], list[float]]:
    from dti.exports import build_export

    idle = _query_latencies(3.0)
    busy = threading.Event()
    busy.set()

    def build():
        try:
            build_export("pdf", PROVINCE, YEAR, UNIT_SET)
        finally:
            busy.clear()

    worker = threading.Thread(target=build)
    worker.start()
    during = _query_latencies(60.0, busy)
    worker.join()
    return idle, during


def results(quick: bool) -> list[stats.Result]:
    rows = []
    for kind in FORMATS:
        colds = [cold_ms(kind) for _ in range(1 if quick else 3)]
        warms = warm_ms(kind, 2 if quick else 5)
        rows.append(stats.Result(f"export_{kind}_cold", stats.median(colds), "ms", None, None,
                                 f"fresh process, {PROVINCE}/{YEAR}: {stats.describe(colds)}"))
        rows.append(stats.Result(f"export_{kind}_warm", stats.median(warms), "ms", None, None,
                                 f"same process: {stats.describe(warms)}"))
    idle, during = others_while_pdf_builds()
    rows.append(stats.Result("export_pdf_others_p95", stats.p95(during), "ms", None, None,
                             f"query p95 while a PDF builds on another thread ({len(during)} queries); "
                             f"idle p95 {stats.p95(idle):.1f} ms"))
    return rows
