"""Scenarios keep inputs and are recomputed: the README worked example (Quảng Ninh 2022), a target
answer, a QĐ 405 year on its total only, a compare of 2–4, and validation."""

import pytest

from dti import registry, scenarios, simulation
from dti.scenarios import Scenario, ScenarioInvalid


def rules(year: int):
    return registry.framework_for_year(year)


def test_raising_digital_economy_to_0_9_gives_rank_2_of_63(built_db):
    # README: 0.702445 + 150·(0.9000 − 0.5904)/1000 = 0.748885 -> 0.7489; only Đà Nẵng (0.8002) is higher.
    result = scenarios.recompute(Scenario("KTS 0,9", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 0.9}))
    assert result.error is None
    assert (result.old_score, result.new_score, result.old_rank, result.new_rank) == (0.7024, 0.7489, 3, 2)
    assert result.rank_text == "2/63"
    assert result.cost == 0.3096  # equal costs: the index's own gain
    assert not result.uses_estimates and not result.uses_entered_values


def test_a_target_scenario_is_answered_by_the_cheapest_mix(built_db):
    # README: rank 2 needs 0.7163 (TP. Hồ Chí Minh, bằng điểm): Hoạt động chính quyền số 0.8385 -> 0.9076.
    result = scenarios.recompute(Scenario("Hạng 2", "target", "p63", "22", 2022, target_kind="rank",
                                          target_rank=2))
    assert (result.least_total_gain, result.new_score, result.new_rank) == (0.0139, 0.7163, 2)
    assert result.changes == {"hd_chinh_quyen_so": 0.9076} and result.cost == 0.0691
    assert any("bằng điểm" in note for note in result.notes)


def test_costs_change_the_mix_and_its_cost(built_db):
    # HĐ CQS costs 3 per point of value: 3/200 > 1/150, so HĐ KTS (+0.0921, cost 0.0921) is cheaper than
    # HĐ CQS (+0.0691 · 3 = 0.2073).
    result = scenarios.recompute(Scenario("Hạng 2, CQS đắt", "target", "p63", "22", 2022, target_kind="rank",
                                          target_rank=2, costs={"hd_chinh_quyen_so": 3.0}))
    assert result.new_rank == 2
    assert result.cost == 0.0921 and list(result.changes) in (["hd_kinh_te_so"], ["hd_xa_hoi_so"])


def test_overtaking_a_named_province(built_db):
    # Overtaking Đà Nẵng (0.8002) needs 0.8003, i.e. an unrounded total ≥ 0.80025:
    # 0.80025 − 0.702445 = 0.097805 -> 0.0979 (0.0978 gives 0.800245 -> 0.8002, bằng điểm, not vượt).
    result = scenarios.recompute(Scenario("Vượt Đà Nẵng", "target", "p63", "22", 2022, target_kind="overtake",
                                          competitor_code="48"))
    assert result.error is None
    assert (result.least_total_gain, result.new_score, result.new_rank) == (0.0979, 0.8003, 1)


def test_a_target_beyond_every_headroom_is_unreachable(built_db):
    # Bắc Ninh (0.6736) with every index typed as 0.99: at most +0.01 in all, far from Đà Nẵng's 0.8002.
    typed = dict.fromkeys(rules(2022).part_codes, 0.99)
    result = scenarios.recompute(Scenario("Hạng 1", "target", "p63", "27", 2022, entered_values=typed,
                                          target_kind="rank", target_rank=1))
    assert result.error is None
    assert result.is_reachable is False and result.new_score is None and result.new_rank is None
    assert any("dư địa" in note for note in result.notes)


def test_a_qd405_year_is_simulated_on_its_total_only_and_says_why(built_db):
    # Quảng Nam 2024 published 0.5803 (57th: 56 of the 63 scores in data/dti_values.csv are higher);
    # +0.0200 -> 0.6003, still below those 56 (the lowest of them is above 0.6003): rank 57 still.
    result = scenarios.recompute(Scenario("Tổng +0,02", "whatif", "p63", "49", 2024, total_gain=0.02))
    assert result.error is None
    assert (result.old_score, result.new_score, result.new_rank) == (0.5803, 0.6003, 57)
    assert result.notes[0] == "Năm này chưa công bố trọng số các chỉ số: chỉ mô phỏng được theo tổng điểm."
    assert result.rank_text == "57/63"
    by_index = scenarios.recompute(Scenario("KTS", "whatif", "p63", "49", 2024, changes={"hd_kinh_te_so": 0.9}))
    assert "chưa được công bố" in by_index.error


def test_user_entered_values_make_a_province_without_published_indices_simulable(built_db):
    # Bắc Ninh 2022 has only its total 0.6736 published. Typed values whose weighted sum is exactly
    # 0.6736 (all 0.6736) and raising HĐ KTS to 0.8236 adds 150·0.15/1000 = 0.0225 -> 0.6961:
    # above Cần Thơ 0.6924, below Thừa Thiên Huế 0.6975 -> rank 5.
    typed = dict.fromkeys(rules(2022).part_codes, 0.6736)
    result = scenarios.recompute(Scenario("Bắc Ninh", "whatif", "p63", "27", 2022, entered_values=typed,
                                          changes={"hd_kinh_te_so": 0.8236}))
    assert (result.new_score, result.new_rank, result.uses_entered_values) == (0.6961, 5, True)


def test_compare_takes_two_to_four_scenarios(built_db):
    one = Scenario("A", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 0.9})
    two = Scenario("B", "whatif", "p63", "22", 2022, total_gain=0.0139)
    results = scenarios.compare([one, two])
    assert [(r.name, r.new_score, r.new_rank) for r in results] == [("A", 0.7489, 2), ("B", 0.7163, 2)]
    with pytest.raises(ScenarioInvalid, match="từ 2 đến 4"):
        scenarios.compare([one])
    with pytest.raises(ScenarioInvalid, match="đang chọn 5"):
        scenarios.compare([one] * 5)


def test_a_scenario_that_the_data_cannot_answer_gives_a_reason_not_an_exception(built_db):
    result = scenarios.recompute(Scenario("X", "whatif", "p63", "zz", 2022))
    assert result.error == "Không có tỉnh, thành phố mã 'zz' trong bộ đơn vị p63."


def test_scenario_validation_messages(built_db):
    bad = Scenario(" ", "target", "p63", "22", 2022, changes={"hd_kinh_te_so": 1.4, "khong_co": 0.5},
                   field_option="sai", target_kind="overtake", costs={"hd_kinh_te_so": 0})
    assert scenarios.validate_scenario(bad, rules(2022)) == [
        "Phương án chưa có tên",
        "Giá trị mới của hd_kinh_te_so (1,4000) nằm ngoài khoảng 0–1",
        "Chỉ số 'khong_co' không có trong khung đánh giá năm 2022",
        "Giả định 'sai' không hợp lệ: dùng held, own-trend, national-mean hoặc uniform:0.03.",
        "Chưa chọn tỉnh cần vượt",
        "Chi phí nỗ lực không hợp lệ: hd_kinh_te_so=0 (phải là số dương)",
    ]
    good = Scenario("A", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 0.9})
    assert scenarios.validate_scenario(good, rules(2022)) == []


def test_a_plan_starts_from_a_saved_scenario_with_its_targets_prefilled(built_db):
    whatif = Scenario("KTS 0,9", "whatif", "p63", "22", 2022, changes={"hd_kinh_te_so": 0.9}, scenario_id="abc")
    plan = scenarios.plan_from_scenario(whatif, 2023)
    assert [(r.main_index, r.current_value, r.target_value) for r in plan.rows] == [("hd_kinh_te_so", 0.5904, 0.9)]
    assert (plan.source_kind, plan.source_ref, plan.title) == ("scenario", "abc",
                                                               "Kế hoạch cải tiến DTI Quảng Ninh: KTS 0,9")
    target = Scenario("Hạng 2", "target", "p63", "22", 2022, target_kind="rank", target_rank=2)
    rows = scenarios.plan_from_scenario(target, 2023).rows
    assert [(r.main_index, r.current_value, r.target_value) for r in rows] == [("hd_chinh_quyen_so", 0.8385, 0.9076)]
    with pytest.raises(scenarios.plans.PlanInvalid, match="không nâng chỉ số chính nào"):
        scenarios.plan_from_scenario(Scenario("Tổng", "whatif", "p63", "22", 2022, total_gain=0.01), 2023)


def test_the_plan_index_names_follow_the_year_framework(built_db):
    names = scenarios.plans.index_names_for_year(2022)
    assert set(names) == {"nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin_mang",
                          "hd_chinh_quyen_so", "hd_kinh_te_so", "hd_xa_hoi_so"}  # not Đô thị thông minh (0 points)
    assert names["hd_kinh_te_so"] == "Hoạt động kinh tế số"
    assert scenarios.plans.index_names_for_year(2019) == {}


def test_a_saved_plan_is_projected_against_its_base_year(built_db):
    # One row: Hoạt động kinh tế số to 0.9 -> 0.7489, rank 2/63 (README worked example).
    plan = scenarios.plans.Plan("p63", "22", 2022, 2023, "K", (scenarios.plans.PlanRow(
        "hd_kinh_te_so", "Sở Công Thương", 0.5904, 0.9, row_id="r1"),))
    projection = scenarios.plan_projection(plan)
    assert (projection.simulation.new_score, projection.simulation.new_rank) == (0.7489, 2)
    with pytest.raises(simulation.SimulationError, match="chưa được công bố"):
        scenarios.plan_projection(scenarios.plans.Plan("p63", "49", 2024, 2025, "K", plan.rows))
