"""The improvement plan: reading the edited table, validation messages, "chậm" from the deadline,
a plan started from a solver answer or a what-if, and its projected total and rank."""

from datetime import date

import pytest

from dti import plans, registry, simulation, solver
from dti.plans import Plan, PlanRow, ProgressEntry

NAMES = {"nhan_thuc_so": "Nhận thức số", "hd_chinh_quyen_so": "Hoạt động chính quyền số",
         "hd_kinh_te_so": "Hoạt động kinh tế số"}
TODAY = date(2024, 7, 1)


def record(**changes) -> dict:
    values = {"main_index": "hd_kinh_te_so", "component": "", "owner": "Sở Công Thương",
              "co_owners": "Sở Tài chính", "current_value": "0,5904", "target_value": "0.9",
              "deadline": "30/06/2024", "status": "đang thực hiện", "note": ""}
    values.update(changes)
    return values


def test_an_edited_table_is_read_with_vietnamese_numbers_dates_and_statuses():
    rows, messages = plans.rows_from_records([record(), record(main_index="Hoạt động chính quyền số",
                                                             component="Dịch vụ công trực tuyến",
                                                             status="", deadline="")], NAMES)
    assert messages == []
    first, second = rows
    assert (first.current_value, first.target_value, first.deadline, first.status) == (
        0.5904, 0.9, date(2024, 6, 30), "dang_thuc_hien")
    assert first.gap == 0.3096
    assert (second.main_index, second.component, second.deadline, second.status) == (
        "hd_chinh_quyen_so", "Dịch vụ công trực tuyến", None, "chua_bat_dau")


@pytest.mark.parametrize(("changes", "message"), [
    ({"current_value": "1,2"}, "Dòng 1: giá trị hiện tại 1,2000 nằm ngoài khoảng 0–1"),
    ({"target_value": "-0.1"}, "Dòng 1: giá trị mục tiêu -0,1000 nằm ngoài khoảng 0–1"),
    ({"target_value": "cao"}, "Dòng 1: giá trị mục tiêu 'cao' không phải là số"),
    ({"main_index": "chi_so_la"}, "Dòng 1: chỉ số chính 'chi_so_la' không có trong khung đánh giá của năm"),
    ({"deadline": "31/02/2024"}, "Dòng 1: thời hạn '31/02/2024' không phải là ngày hợp lệ (dạng ngày/tháng/năm, "
                                 "ví dụ 30/06/2025)"),
    ({"deadline": "2024-06-30"}, "Dòng 1: thời hạn '2024-06-30' không phải là ngày hợp lệ (dạng ngày/tháng/năm, "
                                 "ví dụ 30/06/2025)"),
    ({"target_value": "0,5"}, "Dòng 1: giá trị mục tiêu 0,5000 thấp hơn giá trị hiện tại 0,5904"),
    ({"owner": "  "}, "Dòng 1: chưa ghi đơn vị chủ trì"),
    ({"status": "chậm"}, "Dòng 1: trạng thái \"chậm\" được tính từ thời hạn, không nhập tay; chọn chưa bắt đầu, "
                         "đang thực hiện hoặc hoàn thành"),
    ({"target_value": ""}, "Dòng 1: chưa nhập giá trị mục tiêu"),
])
def test_bad_input_gets_one_clear_vietnamese_message(changes, message):
    rows, messages = plans.rows_from_records([record(**changes)], NAMES)
    assert messages == [message]


def test_a_duplicate_row_is_refused():
    _, messages = plans.rows_from_records([record(), record(owner="Sở khác")], NAMES)
    assert messages == ["Dòng 2 trùng với dòng 1 (cùng chỉ số và cùng thành phần)"]


def test_late_is_computed_from_the_deadline_never_typed():
    row = PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.59, 0.9, date(2024, 6, 30), "dang_thuc_hien")
    assert row.shown_status(date(2024, 6, 30)) == "dang_thuc_hien"  # due today is not late yet
    assert row.shown_status(date(2024, 7, 1)) == "cham" and row.is_late(date(2024, 7, 1))
    assert PlanRow(**{**vars(row), "status": "hoan_thanh"}).shown_status(date(2025, 1, 1)) == "hoan_thanh"
    assert PlanRow(**{**vars(row), "deadline": None}).shown_status(date(2030, 1, 1)) == "dang_thuc_hien"
    assert plans.STATUS_LABELS["cham"] == "chậm"


def test_a_progress_entry_is_checked():
    plan = Plan("p63", "22", 2022, 2023, "K", (PlanRow("hd_kinh_te_so", "S", 0.59, 0.9, row_id="r1"),))
    entry, messages = plans.validate_progress(plan, "r1", "15/03/2024", "0,7")
    assert messages == [] and (entry.meeting_date, entry.value) == (date(2024, 3, 15), 0.7)
    assert plans.validate_progress(plan, "r1", "15/13/2024", "1,5")[1] == [
        "Ngày họp '15/13/2024' không phải là ngày hợp lệ (dạng ngày/tháng/năm)",
        "Giá trị 1,5000 nằm ngoài khoảng 0–1"]
    assert plans.validate_progress(plan, "r9", "15/03/2024", "0,7")[1] == [
        "Dòng kế hoạch không tồn tại (hãy lưu kế hoạch trước khi ghi tiến độ)"]


def quang_ninh():
    field_ = simulation.load_held_field("p63", 2022)
    framework = simulation.require_weights(
        registry.framework_for_year(2022), 2022)
    baseline = simulation.make_baseline(field_, framework, "22", "Quảng Ninh",
                                        simulation.load_stored_scores("p63", 2022, "22"))
    return field_, framework, baseline


def test_a_plan_from_the_solver_answer_prefills_the_targets(built_db):
    # Rank 2 for Quảng Ninh 2022: the cheapest mix is Hoạt động chính quyền số +0.0691 (README).
    field_, framework, baseline = quang_ninh()
    answer = solver.solve(field_, framework, baseline, solver.Target("rank", rank=2))
    plan = plans.plan_from_solution(answer, baseline, "p63", 2023)
    assert [(r.main_index, r.current_value, r.target_value, r.owner) for r in plan.rows] == [
        ("hd_chinh_quyen_so", 0.8385, 0.9076, "")]
    assert (plan.source_kind, plan.base_year, plan.target_year) == ("solver", 2022, 2023)
    assert "xếp hạng 2/63" in plan.title


def test_a_plan_started_from_an_answer_or_a_whatif_is_the_same_on_every_run(built_db):
    # The plan screen builds the start again on every run; a row id drawn at random each time
    # changed the table's data, so Streamlit made a new editor and dropped what was just typed.
    field_, framework, baseline = quang_ninh()
    answer = solver.solve(field_, framework, baseline, solver.Target("rank", rank=2))
    assert plans.plan_from_solution(answer, baseline, "p63", 2023) == plans.plan_from_solution(
        answer, baseline, "p63", 2023)
    whatif = plans.plan_from_changes({"hd_kinh_te_so": 0.9}, baseline, "p63", 2022, 2023, "K")
    assert whatif == plans.plan_from_changes({"hd_kinh_te_so": 0.9}, baseline, "p63", 2022, 2023, "K")
    assert [row.row_id for row in plans.with_row_ids(whatif).rows] != [""]  # given on save


def test_the_plan_projects_its_total_and_rank_at_target_and_from_progress(built_db):
    field_, framework, baseline = quang_ninh()
    plan = plans.plan_from_changes({"hd_kinh_te_so": 0.9}, baseline, "p63", 2022, 2023, "K")
    plan = plans.with_row_ids(plan)
    extra = PlanRow("nhan_thuc_so", "Sở TT", 0.9581, 1.0, component="Tập huấn", row_id="c1")
    plan = Plan(**{**vars(plan), "rows": plan.rows + (extra,)})
    # At target: 0.702445 + 150·0.3096/1000 = 0.748885 -> 0.7489, rank 2/63 (README worked example);
    # the component row does not move its main index.
    at_target = plans.project_plan(plan, field_, framework, baseline)
    assert (at_target.simulation.new_score, at_target.simulation.new_rank) == (0.7489, 2)
    assert at_target.notes == ("Chỉ số chỉ có dòng thành phần, giữ nguyên giá trị khi dự phóng: nhan_thuc_so",)
    # Latest progress 0.6000 (the earlier 0.9 was March): 0.702445 + 150·0.0096/1000 = 0.703885 -> 0.7039,
    # below TP. Hồ Chí Minh 0.7163: still 3rd.
    row_id = plan.rows[0].row_id
    entries = [ProgressEntry(row_id, date(2023, 6, 1), 0.6), ProgressEntry(row_id, date(2023, 3, 1), 0.9)]
    from_progress = plans.project_plan(plan, field_, framework, baseline, entries)
    assert (from_progress.simulation.new_score, from_progress.simulation.new_rank) == (0.7039, 3)
    assert from_progress.basis == "progress"


def test_an_edited_table_round_trips_and_shows_late_and_gap():
    rows, _ = plans.rows_from_records([record(), record(main_index="nhan_thuc_so", deadline="")], NAMES)
    plan = Plan("p63", "22", 2023, 2024, "K", tuple(rows))
    records = plans.rows_to_records(plan, NAMES, TODAY)
    assert {k: records[0][k] for k in ("main_index", "deadline", "status", "shown_status", "gap")} == {
        "main_index": "Hoạt động kinh tế số", "deadline": "30/06/2024", "status": "đang thực hiện",
        "shown_status": "chậm", "gap": 0.3096}
    again, messages = plans.rows_from_records(records, NAMES)
    assert messages == [] and again == rows


def test_progress_per_row_closes_a_share_of_the_gap():
    row = PlanRow("hd_kinh_te_so", "S", 0.5, 0.9, row_id="r1")
    other = PlanRow("nhan_thuc_so", "S", 0.9, 0.9, row_id="r2")
    plan = Plan("p63", "22", 2023, 2024, "K", (row, other))
    entries = [ProgressEntry("r1", date(2024, 6, 1), 0.8), ProgressEntry("r1", date(2024, 3, 1), 0.6)]
    first, second = plans.progress_by_row(plan, entries)
    assert first.points == ((date(2024, 3, 1), 0.6), (date(2024, 6, 1), 0.8))
    assert first.share_of_gap_closed == 0.75  # (0.8 − 0.5) / (0.9 − 0.5)
    assert second.points == () and second.share_of_gap_closed is None and second.latest_value == 0.9
