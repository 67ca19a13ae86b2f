"""Per-owner view of a plan ("Việc của từng đơn vị"): what each department leads or supports,
due when, what is late; a reminder to paste into the department's chat group; an .ics
calendar (RFC 5545) of its deadlines."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dti.i18n import format_number, t
from dti.plans import Plan, PlanRow, format_date, status_label

PRODUCT_ID = "-//DTI dashboard//Ke hoach cai tien//VI"


@dataclass(frozen=True)
class OwnerTask:
    row: PlanRow
    role: str  # 'chu_tri' (leads) or 'phoi_hop' (supports)
    status: str  # as shown: 'cham' when late
    days_late: int  # 0 unless late

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


def split_owners(text: str) -> list[str]:
    """'Sở Tài chính; Sở Nội vụ, Công an tỉnh' -> three departments (';' or ',' separate them)."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def tasks_by_owner(plan: Plan, today: date) -> dict[str, list[OwnerTask]]:
    """owner -> their tasks, leading ones first, then by deadline (no deadline last). Owners are
    in alphabetical order; a department that only supports is listed too."""
    tasks: dict[str, list[OwnerTask]] = {}
    for row in plan.rows:
        status = row.shown_status(today)
        late = (today - row.deadline).days if status == "cham" else 0
        tasks.setdefault(row.owner.strip(), []).append(OwnerTask(row, "chu_tri", status, late))
        for other in split_owners(row.co_owners):
            if other != row.owner.strip():
                tasks.setdefault(other, []).append(OwnerTask(row, "phoi_hop", status, late))
    for owner_tasks in tasks.values():
        owner_tasks.sort(key=lambda t: (t.role != "chu_tri", t.row.deadline is None, t.row.deadline or date.max))
    return dict(sorted(tasks.items(), key=lambda item: item[0].casefold()))


def late_tasks(plan: Plan, today: date) -> list[OwnerTask]:
    """Every late row once (by its leading owner), most overdue first."""
    late = [t for tasks in tasks_by_owner(plan, today).values() for t in tasks if t.is_late and t.role == "chu_tri"]
    return sorted(late, key=lambda t: -t.days_late)


def _row_label(row: PlanRow, index_names: dict[str, str]) -> str:
    name = index_names.get(row.main_index, row.main_index)
    return f"{name} — {row.component}" if row.component else name


def role_text(task: OwnerTask, lang: str = "vi") -> str:
    """'chủ trì' / 'lead', or 'phối hợp với Sở X' / 'supporting Sở X'."""
    return t("owners.lead", lang) if task.role == "chu_tri" else t("owners.support", lang, owner=task.row.owner)


def _score(value, lang: str) -> str:
    return t("value.missing", lang) if value is None or value != value else format_number(value, lang)


def reminder_text(plan: Plan, owner: str, today: date, index_names: dict[str, str],
                  province_name: str, lang: str = "vi") -> str:
    """A short message (Vietnamese by default) for the owner's chat group: what is due, what is late."""
    tasks = tasks_by_owner(plan, today).get(owner, [])
    lines = [t("owners.dear", lang, owner=owner),
             t("owners.intro", lang, title=plan.title, province=province_name, base=plan.base_year,
               target=plan.target_year, date=f"{today:%d/%m/%Y}")]
    if not tasks:
        lines.append(t("owners.none", lang))
    for number, task in enumerate(tasks, start=1):
        row = task.row
        due = t("owners.due", lang, date=format_date(row.deadline)) if row.deadline else t("owners.no_due", lang)
        if task.is_late:
            due += t("owners.late", lang, days=task.days_late)
        lines.append(t("owners.task", lang, n=number, label=_row_label(row, index_names), role=role_text(task, lang),
                       current=_score(row.current_value, lang), target=_score(row.target_value, lang), due=due,
                       status=status_label(task.status, lang)))
    late = sum(1 for task in tasks if task.is_late)
    if late:
        lines.append(t("owners.late_count", lang, n=late))
    lines.append(t("owners.regards", lang))
    return "\n".join(lines)


# --- iCalendar (RFC 5545) ---------------------------------------------------------------------

def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold_line(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF + one space (never inside a UTF-8 character)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def owner_ics(plan: Plan, owner: str, index_names: dict[str, str], province_name: str, now: datetime,
              today: date | None = None, lang: str = "vi") -> bytes:
    """The owner's deadlines as all-day events (DTSTART;VALUE=DATE, DTEND the next day), one per
    row with a deadline. UID = plan + row + owner, so re-importing the file updates, not duplicates."""
    today = today or now.date()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")  # `now` in UTC
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ics_escape(f'{plan.title} — {owner}')}"]
    owner_key = hashlib.sha256(owner.encode("utf-8")).hexdigest()[:12]
    for task in tasks_by_owner(plan, today).get(owner, []):
        row = task.row
        if row.deadline is None:
            continue
        summary = t("owners.ics_summary", lang, label=_row_label(row, index_names), role=role_text(task, lang))
        description = (t("owners.ics_description", lang, title=plan.title, province=province_name,
                         current=_score(row.current_value, lang), target=_score(row.target_value, lang),
                         status=status_label(task.status, lang))
                       + (t("owners.ics_note", lang, note=row.note) if row.note else ""))
        lines += ["BEGIN:VEVENT",
                  f"UID:{plan.plan_id or 'plan'}-{row.row_id}-{owner_key}-{task.role}@dti",
                  f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{row.deadline:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{row.deadline + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{ics_escape(summary)}",
                  f"DESCRIPTION:{ics_escape(description)}",
                  "TRANSP:TRANSPARENT",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold_line(line) for line in lines) + "\r\n").encode("utf-8")
