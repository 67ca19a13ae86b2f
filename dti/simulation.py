"""Forward what-if: a province's new total, pillars and rank under a year's official rules.

Scores are handled in integer steps of 0.0001 ("ticks", the published precision): ranks are
decided on 4-decimal values, so working in ticks makes ties ("bằng điểm") exact. Weights come
only from `dti.methodology` frameworks (data), never from literals here.
"""

import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from dti import formatting, methodology, queries, registry
from dti.i18n.text import Number, Text

SCALE = 10_000  # ticks per 1.0
FULL = SCALE
DEFAULT_BAND = 0.005
FIELD_KINDS = ("held", "own-trend", "national-mean")  # and "uniform:<change>"


class SimulationError(ValueError):
    """A question the data or the rules cannot answer; the message is Vietnamese, for the user."""


# --- the one ranking rule -------------------------------------------------------------------

def to_ticks(score) -> int:
    """0.69235 -> 6924: the score at the published 4 decimals, half away from zero (as SQL round)."""
    return int((Decimal(repr(float(score))) * SCALE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_score(ticks) -> float:
    """6924 -> 0.6924."""
    return int(ticks) / SCALE


def round_half_up(value: Fraction) -> int:
    """An exact number of ticks rounded to a whole tick, half up (scores are never negative)."""
    return math.floor(value + Fraction(1, 2))


def competition_ranks(scores) -> list[int]:
    """The official tie rule: rank = 1 + how many score strictly more at 4 decimals.

    [0.8, 0.7, 0.7, 0.6] -> [1, 2, 2, 4]; the same rule as SQL `rank() over (order by
    round(score, 4) desc)` in the view metric_rank_rule.
    """
    ticks = [to_ticks(score) for score in scores]
    ascending = sorted(ticks)
    return [1 + len(ascending) - bisect_right(ascending, u) for u in ticks]


def rank_among(score_ticks: int, other_ticks) -> int:
    """The rank a score (in ticks) takes among others (in ticks): 1 + how many are higher."""
    return 1 + sum(1 for other in other_ticks if other > score_ticks)


# --- the field of competitors ---------------------------------------------------------------

@dataclass(frozen=True)
class FieldUnit:
    """One unit's total in the field, in ticks, with the hard bounds of its value."""

    code: str
    name: str
    ticks: int
    lower: int
    upper: int
    provenance: str  # 'estimated' for an estimate; else as stored
    rank: int | None = None  # the published (or computed) rank of the year
    region_id: int | None = None

    @property
    def is_estimated(self) -> bool:
        return self.provenance == "estimated"

    @property
    def score(self) -> float:
        return to_score(self.ticks)


@dataclass(frozen=True)
class RankingField:
    """The units (provinces) a province ranks among in one year, and the assumption that made them."""

    unit_set: str
    year: int
    members: tuple[FieldUnit, ...]
    unit_count: int
    kind: str = "held"
    assumption: str = ""
    is_rankable: bool = True
    incomplete_reason: str | None = None

    def unit(self, code: str) -> FieldUnit | None:
        return next((u for u in self.members if u.code == code), None)

    def competitors(self, code: str) -> list[FieldUnit]:
        return [u for u in self.members if u.code != code]

    @property
    def estimated_count(self) -> int:
        return sum(1 for u in self.members if u.is_estimated)


def build_field(rows: list[dict], unit_set: str, year: int, national_mean: float | None = None) -> RankingField:
    """The held field of a year from rows `province_code, province_name, region_id, score,
    score_provenance, rank` (one per unit of the set).

    Complete scores: used as they are. Complete ranks but missing scores: the missing scores
    are estimated with hard bounds (see estimate_missing_scores). Otherwise the field cannot
    be ranked in: it keeps the known scores and says why.
    """
    unit_count = len(rows)
    scored = [r for r in rows if r.get("score") is not None]
    ranked = [r for r in rows if r.get("rank") is not None]
    assumption = Text("sim.held", year=year)
    if len(scored) == unit_count:
        members = tuple(_known_unit(r) for r in rows)
        return RankingField(unit_set, year, members, unit_count, "held", assumption)
    if len(ranked) == unit_count:
        members = tuple(estimate_missing_scores(rows, national_mean))
        estimated = sum(1 for u in members if u.is_estimated)
        assumption = Text("sim.held_estimated", year=year, estimated=estimated, n=unit_count)
        return RankingField(unit_set, year, members, unit_count, "held", assumption)
    reason = Text("sim.incomplete", year=year, ranked=len(ranked), scored=len(scored), n=unit_count)
    members = tuple(_known_unit(r) for r in scored)
    return RankingField(unit_set, year, members, unit_count, "held", assumption, False, reason)


def _known_unit(row: dict) -> FieldUnit:
    ticks = to_ticks(row["score"])
    return FieldUnit(row["province_code"], row["province_name"], ticks, ticks, ticks,
                     row.get("score_provenance") or "published", row.get("rank"), row.get("region_id"))


def estimate_missing_scores(rows: list[dict], national_mean: float | None = None) -> list[FieldUnit]:
    """Fill the missing totals of a fully ranked field by monotone interpolation along the rank.

    Every estimate has hard bounds: strictly between the nearest published scores above and
    below (at 4 decimals, one step per rank group in between); tied ranks share one estimate.
    Below the lowest published score only the order bounds it from above; from below, the
    published national mean (Σ of all scores = count · mean, to within rounding) does.
    Returns one FieldUnit per row, in rank order; published ones unchanged.
    """
    count = len(rows)
    levels: dict[int, list[dict]] = {}
    for row in rows:
        levels.setdefault(int(row["rank"]), []).append(row)
    level_ranks = sorted(levels)
    known: dict[int, int] = {}
    for rank in level_ranks:
        values = {to_ticks(r["score"]) for r in levels[rank] if r.get("score") is not None}
        if len(values) > 1:
            raise SimulationError(Text("sim.tied_rank_scores", rank=rank))
        if values:
            known[rank] = values.pop()
    if not known:
        raise SimulationError(Text("sim.no_scores"))
    known_ranks = sorted(known)
    for higher, lower in zip(known_ranks, known_ranks[1:], strict=False):
        if known[lower] >= known[higher]:
            raise SimulationError(Text("sim.rank_order", lower=lower, higher=higher))

    runs = _unknown_runs(level_ranks, known)
    bounds: dict[int, tuple[int, int, int]] = {}  # rank -> (estimate, lower, upper)
    tail = None
    for run in runs:
        above = max((r for r in known_ranks if r < run[0]), default=None)
        below = min((r for r in known_ranks if r > run[-1]), default=None)
        if below is None:
            tail = (run, above)
            continue
        above_rank, above_ticks = (0, FULL + 1) if above is None else (above, known[above])
        size = len(run)
        uppers = [above_ticks - p for p in range(1, size + 1)]
        lowers = [known[below] + (size - p + 1) for p in range(1, size + 1)]
        span = known[below] - above_ticks
        estimates = [round(above_ticks + span * (r - above_rank) / (below - above_rank)) for r in run]
        if above is None:  # no anchor above: 1.0 plays its part
            estimates = [min(e, FULL) for e in estimates]
        bounds.update(_settle(run, estimates, lowers, uppers))

    if tail is not None:
        run, above = tail
        others = [(len(levels[r]), *((known[r],) * 3 if r in known else bounds[r]))
                  for r in level_ranks if r not in run]
        bounds.update(_tail_bounds(run, [len(levels[r]) for r in run], above, known[above], count,
                                   national_mean, others))

    result = []
    for rank in level_ranks:
        for row in levels[rank]:
            if row.get("score") is not None:
                result.append(_known_unit(row))
            elif rank in known:  # tied with a published score: equal by the rank, not estimated
                value = known[rank]
                result.append(FieldUnit(row["province_code"], row["province_name"], value, value, value,
                                        "derived", rank, row.get("region_id")))
            else:
                estimate, low, high = bounds[rank]
                result.append(FieldUnit(row["province_code"], row["province_name"], estimate, low, high,
                                        "estimated", rank, row.get("region_id")))
    return result


def _tail_bounds(run, counts, above_rank, above_ticks, count, national_mean, others
                 ) -> dict[int, tuple[int, int, int]]:
    """Estimates and bounds below the lowest published score. The order bounds them from above;
    the national mean (Σ of the count rounded scores = count · mean within count ticks) bounds
    them from below. `others`: (members, estimate, lower, upper) of every other rank group."""
    size = len(run)
    uppers = [above_ticks - p for p in range(1, size + 1)]
    lowers = [size - p for p in range(1, size + 1)]
    if national_mean is None:
        estimates = [(low + high) // 2 for low, high in zip(lowers, uppers, strict=True)]
        return _settle(run, estimates, lowers, uppers)
    mean_ticks = to_ticks(national_mean)
    fixed_estimate = sum(m * e for m, e, _, _ in others)
    tail_min = count * mean_ticks - count - sum(m * high for m, _, _, high in others)
    tail_max = count * mean_ticks + count - sum(m * low for m, _, low, _ in others)
    for i in range(size):  # groups above i at their most, groups from i down at most x_i
        above_sum = sum(c * u for c, u in zip(counts[:i], uppers[:i], strict=True))
        lowers[i] = max(lowers[i], math.ceil(Fraction(tail_min - above_sum, sum(counts[i:]))))
    for i in range(size - 2, -1, -1):
        lowers[i] = max(lowers[i], lowers[i + 1] + 1)
    for i in range(size):  # groups below i at their least, groups down to i at least x_i
        below_sum = sum(c * u for c, u in zip(counts[i + 1:], lowers[i + 1:], strict=True))
        uppers[i] = min(uppers[i], math.floor(Fraction(tail_max - below_sum, sum(counts[:i + 1]))))
    for i in range(1, size):
        uppers[i] = min(uppers[i], uppers[i - 1] - 1)
    if any(low > high for low, high in zip(lowers, uppers, strict=True)):
        raise SimulationError(Text("sim.mean_conflict"))
    # A straight line down from the lowest published score whose sum matches the mean.
    target_sum = count * mean_ticks - fixed_estimate
    slope = Fraction(sum(counts) * above_ticks - target_sum,
                     sum(c * (r - above_rank) for c, r in zip(counts, run, strict=True)))
    slope = max(slope, Fraction(0))
    estimates = [round(above_ticks - slope * (r - above_rank)) for r in run]
    return _settle(run, estimates, lowers, uppers)


def _unknown_runs(level_ranks: list[int], known: dict[int, int]) -> list[list[int]]:
    runs, current = [], []
    for rank in level_ranks:
        if rank in known:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(rank)
    if current:
        runs.append(current)
    return runs


def _settle(run, estimates, lowers, uppers) -> dict[int, tuple[int, int, int]]:
    """Clip estimates into their bounds and keep them strictly decreasing down the run."""
    if any(low > high for low, high in zip(lowers, uppers, strict=True)):
        raise SimulationError(Text("sim.too_close"))
    settled = {}
    previous = None
    for rank, estimate, low, high in zip(run, estimates, lowers, uppers, strict=True):
        value = min(max(estimate, low), high)
        if previous is not None:
            value = min(value, previous - 1)
        settled[rank] = (value, low, high)
        previous = value
    return settled


# --- projecting the field one year ahead ----------------------------------------------------

def parse_field_option(text: str) -> tuple[str, float | None]:
    """'held' | 'own-trend' | 'national-mean' | 'uniform:0.03' -> (kind, uniform change)."""
    text = (text or "held").strip()
    if text.startswith("uniform:"):
        try:
            return "uniform", float(text.split(":", 1)[1].replace(",", "."))
        except ValueError as error:
            raise SimulationError(Text("sim.bad_uniform", text=text)) \
                from error
    if text in FIELD_KINDS:
        return text, None
    raise SimulationError(Text("sim.bad_field", text=text))


def project_field(ranking_field: RankingField, kind: str, *, previous: RankingField | None = None,
                  national_change: float | None = None, uniform_change: float | None = None) -> RankingField:
    """The field moved one year ahead; `held` returns it unchanged.

    own-trend: each unit by its own change from the previous year where both scores are known
    (not estimated), the rest by the national mean change; national-mean: every unit by the
    published mean change; uniform: every unit by the user's change. Values stay in [0, 1].
    """
    if kind == "held":
        return ranking_field
    year = ranking_field.year
    def sign(value):
        return Number(value, signed=True)

    if kind == "uniform":
        if uniform_change is None:
            raise SimulationError(Text("sim.need_uniform"))
        change = to_ticks(uniform_change)
        changes = {u.code: change for u in ranking_field.members}
        text = Text("sim.uniform", next=year + 1, change=sign(to_score(change)))
    elif kind == "national-mean":
        if national_change is None:
            raise SimulationError(Text("sim.no_means", before=year - 1, year=year))
        change = to_ticks(national_change)
        changes = {u.code: change for u in ranking_field.members}
        text = Text("sim.national_mean", next=year + 1, before=year - 1, year=year, change=sign(to_score(change)))
    elif kind == "own-trend":
        fallback = to_ticks(national_change) if national_change is not None else 0
        changes, own = {}, 0
        for unit in ranking_field.members:
            before = previous.unit(unit.code) if previous is not None else None
            if before is not None and not unit.is_estimated and not before.is_estimated:
                changes[unit.code] = unit.ticks - before.ticks
                own += 1
            else:
                changes[unit.code] = fallback
        rest = len(ranking_field.members) - own
        fallback_text = (Text("sim.fallback_mean", change=sign(to_score(fallback)))
                         if national_change is not None else Text("sim.fallback_held"))
        text = Text("sim.own_trend", next=year + 1, before=year - 1, year=year, own=own, rest=rest,
                    fallback=fallback_text)
    else:
        raise SimulationError(Text("sim.bad_kind", text=kind))

    def clip(value: int) -> int:
        return min(max(value, 0), FULL)

    moved = tuple(replace(u, ticks=clip(u.ticks + changes[u.code]), lower=clip(u.lower + changes[u.code]),
                          upper=clip(u.upper + changes[u.code])) for u in ranking_field.members)
    if ranking_field.estimated_count:
        text = Text("sim.estimates_bounded", text=text)
    return replace(ranking_field, members=moved, kind=kind, assumption=text)


# --- the province being simulated -----------------------------------------------------------

@dataclass(frozen=True)
class Baseline:
    """The province's year as published: total (ticks, with bounds if estimated) and parts."""

    code: str
    name: str
    ticks: int
    lower: int
    upper: int
    provenance: str
    part_values: dict[str, int] | None = None  # main indices (QĐ 922/405) or pillars (QĐ 1726)
    pillars: dict[str, float] = field(default_factory=dict)  # published pillar scores
    rank: int | None = None
    region_id: int | None = None
    notes: tuple[str, ...] = ()
    exact: Fraction | None = None  # the formula's unrounded total (ticks) where it matches `ticks`

    @property
    def is_estimated(self) -> bool:
        return self.provenance == "estimated"

    @property
    def exact_ticks(self) -> Fraction:
        """The total the simulator starts from: the official formula's unrounded value where it
        reproduces the published total at 4 decimals, else the published total itself."""
        return self.exact if self.exact is not None else Fraction(self.ticks)


REST_CODE = "nen_tang_con_lai"  # the unknown foundation indices as one part (see foundation_rest)
REST_NAME = Text("sim.rest_name")


def foundation_rest(framework: methodology.Framework | None, stored_scores: dict[str, tuple[float, str]],
                    entered: dict[str, float] | None = None) -> methodology.Framework | None:
    """The framework with the province's unknown foundation indices as ONE part, where that is all
    that is missing; else the framework unchanged.

    The QĐ 922 total is Σ pointsᵢ·valueᵢ / Σ points, so with the total and every other part known,
    the unknown foundation indices' points-weighted sum is known exactly up to rounding
    (Σ foundation = 10·DTI − 2·HĐCQS − 1,5·HĐKTS − 1,5·HĐXHS); their split is not. The part
    REST_CODE carries their summed points and their mean value; its headroom (1 − mean) is theirs
    together, because each may rise to 1. Values the user typed (`entered`) count as known.
    """
    if framework is None or not framework.has_weights or framework.total_from != "main" \
            or "dti" not in stored_scores:
        return framework
    known = {c for c in framework.part_codes if c in stored_scores or c in (entered or {})}
    unknown = [c for c in framework.part_codes if c not in known]
    # With pillars built from the foundation (QĐ 922) only foundation indices may merge; a flat
    # framework (QĐ 405 with entered weights) has no pillar formula, so any unknown parts may.
    grouped = bool(framework.foundation_codes)
    if not unknown or (grouped and any(c not in framework.foundation_codes for c in unknown)):
        return framework
    weights = {c: w for c, w in framework.weights.items() if c not in unknown}
    weights[REST_CODE] = sum(framework.weights[c] for c in unknown)
    foundation = (tuple(c for c in framework.foundation_codes if c not in unknown) + (REST_CODE,)) if grouped else ()
    return replace(framework, weights=weights, foundation_codes=foundation, aggregated=tuple(unknown))


def _rest_ticks(framework: methodology.Framework, total_ticks: int, known: dict[str, int]) -> int:
    """The mean value (ticks) of the aggregated part that reproduces the published total:
    (Σ points · total − Σ known pointsᵢ·valueᵢ) / the part's points, to the nearest tick (one tick
    of it moves the total by less than half a tick, so the total is reproduced at 4 decimals)."""
    total_points = Fraction(str(sum(framework.weights.values())))
    rest_points = Fraction(str(framework.weights[REST_CODE]))
    exact = (total_points * total_ticks - sum(Fraction(str(framework.weights[c])) * v
                                              for c, v in known.items())) / rest_points
    ticks = round_half_up(exact)
    if not 0 <= ticks <= FULL:
        raise SimulationError(Text("sim.rest_outside"))
    return ticks


def make_baseline(ranking_field: RankingField, framework: methodology.Framework, code: str, name: str,
                  stored_scores: dict[str, tuple[float, str]], values: dict[str, float] | None = None
                  ) -> Baseline:
    """The baseline from the province's stored scores (metric -> (score, provenance)).

    The total: the stored total; else one computed from `values` given in full; else the
    field's estimate (with bounds). Part values: the stored ones, completed by `values`
    (together they must name every part); with a framework from foundation_rest, its
    aggregated part is derived from the published total. Never estimates a part value.
    """
    parts = framework.part_codes
    stored_parts = {c: to_ticks(stored_scores[c][0]) for c in parts if c in stored_scores}
    notes = []
    part_values = stored_parts if parts and len(stored_parts) == len(parts) else None
    if values:
        _check_values(framework, values)
        missing = [c for c in parts if c not in values and c not in stored_parts and c != REST_CODE]
        if missing:
            raise SimulationError(Text("sim.values_missing", codes=", ".join(missing)))
        part_values = {c: to_ticks(values[c]) if c in values else stored_parts[c]
                       for c in parts if c != REST_CODE}
    if REST_CODE in parts:
        known = {c: v for c, v in (part_values or stored_parts).items() if c != REST_CODE}
        part_values = {**known, REST_CODE: _rest_ticks(framework, to_ticks(stored_scores["dti"][0]), known)}
        part_values = {c: part_values[c] for c in parts}
        notes.append(Text("sim.aggregated", n=len(framework.aggregated), codes=", ".join(framework.aggregated)))
    in_field = ranking_field.unit(code)
    pillars = {p: stored_scores[p][0] for p in methodology.PILLARS if p in stored_scores}
    formula = None
    if part_values is not None and framework.has_weights:
        formula = total_change(framework, dict.fromkeys(parts, 0), part_values)
    exact = None
    if "dti" in stored_scores:
        total, provenance = to_ticks(stored_scores["dti"][0]), stored_scores["dti"][1]
        lower = upper = total
        if formula is not None and round_half_up(formula) == total:
            exact = formula
        elif formula is not None:
            notes.append(Text("sim.rounding_base", by_formula=Number(to_score(round_half_up(formula))),
                              published=Number(to_score(total))))
    elif formula is not None:
        total = lower = upper = round_half_up(formula)
        exact = formula
        provenance = "computed"
    elif in_field is not None:
        total, lower, upper, provenance = in_field.ticks, in_field.lower, in_field.upper, in_field.provenance
    else:
        raise SimulationError(Text("sim.no_score_values", name=name, year=ranking_field.year))
    rank = in_field.rank if in_field is not None else None
    region = in_field.region_id if in_field is not None else None
    return Baseline(code, name, total, lower, upper, provenance, part_values, pillars, rank, region,
                    tuple(notes), exact)


def _check_values(framework: methodology.Framework, values: dict[str, float]) -> None:
    unknown = [c for c in values if c not in framework.part_codes]
    if unknown:
        raise SimulationError(Text("sim.unknown_codes", decision=framework.decision, codes=", ".join(unknown),
                                   known=", ".join(framework.part_codes)))
    outside = [c for c, v in values.items() if not 0 <= v <= 1]
    if outside:
        raise SimulationError(Text("sim.outside", codes=", ".join(outside)))


def require_weights(framework: methodology.Framework | None, year: int) -> methodology.Framework:
    """The year's framework, or a Vietnamese error where its weights are not known."""
    if framework is None:
        raise SimulationError(Text("sim.no_framework", year=year))
    if not framework.has_weights:
        raise SimulationError(Text("sim.no_weights", year=year, decision=framework.decision))
    return framework


def total_change(framework: methodology.Framework, old: dict[str, int], new: dict[str, int]) -> Fraction:
    """The exact change of the total, in ticks, from part values old -> new (official weights)."""
    total_points = Fraction(str(sum(framework.weights.values())))
    return sum((Fraction(str(framework.weights[c])) * (new[c] - old[c]) for c in framework.part_codes),
               Fraction(0)) / total_points


# --- the answer -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Simulation:
    """A forward what-if answer; `to_dict` is the machine form (0–1 scale, dot decimals)."""

    province_code: str
    province_name: str
    year: int
    framework: str
    old_score: float
    new_score: float
    new_score_range: tuple[float, float]
    old_rank: int | None
    new_rank: int | None
    rank_range: tuple[int, int] | None
    robustness_band: tuple[int, int] | None
    band: float
    tied_with: tuple[str, ...]
    old_pillars: dict[str, float]
    new_pillars: dict[str, float]
    old_values: dict[str, float] | None
    new_values: dict[str, float] | None
    field: str
    field_assumption: str
    uses_estimates: bool
    unit_count: int
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "province_code": self.province_code,
            "province_name": self.province_name,
            "year": self.year,
            "framework": self.framework,
            "old_score": self.old_score,
            "new_score": self.new_score,
            "score_change": round(self.new_score - self.old_score, 4),
            "new_score_range": list(self.new_score_range),
            "old_rank": self.old_rank,
            "new_rank": self.new_rank,
            "rank_range": list(self.rank_range) if self.rank_range else None,
            "robustness_band": list(self.robustness_band) if self.robustness_band else None,
            "band": self.band,
            "is_tie": bool(self.tied_with),
            "tied_with": list(self.tied_with),
            "unit_count": self.unit_count,
            "old_pillars": self.old_pillars,
            "new_pillars": self.new_pillars,
            "old_values": self.old_values,
            "new_values": self.new_values,
            "field": self.field,
            "field_assumption": self.field_assumption,
            "uses_estimates": self.uses_estimates,
            "notes": list(self.notes),
        }


def simulate(ranking_field: RankingField, framework: methodology.Framework, baseline: Baseline,
             changes: dict[str, float] | None = None, total_gain: float = 0.0,
             band: float = DEFAULT_BAND) -> Simulation:
    """New total, pillars and rank after setting main-index values and/or adding to the total.

    The new total = the baseline total + the change the official weights give to the changed
    parts (+ total_gain), at 4 decimals; the rank follows the official tie rule among the
    field. With estimated scores in play, `rank_range` gives the ranks their bounds allow.
    """
    require_weights(framework, ranking_field.year)
    changes = dict(changes or {})
    if changes:
        _check_values(framework, changes)
        if baseline.part_values is None:
            raise SimulationError(Text("sim.no_parts", name=baseline.name, year=ranking_field.year))
    old_parts = baseline.part_values
    new_parts = {**old_parts, **{c: to_ticks(v) for c, v in changes.items()}} if old_parts else None
    exact_change = total_change(framework, old_parts, new_parts) if old_parts else Fraction(0)
    exact_change += to_ticks(total_gain)
    offset = baseline.exact_ticks - baseline.ticks  # the formula's digits below 0.0001, if any
    new_ticks = round_half_up(baseline.exact_ticks + exact_change)
    new_lower = round_half_up(baseline.lower + offset + exact_change)
    new_upper = round_half_up(baseline.upper + offset + exact_change)
    if not 0 <= new_ticks <= FULL:
        raise SimulationError(Text("sim.total_outside"))
    new_lower, new_upper = max(new_lower, 0), min(new_upper, FULL)

    old_pillars, new_pillars = _pillars(framework, baseline, old_parts, new_parts)
    notes = list(baseline.notes)
    new_rank = rank_range = robustness = None
    tied = ()
    uses_estimates = baseline.is_estimated
    if ranking_field.is_rankable:
        others = ranking_field.competitors(baseline.code)
        new_rank = rank_among(new_ticks, (u.ticks for u in others))
        rank_range = (rank_among(new_upper, (u.lower for u in others)),
                      rank_among(new_lower, (u.upper for u in others)))
        band_ticks = to_ticks(band)
        robustness = (rank_among(min(new_upper + band_ticks, FULL), (u.lower for u in others)),
                      rank_among(max(new_lower - band_ticks, 0), (u.upper for u in others)))
        tied = tuple(u.name for u in others if u.ticks == new_ticks)
        uses_estimates = uses_estimates or any(u.is_estimated and u.upper >= new_lower for u in others)
        if tied:
            notes.append(Text("sim.tied_note", names=", ".join(tied), score=Number(to_score(new_ticks)), rank=new_rank))
    else:
        notes.append(ranking_field.incomplete_reason or Text("sim.not_rankable"))
    return Simulation(
        baseline.code, baseline.name, ranking_field.year, framework.code,
        to_score(baseline.ticks), to_score(new_ticks), (to_score(new_lower), to_score(new_upper)),
        baseline.rank, new_rank, rank_range, robustness, band, tied,
        old_pillars, new_pillars,
        {c: to_score(v) for c, v in old_parts.items()} if old_parts else None,
        {c: to_score(v) for c, v in new_parts.items()} if new_parts else None,
        ranking_field.kind, ranking_field.assumption, uses_estimates, ranking_field.unit_count, tuple(notes))


def _pillars(framework, baseline, old_parts, new_parts) -> tuple[dict, dict]:
    """Old and new pillar scores by the official formula from the main indices; where the formula
    misses the published pillar at 4 decimals, the published pillar + the formula's change.
    QĐ 1726: the pillars are the parts."""
    if old_parts is None:
        return dict(baseline.pillars), {}
    if framework.total_from == "pillars":
        return ({c: to_score(v) for c, v in old_parts.items()},
                {c: to_score(v) for c, v in new_parts.items()})
    as_scores = {c: to_score(v) for c, v in old_parts.items()}
    computed_old = methodology.pillar_scores(framework, as_scores)
    computed_new = methodology.pillar_scores(framework, {c: to_score(v) for c, v in new_parts.items()})
    old, new = {}, {}
    for pillar, value in computed_old.items():
        published = baseline.pillars.get(pillar)
        # Like the total: the formula's digits where it reproduces the published pillar.
        base = value if published is None or to_ticks(value) == to_ticks(published) else published
        old[pillar] = to_score(to_ticks(base))
        new[pillar] = to_score(to_ticks(base + computed_new[pillar] - value))
    return old, new


# --- loading from the database --------------------------------------------------------------

def national_means(unit_set: str, version=None) -> dict[int, float]:
    """year -> the published national mean of the total."""
    years = queries.run_query("ranking_years", version, unit_set=unit_set, metric="dti")
    return {int(r["year"]): float(r["national_mean"]) for r in years.to_dict("records")
            if _plain(r["national_mean"]) is not None}


def load_held_field(unit_set: str, year: int, version=None) -> RankingField:
    """The year's field as stored, with estimates where ranks are complete but scores are not."""
    rows = [{k: _plain(v) for k, v in r.items()}
            for r in queries.run_query("simulation_field", version,
                                       unit_set=unit_set, year=year, metric="dti").to_dict("records")]
    for row in rows:
        row["rank"] = int(row["rank"]) if row["rank"] is not None else None
        row["region_id"] = int(row["region_id"]) if row["region_id"] is not None else None
    return build_field(rows, unit_set, year, national_means(unit_set, version).get(year))


def load_field(unit_set: str, year: int, option: str = "held", version=None) -> RankingField:
    """The field under an assumption: held, own-trend, national-mean or uniform:<change>."""
    kind, uniform = parse_field_option(option)
    held = load_held_field(unit_set, year, version)
    if kind == "held":
        return held
    means = national_means(unit_set, version)
    national_change = means[year] - means[year - 1] if year in means and year - 1 in means else None
    previous = load_held_field(unit_set, year - 1, version) if kind == "own-trend" else None
    projected = project_field(held, kind, previous=previous, national_change=national_change,
                              uniform_change=uniform)
    before, now = (registry.framework_for_year(y, version) for y in (year - 1, year))
    if kind != "uniform" and before is not None and now is not None and before.code != now.code:
        projected = replace(projected, assumption=Text("sim.method_crossed", text=projected.assumption,
                                                       before=year - 1, year=year, old=before.decision,
                                                       new=now.decision))
    return projected


def load_stored_scores(unit_set: str, year: int, code: str, version=None) -> dict[str, tuple[float, str]]:
    """metric -> (score, provenance) stored for the province in the year."""
    frame = queries.run_query("province_scores_for_year", version, unit_set=unit_set, year=year, province_code=code)
    return {r["metric"]: (float(r["score"]), r["score_provenance"]) for r in frame.to_dict("records")}


def _plain(value):
    return None if formatting.is_missing(value) else value


def passed_and_tied(ranking_field: RankingField, code: str, old_ticks: int, new_ticks: int
                    ) -> tuple[list[FieldUnit], list[FieldUnit]]:
    """Who a rise from old_ticks to new_ticks passes ("vượt": at or above the old total, now strictly
    below the new one) and who it equals at 4 decimals ("bằng điểm": the same rank), best first."""
    others = sorted(ranking_field.competitors(code), key=lambda u: -u.ticks)
    passed = [u for u in others if old_ticks <= u.ticks < new_ticks]
    tied = [u for u in others if u.ticks == new_ticks]
    return passed, tied
