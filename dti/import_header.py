"""Recognise the header of an official results table: synonyms, title rows above it, two
header rows under a merged title, main-index names with or without diacritics. Pure."""

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dti import methodology
from dti.import_grid import HEADER_SEARCH_ROWS, clean_cell
from dti.import_numbers import is_number

PROVINCE_HEADERS = {"tinh thanh pho", "tinh thanh", "tinh tp", "dia phuong", "tinh", "ten tinh",
                    "ten tinh thanh pho", "ten dia phuong", "don vi", "ten don vi", "province",
                    # a commune-level table (a unit set an import declares)
                    "xa", "phuong", "xa phuong", "xa phuong dac khu", "ten xa", "ten xa phuong", "commune"}
CODE_HEADERS = {"ma", "ma tinh", "ma tinh thanh pho", "ma don vi", "ma dia phuong", "province code",
                "ma xa", "ma xa phuong", "commune code"}
YEAR_HEADERS = {"nam", "nam danh gia", "year"}
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ghi chu", "vung", "vung kinh te xa hoi",
                   "khu vuc", "xep loai", "nhom"}
RANK_WORDS = ("xep hang", "thu hang", "hang", "rank")
SCORE_WORDS = ("diem so", "diem", "gia tri", "chi so", "tru cot", "score", "value")
TOTAL_KEYS = {"", "dti", "chuyen doi so", "chuyen doi so cap tinh", "tong", "tong hop", "total"}
PILLAR_KEYS = {"cqs": "cqs", "kts": "kts", "xhs": "xhs"}


@dataclass(eq=False)
class Column:
    """One column of the file and what it was mapped to."""

    index: int
    letter: str            # "C" in a spreadsheet, "3" in a CSV
    label: str             # the header text as written (merged rows joined)
    role: str | None       # province | code | year | ignore | value | None (not mapped)
    metric: str | None = None
    measure: str | None = None

    @property
    def target(self) -> str:
        """'metric:measure' for a value column, else the role ('' when not mapped)."""
        return f"{self.metric}:{self.measure}" if self.role == "value" else (self.role or "")


def label_key(text: str) -> str:
    """A header's matching key: no diacritics, lower case, words separated by one space."""
    text = unicodedata.normalize("NFD", str(text)).lower()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def importable_metrics(indicators: pd.DataFrame, year: int) -> pd.DataFrame:
    """The indicator rows a file of the year may carry: total, pillars and main indices of the
    year's framework (none where no framework covers the year)."""
    frameworks = methodology.frameworks_from_rows(indicators.to_dict("records"))
    framework = methodology.framework_for_year(frameworks, year)
    if framework is None:
        return indicators.iloc[0:0]
    return indicators[(indicators["framework"] == framework.code)
                      & indicators["level"].isin(["total", "pillar", "main"])]


def metric_keys(indicators: pd.DataFrame, year: int) -> dict[str, str]:
    """Header key -> metric code for the framework of the year (total, pillars, main indices)."""
    keys = {key: "dti" for key in TOTAL_KEYS}
    keys.update(PILLAR_KEYS)
    for row in importable_metrics(indicators, year).itertuples():
        for name in (row.code.replace("_", " "), row.name_vi, row.name_en):
            if isinstance(name, str) and name:
                key = _strip_words(label_key(name), SCORE_WORDS)
                keys.setdefault(key, row.code)
    return keys


def _strip_words(key: str, words: tuple[str, ...]) -> str:
    for word in words:
        key = re.sub(rf"(^| ){word}( |$)", " ", key).strip()
    return re.sub(r"\s+", " ", key).strip()


def map_label(label: str, keys: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """(role, metric, measure) of a header label; role None when it cannot be mapped."""
    key = label_key(label)
    if not key:
        return None, None, None
    if key in PROVINCE_HEADERS:
        return "province", None, None
    if key in CODE_HEADERS:
        return "code", None, None
    if key in YEAR_HEADERS:
        return "year", None, None
    if key in IGNORED_HEADERS:
        return "ignore", None, None
    words = " ".join(w for w in key.split() if not w.isdigit())
    measure = "rank" if _strip_words(words, RANK_WORDS) != words else "score"
    rest = _strip_words(_strip_words(words, RANK_WORDS), SCORE_WORDS)
    rest = re.sub(r"^hd ", "hoat dong ", rest)
    if rest in keys:
        return "value", keys[rest], measure
    return None, None, None


def _column_letter(index: int, is_spreadsheet: bool) -> str:
    if not is_spreadsheet:
        return str(index + 1)
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _combined_labels(top: list[str], bottom: list[str]) -> list[str]:
    """Two header rows as one: a merged title spans the sub-headers under it."""
    labels, carried = [], ""
    for upper, lower in zip(top, bottom, strict=False):
        upper, lower = clean_cell(upper), clean_cell(lower)
        if upper:
            carried = upper
        elif lower:
            upper = carried
        labels.append(upper if upper == lower or not lower else f"{upper} {lower}".strip())
    return labels


def find_header(rows: list[list[str]], keys: dict[str, str],
                is_spreadsheet: bool) -> tuple[int, list[Column]] | None:
    """(index of the first data row, columns) of the best header in the first rows, or None."""
    best = best_header(rows, keys, is_spreadsheet)
    return None if best is None else (best[1], best[2])


def best_header(rows: list[list[str]], keys: dict[str, str],
                 is_spreadsheet: bool) -> tuple[int, int, list[Column]] | None:
    best = None
    for start in range(min(len(rows), HEADER_SEARCH_ROWS)):
        candidates = [(start + 1, [clean_cell(c) for c in rows[start]])]
        if start + 1 < len(rows) and not any(is_number(clean_cell(c)) for c in rows[start + 1]):
            candidates.append((start + 2, _combined_labels(rows[start], rows[start + 1])))
        for data_start, labels in candidates:
            columns = []
            for index, label in enumerate(labels):
                role, metric, measure = map_label(label, keys)
                columns.append(Column(index, _column_letter(index, is_spreadsheet), label, role,
                                      metric, measure))
            roles = [c.role for c in columns]
            targets = [c.target for c in columns if c.role == "value"]
            if ("province" in roles or "code" in roles) and targets:
                # Distinct value columns count; two columns meaning the same thing count against.
                duplicates = len(targets) - len(set(targets))
                score = len(set(targets)) * 2 - duplicates * 3 + ("province" in roles)
                if best is None or score > best[0]:
                    best = (score, data_start, columns)
        if best is not None and start > best[1]:
            break  # the header found is above: stop at the data
    return best


def first_text_row(rows: list[list[str]], keys: dict[str, str],
                    is_spreadsheet: bool) -> tuple[int, list[Column]] | None:
    """Where no header maps: the first row of at least two text cells, to map by hand."""
    for start, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [clean_cell(c) for c in row if clean_cell(c)]
        if len(cells) >= 2 and not any(is_number(c) for c in cells):
            columns = []
            for index, label in enumerate(clean_cell(c) for c in row):
                role, metric, measure = map_label(label, keys)
                columns.append(Column(index, _column_letter(index, is_spreadsheet), label, role, metric, measure))
            return start + 1, columns
    return None


def header_score(rows: list[list[str]], keys: dict[str, str]) -> int | None:
    """How well the best header of a CSV's first rows maps (higher is better), or None."""
    best = best_header(rows, keys, False)
    return None if best is None else best[0]
