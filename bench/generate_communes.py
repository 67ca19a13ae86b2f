"""GENERATED TEST DATA: a commune-level DTI results file per year for one province (TP. Cần Thơ,
102 xã, phường), random but plausible, to walk communes through the real import and the screens.

Nothing here is a published value. Every file says so in its first line, declares its unit set as
generated ("Dữ liệu sinh ngẫu nhiên: có"), and the import stores its values with provenance
`generated` (shown with ‡ and a notice on every screen). The units are invented ("Phường Mẫu 01",
"Xã Mẫu 01"): no real commune is named.

    python -m bench.generate_communes [folder]    # default bench/generated/ (git-ignored)
    python -m dti import bench/generated/cantho_xa_2024.csv --year 2024 --yes
    python -m dti import bench/generated/cantho_xa_2025.csv --year 2025 --yes

Scores: DTI = 0,4·CQS + 0,3·KTS + 0,3·XHS of generated pillars (QĐ 1726's split, so the numbers
hang together), four main indices near their pillar, 2025 = 2024 plus a small random change;
ranks by the official tie rule on the 4-decimal scores. Seeded: the same files every run.
"""

import csv
import io
import random
import sys
from pathlib import Path

from dti import import_unit_set, registry

GENERATED_DIR = Path(__file__).resolve().parent / "generated"
UNIT_SET = "cantho_xa"
WARD_COUNT, COMMUNE_COUNT = 31, 71          # 102 units
YEARS = (2024, 2025)
SEED = 20260701
GENERATED_MARK = import_unit_set.GENERATED_MARK
UNITS = registry.UnitSet(
    UNIT_SET, WARD_COUNT + COMMUNE_COUNT, UNIT_SET, "102 xã, phường của TP. Cần Thơ (sinh ngẫu nhiên)", None, None,
    None, None, unit_level="commune", noun_vi="xã, phường", noun_en="communes and wards",
    label_en="102 communes and wards of Can Tho City (generated)", is_generated=True)
# The title lines the import reads (dti/import_unit_set.py writes and reads this one format).
DECLARATION = import_unit_set.declaration_for(UNITS, "TP. Cần Thơ")[1:]  # the mark is written first anyway
# (column header, metric code, pillar it follows) — main indices of QĐ 405 (2024 onward).
MAIN_INDICES = (("Hạ tầng số", "ha_tang_so", "cqs"), ("Hoạt động chính quyền số", "hd_chinh_quyen_so", "cqs"),
                ("Hoạt động kinh tế số", "hd_kinh_te_so", "kts"), ("Hoạt động xã hội số", "hd_xa_hoi_so", "xhs"))
PILLARS = (("Chính quyền số", "cqs"), ("Kinh tế số", "kts"), ("Xã hội số", "xhs"))


def units() -> list[tuple[str, str]]:
    """(code, name) of the 102 invented units: 31 wards, then 71 communes."""
    wards = [(f"{number:05d}", f"Phường Mẫu {number:02d}") for number in range(1, WARD_COUNT + 1)]
    communes = [(f"{WARD_COUNT + number:05d}", f"Xã Mẫu {number:02d}") for number in range(1, COMMUNE_COUNT + 1)]
    return wards + communes


def _clip(value: float) -> float:
    return min(0.98, max(0.05, value))


def scores_by_year(seed: int = SEED) -> dict[int, dict[str, dict[str, float]]]:
    """year -> unit code -> metric -> score (4 decimals)."""
    rng = random.Random(seed)
    result: dict[int, dict[str, dict[str, float]]] = {}
    base = {}
    for code, name in units():
        level = rng.gauss(0.62 if name.startswith("Phường") else 0.50, 0.07)  # wards a little ahead
        base[code] = {pillar: _clip(level + rng.gauss(0, 0.05)) for _, pillar in PILLARS}
    for offset, year in enumerate(YEARS):
        year_scores = {}
        for code, pillars in base.items():
            drift = rng.gauss(0.02, 0.03) * offset
            shifted = {pillar: round(_clip(value + drift + rng.gauss(0, 0.015) * offset), 4)
                       for pillar, value in pillars.items()}
            scores = dict(shifted)
            scores["dti"] = round(0.4 * shifted["cqs"] + 0.3 * shifted["kts"] + 0.3 * shifted["xhs"], 4)
            for _, metric, pillar in MAIN_INDICES:
                scores[metric] = round(_clip(shifted[pillar] + rng.gauss(0, 0.06)), 4)
            year_scores[code] = scores
        result[year] = year_scores
    return result


def competition_ranks(scores: dict[str, float]) -> dict[str, int]:
    """The official tie rule: equal 4-decimal scores share a rank, the next rank skips ("15, 15, 17")."""
    ordered = sorted(scores.values(), reverse=True)
    return {code: ordered.index(value) + 1 for code, value in scores.items()}


def results_file(year: int, scores: dict[str, dict[str, float]]) -> str:
    """One year's results as the CSV an official table would be: title and declaration lines,
    then a header row and one row per unit (scores with a decimal comma, as published)."""
    metrics = [("Chỉ số DTI", "Xếp hạng DTI", "dti")] + [
        (label, f"Xếp hạng {label}", metric) for label, metric in PILLARS] + [
        (label, f"Xếp hạng {label}", metric) for label, metric, _ in MAIN_INDICES]
    ranks = {metric: competition_ranks({code: s[metric] for code, s in scores.items()}) for *_, metric in metrics}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([GENERATED_MARK])
    writer.writerow([f"Chỉ số chuyển đổi số cấp xã năm {year} — TP. Cần Thơ (sinh ngẫu nhiên)"])
    for line in DECLARATION:
        writer.writerow([line])
    writer.writerow(["STT", "Mã xã", "Xã, phường"] + [h for score, rank, _ in metrics for h in (score, rank)])
    names = dict(units())
    for number, code in enumerate(sorted(scores, key=lambda c: (ranks["dti"][c], c)), 1):
        row = [str(number), code, names[code]]
        for *_, metric in metrics:
            row += [f"{scores[code][metric]:.4f}".replace(".", ","), str(ranks[metric][code])]
        writer.writerow(row)
    return out.getvalue()


def write_files(folder: Path = GENERATED_DIR) -> list[Path]:
    """Write cantho_xa_<year>.csv for every year into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year, scores in scores_by_year().items():
        path = folder / f"{UNIT_SET}_{year}.csv"
        path.write_text(results_file(year, scores), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_files(Path(sys.argv[1]) if len(sys.argv) > 1 else GENERATED_DIR):
        print(f"{written} ({GENERATED_MARK.lower()})")
