"""Mô phỏng và mục tiêu: the field, a forward what-if on the year's main indices, the least gain to a
target, and saving either as a named scenario (`&scenario=<id>` reopens it anywhere)."""

from dataclasses import replace

import streamlit as st

from dti import access, charts, display, methodology, narrative, registry, scenarios, simulation, solver
from dti.formatting import format_rank, format_score, format_signed_score
from dti.names import alias_key
from dti.scenarios import Scenario, ScenarioInvalid
from dti.simulation import REST_CODE, SimulationError
from dti.userstore import UserStoreBusy, WeightsInvalid, default_store
from ui.cache import cached_context, cached_index_names, unit_choices
from ui.frame import page_frame
from ui.roles import current_name, current_role, login_box
from ui.url_state import param_text, shown, url_widget
from ui.widgets import plotly_chart, provenance_legend, source_caption

FIELD_OPTIONS = {"held": "Các tỉnh khác giữ nguyên điểm của năm", "own-trend": "Mỗi tỉnh theo xu hướng của mình",
                 "national-mean": "Theo mức thay đổi trung bình cả nước", "uniform": "Mọi tỉnh cùng tăng +x"}
TARGET_KINDS = {"none": "Chưa đặt mục tiêu", "rank": "Đạt thứ hạng k", "top": "Vào nhóm 10 tỉnh dẫn đầu",
                "overtake": "Vượt một tỉnh", "region_first": "Dẫn đầu vùng kinh tế - xã hội"}
PAGE = "simulator"


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
    left, right = st.columns([3, 1])
    kind = url_widget(left.selectbox, "Giả định về các tỉnh khác", list(FIELD_OPTIONS), param="field",
                      key=f"{PAGE}_field", format_func=FIELD_OPTIONS.get,
                      bad_value=lambda text: f"Không có giả định “{text}”; đang dùng: giữ nguyên điểm.")
    if kind != "uniform":
        return kind
    change = url_widget(right.number_input, "Mức tăng x của mọi tỉnh", None, param="uniform", key=f"{PAGE}_uniform",
                        default=0.01, parse=score_param(-0.2, 0.2), to_text=score_text(None),
                        min_value=-0.2, max_value=0.2, step=0.005, format="%.4f",
                        bad_value=lambda text: f"Mức tăng “{text}” không hợp lệ (từ −0,2 đến 0,2); đang dùng 0,01.")
    return f"uniform:{change:.4f}"


def entered_values_table(state, base_rules, context) -> dict[str, float]:
    """Where only some foundation indices are published: the planner may type them from the
    province's own report (kept with the scenario, marked as entered by the user)."""
    rest = simulation.foundation_rest(base_rules, context.stored_scores)
    if not rest.aggregated:
        return {}
    names = cached_index_names(state.year, state.data_version)
    entered = {}
    how = (" (Σ nền tảng = 10·DTI − 2·HĐCQS − 1,5·HĐKTS − 1,5·HĐXHS, trừ các chỉ số nền tảng đã biết)"
           if base_rules.foundation_codes else "")
    with st.expander(f"Nhập giá trị {len(rest.aggregated)} chỉ số chưa công bố (từ báo cáo của tỉnh)"):
        st.caption("Chưa có số liệu công bố riêng cho các chỉ số này: mô phỏng gộp chúng làm một phần, giá trị "
                   f"trung bình suy ra từ tổng điểm{how}. "
                   "Giá trị bạn nhập được ghi là “nhập tay” và lưu cùng phương án.")
        columns = st.columns(len(rest.aggregated))
        for column, code in zip(columns, rest.aggregated):
            name = names.get(code, code)
            value = url_widget(column.number_input, name + " (nhập tay)", None, param=f"e_{code}",
                               key=f"{PAGE}_e_{code}_{state.province_code}_{state.year}", default=None,
                               parse=score_param(), to_text=score_text(None), min_value=0.0, max_value=1.0,
                               step=0.01, format="%.4f",
                               bad_value=lambda text, n=name:
                               f"Giá trị “{text}” của {n} phải là số từ 0 đến 1; ô được để trống.")
            if value is not None:
                entered[code] = round(value, 4)
    return entered


def index_inputs(state, rules, baseline, entered: dict[str, float]) -> dict[str, float]:
    """One input per main index, starting at the province's value; its points and headroom below."""
    names = cached_index_names(state.year, state.data_version)
    changes = {}
    # Reading order: the foundation indices (the aggregated part last), then the activity indices.
    codes = sorted(rules.part_codes, key=lambda c: (c not in rules.foundation_codes, c == REST_CODE,
                                                    -rules.weights[c], alias_key(names.get(c, c))))
    for start in range(0, len(codes), 3):
        columns = st.columns(3)
        for column, code in zip(columns, codes[start:start + 3]):
            current = simulation.to_score(baseline.part_values[code])
            label = names.get(code, code) + (" †" if code == REST_CODE else " (nhập tay)" if code in entered else "")
            value = url_widget(column.number_input, label, None, param=f"v_{code}",
                               key=f"{PAGE}_v_{code}_{state.province_code}_{state.year}", default=current,
                               parse=score_param(), to_text=score_text(current), min_value=0.0, max_value=1.0,
                               step=0.01, format="%.4f",
                               bad_value=lambda text, n=label, c=current:
                               f"Giá trị “{text}” của {n} phải là số từ 0 đến 1; đang dùng {format_score(c)}.")
            column.caption(f"{rules.weights[code]:g} điểm · hiện tại {format_score(current)} · "
                           f"còn {format_score(round(1 - current, 4))}",
                           help="Điểm: trọng số của chỉ số trong tổng 1000 điểm; còn: dư địa (1 − giá trị hiện tại).")
            if round(value, 4) != current:
                changes[code] = round(value, 4)
    return changes


def total_gain_input(state, reason: str) -> float:
    st.info(reason)
    return url_widget(st.number_input, "Mức tăng tổng điểm DTI", None, param="gain",
                      key=f"{PAGE}_gain_{state.province_code}_{state.year}", default=0.0,
                      parse=score_param(-1.0, 1.0), to_text=score_text(0.0), min_value=-1.0, max_value=1.0,
                      step=0.005, format="%.4f",
                      bad_value=lambda text: f"Mức tăng “{text}” phải là số từ −1 đến 1; đang dùng 0.")


def target_inputs(state, context) -> tuple[str, int | None, str | None]:
    kind = url_widget(st.selectbox, "Mục tiêu", list(TARGET_KINDS), param="target", key=f"{PAGE}_target",
                      format_func=TARGET_KINDS.get,
                      bad_value=lambda text: f"Không có loại mục tiêu “{text}”; chưa đặt mục tiêu.")
    rank = competitor = None
    if kind in ("rank", "top"):
        default = 10 if kind == "top" else max(1, (context.field.unit(state.province_code).rank or 2) - 1
                                                   if context.field.unit(state.province_code) else 1)
        rank = 10 if kind == "top" else url_widget(
            st.number_input, "Thứ hạng mục tiêu k", None, param="k", key=f"{PAGE}_k_{state.province_code}",
            default=default, parse=int, to_text=str, min_value=1, max_value=state.unit_count, step=1,
            bad_value=lambda text: f"Thứ hạng “{text}” không hợp lệ; đang dùng {default}.")
        if not 1 <= rank <= state.unit_count:
            rank = default
    elif kind == "overtake":
        codes, names = unit_choices(state.data_version, state.unit_set)
        others = [c for c in codes if c != state.province_code and context.field.unit(c) is not None]
        competitor = url_widget(st.selectbox, "Tỉnh cần vượt", others, param="vs", key=f"{PAGE}_vs",
                                format_func=names.get,
                                bad_value=lambda text: f"Không tìm thấy tỉnh “{text}” có điểm năm này.")
    return kind, rank, competitor


def cost_inputs(rules, names) -> dict[str, float]:
    costs = {}
    with st.expander("Chi phí nỗ lực cho mỗi 0,01 điểm của từng chỉ số (mặc định bằng nhau)"):
        st.caption("Phương án rẻ nhất tăng trước những chỉ số có chi phí thấp nhất trên mỗi điểm trọng số.")
        columns = st.columns(4)
        for number, code in enumerate(rules.part_codes):
            cost = url_widget(columns[number % 4].number_input, names.get(code, code), None, param=f"cost_{code}",
                              key=f"{PAGE}_cost_{code}", default=1.0, parse=score_param(0.01, 100.0),
                              to_text=lambda v: None if v == 1.0 else f"{v:g}", min_value=0.01, max_value=100.0,
                              step=0.5, format="%.2f",
                              bad_value=lambda text: f"Chi phí “{text}” phải là số dương; đang dùng 1.")
            if cost != 1.0:
                costs[code] = cost
    return costs


def save_box(state, role, draft: Scenario, rules) -> None:
    reason = access.why_read_only(role, "plan")
    with st.form(f"{PAGE}_save_{draft.kind}"):
        name = st.text_input("Tên phương án", key=f"{PAGE}_save_name_{draft.kind}",
                             placeholder="ví dụ: Tăng hoạt động kinh tế số lên 0,9")
        pressed = st.form_submit_button("Lưu phương án " + ("mô phỏng" if draft.kind == "whatif" else "mục tiêu"),
                                        disabled=reason is not None, key=f"{PAGE}_save_button_{draft.kind}")
    if reason:
        st.caption(reason)
    if pressed:
        try:
            saved = default_store().save_scenario(replace(draft, name=name), current_name(), rules)
        except ScenarioInvalid as error:
            st.error("Chưa lưu: " + "; ".join(error.messages) + ".")
        except UserStoreBusy as error:
            st.error(str(error))
        else:
            st.session_state[f"{PAGE}_saved"] = saved.scenario_id
            st.query_params["scenario"] = saved.scenario_id
            st.session_state["simulator_expanded"] = saved.scenario_id
            st.success(f"Đã lưu phương án “{shown(saved.name, 80)}” (mã {saved.scenario_id}). Liên kết trên thanh "
                       "địa chỉ mở lại đúng phương án này.")


def reopened_notice() -> None:
    scenario_id = param_text("scenario")
    if scenario_id is None:
        return
    try:
        scenario = default_store().scenario(scenario_id)
    except UserStoreBusy as error:
        st.warning(str(error))
        return
    if scenario is None:
        st.warning(f"Không tìm thấy phương án mã “{shown(scenario_id)}”; đang hiển thị số liệu của năm.")
    else:
        st.success(f"Phương án “{shown(scenario.name, 80)}” ({scenario.created_by}, "
                   f"{scenario.created_at:%d/%m/%Y %H:%M}).")


def with_entered_weights(context, published_rules):
    """The context with the points an administrator entered for this framework (said on the page)."""
    try:
        entered = default_store().framework_weights(published_rules.code)
    except UserStoreBusy:
        entered = None
    if entered is None:
        return context
    st.warning(entered.notice)
    return replace(context, framework=methodology.with_entered_weights(published_rules, entered.points))


def weights_form(published_rules, names) -> None:
    """Administrators: the framework's points from an official document, stored as user data
    (dti.userstore), after which this year is simulated index by index."""
    with st.expander(f"Quản trị viên: nhập trọng số {published_rules.short_decision}"), \
            st.form(f"{PAGE}_weights"):
        st.caption("Nhập điểm của từng chỉ số chính theo văn bản chính thức. Trọng số được lưu riêng (không sửa "
                   "số liệu công bố) và mọi kết quả dùng chúng đều ghi rõ là do quản trị viên nhập.")
        columns = st.columns(4)
        points = {code: columns[number % 4].number_input(names.get(code, code), min_value=0.0, max_value=1000.0,
                                                         value=None, step=10.0, key=f"{PAGE}_weight_{code}")
                  for number, code in enumerate(published_rules.part_codes)}
        source = st.text_input("Văn bản nguồn (số, ngày)", key=f"{PAGE}_weights_source")
        if st.form_submit_button("Lưu trọng số", key=f"{PAGE}_weights_submit"):
            given = {code: value for code, value in points.items() if value is not None}
            try:
                default_store().save_framework_weights(published_rules, given, source, current_name())
            except WeightsInvalid as error:
                st.error("Chưa lưu: " + "; ".join(error.messages) + ".")
            except UserStoreBusy as error:
                st.error(str(error))
            else:
                st.rerun()


def show_result(state, result, whatif, passed, tied) -> None:
    """New total, rank, places gained, the sentence naming who is passed or equalled, pillars, notes."""
    if result is None:
        return
    columns = st.columns(4)
    columns[0].metric("Tổng điểm mới", format_score(result.new_score),
                      delta=format_signed_score(round(result.new_score - result.old_score, 4)))
    columns[1].metric("Thứ hạng mới", format_rank(result.new_rank, state.unit_count) if result.new_rank
                      else "chưa xếp được")
    gained = (result.old_rank - result.new_rank) if result.old_rank and result.new_rank else None
    columns[2].metric("Số bậc tăng", "—" if gained is None else f"{gained:+d}")
    spread = result.rank_range if result.rank_range and result.rank_range[0] != result.rank_range[1] else None
    columns[3].metric("Hạng có thể (điểm ước tính)", f"{spread[0]}–{spread[1]}" if spread else "—")
    sentence = narrative.whatif_sentence(state.province_name, result, [u.name for u in passed],
                                         [u.name for u in tied])
    st.markdown(f"**{sentence}**")
    if whatif is not None and whatif.new_pillars:
        st.caption("Trụ cột: " + "; ".join(
            f"{p.upper()} {format_score(whatif.old_pillars[p])} → {format_score(whatif.new_pillars[p])}"
            for p in whatif.new_pillars))
    for note in result.notes:
        st.caption(note)
    st.caption(result.assumption if whatif is None else whatif.field_assumption)


expand_scenario_into_url()
with page_frame("Mô phỏng và mục tiêu", PAGE) as state:
    if state.year is None:
        st.info("Chưa có số liệu cho bộ đơn vị này.")
        st.stop()
    st.title(f"Mô phỏng: {state.province_name}, {state.year}")
    reopened_notice()
    role = current_role()
    field_area = st.container()  # the field, drawn once the what-if and the target are known
    result_area = st.container()  # the what-if's answer, right under the field
    st.subheader("Mô phỏng: nếu các chỉ số thay đổi")
    field_option = field_option_picker(state)
    try:
        context = cached_context(state.unit_set, state.year, state.province_code, field_option, state.data_version)
    except SimulationError as error:
        st.warning(str(error))
        st.stop()
    names = cached_index_names(state.year, state.data_version)
    published_rules = context.framework
    if published_rules is not None and not published_rules.has_weights:
        context = with_entered_weights(context, published_rules)
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
        st.warning(str(error))
    if baseline is not None and baseline.part_values is not None:
        changes = index_inputs(state, rules, baseline, entered)
        draft = replace(draft, changes=changes)
        try:
            whatif = simulation.simulate(context.field, rules, baseline, changes)
        except SimulationError as error:
            st.warning(str(error))
    elif "dti" in context.stored_scores:
        reason = (f"Năm {state.year} đánh giá theo {base_rules.short_decision}: trọng số các chỉ số chưa được công bố "
                  "nên chỉ mô phỏng được theo tổng điểm. Quản trị viên nhập trọng số vào dữ liệu chỉ số "
                  "(data/indicators.csv, cột points) thì năm này mô phỏng đầy đủ được ngay."
                  if base_rules is not None and not weighted else
                  f"Chưa có giá trị các chỉ số chính của {state.province_name} năm {state.year}: "
                  "chỉ mô phỏng được theo tổng điểm.")
        gain = total_gain_input(state, reason)
        draft = replace(draft, total_gain=round(gain, 4))
        try:
            if weighted and baseline is not None:
                whatif = simulation.simulate(context.field, rules, baseline, total_gain=round(gain, 4))
            else:
                total_result = scenarios.total_only_whatif(draft, context)
        except SimulationError as error:
            st.warning(str(error))
    else:
        st.info(f"{state.province_name} chưa có tổng điểm năm {state.year}: chưa mô phỏng được.")

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

    st.subheader("Mục tiêu: cần tăng bao nhiêu")
    kind, target_rank, competitor = target_inputs(state, context)
    answer = None
    if kind != "none" and (baseline is not None or "dti" in context.stored_scores):
        target = solver.Target(kind, rank=target_rank, province_code=competitor)
        try:
            if baseline is not None and weighted:
                costs = cost_inputs(rules, names) if baseline.part_values is not None else {}
                answer = solver.solve(context.field, rules, baseline, target, costs=costs or None)
            else:
                costs = {}
                plain_baseline = simulation.make_baseline(context.baseline_field, base_rules, state.province_code,
                                                          state.province_name, context.stored_scores)
                answer = solver.solve_total(context.field, plain_baseline, target)
        except SimulationError as error:
            st.warning(str(error))
        if answer is not None:
            st.markdown(f"**{narrative.target_sentence(answer)}**")
            if answer.per_index:
                plotly_chart(charts.index_gains, display.index_gains_frame(answer.per_index, names),
                             f"Mức tăng ít nhất của riêng từng chỉ số để {answer.target}", state=state,
                             file_stem=f"muc-tang-{state.province_code}", key=f"{PAGE}_gains")
                st.dataframe(display.index_gains_display(answer.per_index, names), hide_index=True, width="stretch")
            if answer.cheapest_mix:
                current = {c: simulation.to_score(v) for c, v in baseline.part_values.items()}
                st.markdown(f"**Phương án rẻ nhất** (chi phí {answer.cheapest_mix_cost:.4f})".replace(".", ","))
                st.dataframe(display.mix_display(answer.cheapest_mix, current, costs, names), hide_index=True,
                             width="stretch")
            for note in answer.notes:
                st.caption(note)
            st.caption("Giả định: " + answer.field_assumption)
            target_draft = Scenario(state.province_name, "target", state.unit_set, state.province_code, state.year,
                                    field_option, entered_values=entered, target_kind=kind, target_rank=target_rank,
                                    competitor_code=competitor, costs=costs)
            save_box(state, role, target_draft, rules or base_rules)
    st.caption(narrative.ROUNDING_NOTE)
    if published_rules is not None and not published_rules.has_weights and access.can(role, "import"):
        weights_form(published_rules, names)
    st.subheader("Đăng nhập")
    login_box(PAGE)

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
            st.info(context.field.incomplete_reason)
        plotly_chart(
            charts.simulation_field, frame, state.province_code,
            narrative.simulator_field_title(state.year, state.unit_count, state.province_name, lang=state.lang,
                                            unit_set=state.unit_set),
            state.unit_count,
            top_cut=top_cut, target=answer.target_score if answer is not None and answer.is_reachable else None,
            move=move, band=band, passed=tuple(u.code for u in passed), tied=tuple(u.code for u in tied),
            state=state, file_stem=f"mo-phong-{state.province_code}-{state.year}", key=f"{PAGE}_field_chart")
        st.caption("Mỗi chấm là một tỉnh (điểm theo thứ hạng); chấm rỗng: điểm ước tính, vạch dọc là cận trên và "
                   "dưới. Đường nét đứt: ngưỡng nhóm 10 và mục tiêu; vùng tô: các hạng nằm sát điểm "
                   f"(±{format_score(simulation.DEFAULT_BAND)}); mũi tên: từ vị trí hiện tại đến vị trí sau mô phỏng; "
                   "vòng tròn: tỉnh bị vượt, vòng đậm: bằng điểm.")
    provenance_legend()
    source_caption(state=state, years=[state.year], province_codes=[state.province_code])
