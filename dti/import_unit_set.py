"""The unit set of an import: the one the year is published in, one named by --units (63, 34 or a
stored set's URL value), or one the file declares in its title rows.

A file declares a set (a province's communes) with "key: value" lines above its header:

    Bộ đơn vị: cantho_xa
    Tên bộ đơn vị: 102 xã, phường của TP. Cần Thơ
    Cấp đơn vị: xã
    Đơn vị đếm: xã, phường
    Đơn vị đếm (tiếng Anh): communes and wards
    Thuộc: TP. Cần Thơ
    Số đơn vị: 102
    Dữ liệu sinh ngẫu nhiên: có

The first import of a declared set creates it (with its units: the file's code and name columns);
later imports of the same set are checked against the stored units like any other. Pure but for
the lookups of stored sets and units.
"""

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from dti import queries, registry
from dti.import_grid import clean_cell
from dti.import_header import label_key
from dti.names import alias_key
from dti.reference import DataError
from dti.units import unit_for_key

SET_CODE = re.compile(r"[a-z][a-z0-9_]{1,29}")
LEVEL_WORDS = {"xa": "commune", "cap xa": "commune", "xa phuong": "commune", "commune": "commune",
               "tinh": "province", "cap tinh": "province", "province": "province"}
YES_WORDS = {"co", "yes", "1", "true", "x"}
NO_WORDS = {"khong", "no", "0", "false", ""}
# Declaration key (as label_key reads it) -> field.
DECLARATION_KEYS = {
    "bo don vi": "code", "ma bo don vi": "code",
    "ten bo don vi": "label_vi", "ten bo don vi tieng anh": "label_en",
    "cap don vi": "level", "cap": "level",
    "don vi dem": "noun_vi", "don vi dem tieng anh": "noun_en",
    "thuoc": "parent", "thuoc tinh": "parent", "don vi cap tren": "parent",
    "so don vi": "size",
    "du lieu sinh ngau nhien": "generated",
}
REQUIRED = {"label_vi": "Tên bộ đơn vị", "level": "Cấp đơn vị", "noun_vi": "Đơn vị đếm", "size": "Số đơn vị"}
_DECLARATION_LINE = re.compile(r"^([^:]{2,60}):\s*(.*)$")


@dataclass(frozen=True)
class DeclaredUnitSet:
    """A unit set as a file declares it (parent resolved in the 34-unit set)."""
    code: str
    label_vi: str
    label_en: str
    unit_level: str
    noun_vi: str
    noun_en: str
    size: int
    is_generated: bool
    parent_unit_set: str | None
    parent_unit_code: str | None

    def as_unit_set(self) -> registry.UnitSet:
        return registry.UnitSet(self.code, self.size, self.code, self.label_vi, None, None, None, None,
                                self.unit_level, self.noun_vi, self.noun_en, self.label_en, self.is_generated,
                                self.parent_unit_set, self.parent_unit_code)


def declaration_lines(rows: list[list[str]], limit: int = 30) -> dict[str, str]:
    """Field -> value of the "key: value" title lines in the first rows (a CSV line a comma
    split is joined back)."""
    found: dict[str, str] = {}
    for row in rows[:limit]:
        cells = [clean_cell(cell) for cell in row if clean_cell(cell)]
        if not cells:
            continue
        match = _DECLARATION_LINE.match(", ".join(cells))
        if match and (field := DECLARATION_KEYS.get(label_key(match.group(1)))):
            found.setdefault(field, match.group(2).strip())
    return found


def declared_unit_set(rows: list[list[str]], file_name: str, version: str | None) -> DeclaredUnitSet | None:
    """The unit set the file's title rows declare, or None; DataError (Vietnamese) for a
    declaration that is incomplete, malformed or names the country's own sets."""
    lines = declaration_lines(rows)
    if "code" not in lines:
        return None
    code = lines["code"]
    if not SET_CODE.fullmatch(code):
        raise DataError(f"{file_name}: mã bộ đơn vị '{code[:40]}' không hợp lệ (chữ thường không dấu, số và "
                        f"dấu gạch dưới, 2–30 ký tự, bắt đầu bằng chữ; ví dụ cantho_xa)")
    if code in registry.UNIT_SETS or code in registry.UNIT_SET_BY_URL:
        raise DataError(f"{file_name}: bộ đơn vị '{code}' là bộ có sẵn của cả nước, không khai báo lại được; "
                        "hãy bỏ các dòng khai báo và dùng --units 63 hoặc --units 34")
    missing = [words for field, words in REQUIRED.items() if not lines.get(field)]
    if missing:
        raise DataError(f"{file_name}: khai báo bộ đơn vị '{code}' thiếu dòng "
                        + ", ".join(f"'{words}: …'" for words in missing))
    level = LEVEL_WORDS.get(label_key(lines["level"]))
    if level is None:
        raise DataError(f"{file_name}: cấp đơn vị '{lines['level'][:40]}' không hợp lệ (xã hoặc tỉnh)")
    size_text = lines["size"].replace(".", "").strip()
    if not size_text.isdigit() or not 2 <= int(size_text) <= 20000:
        raise DataError(f"{file_name}: số đơn vị '{lines['size'][:40]}' không phải số nguyên từ 2 đến 20000")
    generated_word = label_key(lines.get("generated", ""))
    if generated_word not in YES_WORDS | NO_WORDS:
        raise DataError(f"{file_name}: 'Dữ liệu sinh ngẫu nhiên: {lines['generated'][:40]}' phải là có hoặc không")
    parent_set, parent_code = None, None
    if lines.get("parent"):
        parent_set = "p34"
        found = unit_for_key(parent_set, alias_key(lines["parent"]), version)
        if found is None:
            raise DataError(f"{file_name}: không tìm thấy tỉnh, thành phố '{lines['parent'][:40]}' (dòng 'Thuộc: …') "
                            f"trong danh sách {registry.UNIT_SETS[parent_set].short_label}")
        parent_code = found[0]
    return DeclaredUnitSet(code, lines["label_vi"], lines.get("label_en") or lines["label_vi"], level,
                           lines["noun_vi"], lines.get("noun_en") or lines["noun_vi"], int(size_text),
                           generated_word in YES_WORDS, parent_set, parent_code)


GENERATED_MARK = "DỮ LIỆU SINH NGẪU NHIÊN ĐỂ KIỂM THỬ — KHÔNG PHẢI KẾT QUẢ DTI ĐÃ CÔNG BỐ"


def declaration_for(units: registry.UnitSet, parent_name: str | None) -> list[str]:
    """The title lines that declare a stored set again (an export re-imports on its own); none
    for the country's sets. A generated set's first line says so."""
    if units.code in registry.UNIT_SETS:
        return []
    level = "xã" if units.unit_level == "commune" else "tỉnh"
    lines = [GENERATED_MARK] if units.is_generated else []
    lines += [f"Bộ đơn vị: {units.code}", f"Tên bộ đơn vị: {units.label}",
              f"Tên bộ đơn vị (tiếng Anh): {units.label_en or units.label}", f"Cấp đơn vị: {level}",
              f"Đơn vị đếm: {units.noun_vi}", f"Đơn vị đếm (tiếng Anh): {units.noun_en}"]
    lines += [f"Thuộc: {parent_name}"] if parent_name else []
    return lines + [f"Số đơn vị: {units.size}", f"Dữ liệu sinh ngẫu nhiên: {'có' if units.is_generated else 'không'}"]


def check_against_stored(declared: DeclaredUnitSet, stored: registry.UnitSet, file_name: str) -> None:
    """A set declared again (the next year's file) must say what the stored set says."""
    differences = [(words, mine, theirs) for words, mine, theirs in (
        ("tên", declared.label_vi, stored.label), ("cấp", declared.unit_level, stored.unit_level),
        ("đơn vị đếm", declared.noun_vi, stored.noun_vi), ("số đơn vị", declared.size, stored.size),
        ("sinh ngẫu nhiên", declared.is_generated, stored.is_generated),
        ("thuộc", declared.parent_unit_code, stored.parent_unit_code)) if mine != theirs]
    if differences:
        words, mine, theirs = differences[0]
        raise DataError(f"{file_name}: bộ đơn vị '{declared.code}' đã có với {words} '{_said(theirs)}', "
                        f"tệp khai báo '{_said(mine)}'; hãy sửa dòng khai báo cho khớp")


def _said(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def units_from_file(rows: list[list[str]], data_start: int, code_index: int | None, name_index: int | None,
                    declared: DeclaredUnitSet, file_name: str) -> pd.DataFrame:
    """The units of a newly declared set from the file's code and name columns (one row per unit);
    DataError naming the rows where a code or a name is missing or repeated, or the count is off."""
    if code_index is None or name_index is None:
        raise DataError(f"{file_name}: tệp khai báo bộ đơn vị mới '{declared.code}' cần cả cột mã "
                        f"(\"Mã xã\", \"Mã đơn vị\") và cột tên (\"Xã, phường\", \"Tên đơn vị\")")
    units, errors, seen_codes, seen_names = [], [], {}, {}
    for index in range(data_start, len(rows)):
        row = rows[index]
        if max(code_index, name_index) >= len(row):
            continue
        code, name = clean_cell(row[code_index]), clean_cell(row[name_index])
        if not code and not name:
            continue
        line = index + 1
        if not code or not name:
            errors.append(f"{file_name}, dòng {line}: thiếu {'mã' if not code else 'tên'} đơn vị")
            continue
        if code.startswith(("=", "@")) or name.startswith(("=", "@")):
            continue  # the value checks report formulas
        if not re.fullmatch(r"[0-9A-Za-z._-]{1,12}", code):
            errors.append(f"{file_name}, dòng {line}: mã đơn vị '{code[:40]}' không hợp lệ (chữ, số, tối đa 12 ký tự)")
            continue
        key = alias_key(name)
        if code in seen_codes:
            errors.append(f"{file_name}, dòng {line}: mã '{code}' đã có ở dòng {seen_codes[code]}")
            continue
        if key in seen_names:
            errors.append(f"{file_name}, dòng {line}: tên '{name[:40]}' đã có ở dòng {seen_names[key]}")
            continue
        seen_codes[code], seen_names[key] = line, line
        units.append((code, name))
    if not errors and len(units) != declared.size:
        errors.append(f"{file_name}: có {len(units)} {declared.noun_vi}, nhưng dòng 'Số đơn vị' khai báo "
                      f"{declared.size}")
    if errors:
        raise DataError("\n".join(errors[:12]) + (f"\n… và {len(errors) - 12} lỗi khác" if len(errors) > 12 else ""))
    return pd.DataFrame(units, columns=["unit_code", "unit_name"])


def write_declared_unit_set(con: duckdb.DuckDBPyConnection, declared: DeclaredUnitSet, units: pd.DataFrame,
                            import_id: int) -> None:
    """Store a newly declared set, its units and their spellings (inside the import's transaction)."""
    con.execute(
        "insert into unit_set (unit_set, unit_level, name_vi, url_value, name_en, noun_vi, noun_en, is_generated, "
        "parent_unit_set, parent_unit_code, import_id) values ($code, $level, $label_vi, $code, $label_en, $noun_vi, "
        "$noun_en, $is_generated, $parent_set, $parent_code, $import_id)",
        {"code": declared.code, "level": declared.unit_level, "label_vi": declared.label_vi,
         "label_en": declared.label_en, "noun_vi": declared.noun_vi, "noun_en": declared.noun_en,
         "is_generated": declared.is_generated, "parent_set": declared.parent_unit_set,
         "parent_code": declared.parent_unit_code, "import_id": import_id})
    unit_rows = units.assign(unit_set=declared.code, name_full=units["unit_name"],
                             parent_unit_set=declared.parent_unit_set, parent_unit_code=declared.parent_unit_code)
    queries.insert_frame(con, "unit", unit_rows[["unit_set", "unit_code", "unit_name", "name_full",
                                                 "parent_unit_set", "parent_unit_code"]])
    aliases = pd.DataFrame({"unit_set": declared.code, "alias_key": units["unit_name"].map(alias_key),
                            "unit_code": units["unit_code"]})
    queries.insert_frame(con, "unit_alias", aliases)


def remove_declared_unit_set_if_empty(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Undo: a set the undone import declared goes with it once no value of it is left."""
    for (code,) in con.execute("select unit_set from unit_set where import_id = $id", {"id": import_id}).fetchall():
        if con.execute("select count(*) from dti_value where unit_set = $code", {"code": code}).fetchone()[0]:
            continue
        for table in ("unit_alias", "unit", "unit_set"):
            con.execute(f"delete from {table} where unit_set = $code", {"code": code})  # noqa: S608
