"""Preview an import: read, find the header, map, validate and diff a file against a
version, then write it into a throw-away copy and run the build checks, so the preview
reports everything a commit would refuse. Never raises for a problem in the file.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dti import build, computed_values, methodology, queries, reference, registry, store
from dti.i18n.text import Number, Text, Words, message_of
from dti.import_grid import SHORT_ROW_MARK, clean_cell, read_grid
from dti.import_header import Column, find_header, first_text_row, header_score, label_key, metric_keys
from dti.import_mapping import apply_overrides
from dti.import_numbers import parse_number
from dti.import_unit_set import (
    DeclaredUnitSet,
    check_against_stored,
    declared_unit_set,
    units_from_file,
    write_declared_unit_set,
)
from dti.names import alias_key
from dti.reference import DataError
from dti.registry import UnitSet
from dti.units import unit_for_key

MAX_LISTED = 12  # messages of one kind listed before "và N chỗ khác"
NON_PROVINCE_ROWS = {"ca nuoc", "trung binh", "trung binh ca nuoc", "tong", "tong cong", "binh quan"}
BLANKS = {"", "-", "–", "—"}
_YEAR_IN_LABEL = re.compile(r"\b(?:19|20)\d\d\b")
_COLUMN_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Preview:
    """What an import would do. errors block it; warnings need a confirmation."""

    file_name: str
    file_sha256: str
    year: int
    unit_set: str | None
    base_version: str | None  # the database version the diff was made against; a commit builds on it
    columns: list[Column] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # province_code, province_name, metric, measure, value, old_value, old_provenance,
    # status (new | changed | unchanged), is_published_change, file_row
    diff: pd.DataFrame = field(default_factory=pd.DataFrame)

    declared_set: DeclaredUnitSet | None = None  # a unit set the file declares, new to the database
    declared_units: pd.DataFrame | None = None    # its units (code, name), from the file

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


def unit_set_for_year(year: int, units: str | None, version: str | None = None) -> str:
    """The unit set of an import: the one the year is published in (p63 up to 2023, p34 from
    2025); a year published in both (2024) needs units ('63'/'34', or the set's code); a set an
    import declared (a province's communes) by its URL value, whatever the year."""
    if units is not None and units not in registry.UNIT_SET_BY_URL and units not in registry.UNIT_SETS:
        stored = registry.unit_set_for_url(units, version)
        if stored is None:
            known = ", ".join(u.url_value for u in registry.unit_sets(version).values())
            raise DataError(f"Không có bộ đơn vị '{units[:40]}' (có: {known})")
        return stored.code
    chosen = registry.UNIT_SET_BY_URL.get(units, units)
    published = registry.unit_sets_for_year(year)
    if len(published) == 1:
        only = published[0]
        if chosen is not None and chosen != only.code:
            raise DataError(Text("imp.only_set", year=year, label=only.short_label,
                                 units=registry.UNIT_SETS[chosen].url_value))
        return only.code
    if chosen is None:
        sizes, options = str(published[0].size), f"--units {published[0].url_value}"
        for unit in published[1:]:  # 'bản 63 và bản 34', '--units 63 hoặc --units 34'
            sizes = Text("imp.sizes", first=sizes, second=unit.size)
            options = Text("imp.options", first=options, second=f"--units {unit.url_value}")
        raise DataError(Text("imp.both_sets", year=year, sizes=sizes, options=options))
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
        try:
            preview.unit_set = unit_set_for_year(int(year), units, version)
            undecided = None
        except DataError as error:  # unless the file declares its own unit set
            undecided = error
        _fill_preview(preview, content, sheet, column_overrides or {}, units, undecided)
    except DataError as error:
        preview.errors.insert(0, str(error))
    return preview


def _fill_preview(preview: Preview, content: bytes, sheet: str | None,
                  overrides: dict[str, str], units: str | None = None, undecided: DataError | None = None) -> None:
    name, year = preview.file_name, preview.year
    indicators = queries.run_query("indicators_by_framework", preview.base_version)
    frameworks = registry.stored_frameworks(preview.base_version)
    if methodology.framework_for_year(frameworks, year) is None:
        raise DataError(Text("imp.no_framework", year=year))
    keys = metric_keys(indicators, year)
    rows, is_spreadsheet = read_grid(content, name, sheet, lambda head: header_score(head, keys),
                                     notes=preview.warnings)
    _choose_declared_unit_set(preview, rows, units, undecided)
    found = find_header(rows, keys, is_spreadsheet) or first_text_row(rows, keys, is_spreadsheet)
    no_header = DataError(Text("imp.no_header", name=name))
    if found is None:
        raise no_header
    data_start, columns = found
    apply_overrides(columns, overrides, keys)
    preview.columns = columns  # kept even when refused: the screen's mapping step starts from them
    roles = {c.role for c in columns}
    if not roles & {"province", "code"} or "value" not in roles:
        raise no_header
    unmapped = [c for c in columns if c.role is None
                and (c.label or any(clean_cell(r[c.index]) for r in rows[data_start:] if r))]
    for column in columns:
        if column.role is None and column not in unmapped:
            column.role = "ignore"  # an empty column without a header
    if unmapped:
        preview.warnings.append(Text("imp.unmapped", columns=", ".join(
            f"'{c.label}' ({c.letter})" if c.label else f"({c.letter})" for c in unmapped)))
    value_columns = [c for c in columns if c.role == "value"]
    header_years = sorted({int(y) for c in value_columns for y in _YEAR_IN_LABEL.findall(c.label)})
    if len(header_years) > 1:  # "DTI 2022 | DTI 2023": say so before "two columns mean the same"
        raise DataError(Text("imp.many_years", name=name, years=", ".join(map(str, header_years))))
    targets = [c.target for c in value_columns]
    for column in value_columns:
        if targets.count(column.target) > 1:
            first = next(c for c in value_columns if c.target == column.target)
            if first is not column:
                preview.errors.append(Text("imp.same_target", name=name, label=column.label, letter=column.letter,
                                           first=first.label, first_letter=first.letter,
                                           what=_measure(column.metric, column.measure)))
    if preview.errors:
        return
    if preview.unit_set is not None and preview.declared_set is not None:
        code_column = next((c for c in columns if c.role == "code"), None)
        name_column = next((c for c in columns if c.role == "province"), None)
        preview.declared_units = units_from_file(
            rows, data_start, code_column.index if code_column else None,
            name_column.index if name_column else None, preview.declared_set, name)
    incoming = _long_table(preview, rows, data_start, columns)
    if preview.errors:
        return
    _check_values(preview, incoming, frameworks)


def _choose_declared_unit_set(preview: Preview, rows: list[list[str]], units: str | None,
                              undecided: DataError | None) -> None:
    """The unit set the file's title rows declare, where they declare one: new (created by the
    commit) or stored (checked against it); --units, if given, must name the same set."""
    declared = declared_unit_set(rows, preview.file_name, preview.base_version)
    if declared is None:
        if undecided is not None:
            raise undecided
        return
    if units is not None and units != declared.code:
        raise DataError(f"{preview.file_name}: tệp khai báo bộ đơn vị '{declared.code}' nhưng đang nhập cho "
                        f"--units {units[:40]}; hãy bỏ --units hoặc sửa dòng 'Bộ đơn vị'")
    stored = registry.unit_sets(preview.base_version).get(declared.code)
    if stored is not None:
        check_against_stored(declared, stored, preview.file_name)
    else:
        preview.declared_set = declared
    preview.unit_set = declared.code


def unit_set_of(preview: Preview) -> UnitSet:
    """The preview's unit set, a newly declared one included."""
    if preview.declared_set is not None:
        return preview.declared_set.as_unit_set()
    return registry.unit_set(preview.unit_set, preview.base_version)


def _long_table(preview: Preview, rows: list[list[str]], data_start: int,
                columns: list[Column]) -> pd.DataFrame:
    """One row per (province, metric, measure) with the file row and column; errors collected."""
    name, unit_set = preview.file_name, preview.unit_set
    if preview.declared_units is not None:  # a new set: its units are the file's
        units = preview.declared_units.rename(columns={"unit_code": "province_code", "unit_name": "province_name"})
        aliases = pd.DataFrame({"alias_key": units["province_name"].map(alias_key),
                                "province_code": units["province_code"]})
    else:
        aliases = queries.run_query("unit_aliases_in_set", preview.base_version, unit_set=unit_set)
        units = queries.run_query("units_in_set", preview.base_version, unit_set=unit_set)
    units_of_set = unit_set_of(preview)
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
        return Text("imp.where", name=name, row=row_number, label=column.label, letter=column.letter)

    for index in range(data_start, len(rows)):
        row = rows[index]
        row_number = index + row_offset
        used = [c for c in (province_column, code_column, year_column, *value_columns) if c]
        if all(not clean_cell(cell) for cell in row):
            continue
        if any(row[c.index] == SHORT_ROW_MARK for c in used):
            if sum(1 for cell in row if clean_cell(cell)) < 2:
                continue  # a one-cell note under the table ("Nguồn: ...")
            errors.append(Text("imp.short_row", name=name, row=row_number))
            continue
        for column in used:
            if row[column.index].startswith(("=", "@")):
                errors.append(Text("imp.formula", where=where(row_number, column), text=_shorten(row[column.index])))
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
            code = key if key in name_for_code else (text.strip() if text.strip() in name_for_code else None)
        if code is None:
            if label_key(text) in NON_PROVINCE_ROWS:
                continue  # a national average line
            if not has_values:
                continue  # a title or note line; a real province left out is reported as missing
            errors.append(Text("imp.unknown_province", where=where(row_number, key_column), text=_shorten(text),
                               n=units_of_set.size, noun=Words(units_of_set.noun_vi, units_of_set.noun_en),
                               went=_where_it_went(preview, unit_set, key)))
            continue
        if code_column is not None and province_column is not None:
            given = row[code_column.index].strip()
            if given and given.zfill(2) != code and given != code:
                errors.append(Text("imp.code_mismatch", where=where(row_number, code_column), given=given,
                                   name=name_for_code[code], code=code))
        if code in seen:
            errors.append(Text("imp.twice", where=where(row_number, key_column), name=name_for_code[code],
                               first=seen[code], row=row_number))
            continue
        seen[code] = row_number
        if year_column is not None and row[year_column.index].strip():
            year_value = parse_number(row[year_column.index])
            if year_value != year_value or not year_value.is_integer():
                errors.append(Text("imp.bad_year", where=where(row_number, year_column), text=row[year_column.index]))
            else:
                file_years.add(int(year_value))
        for column, value_text in value_texts.items():
            if value_text in BLANKS or value_text.startswith(("=", "@")):
                continue
            value = parse_number(value_text)
            why = reference.value_problem(column.measure, value, value_text, units_of_set.size)
            if why:
                errors.append(Text("imp.cell", where=where(row_number, column), why=why))
                continue
            records.append((code, name_for_code[code], column.metric, column.measure, value,
                            row_number, column.label, column.letter))
    if len(file_years) > 1:
        listed = ", ".join(map(str, sorted(file_years)))
        errors.insert(0, Text("imp.many_years", name=name, years=listed))
    elif file_years and file_years != {preview.year}:
        errors.insert(0, Text("imp.other_year", name=name, file_year=file_years.pop(), year=preview.year))
    missing = [name_for_code[c] for c in sorted(name_for_code) if c not in seen]
    if missing and not errors:
        errors.append(Text("imp.missing", name=name, count=len(missing), n=units_of_set.size,
                           noun=Words(units_of_set.noun_vi, units_of_set.noun_en),
                           names=", ".join(missing[:MAX_LISTED]) + (" …" if len(missing) > MAX_LISTED else "")))
    elif missing:
        errors.append(Text("imp.too_few", name=name, count=len(seen), n=units_of_set.size,
                           noun=Words(units_of_set.noun_vi, units_of_set.noun_en)))
    preview.errors.extend(_capped(errors))
    return pd.DataFrame(records, columns=["province_code", "province_name", "metric", "measure", "value",
                                          "file_row", "column_label", "column_letter"])


def _where_it_went(preview: Preview, unit_set: str, key: str) -> str:
    """'; từ 1/7/2025 thuộc TP. Cần Thơ' for a former province named in a 34-unit file."""
    if unit_set != "p34":
        return ""
    former = unit_for_key("p63", key, preview.base_version)
    if former is None:
        return ""
    p63 = queries.run_query("units_in_set", preview.base_version, unit_set="p63")
    successor = p63.loc[p63["province_code"] == former[0], "successor_code"]
    p34 = queries.run_query("units_in_set", preview.base_version, unit_set="p34")
    row = p34[p34["province_code"] == successor.iloc[0]] if len(successor) else p34.iloc[0:0]
    if row.empty:
        return ""
    full = str(row["name_full"].iloc[0] or row["province_name"].iloc[0])
    short = full.replace("Thành phố ", "TP. ", 1).replace("Tỉnh ", "tỉnh ", 1)
    return Text("imp.went", short=short)


def _measure(metric: str, measure: str) -> Text:
    """'điểm dti' / 'score dti', 'thứ hạng kts' / 'rank kts'."""
    return Text("imp.measure", measure=Text(f"data.measure_{measure}"), metric=metric)


def _value(measure: str, value):
    """A rank as a whole number, a score per language."""
    return int(value) if measure == "rank" else Number(value)


def _is_numbering_row(row: list[str]) -> bool:
    cells = [clean_cell(cell) for cell in row if clean_cell(cell)]
    if len(cells) < 3 or not all(_COLUMN_NUMBERING.match(cell) for cell in cells):
        return False
    numbers = [int(cell.strip("()")) for cell in cells]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _capped(messages: list[str]) -> list[str]:
    if len(messages) <= MAX_LISTED:
        return messages
    return messages[:MAX_LISTED] + [Text("imp.more_errors", n=len(messages) - MAX_LISTED)]


def _check_values(preview: Preview, incoming: pd.DataFrame, frameworks) -> None:
    """Ranks against scores (tie rule), the diff, and the warnings."""
    current = queries.run_query("values_for_year", preview.base_version, unit_set=preview.unit_set, year=preview.year)
    key = ["province_code", "metric", "measure"]
    merged = current[key + ["value"]].merge(incoming[key + ["value", "file_row", "column_label"]],
                                            on=key, how="outer", suffixes=("_old", ""))
    merged["value"] = merged["value"].fillna(merged["value_old"])
    size = unit_set_of(preview).size
    errors = []
    superseded = []  # stored ranks the file's complete scores contradict: the file wins
    for metric in sorted(set(incoming["metric"])):
        of_metric = merged[merged["metric"] == metric]
        scores = of_metric[of_metric["measure"] == "score"].set_index("province_code")
        ranks = of_metric[of_metric["measure"] == "rank"].set_index("province_code")
        if len(ranks) == size:
            expected_shape = ranks["value"].rank(method="min")
            if (expected_shape != ranks["value"]).any():
                errors.append(Text("imp.tie_rule", name=preview.file_name, metric=metric))
                continue
        if len(scores) == size and len(ranks):  # complete scores decide every rank, stored ones too
            computed = scores["value"].round(4).rank(method="min", ascending=False)
            for code, rank in ranks["value"].items():
                if computed[code] != rank:
                    from_file = ranks.at[code, "file_row"] == ranks.at[code, "file_row"]  # not NaN
                    if not from_file:
                        superseded.append((code, metric, int(rank), int(computed[code])))
                        continue
                    errors.append(Text("imp.rank_vs_score", name=preview.file_name,
                                       row=int(ranks.at[code, "file_row"]), label=ranks.at[code, "column_label"],
                                       rank=int(rank), province=_province_name(incoming, current, code),
                                       score=Number(scores.at[code, "value"]), computed=int(computed[code])))
    preview.errors.extend(_capped(errors))
    if preview.errors:
        return
    incoming = incoming.assign(note=None)
    if superseded:
        incoming = pd.concat([incoming, _superseded_rows(preview, incoming, current, superseded)],
                             ignore_index=True)
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
        examples = [Text("imp.example", name=r.province_name, what=_measure(r.metric, r.measure),
                         old=_value(r.measure, r.old_value), new=_value(r.measure, r.value))
                    for r in overwritten.head(5).itertuples()]
        preview.warnings.append(Text("imp.overwrites", n=len(overwritten), examples=examples))
    wrong_year = _probably_another_year(preview, diff)
    if wrong_year:
        preview.warnings.append(wrong_year)
    long = merged.assign(unit_set=preview.unit_set, year=preview.year, unit_code=merged["province_code"])
    for _, why in reference.weighted_total_gaps(long, frameworks)[:MAX_LISTED]:
        preview.warnings.append(why)
    _trial_commit(preview)


def _superseded_rows(preview: Preview, incoming: pd.DataFrame, current: pd.DataFrame,
                     superseded: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """The ranks computed from the file's complete scores, replacing stored ranks that
    contradict them (an official file is the authority), with a warning listing each value
    replaced and its source; the old values stay in the previous version."""
    stored = current.set_index(["province_code", "metric", "measure"])
    listed, rows = [], []
    for code, metric, old_rank, new_rank in superseded:
        old = stored.loc[(code, metric, "rank")]
        source = old["source_url"] if isinstance(old["source_url"], str) and old["source_url"] else "không rõ nguồn"
        name = _province_name(incoming, current, code)
        listed.append(Text("imp.superseded_item", name=name, what=_measure(metric, "rank"), old=old_rank, new=new_rank,
                           provenance=Text(f"data.provenance_{old['provenance']}"), source=source))
        rows.append({"province_code": code, "province_name": name, "metric": metric, "measure": "rank",
                     "value": float(new_rank), "file_row": float("nan"),
                     "column_label": "(tính từ điểm trong tệp)",
                     "note": f"tính từ điểm trong tệp {preview.file_name}; thay thế hạng {old_rank} "
                             f"({old['provenance']}, nguồn: {source})"})
    shown = tuple(listed[:MAX_LISTED]) + ((Text("imp.more_values", n=len(listed) - MAX_LISTED),)
                                          if len(listed) > MAX_LISTED else ())
    preview.warnings.append(Text("imp.superseded", n=len(listed), shown=shown))
    return pd.DataFrame(rows)


def _probably_another_year(preview: Preview, diff: pd.DataFrame) -> str | None:
    """A file that differs from most stored published values of its year is probably another
    year's table: say so, naming the stored year it matches where one does."""
    compared = diff[diff["old_value"].notna() & diff["old_provenance"].isin(["published", "derived"])
                    & diff["file_row"].notna()]
    if len(compared) < 5:
        return None
    differing = int((compared["status"] == "changed").sum())
    if differing * 2 <= len(compared):
        return None
    like = ""
    key = ["province_code", "metric", "measure"]
    years = queries.run_query("ranking_years", preview.base_version, unit_set=preview.unit_set, metric="dti")
    for other in sorted(set(int(y) for y in years["year"]) - {preview.year}):
        stored = queries.run_query("values_for_year", preview.base_version, unit_set=preview.unit_set, year=other)
        both = diff[key + ["value"]].merge(stored[key + ["value"]], on=key, suffixes=("", "_other"))
        if len(both) >= 5 and ((both["value"] - both["value_other"]).abs() < 1e-9).mean() >= 0.8:
            like = Text("imp.like_year", year=other)
            break
    return Text("imp.another_year", differing=differing, compared=len(compared), year=preview.year, like=like)


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
                write_preview(con, preview, "thử", preview.base_version, trial_version, counts)
                build.run_checks(con)
            except DataError as error:
                preview.errors.append(Text("imp.inconsistent", name=preview.file_name, error=message_of(error)))
            finally:
                con.close()
    except FileNotFoundError:  # the version was pruned meanwhile
        preview.errors.append(Text("imp.changed_since"))


def _province_name(incoming: pd.DataFrame, current: pd.DataFrame, code: str) -> str:
    for frame in (incoming, current):
        names = frame.loc[frame["province_code"] == code, "province_name"]
        if len(names):
            return str(names.iloc[0])
    return code


def write_preview(con: duckdb.DuckDBPyConnection, preview: Preview, imported_by: str, base: str,
           new_version: str, counts: tuple[int, int, int]) -> int:
    con.execute("begin transaction")
    try:
        import_id = con.execute("select coalesce(max(import_id), 0) + 1 from import_record").fetchone()[0]
        if preview.declared_set is not None:
            write_declared_unit_set(con, preview.declared_set, preview.declared_units, import_id)
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
            # Generated test data is never "imported" official results: its own mark (‡) everywhere.
            "provenance": "generated" if unit_set_of(preview).is_generated else "imported",
            "source_url": None,
            "note": changed["note"].where(changed["note"].notna(), f"nhập từ tệp {preview.file_name}")
            if "note" in changed else f"nhập từ tệp {preview.file_name}",
            "import_id": import_id,
        })
        con.register("imported_rows", rows)
        con.execute("""
            insert into replaced_value
            select $import_id, stored.unit_set, stored.year, stored.unit_code, stored.metric, stored.measure,
                stored.value, stored.provenance, stored.source_url, stored.note, stored.import_id
            from dti_value as stored
            inner join imported_rows as incoming
                on stored.unit_set = incoming.unit_set and stored.year = incoming.year
                and stored.unit_code = incoming.unit_code and stored.metric = incoming.metric
                and stored.measure = incoming.measure
        """, {"import_id": import_id})
        con.execute("insert or replace into dti_value select * from imported_rows")
        con.unregister("imported_rows")
        for info_key, info_value in (("version", new_version), ("last_import_id", str(import_id)),
                                     ("import_base_version", base), (f"import_base_version:{import_id}", base)):
            con.execute("insert or replace into database_info values ($key, $value)",
                        {"key": info_key, "value": info_value})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    # The computed values (pillars, 34-unit values, means) follow the imported values. Its query reads through
    # a cursor of its own, which sees only committed rows: so after the commit above. The
    # file is still a private copy; publishing it is the atomic step.
    computed_values.refresh_computed_values(con)
    return int(import_id)
