"""AppTest: the briefing page ("Bài trình chiếu") reads its steps, step, language and presenter
mode from the URL, steps with its buttons, turns bad values into notices, and never projects a
step with nothing to show (the plan before any plan is saved)."""

from datetime import date

import pytest
from app_pages import open_page

from dti.plans import Plan, PlanRow
from dti.userstore import DuckDBUserStore

ALL_STEPS = ["headline", "history", "indices", "gaps", "target", "plan"]
SHOWN_WITHOUT_A_PLAN = ALL_STEPS[:-1]  # 2022 and 2023 (QĐ 922, with weights): every step but the plan


@pytest.fixture(autouse=True)
def no_saved_plans(tmp_path, monkeypatch):
    """A user data file of this test's own: no plan of another test reaches the briefing."""
    monkeypatch.setenv("DTI_USER_DB", str(tmp_path / "userdata.duckdb"))
    return tmp_path / "userdata.duckdb"


def _briefing(**params):
    return open_page("pages/briefing.py", {"province": "93", "year": "2022", **params})


def _headings(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_url_picks_the_steps_their_order_and_the_step():
    at = _briefing(steps="history,gaps", step="2")
    assert at.multiselect(key="briefing_steps").value == ["history", "gaps"]
    assert at.radio(key="briefing_step_history-gaps").value == 2
    # 2022 ranks (published): Thanh Hóa and Yên Bái share 15, Hậu Giang 17, Vĩnh Phúc 18.
    assert "Thanh Hóa, Yên Bái \\(hạng 15\\)" in _headings(at)
    assert "Bước 2/2" in _headings(at)


def test_no_steps_in_the_url_means_every_step_from_the_first():
    at = _briefing()
    assert at.multiselect(key="briefing_steps").value == ALL_STEPS
    assert at.radio(key="briefing_step_" + "-".join(SHOWN_WITHOUT_A_PLAN)).value == 1
    assert "Năm 2022, Hậu Giang xếp thứ 17/63" in _headings(at)


def _plain(elements) -> list[str]:
    return [element.value.replace("\\", "") for element in elements]  # plain() escapes Markdown


def _step_names(at, keys) -> list[str]:
    return list(at.radio(key="briefing_step_" + "-".join(keys)).options)


def test_without_a_plan_the_default_briefing_leaves_out_the_steps_with_nothing_to_show(no_saved_plans):
    # No plan saved: the plan step would only say so, so it is not one of the steps projected. The
    # choice of steps keeps it (it comes back once a plan is saved); a line says what is left out.
    at = _briefing(year="2023")
    assert at.multiselect(key="briefing_steps").value == ALL_STEPS
    assert _step_names(at, SHOWN_WITHOUT_A_PLAN) == [
        "1. Thông điệp chính", "2. Thứ hạng qua các năm", "3. Trụ cột và chỉ số chính",
        "4. Tỉnh lân cận và khoảng cách", "5. Mục tiêu và mức tăng ít nhất"]
    assert "Không chiếu vì chưa có gì để xem — Tình hình kế hoạch: Chưa có kế hoạch nào được lưu cho Hậu Giang." \
        in _plain(at.caption)
    at.button(key="briefing_last").click().run()  # the last step projected is the target, not an empty one
    assert at.query_params["step"] == "5" and "Bước 5/5" in _headings(at)
    assert not at.info  # no "nothing here" notice on any slide

    # 2024 is judged under QĐ 405, whose weights are not public: no target either.
    at = _briefing(year="2024")
    assert _step_names(at, ALL_STEPS[:4]) == [
        "1. Thông điệp chính", "2. Thứ hạng qua các năm", "3. Trụ cột và chỉ số chính",
        "4. Tỉnh lân cận và khoảng cách"]
    [left_out] = [text for text in _plain(at.caption) if text.startswith("Không chiếu")]
    assert "Mục tiêu và mức tăng ít nhất: " in left_out and "Tình hình kế hoạch: " in left_out

    # Only the plan chosen, and no plan: a notice under the title, no slide and no step buttons.
    at = _briefing(year="2023", steps="plan")
    assert _plain(at.info) == [
        "Các bước đã chọn chưa có gì để chiếu — Tình hình kế hoạch: Chưa có kế hoạch nào được lưu cho Hậu Giang. "
        "Chọn thêm bước ở “Các bước và thứ tự” bên dưới."]
    assert not [radio for radio in at.radio if radio.key.startswith("briefing_step")]
    assert not [button for button in at.button if button.key == "briefing_next"]

    # Once a plan starting from 2023 is saved, the default briefing ends with it.
    DuckDBUserStore(no_saved_plans).save_plan(
        Plan("p63", "93", 2023, 2024, "Kế hoạch cải tiến DTI Hậu Giang 2024",
             (PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.5399, 0.6, date(2024, 6, 30)),)),
        "Chuyên viên A", {"hd_kinh_te_so": "Hoạt động kinh tế số"})
    at = _briefing(year="2023")
    assert _step_names(at, ALL_STEPS)[-1] == "6. Tình hình kế hoạch"


def test_the_next_button_moves_one_step_and_writes_it_to_the_url():
    at = _briefing(steps="headline,history,gaps", step="1")
    at.button(key="briefing_next").click().run()
    assert at.query_params["step"] == "2"
    assert "tăng 11 bậc" in _headings(at)  # 2020 rank 28 → 2022 rank 17
    at.button(key="briefing_last").click().run()
    assert at.query_params["step"] == "3"
    assert at.button(key="briefing_next").disabled


def test_a_step_past_the_end_falls_back_to_the_first_with_a_notice():
    at = _briefing(steps="headline,history", step="9")
    assert at.radio(key="briefing_step_headline-history").value == 1
    assert any("Không có bước số “9”" in info.value for info in at.info)


def test_a_step_that_is_no_number_falls_back_with_a_notice():
    at = _briefing(step="abc")
    assert any("“abc”" in info.value for info in at.info)


def test_an_unknown_step_name_is_named_and_the_known_ones_kept():
    at = _briefing(steps="headline,zzz")
    assert at.multiselect(key="briefing_steps").value == ["headline"]
    assert any("zzz" in info.value for info in at.info)


def test_english_labels_with_lang_en():
    at = _briefing(lang="en", step="2")
    assert at.button(key="briefing_next").label == "Next"
    assert "Step 2/5" in _headings(at)  # no plan saved: its step is left out
    assert at.selectbox(key="briefing_province_p63").label == "Province or city"


def test_presenter_mode_from_the_url_offers_a_way_out():
    at = _briefing(present="1")
    assert at.toggle(key="briefing_present").value is True
    at.button(key="briefing_exit").click().run()
    assert at.toggle(key="briefing_present").value is False
    assert "present" not in at.query_params


def test_a_bad_presenter_value_shows_the_normal_view_with_a_notice():
    at = _briefing(present="yes")
    assert at.toggle(key="briefing_present").value is False
    assert any("“yes”" in info.value for info in at.info)


def _downloads(at):
    return {button.proto.label: button for button in at.get("download_button")}


def test_the_export_buttons_are_offered_and_enabled_with_a_browser(built_db):
    buttons = _downloads(_briefing(steps="history"))
    assert set(buttons) == {"Bài trình chiếu (PPTX)", "Hồ sơ tỉnh (PDF)", "Biểu đồ bước này (PNG)",
                            "Bảng số liệu (XLSX)"}
    assert not any(button.proto.disabled for button in buttons.values())


def test_without_a_browser_engine_the_png_pdf_pptx_buttons_say_why(built_db, monkeypatch, tmp_path):
    from dti.exports.engine import BROWSER_ENV
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-chromium"))
    at = _briefing(steps="history")
    buttons = _downloads(at)
    assert [label for label, button in buttons.items() if not button.proto.disabled] == ["Bảng số liệu (XLSX)"]
    assert any("PNG, PDF, PPTX tạm không tải được" in caption.value for caption in at.caption)


def test_the_province_profile_offers_the_same_exports(built_db):
    at = open_page("pages/province.py", {"province": "93", "year": "2022"})
    assert "Hồ sơ tỉnh (PDF)" in _downloads(at)
