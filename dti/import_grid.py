"""Read an uploaded file's bytes into a grid of text: CSV (any common delimiter and encoding)
or XLSX (merged cells filled). Nothing is executed or evaluated: cells stay text. Pure."""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from dti.i18n.text import Number, Text
from dti.reference import DataError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 200 * 1024 * 1024
# A results table has a few hundred rows of a few dozen columns; a file whose cells reach far
# beyond cannot be one, and reading it cell by cell would cost seconds and a gigabyte.
MAX_XLSX_CELLS = 200_000
MAX_XLSX_ROW = 5_000
MAX_XLSX_COLUMN = 300
_CELL_REF = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row r="([0-9]{1,7})"')
HEADER_SEARCH_ROWS = 30
# Marks the missing cells of a row shorter than the header: how a truncated file shows.
SHORT_ROW_MARK = "\x00short"

HeaderScore = Callable[[list[list[str]]], int | None]


def read_grid(content: bytes, file_name: str, sheet: str | None = None,
              header_score: HeaderScore | None = None,
              notes: list[str] | None = None) -> tuple[list[list[str]], bool]:
    """The file as rows of NFC text, merged cells filled; returns (rows, is_spreadsheet).

    For a CSV, the delimiter (, ; or tab) is the one whose header scores best (header_score).
    An XLSX is read from the sheet named, else the visible active sheet; what the reader
    decided for the user to confirm (hidden sheets skipped, saved formula values used) is
    appended to notes. Raises DataError for an empty, oversized, unreadable or truncated file.
    """
    if len(content) > MAX_FILE_BYTES:
        raise DataError(Text("imp.too_big", name=file_name, size=Number(len(content) / 1024 / 1024, 1),
                             limit=MAX_FILE_BYTES // (1024 * 1024)))
    if not content.strip():
        raise DataError(Text("imp.empty", name=file_name))
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xls":
        raise DataError(Text("imp.xls", name=file_name))
    if content[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(content, file_name, sheet, notes if notes is not None else []), True
    return _read_csv(content, file_name, header_score), False


def _read_xlsx(content: bytes, file_name: str, sheet: str | None, notes: list[str]) -> list[list[str]]:
    import openpyxl  # only needed for spreadsheets

    def broken(error):
        return Text("imp.broken", name=file_name, kind=type(error).__name__)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            if unpacked > MAX_UNPACKED_XLSX_BYTES:  # a "zip bomb" would fill the memory
                raise DataError(Text("imp.bomb", name=file_name, size=Number(unpacked / 1024 / 1024, 0),
                                     limit=MAX_UNPACKED_XLSX_BYTES // (1024 * 1024)))
            has_formulas = _check_extent(archive, file_name)
    except DataError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise DataError(broken(error)) from error
    try:
        # data_only=True gives the values Excel saved; formulas are read apart, to know which
        # cells were formulas (nothing is ever evaluated).
        values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(content), data_only=False) if has_formulas else None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as error:
        raise DataError(broken(error)) from error
    except Exception as error:  # openpyxl raises many kinds on malformed XML
        raise DataError(Text("imp.broken_xml", name=file_name, kind=type(error).__name__)) from error
    worksheet = _chosen_sheet(values, file_name, sheet, notes)
    formula_sheet = formulas[worksheet.title] if formulas is not None else None
    rows, used_saved = [], []
    for row in worksheet.iter_rows():
        texts = []
        for cell in row:
            value = cell.value
            formula = formula_sheet[cell.coordinate].value if formula_sheet is not None else None
            if isinstance(formula, str) and formula.startswith("="):
                if value is None:
                    value = formula  # no saved value: the formula's text, refused later
                else:
                    used_saved.append(cell.coordinate)
            texts.append(_cell_text(value))
        rows.append(texts)
    if used_saved:
        notes.append(Text("imp.saved_formulas", n=len(used_saved), cell=used_saved[0]))
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for merged in worksheet.merged_cells.ranges:
        top_left = rows[merged.min_row - 1][merged.min_col - 1]
        for row_index in range(merged.min_row - 1, merged.max_row):
            for col_index in range(merged.min_col - 1, merged.max_col):
                rows[row_index][col_index] = top_left
    return rows


def _check_extent(archive: zipfile.ZipFile, file_name: str) -> bool:
    """Refuse, before any parsing, a workbook whose cells reach beyond what a results table
    could fill; returns whether any sheet holds a formula."""
    has_formulas = False
    for item in archive.infolist():
        if not (item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml")):
            continue
        xml = archive.read(item)
        cells = xml.count(b"<c ") + xml.count(b":c ")
        too_far = None
        if cells > MAX_XLSX_CELLS:
            too_far = Text("imp.far_cells", n=_thousands(cells))
        else:
            rows = [int(r) for r in _ROW_REF.findall(xml)]
            refs = _CELL_REF.findall(xml)
            last_row = max(rows + [int(r) for _, r in refs], default=0)
            last_column = max((_column_number(c) for c, _ in refs), default=0)
            if last_row > MAX_XLSX_ROW:
                too_far = Text("imp.far_row", row=_thousands(last_row))
            elif last_column > MAX_XLSX_COLUMN:
                too_far = Text("imp.far_column", column=_thousands(last_column))
            elif last_row * last_column > MAX_XLSX_CELLS:  # the grid read is rows × columns
                too_far = Text("imp.far_both", row=_thousands(last_row), column=last_column)
        if too_far:
            raise DataError(Text("imp.too_large_sheet", name=file_name, far=too_far, rows=_thousands(MAX_XLSX_ROW),
                                 columns=MAX_XLSX_COLUMN))
        has_formulas = has_formulas or b"<f" in xml or b":f>" in xml
    return has_formulas


def _thousands(number: int) -> str:
    """1048576 -> '1.048.576' (Vietnamese digit grouping)."""
    return f"{number:,}".replace(",", ".")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _chosen_sheet(workbook, file_name: str, sheet: str | None, notes: list[str]):
    """The sheet named, else the active sheet where visible, else the first visible one."""
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise DataError(Text("imp.no_sheet", name=file_name, sheet=sheet, sheets=", ".join(workbook.sheetnames)))
        return workbook[sheet]
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise DataError(Text("imp.all_hidden", name=file_name))
    active = workbook.active
    chosen = active if active is not None and active.sheet_state == "visible" else visible[0]
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    if hidden:
        notes.append(Text("imp.hidden", sheet=chosen.title, hidden=", ".join(f"'{name}'" for name in hidden)))
    return chosen


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
        raise DataError(Text("imp.not_text", name=file_name))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1258")  # Windows-1258, Vietnamese Excel's "CSV" default
        except UnicodeDecodeError as error:
            raise DataError(Text("imp.encoding", name=file_name)) from error
    # Windows-1258 and NFD files write tones as combining marks: compare in NFC.
    return unicodedata.normalize("NFC", text)


def _read_csv(content: bytes, file_name: str, header_score: HeaderScore | None) -> list[list[str]]:
    text = _decode(content, file_name).rstrip()  # trailing blank lines change no row number
    head = _first_lines(text, HEADER_SEARCH_ROWS + 2)
    chosen, best_score = ",", (-1000, -1)
    for delimiter in (",", ";", "\t"):
        try:
            rows = _pad(_parse_csv(head, delimiter))
        except csv.Error:
            continue
        mapped = header_score(rows) if header_score else None
        # The delimiter whose header maps best; else the one giving the widest early row.
        widest = max((sum(1 for cell in row if cell) for row in rows), default=0)
        score = (-1000 if mapped is None else mapped, widest)
        if score > best_score:
            chosen, best_score = delimiter, score
    try:
        return _pad(_parse_csv(text, chosen))
    except csv.Error as error:
        raise DataError(Text("imp.bad_csv", name=file_name, error=str(error))) from error


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
    """Rows of one width (blank lines stay empty lists); a short row keeps SHORT_ROW_MARK in its
    missing cells."""
    width = max((len(r) for r in rows), default=0)
    return [r + [SHORT_ROW_MARK] * (width - len(r)) if r else r for r in rows]


def clean_cell(cell: str) -> str:
    """A cell's text, '' for the mark of a missing cell."""
    return "" if cell == SHORT_ROW_MARK else cell
