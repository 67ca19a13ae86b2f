"""Forward what-if: the official rules, the one ranking rule, the field and its estimates."""

import csv
from pathlib import Path

import pytest
from fixture_db import memory_db, unit_rows, unit_set_rows, value_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dti import methodology, simulation
from dti.simulation import FieldUnit, RankingField, SimulationError, to_ticks

ROOT = Path(__file__).resolve().parents[1]
QD922_PARTS = ("nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin_mang",
               "hd_chinh_quyen_so", "hd_kinh_te_so", "hd_xa_hoi_so")


def indicator_rows() -> list[dict]:
    with open(ROOT / "data" / "indicators.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def framework(year: int, rows: list[dict] | None = None) -> methodology.Framework:
    return methodology.framework_for_year(methodology.frameworks_from_rows(rows or indicator_rows()), year)


def fixture_field(scores: dict[str, float], year: int = 2022, unit_set: str = "p63") -> RankingField:
    """A complete field from code -> score (all published)."""
    rows = [{"province_code": code, "province_name": f"Tỉnh {code}", "region_id": None,
             "score": score, "score_provenance": "published", "rank": None}
            for code, score in scores.items()]
    return simulation.build_field(rows, unit_set, year)


def stored(unit_set: str, year: int, code: str) -> dict:
    return simulation.load_stored_scores(unit_set, year, code)


# --- golden tests: the official rules reproduce the published values -------------------------

def test_qd922_total_of_quang_ninh_2022_by_hand(built_db):
    # 100·(0.9581+0.9000+0.7648+0.6250+0.5382) + 200·0.8385 + 150·0.5904 + 150·0.4505 = 702.445
    values = {part: score for part, (score, _) in stored("p63", 2022, "22").items() if part in QD922_PARTS}
    assert methodology.weighted_total(framework(2022), values) == pytest.approx(0.702445, abs=1e-9)
    assert simulation.to_ticks(0.702445) == 7024  # published 0.7024


def test_qd922_pillars_reproduce_quang_ninh_2022(built_db):
    scores = stored("p63", 2022, "22")
    values = {part: scores[part][0] for part in QD922_PARTS}
    pillars = methodology.pillar_scores(framework(2022), values)
    # CQS 546.31/700, KTS 467.17/650, XHS 446.185/650
    assert {p: to_ticks(v) for p, v in pillars.items()} == {"cqs": 7804, "kts": 7187, "xhs": 6864}
    assert {p: to_ticks(scores[p][0]) for p in pillars} == {"cqs": 7804, "kts": 7187, "xhs": 6864}


def test_qd1726_total_reproduces_the_published_2020_totals(built_db):
    rules = framework(2020)
    assert rules.total_from == "pillars"
    for code in ("22", "27", "24"):  # Quảng Ninh, Bắc Ninh, Bắc Giang
        scores = stored("p63", 2020, code)
        pillars = {p: scores[p][0] for p in ("cqs", "kts", "xhs")}
        assert to_ticks(methodology.weighted_total(rules, pillars)) == to_ticks(scores["dti"][0]), code
    # Quảng Ninh by hand: 0.4·0.4513 + 0.3·0.3019 + 0.3·0.3955 = 0.18052 + 0.09057 + 0.11865 = 0.38974
    assert to_ticks(0.38974) == to_ticks(stored("p63", 2020, "22")["dti"][0])


# --- one ranking rule, shared by SQL and Python ----------------------------------------------

def test_competition_ranks_share_a_rank_and_skip_the_next():
    assert simulation.competition_ranks([0.8, 0.7, 0.7, 0.6]) == [1, 2, 2, 4]
    # Ranks are decided at 4 decimals: 0.70004 and 0.7 are the same score.
    assert simulation.competition_ranks([0.70004, 0.7, 0.69996, 0.6999]) == [1, 1, 1, 4]


def _sql_ranks(scores: list[float]) -> list[int]:
    """computed_rank from the view metric_rank for a complete fixture year, in memory."""
    codes = [f"{i:02d}" for i in range(len(scores))]
    con = memory_db(unit_set=unit_set_rows("fx"), unit=unit_rows("fx", *((code, f"Tỉnh {code}") for code in codes)),
                    dti_value=value_rows("fx", *((2099, code, "dti", "score", score)
                                             for code, score in zip(codes, scores))))
    rows = con.execute("select unit_code, computed_rank, rank from metric_rank order by unit_code").fetchall()
    con.close()
    assert all(computed == rank for _, computed, rank in rows)
    return [computed for _, computed, _ in rows]


def test_python_ranking_equals_the_sql_view_on_a_complete_fixture_year():
    scores = [0.8002, 0.7163, 0.7024, 0.7024, 0.6975, 0.69754, 0.6924, 0.5, 0.5, 0.5, 0.1]
    assert _sql_ranks(scores) == simulation.competition_ranks(scores) == [1, 2, 3, 3, 5, 5, 7, 8, 8, 8, 11]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40).map(lambda u: 0.6 + u / 10_000), min_size=2, max_size=15))
def test_python_ranking_equals_the_sql_view_with_random_ties(scores):
    assert _sql_ranks(scores) == simulation.competition_ranks(scores)


def test_zero_change_reproduces_every_published_2022_rank(built_db):
    field = simulation.load_held_field("p63", 2022)
    rules = framework(2022)
    for unit in field.members:
        baseline = simulation.make_baseline(field, rules, unit.code, unit.name,
                                            stored("p63", 2022, unit.code))
        result = simulation.simulate(field, rules, baseline)
        assert result.new_rank == unit.rank, unit.name
    # The 2022 tie: Yên Bái and Thanh Hóa 15, no 16th.
    assert field.unit("15").rank == field.unit("38").rank == 15
    assert field.unit("15").ticks == field.unit("38").ticks


def test_zero_change_reproduces_the_ranks_of_a_complete_fixture_year():
    scores = {"01": 0.71, "02": 0.7, "03": 0.7, "04": 0.65, "05": 0.64996, "06": 0.2}
    field = fixture_field(scores, year=2021)
    rules = framework(2021)
    expected = dict(zip(scores, simulation.competition_ranks(list(scores.values())), strict=True))
    assert expected == {"01": 1, "02": 2, "03": 2, "04": 4, "05": 4, "06": 6}
    for code in scores:
        unit = field.unit(code)
        total = {"dti": (scores[code], "published")}
        baseline = simulation.make_baseline(field, rules, code, unit.name, total)
        result = simulation.simulate(field, rules, baseline)
        rank = expected[code]
        assert (result.new_rank, result.rank_range, result.uses_estimates) == (rank, (rank, rank), False)


# --- forward what-if: the worked example and its rules ---------------------------------------

def quang_ninh(field=None):
    field = field or simulation.load_held_field("p63", 2022)
    rules = framework(2022)
    return field, rules, simulation.make_baseline(field, rules, "22", "Quảng Ninh", stored("p63", 2022, "22"))


def test_worked_example_simulate_quang_ninh_2022(built_db):
    """docs/worked-example.md: hd_kinh_te_so 0.5904 -> 0.9000.

    Total 0.702445 + 150·0.3096/1000 = 0.748885 -> 0.7489; only Đà Nẵng (0.8002) is higher,
    so rank 2/63. KTS (378.61 + 150·0.9)/650 = 0.790169 -> 0.7902; CQS, XHS unchanged.
    """
    field, rules, baseline = quang_ninh()
    result = simulation.simulate(field, rules, baseline, {"hd_kinh_te_so": 0.9})
    assert result.old_score == 0.7024 and result.old_rank == 3
    assert result.new_score == 0.7489
    assert result.new_rank == 2 and result.rank_range == (2, 2)
    assert result.new_pillars == {"cqs": 0.7804, "kts": 0.7902, "xhs": 0.6864}
    assert result.robustness_band == (2, 2)  # 0.7439..0.7539 stays between 0.8002 and 0.7163
    assert result.uses_estimates is False  # every estimated score is bounded below 0.6390
    assert "giữ nguyên" in result.field_assumption


def test_total_gain_can_tie_and_the_tie_is_said(built_db):
    field, rules, baseline = quang_ninh()
    # 0.702445 + 0.0139 = 0.716345 -> 0.7163 = TP. Hồ Chí Minh: bằng điểm, both rank 2.
    result = simulation.simulate(field, rules, baseline, total_gain=0.0139)
    assert (result.new_score, result.new_rank, result.tied_with) == (0.7163, 2, ("TP. Hồ Chí Minh",))
    assert any("Bằng điểm" in note for note in result.notes)


def test_robustness_band_widens_with_the_band(built_db):
    field, rules, baseline = quang_ninh()
    # ±0.02 around 0.7024 reaches 0.7224 (above 0.7163) and 0.6824 (below 0.6837 Lạng Sơn).
    result = simulation.simulate(field, rules, baseline, band=0.02)
    assert result.robustness_band == (2, 6)


def test_index_values_stay_within_zero_and_one(built_db):
    field, rules, baseline = quang_ninh()
    with pytest.raises(SimulationError, match=r"\[0, 1\]"):
        simulation.simulate(field, rules, baseline, {"hd_kinh_te_so": 1.2})
    with pytest.raises(SimulationError, match="không có trong"):
        simulation.simulate(field, rules, baseline, {"khong_co": 0.5})


def test_province_without_main_index_values_is_simulated_on_its_total_or_given_values(built_db):
    field = simulation.load_held_field("p63", 2022)
    rules = framework(2022)
    baseline = simulation.make_baseline(field, rules, "27", "Bắc Ninh", stored("p63", 2022, "27"))
    with pytest.raises(SimulationError, match="--total-gain"):
        simulation.simulate(field, rules, baseline, {"hd_kinh_te_so": 0.9})
    # 0.6736 + 0.0200 = 0.6936: above Cần Thơ 0.6924, below Thừa Thiên Huế 0.6975 -> 5.
    assert simulation.simulate(field, rules, baseline, total_gain=0.02).new_rank == 5
    with pytest.raises(SimulationError, match="còn thiếu"):
        simulation.make_baseline(field, rules, "27", "Bắc Ninh", stored("p63", 2022, "27"),
                                 {"hd_kinh_te_so": 0.5})


def test_a_complete_year_answers_with_one_exact_rank(built_db):
    # 2022 is complete since the compilation: Hậu Giang's 0,6342 is a published score, not an estimate.
    field = simulation.load_held_field("p63", 2022)
    rules = framework(2022)
    baseline = simulation.make_baseline(field, rules, "93", "Hậu Giang", stored("p63", 2022, "93"))
    assert not baseline.is_estimated
    result = simulation.simulate(field, rules, baseline, total_gain=0.02)
    # 0,6342 + 0,0200 = 0,6542: seven 2022 scores are higher (Bắc Ninh 0,6736 is the lowest of them) -> 8.
    assert result.new_score == 0.6542 and result.new_rank == 8
    assert not result.uses_estimates and result.rank_range == (8, 8)


def test_years_without_weights_cannot_be_simulated_until_weights_are_data():
    rows = indicator_rows()
    with pytest.raises(SimulationError, match="chưa được công bố"):
        simulation.require_weights(framework(2024, rows), 2024)
    # An administrator enters the QĐ 405 weights as data (here: invented, equal): no code change.
    entered = [dict(r, points="125") if r["framework"] == "qd405" and r["level"] == "main" else r
               for r in rows]
    rules = framework(2024, entered)
    field = fixture_field({"01": 0.8, "02": 0.7, "03": 0.6}, year=2024)
    values = {code: 0.7 for code in rules.part_codes}
    baseline = simulation.make_baseline(field, rules, "02", "Tỉnh 02", {"dti": (0.7, "published")}, values)
    result = simulation.simulate(field, rules, baseline, {"hd_kinh_te_so": 1.0})
    assert result.new_score == 0.7375  # 0.7 + 125·0.3/1000
    assert result.new_rank == 2


def test_incomplete_year_gives_a_score_and_says_it_cannot_rank(built_db):
    field = simulation.load_held_field("p63", 2021)
    rules = framework(2021)
    baseline = simulation.make_baseline(field, rules, "22", "Quảng Ninh", stored("p63", 2021, "22"))
    result = simulation.simulate(field, rules, baseline, total_gain=0.01)
    assert result.new_score == 0.5072 and result.new_rank is None and result.rank_range is None
    assert any("Chưa đủ số liệu" in note for note in result.notes)


# --- the field: projections ------------------------------------------------------------------

def test_national_mean_field_moves_everyone_by_the_published_mean_change(built_db):
    held = simulation.load_held_field("p63", 2022)
    moved = simulation.load_field("p63", 2022, "national-mean")
    # 2022 mean 0.5791 - 2021 mean 0.4014 = +0.1777
    assert moved.unit("48").ticks == min(8002 + 1777, 10_000)
    assert moved.unit("79").ticks == 7163 + 1777
    pairs = zip(held.members, moved.members, strict=True)
    assert all(m.lower == min(h.lower + 1777, 10_000) for h, m in pairs)
    assert "+0,1777" in moved.assumption and "2023" in moved.assumption


def test_uniform_field_and_its_assumption(built_db):
    moved = simulation.load_field("p63", 2022, "uniform:0.03")
    assert moved.unit("79").ticks == 7463
    assert "+0,0300" in moved.assumption
    _, rules, baseline = quang_ninh()
    # Standing still at 0.7024, Quảng Ninh is passed by every 2022 score above 0.7024 - 0.03 =
    # 0.6724: Đà Nẵng, TP. HCM, Thừa Thiên Huế, Cần Thơ, Lạng Sơn, Bắc Ninh (0.6736) -> 7.
    assert simulation.simulate(moved, rules, baseline).new_rank == 7


def test_own_trend_field_uses_each_province_own_change_where_both_years_are_known(built_db):
    moved = simulation.load_field("p63", 2022, "own-trend")
    assert moved.unit("48").ticks == 8002 + (8002 - 6419)  # Đà Nẵng: 0.6419 -> 0.8002
    assert moved.unit("62").ticks == 5438 + (5438 - 3300)  # Kon Tum: 0.33 -> 0.5438
    assert moved.unit("26").ticks == 6341 + (6341 - 4880)  # Vĩnh Phúc: 0.4880 -> 0.6341
    # Hậu Giang: no 2021 score -> the national mean change (2022 0,5791 - 2021 0,4014).
    assert moved.unit("93").ticks == 6342 + 1777
    assert "mức thay đổi của chính tỉnh" in moved.assumption


def test_field_option_is_checked():
    assert simulation.parse_field_option("uniform:0,03") == ("uniform", 0.03)
    with pytest.raises(SimulationError):
        simulation.parse_field_option("sideways")


# --- estimates: bounds, order, the mean ------------------------------------------------------

def test_the_complete_2022_field_needs_no_estimate_and_keeps_the_published_order(built_db):
    # Estimates (bounds by rank order) are exercised on generated fields below; the real 2022
    # table is complete since the compilation, so every unit is exact.
    field = simulation.load_held_field("p63", 2022)
    assert field.estimated_count == 0
    assert all(unit.lower == unit.ticks == unit.upper for unit in field.members)
    scores = [u.score for u in field.members]
    assert simulation.competition_ranks(scores) == [u.rank for u in field.members]
    assert field.unit("93").ticks == 6342 and field.unit("93").rank == 17


@st.composite
def ranked_fields(draw):
    """A true complete field (with ties), its mean, and which scores are published."""
    size = draw(st.integers(3, 30))
    true = draw(st.lists(st.integers(1000, 9000), min_size=size, max_size=size))
    if draw(st.booleans()):  # more ties
        true = [t - t % 200 for t in true]
    shown = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    shown[draw(st.integers(0, size - 1))] = True
    return true, shown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ranked_fields())
def test_estimates_always_lie_within_their_bounds_and_keep_the_published_order(case):
    true, shown = case
    scores = [t / 10_000 for t in true]
    ranks = simulation.competition_ranks(scores)
    rows = [{"province_code": f"{i:02d}", "province_name": f"Tỉnh {i}", "region_id": None,
             "score": scores[i] if shown[i] else None, "score_provenance": "published", "rank": ranks[i]}
            for i in range(len(true))]
    mean = round(sum(true) / len(true)) / 10_000
    members = simulation.estimate_missing_scores(rows, mean)
    by_code = {u.code: u for u in members}
    for i, value in enumerate(true):
        unit = by_code[f"{i:02d}"]
        assert unit.lower <= unit.ticks <= unit.upper
        assert unit.lower <= value <= unit.upper  # hard bounds hold the truth
        if shown[i]:
            assert unit.ticks == value and not unit.is_estimated
    estimated_scores = [by_code[f"{i:02d}"].score for i in range(len(true))]
    assert simulation.competition_ranks(estimated_scores) == ranks


def test_tied_ranks_get_equal_estimates_and_a_tie_with_a_published_score_is_exact():
    rows = [{"province_code": c, "province_name": c, "region_id": None, "score": s,
             "score_provenance": "published", "rank": r}
            for c, s, r in [("a", 0.9, 1), ("b", None, 2), ("c", None, 2), ("d", 0.5, 4),
                            ("e", None, 4), ("f", None, 6)]]
    members = {u.code: u for u in simulation.estimate_missing_scores(rows, None)}
    assert members["b"].ticks == members["c"].ticks and members["b"].is_estimated
    assert (members["b"].lower, members["b"].upper) == (5001, 8999)
    assert members["e"].ticks == 5000 and members["e"].provenance == "derived"
    assert members["f"].upper == 4999 and members["f"].lower == 0


def test_a_field_with_unit_values():
    field = RankingField("p63", 2022, (FieldUnit("01", "A", 7000, 6900, 7100, "estimated", 1),), 1)
    assert field.estimated_count == 1 and field.competitors("01") == []


def test_qd1726_year_is_simulated_from_its_pillars(built_db):
    field = simulation.load_held_field("p63", 2020)
    rules = framework(2020)
    baseline = simulation.make_baseline(field, rules, "22", "Quảng Ninh", stored("p63", 2020, "22"))
    result = simulation.simulate(field, rules, baseline, {"kts": 0.4})
    # 0.4·0.4513 + 0.3·0.4000 + 0.3·0.3955 = 0.41917 -> 0.4192; 2020 ranks are incomplete.
    assert result.new_score == 0.4192 and result.new_pillars["kts"] == 0.4
    assert result.new_rank is None


def test_a_projection_across_a_method_change_carries_a_warning(built_db):
    moved = simulation.load_field("p63", 2021, "national-mean")
    assert "+0,0988" in moved.assumption  # 0.4014 - 0.3026
    assert "hai phương pháp đánh giá khác nhau" in moved.assumption
    assert "phương pháp" not in simulation.load_field("p63", 2022, "national-mean").assumption


# --- four of eight main indices known: the unknown foundation indices as one part ----------------

HAU_GIANG_2023 = {"dti": (0.7092, "published"), "ha_tang_so": (0.7482, "published"),
                  "hd_chinh_quyen_so": (0.8093, "published"), "hd_kinh_te_so": (0.5399, "published"),
                  "hd_xa_hoi_so": (0.4235, "published")}


def test_unknown_foundation_indices_are_one_part_derived_from_the_total():
    rules = simulation.foundation_rest(framework(2023), HAU_GIANG_2023)
    assert rules.aggregated == ("nhan_thuc_so", "the_che_so", "nhan_luc_so", "an_toan_thong_tin_mang")
    assert rules.weights[simulation.REST_CODE] == 400
    field = fixture_field({"01": 0.75, "02": 0.7632, "03": 0.70, "93": 0.7092}, year=2023)
    baseline = simulation.make_baseline(field, rules, "93", "Hậu Giang", HAU_GIANG_2023)
    # 709.2 − (100·0.7482 + 200·0.8093 + 150·0.5399 + 150·0.4235 = 381.19) = 328.01 points; / 400 = 0.8200
    assert baseline.part_values[simulation.REST_CODE] == 8200
    # (381.19 + 328) / 1000 = 0.70919 -> 0.7092, the published total
    assert baseline.ticks == 7092 and baseline.exact is not None
    result = simulation.simulate(field, rules, baseline, {"hd_kinh_te_so": 0.9})
    # 0.70919 + 150·0.3601/1000 = 0.763205 -> 0.7632: equal to Tỉnh 02, so same rank 1 ("bằng điểm")
    assert result.new_score == 0.7632 and result.new_rank == 1 and result.tied_with == ("Tỉnh 02",)
    # CQS (74.82 + 328 + 161.86) / 700 = 0.806686
    assert result.old_pillars["cqs"] == 0.8067
    assert simulation.simulate(field, rules, baseline, {simulation.REST_CODE: 1.0}).new_score == 0.7812


def test_typed_foundation_values_replace_the_aggregate():
    typed = {"nhan_thuc_so": 0.9, "the_che_so": 0.8, "nhan_luc_so": 0.75, "an_toan_thong_tin_mang": 0.83}
    rules = simulation.foundation_rest(framework(2023), HAU_GIANG_2023, typed)
    assert simulation.REST_CODE not in rules.weights
    field = fixture_field({"01": 0.75, "93": 0.7092}, year=2023)
    baseline = simulation.make_baseline(field, rules, "93", "Hậu Giang", HAU_GIANG_2023, typed)
    assert baseline.part_values["nhan_thuc_so"] == 9000 and baseline.part_values["ha_tang_so"] == 7482
    partly = simulation.foundation_rest(framework(2023), HAU_GIANG_2023, {"nhan_thuc_so": 0.9})
    assert partly.aggregated == ("the_che_so", "nhan_luc_so", "an_toan_thong_tin_mang")
    assert partly.weights[simulation.REST_CODE] == 300
    # The province with only its total keeps the total-only answer: nothing to aggregate into.
    assert simulation.foundation_rest(framework(2023), {"dti": (0.7, "published")}).weights == framework(2023).weights
