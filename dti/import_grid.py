"""Read an uploaded file's bytes into a grid of text: CSV (any common delimiter and encoding)
or XLSX (merged cells filled). Nothing is executed or evaluated: cells stay text. Pure."""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from dti.reference import DataError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
# Marks the missing cells of a row shorter than the header: how a truncated file shows.
SHORT_ROW_MARK = "\x00short"

HeaderScore = Callable[[list[list[str]]], int | None]


def read_grid(content: bytes, file_name: str, sheet: str | None = None,
              header_score: HeaderScore | None = None) -> tuple[list[list[str]], bool]:
    """The file as rows of NFC text, merged cells filled; returns (rows, is_spreadsheet).

    For a CSV, the delimiter (, ; or tab) is the one whose header scores best (header_score).
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
    return _read_csv(content, file_name, header_score), False


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
    """Rows of one width (blank lines stay empty lists); a short row keeps SHORT_ROW_MARK in its
    missing cells."""
    width = max((len(r) for r in rows), default=0)
    return [r + [SHORT_ROW_MARK] * (width - len(r)) if r else r for r in rows]


def clean_cell(cell: str) -> str:
    """A cell's text, '' for the mark of a missing cell."""
    return "" if cell == SHORT_ROW_MARK else cell
