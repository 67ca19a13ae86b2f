"""The shared engine: a results version exported to Parquet and read through DuckDB views gives
every query (queries/*.sql and the build checks) exactly the rows the DuckDB file gives, on the
real data and on the generated commune-scale data; DTI_RESULTS_BACKEND=parquet serves it."""

import duckdb
import pandas as pd
import pytest

from bench import generate_commune_scale
from bench.query_time import sample_params
from dti import parquet_results, queries, store
from dti.config import QUERIES_DIR

QUERY_NAMES = sorted(p.stem for p in QUERIES_DIR.glob("*.sql")) + sorted(
    f"checks/{p.stem}" for p in (QUERIES_DIR / "checks").glob("*.sql"))
# Beyond .sqlfluff's samples: another year, unit and unit set, and the year with the merged units.
MORE_PARAMS = [
    {"year": 2023, "province_code": "01", "from_year": 2022, "to_year": 2023, "alias_key": "ha noi",
     "years": [2022, 2023], "unit_codes": ["01", "93"], "metrics": ["dti", "cqs"]},
    {"unit_set": "p34", "year": 2024, "province_code": "92", "from_year": 2023, "to_year": 2024,
     "alias_key": "can tho", "years": [2024], "unit_codes": ["92"]},
]


def _bound(name: str, params: dict) -> dict:
    return {key: params[key] for key in queries.load_query(name).declared_params}


def _both(duck: duckdb.DuckDBPyConnection, parquet: duckdb.DuckDBPyConnection, name: str, params: dict):
    bound = _bound(name, params)
    return queries.execute_query(duck, name, **bound), queries.execute_query(parquet, name, **bound)


@pytest.fixture(scope="module")
def real_pair(built_db, tmp_path_factory):
    """(DuckDB file connection, Parquet views connection) over the session's real version."""
    folder = tmp_path_factory.mktemp("parquet")
    with duckdb.connect(str(store.version_path(built_db)), read_only=True) as duck:
        parquet_results.export_version(duck, built_db, folder)
    duck = duckdb.connect(str(store.version_path(built_db)), read_only=True)
    yield duck, parquet_results.connection(built_db, folder), folder
    duck.close()
    parquet_results.close_connections()


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_gives_identical_rows_on_parquet_over_the_real_data(real_pair, name):
    duck, parquet, _ = real_pair
    for params in _param_sets():
        on_duckdb, on_parquet = _both(duck, parquet, name, params)
        pd.testing.assert_frame_equal(on_parquet, on_duckdb, check_exact=True)  # rows, order, types, nulls


def _param_sets() -> list[dict]:
    return [sample_params(), *({**sample_params(), **more} for more in MORE_PARAMS)]


def test_the_samples_reach_rows_so_identical_is_not_empty_equals_empty(real_pair):
    duck, _, _ = real_pair
    empty = [name for name in QUERY_NAMES if not name.startswith("checks/")
             and all(queries.execute_query(duck, name, **_bound(name, params)).empty for params in _param_sets())]
    # No import yet in a fresh build; the build stores every merged value it can rebuild, so none is left.
    assert set(empty) <= {"import_records", "merged_unit_values"}, empty


def test_every_relation_is_exported_and_the_pointer_names_the_version(real_pair, built_db):
    duck, parquet, folder = real_pair
    assert parquet_results.current_version(folder) == built_db
    for relation in ("dti_value", "unit", "metric_rank", "database_info"):
        assert (folder / built_db / f"{relation}.parquet").exists()
        count = f"select count(*) from {relation}"  # noqa: S608 (names from the literal tuple above)
        assert parquet.execute(count).fetchone() == duck.execute(count).fetchone()


def test_the_setting_serves_the_app_s_queries_from_parquet(real_pair, built_db, monkeypatch):
    duck, _, folder = real_pair
    expected = queries.execute_query(duck, "ranking_for_year", year=2022, unit_set="p63", metric="dti")
    monkeypatch.setenv("DTI_RESULTS_BACKEND", "parquet")
    monkeypatch.setenv("DTI_PARQUET_DIR", str(folder))
    assert store.serving_version() == (built_db, None)
    served = queries.run_query("ranking_for_year", year=2022, unit_set="p63", metric="dti")
    pd.testing.assert_frame_equal(served, expected, check_exact=True)
    assert store.connection()[1] is parquet_results.connection(built_db, folder)  # not the DuckDB file's


def test_no_exported_version_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("DTI_RESULTS_BACKEND", "parquet")
    monkeypatch.setenv("DTI_PARQUET_DIR", str(tmp_path / "empty"))
    with pytest.raises(store.DatabaseUnavailable, match="Chưa có phiên bản dữ liệu dạng Parquet"):
        store.serving_version()


def test_every_query_gives_identical_rows_on_parquet_over_generated_commune_data(tmp_path):
    path = tmp_path / "commune_scale.duckdb"
    generate_commune_scale.build(path, units=500)  # the bench's shape, a twentieth of its units
    with duckdb.connect(str(path), read_only=True) as duck:
        parquet_results.export_version(duck, "generated", tmp_path / "parquet")
        parquet = parquet_results.connection("generated", tmp_path / "parquet")
        params = {**sample_params(), **generate_commune_scale.SAMPLE_PARAMS, "unit_codes": ["00042", "00017"],
                  "province_code": "00042", "alias_key": "xa sinh 42",
                  "from_unit_set": generate_commune_scale.UNIT_SET, "to_unit_set": generate_commune_scale.UNIT_SET}
        assert parquet.execute("select count(*) from dti_value").fetchone() == (500 * 10 * 60,)
        for name in QUERY_NAMES:
            on_duckdb, on_parquet = _both(duck, parquet, name, params)
            pd.testing.assert_frame_equal(on_parquet, on_duckdb, check_exact=True, obj=name)
        assert len(_both(duck, parquet, "ranking_for_year", params)[1]) == 500  # every generated unit ranked
    parquet_results.close_connections()


def test_a_damaged_parquet_file_is_a_clear_message_that_names_no_path(tmp_path, monkeypatch):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "dti_value.parquet").write_bytes(b"not parquet")
    (tmp_path / "CURRENT").write_text("v1\n", encoding="utf-8")
    monkeypatch.setenv("DTI_RESULTS_BACKEND", "parquet")
    monkeypatch.setenv("DTI_PARQUET_DIR", str(tmp_path))
    with pytest.raises(store.DatabaseUnavailable) as raised:
        store.serving_version()
    assert "Không đọc được các tệp Parquet" in str(raised.value) and str(tmp_path) not in str(raised.value)
