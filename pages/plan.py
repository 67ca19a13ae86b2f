"""Kế hoạch cải tiến: a province's improvement plan, one row per main index (or a component under it),
started from a scenario or a solver answer, saved with who and when (every revision kept), progress
recorded at review meetings, each department's tasks with a reminder and a calendar, XLSX export."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from dti import access, charts, display, owners, plan_export, plans, scenarios, simulation, solver
from dti.formatting import format_rank
from dti.i18n import t
from dti.i18n.text import joined, localized
from dti.planner_sentences import number as score_text
from dti.plans import STATUSES, Plan, PlanInvalid, status_label
from dti.simulation import SimulationError
from dti.userstore import RevisionConflict, UserStoreBusy, default_store
from ui.cache import cached_context, cached_index_names, cached_query
from ui.frame import page_frame
from ui.roles import current_name, login_box
from ui.table_views import view_switch
from ui.url_state import param_text, shown, url_widget
from ui.widgets import XLSX_MIME, plain, plotly_chart, source_caption

PAGE = "plan"
NEW = "new"
EDITOR_COLUMNS = ["row_id", "main_index", "component", "owner", "co_owners", "current_value", "target_value",
                  "gap", "deadline", "status", "shown_status", "note"]


def year_pickers(state) -> tuple[int, int]:
    lang = state.lang
    years = cached_query("ranking_years", state.data_version, unit_set=state.unit_set, metric="dti")
    options = sorted((int(y) for y in years["year"]), reverse=True)
    left, right = st.columns(2)
    base = url_widget(left.selectbox, t("plan_page.base_year", lang), options, param="base_year", key=f"{PAGE}_base",
                      default=options[0], parse=int,
                      bad_value=lambda text: t("plan_page.base_year_bad", lang, text=text, default=options[0]))
    targets = list(range(base + 1, base + 5))
    target = url_widget(right.selectbox, t("plan_page.target_year", lang), targets, param="target_year",
                        key=f"{PAGE}_target_{base}", default=targets[0], parse=int,
                        bad_value=lambda text: t("plan_page.target_year_bad", lang, text=text, default=targets[0]))
    return base, target


def plan_rules(state, base_year):
    """The base year's rules as this province's plan sees them (unknown foundation indices as one
    part where only they are missing), the baseline context, and the index names a row may use."""
    context = cached_context(state.unit_set, base_year, state.province_code, "held", state.data_version)
    names = {code: localized(name, state.lang)
             for code, name in cached_index_names(base_year, state.data_version).items()}
    rules = context.framework
    if rules is not None and rules.has_weights:
        rules = simulation.foundation_rest(rules, context.stored_scores)
    codes = rules.part_codes if rules is not None else ()
    return context, rules, {c: names.get(c, c) for c in codes}


def starting_plan(state, base_year, target_year, context, rules) -> Plan:
    """A new plan from the chosen start: blank, a saved scenario, or the solver's cheapest mix to a target."""
    lang = state.lang
    try:
        saved = default_store().scenarios(state.unit_set, state.province_code, base_year)
    except UserStoreBusy:
        saved = []
    starts = {key: t(f"plan_page.start_{key}", lang) for key in ("blank", "top10", "rank1")}
    starts.update({f"s:{s.scenario_id}": t("plan_page.start_scenario", lang, name=s.name, id=s.scenario_id)
                   for s in saved})
    scenario_param = param_text("scenario")
    default = f"s:{scenario_param}" if scenario_param and f"s:{scenario_param}" in starts else "blank"
    start = url_widget(st.selectbox, t("plan_page.start", lang), list(starts), param="start",
                       key=f"{PAGE}_start_{base_year}", default=default, format_func=starts.get,
                       to_text=lambda value: None if value == default else value,
                       bad_value=lambda text: t("plan_page.start_bad", lang, text=text, year=base_year))
    title = t("plan_page.default_title", lang, name=state.province_name, year=target_year)
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
        st.warning(joined(getattr(error, "messages", [error]), lang))
        return Plan(state.unit_set, state.province_code, base_year, target_year, title)
    return Plan(state.unit_set, state.province_code, base_year, target_year, title)


def editor_frame(plan: Plan, names: dict[str, str], lang: str) -> pd.DataFrame:
    records = plans.rows_to_records(plan, names, date.today(), lang)
    return pd.DataFrame(records, columns=EDITOR_COLUMNS)


def late_rows_warning(plan: Plan, names, lang) -> None:
    """The rows whose deadline has passed while not done, named above the table they are in."""
    late = owners.late_tasks(plan, date.today())
    if late:
        st.warning(t("plan_page.late", lang, n=len(late), tasks="; ".join(
            t("plan_page.late_task", lang, owner=plain(task.row.owner),
              index=plain(names.get(task.row.main_index, task.row.main_index)), days=task.days_late)
            for task in late)))


def keep_working_rows(working_key: str):
    """Rows to draw the table from on the next run, under a new editor (its changes start empty)."""
    def keep(rows: list[dict]) -> None:
        st.session_state[working_key] = rows
        st.session_state[working_key + "_n"] = st.session_state.get(working_key + "_n", 0) + 1
    return keep


def plan_table(frame: pd.DataFrame, plan_id: str, names, can_edit: bool, working_key: str,
               lang: str) -> pd.DataFrame:
    """The plan's rows as an editable table, one view of its columns at a time (each fits 1280×720,
    display.PLAN_VIEWS); returns every column of the edited rows. A plan without rows gets a
    sentence saying how to add one instead of an empty grid (Streamlit's says "empty")."""
    if frame.empty:
        st.info(t("plan_page.no_rows", lang) + (t("plan_page.no_rows_add", lang) if can_edit else "")
                + (t("plan_page.no_rows_start", lang) if can_edit and plan_id == NEW else ""))
        return frame
    number = st.session_state.get(working_key + "_n", 0)
    view_key = f"{PAGE}_view_{plan_id}"
    view = st.session_state.get(view_key) or next(iter(display.PLAN_VIEWS))
    editor_key = f"{PAGE}_editor_{plan_id}_{view}_{number}"
    view = view_switch(t("plan_page.view", lang), {name: t(f"plan_page.view_{name}", lang)
                                                   for name in display.PLAN_VIEWS},
                       key=view_key, editor_key=editor_key, rows=frame.to_dict("records"), columns=EDITOR_COLUMNS,
                       keep=keep_working_rows(working_key))
    labels, widths = display.plan_column_labels(lang), display.PLAN_COLUMN_WIDTHS[view]
    status_labels = [status_label(code, lang) for code in STATUSES]
    value_help = t("plan_col.value_help", lang)
    config = {
        "main_index": st.column_config.SelectboxColumn(labels["main_index"], options=list(names.values()),
                                                       required=True),
        "status": st.column_config.SelectboxColumn(labels["status"], options=status_labels,
                                                   help=t("plan_page.late_help", lang)),
        "current_value": st.column_config.NumberColumn(labels["current_value"], min_value=0.0, max_value=1.0,
                                                       format="%.4f", help=value_help),
        "target_value": st.column_config.NumberColumn(labels["target_value"], min_value=0.0, max_value=1.0,
                                                      format="%.4f", help=value_help),
        "gap": st.column_config.NumberColumn(labels["gap"], format="%.4f", disabled=True),
        "deadline": st.column_config.TextColumn(labels["deadline"], help=t("plan_col.deadline_help", lang)),
        "component": st.column_config.TextColumn(labels["component"], help=t("plan_page.add_component", lang)),
        **{key: st.column_config.TextColumn(labels[key]) for key in ("owner", "co_owners", "note")}}
    for key, column in config.items():
        if key in widths:
            column["width"] = widths[key]
    edited = st.data_editor(
        frame, key=editor_key, hide_index=True, width="stretch", column_order=display.PLAN_VIEWS[view],
        num_rows="dynamic" if can_edit else "fixed", disabled=not can_edit or ["gap", "shown_status"],
        column_config=config)
    st.caption(t("plan_page.table_help", lang))
    return edited


def add_row_form(names, values, key, lang) -> dict | None:
    """A row added through a plain form (the table edits rows in place)."""
    with st.form(f"{PAGE}_add_{key}", clear_on_submit=True):
        st.markdown(t("plan_page.add_row", lang))
        first, second, third = st.columns(3)
        code = first.selectbox(t("plan_col.main_index", lang), list(names), format_func=names.get,
                               key=f"{PAGE}_add_index")
        component = second.text_input(t("plan_page.add_component", lang), key=f"{PAGE}_add_component")
        owner = third.text_input(t("plan_col.owner", lang), key=f"{PAGE}_add_owner")
        fourth, fifth, sixth = st.columns(3)
        co_owners = fourth.text_input(t("plan_page.add_co_owners", lang), key=f"{PAGE}_add_co")
        target = fifth.text_input(t("plan_page.add_target", lang), key=f"{PAGE}_add_target")
        deadline = sixth.text_input(t("plan_page.add_deadline", lang), key=f"{PAGE}_add_deadline")
        if st.form_submit_button(t("plan_page.add_submit", lang), key=f"{PAGE}_add_submit"):
            return {"row_id": "", "main_index": names[code], "component": component, "owner": owner,
                    "co_owners": co_owners, "current_value": values.get(code), "target_value": target,
                    "deadline": deadline, "status": status_label("chua_bat_dau", lang), "note": ""}
    return None


def projection_text(plan, entries, state) -> str | None:
    try:
        by_target = scenarios.plan_projection(plan, version=state.data_version)
    except (SimulationError, KeyError):
        return None
    result, lang = by_target.simulation, state.lang
    text = (t("plan_page.projection_ranked", lang, old=score_text(result.old_score, lang),
              new=score_text(result.new_score, lang), rank=format_rank(result.new_rank, result.unit_count))
            if result.new_rank else t("plan_page.projection", lang, new=score_text(result.new_score, lang)))
    if entries:
        now = scenarios.plan_projection(plan, entries, version=state.data_version).simulation
        text += t("plan_page.projection_progress", lang, score=score_text(now.new_score, lang))
        if now.new_rank:
            text += t("plan_page.projection_rank", lang, rank=format_rank(now.new_rank, now.unit_count))
    return text + t("plan_page.projection_held", lang, year=plan.base_year)


def owners_section(plan: Plan, names, state) -> None:
    lang = state.lang
    st.subheader(t("plan_page.owners", lang))
    today = date.today()
    for number, (owner, tasks) in enumerate(owners.tasks_by_owner(plan, today).items()):
        if not owner:
            continue
        late_count = sum(1 for task in tasks if task.is_late)
        with st.expander(t("plan_page.owner_tasks", lang, owner=owner, n=len(tasks))
                         + (t("plan_page.owner_late", lang, n=late_count) if late_count else ""),
                         expanded=bool(late_count)):
            st.dataframe(display.owner_tasks_display(tasks, names, lang), hide_index=True, width="stretch",
                         column_config={t(f"owner_tasks.{key}", lang): st.column_config.Column(width=width)
                                        for key, width in display.OWNER_TASK_WIDTHS.items()})
            st.caption(t("plan_page.reminder", lang))
            st.code(owners.reminder_text(plan, owner, today, names, state.province_name, lang), language=None,
                    wrap_lines=True)
            st.download_button(
                t("plan_page.ics", lang),
                lambda o=owner: owners.owner_ics(plan, o, names, state.province_name,
                                                 datetime.now(UTC).replace(tzinfo=None), today, lang),
                file_name=f"han-{plan.plan_id or 'ke-hoach'}-{number + 1}.ics", mime="text/calendar",
                on_click="ignore", icon=":material/event:", key=f"{PAGE}_ics_{number}")


def progress_section(plan: Plan, names, role, state) -> list:
    lang = state.lang
    st.subheader(t("plan_page.progress", lang))
    store = default_store()
    entries = store.progress(plan.plan_id)
    rows = {r.row_id: r for r in plan.rows}
    if access.can(role, "plan") and rows:
        with st.form(f"{PAGE}_progress"):
            first, second, third = st.columns(3)
            row_id = first.selectbox(t("plan_page.progress_row", lang), list(rows), key=f"{PAGE}_progress_row",
                                     format_func=lambda r: (
                names.get(rows[r].main_index, rows[r].main_index)
                + (f" — {rows[r].component}" if rows[r].component else "") + f" ({rows[r].owner})"))
            meeting = second.text_input(t("plan_page.progress_date", lang), value=f"{date.today():%d/%m/%Y}",
                                        key=f"{PAGE}_progress_date")
            value = third.text_input(t("plan_page.progress_value", lang), key=f"{PAGE}_progress_value")
            if st.form_submit_button(t("plan_page.progress_submit", lang), key=f"{PAGE}_progress_submit"):
                entry, messages = plans.validate_progress(plan, row_id, meeting, value)
                if messages:
                    st.error(t("plan_page.not_recorded", lang, reasons=joined(messages, lang)))
                else:
                    store.add_progress(plan.plan_id, entry, current_name())
                    st.rerun()
    progress = display.progress_frame(plans.progress_by_row(plan, entries), names)
    if progress.empty:
        st.info(t("plan_page.no_progress", lang))
    else:
        plotly_chart(charts.plan_progress, progress, t("plan_page.progress_title", lang, title=plan.title), lang,
                     state=state, file_stem=f"tien-do-{plan.plan_id}", key=f"{PAGE}_progress_chart")
    return entries


def save_plan(plan: Plan, edited: pd.DataFrame, names, title, note, lang) -> None:
    records = edited.where(edited.notna(), None).to_dict("records")
    rows, messages = plans.rows_from_records(records, names)
    if messages:
        st.error(t("sim_page.not_saved", lang, reasons=joined(messages, lang)))
        return
    try:
        saved = default_store().save_plan(replace(plan, title=title, rows=tuple(rows)), current_name(), names, note)
    except PlanInvalid as error:
        st.error(t("sim_page.not_saved", lang, reasons=joined(error.messages, lang)))
    except (RevisionConflict, UserStoreBusy) as error:
        st.error(localized(error, lang))
    else:
        st.query_params["plan"] = saved.plan_id
        st.session_state.pop(f"{PAGE}_plan_{saved.base_year}", None)  # the picker starts from the URL again
        st.session_state[f"{PAGE}_message"] = t("plan_page.saved", lang, revision=saved.revision, title=saved.title)
        st.session_state.pop(f"{PAGE}_working_{saved.plan_id}", None)
        st.rerun()


with page_frame("Kế hoạch cải tiến", PAGE, with_year=False) as state:
    lang = state.lang
    st.title(t("plan_page.title", lang, name=state.province_name))
    message = st.session_state.pop(f"{PAGE}_message", None)
    if message:
        st.success(plain(message))
    role = login_box(PAGE, lang=lang)
    base_year, target_year = year_pickers(state)
    try:
        context, rules, names = plan_rules(state, base_year)
    except SimulationError as error:
        st.warning(localized(error, lang))
        st.stop()
    if not names:
        st.info(t("plan_page.no_framework", lang, year=base_year))
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
        st.warning(localized(error, lang))
        st.stop()
    options = [NEW] + [p.plan_id for p in existing]
    labels = {NEW: t("plan_page.new", lang),
              **{p.plan_id: t("plan_page.option", lang, title=p.title, revision=p.revision, by=p.saved_by)
                 for p in existing}}
    plan_id = url_widget(st.selectbox, t("plan_page.plan", lang), options, param="plan", key=f"{PAGE}_plan_{base_year}",
                         format_func=labels.get, to_text=lambda v: None if v == NEW else v,
                         bad_value=lambda text: t("plan_page.plan_bad", lang, text=text, year=base_year))
    if plan_id == NEW:
        plan = starting_plan(state, base_year, target_year, context, rules)
    else:
        plan = store.plan(plan_id)
        history = store.plan_history(plan_id)
        st.caption(t("plan_page.revision", lang, revision=plan.revision, by=plain(plan.saved_by),
                     at=f"{plan.saved_at:%H:%M %d/%m/%Y}")
                   + (f" — {plain(plan.change_note)}" if plan.change_note else ""))
    working_key = f"{PAGE}_working_{plan_id if plan_id != NEW else 'new'}"
    working = st.session_state.get(working_key)
    frame = editor_frame(plan, names, lang) if working is None else pd.DataFrame(working, columns=EDITOR_COLUMNS)
    can_edit = access.can(role, "plan")
    title = st.text_input(t("plan_rev.title", lang), value=plan.title, key=f"{PAGE}_title_{plan_id}",
                          disabled=not can_edit)
    late_rows_warning(plan, names, lang)
    edited = plan_table(frame, plan_id, names, can_edit, working_key, lang)
    if not can_edit:
        st.caption(localized(access.why_read_only(role, "plan"), lang))
    else:
        added = add_row_form(names, values, plan_id, lang)
        if added is not None:
            st.session_state[working_key] = edited.to_dict("records") + [added]
            st.session_state[working_key + "_n"] = st.session_state.get(working_key + "_n", 0) + 1
            st.rerun()
        note = st.text_input(t("plan_page.note", lang), key=f"{PAGE}_note_{plan_id}")
        if st.button(t("plan_page.save", lang), type="primary", key=f"{PAGE}_save", icon=":material/save:"):
            save_plan(replace(plan, base_year=base_year, target_year=target_year), edited, names, title, note, lang)

    if plan.plan_id is None:
        st.info(t("plan_page.save_first", lang))
        st.stop()
    projection = None
    entries = progress_section(plan, names, role, state)
    if rules is not None and rules.has_weights:
        projection = projection_text(plan, entries, state)
        if projection:
            st.markdown(t("plan_page.projection_line", lang, text=projection))
    else:
        st.caption(t("plan_page.no_weights", lang, year=base_year))
    owners_section(plan, names, state)
    st.subheader(t("plan_page.history", lang))
    st.dataframe(display.plan_revisions_display(history, lang), hide_index=True, width="stretch")
    st.download_button(t("plan_page.xlsx", lang),
                       lambda: plan_export.plan_xlsx(plan, state.province_name, names, date.today(), projection,
                                                     lang),
                       file_name=f"ke-hoach-{plan.plan_id}.xlsx", mime=XLSX_MIME, on_click="ignore",
                       icon=":material/download:", key=f"{PAGE}_xlsx")
    st.caption(t("plan_page.plan_id", lang, id=shown(plan.plan_id)))
    source_caption(state=state)
