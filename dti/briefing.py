"""The briefing ("Bài trình chiếu") of a province and year as data: an ordered list of steps,
each a title sentence, a subtitle, a Plotly figure, its source line and short facts.

headline → history (rank over the years) → indices (pillars and main indices against the
national mean) → gaps (neighbours and score gaps) → target (the least gain, from dti.solver,
where the year's method has weights) → plan (the saved plan that starts from the year, handed in
by the caller as a PlanSummary: `stored_plan_summary`).
A step that cannot be built for the province and year says why (`reason`) instead of
showing an empty chart. Numbers that are not plainly published carry their marks (†, ≈, ⁱ, *)
in titles, figures and facts alike. No streamlit here: the screen and the exports share it.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

import plotly.graph_objects as go

from dti import (
    briefing_charts,
    charts,
    display,
    methodology,
    narrative,
    plans,
    registry,
    simulation,
    solver,
    version_cache,
)
from dti.display import FRAMEWORK_LABELS
from dti.formatting import PROVENANCE_MARKS, format_rank, is_missing
from dti.i18n import t
from dti.i18n.text import Text, localized, message_of
from dti.planner_sentences import number, rank_change
from dti.sources import cited_sources, value_sources
from dti.sources import slide_source_line as source_line

STEP_KEYS = ("headline", "history", "indices", "gaps", "target", "plan")
# Charts of the screens that are not steps of the sequence, exportable on their own.
EXTRA_CHARTS = ("scores", "ranking")


def step_name(key: str, lang: str = "vi") -> str:
    """'Thứ hạng qua các năm' / 'Rank over the years' (keys "step.<key>")."""
    return t(f"step.{key}", lang)


TOP_GROUP = 10


class BriefingError(ValueError):
    """A step list or argument the user must fix; the message is Vietnamese."""


@dataclass(frozen=True)
class PlanSummary:
    """What a saved plan says, handed in by whoever stores plans (the briefing stores none)."""

    title: str  # e.g. "Kế hoạch nâng hạng DTI 2025: vào nhóm 10 tỉnh dẫn đầu"
    status: str  # one sentence, e.g. "3/5 nhiệm vụ đúng tiến độ"
    items: tuple[tuple[str, str, float | None], ...] = ()  # (task, status text, progress 0–1 or None)
    updated: str | None = None  # dd/mm/yyyy


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # the sentence a presenter says; a slide's headline
    subtitle: str
    figure: go.Figure | None
    source: str  # "Nguồn: …"
    reason: str | None = None  # set when the step cannot be built: why, in one sentence
    facts: tuple[str, ...] = ()

    @property
    def is_available(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class Briefing:
    province_code: str
    province_name: str
    year: int
    unit_set: str
    unit_count: int
    framework_label: str
    steps: tuple[Step, ...]
    sources: tuple[tuple[str, str], ...]  # (publisher, url), most trusted first
    marks_used: tuple[str, ...] = ()  # provenance marks that appear in the briefing
    built_on: date = field(default_factory=date.today)

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def shown_steps(self) -> tuple[Step, ...]:
        """The steps a presenter projects: those with something to show, in order. A step that can
        only say why it is empty (no plan saved yet, no public weights for the year's target) is
        left out of the sequence, never projected."""
        return tuple(step for step in self.steps if step.is_available)

    @property
    def left_out_steps(self) -> tuple[Step, ...]:
        """The chosen steps that have nothing to show, each with its `reason`."""
        return tuple(step for step in self.steps if not step.is_available)


def parse_steps(text: str | None, allowed: tuple[str, ...] = STEP_KEYS) -> tuple[str, ...]:
    """'headline,history,gaps' -> ('headline', 'history', 'gaps'); empty -> every step.

    Order is the presenter's; repeats are dropped; an unknown key is an error that lists the keys.
    """
    if text is None or not str(text).strip():
        return STEP_KEYS
    chosen: list[str] = []
    for key in (part.strip().lower() for part in str(text).split(",")):
        if not key:
            continue
        if key not in allowed:
            raise BriefingError(Text("brief.bad_step", step=key, keys=", ".join(allowed)))
        if key not in chosen:
            chosen.append(key)
    return tuple(chosen) or STEP_KEYS


def mark_of(provenance) -> str:
    return "" if is_missing(provenance) else PROVENANCE_MARKS.get(str(provenance), "")


def marked_press_sentence(province_name: str, year: int, row: dict, unit_count: int, unit_set: str = "p63",
                          lang: str = "vi") -> str:
    """narrative.press_sentence with the provenance marks of its rank and score."""
    sentence = narrative.press_sentence(province_name, year, row, unit_count, lang=lang, unit_set=unit_set)
    if lang != "vi":  # the English sentence marks its ordinal and score itself
        return sentence
    rank_mark, score_mark = mark_of(row.get("rank_provenance")), mark_of(row.get("score_provenance"))
    if rank_mark and not is_missing(row.get("rank")):
        rank_text = f"xếp thứ {format_rank(row['rank'], unit_count)}"
        if rank_text + rank_mark not in sentence:  # press_sentence may have marked it already
            sentence = sentence.replace(rank_text, rank_text + rank_mark, 1)
    if score_mark and not is_missing(row.get("score")):
        score_text = f"đạt {number(row['score'], 'vi')}"
        if score_text + score_mark not in sentence:
            sentence = sentence.replace(score_text, score_text + score_mark, 1)
    return sentence


def _marked(value, provenance, lang: str) -> str:
    """'0,6924*' / '0.6924*': a score per language with its provenance mark."""
    return number(value, lang) + mark_of(provenance)


@dataclass
class _Data:
    """Everything a briefing reads, each query run once."""

    unit_set: str
    code: str
    year: int
    version: str | None
    lang: str = "vi"

    def __post_init__(self):
        params = {"unit_set": self.unit_set, "year": self.year}
        # What every province's briefing of the year shares is read once per data version.
        self.ranking = version_cache.rows("ranking_for_year", self.version, metric="dti", **params)
        history = version_cache.unit_rows("province_history", self.version, self.code, unit_set=self.unit_set,
                                          metric="dti")
        # A briefing on DTI 2022 tells the story up to 2022: later years are another briefing.
        self.history = history[history["year"] <= self.year].reset_index(drop=True)
        self.indices = version_cache.unit_rows("province_indices_for_year", self.version, self.code, **params)
        self.gaps = version_cache.unit_rows("province_gaps", self.version, self.code, metric="dti", **params)
        self.sources = value_sources(self.unit_set, None, [self.code], None, self.version,
                                     with_national_means=True)
        self.frameworks = registry.stored_frameworks(self.version)
        years = version_cache.rows("ranking_years", self.version, unit_set=self.unit_set, metric="dti")["year"]
        if self.year not in set(int(y) for y in years):
            known = ", ".join(str(int(y)) for y in years)
            raise BriefingError(Text("brief.no_year", year=self.year, known=known))
        rows = self.ranking[self.ranking["province_code"] == self.code]
        if rows.empty:
            raise BriefingError(Text("brief.no_unit", code=self.code))
        self.row = {k: (None if is_missing(v) else v) for k, v in rows.iloc[0].to_dict().items()}
        self.name = str(self.row["province_name"])


def build_briefing(province_code: str, year: int, unit_set: str = "p63", steps=None,
                   plan: PlanSummary | None = None, target: solver.Target | None = None,
                   version: str | None = None, lang: str = "vi") -> Briefing:
    """The briefing for a province and year in `lang`; `steps` is a list of keys or 'headline,gaps'.
    Official names (provinces, indices) stay as published in either language."""
    allowed = STEP_KEYS + EXTRA_CHARTS
    keys = parse_steps(steps if steps is None or isinstance(steps, str) else ",".join(steps), allowed)
    data = _Data(unit_set, str(province_code), int(year), version, lang)
    framework = methodology.framework_for_year(data.frameworks, data.year)
    builders = {"headline": _headline, "history": _history, "indices": _indices, "gaps": _gaps,
                "target": lambda d: _target(d, target), "plan": lambda d: _plan(d, plan),
                "scores": _scores, "ranking": _ranking}
    built = tuple(builders[key](data) for key in keys)
    if registry.unit_set(unit_set, version).is_generated:  # test data never claims a publisher
        built = tuple(replace(step, source=t("sources.generated_note", lang)) for step in built)
    sources = cited_sources(data.sources, data.year)
    marks = _marks_in(built)
    return Briefing(data.code, data.name, data.year, unit_set, registry.unit_set(unit_set).size,
                    FRAMEWORK_LABELS.get(framework.code, framework.decision) if framework else "",
                    built, tuple(zip(sources["publisher"].astype(str), sources["source_url"].astype(str))), marks)


def _marks_in(steps: tuple[Step, ...]) -> tuple[str, ...]:
    text = " ".join(s.title + " " + " ".join(s.facts) + " " + (s.figure.to_json() if s.figure else "")
                    for s in steps)
    return tuple(m for m in ("†", "≈", "ⁱ", "*") if m in text.replace("(*)", "*"))


def mark_legend(marks: tuple[str, ...], lang: str = "vi") -> str:
    """'† suy ra; ≈ ước tính' (or '† derived; ≈ estimated') for the marks in use."""
    by_mark = {mark: t(f"data.provenance_{prov}", lang) for prov, mark in PROVENANCE_MARKS.items() if mark}
    return "; ".join(f"{mark} {by_mark[mark]}" for mark in marks if mark in by_mark)


def _unavailable(key: str, data: _Data, reason: str, source: str | None = None) -> Step:
    return Step(key, t("brief.no_data_title", data.lang, step=step_name(key, data.lang)),
                f"{data.name}, DTI {data.year}", None,
                source or source_line(data.sources, [data.year], False, data.lang), reason)


def _headline(data: _Data) -> Step:
    row, n, lang = data.row, registry.unit_set(data.unit_set).size, data.lang
    source = source_line(data.sources, [data.year], False, lang)
    if row.get("rank") is None:
        return _unavailable("headline", data, t("brief.no_rank", lang, year=data.year, name=data.name), source)
    title = marked_press_sentence(data.name, data.year, row, n, data.unit_set, lang)
    change = row.get("rank_change")
    note = (t("brief.change_since", lang, change=rank_change(int(change), lang), year=int(row["previous_year"]))
            if not is_missing(change) else t("brief.first_year", lang))
    tiles = [(t("brief.rank_tile", lang, year=data.year),
              format_rank(row["rank"], n) + mark_of(row.get("rank_provenance")), note)]
    if row.get("score") is not None:
        tiles.append((t("brief.score_tile", lang), _marked(row["score"], row.get("score_provenance"), lang),
                      t("brief.scale", lang)))
    for key, pillar in (("cqs_rank", "CQS"), ("kts_rank", "KTS"), ("xhs_rank", "XHS")):
        if row.get(key) is not None:
            tiles.append((t("brief.pillar_tile", lang, pillar=pillar), str(int(row[key])), t("brief.pillar", lang)))
    framework = methodology.framework_for_year(data.frameworks, data.year)
    subtitle = t("brief.headline_subtitle", lang, year=data.year, n=n, noun=registry.unit_set(data.unit_set).noun(lang))
    if framework:
        subtitle += t("brief.method", lang, method=FRAMEWORK_LABELS.get(framework.code, framework.decision))
    if row.get("score") is None:
        subtitle += t("brief.no_score", lang)
    return Step("headline", title, subtitle, briefing_charts.headline_numbers(tiles, lang), source,
                facts=tuple(f"{label}: {value}" for label, value, _ in tiles))


def _history(data: _Data) -> Step:
    history, n, lang = data.history, registry.unit_set(data.unit_set).size, data.lang
    ranked = history[history["rank"].notna()]
    years = [int(y) for y in history["year"]]
    source = source_line(data.sources, years, False, lang)
    if ranked.empty:
        return _unavailable("history", data, t("brief.no_history", lang, name=data.name), source)
    first, last = ranked.iloc[0], ranked.iloc[-1]
    marks = mark_of(first["rank_provenance"]) or mark_of(last["rank_provenance"])
    if len(ranked) > 1:
        change = int(first["rank"]) - int(last["rank"])
        title = t("brief.history_title", lang, name=data.name, movement=rank_change(change, lang) + marks,
                  first_year=int(first["year"]), last_year=int(last["year"]),
                  first=f"{int(first['rank'])}{mark_of(first['rank_provenance'])}",
                  last=f"{int(last['rank'])}{mark_of(last['rank_provenance'])}")
    else:
        title = t("brief.history_single", lang, name=data.name, rank=f"{int(first['rank'])}{marks}",
                  year=int(first["year"]))
    method_changes = [(year, display.short_decision(label, lang))
                      for year, label in registry.method_changes(data.frameworks)]
    figure = charts.rank_history(history, n, "", method_changes, lang)
    _label_axes(figure, lang, x="brief.axis_year", y="brief.axis_rank")
    missing = [str(y) for y, r in zip(years, history["rank"]) if is_missing(r)]
    subtitle = t("brief.history_subtitle", lang, n=n, noun=registry.unit_set(data.unit_set).noun(lang))
    if missing:
        subtitle += t("brief.missing_years", lang, years=", ".join(missing))
    if (first["framework"] != last["framework"]) and len(ranked) > 1:
        subtitle += t("brief.method_changed", lang)
    facts = tuple(t("brief.history_fact", lang, year=int(y), rank=int(r), n=n, mark=mark_of(p)) for y, r, p in
                  zip(ranked["year"], ranked["rank"], ranked["rank_provenance"]))
    return Step("history", title, subtitle, figure, source, facts=facts)


def _label_axes(figure, lang: str, **keys) -> None:
    """Axis titles in `lang` on a dti.charts figure (Vietnamese keeps the chart's own titles)."""
    if lang == "vi":
        return
    if "x" in keys:
        figure.update_xaxes(title_text=t(keys["x"], lang))
    if "y" in keys:
        figure.update_yaxes(title_text=t(keys["y"], lang))


def _indices(data: _Data) -> Step:
    lang = data.lang
    indices = data.indices[data.indices["is_scored"].astype(bool) & data.indices["score"].notna()]
    source = source_line(data.sources, [data.year], bool(indices["national_mean"].notna().any()), lang)
    if indices.empty:
        return _unavailable("indices", data, t("brief.no_indices", lang, name=data.name, year=data.year), source)
    texts = [_marked(s, p, lang) for s, p in zip(indices["score"], indices["score_provenance"])]
    strengths, weaknesses, rule = narrative.strengths_and_weaknesses(data.indices, data.row.get("rank"), lang=lang)
    if strengths and weaknesses:
        title = t("brief.strong_weak", lang, name=data.name, strong=strengths[0], weak=weaknesses[0])
    elif strengths:
        title = t("brief.strong", lang, name=data.name, strong=strengths[0])
    elif weaknesses:
        title = t("brief.weak", lang, name=data.name, weak=weaknesses[0])
    else:
        best = indices.sort_values("score", ascending=False).iloc[0]
        title = t("brief.best", lang, name=data.name, index=best["name_vi"], score=number(best["score"], lang))
    has_means = indices["national_mean"].notna().any()
    subtitle = (t("brief.indices_subtitle", lang, year=data.year, rule=rule)
                + t("brief.mean_marker" if has_means else "brief.no_means", lang))
    facts = tuple((t("brief.pillar_name", lang, name=name) if lv == "pillar" else name) + f": {text}"
                  + ("" if is_missing(mean) else t("brief.national", lang, mean=number(mean, lang)))
                  for lv, name, text, mean in zip(indices["indicator_level"], indices["name_vi"], texts,
                                                  indices["national_mean"]))
    return Step("indices", title, subtitle, briefing_charts.indices_against_mean(indices, texts, lang), source,
                facts=facts)


def _gaps(data: _Data) -> Step:
    lang = data.lang
    source = source_line(data.sources, [data.year], True, lang)
    if data.gaps.empty or data.row.get("rank") is None:
        return _unavailable("gaps", data, t("brief.no_gaps", lang, year=data.year, name=data.name), source)
    g = {k: (None if is_missing(v) else v) for k, v in data.gaps.iloc[0].to_dict().items()}
    neighbours = []
    if g["above_province_names"]:
        neighbours.append(t("brief.above", lang, names=g["above_province_names"], rank=int(g["above_rank"])))
    if g["below_province_names"]:
        neighbours.append(t("brief.below", lang, names=g["below_province_names"], rank=int(g["below_rank"])))
    comparisons = [
        (t("brief.gap_above", lang, names=g["above_province_names"]), g["gap_to_province_above"]),
        (t("brief.gap_below", lang, names=g["below_province_names"]), g["gap_to_province_below"]),
        (t("brief.gap_top", lang, n=TOP_GROUP), g["gap_to_top_ten"]),
        (t("brief.gap_leader", lang, names=g["leader_province_names"]),
         g["gap_to_leader"] if g["rank"] != 1 else None),
        (t("brief.gap_mean", lang), g["gap_to_national_mean"]),
        (t("brief.gap_region", lang), g["gap_to_region_best"]),
    ]
    known = [(label, gap) for label, gap in comparisons if gap is not None]
    mark = "≈" if data.row.get("score_provenance") == "estimated" else mark_of(data.row.get("score_provenance"))
    facts = tuple(neighbours) + tuple(f"{label}: {number(gap, lang, signed=True)}{mark}" for label, gap in known)
    if not known:
        title = (f"{data.name}: " + "; ".join(neighbours) if neighbours
                 else t("brief.no_neighbours", lang, name=data.name))
        return Step("gaps", title, t("brief.no_gap_scores", lang, year=data.year, name=data.name), None, source,
                    facts=facts)
    above, below = g["gap_to_province_above"], g["gap_to_province_below"]
    if above is not None and below is not None:
        title = t("brief.gaps_title", lang, name=data.name, above=g["above_province_names"],
                  behind=number(above, lang) + mark, below=g["below_province_names"],
                  ahead=number(-below, lang) + mark)
    elif above is None and g["rank"] == 1:
        title = t("brief.gaps_leader", lang, name=data.name, below=g["below_province_names"],
                  ahead=number(-(below or 0), lang) + mark)
    else:
        label, gap = known[0]
        title = t("brief.gaps_other", lang, name=data.name, label=label.lower() if lang == "vi" else label,
                  gap=number(gap, lang, signed=True) + mark)
    subtitle = t("brief.gaps_subtitle", lang, year=data.year)
    return Step("gaps", title, subtitle, briefing_charts.score_gaps(known, lang), source, facts=facts)


def default_target(rank: int) -> solver.Target | None:
    """Outside the top ten: reach it; inside: one rank up; first: nothing to reach."""
    if rank > TOP_GROUP:
        return solver.Target("top", rank=TOP_GROUP)
    if rank > 1:
        return solver.Target("rank", rank=rank - 1)
    return None


def _target(data: _Data, target: solver.Target | None) -> Step:
    lang = data.lang
    source = source_line(data.sources, [data.year], False, lang)
    rank = data.row.get("rank")
    if rank is None:
        return _unavailable("target", data, t("brief.no_target_rank", lang, year=data.year, name=data.name), source)
    target = target or default_target(int(rank))
    if target is None:
        return _unavailable("target", data, t("brief.leading", lang, name=data.name, year=data.year), source)
    try:
        framework = simulation.require_weights(methodology.framework_for_year(data.frameworks, data.year),
                                               data.year)
        field_ = simulation.load_field(data.unit_set, data.year, "held", data.version)
        stored = simulation.load_stored_scores(data.unit_set, data.year, data.code, data.version)
        baseline = simulation.make_baseline(field_, framework, data.code, data.name, stored, None)
        result = solver.solve(field_, framework, baseline, target)
    except simulation.SimulationError as error:
        return _unavailable("target", data, localized(message_of(error), lang), source)
    mark = "≈" if result.uses_estimates else ""
    names = {row.indicator_code: row.name_vi for row in data.indices.itertuples()}
    goal = localized(result.target, lang)
    if result.least_total_gain is None:
        title = t("brief.target_impossible", lang, name=data.name, target=goal, year=data.year)
    elif result.least_total_gain == 0:
        title = t("brief.target_met", lang, name=data.name, target=goal)
    else:
        title = t("brief.target_gain", lang, name=data.name, target=goal,
                  gain=number(result.least_total_gain, lang) + mark)
    low, high = result.least_total_gain_range
    subtitle = t("brief.target_subtitle", lang,
                 current=number(result.current_score, lang) + mark_of(baseline.provenance),
                 needed=number(result.target_score, lang) + mark, assumption=localized(result.field_assumption, lang))
    facts = [t("brief.least_total", lang, gain=number(result.least_total_gain, lang) + mark)
             if result.least_total_gain is not None else t("brief.not_reachable", lang)]
    if low != high:
        facts.append(t("brief.gain_bounds", lang, low=number(low, lang), high=number(high, lang)))
    gains = [(names.get(g.code, g.code), g.least_gain, g.is_possible is not False) for g in result.per_index]
    if result.cheapest_mix:
        facts.append(t("brief.cheapest", lang, mix=", ".join(
            f"{names.get(c, c)} +{number(v, lang)}" for c, v in result.cheapest_mix.items())))
    facts += [t("brief.no_parts", lang) if "--values" in note else localized(note, lang) for note in result.notes]
    figure = briefing_charts.least_gains(gains, lang) if gains and result.least_total_gain else None
    return Step("target", title, subtitle, figure, source, facts=tuple(facts))


def _plan(data: _Data | None, plan: PlanSummary | None) -> Step:
    lang = data.lang if data is not None else "vi"
    source = t("brief.plan_source", lang)
    if plan is None:
        return _unavailable("plan", data, t("brief.no_plan", lang, name=data.name), source)
    progress = [(task, float(p)) for task, _, p in plan.items if p is not None]
    facts = tuple(f"{task}: {status}" for task, status, _ in plan.items)
    subtitle = plan.status + (t("brief.updated", lang, date=plan.updated) if plan.updated else "")
    figure = briefing_charts.plan_progress(progress, lang) if progress else None
    return Step("plan", plan.title, subtitle, figure, source, facts=facts)


def _scores(data: _Data) -> Step:
    history, lang = data.history, data.lang
    scored = history[history["score"].notna()]
    source = source_line(data.sources, [int(y) for y in history["year"]], True, lang)
    if scored.empty:
        return _unavailable("scores", data, t("brief.no_scores", lang, name=data.name), source)
    last = scored.iloc[-1]
    score = _marked(last["score"], last["score_provenance"], lang)
    title = t("brief.scores_title", lang, name=data.name, year=int(last["year"]), score=score)
    if not is_missing(last["national_mean"]):
        side = "brief.above_mean" if last["score"] >= last["national_mean"] else "brief.below_mean"
        title += t(side, lang, mean=number(last["national_mean"], lang))
    figure = charts.score_history(history, "", lang)
    figure.data[-1].text = None
    _label_axes(figure, lang, x="brief.axis_year", y="brief.axis_score")
    subtitle = t("brief.scores_subtitle", lang)
    return Step("scores", title, subtitle, figure, source,
                facts=tuple(f"{int(y)}: {_marked(v, p, lang)}"
                            for y, v, p in zip(scored["year"], scored["score"], scored["score_provenance"])))


def _ranking(data: _Data) -> Step:
    n, lang = registry.unit_set(data.unit_set).size, data.lang
    source = source_line(data.sources, [data.year], False, lang)
    if data.ranking["rank"].notna().sum() == 0:
        return _unavailable("ranking", data, t("brief.no_ranking", lang, year=data.year), source)
    rank = data.row.get("rank")
    position = (t("brief.unranked", lang) if rank is None
                else t("brief.position", lang, rank=format_rank(rank, n) + mark_of(data.row.get("rank_provenance"))))
    title = t("brief.ranking_title", lang, year=data.year, name=data.name, position=position)
    ranked = int(data.ranking["rank"].notna().sum())
    subtitle = t("brief.ranking_subtitle", lang, ranked=ranked, n=n, noun=registry.unit_set(data.unit_set).noun(lang),
                 scored=int(data.ranking["score"].notna().sum()))
    figure = charts.ranking_bars(data.ranking, data.code, "", lang=lang)  # the scored units' bars, scores marked
    _label_axes(figure, lang, x="brief.axis_score")
    return Step("ranking", title, subtitle, figure, source)


# --- the plan step from a stored plan ----------------------------------------------------------

def plan_summary(plan, entries, index_names: dict[str, str], today: date, lang: str = "vi") -> PlanSummary:
    """What the plan step shows of a saved plan (dti.plans.Plan) and its review entries: one item
    per row (owner, index, shown status with its deadline), the share of each row's gap closed by
    the latest recorded value, and a status sentence that counts done and late rows."""
    progress = {p.row_id: p for p in plans.progress_by_row(plan, entries)}
    items, late, done = [], 0, 0
    for row in plan.rows:
        shown = row.shown_status(today)
        late += shown == plans.LATE
        done += shown == "hoan_thanh"
        name = index_names.get(row.main_index, row.main_index)
        task = f"{row.owner}: {name}" + (f" – {row.component}" if row.component else "")
        status = plans.status_label(shown, lang) + (t("brief.plan_deadline", lang, date=plans.format_date(row.deadline))
                                                    if row.deadline else "")
        row_progress = progress.get(row.row_id)  # a row no meeting has recorded shows no bar, not 0 %
        share = row_progress.share_of_gap_closed if row_progress and row_progress.points else None
        items.append((task, status, None if share is None else min(1.0, max(0.0, share))))
    sentence = t("brief.plan_done", lang, done=done, n=len(plan.rows)) + (
        t("brief.plan_late", lang, late=late) if late else "")
    updated = plan.saved_at.strftime("%d/%m/%Y") if plan.saved_at else None
    return PlanSummary(plan.title, sentence, tuple(items), updated)


def stored_plan_summary(store, unit_set: str, province_code: str, year: int, index_names: dict[str, str],
                        today: date, lang: str = "vi") -> PlanSummary | None:
    """The plan step of a briefing on `year`: the most recently saved plan of the province that
    starts from that year's results (base year = year), or None when there is none."""
    saved = [p for p in store.plans(unit_set, str(province_code)) if p.base_year == int(year)]
    if not saved:
        return None
    newest = max(saved, key=lambda p: p.saved_at or datetime.min)
    return plan_summary(store.plan(newest.plan_id), store.progress(newest.plan_id), index_names, today, lang)
