"""`python -m dti simulate` and `solve`: JSON for machines, Vietnamese tables, errors exit 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

from dti import cli

ROOT = Path(__file__).resolve().parents[1]


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_simulate_json_has_the_documented_keys(built_db, capsys):
    code, out, _ = run_cli(capsys, "simulate", "--province", "22", "--year", "2022",
                           "--set", "hd_kinh_te_so=0.9", "--format", "json")
    assert code == 0
    answer = json.loads(out)
    # Worked example: 0.702445 + 150·0.3096/1000 = 0.748885 -> 0.7489, rank 2 behind Đà Nẵng.
    assert answer["new_score"] == 0.7489
    assert answer["new_rank"] == 2 and answer["rank_range"] == [2, 2]
    assert answer["field"] == "held" and answer["uses_estimates"] is False
    assert answer["new_pillars"]["kts"] == 0.7902


def test_simulate_table_is_vietnamese_with_decimal_commas(built_db, capsys):
    code, out, _ = run_cli(capsys, "simulate", "--province", "Quảng Ninh", "--year", "2022",
                           "--set", "hd_kinh_te_so=0,9")
    assert code == 0
    assert "0,7024 → 0,7489" in out and "3/63 → 2/63" in out
    assert "Giả định: Các tỉnh khác giữ nguyên điểm năm 2022." in out


def test_simulate_on_total_for_a_province_of_a_complete_year_gives_one_rank(built_db, capsys):
    code, out, _ = run_cli(capsys, "simulate", "--province", "93", "--year", "2022",
                           "--total-gain", "0.02", "--field", "national-mean", "--format", "json")
    assert code == 0
    answer = json.loads(out)
    assert answer["uses_estimates"] is False and answer["field"] == "national-mean"
    low, high = answer["rank_range"]
    assert low == answer["new_rank"] == high  # exact: no estimated competitor
    assert "+0,1777" in answer["field_assumption"]


def test_simulate_with_values_given_in_full(built_db, capsys):
    values = ["--values", "nhan_thuc_so=0.9", "--values", "the_che_so=0.9", "--values", "ha_tang_so=0.7",
              "--values", "nhan_luc_so=0.7", "--values", "an_toan_thong_tin_mang=0.6",
              "--values", "hd_chinh_quyen_so=0.7", "--values", "hd_kinh_te_so=0.6",
              "--values", "hd_xa_hoi_so=0.4"]
    code, out, _ = run_cli(capsys, "simulate", "--province", "27", "--year", "2022", *values,
                           "--set", "hd_xa_hoi_so=0.5", "--format", "json")
    answer = json.loads(out)
    # Published 0.6736 (the given values compute to 0.6700: noted) + 150·0.1/1000 = 0.6886
    assert code == 0 and answer["new_score"] == 0.6886
    assert answer["new_rank"] == 6  # below Cần Thơ 0.6924, above Lạng Sơn 0.6837
    assert any("khác điểm công bố" in note for note in answer["notes"])


def test_solve_json_has_the_documented_keys(built_db, capsys):
    code, out, _ = run_cli(capsys, "solve", "--province", "22", "--year", "2022", "--target-rank", "2",
                           "--format", "json")
    assert code == 0
    answer = json.loads(out)
    assert answer["least_total_gain"] == 0.0139 and answer["target_score"] == 0.7163
    assert {g["code"]: g["least_gain"] for g in answer["per_index"]}["hd_chinh_quyen_so"] == 0.0691
    assert answer["cheapest_mix"] == {"hd_chinh_quyen_so": 0.0691}


def test_solve_overtake_by_name_and_one_index_as_a_table(built_db, capsys):
    code, out, _ = run_cli(capsys, "solve", "--province", "22", "--year", "2022",
                           "--overtake", "TP. Hồ Chí Minh", "--index", "hd_kinh_te_so")
    assert code == 0
    # 0.013905·1000/150 = 0.0927
    assert "vượt TP. Hồ Chí Minh" in out and "Hoạt động kinh tế số (hd_kinh_te_so): +0,0927 (0,5904 → 0,6831)" in out
    assert "Mức tăng tổng điểm tối thiểu: 0,0140" in out


def test_errors_are_vietnamese_on_stderr_with_exit_two(built_db, capsys):
    cases = [
        (["simulate", "--province", "22", "--year", "2024", "--total-gain", "0.01"], "chưa được công bố"),
        (["simulate", "--province", "22", "--year", "2022", "--set", "hd_kinh_te_so=1.5"], "[0, 1]"),
        (["simulate", "--province", "22", "--year", "2022", "--set", "khong_co=0.5"], "không có trong"),
        (["simulate", "--province", "93", "--year", "2022", "--set", "hd_kinh_te_so=0.9"], "--values"),
        (["simulate", "--province", "22", "--year", "2022", "--field", "sideways"], "không hợp lệ"),
        (["solve", "--province", "22", "--year", "2021", "--top", "10"], "Chưa đủ số liệu"),
        (["solve", "--province", "22", "--year", "2022", "--overtake", "22"], "chính tỉnh"),
    ]
    for argv, message in cases:
        code, out, err = run_cli(capsys, *argv)
        assert code == 2, argv
        assert err.startswith("Lỗi: ") and message in err, (argv, err)
        assert out == ""


def test_python_dash_m_dti_simulate_prints_one_json_object(built_db):
    completed = subprocess.run(
        [sys.executable, "-m", "dti", "simulate", "--province", "48", "--year", "2022",
         "--set", "hd_xa_hoi_so=0.6", "--format", "json"],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout)
    # Đà Nẵng: 0.800175 + 150·(0.6 - 0.5197)/1000 = 0.81222 -> 0.8122, still first.
    assert (answer["new_score"], answer["new_rank"]) == (0.8122, 1)
    assert set(answer) >= {"new_score", "new_rank", "rank_range", "field", "uses_estimates"}
