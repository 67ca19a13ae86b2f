"""The screen's header-mapping step: what a column can be mapped to by hand, and applying
the choices (column letter -> target) to the columns found."""

from dti import queries, reference
from dti.i18n import t
from dti.import_header import Column, importable_metrics


def apply_overrides(columns: list[Column], overrides: dict[str, str], keys: dict[str, str]) -> None:
    """Map columns by hand: column letter -> 'province' | 'code' | 'year' | 'ignore' | 'metric:measure'."""
    known_metrics = set(keys.values())
    for column in columns:
        target = overrides.get(column.letter)
        if not target:
            continue
        if target in ("province", "code", "year", "ignore"):
            column.role, column.metric, column.measure = target, None, None
        elif ":" in target:
            metric, measure = target.split(":", 1)
            if metric in known_metrics and measure in reference.MEASURES:
                column.role, column.metric, column.measure = "value", metric, measure


def mapping_choices(year: int, version: str | None = None, lang: str = "vi") -> dict[str, str]:
    """Targets a column can be mapped to by hand (target -> label in `lang`), for the screen."""
    indicators = queries.run_query("indicators_by_framework", version)
    choices = {key: t(f"mapping.{key}", lang) for key in ("ignore", "province", "code")}
    for row in importable_metrics(indicators, year).itertuples():
        choices[f"{row.code}:score"] = t("mapping.score", lang, name=row.name_vi)
        choices[f"{row.code}:rank"] = t("mapping.rank", lang, name=row.name_vi)
    return choices
