"""Kế hoạch cải tiến: a province's improvement plan, one row per main index (or a component under it),
started from a scenario or a solver answer, saved with who and when (every revision kept), progress
recorded at review meetings, each department's tasks with a reminder and a calendar, XLSX export."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from dti import access, charts, display, owners, plan_export, plans, scenarios, simulation, solver
from dti.formatting import format_rank, format_score
from dti.plans import STATUSES, Plan, PlanInvalid
from dti.simulation import SimulationError
from dti.userstore import RevisionConflict, UserStoreBusy, default_store
from ui.cache import cached_context, cached_index_names, cached_query
from ui.frame import page_frame
from ui.roles import current_name, login_box
from ui.url_state import param_text, shown, url_widget
from ui.widgets import XLSX_MIME, plain, plotly_chart, source_caption

PAGE = "plan"
NEW = "new"
EDITOR_COLUMNS = ["row_id", "main_index", "component", "owner", "co_owners", "current_value", "target_value",
                  "gap", "deadline", "status", "shown_status", "note"]


def year_pickers(state) -> tuple[int, int]:
    years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric="dti")
    options = sorted((int(y) for y in years["year"]), reverse=True)
    left, right = st.columns(2)
    base = url_widget(left.selectbox, "Năm gốc (số liệu hiện tại)", options, param="base_year", key=f"{PAGE}_base",
                      default=options[0], parse=int,
                      bad_value=lambda text: f"Không có số liệu năm “{text}”; đang dùng năm {options[0]}.")
    targets = list(range(base + 1, base + 5))
    target = url_widget(right.selectbox, "Năm mục tiêu", targets, param="target_year", key=f"{PAGE}_target_{base}",
                        default=targets[0], parse=int,
                        bad_value=lambda text: f"Năm mục tiêu “{text}” phải sau năm gốc; đang dùng {targets[0]}.")
    return base, target


def plan_rules(state, base_year):
    """The base year's rules as this province's plan sees them (unknown foundation indices as one
    part where only they are missing), the baseline context, and the index names a row may use."""
    context = cached_context(state.unit_set, base_year, state.province_code, "held", state.data_version)
    names = cached_index_names(base_year, state.data_version)
    rules = context.framework
    if rules is not None and rules.has_weights:
        rules = simulation.foundation_rest(rules, context.stored_scores)
    codes = rules.part_codes if rules is not None else ()
    return context, rules, {c: names.get(c, c) for c in codes}


def starting_plan(state, base_year, target_year, context, rules) -> Plan:
    """A new plan from the chosen start: blank, a saved scenario, or the solver's cheapest mix to a target."""
    try:
        saved = default_store().scenarios(state.unit_set, state.province_code, base_year)
    except UserStoreBusy:
        saved = []
    starts = {"blank": "Kế hoạch trống", "top10": "Lời giải: vào nhóm 10 (phương án rẻ nhất)",
              "rank1": "Lời giải: dẫn đầu cả nước (phương án rẻ nhất)"}
    starts.update({f"s:{s.scenario_id}": f"Phương án “{s.name}” ({s.scenario_id})" for s in saved})
    scenario_param = param_text("scenario")
    default = f"s:{scenario_param}" if scenario_param and f"s:{scenario_param}" in starts else "blank"
    start = url_widget(st.selectbox, "Bắt đầu từ", list(starts), param="start", key=f"{PAGE}_start_{base_year}",
                       default=default, format_func=starts.get,
                       to_text=lambda value: None if value == default else value,
                       bad_value=lambda text: f"Không có cách bắt đầu “{text}” cho năm {base_year}; "
                                              "đang dùng kế hoạch trống.")
    title = f"Kế hoạch cải tiến DTI {state.province_name} {target_year}"
    try:
        if start.startswith("s:"):
            scenario = next(s for s in saved if s.scenario_id == start[2:])
            return scenarios.plan_from_scenario(scenario, target_year, version=state.data_version)
        if start in ("top10", "rank1"):
            baseline = simulation.make_baseline(context.baseline_field, rules, state.province_code,
                                                state.province_name, context.stored_scores)
            target = solver.Target("top", rank=10) if start == "top10" else solver.Target("rank", rank=1)
            answer = solver.solve(context.field, rules, baseline, target)
            return plans.plan_from_solution(answer, baseline, state.unit_set, target_year)
    except (PlanInvalid, SimulationError) as error:
        st.warning("; ".join(getattr(error, "messages", [str(error)])))
        return Plan(state.unit_set, state.province_code, base_year, target_year, title)
    return Plan(state.unit_set, state.province_code, base_year, target_year, title)


def editor_frame(plan: Plan, names: dict[str, str]) -> pd.DataFrame:
    records = plans.rows_to_records(plan, names, date.today())
    return pd.DataFrame(records, columns=EDITOR_COLUMNS)


def add_row_form(names, values, key) -> dict | None:
    """A row added through a plain form (the table edits rows in place)."""
    with st.form(f"{PAGE}_add_{key}", clear_on_submit=True):
        st.markdown("**Thêm dòng**")
        first, second, third = st.columns(3)
        code = first.selectbox("Chỉ số chính", list(names), format_func=names.get, key=f"{PAGE}_add_index")
        component = second.text_input("Chỉ số thành phần (không bắt buộc)", key=f"{PAGE}_add_component")
        owner = third.text_input("Đơn vị chủ trì", key=f"{PAGE}_add_owner")
        fourth, fifth, sixth = st.columns(3)
        co_owners = fourth.text_input("Đơn vị phối hợp (cách nhau bằng dấu phẩy)", key=f"{PAGE}_add_co")
        target = fifth.text_input("Giá trị mục tiêu (0–1)", key=f"{PAGE}_add_target")
        deadline = sixth.text_input("Thời hạn (dd/mm/yyyy)", key=f"{PAGE}_add_deadline")
        if st.form_submit_button("Thêm vào bảng", key=f"{PAGE}_add_submit"):
            return {"row_id": "", "main_index": names[code], "component": component, "owner": owner,
                    "co_owners": co_owners, "current_value": values.get(code), "target_value": target,
                    "deadline": deadline, "status": STATUSES["chua_bat_dau"], "note": ""}
    return None


def projection_text(plan, entries, state) -> str | None:
    try:
        by_target = scenarios.plan_projection(plan, version=state.data_version)
    except (SimulationError, KeyError):
        return None
    result = by_target.simulation
    text = (f"nếu mọi dòng đạt mục tiêu: tổng điểm {format_score(result.old_score)} → "
            f"{format_score(result.new_score)}, hạng {format_rank(result.new_rank, result.unit_count)}"
            if result.new_rank else f"nếu mọi dòng đạt mục tiêu: tổng điểm {format_score(result.new_score)}")
    if entries:
        now = scenarios.plan_projection(plan, entries, version=state.data_version).simulation
        text += (f"; theo tiến độ ghi nhận: {format_score(now.new_score)}"
                 + (f", hạng {format_rank(now.new_rank, now.unit_count)}" if now.new_rank else ""))
    return text + f" (so với các tỉnh giữ nguyên điểm năm {plan.base_year})"


def owners_section(plan: Plan, names, state) -> None:
    st.subheader("Việc của từng đơn vị")
    today = date.today()
    late = owners.late_tasks(plan, today)
    if late:
        st.warning(f"{len(late)} nhiệm vụ chậm: " + "; ".join(
            f"{plain(t.row.owner)} — {plain(names.get(t.row.main_index, t.row.main_index))} "
            f"(quá hạn {t.days_late} ngày)" for t in late))
    for number, (owner, tasks) in enumerate(owners.tasks_by_owner(plan, today).items()):
        if not owner:
            continue
        late_count = sum(1 for t in tasks if t.is_late)
        with st.expander(f"{owner}: {len(tasks)} nhiệm vụ" + (f", {late_count} chậm" if late_count else ""),
                         expanded=bool(late_count)):
            st.dataframe(display.owner_tasks_display(tasks, names), hide_index=True, width="stretch")
            st.caption("Lời nhắc để dán vào nhóm trao đổi của đơn vị (nút sao chép ở góc phải):")
            st.code(owners.reminder_text(plan, owner, today, names, state.province_name), language=None,
                    wrap_lines=True)
            st.download_button(
                "Tải lịch hạn (.ics)",
                lambda o=owner: owners.owner_ics(plan, o, names, state.province_name,
                                                 datetime.now(UTC).replace(tzinfo=None), today),
                file_name=f"han-{plan.plan_id or 'ke-hoach'}-{number + 1}.ics", mime="text/calendar",
                on_click="ignore", icon=":material/event:", key=f"{PAGE}_ics_{number}")


def progress_section(plan: Plan, names, role, state) -> list:
    st.subheader("Tiến độ tại các cuộc họp rà soát")
    store = default_store()
    entries = store.progress(plan.plan_id)
    rows = {r.row_id: r for r in plan.rows}
    if access.can(role, "plan") and rows:
        with st.form(f"{PAGE}_progress"):
            first, second, third = st.columns(3)
            row_id = first.selectbox("Dòng", list(rows), key=f"{PAGE}_progress_row", format_func=lambda r: (
                names.get(rows[r].main_index, rows[r].main_index)
                + (f" — {rows[r].component}" if rows[r].component else "") + f" ({rows[r].owner})"))
            meeting = second.text_input("Ngày họp (dd/mm/yyyy)", value=f"{date.today():%d/%m/%Y}",
                                        key=f"{PAGE}_progress_date")
            value = third.text_input("Giá trị hiện tại (0–1)", key=f"{PAGE}_progress_value")
            if st.form_submit_button("Ghi tiến độ", key=f"{PAGE}_progress_submit"):
                entry, messages = plans.validate_progress(plan, row_id, meeting, value)
                if messages:
                    st.error("Chưa ghi: " + "; ".join(messages) + ".")
                else:
                    store.add_progress(plan.plan_id, entry, current_name())
                    st.rerun()
    progress = display.progress_frame(plans.progress_by_row(plan, entries), names)
    if progress.empty:
        st.info("Chưa ghi nhận tiến độ nào.")
    else:
        plotly_chart(charts.plan_progress, progress, f"Tiến độ tới mục tiêu: {plan.title}", state=state,
                     file_stem=f"tien-do-{plan.plan_id}", key=f"{PAGE}_progress_chart")
    return entries


def save_plan(plan: Plan, edited: pd.DataFrame, names, title, note) -> None:
    records = edited.where(edited.notna(), None).to_dict("records")
    rows, messages = plans.rows_from_records(records, names)
    if messages:
        st.error("Chưa lưu: " + "; ".join(messages) + ".")
        return
    try:
        saved = default_store().save_plan(replace(plan, title=title, rows=tuple(rows)), current_name(), names, note)
    except PlanInvalid as error:
        st.error("Chưa lưu: " + "; ".join(error.messages) + ".")
    except (RevisionConflict, UserStoreBusy) as error:
        st.error(str(error))
    else:
        st.query_params["plan"] = saved.plan_id
        st.session_state.pop(f"{PAGE}_plan_{saved.base_year}", None)  # the picker starts from the URL again
        st.session_state[f"{PAGE}_message"] = f"Đã lưu bản {saved.revision} của kế hoạch “{saved.title}”."
        st.session_state.pop(f"{PAGE}_working_{saved.plan_id}", None)
        st.rerun()


with page_frame("Kế hoạch cải tiến", PAGE, with_year=False) as state:
    st.title(f"Kế hoạch cải tiến: {state.province_name}")
    message = st.session_state.pop(f"{PAGE}_message", None)
    if message:
        st.success(plain(message))
    role = login_box(PAGE)
    base_year, target_year = year_pickers(state)
    try:
        context, rules, names = plan_rules(state, base_year)
    except SimulationError as error:
        st.warning(str(error))
        st.stop()
    if not names:
        st.info(f"Năm {base_year} chưa có khung chỉ số chính để lập kế hoạch.")
        st.stop()
    values = {c: context.stored_scores[c][0] for c in names if c in context.stored_scores}
    if rules is not None and rules.has_weights and simulation.REST_CODE in names and "dti" in context.stored_scores:
        baseline = simulation.make_baseline(context.baseline_field, rules, state.province_code, state.province_name,
                                            context.stored_scores)
        values[simulation.REST_CODE] = simulation.to_score(baseline.part_values[simulation.REST_CODE])

    store = default_store()
    try:
        existing = [p for p in store.plans(state.unit_set, state.province_code) if p.base_year == base_year]
    except UserStoreBusy as error:
        st.warning(str(error))
        st.stop()
    options = [NEW] + [p.plan_id for p in existing]
    labels = {NEW: "Kế hoạch mới", **{p.plan_id: f"{p.title} (bản {p.revision}, {p.saved_by})" for p in existing}}
    plan_id = url_widget(st.selectbox, "Kế hoạch", options, param="plan", key=f"{PAGE}_plan_{base_year}",
                         format_func=labels.get, to_text=lambda v: None if v == NEW else v,
                         bad_value=lambda text: f"Không tìm thấy kế hoạch “{text}” của tỉnh này với năm gốc "
                                                f"{base_year}; đang mở kế hoạch mới.")
    if plan_id == NEW:
        plan = starting_plan(state, base_year, target_year, context, rules)
    else:
        plan = store.plan(plan_id)
        history = store.plan_history(plan_id)
        st.caption(f"Bản {plan.revision}, lưu bởi {plain(plan.saved_by)} lúc {plan.saved_at:%H:%M %d/%m/%Y}"
                   + (f" — {plain(plan.change_note)}" if plan.change_note else ""))
    working_key = f"{PAGE}_working_{plan_id if plan_id != NEW else 'new'}"
    working = st.session_state.get(working_key)
    frame = editor_frame(plan, names) if working is None else pd.DataFrame(working, columns=EDITOR_COLUMNS)
    can_edit = access.can(role, "plan")
    title = st.text_input("Tên kế hoạch", value=plan.title, key=f"{PAGE}_title_{plan_id}", disabled=not can_edit)
    status_labels = list(STATUSES.values())
    edited = st.data_editor(
        frame, key=f"{PAGE}_editor_{plan_id}_{st.session_state.get(working_key + '_n', 0)}", hide_index=True,
        width="stretch", num_rows="dynamic" if can_edit else "fixed", disabled=not can_edit or ["gap", "shown_status"],
        column_config={
            "row_id": None,
            "main_index": st.column_config.SelectboxColumn(display.PLAN_COLUMN_LABELS["main_index"],
                                                           options=list(names.values()), required=True),
            "status": st.column_config.SelectboxColumn(display.PLAN_COLUMN_LABELS["status"], options=status_labels),
            "current_value": st.column_config.NumberColumn(display.PLAN_COLUMN_LABELS["current_value"],
                                                           min_value=0.0, max_value=1.0, format="%.4f"),
            "target_value": st.column_config.NumberColumn(display.PLAN_COLUMN_LABELS["target_value"],
                                                          min_value=0.0, max_value=1.0, format="%.4f"),
            "gap": st.column_config.NumberColumn(display.PLAN_COLUMN_LABELS["gap"], format="%.4f", disabled=True),
            "shown_status": st.column_config.TextColumn(display.PLAN_COLUMN_LABELS["shown_status"], disabled=True,
                                                        help="“chậm” được tính từ thời hạn, không nhập tay"),
            **{key: st.column_config.TextColumn(label) for key, label in display.PLAN_COLUMN_LABELS.items()
               if key in ("component", "owner", "co_owners", "deadline", "note")}})
    st.caption("Tình trạng “chậm” được tính từ thời hạn (đã qua hạn mà chưa hoàn thành). "
               "Giá trị 0–1, dấu phẩy hoặc dấu chấm đều được; thời hạn dạng ngày/tháng/năm.")
    if not can_edit:
        st.caption(access.why_read_only(role, "plan"))
    else:
        added = add_row_form(names, values, plan_id)
        if added is not None:
            st.session_state[working_key] = edited.to_dict("records") + [added]
            st.session_state[working_key + "_n"] = st.session_state.get(working_key + "_n", 0) + 1
            st.rerun()
        note = st.text_input("Ghi chú cho lần lưu này", key=f"{PAGE}_note_{plan_id}")
        if st.button("Lưu kế hoạch", type="primary", key=f"{PAGE}_save", icon=":material/save:"):
            save_plan(replace(plan, base_year=base_year, target_year=target_year), edited, names, title, note)

    if plan.plan_id is None:
        st.info("Lưu kế hoạch để ghi tiến độ, xem việc của từng đơn vị và xuất tệp.")
        st.stop()
    projection = None
    entries = progress_section(plan, names, role, state)
    if rules is not None and rules.has_weights:
        projection = projection_text(plan, entries, state)
        if projection:
            st.markdown(f"**Dự phóng:** {projection}.")
    else:
        st.caption(f"Năm {base_year} chưa có trọng số công khai: chưa dự phóng được tổng điểm của kế hoạch.")
    owners_section(plan, names, state)
    st.subheader("Lịch sử lưu")
    st.dataframe(display.plan_revisions_display(history), hide_index=True, width="stretch")
    st.download_button("Tải kế hoạch (XLSX)",
                       lambda: plan_export.plan_xlsx(plan, state.province_name, names, date.today(), projection),
                       file_name=f"ke-hoach-{plan.plan_id}.xlsx", mime=XLSX_MIME, on_click="ignore",
                       icon=":material/download:", key=f"{PAGE}_xlsx")
    st.caption(f"Mã kế hoạch: {shown(plan.plan_id)}.")
    source_caption(state=state)
