"""Inverse solver: the least gain that reaches a target rank, the top 10, a province to overtake
or first place in the region.

Same arithmetic as `dti.simulation.simulate` (ticks of 0.0001, official weights, the official
tie rule), so simulate(solve(x)) reaches x and a gain smaller by 0.0001 does not.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from dti import methodology
from dti.i18n.text import Number, Text
from dti.simulation import (
    FULL,
    Baseline,
    RankingField,
    SimulationError,
    require_weights,
    to_score,
)


@dataclass(frozen=True)
class Target:
    """rank (k), top (k), overtake (a province code) or region_first."""

    kind: str
    rank: int | None = None
    province_code: str | None = None

    def describe(self, ranking_field: RankingField) -> str:
        if self.kind == "rank":
            return Text("target.rank", rank=self.rank, n=ranking_field.unit_count)
        if self.kind == "top":
            return Text("target.top", rank=self.rank)
        if self.kind == "overtake":
            other = ranking_field.unit(self.province_code)
            return Text("target.overtake", name=other.name if other else self.province_code)
        return Text("target.region_first")


def target_ticks(ranking_field: RankingField, baseline: Baseline, target: Target, bound: str = "ticks") -> int:
    """The least total (ticks) that meets the target, judging competitors by `bound`:
    'ticks' (point values), 'upper' (guaranteed whatever the estimates) or 'lower' (at best).

    A tie meets a rank target (shared rank, "bằng điểm"); overtaking needs one step more.
    """
    others = ranking_field.competitors(baseline.code)
    if target.kind == "overtake":
        if target.province_code == baseline.code:
            raise SimulationError(Text("solver.self"))
        other = ranking_field.unit(target.province_code)
        if other is None:
            raise SimulationError(Text("solver.no_competitor", year=ranking_field.year, code=target.province_code))
        return getattr(other, bound) + 1
    if not ranking_field.is_rankable:
        raise SimulationError(ranking_field.incomplete_reason or Text("sim.not_rankable"))
    if target.kind == "region_first":
        if baseline.region_id is None:
            raise SimulationError(Text("solver.no_region"))
        others = [u for u in others if u.region_id == baseline.region_id]
        k = 1
    else:
        k = int(target.rank)
        if not 1 <= k <= ranking_field.unit_count:
            raise SimulationError(Text("solver.bad_rank", n=ranking_field.unit_count))
    values = sorted((getattr(u, bound) for u in others), reverse=True)
    return values[k - 1] if k <= len(values) else 0


@dataclass(frozen=True)
class IndexGain:
    code: str
    weight: float
    current: float | None
    headroom: float | None
    least_gain: float  # in the index's own 0–1 value
    new_value: float | None
    is_possible: bool | None  # None: headroom unknown (no stored value)


@dataclass(frozen=True)
class Solution:
    province_code: str
    province_name: str
    year: int
    target: str
    target_score: float
    target_score_range: tuple[float, float]
    current_score: float
    least_total_gain: float | None
    least_total_gain_range: tuple[float, float]
    is_reachable: bool
    is_tie_at_target: bool
    per_index: tuple[IndexGain, ...]
    cheapest_mix: dict[str, float] | None
    cheapest_mix_cost: float | None
    is_mix_possible: bool | None
    field: str
    field_assumption: str
    uses_estimates: bool
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "province_code": self.province_code,
            "province_name": self.province_name,
            "year": self.year,
            "target": self.target,
            "target_score": self.target_score,
            "target_score_range": list(self.target_score_range),
            "current_score": self.current_score,
            "least_total_gain": self.least_total_gain,
            "least_total_gain_range": list(self.least_total_gain_range),
            "is_reachable": self.is_reachable,
            "is_tie_at_target": self.is_tie_at_target,
            "per_index": [vars(g) for g in self.per_index],
            "cheapest_mix": self.cheapest_mix,
            "cheapest_mix_cost": self.cheapest_mix_cost,
            "is_mix_possible": self.is_mix_possible,
            "field": self.field,
            "field_assumption": self.field_assumption,
            "uses_estimates": self.uses_estimates,
            "notes": list(self.notes),
        }


def least_total_gain(current_ticks: Fraction, target: int) -> int:
    """Least gain (ticks) of the total that lifts it to at least target at 4 decimals (half up)."""
    return max(0, math.ceil(target - Fraction(1, 2) - current_ticks))


def least_index_gain(framework: methodology.Framework, code: str, current_ticks: Fraction,
                     target: int) -> int:
    """Least gain (ticks of the index) in one index alone that lifts the total from
    current_ticks to at least target at 4 decimals (half up): w·d/W ≥ target − ½ − current."""
    weight = Fraction(str(framework.weights[code]))
    if weight == 0:
        raise SimulationError(Text("solver.unscored", code=code))
    total_points = Fraction(str(sum(framework.weights.values())))
    need = (target - current_ticks - Fraction(1, 2)) * total_points / weight
    return max(0, math.ceil(need))


def cheapest_mix(framework: methodology.Framework, current_ticks: Fraction, target: int,
                 headroom: dict[str, int], costs: dict[str, float] | None = None
                 ) -> tuple[dict[str, int], bool]:
    """The cheapest gains (ticks per index) lifting the total to target, each within its
    headroom: fill indices in order of effort cost per point of weight (a covering knapsack;
    greedy is optimal up to the last 0.0001 step). Returns (gains, is_possible)."""
    costs = costs or {}
    total_points = Fraction(str(sum(framework.weights.values())))
    remaining = (target - current_ticks - Fraction(1, 2)) * total_points  # in weight·ticks
    gains: dict[str, int] = {}
    order = sorted((c for c in framework.part_codes if framework.weights[c]),
                   key=lambda c: (Fraction(str(costs.get(c, 1.0))) / Fraction(str(framework.weights[c])), c))
    for code in order:
        if remaining <= 0:
            break
        weight = Fraction(str(framework.weights[code]))
        take = min(headroom.get(code, 0), math.ceil(remaining / weight))
        if take > 0:
            gains[code] = take
            remaining -= take * weight
    return gains, remaining <= 0


def solve_total(ranking_field: RankingField, baseline: Baseline, target: Target) -> Solution:
    """The least total gain alone, for years whose weights are not public (QĐ 405): no per-index
    answer and no mix, said in the notes."""
    return solve(ranking_field, None, baseline, target, total_only=True)


def solve(ranking_field: RankingField, framework: methodology.Framework | None, baseline: Baseline, target: Target,
          index: str | None = None, costs: dict[str, float] | None = None, *, total_only: bool = False) -> Solution:
    """Least total gain, least gain per index (or the chosen one) and the cheapest mix for a target.

    Gains are on the 0–1 scale at 4 decimals. With estimated competitors the point answer
    uses the estimates; the ranges give the answer at the bounds (the upper end guarantees it).
    """
    if total_only:
        framework = methodology.Framework("total", "", ranking_field.year, ranking_field.year, "main", {})
        index = costs = None
    else:
        require_weights(framework, ranking_field.year)
    if index is not None and index not in framework.part_codes:
        raise SimulationError(Text("solver.unknown_index", index=index, decision=framework.decision,
                                   known=", ".join(framework.part_codes)))
    for code, cost in (costs or {}).items():
        if code not in framework.part_codes or not cost > 0:
            raise SimulationError(Text("solver.bad_cost", code=code, cost=cost))
    target_point = target_ticks(ranking_field, baseline, target, "ticks")
    guaranteed = target_ticks(ranking_field, baseline, target, "upper")
    optimistic = target_ticks(ranking_field, baseline, target, "lower")
    current = baseline.exact_ticks
    offset = current - baseline.ticks
    is_reachable = target_point <= FULL
    notes = list(baseline.notes)
    if target_point <= baseline.ticks:
        notes.append(Text("solver.reached"))
    if not is_reachable:
        notes.append(Text("solver.beyond_max"))
    least_total = least_total_gain(current, target_point) if is_reachable else None
    total_range = (to_score(least_total_gain(baseline.upper + offset, optimistic)),
                   to_score(least_total_gain(baseline.lower + offset, guaranteed)))
    others = ranking_field.competitors(baseline.code)
    is_tie = target.kind != "overtake" and any(u.ticks == target_point for u in others)
    if is_tie and target_point > current:
        tied = [u.name for u in others if u.ticks == target_point]
        notes.append(Text("solver.tie_note", score=Number(to_score(target_point)), names=", ".join(tied)))
    # The competitor whose score sets the target (one step below it when overtaking).
    setter = target_point - 1 if target.kind == "overtake" else target_point
    uses_estimates = (baseline.is_estimated or guaranteed != optimistic
                      or any(u.is_estimated and u.ticks == setter for u in others))

    parts = None if total_only else baseline.part_values
    codes = [index] if index else sorted(framework.part_codes, key=lambda c: (-framework.weights[c], c))
    per_index = []
    for code in codes:
        if not framework.weights[code]:
            continue
        gain = least_index_gain(framework, code, current, target_point)
        if parts is None:  # headroom unknown, but no index can rise by more than 1
            possible = None if gain <= FULL and is_reachable else False
            per_index.append(IndexGain(code, framework.weights[code], None, None, to_score(gain), None,
                                       possible))
            continue
        room = FULL - parts[code]
        possible = gain <= room and is_reachable
        per_index.append(IndexGain(code, framework.weights[code], to_score(parts[code]), to_score(room),
                                   to_score(gain), to_score(parts[code] + gain) if possible else None,
                                   possible))
    if index and per_index and per_index[0].is_possible is False:
        notes.append(Text("solver.index_alone", index=index, headroom=Number.or_missing(per_index[0].headroom)))
    mix = mix_cost = mix_possible = None
    if total_only:
        notes.append(Text("solver.no_weights"))
    elif parts is not None:
        headroom = {c: FULL - v for c, v in parts.items()}
        gains, mix_possible = cheapest_mix(framework, current, target_point, headroom, costs)
        mix_possible = mix_possible and is_reachable
        mix = {c: to_score(v) for c, v in gains.items()}
        mix_cost = round(sum((costs or {}).get(c, 1.0) * to_score(v) for c, v in gains.items()), 4)
        if not mix_possible:
            notes.append(Text("solver.mix_impossible"))
    else:
        notes.append(Text("solver.no_parts"))
    return Solution(
        baseline.code, baseline.name, ranking_field.year, target.describe(ranking_field),
        to_score(target_point), (to_score(optimistic), to_score(guaranteed)), to_score(baseline.ticks),
        to_score(least_total) if least_total is not None else None, total_range, is_reachable, is_tie,
        tuple(per_index), mix, mix_cost, mix_possible, ranking_field.kind, ranking_field.assumption, uses_estimates,
        tuple(notes))
