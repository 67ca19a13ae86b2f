"""Solver and what-if answer times on the real data: every province of 2023 (QĐ 922, four or eight
main indices known), four targets each (top 10, first place, overtake the unit just above, first in
the region) and one what-if, as the simulator computes them (scenarios.scenario_framework /
scenario_baseline, solver.solve, simulation.simulate). The year's context is loaded once per
province, as the screen's cache does; its cold load is reported too."""

import time

from bench import stats
from dti import queries, scenarios, simulation, solver
from dti.scenarios import Scenario

YEAR = 2023
UNIT_SET = "p63"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def answer_times(version: str, repetitions: int) -> dict[str, list[float]]:
    codes = list(queries.run_query("units_in_set", version, unit_set=UNIT_SET)["province_code"])
    times = {"context": [], "solve": [], "whatif": []}
    for code in codes:
        started = time.perf_counter()
        context = scenarios.load_context(UNIT_SET, YEAR, code, "held", version)
        times["context"].append(_ms(started))
        draft = Scenario("bench", "whatif", UNIT_SET, code, YEAR)
        try:
            rules = scenarios.scenario_framework(draft, context)
            baseline = scenarios.scenario_baseline(draft, context)
        except simulation.SimulationError:
            continue  # no total this year: the screen says so, nothing to time
        above = [u for u in context.field.competitors(code) if u.ticks > baseline.ticks]
        targets = [solver.Target("top", rank=10), solver.Target("rank", rank=1), solver.Target("region_first")]
        if above:
            targets.append(solver.Target("overtake", province_code=min(above, key=lambda u: u.ticks).code))
        changes = {c: 1.0 for c in list(rules.part_codes)[:1]} if baseline.part_values else {}
        for _ in range(repetitions):
            for target in targets:
                started = time.perf_counter()
                try:
                    solver.solve(context.field, rules, baseline, target)
                except simulation.SimulationError:
                    pass  # e.g. no region for this unit: answered with a message, timed all the same
                times["solve"].append(_ms(started))
            started = time.perf_counter()
            simulation.simulate(context.field, rules, baseline, changes, 0.0 if changes else 0.01)
            times["whatif"].append(_ms(started))
    return times


def results(version: str, repetitions: int) -> list[stats.Result]:
    times = answer_times(version, repetitions)
    return [
        stats.at_most("solver_answer_max", max(times["solve"]), "ms", 200,
                      f"every answer of 63 provinces × 4 targets, {YEAR}: {stats.describe(times['solve'])}"),
        stats.at_most("whatif_answer_max", max(times["whatif"]), "ms", 200,
                      f"one what-if per province, {YEAR}: {stats.describe(times['whatif'])}"),
        stats.Result("simulator_context_load", stats.p95(times["context"]), "ms", None, None,
                     "the year's field, rules and the province's scores, uncached (p95): "
                     + stats.describe(times["context"])),
    ]
