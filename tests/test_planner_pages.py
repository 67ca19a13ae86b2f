"""The planner's screens in AppTest: the simulator (what-if, targets, QĐ 405, bad values), saved
scenarios reopened from their URL and compared, the improvement plan (save, reopen, overdue rows),
and editing switched off without the planner's role."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from app_pages import add_row, open_page, planner_session
from english_check import english_words, interface_texts

from dti.userstore import default_store
from ui.roles import FINGERPRINT_KEY

SIMULATOR = "pages/simulator.py"
PLAN = "pages/plan.py"
SCENARIOS = "pages/scenarios.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_the_readme_example_quang_ninh_2022(built_db):
    # 0,7024 + 150·(0,9000 − 0,5904)/1000 = 0,74884 → 0,7489 (the formula's own digits: 0,702445 + 0,04644
    # = 0,748885); above TP. Hồ Chí Minh 0,7163, below Đà Nẵng 0,8002 -> rank 2, one place gained.
    at = open_page(SIMULATOR, {"province": "22", "year": "2022", "v_hd_kinh_te_so": "0.9"})
    shown = metrics(at)
    assert shown["Tổng điểm mới"] == "0,7489" and shown["Thứ hạng mới"] == "2/63"
    assert shown["Số bậc tăng"] == "+1"
    assert any("Vượt: TP. Hồ Chí Minh." in text for text in texts(at))
    assert at.number_input(key="simulator_v_hd_kinh_te_so_22_2022").value == pytest.approx(0.9)


def test_moving_an_input_changes_the_rank_and_the_url(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022"})
    assert metrics(at)["Thứ hạng mới"] == "3/63"
    # hd_chinh_quyen_so 0,8385 → 1: + 200·0,1615/1000 = 0,0323 → 0,734745 → 0,7347: passes HCM 0,7163 -> 2
    at.number_input(key="simulator_v_hd_chinh_quyen_so_22_2022").set_value(1.0).run()
    assert metrics(at)["Tổng điểm mới"] == "0,7347" and metrics(at)["Thứ hạng mới"] == "2/63"
    assert at.query_params["v_hd_chinh_quyen_so"] == "1.0000"


def test_a_target_answer_gives_the_least_gain_and_the_per_index_table(built_db):
    # Overtake Đà Nẵng 0,8002: the total must reach 0,8003; from 0,702445 that is ≥ 0,80025 − 0,702445
    # = 0,097805 → 0,0979 (the least total gain that rounds to 0,8003).
    at = open_page(SIMULATOR, {"province": "22", "year": "2022", "target": "overtake", "vs": "48"})
    sentence = next(text for text in texts(at) if text.startswith("**Để vượt Đà Nẵng"))
    assert "ít nhất 0,0979" in sentence
    table = at.dataframe[0].value
    by_index = dict(zip(table["Chỉ số chính"], table["Kết quả"]))
    # hd_kinh_te_so alone: 150·d/1000 ≥ 0,097805 → d ≥ 0,65204, headroom 0,4096: impossible.
    assert by_index["Hoạt động kinh tế số"] == "không thể trong phần còn lại"
    assert any(text.startswith("Làm tròn:") for text in texts(at))


def test_a_qd405_year_offers_the_total_only_and_says_why(built_db):
    # Quảng Nam 2024 published 0,5803; + 0,0200 = 0,6003.
    at = open_page(SIMULATOR, {"province": "49", "year": "2024", "gain": "0.02"})
    assert any("trọng số các chỉ số chưa được công bố" in info.value for info in at.info)
    assert metrics(at)["Tổng điểm mới"] == "0,6003"
    assert not [n for n in at.number_input if n.key.startswith("simulator_v_")]


def test_bad_url_values_get_a_vietnamese_notice_and_lose_nothing(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022", "v_hd_kinh_te_so": "nhiều",
                               "target": "thứ nhất", "field": "xyz"})
    notices = [info.value for info in at.info]
    assert any("“nhiều” của Hoạt động kinh tế số phải là số từ 0 đến 1" in n for n in notices)
    assert any("Không có loại mục tiêu “thứ nhất”" in n for n in notices)
    assert any("Không có giả định “xyz”" in n for n in notices)
    assert metrics(at)["Tổng điểm mới"] == "0,7024"
    out_of_range = open_page(SIMULATOR, {"province": "22", "year": "2022", "v_hd_kinh_te_so": "1.5"})
    assert metrics(out_of_range)["Tổng điểm mới"] == "0,7024"


def test_a_viewer_reads_but_cannot_save_and_is_told_why(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022"})
    assert any("Chế độ chỉ đọc" in info.value for info in at.info)
    assert at.button(key="simulator_save_button_whatif").disabled


def test_a_wrong_token_is_refused_in_vietnamese(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022"})
    at.text_input(key="simulator_login_token").input("không đúng mã")
    at.button(key="simulator_login_submit").click().run()
    assert any("Mã truy cập không đúng" in error.value for error in at.error)
    assert FINGERPRINT_KEY not in at.session_state


def test_a_saved_scenario_reopens_from_its_url_and_compares(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022", "v_hd_kinh_te_so": "0.9"}, planner_session())
    at.text_input(key="simulator_save_name_whatif").input("KTS lên 0,9")
    at.button(key="simulator_save_button_whatif").click().run()
    scenario_id = at.query_params["scenario"]
    saved = default_store().scenario(scenario_id)
    assert saved.changes == {"hd_kinh_te_so": 0.9} and saved.created_by == "Nguyễn Văn A"

    reopened = open_page(SIMULATOR, {"scenario": scenario_id})  # a fresh session: only the link
    assert metrics(reopened)["Tổng điểm mới"] == "0,7489" and metrics(reopened)["Thứ hạng mới"] == "2/63"
    assert any("KTS lên 0,9" in s.value for s in reopened.success)

    second = open_page(SIMULATOR, {"province": "22", "year": "2022", "gain": "0"}, planner_session())
    second.number_input(key="simulator_v_hd_chinh_quyen_so_22_2022").set_value(1.0).run()
    second.text_input(key="simulator_save_name_whatif").input("CQS lên 1")
    second.button(key="simulator_save_button_whatif").click().run()
    other_id = second.query_params["scenario"]
    compared = open_page(SCENARIOS, {"province": "22", "compare": f"{scenario_id},{other_id}"})
    table = compared.dataframe[0].value
    assert list(table.loc["Điểm mới"]) == ["0,7489", "0,7347"]
    assert list(table.loc["Thứ hạng mới"]) == ["2/63", "2/63"]


def test_unknown_scenario_id_is_said_and_the_year_shown(built_db):
    at = open_page(SIMULATOR, {"province": "22", "year": "2022", "scenario": "khongco"})
    assert any("Không tìm thấy phương án mã “khongco”" in w.value for w in at.warning)


def test_a_plan_is_saved_reopened_and_its_overdue_row_listed_per_owner(built_db):
    params = {"province": "22", "base_year": "2022", "target_year": "2023"}
    at = open_page(PLAN, params, planner_session("Trần Thị B"))
    overdue = (date.today() - timedelta(days=3)).strftime("%d/%m/%Y")
    add_row(at, "Sở Khoa học và Công nghệ", "0,95", overdue)
    at.button(key="plan_save").click().run()
    assert not at.error, [e.value for e in at.error]
    plan_id = at.query_params["plan"]

    reopened = open_page(PLAN, {**params, "plan": plan_id})
    rows = default_store().plan(plan_id).rows
    assert len(rows) == 1 and rows[0].owner == "Sở Khoa học và Công nghệ" and rows[0].target_value == 0.95
    assert any("1 nhiệm vụ chậm: Sở Khoa học và Công nghệ" in w.value for w in reopened.warning)
    assert any("CHẬM 3 ngày" in code.value for code in reopened.code)  # the reminder text
    history = default_store().plan_history(plan_id)
    assert [(r.revision, r.saved_by) for r in history] == [(1, "Trần Thị B")]


def test_a_bad_plan_row_is_refused_in_vietnamese_and_nothing_saved(built_db):
    params = {"province": "20", "base_year": "2022", "target_year": "2023"}
    at = open_page(PLAN, params, planner_session())
    add_row(at, "Sở Nội vụ", "1,5", "31/02/2024")
    at.button(key="plan_save").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "Chưa lưu" in errors and "không phải là ngày hợp lệ" in errors
    assert "plan" not in at.query_params
    assert default_store().plans("p63", "20") == []


def test_a_plan_without_rows_says_how_to_add_one_instead_of_an_empty_grid(built_db):
    # Streamlit's grid wrote the English "empty" in a plan without rows. Hậu Giang's new blank plan:
    params = {"province": "93", "base_year": "2023", "target_year": "2024"}
    at = open_page(PLAN, params, planner_session())
    assert len(at.dataframe) == 0
    assert [info.value for info in at.info if info.value.startswith("Kế hoạch chưa có dòng nào.")] == [
        "Kế hoạch chưa có dòng nào. Thêm chỉ số cần cải thiện bằng mẫu “Thêm dòng” bên dưới. Hoặc chọn cách bắt "
        "đầu ở ô “Bắt đầu từ”: một phương án đã lưu hay lời giải để vào nhóm 10."]
    assert english_words("\n".join(interface_texts(at))) == []
    viewer = open_page(PLAN, params)  # who may not edit is not sent to a form they cannot use
    assert "Kế hoạch chưa có dòng nào." in [info.value for info in viewer.info]
    assert len(viewer.dataframe) == 0 and english_words("\n".join(interface_texts(viewer))) == []

    add_row(at, "Sở Công Thương", "0,6", "31/12/2024")  # the first row brings the table
    [table] = at.dataframe
    assert list(table.proto.column_order) == ["main_index", "owner", "target_value", "deadline", "status"]
    assert table.value.loc[0, "owner"] == "Sở Công Thương"
    at.button_group(key="plan_view_new").set_value("details").run()
    [table] = at.dataframe
    assert list(table.proto.column_order) == ["main_index", "component", "co_owners", "current_value", "gap",
                                              "note"]
    assert table.value.loc[0, "owner"] == "Sở Công Thương"  # the same rows, other columns


def test_the_plan_page_without_the_role_is_read_only(built_db):
    at = open_page(PLAN, {"province": "22", "base_year": "2022", "target_year": "2023"})
    assert any("Chế độ chỉ đọc" in info.value for info in at.info)
    assert not [b for b in at.button if b.key == "plan_save"]


def test_plan_bad_year_gets_a_notice(built_db):
    at = open_page(PLAN, {"province": "22", "base_year": "1990", "target_year": "abc"})
    assert any("Không có số liệu năm “1990”" in info.value for info in at.info)


# --- a province with four of eight main indices (Hậu Giang 2023: DTI 0,7092, 20th) ----------------
# Known: Hạ tầng số 0,7482, HĐCQS 0,8093, HĐKTS 0,5399, HĐXHS 0,4235. The other four foundation
# indices are one part: 709,2 − (74,82 + 161,86 + 80,985 + 63,525) = 328,01 points → mean 0,8200;
# the formula then gives (381,19 + 328)/1000 = 0,70919 → 0,7092.

def test_four_main_indices_with_the_rest_as_one_derived_input(built_db):
    at = open_page(SIMULATOR, {"province": "93", "year": "2023"})
    rest = at.number_input(key="simulator_v_nen_tang_con_lai_93_2023")
    assert rest.value == pytest.approx(0.82) and rest.label.endswith("†")
    assert metrics(at)["Thứ hạng mới"] == "20/63"
    # HĐKTS → 0,9: 0,70919 + 150·0,3601/1000 = 0,763205 → 0,7632: below Thừa Thiên Huế 0,7660, above
    # Lạng Sơn 0,7601 -> 4th, 16 places gained.
    at.number_input(key="simulator_v_hd_kinh_te_so_93_2023").set_value(0.9).run()
    assert (metrics(at)["Tổng điểm mới"], metrics(at)["Thứ hạng mới"], metrics(at)["Số bậc tăng"]) == \
        ("0,7632", "4/63", "+16")
    sentence = next(text for text in texts(at) if text.startswith("**Hậu Giang"))
    assert "Vượt: Lạng Sơn, Cần Thơ, Hà Nội, Bình Dương, Hải Phòng, Bắc Giang và 10 tỉnh khác." in sentence


def test_equal_at_four_decimals_is_the_same_rank_not_passing(built_db):
    # HĐKTS → 0,9185: 0,70919 + 150·0,3786/1000 = 0,76598 → 0,7660 = Thừa Thiên Huế: both 3rd.
    at = open_page(SIMULATOR, {"province": "93", "year": "2023", "v_hd_kinh_te_so": "0.9185"})
    assert metrics(at)["Thứ hạng mới"] == "3/63"
    sentence = next(text for text in texts(at) if text.startswith("**Hậu Giang"))
    assert "Bằng điểm (cùng hạng 3): Thừa Thiên Huế." in sentence
    assert "Vượt: Lạng Sơn" in sentence and "Thừa Thiên Huế" not in sentence.split("Bằng điểm")[0]


def test_typed_foundation_values_replace_the_aggregate_and_are_kept_with_the_scenario(built_db):
    # 0,85 + 0,80 + 0,83 + 0,8001 = 3,2801 = the derived sum: the formula still gives 0,7092.
    typed = {"e_nhan_thuc_so": "0.85", "e_the_che_so": "0.80", "e_nhan_luc_so": "0.83",
             "e_an_toan_thong_tin_mang": "0.8001"}
    at = open_page(SIMULATOR, {"province": "93", "year": "2023", **typed}, planner_session())
    keys = {n.key for n in at.number_input}
    assert "simulator_v_nen_tang_con_lai_93_2023" not in keys
    assert at.number_input(key="simulator_v_nhan_thuc_so_93_2023").label == "Nhận thức số (nhập tay)"
    assert metrics(at)["Tổng điểm mới"] == "0,7092"
    at.text_input(key="simulator_save_name_whatif").input("Số liệu báo cáo tỉnh")
    at.button(key="simulator_save_button_whatif").click().run()
    saved = default_store().scenario(at.query_params["scenario"])
    assert saved.entered_values == {"nhan_thuc_so": 0.85, "the_che_so": 0.8, "nhan_luc_so": 0.83,
                                    "an_toan_thong_tin_mang": 0.8001}


def test_the_default_year_2024_is_a_qd405_year(built_db):
    at = open_page(SIMULATOR, {"province": "93"})
    assert at.title[0].value == "Mô phỏng: Hậu Giang, 2024"
    assert any("trọng số các chỉ số chưa được công bố" in info.value for info in at.info)


def test_an_admin_enters_qd405_weights_and_2024_is_simulated_by_index(built_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DTI_USER_DB", str(tmp_path / "user.duckdb"))  # these weights stay in this test
    at = open_page(SIMULATOR, {"province": "93", "year": "2024"}, planner_session("Quản trị"))
    codes = ("nhan_thuc_so", "the_che_so", "ha_tang_so", "nhan_luc_so", "an_toan_thong_tin_mang",
             "hd_chinh_quyen_so", "hd_kinh_te_so", "hd_xa_hoi_so")
    for code in codes[:-1]:
        at.number_input(key=f"simulator_weight_{code}").set_value(125.0)
    at.button(key="simulator_weights_submit").click().run()
    assert any("Chưa nhập điểm của: hd_xa_hoi_so" in e.value for e in at.error)  # nothing saved
    assert not [w for w in at.warning if "Trọng số do quản trị viên" in w.value]
    for code in codes:  # invented, equal points: what an administrator would copy from a document
        at.number_input(key=f"simulator_weight_{code}").set_value(125.0)
    at.text_input(key="simulator_weights_source").input("Văn bản thử nghiệm số 1")
    at.button(key="simulator_weights_submit").click().run()
    assert any("Trọng số do quản trị viên Quản trị nhập" in w.value for w in at.warning)
    # 2024 Hậu Giang has four main indices: the four unknown foundation ones become one part,
    # derived from the total — the full simulator now works for the year.
    assert at.number_input(key="simulator_v_nen_tang_con_lai_93_2024").label.endswith("†")
    assert at.number_input(key="simulator_v_hd_kinh_te_so_93_2024")


def test_the_readme_worked_example_is_what_the_screen_shows(built_db):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    link = "/simulator?province=93&year=2023&v_hd_kinh_te_so=0.9"
    assert link in readme and "**0,7632**, **rank 4/63**" in readme and "**16 places gained**" in readme
    at = open_page(SIMULATOR, dict(part.split("=") for part in link.split("?")[1].split("&")))
    assert (metrics(at)["Tổng điểm mới"], metrics(at)["Thứ hạng mới"], metrics(at)["Số bậc tăng"]) == \
        ("0,7632", "4/63", "+16")
    assert at.number_input(key="simulator_v_nen_tang_con_lai_93_2023").value == pytest.approx(0.82)
