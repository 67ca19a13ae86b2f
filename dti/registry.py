"""The one place for unit sets and for looking up a year's assessment method.

Unit sets are fixed by law (Resolution 202/2025/QH15), so they are constants here; the
assessment methods are data (data/indicators.csv, the `framework` table and the
`year_framework` view), and this module is the one Python lookup of them.
"""

from dataclasses import dataclass

import pandas as pd

from dti import formatting, methodology, queries


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

    @property
    def short_label(self) -> str:
        """'63 tỉnh, thành phố'."""
        return f"{self.size} {self.noun_vi}"

    def noun(self, lang: str = "vi") -> str:
        """The counted unit in a sentence: 'tỉnh, thành phố' / 'provinces' (communes: 'xã, phường')."""
        return self.noun_en if lang == "en" else self.noun_vi

    def covers(self, year: int) -> bool:
        return ((self.first_year is None or self.first_year <= year)
                and (self.last_year is None or year <= self.last_year))


UNIT_SETS = {unit_set.code: unit_set for unit_set in (
    UnitSet("p63", 63, "63", "63 tỉnh, thành phố (trước 1/7/2025)", None, "2025-06-30", None, 2024),
    UnitSet("p34", 34, "34", "34 tỉnh, thành phố (từ 1/7/2025)", "2025-07-01", None, 2024, None),
)}
UNIT_SET_BY_URL = {unit_set.url_value: unit_set.code for unit_set in UNIT_SETS.values()}
UNIT_COUNT_BY_SET = {unit_set.code: unit_set.size for unit_set in UNIT_SETS.values()}


def unit_set(code: str) -> UnitSet:
    """The unit set of a database key ('p63'); the one lookup every sentence that counts units uses."""
    return UNIT_SETS[code]


def unit_sets_for_year(year: int) -> list[UnitSet]:
    """The unit sets a year's results are published in (2024: both)."""
    return [unit_set for unit_set in UNIT_SETS.values() if unit_set.covers(year)]


def stored_frameworks(version: str | None = None) -> list[methodology.Framework]:
    """Every assessment method of a database version, with its weights (weights are data)."""
    return frameworks_from_indicators(queries.run_query("indicators_by_framework", version))


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
