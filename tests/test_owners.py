"""Per-owner view: who leads or supports what, due when, what is late; the reminder text; the
.ics calendar (RFC 5545), read back with the icalendar package and checked by hand."""

from datetime import date, datetime

import icalendar

from dti import owners
from dti.plans import Plan, PlanRow

NAMES = {"hd_kinh_te_so": "Hoạt động kinh tế số", "hd_chinh_quyen_so": "Hoạt động chính quyền số",
         "nhan_luc_so": "Nhân lực số"}
TODAY = date(2024, 7, 10)
NOW = datetime(2024, 7, 10, 1, 2, 3)  # UTC


def the_plan() -> Plan:
    rows = (
        PlanRow("hd_kinh_te_so", "Sở Công Thương", 0.5904, 0.9, date(2024, 6, 30), "dang_thuc_hien",
                "Sở Tài chính; Cục Thuế", note="Ưu tiên, gấp; xem \\ báo cáo", row_id="r1"),
        PlanRow("hd_chinh_quyen_so", "Sở Nội vụ", 0.8385, 0.9076, date(2024, 12, 31), "chua_bat_dau",
                "Sở Công Thương", component="Dịch vụ công trực tuyến toàn trình", row_id="r2"),
        PlanRow("nhan_luc_so", "Sở Công Thương", 0.6, 0.7, None, "hoan_thanh", row_id="r3"),
        PlanRow("hd_xa_hoi_so", "Sở Y tế", 0.4, 0.5, date(2024, 5, 1), "hoan_thanh", row_id="r4"),
    )
    return Plan("p63", "22", 2023, 2024, "Kế hoạch cải tiến DTI 2024", rows, plan_id="pl1", revision=3)


def test_each_department_sees_what_it_leads_and_supports_late_first_by_deadline():
    tasks = owners.tasks_by_owner(the_plan(), TODAY)
    assert list(tasks) == ["Cục Thuế", "Sở Công Thương", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế"]
    cong_thuong = [(t.row.row_id, t.role, t.status, t.days_late) for t in tasks["Sở Công Thương"]]
    # leads r1 (due 30/06, 10 days late) and r3 (no deadline, done); supports r2
    assert cong_thuong == [("r1", "chu_tri", "cham", 10), ("r3", "chu_tri", "hoan_thanh", 0),
                           ("r2", "phoi_hop", "chua_bat_dau", 0)]
    assert [(t.row.row_id, t.role) for t in tasks["Cục Thuế"]] == [("r1", "phoi_hop")]
    # r4's deadline passed but it is done: not late
    assert [t.row.row_id for t in owners.late_tasks(the_plan(), TODAY)] == ["r1"]


def test_the_reminder_says_what_is_due_and_what_is_late():
    text = owners.reminder_text(the_plan(), "Sở Công Thương", TODAY, NAMES, "Quảng Ninh")
    assert text.splitlines() == [
        "Kính gửi Sở Công Thương,",
        "Nhắc việc theo \"Kế hoạch cải tiến DTI 2024\" (Quảng Ninh, năm gốc 2023, mục tiêu 2024), tình hình đến "
        "ngày 10/07/2024:",
        "1. Hoạt động kinh tế số (chủ trì): từ 0,5904 lên 0,9000; hạn 30/06/2024 — CHẬM 10 ngày; trạng thái: chậm.",
        "2. Nhân lực số (chủ trì): từ 0,6000 lên 0,7000; chưa có thời hạn; trạng thái: hoàn thành.",
        "3. Hoạt động chính quyền số — Dịch vụ công trực tuyến toàn trình (phối hợp với Sở Nội vụ): từ 0,8385 lên "
        "0,9076; hạn 31/12/2024; trạng thái: chưa bắt đầu.",
        "Có 1 nhiệm vụ đã quá hạn: đề nghị đơn vị báo cáo tiến độ tại cuộc họp rà soát gần nhất.",
        "Trân trọng.",
    ]


def test_the_calendar_file_follows_rfc_5545():
    data = owners.owner_ics(the_plan(), "Sở Công Thương", NAMES, "Quảng Ninh", NOW, TODAY)
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))  # folded
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-2:] == ["END:VCALENDAR", ""]
    assert any(line.startswith("PRODID:") for line in lines)
    # Two events: r1 (leads) and r2 (supports); r3 has no deadline.
    assert lines.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20240630" in lines and "DTEND;VALUE=DATE:20240701" in lines
    assert "DTSTART;VALUE=DATE:20241231" in lines and "DTEND;VALUE=DATE:20250101" in lines
    assert lines.count("DTSTAMP:20240710T010203Z") == 2
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 2 and all(uid.endswith("@dti") for uid in uids)
    # TEXT escaping: ; , \ become \; \, \\ (RFC 5545 §3.3.11)
    description = next(line for line in lines if line.startswith("DESCRIPTION:") and "Ghi chú" in line)
    assert description.endswith("Ghi chú: Ưu tiên\\, gấp\\; xem \\\\ báo cáo")

    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [date(2024, 6, 30), date(2024, 12, 31)]
    assert str(events[0]["SUMMARY"]) == "Hạn: Hoạt động kinh tế số (chủ trì)"
    assert str(events[1]["SUMMARY"]) == ("Hạn: Hoạt động chính quyền số — Dịch vụ công trực tuyến toàn trình "
                                         "(phối hợp với Sở Nội vụ)")
    assert str(events[0]["DESCRIPTION"]).endswith("Trạng thái: chậm. Ghi chú: Ưu tiên, gấp; xem \\ báo cáo")


def test_an_owner_with_nothing_due_gets_an_empty_but_valid_calendar():
    data = owners.owner_ics(the_plan(), "Sở Khác", NAMES, "Quảng Ninh", NOW, TODAY)
    assert icalendar.Calendar.from_ical(data).walk("VEVENT") == []
    assert "chưa được giao" in owners.reminder_text(the_plan(), "Sở Khác", TODAY, NAMES, "Quảng Ninh")
