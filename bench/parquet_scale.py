"""Query time on the DuckDB file against the Parquet engine (dti.parquet_results), on GENERATED
commune data at 1x (10,000 units x 10 years x 60 indicators = 6 M scores) and 10x (60 M).

`python -m bench.parquet_scale [--scales 1,10]`: builds each generated database in a temporary
folder, exports it to Parquet, runs every queries/*.sql on both (one warm-up, then up to 5 runs
within 20 s per query and engine), prints rows, sizes, export time and median ms; removes it all.
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from bench import generate_commune_scale, stats
from bench.query_time import query_names, sample_params
from dti import parquet_results, queries


def _times(con, name: str, params: dict, runs: int = 5, budget_s: float = 20) -> list[float]:
    bound = {key: params[key] for key in queries.load_query(name).declared_params}
    queries.execute_query(con, name, **bound)
    samples = []
    deadline = time.perf_counter() + budget_s
    for _ in range(runs):
        started = time.perf_counter()
        queries.execute_query(con, name, **bound)
        samples.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return samples


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else list(path.rglob("*"))
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def measure(scale: int, folder: Path) -> dict:
    units = generate_commune_scale.UNIT_COUNT * scale
    database = folder / f"communes-{scale}x.duckdb"
    built_s = generate_commune_scale.build(database, units=units)
    params = {**sample_params(), **generate_commune_scale.SAMPLE_PARAMS, "unit_codes": ["04242", "00017"],
              "from_unit_set": generate_commune_scale.UNIT_SET, "to_unit_set": generate_commune_scale.UNIT_SET}
    with duckdb.connect(str(database), read_only=True) as duck:
        rows = duck.execute("select count(*) from dti_value").fetchone()[0]
        started = time.perf_counter()
        exported = parquet_results.export_version(duck, f"generated-{scale}x", folder / "parquet")
        export_s = time.perf_counter() - started
        parquet = parquet_results.connection(f"generated-{scale}x", folder / "parquet")
        timings = {name: (stats.median(_times(duck, name, params)), stats.median(_times(parquet, name, params)))
                   for name in query_names()}
    parquet_results.close_connections()
    return {"scale": scale, "units": units, "rows": rows, "build_s": built_s, "export_s": export_s,
            "duckdb_mb": _size_mb(database), "parquet_mb": _size_mb(exported), "timings": timings}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parquet_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="multiples of 10,000 generated units (1,10)")
    scales = [int(s) for s in parser.parse_args().scales.split(",") if s.strip()]
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results = []
    folder = Path(tempfile.mkdtemp(prefix="dti-parquet-scale-"))
    try:
        for scale in scales:
            results.append(measure(scale, folder))
            found = results[-1]
            print(f"{scale}x: {found['units']:,} units, {found['rows']:,} generated scores; built in "
                  f"{found['build_s']:.0f} s, exported in {found['export_s']:.0f} s; DuckDB file "
                  f"{found['duckdb_mb']:.0f} MB, Parquet {found['parquet_mb']:.0f} MB", flush=True)
            shutil.rmtree(folder / "parquet", ignore_errors=True)
            (folder / f"communes-{scale}x.duckdb").unlink(missing_ok=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    header = " | ".join(f"{r['scale']}x DuckDB ms | {r['scale']}x Parquet ms" for r in results)
    print(f"\n| query | {header} |\n|---|" + "---:|" * (2 * len(results)))
    for name in query_names():
        cells = " | ".join(f"{r['timings'][name][0]:,.1f} | {r['timings'][name][1]:,.1f}" for r in results)
        print(f"| {name} | {cells} |")
    print(f"\nLoad average before {load_before}, after {' '.join(Path('/proc/loadavg').read_text().split()[:3])} "
          "(2 cores shared with other work).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
