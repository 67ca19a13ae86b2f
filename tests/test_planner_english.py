"""The planner's and data screens and the briefing in English (?lang=en): no Vietnamese interface
text once official names are removed, and one sentence per screen worked by hand."""

from app_pages import open_page
from english_check import vietnamese_left


def sentences(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_the_simulator_in_english_gives_the_readme_example(built_db):
    # Hậu Giang 2023: 0,70919 + 150·(0,9 − 0,5399)/1000 = 0,763205 → 0.7632; above Lạng Sơn 0,7601, below
    # Thừa Thiên Huế 0,7660 -> rank 4/63, from 20th: up 16 places.
    at = open_page("pages/simulator.py", {"province": "93", "year": "2023", "v_hd_kinh_te_so": "0.9", "lang": "en"})
    shown = {m.label: m.value for m in at.metric}
    assert shown["New total"] == "0.7632" and shown["New rank"] == "4/63" and shown["Places gained"] == "+16"
    sentence = next(s for s in sentences(at) if s.startswith("**Hậu Giang: total"))
    assert "total 0.7092 → 0.7632 (+0.0540); rank 20 → 4/63, up 16 places. Overtakes:" in sentence
    assert vietnamese_left(at) == []


def test_the_simulator_in_english_says_ties_on_score_not_overtakes(built_db):
    # 0,70919 + 150·(0,9185 − 0,5399)/1000 = 0,76598 → 0.7660 = Thừa Thiên Huế's 0,7660: both 3rd.
    at = open_page("pages/simulator.py", {"province": "93", "year": "2023", "v_hd_kinh_te_so": "0.9185",
                                          "lang": "en"})
    sentence = next(s for s in sentences(at) if s.startswith("**Hậu Giang: total"))
    assert "rank 20 → 3/63, up 17 places." in sentence
    assert "Ties on score (same rank 3): Thừa Thiên Huế." in sentence
    assert "Overtakes: Thừa Thiên Huế" not in sentence


def test_a_target_in_english_says_not_possible_within_the_remaining_headroom(built_db):
    at = open_page("pages/simulator.py", {"province": "22", "year": "2022", "target": "overtake", "vs": "48",
                                          "lang": "en"})
    assert any(s.startswith("**To overtake Đà Nẵng, Quảng Ninh must raise its total by at least 0.0979")
               for s in sentences(at))
    table = at.dataframe[0].value
    assert "not possible within the remaining headroom" in set(table["Result"])
    assert vietnamese_left(at) == []


def test_the_simulator_for_can_tho_in_34_units_is_english(built_db):
    at = open_page("pages/simulator.py", {"province": "92", "units": "34", "year": "2023", "lang": "en"})
    assert vietnamese_left(at) == []


def planner_session() -> dict:
    from dti import access
    from ui.roles import FINGERPRINT_KEY, NAME_KEY
    return {FINGERPRINT_KEY: access.token_fingerprint(access.app_tokens().tokens["admin"]), NAME_KEY: "Lê Văn C"}


def add_row(at, owner: str, target: str, deadline: str) -> None:
    at.text_input(key="plan_add_owner").input(owner)
    at.text_input(key="plan_add_target").input(target)
    at.text_input(key="plan_add_deadline").input(deadline)
    at.button(key="plan_add_submit").click().run()


def test_a_bad_plan_value_is_refused_in_english(built_db):
    from dti.userstore import default_store
    at = open_page("pages/plan.py", {"province": "19", "base_year": "2022", "target_year": "2023", "lang": "en"},
                   planner_session())
    add_row(at, "Department of Home Affairs", "1,5", "30/06/2026")
    at.button(key="plan_save").click().run()
    assert [e.value for e in at.error] == ["Not saved: Row 1: target value 1.5000 is outside 0–1."]
    add_row(at, "Department of Finance", "0,2", "31/02/2026")
    at.button(key="plan_save").click().run()
    assert [e.value for e in at.error] == [
        "Not saved: Row 2: deadline '31/02/2026' is not a valid date (day/month/year, e.g. 30/06/2025)."]
    assert default_store().plans("p63", "19") == []
    assert vietnamese_left(at, allowed=("Lê Văn C",)) == []


def test_a_saved_plan_in_english_lists_late_tasks_and_an_english_reminder(built_db):
    from datetime import date, timedelta
    params = {"province": "19", "base_year": "2022", "target_year": "2023", "lang": "en"}
    at = open_page("pages/plan.py", params, planner_session())
    overdue = date.today() - timedelta(days=4)
    add_row(at, "Department of Finance", "0,99", f"{overdue:%d/%m/%Y}")
    at.button(key="plan_save").click().run()
    assert not at.error, [e.value for e in at.error]
    reopened = open_page("pages/plan.py", {**params, "plan": at.query_params["plan"]}, planner_session())
    assert any(w.value.startswith("Late tasks (1): Department of Finance — ") and w.value.endswith("(4 days overdue)")
               for w in reopened.warning)
    reminder = reopened.code[0].value
    assert reminder.startswith("To Department of Finance,\nReminder under \"DTI improvement plan Thái Nguyên 2023\"")
    assert f"due {overdue:%d/%m/%Y} — LATE by 4 days; status: late." in reminder
    assert vietnamese_left(reopened, allowed=("Lê Văn C",)) == []


def test_plan_validation_messages_read_in_english():
    from dti.i18n.text import localized
    from dti.plans import PlanRow, validate_rows
    names = {"hd_chinh_quyen_so": "Hoạt động chính quyền số"}
    rows = [PlanRow("hd_chinh_quyen_so", "Department of Home Affairs", 0.8093, 0.7),
            PlanRow("ha_tang_so", "", 0.5, 1.2)]
    assert [localized(m, "en") for m in validate_rows(rows, names)] == [
        "Row 1: target value 0.7000 is below the current value 0.8093",
        "Row 2: main index 'ha_tang_so' is not in the year's framework",
        "Row 2: no lead unit",
        "Row 2: target value 1.2000 is outside 0–1"]
    assert [str(m) for m in validate_rows(rows[:1], names)] == [
        "Dòng 1: giá trị mục tiêu 0,7000 thấp hơn giá trị hiện tại 0,8093"]


def data_page(lang_params: dict, admin: bool):
    from dti import access
    from ui.roles import FINGERPRINT_KEY, NAME_KEY
    session = {FINGERPRINT_KEY: access.token_fingerprint(DATA_TOKEN), NAME_KEY: "Admin"} if admin else None
    return open_page("pages/data.py", lang_params, session)


DATA_TOKEN = "a-long-enough-admin-token-123"


def test_an_import_error_on_the_data_page_reads_in_english(built_copy, monkeypatch):
    from import_tables import csv_bytes, results_table

    from dti import store
    monkeypatch.setenv("DTI_ADMIN_TOKEN", DATA_TOKEN)
    before = store.current_version()
    frame = results_table("p63")
    frame.loc[4, "Tỉnh/Thành phố"] = "Hau Gieng"  # the fifth province, row 6 of the file (the header is row 1)
    at = data_page({"lang": "en"}, admin=True)
    at.number_input(key="data_import_year").set_value(2023).run()
    at.get("file_uploader")[0].set_value(("ket-qua.csv", csv_bytes(frame), "text/csv")).run()
    errors = [e.value.replace("\\", "") for e in at.error]
    # A CSV's columns are numbered (1 = the first); one of 63 unmatched leaves 62.
    assert errors == ["ket-qua.csv, row 6, column 'Tỉnh/Thành phố' (1): 'Hau Gieng' is not one of the 63 provinces "
                      "and cities", "ket-qua.csv: 62 valid provinces or cities, all 63 are needed"]
    assert "Nothing was written. Fix the file and upload it again." in [c.value for c in at.caption]
    assert store.current_version() == before
    assert vietnamese_left(at, allowed=("Tỉnh/Thành phố", "Chỉ số DTI", "Xếp hạng")) == []


def test_the_data_page_tabs_read_in_english_for_can_tho_in_34_units(built_copy, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", DATA_TOKEN)
    at = data_page({"lang": "en", "units": "34", "province": "92", "year": "2024"}, admin=False)
    assert any(i.value.startswith("Read-only: you are viewing as viewer.") for i in at.info)
    assert vietnamese_left(at) == []
