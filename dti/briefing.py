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

from dti import briefing_charts, charts, methodology, narrative, plans, registry, simulation, solver
from dti.display import FRAMEWORK_LABELS
from dti.formatting import (
    PROVENANCE_LABELS,
    PROVENANCE_MARKS,
    format_rank,
    format_score,
    format_signed_score,
    is_missing,
    rank_change_phrase,
    with_provenance_mark,
)
from dti.i18n import t
from dti.queries import run_query
from dti.sources import cited_sources, value_sources
from dti.sources import slide_source_line as source_line

STEP_KEYS = ("headline", "history", "indices", "gaps", "target", "plan")
# Charts of the screens that are not steps of the sequence, exportable on their own.
EXTRA_CHARTS = ("scores", "ranking")
STEP_NAMES = {
    "headline": "Thông điệp chính",
    "history": "Thứ hạng qua các năm",
    "indices": "Trụ cột và chỉ số chính",
    "gaps": "Tỉnh lân cận và khoảng cách",
    "target": "Mục tiêu và mức tăng ít nhất",
    "plan": "Tình hình kế hoạch",
    "scores": "Điểm qua các năm",
    "ranking": "Bảng xếp hạng",
}
GENERATED_SOURCE = t("sources.generated_note", "vi")  # one wording with the screens' source line
TOP_GROUP = 10
NO_PARTS_NOTE = ("Chưa có giá trị chỉ số chính của tỉnh: mức tăng từng chỉ số tính theo trọng số, "
                 "chưa biết dư địa còn lại.")


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
            raise BriefingError(f"Bước '{key}' không có; các bước: {', '.join(allowed)}.")
        if key not in chosen:
            chosen.append(key)
    return tuple(chosen) or STEP_KEYS


def mark_of(provenance) -> str:
    return "" if is_missing(provenance) else PROVENANCE_MARKS.get(str(provenance), "")


def marked_press_sentence(province_name: str, year: int, row: dict, unit_count: int, unit_set: str = "p63") -> str:
    """narrative.press_sentence with the provenance marks of its rank and score."""
    sentence = narrative.press_sentence(province_name, year, row, unit_count, unit_set=unit_set)
    rank_mark, score_mark = mark_of(row.get("rank_provenance")), mark_of(row.get("score_provenance"))
    if rank_mark and not is_missing(row.get("rank")):
        rank_text = f"xếp thứ {format_rank(row['rank'], unit_count)}"
        if rank_text + rank_mark not in sentence:  # press_sentence may have marked it already
            sentence = sentence.replace(rank_text, rank_text + rank_mark, 1)
    if score_mark and not is_missing(row.get("score")):
        score_text = f"đạt {format_score(row['score'])}"
        if score_text + score_mark not in sentence:
            sentence = sentence.replace(score_text, score_text + score_mark, 1)
    return sentence


@dataclass
class _Data:
    """Everything a briefing reads, each query run once."""

    unit_set: str
    code: str
    year: int
    version: str | None

    def __post_init__(self):
        params = {"unit_set": self.unit_set, "year": self.year}
        self.ranking = run_query("ranking_for_year", self.version, metric="dti", **params)
        history = run_query("province_history", self.version, unit_set=self.unit_set,
                            province_code=self.code, metric="dti")
        # A briefing on DTI 2022 tells the story up to 2022: later years are another briefing.
        self.history = history[history["year"] <= self.year].reset_index(drop=True)
        self.indices = run_query("province_indices_for_year", self.version, province_code=self.code, **params)
        self.gaps = run_query("province_gaps", self.version, province_code=self.code, metric="dti", **params)
        self.sources = value_sources(self.unit_set, None, [self.code], None, self.version,
                                     with_national_means=True)
        self.frameworks = registry.stored_frameworks(self.version)
        years = run_query("ranking_years", self.version, unit_set=self.unit_set, metric="dti")["year"]
        if self.year not in set(int(y) for y in years):
            known = ", ".join(str(int(y)) for y in years)
            raise BriefingError(f"Không có số liệu năm {self.year} (các năm có: {known}).")
        rows = self.ranking[self.ranking["province_code"] == self.code]
        if rows.empty:
            raise BriefingError(f"Không có tỉnh, thành phố mã {self.code} trong bộ đơn vị này.")
        self.row = {k: (None if is_missing(v) else v) for k, v in rows.iloc[0].to_dict().items()}
        self.name = str(self.row["province_name"])


def build_briefing(province_code: str, year: int, unit_set: str = "p63", steps=None,
                   plan: PlanSummary | None = None, target: solver.Target | None = None,
                   version: str | None = None) -> Briefing:
    """The briefing for a province and year; `steps` is a list of keys or 'headline,gaps'."""
    allowed = STEP_KEYS + EXTRA_CHARTS
    keys = parse_steps(steps if steps is None or isinstance(steps, str) else ",".join(steps), allowed)
    data = _Data(unit_set, str(province_code), int(year), version)
    framework = methodology.framework_for_year(data.frameworks, data.year)
    builders = {"headline": _headline, "history": _history, "indices": _indices, "gaps": _gaps,
                "target": lambda d: _target(d, target), "plan": lambda d: _plan(d, plan),
                "scores": _scores, "ranking": _ranking}
    built = tuple(builders[key](data) for key in keys)
    if registry.unit_set(unit_set, version).is_generated:  # test data never claims a publisher
        built = tuple(replace(step, source=GENERATED_SOURCE) for step in built)
    sources = cited_sources(data.sources, data.year)
    marks = _marks_in(built)
    return Briefing(data.code, data.name, data.year, unit_set, registry.unit_set(unit_set).size,
                    FRAMEWORK_LABELS.get(framework.code, framework.decision) if framework else "",
                    built, tuple(zip(sources["publisher"].astype(str), sources["source_url"].astype(str))), marks)


def _marks_in(steps: tuple[Step, ...]) -> tuple[str, ...]:
    text = " ".join(s.title + " " + " ".join(s.facts) + " " + (s.figure.to_json() if s.figure else "")
                    for s in steps)
    return tuple(m for m in ("†", "≈", "ⁱ", "*") if m in text.replace("(*)", "*"))


def mark_legend(marks: tuple[str, ...]) -> str:
    """'† suy ra; ≈ ước tính' for the marks in use."""
    by_mark = {mark: PROVENANCE_LABELS[prov] for prov, mark in PROVENANCE_MARKS.items() if mark}
    return "; ".join(f"{mark} {by_mark[mark]}" for mark in marks if mark in by_mark)


def _unavailable(key: str, data: _Data, reason: str, source: str | None = None) -> Step:
    return Step(key, f"{STEP_NAMES[key]}: chưa có số liệu", f"{data.name}, DTI {data.year}", None,
                source or source_line(data.sources, [data.year], False), reason)


def _headline(data: _Data) -> Step:
    row, n = data.row, registry.unit_set(data.unit_set).size
    source = source_line(data.sources, [data.year], False)
    if row.get("rank") is None:
        return _unavailable("headline", data, f"Năm {data.year}, {data.name}: chưa có số liệu xếp hạng.", source)
    title = marked_press_sentence(data.name, data.year, row, n, data.unit_set)
    change = rank_change_phrase(row.get("rank_change"))
    note = f"{change} so với {int(row['previous_year'])}" if change else "năm đầu có số liệu"
    tiles = [(f"Xếp hạng DTI {data.year}",
              format_rank(row["rank"], n) + mark_of(row.get("rank_provenance")), note)]
    if row.get("score") is not None:
        tiles.append(("Điểm DTI", with_provenance_mark(format_score(row["score"]), row.get("score_provenance")),
                      "thang 0–1"))
    for key, label in (("cqs_rank", "Hạng CQS"), ("kts_rank", "Hạng KTS"), ("xhs_rank", "Hạng XHS")):
        if row.get(key) is not None:
            tiles.append((label, str(int(row[key])), "trụ cột"))
    framework = methodology.framework_for_year(data.frameworks, data.year)
    subtitle = (f"Chỉ số chuyển đổi số cấp tỉnh (DTI) năm {data.year}, {n} {registry.unit_set(data.unit_set).noun_vi}"
                + (f"; phương pháp {FRAMEWORK_LABELS.get(framework.code, framework.decision)}" if framework else ""))
    if row.get("score") is None:
        subtitle += "; điểm năm này chưa được công bố trong dữ liệu"
    return Step("headline", title, subtitle, briefing_charts.headline_numbers(tiles), source,
                facts=tuple(f"{label}: {value}" for label, value, _ in tiles))


def _history(data: _Data) -> Step:
    history, n = data.history, registry.unit_set(data.unit_set).size
    ranked = history[history["rank"].notna()]
    years = [int(y) for y in history["year"]]
    source = source_line(data.sources, years, False)
    if ranked.empty:
        return _unavailable("history", data, f"{data.name}: chưa có số liệu thứ hạng qua các năm.", source)
    first, last = ranked.iloc[0], ranked.iloc[-1]
    marks = mark_of(first["rank_provenance"]) or mark_of(last["rank_provenance"])
    if len(ranked) > 1:
        change = int(first["rank"]) - int(last["rank"])
        movement = (rank_change_phrase(change) or "") + marks
        title = (f"{data.name} {movement} từ {int(first['year'])} đến {int(last['year'])} "
                 f"(hạng {int(first['rank'])}{mark_of(first['rank_provenance'])} → "
                 f"{int(last['rank'])}{mark_of(last['rank_provenance'])})")
    else:
        title = f"{data.name}: hạng {int(first['rank'])}{marks} năm {int(first['year'])}, năm duy nhất có số liệu"
    figure = charts.rank_history(history, n, "", registry.method_changes(data.frameworks))
    figure.data[0].text = [("" if is_missing(r) else f"{int(r)}{mark_of(p)}")
                           for r, p in zip(history["rank"], history["rank_provenance"])]
    missing = [str(y) for y, r in zip(years, history["rank"]) if is_missing(r)]
    subtitle = f"Thứ hạng DTI trên {n} tỉnh, thành phố; hạng 1 ở trên cùng; đường đứt: đổi phương pháp đánh giá"
    if missing:
        subtitle += f"; chưa có số liệu năm {', '.join(missing)}"
    if (first["framework"] != last["framework"]) and len(ranked) > 1:
        subtitle += "; thay đổi qua đổi phương pháp chỉ mang tính tham khảo"
    facts = tuple(f"{int(y)}: hạng {int(r)}/{n}{mark_of(p)}" for y, r, p in
                  zip(ranked["year"], ranked["rank"], ranked["rank_provenance"]))
    return Step("history", title, subtitle, figure, source, facts=facts)


def _indices(data: _Data) -> Step:
    indices = data.indices[data.indices["is_scored"].astype(bool) & data.indices["score"].notna()]
    source = source_line(data.sources, [data.year], bool(indices["national_mean"].notna().any()))
    if indices.empty:
        return _unavailable("indices", data, f"Chưa có điểm trụ cột, chỉ số chính của {data.name} "
                                             f"năm {data.year} trong dữ liệu.", source)
    texts = [with_provenance_mark(format_score(s), p) for s, p in zip(indices["score"], indices["score_provenance"])]
    strengths, weaknesses, rule = narrative.strengths_and_weaknesses(data.indices, data.row.get("rank"))
    if strengths and weaknesses:
        title = f"{data.name} mạnh ở {strengths[0]}, yếu ở {weaknesses[0]}"
    elif strengths or weaknesses:
        title = f"{data.name}: {'mạnh ở ' + strengths[0] if strengths else 'yếu ở ' + weaknesses[0]}"
    else:
        best = indices.sort_values("score", ascending=False).iloc[0]
        title = f"{data.name}: cao nhất ở {best['name_vi']} ({format_score(best['score'])})"
    has_means = indices["national_mean"].notna().any()
    subtitle = (f"Điểm trụ cột và chỉ số chính năm {data.year}. {rule} "
                + ("Vạch xám: trung bình cả nước." if has_means
                   else "Trung bình cả nước của từng chỉ số chưa được công bố trong dữ liệu."))
    facts = tuple(f"{('Trụ cột ' if lv == 'pillar' else '') + name}: {text}"
                  + ("" if is_missing(mean) else f" (cả nước {format_score(mean)})")
                  for lv, name, text, mean in zip(indices["indicator_level"], indices["name_vi"], texts,
                                                  indices["national_mean"]))
    return Step("indices", title, subtitle, briefing_charts.indices_against_mean(indices, texts), source,
                facts=facts)


def _gaps(data: _Data) -> Step:
    source = source_line(data.sources, [data.year], True)
    if data.gaps.empty or data.row.get("rank") is None:
        return _unavailable("gaps", data, f"Năm {data.year}, {data.name}: chưa có thứ hạng nên chưa có "
                                          "tỉnh lân cận và khoảng cách.", source)
    g = {k: (None if is_missing(v) else v) for k, v in data.gaps.iloc[0].to_dict().items()}
    neighbours = []
    if g["above_province_names"]:
        neighbours.append(f"liền trên: {g['above_province_names']} (hạng {int(g['above_rank'])})")
    if g["below_province_names"]:
        neighbours.append(f"liền dưới: {g['below_province_names']} (hạng {int(g['below_rank'])})")
    comparisons = [
        (f"Tỉnh liền trên: {g['above_province_names']}", g["gap_to_province_above"]),
        (f"Tỉnh liền dưới: {g['below_province_names']}", g["gap_to_province_below"]),
        (f"Ngưỡng nhóm {TOP_GROUP} dẫn đầu", g["gap_to_top_ten"]),
        (f"Dẫn đầu: {g['leader_province_names']}", g["gap_to_leader"] if g["rank"] != 1 else None),
        ("Trung bình cả nước", g["gap_to_national_mean"]),
        ("Tốt nhất trong vùng", g["gap_to_region_best"]),
    ]
    known = [(label, gap) for label, gap in comparisons if gap is not None]
    mark = "≈" if data.row.get("score_provenance") == "estimated" else mark_of(data.row.get("score_provenance"))
    facts = tuple(neighbours) + tuple(f"{label}: {format_signed_score(gap)}{mark}" for label, gap in known)
    if not known:
        title = f"{data.name}: " + "; ".join(neighbours) if neighbours else f"{data.name}: chưa có tỉnh lân cận"
        return Step("gaps", title, f"Năm {data.year}: chưa có điểm công bố của {data.name} nên chưa tính được "
                                   "khoảng cách điểm.", None, source, facts=facts)
    above, below = g["gap_to_province_above"], g["gap_to_province_below"]
    if above is not None and below is not None:
        title = (f"{data.name} kém {g['above_province_names']} {format_score(above)}{mark} điểm, "
                 f"hơn {g['below_province_names']} {format_score(-below)}{mark} điểm")
    elif above is None and g["rank"] == 1:
        title = f"{data.name} dẫn đầu, hơn {g['below_province_names']} {format_score(-(below or 0))}{mark} điểm"
    else:
        label, gap = known[0]
        title = f"{data.name}: {label.lower()} {format_signed_score(gap)}{mark} điểm"
    subtitle = (f"Khoảng cách điểm DTI năm {data.year} = điểm của đơn vị so sánh − điểm của tỉnh "
                "(dương, màu đỏ: tỉnh đang kém)")
    return Step("gaps", title, subtitle, briefing_charts.score_gaps(known), source, facts=facts)


def default_target(rank: int) -> solver.Target | None:
    """Outside the top ten: reach it; inside: one rank up; first: nothing to reach."""
    if rank > TOP_GROUP:
        return solver.Target("top", rank=TOP_GROUP)
    if rank > 1:
        return solver.Target("rank", rank=rank - 1)
    return None


def _target(data: _Data, target: solver.Target | None) -> Step:
    source = source_line(data.sources, [data.year], False)
    rank = data.row.get("rank")
    if rank is None:
        return _unavailable("target", data, f"Năm {data.year}, {data.name}: chưa có thứ hạng nên chưa đặt "
                                            "được mục tiêu.", source)
    target = target or default_target(int(rank))
    if target is None:
        return _unavailable("target", data, f"{data.name} đang dẫn đầu năm {data.year}: mục tiêu là giữ vị trí.",
                            source)
    try:
        framework = simulation.require_weights(methodology.framework_for_year(data.frameworks, data.year),
                                               data.year)
        field_ = simulation.load_field(data.unit_set, data.year, "held", data.version)
        stored = simulation.load_stored_scores(data.unit_set, data.year, data.code, data.version)
        baseline = simulation.make_baseline(field_, framework, data.code, data.name, stored, None)
        result = solver.solve(field_, framework, baseline, target)
    except simulation.SimulationError as error:
        return _unavailable("target", data, str(error), source)
    mark = "≈" if result.uses_estimates else ""
    names = {row.indicator_code: row.name_vi for row in data.indices.itertuples()}
    if result.least_total_gain is None:
        title = f"{data.name}: không thể {result.target} trong năm {data.year} (vượt điểm tối đa)"
    elif result.least_total_gain == 0:
        title = f"{data.name} đã {result.target} với điểm hiện tại"
    else:
        title = (f"Để {result.target}, {data.name} cần tăng ít nhất "
                 f"{format_score(result.least_total_gain)}{mark} điểm DTI")
    low, high = result.least_total_gain_range
    subtitle = f"Điểm hiện tại {format_score(result.current_score)}{mark_of(baseline.provenance)}; " \
               f"điểm cần đạt {format_score(result.target_score)}{mark}. {result.field_assumption}"
    facts = [f"Mức tăng tổng điểm tối thiểu: {format_score(result.least_total_gain)}{mark}"
             if result.least_total_gain is not None else "Không thể đạt mục tiêu"]
    if low != high:
        facts.append(f"Theo cận của dữ liệu ước tính: từ {format_score(low)} đến {format_score(high)} "
                     f"({format_score(high)} là chắc chắn đạt)")
    gains = [(names.get(g.code, g.code), g.least_gain, g.is_possible is not False) for g in result.per_index]
    if result.cheapest_mix:
        facts.append("Phương án ít nỗ lực nhất: " + ", ".join(
            f"{names.get(c, c)} +{format_score(v)}" for c, v in result.cheapest_mix.items()))
    facts += [NO_PARTS_NOTE if "--values" in note else note for note in result.notes]
    figure = briefing_charts.least_gains(gains) if gains and result.least_total_gain else None
    return Step("target", title, subtitle, figure, source, facts=tuple(facts))


def _plan(data: _Data, plan: PlanSummary | None) -> Step:
    source = "Nguồn: kế hoạch lưu trong ứng dụng DTI."
    if plan is None:
        return _unavailable("plan", data, f"Chưa có kế hoạch nào được lưu cho {data.name}.", source)
    progress = [(task, float(p)) for task, _, p in plan.items if p is not None]
    facts = tuple(f"{task}: {status}" for task, status, _ in plan.items)
    subtitle = plan.status + (f" (cập nhật {plan.updated})" if plan.updated else "")
    figure = briefing_charts.plan_progress(progress) if progress else None
    return Step("plan", plan.title, subtitle, figure, source, facts=facts)


def _scores(data: _Data) -> Step:
    history = data.history
    scored = history[history["score"].notna()]
    source = source_line(data.sources, [int(y) for y in history["year"]], True)
    if scored.empty:
        return _unavailable("scores", data, f"Chưa có điểm DTI công bố của {data.name} trong dữ liệu; "
                                            "chỉ có thứ hạng.", source)
    last = scored.iloc[-1]
    score = with_provenance_mark(format_score(last["score"]), last["score_provenance"])
    title = f"Điểm DTI của {data.name} năm {int(last['year'])}: {score}"
    if not is_missing(last["national_mean"]):
        side = "cao hơn" if last["score"] >= last["national_mean"] else "thấp hơn"
        title += f", {side} trung bình cả nước ({format_score(last['national_mean'])})"
    figure = charts.score_history(history, "")
    figure.data[-1].text = None
    subtitle = "Điểm DTI (0–1) qua các năm, trung bình cả nước và ngưỡng nhóm 10 dẫn đầu nơi đã biết"
    return Step("scores", title, subtitle, figure, source,
                facts=tuple(f"{int(y)}: {with_provenance_mark(format_score(v), p)}"
                            for y, v, p in zip(scored["year"], scored["score"], scored["score_provenance"])))


def _ranking(data: _Data) -> Step:
    n = registry.unit_set(data.unit_set).size
    source = source_line(data.sources, [data.year], False)
    if data.ranking["rank"].notna().sum() == 0:
        return _unavailable("ranking", data, f"Chưa có bảng xếp hạng năm {data.year}.", source)
    rank = data.row.get("rank")
    position = ("chưa có thứ hạng" if rank is None
                else f"thứ {format_rank(rank, n)}{mark_of(data.row.get('rank_provenance'))}")
    title = f"Bảng xếp hạng DTI {data.year}: {data.name} {position}"
    ranked = int(data.ranking["rank"].notna().sum())
    subtitle = (f"{ranked}/{n} tỉnh, thành phố có thứ hạng công bố; độ dài thanh = điểm DTI nơi đã công bố "
                f"({int(data.ranking['score'].notna().sum())}/{n})")
    figure = charts.ranking_bars(data.ranking, data.code, "")  # bars of the scored units, scores marked
    return Step("ranking", title, subtitle, figure, source)


# --- the plan step from a stored plan ----------------------------------------------------------

def plan_summary(plan, entries, index_names: dict[str, str], today: date) -> PlanSummary:
    """What the plan step shows of a saved plan (dti.plans.Plan) and its review entries: one item
    per row (owner, index, shown status with its deadline), the share of each row's gap closed by
    the latest recorded value, and a status sentence that counts done and late rows."""
    names = {simulation.REST_CODE: simulation.REST_NAME, **index_names}
    progress = {p.row_id: p for p in plans.progress_by_row(plan, entries)}
    items, late, done = [], 0, 0
    for row in plan.rows:
        shown = row.shown_status(today)
        late += shown == plans.LATE
        done += shown == "hoan_thanh"
        name = names.get(row.main_index, row.main_index)
        task = f"{row.owner}: {name}" + (f" – {row.component}" if row.component else "")
        status = plans.STATUS_LABELS[shown] + (f", hạn {plans.format_date(row.deadline)}" if row.deadline else "")
        row_progress = progress.get(row.row_id)  # a row no meeting has recorded shows no bar, not 0 %
        share = row_progress.share_of_gap_closed if row_progress and row_progress.points else None
        items.append((task, status, None if share is None else min(1.0, max(0.0, share))))
    sentence = f"{done}/{len(plan.rows)} nhiệm vụ hoàn thành" + (f", {late} nhiệm vụ chậm" if late else "")
    updated = plan.saved_at.strftime("%d/%m/%Y") if plan.saved_at else None
    return PlanSummary(plan.title, sentence, tuple(items), updated)


def stored_plan_summary(store, unit_set: str, province_code: str, year: int, index_names: dict[str, str],
                        today: date) -> PlanSummary | None:
    """The plan step of a briefing on `year`: the most recently saved plan of the province that
    starts from that year's results (base year = year), or None when there is none."""
    saved = [p for p in store.plans(unit_set, str(province_code)) if p.base_year == int(year)]
    if not saved:
        return None
    newest = max(saved, key=lambda p: p.saved_at or datetime.min)
    return plan_summary(store.plan(newest.plan_id), store.progress(newest.plan_id), index_names, today)
