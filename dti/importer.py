"""Import a year's official results (CSV or XLSX) into a new database version.

read (bytes -> grid of text) -> find the header (synonyms, merged cells, title rows above)
-> long table (province, metric, measure, value) -> validate -> diff against the current
version = a Preview. commit_import writes the Preview into a copy of the current version in
one transaction, checks it and publishes it behind the CURRENT pointer; undo points back.
Nothing from a file is executed or evaluated: cells are text until parsed as numbers.
"""

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dti import build, methodology, queries, reference, store
from dti.formatting import format_score
from dti.names import alias_key
from dti.reference import DataError
from dti.units import UNIT_COUNT_BY_SET

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 200 * 1024 * 1024
MAX_LISTED = 12  # messages of one kind listed before "và N chỗ khác"
HEADER_SEARCH_ROWS = 30

PROVINCE_HEADERS = {"tinh thanh pho", "tinh thanh", "tinh tp", "dia phuong", "tinh", "ten tinh",
                    "ten tinh thanh pho", "ten dia phuong", "don vi", "ten don vi", "province"}
CODE_HEADERS = {"ma", "ma tinh", "ma tinh thanh pho", "ma don vi", "ma dia phuong", "province code"}
YEAR_HEADERS = {"nam", "nam danh gia", "year"}
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ghi chu", "vung", "vung kinh te xa hoi",
                   "khu vuc", "xep loai", "nhom"}
RANK_WORDS = ("xep hang", "thu hang", "hang", "rank")
SCORE_WORDS = ("diem so", "diem", "gia tri", "chi so", "tru cot", "score", "value")
TOTAL_KEYS = {"", "dti", "chuyen doi so", "chuyen doi so cap tinh", "tong", "tong hop", "total"}
PILLAR_KEYS = {"cqs": "cqs", "kts": "kts", "xhs": "xhs"}
NON_PROVINCE_ROWS = {"ca nuoc", "trung binh", "trung binh ca nuoc", "tong", "tong cong", "binh quan"}
BLANKS = {"", "-", "–", "—"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YEAR_IN_LABEL = re.compile(r"\b(?:19|20)\d\d\b")
_COLUMN_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


class ImportRefused(DataError):
    """The import was not committed; the message (all lines) is for the user."""


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


@dataclass
class Preview:
    """What an import would do. errors block it; warnings need a confirmation."""

    file_name: str
    file_sha256: str
    year: int
    unit_set: str | None
    base_version: str | None
    columns: list[Column] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # province_code, province_name, metric, measure, value, old_value, old_provenance,
    # status (new | changed | unchanged), is_published_change, file_row
    diff: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def is_ok(self) -> bool:
        return not self.errors

    @property
    def unmapped_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role is None]

    def count(self, status: str) -> int:
        return int((self.diff["status"] == status).sum()) if len(self.diff) else 0

    @property
    def published_change_count(self) -> int:
        return int(self.diff["is_published_change"].sum()) if len(self.diff) else 0


@dataclass(frozen=True)
class ImportResult:
    import_id: int | None  # None: nothing to change (a successful no-op)
    version: str
    new_count: int
    changed_count: int
    unchanged_count: int


# --- reading: bytes -> grid of text ---------------------------------------------------

def read_grid(content: bytes, file_name: str, sheet: str | None = None,
              keys: dict[str, str] | None = None) -> tuple[list[list[str]], bool]:
    """The file as rows of NFC text, merged cells filled; returns (rows, is_spreadsheet).

    For a CSV, the delimiter (, ; or tab) is the one whose header maps best under keys.
    Raises DataError for an empty, oversized, unreadable or truncated file.
    """
    if len(content) > MAX_FILE_BYTES:
        raise DataError(f"{file_name}: tệp lớn {len(content) / 1024 / 1024:.1f} MB, "
                        f"vượt giới hạn {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not content.strip():
        raise DataError(f"{file_name}: tệp rỗng, không có dữ liệu")
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xls":
        raise DataError(f"{file_name}: định dạng .xls cũ không được hỗ trợ; "
                        "hãy lưu lại thành .xlsx hoặc .csv")
    if content[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(content, file_name, sheet), True
    return _read_csv(content, file_name, keys or {}), False


def _read_xlsx(content: bytes, file_name: str, sheet: str | None) -> list[list[str]]:
    import openpyxl  # only needed for spreadsheets

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DataError(f"{file_name}: tệp XLSX bị hỏng hoặc bị cắt cụt, không đọc được "
                        f"({type(error).__name__})") from error
    if unpacked > MAX_UNPACKED_XLSX_BYTES:  # a "zip bomb" would fill the memory
        raise DataError(f"{file_name}: tệp XLSX giải nén ra {unpacked / 1024 / 1024:.0f} MB, vượt giới hạn "
                        f"{MAX_UNPACKED_XLSX_BYTES // (1024 * 1024)} MB")
    try:
        # data_only=False: a formula stays its text ("=HYPERLINK(...)") and is refused later.
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as error:
        raise DataError(f"{file_name}: tệp XLSX bị hỏng hoặc bị cắt cụt, không đọc được "
                        f"({type(error).__name__})") from error
    except Exception as error:  # openpyxl raises many kinds on malformed XML
        raise DataError(f"{file_name}: tệp XLSX bị hỏng, không đọc được ({type(error).__name__})") from error
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise DataError(f"{file_name}: không có trang tính '{sheet}' "
                            f"(có: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet]
    else:
        worksheet = workbook.worksheets[0]
    rows = [[_cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for merged in worksheet.merged_cells.ranges:
        top_left = rows[merged.min_row - 1][merged.min_col - 1]
        for row_index in range(merged.min_row - 1, merged.max_row):
            for col_index in range(merged.min_col - 1, merged.max_col):
                rows[row_index][col_index] = top_left
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _decode(content: bytes, file_name: str) -> str:
    if b"\x00" in content:
        raise DataError(f"{file_name}: không phải tệp văn bản CSV (có byte 0); hãy dùng CSV hoặc XLSX")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1258")  # Windows-1258, Vietnamese Excel's "CSV" default
        except UnicodeDecodeError as error:
            raise DataError(f"{file_name}: không nhận ra bảng mã (cần UTF-8 hoặc Windows-1258)") from error
    # Windows-1258 and NFD files write tones as combining marks: compare in NFC.
    return unicodedata.normalize("NFC", text)


def _read_csv(content: bytes, file_name: str, keys: dict[str, str]) -> list[list[str]]:
    text = _decode(content, file_name).rstrip()  # trailing blank lines change no row number
    head = _first_lines(text, HEADER_SEARCH_ROWS + 2)
    chosen, best_score = ",", (-1000, -1)
    for delimiter in (",", ";", "\t"):
        try:
            rows = _pad(_parse_csv(head, delimiter))
        except csv.Error:
            continue
        found = _best_header(rows, keys, False)
        # The delimiter whose header maps best; else the one giving the widest early row.
        widest = max((sum(1 for cell in row if cell) for row in rows), default=0)
        score = (found[0] if found else -1000, widest)
        if score > best_score:
            chosen, best_score = delimiter, score
    try:
        return _pad(_parse_csv(text, chosen))
    except csv.Error as error:
        raise DataError(f"{file_name}: không đọc được tệp CSV ({error})") from error


def _parse_csv(text: str, delimiter: str) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _first_lines(text: str, count: int) -> str:
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end == -1:
            return text
    return text[:end]


def _pad(rows: list[list[str]]) -> list[list[str]]:
    """Rows of one width (blank lines stay empty lists); a short row keeps a mark in its missing
    cells, which is how a truncated file shows."""
    width = max((len(r) for r in rows), default=0)
    return [r + [_SHORT_ROW_MARK] * (width - len(r)) if r else r for r in rows]


_SHORT_ROW_MARK = "\x00short"


# --- the header -----------------------------------------------------------------------

def label_key(text: str) -> str:
    """A header's matching key: no diacritics, lower case, words separated by one space."""
    text = unicodedata.normalize("NFD", str(text)).lower()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def metric_keys(indicators: pd.DataFrame, year: int) -> dict[str, str]:
    """Header key -> metric code for the framework of the year (total, pillars, main indices)."""
    frameworks = methodology.frameworks_from_rows(indicators.to_dict("records"))
    framework = methodology.framework_for_year(frameworks, year)
    keys = {key: "dti" for key in TOTAL_KEYS}
    keys.update(PILLAR_KEYS)
    if framework is None:
        return keys
    rows = indicators[(indicators["framework"] == framework.code)
                      & indicators["level"].isin(["total", "pillar", "main"])]
    for row in rows.itertuples():
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
        upper, lower = _clean(upper), _clean(lower)
        if upper:
            carried = upper
        elif lower:
            upper = carried
        labels.append(upper if upper == lower or not lower else f"{upper} {lower}".strip())
    return labels


def _clean(cell: str) -> str:
    return "" if cell == _SHORT_ROW_MARK else cell


def find_header(rows: list[list[str]], keys: dict[str, str],
                is_spreadsheet: bool) -> tuple[int, list[Column]] | None:
    """(index of the first data row, columns) of the best header in the first rows, or None."""
    best = _best_header(rows, keys, is_spreadsheet)
    return None if best is None else (best[1], best[2])


def _best_header(rows: list[list[str]], keys: dict[str, str],
                 is_spreadsheet: bool) -> tuple[int, int, list[Column]] | None:
    best = None
    for start in range(min(len(rows), HEADER_SEARCH_ROWS)):
        candidates = [(start + 1, [_clean(c) for c in rows[start]])]
        if start + 1 < len(rows) and not any(_is_number(_clean(c)) for c in rows[start + 1]):
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


def _first_text_row(rows: list[list[str]], keys: dict[str, str],
                    is_spreadsheet: bool) -> tuple[int, list[Column]] | None:
    """Where no header maps: the first row of at least two text cells, to map by hand."""
    for start, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_clean(c) for c in row if _clean(c)]
        if len(cells) >= 2 and not any(_is_number(c) for c in cells):
            columns = []
            for index, label in enumerate(_clean(c) for c in row):
                role, metric, measure = map_label(label, keys)
                columns.append(Column(index, _column_letter(index, is_spreadsheet), label, role, metric, measure))
            return start + 1, columns
    return None


# --- numbers --------------------------------------------------------------------------

def _is_number(text: str) -> bool:
    return bool(text) and _parse_number(text) == _parse_number(text)  # NaN is not equal to itself


def _parse_number(text: str) -> float:
    """'0,6924', '0.6924', '1.234,5', '15' -> float; anything else -> NaN."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        return float("nan")
    return float(cleaned) + 0.0  # + 0.0 turns -0 into 0: never stored or shown as "-0"


# --- preview ----------------------------------------------------------------------------

def unit_set_for_year(year: int, units: str | None) -> str:
    """The unit set of an import: p63 up to 2023, p34 from 2025; 2024 needs units ('63'/'34')."""
    chosen = {"63": "p63", "34": "p34", None: None, "p63": "p63", "p34": "p34"}[units]
    if year <= 2023:
        if chosen == "p34":
            raise DataError(f"DTI {year} chỉ có bản 63 tỉnh, thành phố (bỏ --units 34)")
        return "p63"
    if year >= 2025:
        if chosen == "p63":
            raise DataError(f"DTI {year} chỉ có bản 34 tỉnh, thành phố (bỏ --units 63)")
        return "p34"
    if chosen is None:
        raise DataError("DTI 2024 có cả bản 63 và bản 34 tỉnh, thành phố: "
                        "hãy chọn --units 63 hoặc --units 34")
    return chosen


def preview_import(content: bytes, file_name: str, year: int, units: str | None = None,
                   sheet: str | None = None, column_overrides: dict[str, str] | None = None,
                   version: str | None = None) -> Preview:
    """Read, map, validate and diff a file against a version (default: current).

    Never raises for a problem in the file: the Preview lists it in errors.
    column_overrides: column letter -> 'province' | 'ignore' | 'metric:measure' (the
    screen's header-mapping step).
    """
    version = version or store.intact_version()
    preview = Preview(Path(file_name).name, hashlib.sha256(content).hexdigest(), int(year), None, version)
    try:
        preview.unit_set = unit_set_for_year(int(year), units)
        _fill_preview(preview, content, sheet, column_overrides or {})
    except DataError as error:
        preview.errors.insert(0, str(error))
    return preview


def _fill_preview(preview: Preview, content: bytes, sheet: str | None,
                  overrides: dict[str, str]) -> None:
    name, year = preview.file_name, preview.year
    indicators = queries.run_query("indicators_by_framework", preview.base_version)
    frameworks = methodology.frameworks_from_rows(indicators.to_dict("records"))
    if methodology.framework_for_year(frameworks, year) is None:
        raise DataError(f"Không có khung đánh giá DTI cho năm {year}")
    keys = metric_keys(indicators, year)
    rows, is_spreadsheet = read_grid(content, name, sheet, keys)
    found = find_header(rows, keys, is_spreadsheet) or _first_text_row(rows, keys, is_spreadsheet)
    no_header = DataError(
        f"{name}: không tìm thấy dòng tiêu đề có cột tỉnh, thành phố (\"Tỉnh/Thành phố\", "
        f"\"Tỉnh, thành phố\", \"Địa phương\") và ít nhất một cột số liệu (\"Chỉ số DTI\", "
        f"\"Giá trị\", \"Xếp hạng\", \"Thứ hạng\" hoặc tên chỉ số chính)")
    if found is None:
        raise no_header
    data_start, columns = found
    _apply_overrides(columns, overrides, keys)
    preview.columns = columns  # kept even when refused: the screen's mapping step starts from them
    roles = {c.role for c in columns}
    if not roles & {"province", "code"} or "value" not in roles:
        raise no_header
    unmapped = [c for c in columns if c.role is None
                and (c.label or any(_clean(r[c.index]) for r in rows[data_start:] if r))]
    for column in columns:
        if column.role is None and column not in unmapped:
            column.role = "ignore"  # an empty column without a header
    if unmapped:
        preview.warnings.append("Không ánh xạ được cột: " + ", ".join(
            f"'{c.label or '(không có tiêu đề)'}' (cột {c.letter})" for c in unmapped)
            + "; các cột này sẽ bị bỏ qua")
    value_columns = [c for c in columns if c.role == "value"]
    header_years = sorted({int(y) for c in value_columns for y in _YEAR_IN_LABEL.findall(c.label)})
    if len(header_years) > 1:  # "DTI 2022 | DTI 2023": say so before "two columns mean the same"
        raise DataError(f"{name}: tệp chứa số liệu của nhiều năm ({', '.join(map(str, header_years))}); "
                        f"mỗi lần nhập chỉ một năm")
    targets = [c.target for c in value_columns]
    for column in value_columns:
        if targets.count(column.target) > 1:
            first = next(c for c in value_columns if c.target == column.target)
            if first is not column:
                preview.errors.append(
                    f"{name}: cột '{column.label}' (cột {column.letter}) và cột '{first.label}' "
                    f"(cột {first.letter}) cùng là {_describe(column.metric, column.measure)}")
    if preview.errors:
        return
    incoming = _long_table(preview, rows, data_start, columns)
    if preview.errors:
        return
    _check_values(preview, incoming, frameworks)


def _apply_overrides(columns: list[Column], overrides: dict[str, str], keys: dict[str, str]) -> None:
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


def _describe(metric: str | None, measure: str | None) -> str:
    return f"{'thứ hạng' if measure == 'rank' else 'điểm'} {metric}"


def _long_table(preview: Preview, rows: list[list[str]], data_start: int,
                columns: list[Column]) -> pd.DataFrame:
    """One row per (province, metric, measure) with the file row and column; errors collected."""
    name, unit_set = preview.file_name, preview.unit_set
    aliases = queries.run_query("unit_aliases_in_set", preview.base_version, unit_set=unit_set)
    units = queries.run_query("units_in_set", preview.base_version, unit_set=unit_set)
    code_for_key = dict(zip(aliases["alias_key"], aliases["province_code"], strict=False))
    name_for_code = dict(zip(units["province_code"], units["province_name"], strict=False))
    province_column = next((c for c in columns if c.role == "province"), None)
    code_column = next((c for c in columns if c.role == "code"), None)
    year_column = next((c for c in columns if c.role == "year"), None)
    value_columns = [c for c in columns if c.role == "value"]
    errors: list[str] = []
    seen: dict[str, int] = {}
    records = []
    file_years: set[int] = set()
    for column in value_columns:
        file_years.update(int(y) for y in _YEAR_IN_LABEL.findall(column.label))
    row_offset = 1  # rows as a person sees them: the first line is 1

    def where(row_number: int, column: Column) -> str:
        return f"{name}, dòng {row_number}, cột '{column.label}' ({column.letter})"

    for index in range(data_start, len(rows)):
        row = rows[index]
        row_number = index + row_offset
        used = [c for c in (province_column, code_column, year_column, *value_columns) if c]
        if all(not _clean(cell) for cell in row):
            continue
        if any(row[c.index] == _SHORT_ROW_MARK for c in used):
            if sum(1 for cell in row if _clean(cell)) < 2:
                continue  # a one-cell note under the table ("Nguồn: ...")
            errors.append(f"{name}, dòng {row_number}: dòng thiếu cột so với tiêu đề (tệp bị cắt cụt?)")
            continue
        for column in used:
            if row[column.index].startswith(("=", "@")):
                errors.append(f"{where(row_number, column)}: ô chứa công thức hoặc lệnh "
                              f"('{_shorten(row[column.index])}'), không được nhận; hãy dán giá trị")
        key_column = province_column or code_column
        text = row[key_column.index]
        if text.startswith(("=", "@")):
            continue
        value_texts = {c: row[c.index] for c in value_columns}
        has_values = any(v not in BLANKS for v in value_texts.values())
        if _is_numbering_row(row):
            continue  # the "(1) (2) (3)" column numbering under an official header
        if province_column is not None and not (len(text.strip()) == 2 and text.strip().isdigit()):
            key = alias_key(text)
            code = code_for_key.get(key)
        else:  # a code ("93", "1" for "01") in the province or the code column
            key = text.strip().zfill(2)
            code = key if key in name_for_code else None
        if code is None:
            if label_key(text) in NON_PROVINCE_ROWS:
                continue  # a national average line
            if not has_values:
                continue  # a title or note line; a real province left out is reported as missing
            errors.append(f"{where(row_number, key_column)}: không nhận ra tỉnh, thành phố "
                          f"'{_shorten(text)}' trong danh sách {UNIT_COUNT_BY_SET[unit_set]} tỉnh, thành phố")
            continue
        if code_column is not None and province_column is not None:
            given = row[code_column.index].strip()
            if given and given.zfill(2) != code:
                errors.append(f"{where(row_number, code_column)}: mã '{given}' không khớp với "
                              f"{name_for_code[code]} (mã {code})")
        if code in seen:
            errors.append(f"{where(row_number, key_column)}: {name_for_code[code]} xuất hiện hai lần "
                          f"(dòng {seen[code]} và dòng {row_number})")
            continue
        seen[code] = row_number
        if year_column is not None and row[year_column.index].strip():
            year_value = _parse_number(row[year_column.index])
            if year_value != year_value or not year_value.is_integer():
                errors.append(f"{where(row_number, year_column)}: "
                              f"năm '{row[year_column.index]}' không phải số")
            else:
                file_years.add(int(year_value))
        for column, value_text in value_texts.items():
            if value_text in BLANKS or value_text.startswith(("=", "@")):
                continue
            value = _parse_number(value_text)
            why = reference.value_problem(column.measure, value, value_text, UNIT_COUNT_BY_SET[unit_set])
            if why:
                errors.append(f"{where(row_number, column)}: {why}")
                continue
            records.append((code, name_for_code[code], column.metric, column.measure, value,
                            row_number, column.label, column.letter))
    if len(file_years) > 1:
        listed = ", ".join(map(str, sorted(file_years)))
        errors.insert(0, f"{name}: tệp chứa số liệu của nhiều năm ({listed}); mỗi lần nhập chỉ một năm")
    elif file_years and file_years != {preview.year}:
        errors.insert(0, f"{name}: tệp là số liệu năm {file_years.pop()} "
                         f"nhưng đang nhập cho năm {preview.year}")
    missing = [name_for_code[c] for c in sorted(name_for_code) if c not in seen]
    if missing and not errors:
        errors.append(f"{name}: thiếu {len(missing)} tỉnh, thành phố (cần đủ "
                      f"{UNIT_COUNT_BY_SET[unit_set]}): {', '.join(missing[:MAX_LISTED])}"
                      + (" …" if len(missing) > MAX_LISTED else ""))
    elif missing:
        errors.append(f"{name}: có {len(seen)} tỉnh, thành phố hợp lệ, cần đủ {UNIT_COUNT_BY_SET[unit_set]}")
    preview.errors.extend(_capped(errors))
    return pd.DataFrame(records, columns=["province_code", "province_name", "metric", "measure", "value",
                                          "file_row", "column_label", "column_letter"])


def _is_numbering_row(row: list[str]) -> bool:
    cells = [_clean(cell) for cell in row if _clean(cell)]
    if len(cells) < 3 or not all(_COLUMN_NUMBERING.match(cell) for cell in cells):
        return False
    numbers = [int(cell.strip("()")) for cell in cells]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _capped(messages: list[str]) -> list[str]:
    if len(messages) <= MAX_LISTED:
        return messages
    return messages[:MAX_LISTED] + [f"… và {len(messages) - MAX_LISTED} lỗi khác"]


def _check_values(preview: Preview, incoming: pd.DataFrame, frameworks) -> None:
    """Ranks against scores (tie rule), the diff, and the warnings."""
    current = queries.run_query("values_for_year", preview.base_version, unit_set=preview.unit_set, year=preview.year)
    key = ["province_code", "metric", "measure"]
    merged = current[key + ["value"]].merge(incoming[key + ["value", "file_row", "column_label"]],
                                            on=key, how="outer", suffixes=("_old", ""))
    merged["value"] = merged["value"].fillna(merged["value_old"])
    size = UNIT_COUNT_BY_SET[preview.unit_set]
    errors = []
    for metric in sorted(set(incoming["metric"])):
        of_metric = merged[merged["metric"] == metric]
        scores = of_metric[of_metric["measure"] == "score"].set_index("province_code")
        ranks = of_metric[of_metric["measure"] == "rank"].set_index("province_code")
        if len(ranks) == size:
            expected_shape = ranks["value"].rank(method="min")
            if (expected_shape != ranks["value"]).any():
                errors.append(f"{preview.file_name}: thứ hạng {metric} không theo quy tắc đồng hạng "
                              f"(ví dụ hai tỉnh cùng hạng 15 thì không có hạng 16; hạng phải bắt đầu từ 1)")
                continue
        if len(scores) == size and len(ranks):  # complete scores decide every rank, stored ones too
            computed = scores["value"].round(4).rank(method="min", ascending=False)
            for code, rank in ranks["value"].items():
                if computed[code] != rank:
                    from_file = ranks.at[code, "file_row"] == ranks.at[code, "file_row"]  # not NaN
                    where = (f"dòng {int(ranks.at[code, 'file_row'])}, cột '{ranks.at[code, 'column_label']}'"
                             if from_file else "thứ hạng đang lưu")
                    errors.append(f"{preview.file_name}, {where}: thứ hạng {int(rank)} của "
                                  f"{_province_name(incoming, current, code)} mâu thuẫn với điểm "
                                  f"{format_score(scores.at[code, 'value'])} (theo điểm, với quy tắc đồng hạng, "
                                  f"phải là hạng {int(computed[code])})")
    preview.errors.extend(_capped(errors))
    if preview.errors:
        return
    diff = incoming.merge(current[key + ["value", "provenance"]].rename(
        columns={"value": "old_value", "provenance": "old_provenance"}), on=key, how="left")
    diff["status"] = "changed"
    diff.loc[diff["old_value"].isna(), "status"] = "new"
    diff.loc[(diff["old_value"] - diff["value"]).abs() < 1e-12, "status"] = "unchanged"
    diff["is_published_change"] = (diff["status"] == "changed") & diff["old_provenance"].isin(
        ["published", "derived"])
    preview.diff = diff.sort_values(["province_code", "metric", "measure"]).reset_index(drop=True)
    overwritten = diff[diff["is_published_change"]]
    if len(overwritten):
        examples = ", ".join(
            f"{r.province_name} {_describe(r.metric, r.measure)} {_shown(r.measure, r.old_value)} → "
            f"{_shown(r.measure, r.value)}" for r in overwritten.head(5).itertuples())
        preview.warnings.append(f"{len(overwritten)} giá trị đã công bố hoặc suy ra sẽ bị ghi đè "
                                f"(ví dụ: {examples})")
    long = merged.assign(unit_set=preview.unit_set, year=preview.year, unit_code=merged["province_code"])
    for _, why in reference.weighted_total_gaps(long, frameworks)[:MAX_LISTED]:
        preview.warnings.append(why)
    _trial_commit(preview)


def _trial_commit(preview: Preview) -> None:
    """Write the import into a throw-away copy and run the checks a commit runs, so the preview
    also reports what only shows after writing (the 34-unit values rebuilt from p63)."""
    counts = (preview.count("new"), preview.count("changed"), preview.count("unchanged"))
    if counts[0] + counts[1] == 0 or preview.base_version is None:
        return
    try:
        with store.temporary_copy(preview.base_version) as (trial_version, temp_path):
            con = duckdb.connect(str(temp_path))
            try:
                _write(con, preview, "thử", preview.base_version, trial_version, counts)
                build.run_checks(con)
            except DataError as error:
                preview.errors.append(f"{preview.file_name}: sau khi nhập, dữ liệu sẽ không nhất quán — {error}")
            finally:
                con.close()
    except FileNotFoundError:  # the version was pruned meanwhile
        preview.errors.append("Dữ liệu đã thay đổi từ lúc mở trang; hãy tải lại trang rồi xem trước lại.")


def _shown(measure: str, value: float) -> str:
    return str(int(value)) if measure == "rank" else format_score(value)


def _province_name(incoming: pd.DataFrame, current: pd.DataFrame, code: str) -> str:
    for frame in (incoming, current):
        names = frame.loc[frame["province_code"] == code, "province_name"]
        if len(names):
            return str(names.iloc[0])
    return code


# --- commit and undo ------------------------------------------------------------------

def commit_import(preview: Preview, imported_by: str, confirm_warnings: bool = False) -> ImportResult:
    """Write the previewed values as a new database version, all or nothing.

    Raises ImportRefused on errors, on warnings without confirm_warnings, and when the data
    changed since the preview. Unchanged values keep their provenance; when nothing would
    change, no version is made (import_id None).
    """
    if preview.errors:
        raise ImportRefused("\n".join(preview.errors))
    if preview.warnings and not confirm_warnings:
        raise ImportRefused("Có cảnh báo cần xác nhận trước khi nhập:\n" + "\n".join(preview.warnings))
    counts = (preview.count("new"), preview.count("changed"), preview.count("unchanged"))
    if counts[0] + counts[1] == 0:
        return ImportResult(None, preview.base_version, *counts)
    with store.writer_lock():
        base = store.intact_version()  # the last good version where CURRENT's file is damaged
        if base != preview.base_version:
            raise ImportRefused("Dữ liệu đã thay đổi từ lúc xem trước (có lần nhập hoặc dựng lại khác); "
                                "hãy xem trước lại.")
        with store.temporary_copy(base) as (new_version, temp_path):
            con = duckdb.connect(str(temp_path))
            try:
                import_id = _write(con, preview, imported_by, base, new_version, counts)
                try:
                    build.run_checks(con)
                except DataError as error:
                    raise ImportRefused(f"Không nhập: sau khi nhập, dữ liệu sẽ không nhất quán — {error}") from error
                con.execute("checkpoint")
            finally:
                con.close()
            store.publish(temp_path, new_version)
    return ImportResult(import_id, new_version, *counts)


def _write(con: duckdb.DuckDBPyConnection, preview: Preview, imported_by: str, base: str,
           new_version: str, counts: tuple[int, int, int]) -> int:
    con.execute("begin transaction")
    try:
        import_id = con.execute("select coalesce(max(import_id), 0) + 1 from import_record").fetchone()[0]
        con.execute(
            "insert into import_record values ($import_id, $file_name, $file_sha256, $unit_set, $year, "
            "$imported_by, $imported_at, $new_count, $changed_count, $unchanged_count)",
            {"import_id": import_id, "file_name": preview.file_name, "file_sha256": preview.file_sha256,
             "unit_set": preview.unit_set, "year": preview.year, "imported_by": imported_by,
             "imported_at": datetime.now(UTC).replace(tzinfo=None), "new_count": counts[0],
             "changed_count": counts[1], "unchanged_count": counts[2]})
        changed = preview.diff[preview.diff["status"] != "unchanged"]
        rows = pd.DataFrame({
            "unit_set": preview.unit_set,
            "year": preview.year,
            "unit_code": changed["province_code"].astype(str),
            "metric": changed["metric"].astype(str),
            "measure": changed["measure"].astype(str),
            "value": changed["value"].astype(float),
            "provenance": "imported",
            "source_url": None,
            "note": f"nhập từ tệp {preview.file_name}",
            "import_id": import_id,
        })
        con.register("imported_rows", rows)
        con.execute("insert or replace into dti_value select * from imported_rows")
        con.unregister("imported_rows")
        for info_key, info_value in (("version", new_version), ("last_import_id", str(import_id)),
                                     ("import_base_version", base)):
            con.execute("insert or replace into database_info values ($key, $value)",
                        {"key": info_key, "value": info_value})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    # The 34-unit values rebuilt from p63 follow the imported values. Its query reads through
    # a cursor of its own, which sees only committed rows: so after the commit above. The
    # file is still a private copy; publishing it is the atomic step.
    build.refresh_computed_values(con)
    return int(import_id)


def undo_import(import_id: int | None = None) -> str:
    """Point CURRENT back to the version before the latest import; returns that version.

    Only the latest import of the current version can be undone (a later import or a
    rebuild would be undone with it otherwise).
    """
    current = store.intact_version()
    facts = queries.database_facts(current)
    last = facts.get("last_import_id")
    base = facts.get("import_base_version")
    if last is None or base is None:
        raise DataError("Phiên bản dữ liệu hiện tại không phải kết quả của một lần nhập; "
                        "không có gì để hoàn tác.")
    if import_id is not None and int(import_id) != int(last):
        raise DataError(f"Chỉ hoàn tác được lần nhập gần nhất (số {last}), "
                        f"không phải lần nhập số {import_id}.")
    if not store.version_path(base).exists():
        raise DataError(f"Phiên bản trước lần nhập {last} đã bị xoá; không hoàn tác được.")
    store.set_current_version(base, expected_current=current)
    return base


def mapping_choices(year: int, version: str | None = None) -> dict[str, str]:
    """Targets a column can be mapped to by hand (target -> Vietnamese label), for the screen."""
    indicators = queries.run_query("indicators_by_framework", version)
    frameworks = methodology.frameworks_from_rows(indicators.to_dict("records"))
    framework = methodology.framework_for_year(frameworks, year)
    choices = {"ignore": "Bỏ qua cột này", "province": "Tỉnh, thành phố (tên)", "code": "Mã tỉnh"}
    if framework is None:
        return choices
    rows = indicators[(indicators["framework"] == framework.code)
                      & indicators["level"].isin(["total", "pillar", "main"])]
    for row in rows.itertuples():
        choices[f"{row.code}:score"] = f"Điểm – {row.name_vi}"
        choices[f"{row.code}:rank"] = f"Xếp hạng – {row.name_vi}"
    return choices
