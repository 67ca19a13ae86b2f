"""Property tests on the importer: any generated table either imports exactly or is refused
with a message, and nothing is ever half written."""

import unicodedata

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_tables import csv_bytes, unit_codes, unit_names, xlsx_bytes

from dti import build, import_commit, import_numbers, import_preview, queries, store

YEAR = 2025  # 34 units, no bundled values: a clean field
NAMES = unit_names("p34")
CODES = unit_codes("p34")
MUST_REFUSE = {"drop", "duplicate", "score_out", "text", "rank_out", "unknown"}


def _ascii(name: str) -> str:
    text = unicodedata.normalize("NFD", name)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").replace("Đ", "D").replace("đ", "d")


@st.composite
def tables(draw):
    scores = [n / 10000 for n in draw(st.lists(st.integers(0, 10000), min_size=34, max_size=34))]
    ranks = pd.Series(scores).round(4).rank(method="min", ascending=False).astype(int).tolist()
    spellings = [draw(st.sampled_from([name, _ascii(name), f"Tỉnh {name}",
                                       unicodedata.normalize("NFD", name)])) for name in NAMES]
    order = draw(st.permutations(range(34)))
    headers = [draw(st.sampled_from(["Tỉnh/Thành phố", "Tỉnh, thành phố", "Địa phương", "Tinh/Thanh pho"])),
               draw(st.sampled_from(["Chỉ số DTI", "DTI", "Giá trị", "Điểm", "Chi so DTI"])),
               draw(st.sampled_from(["Xếp hạng", "Thứ hạng", "Xep hang"]))]
    frame = pd.DataFrame({"p": [spellings[i] for i in order],
                          "s": [scores[i] for i in order],
                          "r": [ranks[i] for i in order]}).astype(object).set_axis(headers, axis=1)
    expected = {}
    for i, code in enumerate(CODES):
        expected[(code, "score")] = scores[i]
        expected[(code, "rank")] = float(ranks[i])
    mutation = draw(st.sampled_from(["none", "drop", "duplicate", "score_out", "text", "rank_out",
                                     "unknown", "swap_ranks"]))
    row = draw(st.integers(0, 33))
    if mutation == "drop":
        frame = frame.drop(index=row)
    elif mutation == "duplicate":
        frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
    elif mutation == "score_out":
        frame.iloc[row, 1] = draw(st.sampled_from([1.0001, -0.0001, 2.0, 100.0]))
    elif mutation == "text":
        frame.iloc[row, draw(st.sampled_from([1, 2]))] = draw(st.sampled_from(["n/a", "abc", "0,5,1", "1e"]))
    elif mutation == "rank_out":
        frame.iloc[row, 2] = draw(st.sampled_from([0, 35, 2.5]))
    elif mutation == "unknown":
        frame.iloc[row, 0] = "Tỉnh Hà Tây"
    elif mutation == "swap_ranks":
        other = (row + 1) % 34
        frame.iloc[[row, other], 2] = frame.iloc[[other, row], 2].to_numpy()
    file_format = draw(st.sampled_from(["csv,", "csv;", "xlsx"]))
    titles = draw(st.sampled_from([(), ("KẾT QUẢ DTI NĂM 2025",), ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "")]))
    if file_format == "xlsx":
        content, name = xlsx_bytes(frame, title_rows=titles), "t.xlsx"
    else:
        delimiter = file_format[-1]
        content = csv_bytes(frame, delimiter=delimiter, decimal="," if delimiter == ";" else ".",
                            encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1258"])), title_rows=titles)
        name = "t.csv"
    return content, name, expected, mutation


def _stored() -> dict:
    values = queries.run_query("values_for_year", None, unit_set="p34", year=YEAR)
    return {(r.province_code, r.measure): r.value for r in values.itertuples() if r.metric == "dti"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_a_table_imports_exactly_or_is_refused_with_a_message(fresh_db_dir, table):
    if store.current_version() is None:
        build.build_database()
    content, name, expected, mutation = table
    version, before = store.current_version(), _stored()
    preview = import_preview.preview_import(content, name, YEAR)
    if preview.is_ok:
        assert mutation not in MUST_REFUSE
        import_commit.commit_import(preview, "hypothesis", confirm_warnings=True)
        assert _stored() == expected
    else:
        assert mutation != "none"
        assert all(isinstance(e, str) and e for e in preview.errors)
        with pytest.raises(import_commit.ImportRefused):
            import_commit.commit_import(preview, "hypothesis", confirm_warnings=True)
        assert store.current_version() == version
        assert _stored() == before


@settings(max_examples=30, deadline=None)
@given(value=st.integers(0, 10 ** 6), separator=st.sampled_from([".", ","]))
def test_numbers_read_with_either_decimal_separator(value, separator):
    text = f"{value // 10000}{separator}{value % 10000:04d}"
    assert import_numbers.parse_number(text) == pytest.approx(value / 10000, abs=1e-12)


def test_a_failure_during_commit_leaves_nothing_behind(fresh_db_dir, monkeypatch):
    build.build_database()
    version, before = store.current_version(), _stored()
    preview = import_preview.preview_import(csv_bytes(pd.DataFrame({
        "Tỉnh/Thành phố": NAMES, "Chỉ số DTI": [0.5] * 34, "Xếp hạng": [1] * 34})), "t.csv", YEAR)
    assert preview.is_ok

    def broken_check(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "run_checks", broken_check)
    with pytest.raises(RuntimeError):
        import_commit.commit_import(preview, "x")
    assert store.current_version() == version
    assert _stored() == before
    assert store.list_versions() == [version]
    assert not list(fresh_db_dir.glob(".building-*"))
