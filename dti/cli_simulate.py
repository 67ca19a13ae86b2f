"""The `simulate` and `solve` commands: read their options, load the year, answer, format.

Machine formats print the answer object (0–1 scale, dot decimals); the table format is
Vietnamese for people (decimal comma via dti.formatting).
"""

import argparse
import json

from dti import formatting, queries, registry, simulation, solver
from dti.cli_common import assessment_year
from dti.simulation import SimulationError


def add_simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--province", required=True, help="mã (22) hoặc tên tỉnh")
    parser.add_argument("--year", type=assessment_year, help="năm đánh giá (mặc định: năm gần nhất đủ thứ hạng)")
    parser.add_argument("--set", action="append", default=[], metavar="MÃ=GIÁ_TRỊ",
                        help="giá trị mới của một chỉ số chính, ví dụ hd_kinh_te_so=0.9 (lặp lại được)")
    parser.add_argument("--values", action="append", default=[], metavar="MÃ=GIÁ_TRỊ",
                        help="giá trị hiện tại của mọi chỉ số chính, cho tỉnh chưa có số liệu chỉ số")
    parser.add_argument("--total-gain", default="0", help="mức tăng tổng điểm (thang 0–1), ví dụ 0.02")
    parser.add_argument("--field", default="held",
                        help="các tỉnh khác: held | own-trend | national-mean | uniform:0.03")
    parser.add_argument("--band", default=str(simulation.DEFAULT_BAND),
                        help="độ rộng dải ổn định thứ hạng (± tổng điểm), mặc định 0.005")


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--province", required=True, help="mã (22) hoặc tên tỉnh")
    parser.add_argument("--year", type=assessment_year, help="năm đánh giá (mặc định: năm gần nhất đủ thứ hạng)")
    goal = parser.add_mutually_exclusive_group(required=True)
    goal.add_argument("--target-rank", type=int, help="thứ hạng mục tiêu")
    goal.add_argument("--top", type=int, help="vào nhóm N tỉnh dẫn đầu, ví dụ 10")
    goal.add_argument("--overtake", help="mã hoặc tên tỉnh cần vượt")
    goal.add_argument("--first-in-region", action="store_true", help="dẫn đầu vùng kinh tế - xã hội")
    parser.add_argument("--index", help="chỉ tăng một chỉ số chính (mã trong data/indicators.csv)")
    parser.add_argument("--values", action="append", default=[], metavar="MÃ=GIÁ_TRỊ")
    parser.add_argument("--cost", action="append", default=[], metavar="MÃ=CHI_PHÍ",
                        help="chi phí nỗ lực của một chỉ số (mặc định bằng nhau, 1)")
    parser.add_argument("--field", default="held")


def _number(text: str, what: str) -> float:
    try:
        return float(str(text).replace(",", "."))
    except ValueError as error:
        raise SimulationError(f"{what} không phải là số: '{text}'.") from error


def _pairs(items: list[str], option: str) -> dict[str, float]:
    pairs = {}
    for item in items:
        if "=" not in item:
            raise SimulationError(f"{option} cần dạng MÃ=GIÁ_TRỊ, nhận được '{item}'.")
        code, value = item.split("=", 1)
        pairs[code.strip()] = _number(value.strip(), f"{option} {code.strip()}")
    return pairs


def _load(unit_set: str, year: int, unit, field_option: str, values: dict[str, float]):
    framework = registry.framework_for_year(year)
    framework = simulation.require_weights(framework, year)
    ranking_field = simulation.load_field(unit_set, year, field_option)
    held = ranking_field if ranking_field.kind == "held" else simulation.load_held_field(unit_set, year)
    stored = simulation.load_stored_scores(unit_set, year, unit.code)
    baseline = simulation.make_baseline(held, framework, unit.code, unit.name, stored, values or None)
    return framework, ranking_field, baseline


def run_simulate(args, unit_set: str, unit, year: int) -> str:
    framework, ranking_field, baseline = _load(unit_set, year, unit, args.field, _pairs(args.values, "--values"))
    result = simulation.simulate(ranking_field, framework, baseline, _pairs(args.set, "--set"),
                                 _number(args.total_gain, "--total-gain"), _number(args.band, "--band"))
    if args.format == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    if args.format == "csv":
        return _csv(result.to_dict())
    return simulation_table(result)


def run_solve(args, unit_set: str, unit, year: int, overtake_code: str | None) -> str:
    framework, ranking_field, baseline = _load(unit_set, year, unit, args.field, _pairs(args.values, "--values"))
    if args.target_rank is not None:
        target = solver.Target("rank", rank=args.target_rank)
    elif args.top is not None:
        target = solver.Target("top", rank=args.top)
    elif overtake_code is not None:
        target = solver.Target("overtake", province_code=overtake_code)
    else:
        target = solver.Target("region_first")
    costs = _pairs(args.cost, "--cost") or None
    result = solver.solve(ranking_field, framework, baseline, target, args.index, costs)
    if args.format == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
    if args.format == "csv":
        return _csv(result.to_dict())
    return solution_table(result)


def _csv(record: dict) -> str:
    lines = ["key,value"]
    for key, value in record.items():
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
        lines.append(f"{key},\"{text.replace(chr(34), chr(34) * 2)}\"")
    return "\n".join(lines) + "\n"


def _rank_text(rank, rank_range, unit_count) -> str:
    if rank is None:
        return "chưa xếp được (chưa đủ số liệu)"
    text = formatting.format_rank(rank, unit_count)
    if rank_range and rank_range[0] != rank_range[1]:
        text += f" (có thể từ {rank_range[0]} đến {rank_range[1]} do dữ liệu ước tính)"
    return text


def _index_label(code: str) -> str:
    """'Hoạt động chính quyền số (hd_chinh_quyen_so)': the name people read, the code --index takes."""
    indicators = queries.run_query("indicators_by_framework")
    names = dict(zip(indicators["code"], indicators["name_vi"]))
    return f"{names[code]} ({code})" if code in names else code


def simulation_table(result: simulation.Simulation) -> str:
    """A short Vietnamese report of a forward what-if."""
    score = formatting.format_score
    lines = [f"Mô phỏng DTI {result.year}: {result.province_name}",
             f"Điểm: {score(result.old_score)} → {score(result.new_score)} "
             f"({formatting.format_signed_score(result.new_score - result.old_score)})"]
    if result.new_score_range[0] != result.new_score_range[1]:
        lines.append(f"  (điểm gốc là ước tính, nên điểm mới có thể từ {score(result.new_score_range[0])} "
                     f"đến {score(result.new_score_range[1])})")
    lines.append(f"Xếp hạng: {formatting.format_rank(result.old_rank, result.unit_count)} → "
                 f"{_rank_text(result.new_rank, result.rank_range, result.unit_count)}")
    if result.robustness_band:
        lines.append(f"Dải ổn định (±{score(result.band, 3)} tổng điểm): hạng {result.robustness_band[0]} "
                     f"đến {result.robustness_band[1]}")
    for pillar, new in result.new_pillars.items():
        lines.append(f"  {pillar.upper()}: {score(result.old_pillars.get(pillar))} → {score(new)}")
    if result.new_values:
        for code, new in result.new_values.items():
            old = result.old_values[code]
            if old != new and code not in result.new_pillars:
                lines.append(f"  {_index_label(code)}: {score(old)} → {score(new)}")
    lines.append(f"Giả định: {result.field_assumption}")
    if result.uses_estimates:
        lines.append("Kết quả có dùng dữ liệu ước tính.")
    lines.extend(result.notes)
    return "\n".join(lines)


def solution_table(result: solver.Solution) -> str:
    """A short Vietnamese report of an inverse solve."""
    score = formatting.format_score
    lines = [f"Mục tiêu DTI {result.year}: {result.province_name} {result.target}",
             f"Điểm hiện tại {score(result.current_score)}; điểm cần đạt {score(result.target_score)}"]
    if result.least_total_gain is not None:
        lines.append(f"Mức tăng tổng điểm tối thiểu: {score(result.least_total_gain)}")
    low, high = result.least_total_gain_range
    if low != high:
        lines.append(f"  (theo cận của dữ liệu ước tính: từ {score(low)} đến {score(high)}; "
                     f"{score(high)} là chắc chắn đạt)")
    lines.append("Chỉ tăng một chỉ số:")
    for gain in result.per_index:
        if gain.is_possible is False and gain.headroom is None:
            lines.append(f"  {_index_label(gain.code)}: cần +{score(gain.least_gain)}, quá mức tối đa của chỉ số "
                         "(không thể)")
        elif gain.is_possible is False:
            lines.append(f"  {_index_label(gain.code)}: cần +{score(gain.least_gain)}, vượt dư địa "
                         f"{score(gain.headroom)} (không thể)")
        elif gain.is_possible is None:
            lines.append(f"  {_index_label(gain.code)}: cần +{score(gain.least_gain)} (chưa biết dư địa)")
        else:
            lines.append(f"  {_index_label(gain.code)}: +{score(gain.least_gain)} ({score(gain.current)} → "
                         f"{score(gain.new_value)})")
    if result.cheapest_mix is not None:
        mix = ", ".join(f"{_index_label(c)} +{score(v)}" for c, v in result.cheapest_mix.items()) or "không cần tăng"
        lines.append(f"Phương án ít nỗ lực nhất: {mix}"
                     + ("" if result.is_mix_possible else " (không đủ dư địa)"))
    lines.append(f"Giả định: {result.field_assumption}")
    if result.uses_estimates:
        lines.append("Kết quả có dùng dữ liệu ước tính.")
    lines.extend(result.notes)
    return "\n".join(lines)
