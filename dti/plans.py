"""The improvement plan ("kế hoạch cải tiến"): rows per main index or named component, each with
an owner (đơn vị chủ trì), a target and a deadline; validation; "chậm" computed from the deadline;
plans started from a solver answer or a scenario; the projected total and rank of a plan.

Plain data and pure functions: storing is dti.userstore's job, the screens render.
"""

import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from dti import formatting, methodology, queries, registry, simulation, solver
from dti.i18n import LANGUAGES, t
from dti.i18n.text import Number, Text

STATUSES = {
    "chua_bat_dau": "chưa bắt đầu",
    "dang_thuc_hien": "đang thực hiện",
    "hoan_thanh": "hoàn thành",
}
LATE = "cham"  # shown, never stored: a deadline passed and the row is not done
STATUS_LABELS = {**STATUSES, LATE: "chậm"}
DATE_FORMAT = "%d/%m/%Y"


def status_label(code: str, lang: str = "vi") -> str:
    """'dang_thuc_hien' -> 'đang thực hiện' / 'in progress' (STATUS_LABELS is the Vietnamese)."""
    return t(f"status.{code}", lang)


class PlanInvalid(ValueError):
    """A plan that cannot be saved; `messages` are Vietnamese, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class PlanRow:
    main_index: str
    owner: str
    current_value: float
    target_value: float
    deadline: date | None = None
    status: str = "chua_bat_dau"
    co_owners: str = ""
    component: str | None = None  # a component indicator under the main index (not in our data)
    note: str = ""
    row_id: str = ""  # stable across revisions; assigned on save when empty

    @property
    def gap(self) -> float:
        """Target − current, at the published 4 decimals."""
        return round(self.target_value - self.current_value, 4)

    def shown_status(self, today: date) -> str:
        """The status a person sees: 'cham' when the deadline has passed and the row is not done."""
        if self.status != "hoan_thanh" and self.deadline is not None and self.deadline < today:
            return LATE
        return self.status

    def is_late(self, today: date) -> bool:
        return self.shown_status(today) == LATE


@dataclass(frozen=True)
class Plan:
    unit_set: str
    province_code: str
    base_year: int
    target_year: int
    title: str
    rows: tuple[PlanRow, ...] = ()
    source_kind: str = "blank"  # 'solver' | 'scenario' | 'blank'
    source_ref: str | None = None
    plan_id: str | None = None  # assigned on the first save
    revision: int | None = None  # the revision this copy was read from (None: never saved)
    saved_at: datetime | None = None
    saved_by: str | None = None
    change_note: str | None = None


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    title: str
    saved_at: datetime
    saved_by: str
    change_note: str | None
    row_count: int


@dataclass(frozen=True)
class ProgressEntry:
    row_id: str
    meeting_date: date
    value: float
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    progress_id: str | None = None


def new_id() -> str:
    """A short URL-safe id (8 characters, 48 random bits)."""
    return secrets.token_urlsafe(6)


# --- reading what a person typed --------------------------------------------------------------

def parse_date(text) -> date | None:
    """'30/06/2024' -> date; a date stays a date; blank -> None. Raises ValueError otherwise."""
    if text is None or isinstance(text, datetime):
        return text.date() if isinstance(text, datetime) else None
    if isinstance(text, date):
        return text
    if formatting.is_missing(text) or not str(text).strip():
        return None
    return datetime.strptime(str(text).strip(), DATE_FORMAT).date()


def format_date(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def parse_value(text) -> float | None:
    """0.85, '0,85', '0.85' -> 0.85; blank -> None. Raises ValueError when not a number."""
    if text is None or formatting.is_missing(text):
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).strip().replace(",", ".")
    if not cleaned:
        return None
    return float(cleaned)


def _status_code(text) -> str:
    """'đang thực hiện' or 'dang_thuc_hien' -> 'dang_thuc_hien'; blank -> 'chua_bat_dau'."""
    cleaned = "" if text is None or formatting.is_missing(text) else str(text).strip()
    if not cleaned:
        return "chua_bat_dau"
    for code in STATUSES:
        labels = {status_label(code, lang) for lang in LANGUAGES}
        if cleaned == code or cleaned in labels or cleaned.lower() in labels:
            return code
    if cleaned == LATE or cleaned in {status_label(LATE, lang) for lang in LANGUAGES}:
        raise ValueError("late")
    raise ValueError(cleaned)


def rows_from_records(records: list[dict], index_names: dict[str, str]) -> tuple[list[PlanRow], list[str]]:
    """Rows from an edited table (keys as PlanRow fields; dates dd/mm/yyyy, numbers with , or .).

    Returns (rows, messages); any message means nothing may be saved. `index_names`: main-index
    code -> Vietnamese name of the plan's framework (a name is accepted as well as a code).
    """
    by_name = {name.casefold(): code for code, name in index_names.items()}
    rows, messages = [], []
    for number, record in enumerate(records, start=1):
        where = Text("plan.row", n=number)
        problems = []
        raw_index = str(record.get("main_index") or "").strip()
        main_index = raw_index if raw_index in index_names else by_name.get(raw_index.casefold())
        if main_index is None:
            problems.append(Text("plan.unknown_index", where=where, index=raw_index)
                            if raw_index else Text("plan.no_index", where=where))
        values = {}
        for key in ("current_value", "target_value"):
            try:
                values[key] = parse_value(record.get(key))
            except ValueError:
                problems.append(Text("plan.not_number", where=where, label=Text(f"plan.{key}"),
                                     value=record.get(key)))
                values[key] = None
        try:
            deadline = parse_date(record.get("deadline"))
        except ValueError:
            problems.append(Text("plan.bad_date", where=where, value=record.get("deadline")))
            deadline = None
        try:
            status = _status_code(record.get("status"))
        except ValueError as error:
            status = "chua_bat_dau"
            if str(error) == "late":
                problems.append(Text("plan.late_typed", where=where))
            else:
                problems.append(Text("plan.bad_status_typed", where=where, status=str(error)))
        messages.extend(problems)
        if problems:
            continue
        component = str(record.get("component") or "").strip() or None
        rows.append(PlanRow(
            main_index=main_index,
            owner=str(record.get("owner") or "").strip(),
            current_value=values["current_value"] if values["current_value"] is not None else float("nan"),
            target_value=values["target_value"] if values["target_value"] is not None else float("nan"),
            deadline=deadline, status=status,
            co_owners=str(record.get("co_owners") or "").strip(),
            component=component, note=str(record.get("note") or "").strip(),
            row_id=str(record.get("row_id") or "").strip()))
    if not messages:
        messages = validate_rows(rows, index_names)
    return rows, messages


def validate_rows(rows, index_names: dict[str, str]) -> list[str]:
    """Every problem that stops a save, in Vietnamese (empty = valid)."""
    messages = []
    for number, row in enumerate(rows, start=1):
        where = Text("plan.row", n=number)
        if row.main_index not in index_names:
            messages.append(Text("plan.unknown_index", where=where, index=row.main_index))
        if not row.owner.strip():
            messages.append(Text("plan.no_owner", where=where))
        for value, key in ((row.current_value, "current_value"), (row.target_value, "target_value")):
            if value is None or value != value:
                messages.append(Text("plan.missing_value", where=where, label=Text(f"plan.{key}")))
            elif not 0 <= value <= 1:
                messages.append(Text("plan.outside", where=where, label=Text(f"plan.{key}"), value=Number(value)))
        in_range = all(v is not None and 0 <= v <= 1 for v in (row.current_value, row.target_value))
        if in_range and row.target_value < row.current_value:
            messages.append(Text("plan.target_below", where=where, target=Number(row.target_value),
                                 current=Number(row.current_value)))
        if row.status not in STATUSES:
            messages.append(Text("plan.bad_status", where=where, status=row.status))
    seen = {}
    for number, row in enumerate(rows, start=1):
        key = (row.main_index, (row.component or "").casefold())
        if key in seen:
            messages.append(Text("plan.duplicate", n=number, other=seen[key]))
        seen.setdefault(key, number)
    return messages


def validate_plan(plan: Plan, index_names: dict[str, str]) -> list[str]:
    messages = []
    if not plan.title.strip():
        messages.append(Text("plan.no_title"))
    if plan.target_year < plan.base_year:
        messages.append(Text("plan.years", target=plan.target_year, base=plan.base_year))
    return messages + validate_rows(plan.rows, index_names)


# --- starting a plan --------------------------------------------------------------------------

def main_index_names(framework: methodology.Framework, indicator_rows: list[dict]) -> dict[str, str]:
    """code -> Vietnamese name of the framework's scored main indices (in the framework's order)."""
    names = {r["code"]: r["name_vi"] for r in indicator_rows if r["framework"] == framework.code}
    return {code: names.get(code, code) for code in framework.part_codes}


def index_names_for_year(year: int, version=None) -> dict[str, str]:
    """The main indices a plan for `year` may name (code -> Vietnamese name); empty without a framework."""
    framework = registry.framework_for_year(year, version)
    if framework is None:
        return {}
    return main_index_names(framework, queries.run_query("indicators_by_framework", version).to_dict("records"))


def row_index_names(year: int, version=None) -> dict[str, str]:
    """What a plan row of `year` may name: the main indices plus the aggregated foundation part."""
    return {**index_names_for_year(year, version), simulation.REST_CODE: simulation.REST_NAME}


def plan_from_solution(solution: solver.Solution, baseline: simulation.Baseline, unit_set: str,
                       target_year: int, title: str | None = None) -> Plan:
    """One row per main index the cheapest mix raises: current = the baseline value, target =
    current + the mix's gain. Owners and deadlines are left for the planner; row ids are given on
    save (`with_row_ids`), so the same start gives the same plan on every run of the screen."""
    if solution.cheapest_mix is None or baseline.part_values is None:
        raise PlanInvalid([Text("plan.no_parts")])
    rows = []
    for code, gain in solution.cheapest_mix.items():
        current = simulation.to_score(baseline.part_values[code])
        rows.append(PlanRow(main_index=code, owner="", current_value=current,
                            target_value=round(current + gain, 4)))
    return Plan(unit_set, baseline.code, solution.year, target_year,
                title or f"Kế hoạch cải tiến DTI {baseline.name}: {solution.target}",
                tuple(rows), "solver", solution.target)


def plan_from_changes(changes: dict[str, float], baseline: simulation.Baseline, unit_set: str, year: int,
                      target_year: int, title: str, source_kind: str = "scenario",
                      source_ref: str | None = None) -> Plan:
    """One row per main index a what-if raises (target = its new value)."""
    if baseline.part_values is None:
        raise PlanInvalid([Text("plan.no_parts")])
    rows = []
    for code, value in changes.items():
        current = simulation.to_score(baseline.part_values[code])
        if simulation.to_ticks(value) > baseline.part_values[code]:
            rows.append(PlanRow(main_index=code, owner="", current_value=current,
                                target_value=round(float(value), 4)))
    return Plan(unit_set, baseline.code, year, target_year, title, tuple(rows), source_kind, source_ref)


def with_row_ids(plan: Plan) -> Plan:
    """Give every new row an id (kept for good from then on)."""
    return replace(plan, rows=tuple(r if r.row_id else replace(r, row_id=new_id()) for r in plan.rows))


def rows_to_records(plan: Plan, index_names: dict[str, str], today: date, lang: str = "vi") -> list[dict]:
    """The rows as an editable table reads them back (rows_from_records): the index by its name,
    dates dd/mm/yyyy, the status's label; plus the computed `gap` and `shown_status` ("chậm")."""
    return [{"row_id": row.row_id, "main_index": index_names.get(row.main_index, row.main_index),
             "component": row.component or "", "owner": row.owner, "co_owners": row.co_owners,
             "current_value": row.current_value, "target_value": row.target_value, "gap": row.gap,
             "deadline": format_date(row.deadline), "status": status_label(row.status, lang),
             "shown_status": status_label(row.shown_status(today), lang), "note": row.note}
            for row in plan.rows]


# --- progress and projection ------------------------------------------------------------------

@dataclass(frozen=True)
class RowProgress:
    """One row's way to its target: the recorded values by meeting date and how much of the gap
    (target − value when the plan was made) is closed."""

    row_id: str
    main_index: str
    component: str | None
    start_value: float
    target_value: float
    points: tuple[tuple[date, float], ...]

    @property
    def latest_value(self) -> float:
        return self.points[-1][1] if self.points else self.start_value

    @property
    def share_of_gap_closed(self) -> float | None:
        """0 at the start, 1 at the target (may pass 1); None where start = target."""
        gap = self.target_value - self.start_value
        return None if gap == 0 else round((self.latest_value - self.start_value) / gap, 4)


def progress_by_row(plan: Plan, entries: list[ProgressEntry]) -> list[RowProgress]:
    """Per plan row, in the plan's order: its progress entries by meeting date (the latest entry of
    a meeting date wins)."""
    by_row: dict[str, dict[date, ProgressEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.meeting_date, e.recorded_at or datetime.min)):
        by_row.setdefault(entry.row_id, {})[entry.meeting_date] = entry
    return [RowProgress(row.row_id, row.main_index, row.component, row.current_value, row.target_value,
                        tuple((day, e.value) for day, e in sorted(by_row.get(row.row_id, {}).items())))
            for row in plan.rows]


def latest_values(entries: list[ProgressEntry]) -> dict[str, ProgressEntry]:
    """row_id -> its latest entry (by meeting date, then time recorded)."""
    latest: dict[str, ProgressEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.meeting_date, e.recorded_at or datetime.min)):
        latest[entry.row_id] = entry
    return latest


def validate_progress(plan: Plan, row_id: str, meeting_date, value) -> tuple[ProgressEntry | None, list[str]]:
    """A progress entry from what a person typed, or the messages that stop it."""
    messages = []
    row = next((r for r in plan.rows if r.row_id == row_id), None)
    if row is None:
        messages.append(Text("plan.no_row"))
    try:
        meeting = parse_date(meeting_date)
        if meeting is None:
            messages.append(Text("plan.no_meeting"))
    except ValueError:
        meeting = None
        messages.append(Text("plan.bad_meeting", value=meeting_date))
    try:
        number = parse_value(value)
        if number is None:
            messages.append(Text("plan.no_progress_value"))
        elif not 0 <= number <= 1:
            messages.append(Text("plan.progress_outside", value=Number(number)))
    except ValueError:
        number = None
        messages.append(Text("plan.progress_not_number", value=value))
    if messages:
        return None, messages
    return ProgressEntry(row_id, meeting, number), []


@dataclass(frozen=True)
class Projection:
    """The plan's total and rank if its main-index rows reach their values."""

    basis: str  # 'target' (every row reaches its target) or 'progress' (latest recorded values)
    changes: dict[str, float]
    simulation: simulation.Simulation
    notes: tuple[str, ...] = field(default_factory=tuple)


def project_plan(plan: Plan, ranking_field: simulation.RankingField, framework: methodology.Framework,
                 baseline: simulation.Baseline, entries: list[ProgressEntry] | None = None) -> Projection:
    """Simulate the plan: each main index at its row's target (or, with `entries`, at its latest
    recorded value). Component rows are details of their main index: only rows without a
    component move a main index; an index with only component rows stays as it is (said)."""
    latest = latest_values(entries) if entries is not None else {}
    changes, notes = {}, []
    for row in plan.rows:
        if row.component:
            continue
        if entries is None:
            changes[row.main_index] = row.target_value
        elif row.row_id in latest:
            changes[row.main_index] = latest[row.row_id].value
    components_only = sorted({r.main_index for r in plan.rows if r.component} - set(changes))
    if components_only:
        notes.append(Text("plan.components_only", codes=", ".join(components_only)))
    result = simulation.simulate(ranking_field, framework, baseline, changes)
    return Projection("progress" if entries is not None else "target", changes, result, tuple(notes))
