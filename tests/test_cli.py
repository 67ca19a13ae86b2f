"""`python -m dti`: machine formats for machines, Vietnamese errors for people."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from dti.cli import main

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ranking_csv_has_the_documented_columns_and_dot_decimals(built_db, capsys):
    code, out, _ = _run(capsys, "ranking", "--year", "2022", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 63
    assert set(["province_code", "province_name", "score", "rank", "rank_change", "score_provenance",
                "rank_provenance"]) <= set(rows[0])
    danang = next(r for r in rows if r["province_code"] == "48")
    assert danang["score"] == "0.8002" and danang["rank"] == "1"
    hau_giang = next(r for r in rows if r["province_code"] == "93")
    assert hau_giang["rank"] == "17" and hau_giang["score"] == "0.6342"  # the compilation's copy of dti.gov.vn
    _, out_2021, _ = _run(capsys, "ranking", "--year", "2021", "--format", "csv")
    hau_giang_2021 = next(r for r in csv.DictReader(io.StringIO(out_2021)) if r["province_code"] == "93")
    assert hau_giang_2021["rank"] == "17" and hau_giang_2021["score"] == ""  # missing: an empty cell, not 0


def test_history_json_is_one_array_with_rank_change_positive_when_moving_up(built_db, capsys):
    code, out, _ = _run(capsys, "history", "--province", "93", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    by_year = {row["year"]: row for row in rows}
    assert by_year[2021]["rank"] == 17 and by_year[2021]["rank_change"] == 11
    assert by_year[2021]["is_comparable"] is False
    assert by_year[2020]["rank_provenance"] == "derived"
    assert by_year[2020]["rank_change"] is None
    assert {"year", "province_code", "score", "rank", "rank_change", "is_comparable", "score_provenance",
            "rank_provenance"} <= set(rows[0])


def test_gaps_json_is_one_object(built_db, capsys):
    code, out, _ = _run(capsys, "gaps", "--province", "92", "--year", "2022", "--format", "json")
    assert code == 0
    gaps = json.loads(out)
    assert gaps["rank"] == 5 and gaps["above_province_names"] == "Thừa Thiên Huế"
    assert gaps["gap_to_province_above"] == 0.0051  # 0.6975 − 0.6924
    assert gaps["gap_to_top_ten"] < 0  # already inside the top ten


def test_table_format_is_vietnamese(built_db, capsys):
    code, out, _ = _run(capsys, "history", "--province", "Hậu Giang")
    assert code == 0
    assert "tăng 11 bậc" in out and "0,5791" in out and "suy ra" in out


def test_p34_units_map_a_former_province_with_a_notice(built_db, capsys):
    code, out, err = _run(capsys, "history", "--province", "93", "--units", "34", "--format", "csv")
    assert code == 0
    assert "Hậu Giang đã hợp nhất vào Cần Thơ" in err
    assert ",92,Cần Thơ," in out


def test_errors_are_vietnamese_on_stderr_with_nonzero_exit(built_db, capsys):
    code, out, err = _run(capsys, "history", "--province", "Atlantis")
    assert code == 2 and out == ""
    assert "Không tìm thấy tỉnh, thành phố 'Atlantis'" in err
    code, _, err = _run(capsys, "ranking", "--year", "2019")
    assert code == 2 and "Không có số liệu năm 2019" in err


def test_any_command_builds_the_database_when_missing(tmp_path):
    env = {**os.environ, "DTI_DB_DIR": str(tmp_path / "db")}
    result = subprocess.run([sys.executable, "-m", "dti", "ranking", "--format", "json"], cwd=PROJECT_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 63
    assert (tmp_path / "db" / "CURRENT").exists()
