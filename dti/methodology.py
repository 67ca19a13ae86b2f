"""The one place that knows how a year's total and pillars follow from its parts.

Weights are data (`indicator.points`), never literals here: an administrator who enters
the QĐ 405 weights makes 2024+ computable with no code change.
"""

from dataclasses import dataclass, field, replace

from dti.i18n.text import Text

PILLARS = ("cqs", "kts", "xhs")
# Each QĐ 922 pillar combines the scored foundation indices with its own activity index.
PILLAR_ACTIVITY_INDEX = {
    "cqs": "hd_chinh_quyen_so",
    "kts": "hd_kinh_te_so",
    "xhs": "hd_xa_hoi_so",
}
WEIGHTED_SUM_TOLERANCE = 0.0002


@dataclass(frozen=True)
class Framework:
    """One assessment method: its years and the points of what makes up the total."""

    code: str
    decision: str
    first_year: int
    last_year: int | None
    total_from: str  # "pillars" (QĐ 1726) or "main" (QĐ 922, QĐ 405)
    weights: dict[str, float] = field(default_factory=dict)  # part code -> points
    foundation_codes: tuple[str, ...] = ()
    aggregated: tuple[str, ...] = ()  # foundation indices one part stands for (simulation.foundation_rest)

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def has_weights(self) -> bool:
        return bool(self.weights) and all(points is not None for points in self.weights.values())

    @property
    def part_codes(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @property
    def short_decision(self) -> str:
        """'QĐ 922' for the decision '922/QĐ-BTTTT (…)'."""
        return f"QĐ {self.decision.split('/')[0]}"

    @property
    def years_text(self) -> str:
        """'2020', '2021–2023' or 'từ 2024' (still in force)."""
        if self.last_year is None:
            return f"từ {self.first_year}"
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def parse_years(years: str) -> tuple[int, int | None]:
    """'2020' -> (2020, 2020); '2021-2023' -> (2021, 2023); '2024-' -> (2024, None)."""
    if "-" not in years:
        return int(years), int(years)
    first, last = years.split("-", 1)
    return int(first), int(last) if last else None


def frameworks_from_rows(rows: list[dict]) -> list[Framework]:
    """Build frameworks from indicator rows (`framework, decision, years, code, parent, level,
    points, is_scored`), as in data/indicators.csv or the `indicator` table."""
    by_code: dict[str, list[dict]] = {}
    for row in rows:
        by_code.setdefault(row["framework"], []).append(row)
    frameworks = []
    for code, items in by_code.items():
        first_year, last_year = parse_years(str(items[0]["years"]))
        mains = [r for r in items if r["level"] == "main" and _is_true(r["is_scored"])]
        if mains:
            total_from = "main"
            parts = mains
        else:
            total_from = "pillars"
            parts = [r for r in items if r["level"] == "pillar"]
        weights = {r["code"]: _points(r["points"]) for r in parts}
        foundation_parents = {r["code"] for r in items if r["level"] == "group"
                              and r["code"] == "nen_tang_chung"}
        foundation = tuple(r["code"] for r in mains if r["parent"] in foundation_parents)
        frameworks.append(Framework(code, items[0]["decision"], first_year, last_year,
                                    total_from, weights, foundation))
    return sorted(frameworks, key=lambda f: f.first_year)


def framework_for_year(frameworks: list[Framework], year: int) -> Framework | None:
    return next((f for f in frameworks if f.covers(year)), None)


def weighted_total(framework: Framework, part_values: dict[str, float]) -> float:
    """The total (0–1) from the framework's parts: Σ pointsᵢ·valueᵢ / Σ points.

    Raises ValueError where the weights are unknown or a part value is missing.
    """
    if not framework.has_weights:
        raise ValueError(f"Khung {framework.code} chưa có trọng số công khai")
    missing = [code for code in framework.weights if part_values.get(code) is None]
    if missing:
        raise ValueError("Thiếu giá trị: " + ", ".join(missing))
    total_points = sum(framework.weights.values())
    return sum(points * part_values[code] for code, points in framework.weights.items()) / total_points


def pillar_scores(framework: Framework, main_values: dict[str, float]) -> dict[str, float]:
    """QĐ 922 pillars: (Σ foundation points·value + activity points·activity) / points.

    Empty for frameworks whose pillars are not computed from main indices.
    """
    if framework.total_from != "main" or not framework.foundation_codes or not framework.has_weights:
        return {}
    foundation_points = sum(framework.weights[c] * main_values[c] for c in framework.foundation_codes)
    foundation_weight = sum(framework.weights[c] for c in framework.foundation_codes)
    pillars = {}
    for pillar, activity in PILLAR_ACTIVITY_INDEX.items():
        activity_weight = framework.weights[activity]
        pillars[pillar] = (foundation_points + activity_weight * main_values[activity]) / (
            foundation_weight + activity_weight)
    return pillars


def _points(value) -> float | None:
    if value is None or value == "" or value != value:  # NaN
        return None
    return float(value)


def _is_true(value) -> bool:
    return str(value).strip().lower() in ("1", "true")


# Published scores carry 4 decimals: the true value lies within half a unit of the last digit.
INPUT_HALF_WIDTH = 0.00005
# A computed score is stored rounded to 4 decimals too, which adds the same half unit.
STORED_HALF_WIDTH = 0.00005


def pillar_scores_from_total(framework: Framework, values: dict[str, float]) -> dict[str, tuple[float, float]]:
    """QĐ 922 pillars where the foundation indices are not all known, with their bounds.

    DTI = Σ pointsᵢ·valueᵢ / T gives Σ foundation points·value = T·DTI − Σ activity points·value,
    so pillar p = (T·DTI − Σ other activities' points·value) / (foundation points + p's activity
    points). Each input is known to ±INPUT_HALF_WIDTH, so the pillar is known to
    ±INPUT_HALF_WIDTH·(T + Σ other activities' points) / (foundation points + p's activity points):
    CQS (1000 + 300) / 700 · 0,00005 = 0,0000929; KTS, XHS (1000 + 350) / 650 · 0,00005 = 0,0001038.
    Returns {pillar: (value, bound)}, empty where an input is missing or the weights are unknown.
    """
    if framework.total_from != "main" or not framework.foundation_codes or not framework.has_weights:
        return {}
    activities = tuple(PILLAR_ACTIVITY_INDEX.values())
    if any(values.get(code) is None for code in ("dti", *activities)):
        return {}
    total_points = sum(framework.weights.values())
    foundation_weight = sum(framework.weights[c] for c in framework.foundation_codes)
    pillars = {}
    for pillar, activity in PILLAR_ACTIVITY_INDEX.items():
        others = [a for a in activities if a != activity]
        numerator = total_points * values["dti"] - sum(framework.weights[a] * values[a] for a in others)
        denominator = foundation_weight + framework.weights[activity]
        bound = INPUT_HALF_WIDTH * (total_points + sum(framework.weights[a] for a in others)) / denominator
        pillars[pillar] = (numerator / denominator, bound)
    return pillars


def weights_problems(framework: Framework, points: dict[str, float], source: str) -> list[str]:
    """Why entered points cannot be used, in Vietnamese (empty = usable): every main index of the
    framework, each a positive number, and the document they come from."""
    messages = []
    missing = [c for c in framework.weights if c not in points]
    if missing:
        messages.append(Text("weights.missing", codes=", ".join(missing)))
    unknown = [c for c in points if c not in framework.weights]
    if unknown:
        messages.append(Text("weights.unknown", decision=framework.short_decision, codes=", ".join(unknown)))
    for code, value in points.items():
        if not isinstance(value, int | float) or value != value or value <= 0:
            messages.append(Text("weights.not_positive", code=code, value=value))
    if not source.strip():
        messages.append(Text("weights.no_source"))
    return messages


def with_entered_weights(framework: Framework, points: dict[str, float]) -> Framework:
    """The framework with an administrator's points (the caller says they are entered, not published)."""
    return replace(framework, weights={code: float(points[code]) for code in framework.weights})
