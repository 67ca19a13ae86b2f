"""Read the bundled reference files in data/ and validate them loudly.

Every problem names the file, the line and why, in Vietnamese. Nothing here touches the
database: dti.build inserts what this module returns only after it passed.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dti import methodology
from dti.config import DATA_DIR
from dti.i18n.text import Text
from dti.names import alias_key
from dti.registry import UNIT_SETS

MEASURES = ("score", "rank")
REFERENCE_PROVENANCES = ("published", "derived")
# Every tier a source may have, most trusted first, with how a screen names it. A value
# from a higher tier wins a disagreement; `compilation` is a third-party copy of an
# official table and fills only what no higher tier gives.
SOURCE_TIERS = {
    "official dti.gov.vn": "cổng chính thức (dti.gov.vn)",
    "official mic.gov.vn": "cổng chính thức của Bộ (mic.gov.vn)",
    "gov.vn portal": "cổng thông tin tỉnh/gov.vn",
    "press/other": "báo chí",
    "compilation": "bản tổng hợp (sao chép bảng chính thức)",
}
# Extra spellings people write ("TPHCM", "Sài Gòn", "TP. Huế"), beside the names in provinces.csv.
EXTRA_ALIASES_FILE = "unit_aliases.csv"


class DataError(ValueError):
    """A reference or imported file breaks a rule; the message is for the user."""


@dataclass
class ReferenceData:
    units: pd.DataFrame
    aliases: pd.DataFrame
    successions: pd.DataFrame
    frameworks: list[methodology.Framework]
    indicators: pd.DataFrame
    sources: pd.DataFrame
    values: pd.DataFrame
    national_stats: pd.DataFrame


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataError(f"Không tìm thấy tệp dữ liệu {path.name}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    # Line numbers as a person sees them in an editor: the header is line 1.
    frame.index = range(2, len(frame) + 2)
    return frame


def _fail(path: Path, line: int | None, why: str) -> None:
    where = f"{path.name}, dòng {line}" if line is not None else path.name
    raise DataError(f"{where}: {why}")


def load_reference(data_dir: Path = DATA_DIR) -> ReferenceData:
    """Read and validate every bundled file; raise DataError at the first broken rule."""
    provinces = _read(data_dir / "provinces.csv")
    merger = _read(data_dir / "merger_2025.csv")
    indicators_raw = _read(data_dir / "indicators.csv")
    sources = _read(data_dir / "sources.csv")
    values_raw = _read(data_dir / "dti_values.csv")
    national_raw = _read(data_dir / "national_stats.csv")

    units = _units(provinces, merger, data_dir)
    aliases = _aliases(units, data_dir)
    successions = pd.DataFrame({
        "from_unit_set": "p63",
        "from_unit_code": merger["old_code"].to_numpy(),
        "to_unit_set": "p34",
        "to_unit_code": merger["new_code"].to_numpy(),
    })
    frameworks = methodology.frameworks_from_rows(indicators_raw.to_dict("records"))
    values = validate_values(values_raw, units, frameworks, data_dir / "dti_values.csv",
                             allowed_provenances=REFERENCE_PROVENANCES)
    _check_sources(sources, data_dir / "sources.csv", values_raw, data_dir / "dti_values.csv")
    _check_sources(sources, data_dir / "sources.csv", national_raw, data_dir / "national_stats.csv")
    national = national_raw.assign(
        year=pd.to_numeric(national_raw["year"]), value=pd.to_numeric(national_raw["value"]))
    return ReferenceData(units, aliases, successions, frameworks, indicators_raw, sources,
                         values, national)


def _check_sources(sources: pd.DataFrame, sources_path: Path, cited: pd.DataFrame, cited_path: Path) -> None:
    """Every source has a known tier and a unique URL; every cited URL is a listed source."""
    for line, row in sources.iterrows():
        if row["tier"] not in SOURCE_TIERS:
            _fail(sources_path, line, f"hạng nguồn '{row['tier']}' không hợp lệ "
                                      f"(chỉ có: {', '.join(SOURCE_TIERS)})")
        if not row["url"].startswith(("http://", "https://")):
            _fail(sources_path, line, f"địa chỉ nguồn '{row['url']}' không phải http(s)")
    duplicated = sources[sources["url"].duplicated()]
    if len(duplicated):
        _fail(sources_path, duplicated.index[0], f"địa chỉ nguồn '{duplicated['url'].iloc[0]}' bị trùng")
    unknown = cited[~cited["source_url"].isin(sources["url"])]
    if len(unknown):
        _fail(cited_path, unknown.index[0],
              f"nguồn '{unknown['source_url'].iloc[0]}' không có trong sources.csv")


def _units(provinces: pd.DataFrame, merger: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    path = data_dir / "provinces.csv"
    for line, code in provinces["code"].items():
        if not (len(code) == 2 and code.isdigit()):
            _fail(path, line, f"mã tỉnh '{code}' không phải hai chữ số")
    if len(provinces) != UNIT_SETS["p63"].size:
        _fail(path, None, f"có {len(provinces)} tỉnh, thành phố, cần đúng {UNIT_SETS['p63'].size}")
    duplicated = provinces["code"][provinces["code"].duplicated()]
    if len(duplicated):
        _fail(path, duplicated.index[0], f"mã tỉnh '{duplicated.iloc[0]}' bị trùng")
    p63 = pd.DataFrame({
        "unit_set": "p63",
        "unit_code": provinces["code"],
        "unit_name": provinces["name"],
        "name_full": provinces["name_full"],
        "name_ascii": provinces["name_ascii"],
        "region_id": pd.to_numeric(provinces["region_id"]),
        "region_name": provinces["region"],
    })
    merger_path = data_dir / "merger_2025.csv"
    unknown = merger[~merger["old_code"].isin(provinces["code"])]
    if len(unknown):
        _fail(merger_path, unknown.index[0], f"mã tỉnh cũ '{unknown['old_code'].iloc[0]}' không có")
    if len(merger) != len(provinces) or merger["old_code"].duplicated().any():
        _fail(merger_path, None, f"mỗi tỉnh trong {UNIT_SETS['p63'].short_label} phải có đúng một dòng")
    new_units = merger.drop_duplicates("new_code")
    p34 = pd.DataFrame({
        "unit_set": "p34",
        "unit_code": new_units["new_code"],
        "unit_name": new_units["new_name"],
        "name_full": new_units["new_name_full"],
        "name_ascii": None,
        "region_id": None,
        "region_name": None,
    })
    if len(p34) != UNIT_SETS["p34"].size:
        _fail(merger_path, None, f"có {len(p34)} đơn vị mới, cần đúng {UNIT_SETS['p34'].size}")
    units = pd.concat([p63, p34], ignore_index=True)
    units["parent_unit_set"] = None
    units["parent_unit_code"] = None
    units["region_id"] = units["region_id"].astype("Int64")
    return units


def _aliases(units: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    rows = []
    for unit in units.itertuples():
        for name in (unit.unit_name, unit.name_full, unit.name_ascii):
            if name:
                rows.append((unit.unit_set, alias_key(name), unit.unit_code))
    extra_path = data_dir / EXTRA_ALIASES_FILE
    if extra_path.exists():
        extra = _read(extra_path)
        known = set(zip(units["unit_set"], units["unit_code"], strict=False))
        for line, row in extra.iterrows():
            if (row["unit_set"], row["unit_code"]) not in known:
                _fail(extra_path, line, f"không có tỉnh mã '{row['unit_code']}' trong bộ {row['unit_set']}")
            rows.append((row["unit_set"], alias_key(row["alias"]), row["unit_code"]))
    aliases = pd.DataFrame(rows, columns=["unit_set", "alias_key", "unit_code"]).drop_duplicates()
    clash = aliases[aliases.duplicated(["unit_set", "alias_key"], keep=False)]
    if len(clash):
        _fail(data_dir / "provinces.csv", None,
              f"tên '{clash['alias_key'].iloc[0]}' trỏ tới hai tỉnh khác nhau")
    return aliases


def validate_values(raw: pd.DataFrame, units: pd.DataFrame, frameworks, path: Path,
                    allowed_provenances=REFERENCE_PROVENANCES) -> pd.DataFrame:
    """Check value rows (columns as in dti_values.csv) and return them typed.

    Rules: known unit in its set, no duplicate key, measure and provenance known, a score
    in 0–1, a rank a whole number in 1..N, and in QĐ 922 years a published total that
    agrees with the weighted sum of its main indices within 0.0002.
    """
    set_sizes = units.groupby("unit_set").size().to_dict()
    known = set(zip(units["unit_set"], units["unit_code"], strict=False))
    numbers = pd.to_numeric(raw["value"], errors="coerce")
    years = pd.to_numeric(raw["year"], errors="coerce")
    # Plain lists, not iterrows(): a Series per row made this loop most of a build (0.5 s).
    rows = zip(raw.index, raw["unit_set"].tolist(), raw["unit_code"].tolist(), raw["year"].tolist(),
               years.tolist(), raw["measure"].tolist(), raw["provenance"].tolist(), raw["value"].tolist(),
               numbers.tolist(), strict=True)
    for line, unit_set, unit_code, year_text, year, measure, provenance, text, number in rows:
        if unit_set not in set_sizes:
            _fail(path, line, f"bộ đơn vị '{unit_set}' không tồn tại (chỉ có {', '.join(UNIT_SETS)})")
        if (unit_set, unit_code) not in known:
            _fail(path, line, f"không có tỉnh mã '{unit_code}' trong bộ {unit_set}")
        if pd.isna(year):
            _fail(path, line, f"năm '{year_text}' không phải số")
        if measure not in MEASURES:
            _fail(path, line, f"đại lượng '{measure}' không hợp lệ (score hoặc rank)")
        if provenance not in allowed_provenances:
            _fail(path, line, f"nguồn gốc '{provenance}' không hợp lệ")
        why = value_problem(measure, number, text, set_sizes[unit_set])
        if why:
            _fail(path, line, why)
    key = ["unit_set", "year", "unit_code", "metric", "measure"]
    duplicated = raw[raw.duplicated(key)]
    if len(duplicated):
        first = duplicated.iloc[0]
        _fail(path, duplicated.index[0],
              f"trùng khóa ({first['unit_set']}, {first['year']}, {first['unit_code']}, "
              f"{first['metric']}, {first['measure']})")
    values = raw.assign(year=years.astype(int), value=numbers)
    _check_weighted_totals(values, frameworks, path)
    return values


def value_problem(measure: str, value: float, text: str, set_size: int) -> str | None:
    """Why one value breaks a rule (not a number, a score outside 0–1, a rank outside 1..N),
    in Vietnamese, or None when it is fine. Shared by the bundled files and imports."""
    if pd.isna(value):
        return Text("imp.not_a_number", text=text)
    if measure == "score" and not 0 <= value <= 1:
        return Text("imp.score_outside", text=text)
    if measure == "rank" and (value != int(value) or not 1 <= value <= set_size):
        return Text("imp.rank_outside", text=text, n=set_size)
    return None


def _check_weighted_totals(values: pd.DataFrame, frameworks, path: Path) -> None:
    gaps = weighted_total_gaps(values, frameworks)
    if gaps:
        line, why = gaps[0]
        _fail(path, line, why)


def weighted_total_gaps(values: pd.DataFrame, frameworks) -> list[tuple[object, str]]:
    """(index label of the total row, why) for every unit whose published total differs from
    the weighted sum of its main indices by more than the tolerance (QĐ 922 years)."""
    gaps = []
    scores = values[values["measure"] == "score"]
    for (unit_set, year, unit_code), group in scores.groupby(["unit_set", "year", "unit_code"]):
        framework = methodology.framework_for_year(frameworks, int(year))
        if framework is None or framework.total_from != "main" or not framework.has_weights:
            continue
        by_metric = dict(zip(group["metric"], group["value"], strict=False))
        if "dti" not in by_metric or any(c not in by_metric for c in framework.part_codes):
            continue
        expected = methodology.weighted_total(framework, by_metric)
        published = by_metric["dti"]
        if abs(expected - published) > methodology.WEIGHTED_SUM_TOLERANCE:
            line = group.index[group["metric"] == "dti"][0]
            gaps.append((line,
                         f"tổng DTI {published:.4f} của {unit_code} ({unit_set}, {year}) lệch "
                         f"{abs(expected - published):.4f} so với tổng có trọng số các chỉ số chính "
                         f"({expected:.4f}), quá mức cho phép 0,0002"))
    return gaps
