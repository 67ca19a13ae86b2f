"""Build official-looking result tables for import tests (names from the bundled files)."""

import csv
import io
import unicodedata

import openpyxl
import pandas as pd

from dti.config import DATA_DIR

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def unit_names(unit_set: str) -> list[str]:
    """The units' names as the bundled files spell them, in code order."""
    if unit_set == "p63":
        provinces = pd.read_csv(DATA_DIR / "provinces.csv", dtype=str)
        return list(provinces.sort_values("code")["name"])
    merger = pd.read_csv(DATA_DIR / "merger_2025.csv", dtype=str).drop_duplicates("new_code")
    return list(merger.sort_values("new_code")["new_name"])


def unit_codes(unit_set: str) -> list[str]:
    if unit_set == "p63":
        return sorted(pd.read_csv(DATA_DIR / "provinces.csv", dtype=str)["code"])
    return sorted(pd.read_csv(DATA_DIR / "merger_2025.csv", dtype=str)["new_code"].unique())


def scores_and_ranks(count: int, seed: int = 0) -> tuple[list[float], list[int]]:
    """Distinct-ish 4-decimal scores with their competition ranks (one tie included)."""
    scores = [round(0.95 - 0.0071 * ((i * 37 + seed) % count), 4) for i in range(count)]
    scores[1] = scores[0]  # a tie: both get the same rank, the next rank is skipped
    ranks = pd.Series(scores).rank(method="min", ascending=False).astype(int).tolist()
    return scores, ranks


def results_table(unit_set: str, seed: int = 0) -> pd.DataFrame:
    """A complete, valid table: Tỉnh/Thành phố, Chỉ số DTI, Xếp hạng."""
    names = unit_names(unit_set)
    scores, ranks = scores_and_ranks(len(names), seed)
    return pd.DataFrame({"Tỉnh/Thành phố": names, "Chỉ số DTI": scores, "Xếp hạng": ranks})


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed where the code page has them, tones as
    combining marks (how Vietnamese Windows writes them)."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            out += base.encode("cp1258") + "".join(p for p in parts if p in _TONES).encode("cp1258")
    return out


def csv_bytes(frame: pd.DataFrame, delimiter: str = ",", decimal: str = ".", encoding: str = "utf-8",
              title_rows: tuple[str, ...] = (), normal_form: str = "NFC") -> bytes:
    buffer = io.StringIO()
    for title in title_rows:
        buffer.write(title + "\n")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([str(v).replace(".", decimal) if isinstance(v, float) else v for v in row])
    text = unicodedata.normalize(normal_form, buffer.getvalue())
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def xlsx_bytes(frame: pd.DataFrame, title_rows: tuple[str, ...] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
