"""Time every queries/*.sql through dti.queries.execute_query, on the real database and on
the generated commune-scale one, with the sample parameters each file declares."""

import ast
import configparser
import time
from pathlib import Path

import duckdb

from dti import queries
from dti.config import PROJECT_DIR, QUERIES_DIR


def sample_params() -> dict:
    """One sample value per parameter, from .sqlfluff's [sqlfluff:templater:placeholder]."""
    parser = configparser.ConfigParser()
    parser.read(PROJECT_DIR / ".sqlfluff", encoding="utf-8")
    section = parser["sqlfluff:templater:placeholder"]
    values = {}
    for key, raw in section.items():
        if key == "param_style":
            continue
        raw = raw.strip()
        values[key] = ast.literal_eval(raw)  # 'p63', 2022, [2022] (list parameters)
    return values


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


def time_queries(database: Path, params: dict, repetitions: int, budget_s: float = 10.0) -> dict[str, list[float]]:
    """{query name: [ms per run]} after one untimed warm-up run each; at most `budget_s` per query."""
    timings = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for name in query_names():
            declared = queries.load_query(name).declared_params
            missing = [key for key in declared if key not in params]
            if missing:
                raise KeyError(f"{name}: no sample value for {missing} (add it to .sqlfluff)")
            bound = {key: params[key] for key in declared}
            queries.execute_query(con, name, **bound)
            samples = []
            deadline = time.perf_counter() + budget_s
            for _ in range(repetitions):
                started = time.perf_counter()
                queries.execute_query(con, name, **bound)
                samples.append((time.perf_counter() - started) * 1000)
                if time.perf_counter() > deadline:
                    break
            timings[name] = samples
    return timings
