"""Inverse solver: least gains for a target, per index, the cheapest mix; properties on fixtures."""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dti import methodology, simulation, solver
from dti.simulation import SimulationError, to_score

ROOT = Path(__file__).resolve().parents[1]


def framework(year: int) -> methodology.Framework:
    with open(ROOT / "data" / "indicators.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return methodology.framework_for_year(methodology.frameworks_from_rows(rows), year)


def stored(unit_set: str, year: int, code: str) -> dict:
    return simulation.load_stored_scores(unit_set, year, code)


def quang_ninh():
    field = simulation.load_held_field("p63", 2022)
    rules = framework(2022)
    return field, rules, simulation.make_baseline(field, rules, "22", "Quảng Ninh", stored("p63", 2022, "22"))


RULES_2022 = framework(2022)
PARTS = RULES_2022.part_codes


# --- the worked example (docs/worked-example.md) ---------------------------------------------

def test_worked_example_solve_quang_ninh_2022_to_rank_two(built_db):
    """Rank 2 needs TP. HCM's 0.7163 (a tie shares rank 2). From the unrounded 0.702445 the
    total must reach 0.71625: +0.013805 -> 0.0139. HĐ CQS alone: 200·d/1000 ≥ 0.013805 ->
    d ≥ 0.069025 -> 0.0691; HĐ KTS 150·d/1000 -> 0.0921; a foundation index 0.1381, more than
    Nhận thức số's headroom 0.0419 and Thể chế số's 0.1000."""
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("rank", rank=2))
    assert (answer.target_score, answer.least_total_gain) == (0.7163, 0.0139)
    assert answer.is_tie_at_target and any("bằng điểm" in note for note in answer.notes)
    gains = {g.code: g for g in answer.per_index}
    assert (gains["hd_chinh_quyen_so"].least_gain, gains["hd_chinh_quyen_so"].new_value) == (0.0691, 0.9076)
    assert gains["hd_kinh_te_so"].least_gain == gains["hd_xa_hoi_so"].least_gain == 0.0921
    assert gains["ha_tang_so"].least_gain == 0.1381 and gains["ha_tang_so"].is_possible
    assert gains["nhan_thuc_so"].is_possible is False and gains["nhan_thuc_so"].headroom == 0.0419
    assert gains["the_che_so"].is_possible is False
    assert answer.cheapest_mix == {"hd_chinh_quyen_so": 0.0691} and answer.is_mix_possible
    assert answer.uses_estimates is False
    # Check by simulating: 0.0691 reaches 0.7163 (rank 2, bằng điểm); 0.0690 gives 0.7162 (rank 3).
    assert simulation.simulate(field, rules, baseline, {"hd_chinh_quyen_so": 0.9076}).new_rank == 2
    assert simulation.simulate(field, rules, baseline, {"hd_chinh_quyen_so": 0.9075}).new_rank == 3
    assert simulation.simulate(field, rules, baseline, total_gain=0.0138).new_score == 0.7162


def test_overtaking_needs_one_step_more_than_a_tie(built_db):
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("overtake", province_code="79"))
    # 0.7164 - 0.00005 - 0.702445 = 0.013905 -> 0.0140; HĐ CQS 0.069525 -> 0.0696
    assert (answer.target_score, answer.least_total_gain) == (0.7164, 0.0140)
    assert {g.code: g.least_gain for g in answer.per_index}["hd_chinh_quyen_so"] == 0.0696
    assert not answer.is_tie_at_target


def test_effort_costs_move_the_cheapest_mix(built_db):
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("rank", rank=2),
                          costs={"hd_chinh_quyen_so": 3.0})
    # cost per point: HĐ CQS 3/200 > HĐ KTS, HĐ XHS 1/150 (tie broken by code) > foundation 1/100
    assert answer.cheapest_mix == {"hd_kinh_te_so": 0.0921}


def test_chosen_index_alone_reports_impossible_within_headroom(built_db):
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("rank", rank=1), index="nhan_thuc_so")
    assert [g.code for g in answer.per_index] == ["nhan_thuc_so"]
    assert answer.per_index[0].is_possible is False
    assert any("dư địa" in note for note in answer.notes)


def test_target_already_met_needs_no_gain(built_db):
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("top", rank=10))
    assert answer.least_total_gain == 0 and answer.cheapest_mix == {}


def test_first_in_region_and_a_province_without_index_values(built_db):
    field = simulation.load_held_field("p63", 2022)
    baseline = simulation.make_baseline(field, RULES_2022, "27", "Bắc Ninh", stored("p63", 2022, "27"))
    answer = solver.solve(field, RULES_2022, baseline, solver.Target("region_first"))
    # Đồng bằng sông Hồng: Quảng Ninh 0.7024 leads; 0.7024 - 0.6736 = 0.0288 (a tie shares first).
    assert (answer.target_score, answer.least_total_gain) == (0.7024, 0.0288)
    assert answer.cheapest_mix is None and all(g.is_possible is None for g in answer.per_index)
    assert {g.code: g.least_gain for g in answer.per_index}["hd_chinh_quyen_so"] == 0.1438  # 287.5·5


def test_a_published_baseline_gives_one_exact_gain(built_db):
    field = simulation.load_held_field("p63", 2022)
    baseline = simulation.make_baseline(field, RULES_2022, "93", "Hậu Giang", stored("p63", 2022, "93"))
    answer = solver.solve(field, RULES_2022, baseline, solver.Target("top", rank=10))
    assert answer.target_score == 0.6390  # Nam Định, 10th
    # 0,6390 - 0,6342 = 0,0048, exact: the 2022 table is complete, nothing is estimated.
    assert answer.least_total_gain == 0.0048 and answer.least_total_gain_range == (0.0048, 0.0048)
    assert not answer.uses_estimates and to_score(6390 - baseline.lower) == 0.0048


def test_incomplete_year_solves_only_an_overtake(built_db):
    field = simulation.load_held_field("p63", 2021)
    rules = framework(2021)
    baseline = simulation.make_baseline(field, rules, "22", "Quảng Ninh", stored("p63", 2021, "22"))
    with pytest.raises(SimulationError, match="Chưa đủ số liệu"):
        solver.solve(field, rules, baseline, solver.Target("top", rank=10))
    answer = solver.solve(field, rules, baseline, solver.Target("overtake", province_code="48"))
    assert answer.least_total_gain == 0.1448  # Đà Nẵng 0.6419 + 0.0001 - 0.4972


def test_years_without_weights_cannot_be_solved(built_db):
    field = simulation.build_field([], "p63", 2024)
    with pytest.raises(SimulationError, match="chưa được công bố"):
        solver.solve(field, framework(2024), None, solver.Target("top", rank=10))


# --- properties on fixture fields ------------------------------------------------------------

@st.composite
def problems(draw):
    """A complete fixture field, a province with all eight main-index values, and a target."""
    values = {code: draw(st.integers(0, 10_000)) / 10_000 for code in PARTS}
    others = draw(st.lists(st.integers(3000, 10_000), min_size=1, max_size=25))
    scores = {f"c{i:02d}": u / 10_000 for i, u in enumerate(others)}
    field = simulation.build_field(
        [{"province_code": code, "province_name": code, "region_id": 1, "score": score,
          "score_provenance": "published", "rank": None} for code, score in scores.items()]
        + [{"province_code": "me", "province_name": "me", "region_id": 1,
            "score": simulation.to_score(simulation.to_ticks(sum(
                RULES_2022.weights[c] * v for c, v in values.items()) / 1000)),
            "score_provenance": "computed", "rank": None}], "p63", 2022)
    if draw(st.booleans()):
        target = solver.Target("rank", rank=draw(st.integers(1, len(others) + 1)))
    else:
        target = solver.Target("overtake", province_code=draw(st.sampled_from(sorted(scores))))
    costs = draw(st.one_of(st.none(), st.fixed_dictionaries(
        {code: st.integers(1, 5).map(float) for code in PARTS})))
    return field, values, target, costs


def _reaches(field, baseline, target, answer, **change) -> bool:
    result = simulation.simulate(field, RULES_2022, baseline, **change)
    if target.kind == "overtake":
        return result.new_score > field.unit(target.province_code).score
    return result.new_rank <= target.rank


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solver_answers_reach_the_target_and_one_step_less_does_not(problem):
    field, values, target, costs = problem
    baseline = simulation.make_baseline(field, RULES_2022, "me", "me", {}, values)
    answer = solver.solve(field, RULES_2022, baseline, target, costs=costs)
    if not answer.is_reachable:
        return
    gain = answer.least_total_gain
    assert _reaches(field, baseline, target, answer, total_gain=gain)
    if gain > 0:
        assert not _reaches(field, baseline, target, answer, total_gain=round(gain - 0.0001, 4))
    for index_gain in answer.per_index:
        if not index_gain.is_possible:
            assert index_gain.least_gain > index_gain.headroom
            continue
        code = index_gain.code
        assert _reaches(field, baseline, target, answer, changes={code: index_gain.new_value})
        if index_gain.least_gain > 0:
            less = round(index_gain.new_value - 0.0001, 4)
            assert not _reaches(field, baseline, target, answer, changes={code: less})
    for code, mix_gain in answer.cheapest_mix.items():
        assert 0 < mix_gain <= round(1 - values[code], 4) + 1e-12
    if answer.is_mix_possible:
        mix = {code: round(values[code] + g, 4) for code, g in answer.cheapest_mix.items()}
        assert _reaches(field, baseline, target, answer, changes=mix)
    else:
        # Even every index at 1.0 falls short.
        assert not _reaches(field, baseline, target, answer, changes=dict.fromkeys(PARTS, 1.0))


def test_cheapest_mix_spills_over_when_an_index_runs_out_of_headroom(built_db):
    field, rules, baseline = quang_ninh()
    answer = solver.solve(field, rules, baseline, solver.Target("rank", rank=1))
    # First place = Đà Nẵng's 0.8002 (bằng điểm): 0.80015 - 0.702445 = 0.097705 of total.
    # HĐ CQS to 1.0 gives 0.2·0.1615 = 0.0323; HĐ KTS to 1.0 gives 0.15·0.4096 = 0.06144;
    # the remaining 0.003965 needs HĐ XHS 0.003965/0.15 = 0.026433 -> 0.0265.
    assert answer.cheapest_mix == {"hd_chinh_quyen_so": 0.1615, "hd_kinh_te_so": 0.4096,
                                   "hd_xa_hoi_so": 0.0265}
    new_values = {code: round(baseline.part_values[code] / 10_000 + gain, 4)
                  for code, gain in answer.cheapest_mix.items()}
    result = simulation.simulate(field, rules, baseline, new_values)
    assert (result.new_score, result.new_rank, result.tied_with) == (0.8002, 1, ("Đà Nẵng",))


def test_every_rank_target_of_the_2022_field_is_reached_by_its_answer(built_db):
    field = simulation.load_held_field("p63", 2022)
    for code in ("48", "79", "22", "46", "92"):
        baseline = simulation.make_baseline(field, RULES_2022, code, code, stored("p63", 2022, code))
        for rank in range(1, 64):
            answer = solver.solve(field, RULES_2022, baseline, solver.Target("rank", rank=rank))
            result = simulation.simulate(field, RULES_2022, baseline, total_gain=answer.least_total_gain)
            assert result.new_rank <= rank
            if answer.least_total_gain > 0:
                less = simulation.simulate(field, RULES_2022, baseline,
                                           total_gain=round(answer.least_total_gain - 0.0001, 4))
                assert less.new_rank > rank


def test_first_in_region_needs_a_defined_region():
    field = simulation.build_field(
        [{"province_code": c, "province_name": c, "region_id": None, "score": s,
          "score_provenance": "published", "rank": None} for c, s in (("01", 0.8), ("02", 0.7))],
        "p34", 2022)
    baseline = simulation.make_baseline(field, RULES_2022, "02", "02", {"dti": (0.7, "published")})
    with pytest.raises(SimulationError, match="Vùng kinh tế - xã hội chưa được xác định"):
        solver.solve(field, RULES_2022, baseline, solver.Target("region_first"))


def test_an_index_cannot_rise_by_more_than_one_even_with_unknown_headroom(built_db):
    field = simulation.load_held_field("p63", 2022)
    baseline = simulation.make_baseline(field, RULES_2022, "01", "Hà Nội", stored("p63", 2022, "01"))
    answer = solver.solve(field, RULES_2022, baseline, solver.Target("rank", rank=1))
    gains = {g.code: g for g in answer.per_index}
    # Hà Nội 0.6098 -> Đà Nẵng 0.8002: 0.19035 of total = 1.9035 of a foundation index (> 1: impossible)
    # or 0.951750 -> 0.9518 of HĐ CQS (possible only if its value is at most 0.0482: unknown).
    assert gains["nhan_thuc_so"].least_gain == 1.9035 and gains["nhan_thuc_so"].is_possible is False
    assert gains["hd_chinh_quyen_so"].least_gain == 0.9518 and gains["hd_chinh_quyen_so"].is_possible is None
