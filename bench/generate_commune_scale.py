"""A GENERATED database at commune scale, for query timing only: 10,000 units x 10 years x
60 indicators = 6,000,000 scores, random values, same schema as the real database
(dti/schema.sql). Everything in it is marked as generated: the unit set `gen_communes`,
the note 'generated' on every value, and database_info rows 'generated' = 'true'.

`python -m bench.generate_commune_scale [path]` (default bench/generated/commune_scale.duckdb;
the folder is gitignored). Built with DuckDB's range() in a few seconds, not in Python loops.
"""

import hashlib
import sys
import time
from pathlib import Path

import duckdb

from dti import computed_values
from dti.build import SCHEMA_FILE

GENERATED_DIR = Path(__file__).resolve().parent / "generated"
DEFAULT_PATH = GENERATED_DIR / "commune_scale.duckdb"
# A new schema (views included) means a new generated database.
GENERATOR_VERSION = "1-" + hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:12]
UNIT_SET = "gen_communes"
UNIT_COUNT = 10_000
YEARS = list(range(2015, 2025))
# 'dti' and the three pillars are four of the sixty, so the screens' queries run unchanged.
METRICS = ["dti", "cqs", "kts", "xhs", *[f"i{number:02d}" for number in range(5, 61)]]
# Sample parameters for queries/*.sql on this database.
SAMPLE_PARAMS = {"unit_set": UNIT_SET, "year": 2022, "metric": "dti", "province_code": "04242",
                 "from_year": 2021, "to_year": 2022, "alias_key": "xa sinh 4242"}

_FILL = [
    """insert into unit_set (unit_set, unit_level, name_vi, url_value, noun_vi, noun_en, is_generated)
       values ('gen_communes', 'commune', 'Đơn vị sinh ngẫu nhiên (chỉ để đo)', 'gen_communes', 'xã (sinh ngẫu nhiên)',
               'generated communes', true)""",
    """insert into unit
       select 'gen_communes', lpad(cast(i as varchar), 5, '0'), 'Xã sinh ' || i, 'Xã sinh ' || i,
              'xa sinh ' || i, i % 6 + 1, 'Vùng sinh ' || (i % 6 + 1), null, null
       from range($units) as units(i)""",
    """insert into unit_alias
       select 'gen_communes', 'xa sinh ' || i, lpad(cast(i as varchar), 5, '0') from range($units) as units(i)""",
    """insert into framework values ('GEN1', 'generated', 2015, 2019), ('GEN2', 'generated', 2020, null)""",
    """insert into indicator
       select framework, metric, null, 'main', 'Chỉ số sinh ' || metric, null, null, true, null, 'generated'
       from (select unnest($metrics) as metric), (select unnest(['GEN1', 'GEN2']) as framework)""",
    """insert into dti_value
       select 'gen_communes', year, lpad(cast(unit as varchar), 5, '0'), metric, 'score',
              round(random(), 4), 'estimated', null, 'generated', null
       from range($units) as units(unit),
            (select unnest($years) as year),
            (select unnest($metrics) as metric)""",
    """insert into national_stat
       select year, unit_set, metric, 'mean', avg(value), null, 'generated'
       from dti_value group by year, unit_set, metric""",
    """insert into database_info values ('generated', 'true'), ('generator', 'bench/generate_commune_scale.py'),
       ('generator_version', $generator_version), ('version', 'generated-commune-scale')""",
]


def is_current(path: Path) -> bool:
    """True when `path` holds a complete database from this generator version."""
    if not path.exists():
        return False
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("select info_value from database_info where info_key = 'generator_version'").fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == GENERATOR_VERSION


def build(path: Path = DEFAULT_PATH, units: int = UNIT_COUNT) -> float:
    """Write the generated database to `path` (replacing it); return the seconds it took.
    `units`: fewer for a quick test of the same shape (rows = units x 10 years x 60 indicators)."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp_path = path.with_suffix(".building")
    temp_path.unlink(missing_ok=True)
    params = {"metrics": METRICS, "years": YEARS, "generator_version": GENERATOR_VERSION, "units": units}
    with duckdb.connect(str(temp_path)) as con:
        con.execute("select setseed(0.42)")
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        for statement in _FILL:
            used = {key: value for key, value in params.items() if f"${key}" in statement}
            con.execute(statement, used)
        computed_values.store_rule_views(con)  # as every writer of the app does
        con.execute("checkpoint")
    temp_path.replace(path)
    return time.perf_counter() - started


def ensure(path: Path = DEFAULT_PATH) -> float | None:
    """Build unless a current one exists; return the build seconds, or None when reused."""
    return None if is_current(path) else build(path)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    seconds = build(target)
    with duckdb.connect(str(target), read_only=True) as check:
        rows = check.execute("select count(*) from dti_value").fetchone()[0]
    print(f"{target}: {rows:,} generated rows in {seconds:.1f} s")
