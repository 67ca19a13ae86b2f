"""The one alias table: every extra spelling resolves, and a broken alias row fails the build."""

import shutil

import pandas as pd
import pytest

from dti import build, store
from dti.config import DATA_DIR
from dti.reference import DataError, load_reference
from dti.units import resolve_unit

ALIASES = pd.read_csv(DATA_DIR / "unit_aliases.csv", dtype=str)


@pytest.mark.parametrize("row", ALIASES.to_dict("records"), ids=lambda r: f"{r['unit_set']}-{r['alias']}")
def test_every_extra_spelling_resolves_to_its_unit(built_db, row):
    assert resolve_unit(row["unit_set"], row["alias"]).code == row["unit_code"]


@pytest.mark.parametrize(("unit_set", "text", "code"), [
    ("p63", "TP.HCM", "79"), ("p63", "Thừa Thiên - Huế", "46"), ("p63", "Bà Rịa-Vũng Tàu", "77"),
    ("p63", "Hoà Bình", "17"), ("p63", "tinh hau giang", "93"), ("p34", "TP. Huế", "46"),
])
def test_common_spellings_resolve(built_db, unit_set, text, code):
    assert resolve_unit(unit_set, text).code == code


def test_an_alias_to_an_unknown_code_fails_the_build_naming_file_and_line(tmp_path, fresh_db_dir):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("db", "geo"))
    with open(folder / "unit_aliases.csv", "a", encoding="utf-8") as handle:
        handle.write("p34,Hà Tây,99,no such unit\n")
    line = len(ALIASES) + 2
    with pytest.raises(DataError, match=f"unit_aliases.csv, dòng {line}: không có tỉnh mã '99'"):
        load_reference(folder)
    with pytest.raises(DataError):
        build.build_database(folder)
    assert store.current_version() is None
