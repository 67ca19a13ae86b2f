"""The briefing's plan step tells what the province's saved plan says: the most recent plan that
starts from the briefing's year, its rows with owner, status and deadline, and how much of each
row's gap the latest review meeting closed."""

import os
import subprocess
import sys
from datetime import date, datetime

from app_pages import open_page
from pypdf import PdfReader

from dti import briefing
from dti.plans import Plan, PlanRow, ProgressEntry
from dti.userstore import DuckDBUserStore

NAMES = {"hd_kinh_te_so": "Hoạt động kinh tế số", "hd_chinh_quyen_so": "Hoạt động chính quyền số"}


def hau_giang_plan(title="Kế hoạch cải tiến DTI Hậu Giang 2024") -> Plan:
    # Hậu Giang 2023: HĐ KTS 0,5399 and HĐ CQS 0,8093 (README's worked example).
    rows = (PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.5399, 0.6, date(2024, 6, 30), "dang_thuc_hien"),
            PlanRow("hd_chinh_quyen_so", "Sở Nội vụ", 0.8093, 0.85, date(2024, 12, 31), "hoan_thanh"))
    return Plan("p63", "93", 2023, 2024, title, rows)


def test_a_plan_is_summed_up_with_done_and_late_rows_and_each_rows_progress():
    plan = hau_giang_plan()
    rows = [r.__class__(**{**r.__dict__, "row_id": f"r{i}"}) for i, r in enumerate(plan.rows)]
    plan = Plan(**{**plan.__dict__, "rows": tuple(rows), "saved_at": datetime(2024, 7, 2, 9, 30)})
    # KTS: 0,5399 → 0,6 is a gap of 0,0601; a meeting recorded 0,57: (0,57 − 0,5399)/0,0601 = 0,5008.
    entries = [ProgressEntry("r0", date(2024, 5, 10), 0.56), ProgressEntry("r0", date(2024, 6, 20), 0.57)]
    summary = briefing.plan_summary(plan, entries, NAMES, today=date(2024, 7, 15))
    assert summary.title == "Kế hoạch cải tiến DTI Hậu Giang 2024"
    # 30/06/2024 has passed and the row is not done: late; the other row is done.
    assert summary.status == "1/2 nhiệm vụ hoàn thành, 1 nhiệm vụ chậm"
    assert summary.updated == "02/07/2024"
    assert summary.items == (
        ("Sở Công Thương: Hoạt động kinh tế số", "chậm, hạn 30/06/2024", 0.5008),
        ("Sở Nội vụ: Hoạt động chính quyền số", "hoàn thành, hạn 31/12/2024", None),
    )


def test_the_briefing_shows_the_latest_saved_plan_of_its_year(tmp_path, monkeypatch, built_db):
    monkeypatch.setenv("DTI_USER_DB", str(tmp_path / "user.duckdb"))
    store = DuckDBUserStore(tmp_path / "user.duckdb")
    store.save_plan(hau_giang_plan("Kế hoạch cũ"), "Chuyên viên A", NAMES)
    store.save_plan(hau_giang_plan("Kế hoạch cải tiến DTI Hậu Giang 2024"), "Chuyên viên B", NAMES)
    store.save_plan(Plan("p63", "93", 2022, 2023, "Kế hoạch năm trước", ()), "Chuyên viên C", NAMES)

    at = open_page("pages/briefing.py", {"province": "93", "year": "2023", "steps": "plan"})
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")  # plain() escapes Markdown
    assert "Kế hoạch cải tiến DTI Hậu Giang 2024" in text
    assert "Kế hoạch cũ" not in text and "Kế hoạch năm trước" not in text
    assert "nhiệm vụ hoàn thành" in text
    assert "Sở Công Thương: Hoạt động kinh tế số" in text

    # A year no saved plan starts from says so instead of showing another year's plan.
    at = open_page("pages/briefing.py", {"province": "93", "year": "2024", "steps": "plan"})
    assert any("Chưa có kế hoạch nào được lưu cho Hậu Giang" in i.value for i in at.info)


def test_the_exported_profile_carries_the_saved_plan(tmp_path, built_db):
    store = DuckDBUserStore(tmp_path / "user.duckdb")
    store.save_plan(hau_giang_plan(), "Chuyên viên B", NAMES)
    out = tmp_path / "ho-so.pdf"
    result = subprocess.run([sys.executable, "-m", "dti", "export", "--province", "93", "--year", "2023",
                             "--format", "pdf", "--out", str(out)], capture_output=True, text=True,
                            env={**os.environ, "DTI_USER_DB": str(tmp_path / "user.duckdb")})
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Kế hoạch cải tiến DTI Hậu Giang 2024" in text
