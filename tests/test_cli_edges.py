"""The command line at its edges: every bad request gets a Vietnamese line and a non-zero
exit (or a clean exit), never a traceback, an empty "success" or raw terminal codes."""

import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from import_tables import csv_bytes, results_table

from dti import downloads, formatting, import_numbers, import_preview
from dti.cli import main
from dti.cli_common import printable

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_into_a_folder_that_does_not_exist_says_so(built_db, capsys, tmp_path):
    target = tmp_path / "nodir" / "x.csv"
    code, out, err = _run(capsys, "export", "--year", "2022", "--out", str(target))
    assert code == 2 and out == ""
    assert "Không có thư mục" in err and "nodir" in err
    assert not target.exists()


def test_export_of_a_year_without_values_writes_nothing_and_says_so(built_db, capsys, tmp_path):
    target = tmp_path / "dti2019.csv"
    code, out, err = _run(capsys, "export", "--year", "2019", "--out", str(target))
    assert code == 2 and "Đã xuất" not in out
    assert "Không có số liệu DTI 2019" in err
    assert not target.exists()


def test_history_of_an_unknown_metric_is_an_error_not_an_empty_frame(built_db, capsys):
    code, out, err = _run(capsys, "history", "--province", "93", "--metric", "zzz")
    assert code == 2 and "Empty DataFrame" not in out + err
    assert "Không có chỉ số 'zzz'" in err


def test_ranking_of_an_unknown_metric_names_the_metric(built_db, capsys):
    code, _, err = _run(capsys, "ranking", "--metric", "zzz")
    assert code == 2 and "'zzz'" in err


@pytest.mark.parametrize("year", ["99999", "12345678901234567890", "2014", "-2022", "hai"])
def test_a_year_outside_2015_to_2100_is_refused_in_vietnamese(built_db, capsys, year):
    with pytest.raises(SystemExit) as stopped:
        main(["ranking", "--year", year])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "Lỗi:" in err and "từ 2015 đến 2100" in err and "Traceback" not in err


def test_the_year_range_holds_for_import_and_export_too(built_db, capsys, tmp_path):
    for argv in (["import", str(tmp_path / "a.csv"), "--year", "99999"],
                 ["export", "--year", "99999", "--out", str(tmp_path / "a.csv")]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "từ 2015 đến 2100" in capsys.readouterr().err


def test_ranking_into_a_closed_pipe_exits_cleanly(built_db):
    """`python -m dti ranking | head`: the reader goes away before the output is written."""
    process = subprocess.Popen([sys.executable, "-m", "dti", "ranking", "--format", "json"],
                               cwd=PROJECT_DIR, env=os.environ.copy(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like head after its lines: nobody reads any more
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "BrokenPipeError" not in err and "Traceback" not in err


def test_printable_removes_escape_sequences_and_controls_but_keeps_vietnamese():
    assert printable("Hà\x1b[2J Nội\x1b[31m!\x1b[0m") == "Hà Nội!"
    assert printable("a\x1b]0;title\x07b\rc\x00d\x9b1me") == "abcde"
    assert printable("dòng 1\n\tdòng 2") == "dòng 1\n\tdòng 2"


def test_escape_codes_in_an_import_file_never_reach_the_terminal_raw(built_db, capsys, tmp_path):
    frame = results_table("p34")
    frame["\x1b[2J\x1b[31mGhi chú"] = "x"  # an unmapped column: its label is echoed
    frame.loc[0, "Tỉnh/Thành phố"] = "Tỉnh \x1b]0;pwned\x07Lạ\x1b[0m"  # an unknown name: echoed in the error
    path = tmp_path / "dti2025.csv"
    path.write_bytes(csv_bytes(frame))
    code, out, err = _run(capsys, "import", str(path), "--year", "2025", "--dry-run")
    assert code == 2
    assert "Ghi chú" in out and "Lạ" in out + err
    assert "\x1b" not in out + err and "\x07" not in out + err


def test_minus_zero_is_shown_as_zero():
    assert formatting.format_score(-0.0) == "0,0000"
    assert formatting.format_score(-0.00001) == "0,0000"
    assert formatting.format_signed_score(-0.0) == "0,0000"
    assert formatting.format_signed_score(-0.00001) == "0,0000"
    assert formatting.format_signed_score(-0.0087) == "−0,0087"


def test_minus_zero_in_a_file_is_read_as_zero(built_db):
    frame = results_table("p34").drop(columns="Xếp hạng").astype({"Chỉ số DTI": object})
    frame.loc[5, "Chỉ số DTI"] = "-0"
    preview = import_preview.preview_import(csv_bytes(frame), "dti2025.csv", 2025)
    value = preview.diff[(preview.diff["metric"] == "dti") & (preview.diff["measure"] == "score")
                         & (preview.diff["value"] == 0)]["value"]
    assert preview.errors == [] and len(value) == 1
    assert math.copysign(1, value.iloc[0]) == 1
    assert math.copysign(1, import_numbers.parse_number("-0,0000")) == 1


@pytest.mark.parametrize("cell", ["\t=HYPERLINK(\"http://x\")", "\r=1+1", "\n=1+1", "   =1+1", " \t@cmd"])
def test_formula_after_leading_whitespace_is_neutralised(cell):
    table = downloads.with_headers(pd.DataFrame({"province_name": [cell]}), {"province_name": "Tỉnh"})
    assert table["Tỉnh"].tolist() == ["'" + cell]
