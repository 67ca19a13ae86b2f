"""The one place for unit sets and for looking up a year's assessment method.

Unit sets are data: the country's two (63 and 34 provinces, Resolution 202/2025/QH15) come from
data/unit_sets.csv, and an import may declare another (a province's communes) in its file.
Both land in the database's `unit_set` table; `unit_set(code)` is the one lookup every sentence
that counts units goes through, `unit_sets(version)` every set of a version (cached per version).
The assessment methods are data too (data/indicators.csv, the `framework` table and the
`year_framework` view), and this module is the one Python lookup of them.
"""

import functools
from dataclasses import dataclass

import pandas as pd

from dti import formatting, methodology, queries, store
from dti.config import DATA_DIR

UNIT_SETS_FILE = DATA_DIR / "unit_sets.csv"
UNIT_LEVELS = ("province", "commune")


@dataclass(frozen=True)
class UnitSet:
    code: str                  # the key in the database: 'p63'
    size: int                  # how many units it has
    url_value: str             # how the URL and the CLI name it: '63'
    label: str                 # '63 tỉnh, thành phố (trước 1/7/2025)'
    valid_from: str | None     # ISO dates the set was the country's division
    valid_to: str | None
    first_year: int | None     # the assessed years published in this set (None: open)
    last_year: int | None
    unit_level: str = "province"
    noun_vi: str = "tỉnh, thành phố"   # what a count of its units is called: '17/63 tỉnh, thành phố'
    noun_en: str = "provinces"
    label_en: str = ""
    is_generated: bool = False  # generated test data: every number marked ‡, a notice on every screen
    parent_unit_set: str | None = None   # communes: the province they belong to
    parent_unit_code: str | None = None

    @property
    def short_label(self) -> str:
        """'63 tỉnh, thành phố'."""
        return f"{self.size} {self.noun_vi}"

    def noun(self, lang: str = "vi") -> str:
        """The counted unit in a sentence: 'tỉnh, thành phố' / 'provinces' (communes: 'xã, phường')."""
        return self.noun_en if lang == "en" else self.noun_vi

    def title(self, lang: str = "vi") -> str:
        """The set's name in a picker: '102 xã, phường của TP. Cần Thơ'."""
        return (self.label_en or self.label) if lang == "en" else self.label

    def mean_label(self, lang: str = "vi") -> str:
        """What the mean of the whole set is called: 'Trung bình cả nước' for the country's sets,
        'Trung bình 102 xã, phường' for a province's communes (a lower level or a set with a parent unit)."""
        if self.parent_unit_code is None and self.unit_level == "province":
            return "National mean" if lang == "en" else "Trung bình cả nước"
        return f"Mean of the {self.size} {self.noun_en}" if lang == "en" else f"Trung bình {self.size} {self.noun_vi}"

    def covers(self, year: int) -> bool:
        return ((self.first_year is None or self.first_year <= year)
                and (self.last_year is None or year <= self.last_year))


def _int_or_none(value) -> int | None:
    return None if formatting.is_missing(value) or value == "" else int(value)


def _text_or_none(value) -> str | None:
    return None if formatting.is_missing(value) or value == "" else str(value)


def unit_set_from_row(row: dict, size: int) -> UnitSet:
    """A UnitSet from a row of the `unit_set` table (or of data/unit_sets.csv) and its unit count."""
    return UnitSet(
        code=str(row["unit_set"]), size=int(size), url_value=str(row["url_value"]),
        label=str(row.get("label_vi") or row.get("name_vi")),
        valid_from=_text_or_none(row.get("valid_from")), valid_to=_text_or_none(row.get("valid_to")),
        first_year=_int_or_none(row.get("first_year")), last_year=_int_or_none(row.get("last_year")),
        unit_level=str(row["unit_level"]), noun_vi=str(row["noun_vi"]), noun_en=str(row["noun_en"]),
        label_en=_text_or_none(row.get("label_en")) or "",
        is_generated=str(row.get("is_generated")) in ("1", "True", "true"),
        parent_unit_set=_text_or_none(row.get("parent_unit_set")),
        parent_unit_code=_text_or_none(row.get("parent_unit_code")))


@functools.cache
def bundled_unit_sets() -> dict[str, UnitSet]:
    """The country's unit sets as data/unit_sets.csv declares them (what every build stores)."""
    rows = pd.read_csv(UNIT_SETS_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    return {row["unit_set"]: unit_set_from_row(row, int(row["unit_count"]))
            for row in rows.to_dict("records")}


UNIT_SETS = bundled_unit_sets()
UNIT_SET_BY_URL = {unit_set.url_value: unit_set.code for unit_set in UNIT_SETS.values()}


@functools.lru_cache(maxsize=16)
def _stored_unit_sets(version: str) -> dict[str, UnitSet]:
    rows = queries.run_query("unit_sets", version)
    return {row["unit_set"]: unit_set_from_row(row, row["unit_count"]) for row in rows.to_dict("records")}


def unit_sets(version: str | None = None) -> dict[str, UnitSet]:
    """Every unit set of a database version (default: the one served), bundled ones first:
    the sets an import declared (a province's communes) included. Cached per version."""
    return _stored_unit_sets(store.named_version(version))


def unit_set(code: str, version: str | None = None) -> UnitSet:
    """The unit set of a database key ('p63', 'cantho_xa'); the one lookup every sentence that
    counts units uses. KeyError where no version has it."""
    if code in UNIT_SETS:
        return UNIT_SETS[code]
    return unit_sets(version)[code]


def unit_set_for_url(text: str, version: str | None = None) -> UnitSet | None:
    """The set a URL or the CLI names ('63', '34', 'cantho_xa'), or None."""
    return next((u for u in unit_sets(version).values() if u.url_value == text), None)


def unit_sets_for_year(year: int) -> list[UnitSet]:
    """The country's unit sets a year's results are published in (2024: both)."""
    return [unit_set for unit_set in UNIT_SETS.values() if unit_set.covers(year)]


def stored_frameworks(version: str | None = None) -> list[methodology.Framework]:
    """Every assessment method of a database version, with its weights (weights are data); read once
    per version."""
    return list(_stored_frameworks(store.named_version(version)))


@functools.lru_cache(maxsize=16)
def _stored_frameworks(version: str) -> tuple[methodology.Framework, ...]:
    return tuple(frameworks_from_indicators(queries.run_query("indicators_by_framework", version)))


def framework_for_year(year: int, version: str | None = None) -> methodology.Framework | None:
    """The assessment method a year was (or is) assessed by, or None."""
    return methodology.framework_for_year(stored_frameworks(version), year)


def frameworks_from_indicators(indicators: pd.DataFrame) -> list[methodology.Framework]:
    """The assessment methods from indicators_by_framework rows (a page's cached query)."""
    rows = indicators.to_dict("records")
    return methodology.frameworks_from_rows([{k: _plain(v) for k, v in r.items()} for r in rows])


def method_changes(frameworks: list[methodology.Framework]) -> list[tuple[int, str]]:
    """(first year, 'QĐ 922') of every method that replaced another, oldest first."""
    return [(f.first_year, f.short_decision) for f in sorted(frameworks, key=lambda f: f.first_year)[1:]]


def method_periods(frameworks: list[methodology.Framework]) -> str:
    """'2020: QĐ 1726; 2021–2023: QĐ 922; từ 2024: QĐ 405'."""
    return "; ".join(f"{f.years_text}: {f.short_decision}" for f in sorted(frameworks, key=lambda f: f.first_year))


def _plain(value):
    return None if formatting.is_missing(value) else value
