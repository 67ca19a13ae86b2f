"""The official aggregation rules reproduce published values (PRODUCT.md §2).

The pillar rule (Quảng Ninh 2022) and the QĐ 1726 totals (2020) are checked, to the
published tick, in test_simulation.py."""

import pandas as pd
import pytest

from dti import methodology
from dti.config import DATA_DIR

MAIN_INDICES = ["nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin_mang",
                "hd_chinh_quyen_so", "hd_kinh_te_so", "hd_xa_hoi_so"]


@pytest.fixture(scope="module")
def frameworks():
    rows = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False).to_dict("records")
    return methodology.frameworks_from_rows(rows)


@pytest.fixture(scope="module")
def values():
    return pd.read_csv(DATA_DIR / "dti_values.csv", dtype={"unit_code": str})


def _scores(values, year, unit_code):
    rows = values[(values["unit_set"] == "p63") & (values["year"] == year) & (values["unit_code"] == unit_code)
                  & (values["measure"] == "score")]
    return dict(zip(rows["metric"], rows["value"]))


def test_framework_per_year(frameworks):
    assert methodology.framework_for_year(frameworks, 2020).code == "qd1726"
    assert methodology.framework_for_year(frameworks, 2022).code == "qd922"
    assert methodology.framework_for_year(frameworks, 2025).code == "qd405"
    assert sum(methodology.framework_for_year(frameworks, 2022).weights.values()) == 1000
    assert not methodology.framework_for_year(frameworks, 2024).has_weights


@pytest.mark.parametrize("unit_code, published", [("48", 0.8002), ("79", 0.7163), ("22", 0.7024),
                                                 ("46", 0.6975), ("92", 0.6924)])
def test_weighted_sum_reproduces_the_published_2022_top_five(frameworks, values, unit_code, published):
    scores = _scores(values, 2022, unit_code)
    assert scores["dti"] == published  # the published total is in the data as quoted
    framework = methodology.framework_for_year(frameworks, 2022)
    assert methodology.weighted_total(framework, {c: scores[c] for c in MAIN_INDICES}) == pytest.approx(
        published, abs=0.0001)


def test_unknown_weights_refuse_to_compute(frameworks):
    framework = methodology.framework_for_year(frameworks, 2024)
    with pytest.raises(ValueError, match="trọng số"):
        methodology.weighted_total(framework, dict.fromkeys(MAIN_INDICES, 0.5))


def test_method_changes_and_periods_come_from_the_data(built_db):
    from dti import registry

    frameworks = registry.stored_frameworks(built_db)
    # data/indicators.csv: QĐ 1726 for 2020, QĐ 922 for 2021–2023, QĐ 405 from 2024.
    assert registry.method_changes(frameworks) == [(2021, "QĐ 922"), (2024, "QĐ 405")]
    assert registry.method_periods(frameworks) == "2020: QĐ 1726; 2021–2023: QĐ 922; từ 2024: QĐ 405"


def test_the_unit_set_registry_matches_the_built_units(built_db):
    from dti import queries, registry

    for unit_set in registry.UNIT_SETS.values():
        units = queries.run_query("units_in_set", built_db, unit_set=unit_set.code)
        assert len(units) == unit_set.size
    assert [u.code for u in registry.unit_sets_for_year(2023)] == ["p63"]
    assert [u.code for u in registry.unit_sets_for_year(2024)] == ["p63", "p34"]
    assert [u.code for u in registry.unit_sets_for_year(2025)] == ["p34"]
