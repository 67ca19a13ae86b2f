"""`python -m dti`: build the database and answer ranking, history and gap questions.

Machine formats are for machines (dot decimals, CSV with a header, JSON one top-level
value); the table format is for people (Vietnamese decimal comma). Errors go to stderr in
Vietnamese with exit code 2.
"""

import argparse
import json
import os
import sys

import pandas as pd

from dti import access, build, cli_import, cli_simulate, formatting, queries, registry, store
from dti.cli_common import assessment_year, printable
from dti.exports import ExportError
from dti.exports import cli as exports_cli
from dti.reference import DataError
from dti.registry import UNIT_SET_BY_URL
from dti.simulation import SimulationError
from dti.units import UnknownUnit, resolve_unit

RANKING_COLUMNS = ["province_code", "province_name", "score", "rank", "rank_change",
                   "score_provenance", "rank_provenance", "previous_year", "is_comparable",
                   "region_name", "cqs_rank", "kts_rank", "xhs_rank"]
HISTORY_COLUMNS = ["year", "province_code", "province_name", "score", "rank", "rank_change",
                   "is_comparable", "score_provenance", "rank_provenance", "previous_year",
                   "framework", "national_mean"]


class CliError(Exception):
    """A problem the user can fix; printed to stderr without a traceback."""


class _Parser(argparse.ArgumentParser):
    """argparse with its error line in Vietnamese (subcommands inherit the class)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {printable(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dti",
                                     description="Chỉ số chuyển đổi số cấp tỉnh (DTI)")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--units", default="63",
                         help="63 tỉnh, thành phố (trước 1/7/2025), 34 (từ 1/7/2025) hoặc bộ đơn vị "
                              "đã nhập, ví dụ cantho_xa")
        sub.add_argument("--format", choices=["table", "csv", "json"], default="table")
        return sub

    build = add("build-db", "dựng lại cơ sở dữ liệu từ các tệp trong data/")
    build.add_argument("--if-missing", action="store_true", help="chỉ dựng khi chưa có cơ sở dữ liệu")
    ranking = add("ranking", "bảng xếp hạng một năm")
    ranking.add_argument("--year", type=assessment_year, help="năm đánh giá (mặc định: năm gần nhất đủ số liệu)")
    ranking.add_argument("--metric", default="dti", help="dti, cqs, kts, xhs hoặc mã chỉ số chính")
    history = add("history", "thứ hạng và điểm của một tỉnh qua các năm")
    history.add_argument("--province", required=True, help="mã (93) hoặc tên tỉnh")
    history.add_argument("--metric", default="dti")
    gaps = add("gaps", "khoảng cách điểm tới tỉnh liền trên, liền dưới, nhóm 10, dẫn đầu")
    gaps.add_argument("--province", required=True)
    gaps.add_argument("--year", type=assessment_year)
    gaps.add_argument("--metric", default="dti")
    cli_simulate.add_simulate_arguments(add("simulate", "mô phỏng: điểm và thứ hạng mới khi chỉ số thay đổi"))
    cli_simulate.add_solve_arguments(add("solve", "mức tăng ít nhất để đạt thứ hạng hoặc vượt một tỉnh"))
    _add_import_commands(commands)
    commands.add_parser("token", help="in mã truy cập riêng của máy này (tạo mới nếu chưa có)")
    return parser


def _add_import_commands(commands) -> None:
    units_help = ("63 hoặc 34 tỉnh, thành phố (mặc định theo năm; bắt buộc với 2024), hoặc bộ đơn vị "
                  "đã nhập (ví dụ cantho_xa)")
    imp = commands.add_parser("import", help="nhập kết quả chính thức một năm từ tệp CSV/XLSX")
    imp.add_argument("file", help="tệp .csv hoặc .xlsx (tối đa 10 MB)")
    imp.add_argument("--year", type=assessment_year, required=True, help="năm đánh giá của số liệu trong tệp")
    imp.add_argument("--units", help=units_help)
    imp.add_argument("--sheet", help="tên trang tính (mặc định: trang đang mở, nếu không bị ẩn)")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    imp.add_argument("--yes", action="store_true", help="vẫn nhập khi có cảnh báo (không bỏ qua lỗi)")
    imp.add_argument("--by", help="người nhập, ghi vào nhật ký (mặc định: tên người dùng máy)")
    undo = commands.add_parser("undo-import", help="hoàn tác một lần nhập (mặc định: lần gần nhất còn hiệu lực)")
    undo.add_argument("--id", type=int, help="số lần nhập (xem nhật ký nhập; mặc định: lần gần nhất)")
    exp = commands.add_parser("export", help="xuất số liệu một năm theo mẫu nhập (CSV/XLSX)")
    exp.add_argument("--year", type=assessment_year, required=True)
    exp.add_argument("--units", help=units_help)
    exp.add_argument("--out", required=True, help="tệp đích .csv hoặc .xlsx (với --province: .png .pdf .pptx .xlsx)")
    exports_cli.add_arguments(exp)


def stored_unit_set(units: str) -> str:
    """The database key of the set --units names: 63, 34 or a set an import declared (cantho_xa)."""
    if units in UNIT_SET_BY_URL:
        return UNIT_SET_BY_URL[units]
    found = registry.unit_set_for_url(units)
    if found is None:
        known = ", ".join(u.url_value for u in registry.unit_sets().values())
        raise CliError(f"Không có bộ đơn vị '{units[:40]}'. Dùng --units với một trong: {known}.")
    return found.code


def _known_metric(metric: str) -> str:
    codes = set(queries.run_query("indicators_by_framework", None)["code"])
    if metric not in codes:
        raise CliError(f"Không có chỉ số '{metric}'. Dùng dti, cqs, kts, xhs hoặc mã chỉ số chính "
                       "trong data/indicators.csv.")
    return metric


def _year_or_default(unit_set: str, year: int | None, metric: str) -> int:
    years = queries.run_query("ranking_years", None, unit_set=unit_set, metric=metric)
    if year is None:
        default = queries.default_year(years)
        if default is None:
            raise CliError("Chưa có năm nào có số liệu.")
        return default
    if year not in set(years["year"]):
        known = ", ".join(str(y) for y in years["year"])
        raise CliError(f"Không có số liệu năm {year} (các năm có: {known}).")
    return year


def _emit(frame: pd.DataFrame, output_format: str, single: bool = False) -> str:
    if output_format == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if output_format == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        return json.dumps(records[0] if single and records else records, ensure_ascii=False, indent=2)
    return _table(frame)


def _table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if column in ("score", "national_mean") or column.endswith("_score") or column.startswith("gap_"):
            shown[column] = shown[column].map(formatting.format_score)
        elif column == "rank_change":
            shown[column] = shown[column].map(lambda v: formatting.rank_change_phrase(v) or "")
        elif column.endswith("_provenance"):
            shown[column] = shown[column].map(formatting.provenance_label)
    return shown.astype(object).where(shown.notna(), "").to_string(index=False)


def _ensure_database() -> None:
    """Build where nothing is usable; say on stderr when an older version is served."""
    _, notice = build.ensure_database_with_notice()
    if notice:
        print(f"Lưu ý: {printable(notice)}", file=sys.stderr)


def run(argv: list[str]) -> str:
    args = _parser().parse_args(argv)
    if args.command == "token":  # needs no database
        token, note = access.token_command()
        if note:
            print(note, file=sys.stderr)
        return token
    if args.command in IMPORT_COMMANDS:
        _ensure_database()
        return IMPORT_COMMANDS[args.command](args)
    if args.command == "build-db":
        if args.if_missing and store.intact_version():
            _ensure_database()
            return f"Cơ sở dữ liệu đã có, phiên bản {store.intact_version()}."
        version = build.build_database()
        return f"Đã dựng cơ sở dữ liệu, phiên bản {version}."
    _ensure_database()
    unit_set = stored_unit_set(args.units)
    if getattr(args, "metric", None) is not None:
        _known_metric(args.metric)
    if args.command == "ranking":
        year = _year_or_default(unit_set, args.year, args.metric)
        frame = queries.run_query("ranking_for_year", None, unit_set=unit_set, year=year, metric=args.metric)
        return _emit(frame[RANKING_COLUMNS], args.format)
    unit = resolve_unit(unit_set, args.province)
    if unit.notice:
        print(printable(unit.notice), file=sys.stderr)
    if args.command == "history":
        frame = queries.run_query("province_history", None,
                                  unit_set=unit_set, province_code=unit.code, metric=args.metric)
        if frame.empty and args.format == "table":
            raise CliError(f"Chưa có số liệu {args.metric} nào của {unit.name}.")
        return _emit(frame[HISTORY_COLUMNS], args.format)
    if args.command == "simulate":
        return cli_simulate.run_simulate(args, unit_set, unit, _year_or_default(unit_set, args.year, "dti"))
    if args.command == "solve":
        overtake = resolve_unit(unit_set, args.overtake).code if args.overtake else None
        return cli_simulate.run_solve(args, unit_set, unit, _year_or_default(unit_set, args.year, "dti"), overtake)
    year = _year_or_default(unit_set, args.year, args.metric)
    frame = queries.run_query("province_gaps", None,
                              unit_set=unit_set, year=year, province_code=unit.code, metric=args.metric)
    frame.insert(0, "year", year)
    frame.insert(1, "unit_count", registry.unit_set(unit_set).size)
    if args.format == "table":
        return _table(frame.T.reset_index().set_axis(["", "giá trị"], axis=1))
    return _emit(frame, args.format, single=True)


IMPORT_COMMANDS = {"import": cli_import.import_file, "undo-import": cli_import.undo,
                   "export": cli_import.export}


def main(argv: list[str] | None = None) -> int:
    try:
        print(printable(run(sys.argv[1:] if argv is None else argv)), flush=True)
    except (CliError, cli_import.CliImportError, UnknownUnit, DataError, store.DatabaseUnavailable,
            SimulationError, ExportError) as error:
        print(f"Lỗi: {printable(str(error))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`) has gone: a clean exit, and no second error when Python
        # flushes stdout at shutdown.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
