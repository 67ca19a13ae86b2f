"""Saved scenarios: a what-if or a target answer under a name and a short URL-safe id.

A scenario keeps its inputs only (which values, which target, which competitor field, which
costs); its result is recomputed with dti.simulation / dti.solver whenever it is shown, so a
rebuild or an import of better data updates every saved scenario's answer.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from dti import formatting, methodology, plans, queries, registry, simulation, solver
from dti.i18n.text import Number, Text, message_of
from dti.simulation import SimulationError

KINDS = ("whatif", "target")
TARGET_KINDS = ("rank", "top", "overtake", "region_first")
COMPARE_MIN, COMPARE_MAX = 2, 4


class ScenarioInvalid(ValueError):
    """A scenario that cannot be saved or compared; `messages` are Vietnamese, one per problem."""

    def __init__(self, messages: list[str] | str):
        messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Scenario:
    """Inputs of a what-if (`changes`, `entered_values`, `total_gain`) or of a target
    (`target_kind`, `target_rank`, `competitor_code`, `costs`, `index`); `field_option` for both."""

    name: str
    kind: str
    unit_set: str
    province_code: str
    year: int
    field_option: str = "held"
    changes: dict[str, float] = field(default_factory=dict)  # new main-index values
    entered_values: dict[str, float] = field(default_factory=dict)  # typed by the user (not published)
    total_gain: float = 0.0  # the total-only what-if (QĐ 405 years, provinces without index values)
    target_kind: str | None = None
    target_rank: int | None = None
    competitor_code: str | None = None
    costs: dict[str, float] = field(default_factory=dict)
    index: str | None = None
    scenario_id: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None

    def inputs(self) -> dict:
        """The inputs as stored (JSON); `entered_values` stay marked as entered by the user."""
        return {"field_option": self.field_option, "changes": self.changes,
                "entered_values": self.entered_values, "total_gain": self.total_gain,
                "target_kind": self.target_kind, "target_rank": self.target_rank,
                "competitor_code": self.competitor_code, "costs": self.costs, "index": self.index}

    def inputs_json(self) -> str:
        return json.dumps(self.inputs(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_stored(cls, row: dict) -> "Scenario":
        inputs = json.loads(row["inputs_json"])
        return cls(name=row["name"], kind=row["kind"], unit_set=row["unit_set"],
                   province_code=row["province_code"], year=int(row["year"]),
                   field_option=inputs.get("field_option") or "held",
                   changes={k: float(v) for k, v in (inputs.get("changes") or {}).items()},
                   entered_values={k: float(v) for k, v in (inputs.get("entered_values") or {}).items()},
                   total_gain=float(inputs.get("total_gain") or 0.0),
                   target_kind=inputs.get("target_kind"), target_rank=inputs.get("target_rank"),
                   competitor_code=inputs.get("competitor_code"),
                   costs={k: float(v) for k, v in (inputs.get("costs") or {}).items()},
                   index=inputs.get("index"), scenario_id=row["scenario_id"],
                   created_at=row.get("created_at"), created_by=row.get("created_by"))

    def target(self) -> solver.Target:
        if self.target_kind == "overtake":
            return solver.Target("overtake", province_code=self.competitor_code)
        if self.target_kind == "region_first":
            return solver.Target("region_first")
        return solver.Target(self.target_kind, rank=self.target_rank)


def validate_scenario(scenario: Scenario, framework: methodology.Framework | None) -> list[str]:
    """What stops a save, in Vietnamese. `framework`: the year's (None = no framework)."""
    messages = []
    if not scenario.name.strip():
        messages.append(Text("scen.no_name"))
    if scenario.kind not in KINDS:
        messages.append(Text("scen.bad_kind", kind=scenario.kind))
    codes = framework.part_codes if framework is not None else ()
    for label, values in ((Text("scen.new_value"), scenario.changes), (Text("scen.entered_value"),
                                                                        scenario.entered_values)):
        for code, value in values.items():
            if code not in codes:
                messages.append(Text("scen.unknown_index", code=code, year=scenario.year))
            elif not isinstance(value, int | float) or value != value:
                messages.append(Text("scen.not_number", label=label, code=code))
            elif not 0 <= value <= 1:
                messages.append(Text("scen.outside", label=label, code=code, value=Number(value)))
    if not -1 <= scenario.total_gain <= 1:
        messages.append(Text("scen.bad_gain"))
    try:
        simulation.parse_field_option(scenario.field_option)
    except SimulationError as error:
        messages.append(message_of(error))
    if scenario.kind == "target":
        if scenario.target_kind not in TARGET_KINDS:
            messages.append(Text("scen.no_target_kind"))
        elif scenario.target_kind in ("rank", "top") and not isinstance(scenario.target_rank, int):
            messages.append(Text("scen.no_target_rank"))
        elif scenario.target_kind == "overtake" and not scenario.competitor_code:
            messages.append(Text("scen.no_competitor"))
        for code, cost in scenario.costs.items():
            if code not in codes or not cost > 0:
                messages.append(Text("scen.bad_cost", code=code, cost=cost))
        if scenario.index is not None and scenario.index not in codes:
            messages.append(Text("scen.unknown_index", code=scenario.index, year=scenario.year))
    return messages


# --- recomputing a scenario ------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What a scenario is recomputed against: the year's rules, the field and the baseline."""

    framework: methodology.Framework | None
    field: simulation.RankingField
    baseline_field: simulation.RankingField  # the held field (baselines come from the year as published)
    stored_scores: dict[str, tuple[float, str]]
    province_name: str


@dataclass(frozen=True)
class YearContext:
    """What every province of a year shares: the rules, the field under the option, the held field
    and the units' names (loaded once per year, not once per province)."""

    framework: methodology.Framework | None
    field: simulation.RankingField
    baseline_field: simulation.RankingField
    names: dict[str, str]


def load_year(unit_set: str, year: int, field_option: str = "held", version=None) -> YearContext:
    framework = registry.framework_for_year(year, version)
    ranking_field = simulation.load_field(unit_set, year, field_option, version)
    held = ranking_field if ranking_field.kind == "held" else simulation.load_held_field(unit_set, year, version)
    units = queries.run_query("units_in_set", version, unit_set=unit_set)
    return YearContext(framework, ranking_field, held, dict(zip(units["province_code"], units["province_name"])))


def load_context(unit_set: str, year: int, province_code: str, field_option: str = "held",
                 version=None, year_context: YearContext | None = None) -> Context:
    """The year's framework (may lack weights: QĐ 405), field under the option, stored scores.
    `year_context`: the year's shared part when the caller keeps it (load_year)."""
    shared = year_context or load_year(unit_set, year, field_option, version)
    if province_code not in shared.names:
        raise SimulationError(Text("scen.unknown_province", code=province_code, unit_set=unit_set))
    stored = simulation.load_stored_scores(unit_set, year, province_code, version)
    return Context(shared.framework, shared.field, shared.baseline_field, stored, shared.names[province_code])


@dataclass(frozen=True)
class ScenarioResult:
    """The summary a compare view shows: new score, new rank (or range), cost."""

    scenario_id: str | None
    name: str
    kind: str
    old_score: float | None = None
    new_score: float | None = None
    new_score_range: tuple[float, float] | None = None
    old_rank: int | None = None
    new_rank: int | None = None
    rank_range: tuple[int, int] | None = None
    unit_count: int | None = None
    least_total_gain: float | None = None
    changes: dict[str, float] = field(default_factory=dict)  # the main-index values it sets
    cost: float | None = None  # effort cost of the change (Σ cost·gain; equal costs = 1)
    is_reachable: bool | None = None
    uses_estimates: bool = False
    uses_entered_values: bool = False
    assumption: str = ""
    notes: tuple[str, ...] = ()
    error: str | None = None  # a Vietnamese reason it could not be recomputed

    @property
    def rank_text(self) -> str:
        if self.new_rank is None:
            return Text("sim_page.unranked")
        text = formatting.format_rank(self.new_rank, self.unit_count)
        if self.rank_range and self.rank_range[0] != self.rank_range[1]:
            return Text("scen.rank_range", rank=text, low=self.rank_range[0], high=self.rank_range[1])
        return text


def recompute(scenario: Scenario, context: Context | None = None, version=None) -> ScenarioResult:
    """The scenario's answer today (never raises for the data's reasons: `error` says why)."""
    try:
        context = context or load_context(scenario.unit_set, scenario.year, scenario.province_code,
                                          scenario.field_option, version)
        if scenario.kind == "target":
            return _recompute_target(scenario, context)
        return _recompute_whatif(scenario, context)
    except SimulationError as error:
        return ScenarioResult(scenario.scenario_id, scenario.name, scenario.kind, error=message_of(error))


def compare(scenarios: list[Scenario], version=None) -> list[ScenarioResult]:
    """Results of 2–4 scenarios side by side (each under its own year and field)."""
    if not COMPARE_MIN <= len(scenarios) <= COMPARE_MAX:
        raise ScenarioInvalid(Text("scen.compare_count", low=COMPARE_MIN, high=COMPARE_MAX, n=len(scenarios)))
    contexts: dict[tuple, Context] = {}  # scenarios of one province and year share one load
    results = []
    for scenario in scenarios:
        key = (scenario.unit_set, scenario.year, scenario.province_code, scenario.field_option)
        try:
            if key not in contexts:
                contexts[key] = load_context(*key, version)
        except SimulationError as error:
            results.append(ScenarioResult(scenario.scenario_id, scenario.name, scenario.kind, error=message_of(error)))
            continue
        results.append(recompute(scenario, contexts[key]))
    return results


def scenario_framework(scenario: Scenario, context: Context) -> methodology.Framework:
    """The year's rules as this scenario sees them: unknown foundation indices as one part where only
    they are missing (simulation.foundation_rest); raises the Vietnamese reason without weights."""
    framework = simulation.require_weights(context.framework, scenario.year)
    return simulation.foundation_rest(framework, context.stored_scores, scenario.entered_values)


def scenario_baseline(scenario: Scenario, context: Context) -> simulation.Baseline:
    return simulation.make_baseline(context.baseline_field, scenario_framework(scenario, context),
                                    scenario.province_code, context.province_name,
                                    context.stored_scores, scenario.entered_values or None)


def _recompute_whatif(scenario: Scenario, context: Context) -> ScenarioResult:
    if context.framework is None or not context.framework.has_weights:
        if scenario.changes:
            simulation.require_weights(context.framework, scenario.year)  # raises the Vietnamese reason
        return total_only_whatif(scenario, context)
    baseline = scenario_baseline(scenario, context)
    result = simulation.simulate(context.field, scenario_framework(scenario, context), baseline, scenario.changes,
                                 scenario.total_gain)
    cost = None
    if result.old_values and result.new_values:
        cost = round(sum(scenario.costs.get(c, 1.0) * max(0.0, result.new_values[c] - result.old_values[c])
                         for c in result.new_values), 4)
    return ScenarioResult(
        scenario.scenario_id, scenario.name, scenario.kind, result.old_score, result.new_score,
        result.new_score_range, result.old_rank, result.new_rank, result.rank_range, result.unit_count,
        changes=dict(scenario.changes), cost=cost, uses_estimates=result.uses_estimates,
        uses_entered_values=bool(scenario.entered_values), assumption=result.field_assumption,
        notes=result.notes)


def total_only_whatif(scenario: Scenario, context: Context) -> ScenarioResult:
    """A what-if on the total alone, for years whose weights are not public (QĐ 405): the new
    total is the published total + the gain, ranked among the field by the official tie rule."""
    if "dti" not in context.stored_scores:
        raise SimulationError(Text("sim_page.no_total", name=context.province_name, year=scenario.year))
    old = simulation.to_ticks(context.stored_scores["dti"][0])
    new = old + simulation.to_ticks(scenario.total_gain)
    if not 0 <= new <= simulation.FULL:
        raise SimulationError(Text("sim.total_outside"))
    ranking_field = context.field
    notes = [Text("scen.total_only")]
    new_rank = rank_range = None
    uses_estimates = False
    if ranking_field.is_rankable:
        others = ranking_field.competitors(scenario.province_code)
        new_rank = simulation.rank_among(new, (u.ticks for u in others))
        rank_range = (simulation.rank_among(new, (u.lower for u in others)),
                      simulation.rank_among(new, (u.upper for u in others)))
        uses_estimates = any(u.is_estimated for u in others)
    else:
        notes.append(ranking_field.incomplete_reason or Text("sim.not_rankable"))
    own = ranking_field.unit(scenario.province_code)
    return ScenarioResult(
        scenario.scenario_id, scenario.name, scenario.kind, simulation.to_score(old), simulation.to_score(new),
        (simulation.to_score(new), simulation.to_score(new)), own.rank if own else None, new_rank, rank_range,
        ranking_field.unit_count, uses_estimates=uses_estimates, assumption=ranking_field.assumption,
        notes=tuple(notes))


def _recompute_target(scenario: Scenario, context: Context) -> ScenarioResult:
    baseline = scenario_baseline(scenario, context)
    framework = scenario_framework(scenario, context)
    answer = solver.solve(context.field, framework, baseline, scenario.target(), scenario.index,
                          scenario.costs or None)
    # The new position: the cheapest mix where index values are known (none possible = unreachable),
    # else the least total gain.
    if answer.cheapest_mix is not None and answer.is_mix_possible:
        changes = {c: round(simulation.to_score(baseline.part_values[c]) + gain, 4)
                   for c, gain in answer.cheapest_mix.items()}
        reached = simulation.simulate(context.field, framework, baseline, changes)
        cost = answer.cheapest_mix_cost
    elif answer.cheapest_mix is None and answer.least_total_gain is not None and answer.is_reachable:
        changes = {}
        reached = simulation.simulate(context.field, framework, baseline,
                                      total_gain=answer.least_total_gain)
        cost = None
    else:
        return ScenarioResult(
            scenario.scenario_id, scenario.name, scenario.kind, answer.current_score, None, None,
            baseline.rank, None, None, context.field.unit_count, answer.least_total_gain,
            is_reachable=False, uses_estimates=answer.uses_estimates,
            uses_entered_values=bool(scenario.entered_values), assumption=answer.field_assumption,
            notes=answer.notes)
    return ScenarioResult(
        scenario.scenario_id, scenario.name, scenario.kind, answer.current_score, reached.new_score,
        reached.new_score_range, reached.old_rank, reached.new_rank, reached.rank_range, reached.unit_count,
        answer.least_total_gain, changes, cost, True, answer.uses_estimates or reached.uses_estimates,
        bool(scenario.entered_values), answer.field_assumption, tuple(answer.notes) + tuple(
            n for n in reached.notes if n not in answer.notes))


def plan_from_scenario(scenario: Scenario, target_year: int, title: str | None = None,
                       version=None) -> plans.Plan:
    """A plan whose rows are the main indices the scenario raises (a what-if's new values, or a target
    answer's cheapest mix), current values from the year's data (or the user's typed values)."""
    context = load_context(scenario.unit_set, scenario.year, scenario.province_code, scenario.field_option, version)
    changes = scenario.changes
    if scenario.kind == "target":
        result = recompute(scenario, context)
        if result.error:
            raise plans.PlanInvalid([result.error])
        changes = result.changes
    if not changes:
        raise plans.PlanInvalid([Text("scen.nothing_raised")])
    try:
        baseline = scenario_baseline(scenario, context)
    except SimulationError as error:
        raise plans.PlanInvalid([message_of(error)]) from error
    return plans.plan_from_changes(changes, baseline, scenario.unit_set, scenario.year, target_year,
                                   title or f"Kế hoạch cải tiến DTI {context.province_name}: {scenario.name}",
                                   "scenario", scenario.scenario_id)


def plan_projection(plan: plans.Plan, entries: list[plans.ProgressEntry] | None = None,
                    field_option: str = "held", entered_values: dict[str, float] | None = None,
                    version=None) -> plans.Projection:
    """The plan's projected total and rank against its base year's field (under `field_option`): every
    main-index row at its target, or with `entries` at its latest recorded value (plans.project_plan)."""
    context = load_context(plan.unit_set, plan.base_year, plan.province_code, field_option, version)
    framework = simulation.foundation_rest(simulation.require_weights(context.framework, plan.base_year),
                                           context.stored_scores, entered_values)
    baseline = simulation.make_baseline(context.baseline_field, framework, plan.province_code,
                                        context.province_name, context.stored_scores, entered_values or None)
    return plans.project_plan(plan, context.field, framework, baseline, entries)
