"""Mô phỏng và mục tiêu: the field, a forward what-if on the year's main indices, the least gain to a
target, and saving either as a named scenario (`&scenario=<id>` reopens it anywhere)."""

from dataclasses import replace

import streamlit as st

from dti import access, charts, display, methodology, registry, scenarios, simulation, solver
from dti.formatting import format_rank
from dti.i18n import format_number, t
from dti.i18n.text import joined, localized
from dti.names import alias_key
from dti.planner_sentences import number, target_sentence, whatif_sentence
from dti.scenarios import Scenario, ScenarioInvalid
from dti.simulation import REST_CODE, SimulationError
from dti.userstore import UserStoreBusy, WeightsInvalid, default_store
from ui.cache import cached_context, cached_index_names, unit_choices
from ui.frame import page_frame
from ui.roles import current_name, current_role, login_box
from ui.url_state import param_text, shown, url_widget
from ui.widgets import plotly_chart, provenance_legend, source_caption

FIELD_OPTIONS = ("held", "own-trend", "national-mean", "uniform")
TARGET_KINDS = ("none", "rank", "top", "overtake", "region_first")
PAGE = "simulator"


def index_names(state) -> dict[str, str]:
    """Main-index code -> name (official names as published; the aggregated part in the page's language)."""
    names = cached_index_names(state.year, state.data_version)
    return {code: localized(name, state.lang) for code, name in names.items()}


def score_param(low: float = 0.0, high: float = 1.0):
    """URL text -> a score in [low, high] at 4 decimals ('0,9' or '0.9'); ValueError otherwise."""
    def parse(text: str) -> float:
        value = round(float(text.replace(",", ".")), 4)
        if not low <= value <= high:
            raise ValueError(text)
        return value
    return parse


def score_text(default):
    """Value -> URL text; the default leaves the parameter out (short links)."""
    return lambda value: None if value is None or round(value, 4) == default else f"{value:.4f}"


def expand_scenario_into_url() -> None:
    """A `?scenario=<id>` link (a fresh browser): its province, year and inputs become URL parameters
    once per session, so every widget starts from them and stays the planner's to move."""
    scenario_id = param_text("scenario")
    if scenario_id is None or st.session_state.get("simulator_expanded") == scenario_id:
        return
    st.session_state["simulator_expanded"] = scenario_id
    try:
        scenario = default_store().scenario(scenario_id)
    except UserStoreBusy:
        scenario = None
    if scenario is None:
        return  # said on the page
    params = {"province": scenario.province_code, "year": str(scenario.year),
              "units": registry.unit_set(scenario.unit_set).url_value}
    kind, uniform = simulation.parse_field_option(scenario.field_option)
    params["field"] = kind
    if uniform is not None:
        params["uniform"] = f"{uniform:.4f}"
    params.update({f"v_{code}": f"{value:.4f}" for code, value in scenario.changes.items()})
    params.update({f"e_{code}": f"{value:.4f}" for code, value in scenario.entered_values.items()})
    if scenario.total_gain:
        params["gain"] = f"{scenario.total_gain:.4f}"
    if scenario.kind == "target":
        params["target"] = scenario.target_kind
        if scenario.target_rank:
            params["k"] = str(scenario.target_rank)
        if scenario.competitor_code:
            params["vs"] = scenario.competitor_code
        params.update({f"cost_{code}": f"{cost:g}" for code, cost in scenario.costs.items()})
    for name, value in params.items():
        st.query_params[name] = value


def field_option_picker(state) -> str:
    lang = state.lang
    left, right = st.columns([3, 1])
    kind = url_widget(left.selectbox, t("sim_page.field", lang), list(FIELD_OPTIONS), param="field",
                      key=f"{PAGE}_field", format_func=lambda k: t(f"sim_page.field_{k}", lang),
                      bad_value=lambda text: t("sim_page.field_bad", lang, text=text))
    if kind != "uniform":
        return kind
    change = url_widget(right.number_input, t("sim_page.uniform", lang), None, param="uniform", key=f"{PAGE}_uniform",
                        default=0.01, parse=score_param(-0.2, 0.2), to_text=score_text(None),
                        min_value=-0.2, max_value=0.2, step=0.005, format="%.4f",
                        bad_value=lambda text: t("sim_page.uniform_bad", lang, text=text))
    return f"uniform:{change:.4f}"


def entered_values_table(state, base_rules, context) -> dict[str, float]:
    """Where only some foundation indices are published: the planner may type them from the
    province's own report (kept with the scenario, marked as entered by the user)."""
    rest = simulation.foundation_rest(base_rules, context.stored_scores)
    if not rest.aggregated:
        return {}
    names = index_names(state)
    lang = state.lang
    entered = {}
    how = t("sim_page.entered_how", lang) if base_rules.foundation_codes else ""
    with st.expander(t("sim_page.entered_title", lang, n=len(rest.aggregated))):
        st.caption(t("sim_page.entered_help", lang, how=how))
        columns = st.columns(len(rest.aggregated))
        for column, code in zip(columns, rest.aggregated):
            name = names.get(code, code)
            value = url_widget(column.number_input, name + t("sim_page.entered_mark", lang), None, param=f"e_{code}",
                               key=f"{PAGE}_e_{code}_{state.province_code}_{state.year}", default=None,
                               parse=score_param(), to_text=score_text(None), min_value=0.0, max_value=1.0,
                               step=0.01, format="%.4f",
                               bad_value=lambda text, n=name: t("sim_page.entered_bad", lang, text=text, name=n))
            if value is not None:
                entered[code] = round(value, 4)
    return entered


def index_inputs(state, rules, baseline, entered: dict[str, float]) -> dict[str, float]:
    """One input per main index, starting at the province's value; its points and headroom below."""
    names = index_names(state)
    lang = state.lang
    changes = {}
    # Reading order: the foundation indices (the aggregated part last), then the activity indices.
    codes = sorted(rules.part_codes, key=lambda c: (c not in rules.foundation_codes, c == REST_CODE,
                                                    -rules.weights[c], alias_key(names.get(c, c))))
    for start in range(0, len(codes), 3):
        columns = st.columns(3)
        for column, code in zip(columns, codes[start:start + 3]):
            current = simulation.to_score(baseline.part_values[code])
            label = names.get(code, code) + (" †" if code == REST_CODE else t("sim_page.entered_mark", lang)
                                             if code in entered else "")
            value = url_widget(column.number_input, label, None, param=f"v_{code}",
                               key=f"{PAGE}_v_{code}_{state.province_code}_{state.year}", default=current,
                               parse=score_param(), to_text=score_text(current), min_value=0.0, max_value=1.0,
                               step=0.01, format="%.4f",
                               bad_value=lambda text, n=label, c=current:
                               t("sim_page.value_bad", lang, text=text, name=n, value=number(c, lang)))
            column.caption(t("sim_page.points", lang, points=f"{rules.weights[code]:g}", current=number(current, lang),
                             headroom=number(round(1 - current, 4), lang)),
                           help=t("sim_page.points_help", lang))
            if round(value, 4) != current:
                changes[code] = round(value, 4)
    return changes


def total_gain_input(state, reason: str) -> float:
    st.info(reason)
    lang = state.lang
    return url_widget(st.number_input, t("sim_page.gain", lang), None, param="gain",
                      key=f"{PAGE}_gain_{state.province_code}_{state.year}", default=0.0,
                      parse=score_param(-1.0, 1.0), to_text=score_text(0.0), min_value=-1.0, max_value=1.0,
                      step=0.005, format="%.4f",
                      bad_value=lambda text: t("sim_page.gain_bad", lang, text=text))


def target_inputs(state, context) -> tuple[str, int | None, str | None]:
    lang = state.lang
    kind = url_widget(st.selectbox, t("sim_page.target", lang), list(TARGET_KINDS), param="target",
                      key=f"{PAGE}_target", format_func=lambda k: t(f"sim_page.target_{k}", lang),
                      bad_value=lambda text: t("sim_page.target_bad", lang, text=text))
    rank = competitor = None
    if kind in ("rank", "top"):
        default = 10 if kind == "top" else max(1, (context.field.unit(state.province_code).rank or 2) - 1
                                                   if context.field.unit(state.province_code) else 1)
        rank = 10 if kind == "top" else url_widget(
            st.number_input, t("sim_page.target_k", lang), None, param="k", key=f"{PAGE}_k_{state.province_code}",
            default=default, parse=int, to_text=str, min_value=1, max_value=state.unit_count, step=1,
            bad_value=lambda text: t("sim_page.target_k_bad", lang, text=text, default=default))
        if not 1 <= rank <= state.unit_count:
            rank = default
    elif kind == "overtake":
        codes, names = unit_choices(state.data_version, state.unit_set)
        others = [c for c in codes if c != state.province_code and context.field.unit(c) is not None]
        competitor = url_widget(st.selectbox, t("sim_page.overtake", lang), others, param="vs", key=f"{PAGE}_vs",
                                format_func=names.get,
                                bad_value=lambda text: t("sim_page.overtake_bad", lang, text=text))
    return kind, rank, competitor


def cost_inputs(rules, names, lang) -> dict[str, float]:
    costs = {}
    with st.expander(t("sim_page.costs", lang)):
        st.caption(t("sim_page.costs_help", lang))
        columns = st.columns(4)
        for number, code in enumerate(rules.part_codes):
            cost = url_widget(columns[number % 4].number_input, names.get(code, code), None, param=f"cost_{code}",
                              key=f"{PAGE}_cost_{code}", default=1.0, parse=score_param(0.01, 100.0),
                              to_text=lambda v: None if v == 1.0 else f"{v:g}", min_value=0.01, max_value=100.0,
                              step=0.5, format="%.2f",
                              bad_value=lambda text: t("sim_page.cost_bad", lang, text=text))
            if cost != 1.0:
                costs[code] = cost
    return costs


def save_box(state, role, draft: Scenario, rules) -> None:
    lang = state.lang
    reason = access.why_read_only(role, "plan")
    with st.form(f"{PAGE}_save_{draft.kind}"):
        name = st.text_input(t("sim_page.save_name", lang), key=f"{PAGE}_save_name_{draft.kind}",
                             placeholder=t("sim_page.save_placeholder", lang))
        pressed = st.form_submit_button(t(f"sim_page.save_{draft.kind}", lang),
                                        disabled=reason is not None, key=f"{PAGE}_save_button_{draft.kind}")
    if reason:
        st.caption(localized(reason, lang))
    if pressed:
        try:
            saved = default_store().save_scenario(replace(draft, name=name), current_name(), rules)
        except ScenarioInvalid as error:
            st.error(t("sim_page.not_saved", lang, reasons=joined(error.messages, lang)))
        except UserStoreBusy as error:
            st.error(localized(error, lang))
        else:
            st.session_state[f"{PAGE}_saved"] = saved.scenario_id
            st.query_params["scenario"] = saved.scenario_id
            st.session_state["simulator_expanded"] = saved.scenario_id
            st.success(t("sim_page.saved", lang, name=shown(saved.name, 80), id=saved.scenario_id))


def reopened_notice(lang: str) -> None:
    scenario_id = param_text("scenario")
    if scenario_id is None:
        return
    try:
        scenario = default_store().scenario(scenario_id)
    except UserStoreBusy as error:
        st.warning(localized(error, lang))
        return
    if scenario is None:
        st.warning(t("sim_page.scenario_missing", lang, id=shown(scenario_id)))
    else:
        st.success(t("sim_page.scenario_reopened", lang, name=shown(scenario.name, 80), by=scenario.created_by,
                     at=f"{scenario.created_at:%d/%m/%Y %H:%M}"))


def with_entered_weights(context, published_rules, lang):
    """The context with the points an administrator entered for this framework (said on the page)."""
    try:
        entered = default_store().framework_weights(published_rules.code)
    except UserStoreBusy:
        entered = None
    if entered is None:
        return context
    st.warning(localized(entered.notice, lang))
    return replace(context, framework=methodology.with_entered_weights(published_rules, entered.points))


def weights_form(published_rules, names, lang) -> None:
    """Administrators: the framework's points from an official document, stored as user data
    (dti.userstore), after which this year is simulated index by index."""
    with st.expander(t("sim_page.weights_title", lang, decision=published_rules.short_decision)), \
            st.form(f"{PAGE}_weights"):
        st.caption(t("sim_page.weights_help", lang))
        columns = st.columns(4)
        points = {code: columns[number % 4].number_input(names.get(code, code), min_value=0.0, max_value=1000.0,
                                                         value=None, step=10.0, key=f"{PAGE}_weight_{code}")
                  for number, code in enumerate(published_rules.part_codes)}
        source = st.text_input(t("sim_page.weights_source", lang), key=f"{PAGE}_weights_source")
        if st.form_submit_button(t("sim_page.weights_save", lang), key=f"{PAGE}_weights_submit"):
            given = {code: value for code, value in points.items() if value is not None}
            try:
                default_store().save_framework_weights(published_rules, given, source, current_name())
            except WeightsInvalid as error:
                st.error(t("sim_page.not_saved", lang, reasons=joined(error.messages, lang)))
            except UserStoreBusy as error:
                st.error(localized(error, lang))
            else:
                st.rerun()


def show_result(state, result, whatif, passed, tied) -> None:
    """New total, rank, places gained, the sentence naming who is passed or equalled, pillars, notes."""
    if result is None:
        return
    lang = state.lang
    columns = st.columns(4)
    columns[0].metric(t("sim_page.new_total", lang), number(result.new_score, lang),
                      delta=number(round(result.new_score - result.old_score, 4), lang, signed=True))
    columns[1].metric(t("sim_page.new_rank", lang), format_rank(result.new_rank, state.unit_count) if result.new_rank
                      else t("sim_page.unranked", lang))
    gained = (result.old_rank - result.new_rank) if result.old_rank and result.new_rank else None
    columns[2].metric(t("sim_page.places", lang), "—" if gained is None else f"{gained:+d}")
    spread = result.rank_range if result.rank_range and result.rank_range[0] != result.rank_range[1] else None
    columns[3].metric(t("sim_page.rank_range", lang), f"{spread[0]}–{spread[1]}" if spread else "—")
    sentence = whatif_sentence(state.province_name, result, [u.name for u in passed], [u.name for u in tied], lang)
    st.markdown(f"**{sentence}**")
    if whatif is not None and whatif.new_pillars:
        st.caption(t("sim_page.pillars", lang) + "; ".join(
            f"{p.upper()} {number(whatif.old_pillars[p], lang)} → {number(whatif.new_pillars[p], lang)}"
            for p in whatif.new_pillars))
    for note in result.notes:
        st.caption(localized(note, lang))
    st.caption(localized(result.assumption if whatif is None else whatif.field_assumption, lang))


expand_scenario_into_url()
with page_frame("Mô phỏng và mục tiêu", PAGE) as state:
    lang = state.lang
    if state.year is None:
        st.info(t("briefing.no_year", lang))
        st.stop()
    st.title(t("sim_page.title", lang, name=state.province_name, year=state.year))
    reopened_notice(lang)
    role = current_role()
    field_area = st.container()  # the field, drawn once the what-if and the target are known
    result_area = st.container()  # the what-if's answer, right under the field
    st.subheader(t("sim_page.whatif", lang))
    field_option = field_option_picker(state)
    try:
        context = cached_context(state.unit_set, state.year, state.province_code, field_option, state.data_version)
    except SimulationError as error:
        st.warning(localized(error, lang))
        st.stop()
    names = index_names(state)
    published_rules = context.framework
    if published_rules is not None and not published_rules.has_weights:
        context = with_entered_weights(context, published_rules, lang)
    base_rules = context.framework
    weighted = base_rules is not None and base_rules.has_weights
    own = context.field.unit(state.province_code)

    entered = entered_values_table(state, base_rules, context) if weighted else {}
    draft = Scenario(state.province_name, "whatif", state.unit_set, state.province_code, state.year, field_option,
                     entered_values=entered)
    baseline = rules = None
    whatif = total_result = None
    try:
        if weighted and ("dti" in context.stored_scores or own is not None):
            rules = scenarios.scenario_framework(draft, context)
            baseline = scenarios.scenario_baseline(draft, context)
    except SimulationError as error:
        st.warning(localized(error, lang))
    if baseline is not None and baseline.part_values is not None:
        changes = index_inputs(state, rules, baseline, entered)
        draft = replace(draft, changes=changes)
        try:
            whatif = simulation.simulate(context.field, rules, baseline, changes)
        except SimulationError as error:
            st.warning(localized(error, lang))
    elif "dti" in context.stored_scores:
        reason = (t("sim_page.total_only_weights", lang, year=state.year, decision=base_rules.short_decision)
                  if base_rules is not None and not weighted else
                  t("sim_page.total_only_values", lang, name=state.province_name, year=state.year))
        gain = total_gain_input(state, reason)
        draft = replace(draft, total_gain=round(gain, 4))
        try:
            if weighted and baseline is not None:
                whatif = simulation.simulate(context.field, rules, baseline, total_gain=round(gain, 4))
            else:
                total_result = scenarios.total_only_whatif(draft, context)
        except SimulationError as error:
            st.warning(localized(error, lang))
    else:
        st.info(t("sim_page.no_total", lang, name=state.province_name, year=state.year))

    result = whatif or total_result
    passed = tied = []
    if result is not None and result.new_rank is not None:
        passed, tied = simulation.passed_and_tied(context.field, state.province_code,
                                                  simulation.to_ticks(result.old_score),
                                                  simulation.to_ticks(result.new_score))
    if result is not None:
        save_box(state, role, draft, rules or base_rules)
    with result_area:
        show_result(state, result, whatif, passed, tied)

    st.subheader(t("sim_page.target_heading", lang))
    kind, target_rank, competitor = target_inputs(state, context)
    answer = None
    if kind != "none" and (baseline is not None or "dti" in context.stored_scores):
        target = solver.Target(kind, rank=target_rank, province_code=competitor)
        try:
            if baseline is not None and weighted:
                costs = cost_inputs(rules, names, lang) if baseline.part_values is not None else {}
                answer = solver.solve(context.field, rules, baseline, target, costs=costs or None)
            else:
                costs = {}
                plain_baseline = simulation.make_baseline(context.baseline_field, base_rules, state.province_code,
                                                          state.province_name, context.stored_scores)
                answer = solver.solve_total(context.field, plain_baseline, target)
        except SimulationError as error:
            st.warning(localized(error, lang))
        if answer is not None:
            st.markdown(f"**{target_sentence(answer, lang)}**")
            if answer.per_index:
                plotly_chart(charts.index_gains, display.index_gains_frame(answer.per_index, names),
                             t("sim_page.gains_title", lang, target=localized(answer.target, lang)), lang,
                             state=state, file_stem=f"muc-tang-{state.province_code}", key=f"{PAGE}_gains")
                st.dataframe(display.index_gains_display(answer.per_index, names, lang), hide_index=True,
                             width="stretch")
            if answer.cheapest_mix:
                current = {c: simulation.to_score(v) for c, v in baseline.part_values.items()}
                st.markdown(t("sim_page.cheapest", lang, cost=format_number(answer.cheapest_mix_cost, lang)))
                st.dataframe(display.mix_display(answer.cheapest_mix, current, costs, names, lang), hide_index=True,
                             width="stretch")
            for note in answer.notes:
                st.caption(localized(note, lang))
            st.caption(t("sim_page.assumption", lang, text=localized(answer.field_assumption, lang)))
            target_draft = Scenario(state.province_name, "target", state.unit_set, state.province_code, state.year,
                                    field_option, entered_values=entered, target_kind=kind, target_rank=target_rank,
                                    competitor_code=competitor, costs=costs)
            save_box(state, role, target_draft, rules or base_rules)
    st.caption(t("plan_text.rounding", lang))
    if published_rules is not None and not published_rules.has_weights and access.can(role, "import"):
        weights_form(published_rules, names, lang)
    st.subheader(t("login.heading", lang))
    login_box(PAGE, lang=lang)

    with field_area:
        frame = display.field_frame(context.field)
        top_cut = None
        ranked = frame.dropna(subset=["rank"]).sort_values("score", ascending=False)
        if len(ranked) >= 10:
            top_cut = float(ranked["score"].iloc[9])
        move = None
        moved = result is not None and result.new_rank is not None and result.new_score != result.old_score
        if moved and own is not None:
            move = (int(frame.loc[frame["code"] == state.province_code, "rank"].iloc[0]), result.old_score,
                    int(result.new_rank), result.new_score)
        band = whatif.robustness_band if whatif is not None else None
        if not context.field.is_rankable:
            st.info(localized(context.field.incomplete_reason, lang))
        plotly_chart(
            charts.simulation_field, frame, state.province_code,
            t("plan_text.field_title", lang, year=state.year, n=state.unit_count, noun=state.units.noun(lang),
              name=state.province_name),
            state.unit_count, top_cut=top_cut,
            target=answer.target_score if answer is not None and answer.is_reachable else None,
            move=move, band=band, passed=tuple(u.code for u in passed), tied=tuple(u.code for u in tied), lang=lang,
            state=state, file_stem=f"mo-phong-{state.province_code}-{state.year}", key=f"{PAGE}_field_chart")
        st.caption(t("sim_page.field_help", lang, band=number(simulation.DEFAULT_BAND, lang), noun=state.noun))
    provenance_legend(lang)
    source_caption(state=state, years=[state.year], province_codes=[state.province_code])
