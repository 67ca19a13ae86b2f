"""`python -m dti export --province CODE --year Y --format png|pdf|pptx|xlsx --out FILE`:
one province's meeting-ready file. (`export --year Y --out F` without --province stays the
whole year's results in the import layout, dti.cli_import.export.)"""

import sys
from datetime import date
from pathlib import Path

from dti import briefing, plans, registry
from dti.exports import FORMATS, LANGUAGES, ExportError, build_export, png
from dti.units import resolve_unit
from dti.userstore import default_store


def add_arguments(parser) -> None:
    parser.add_argument("--province", help="mã (93) hoặc tên tỉnh: xuất hồ sơ của một tỉnh")
    parser.add_argument("--format", dest="export_format", choices=sorted(FORMATS),
                        help="png | pdf | pptx | xlsx (mặc định theo đuôi tệp --out)")
    parser.add_argument("--lang", choices=LANGUAGES, default="vi", help="ngôn ngữ của nhãn cố định")
    parser.add_argument("--chart", choices=png.CHART_NAMES, help="biểu đồ của tệp png (mặc định history)")
    parser.add_argument("--steps", help="các bước của bài trình chiếu, ví dụ headline,history,gaps")


def run(args) -> str:
    """Build the file; an ExportError or BriefingError reaches the user as one line (exit 2)."""
    out = Path(args.out)
    kind = args.export_format or out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ExportError("--out phải là tệp .png, .pdf, .pptx hoặc .xlsx (hoặc ghi rõ --format).")
    units = args.units or ("34" if args.year >= 2025 else "63")
    found = registry.unit_set_for_url(units)
    if found is None:
        raise ExportError(f"Không có bộ đơn vị '{units[:40]}' (dùng 63, 34 hoặc bộ đơn vị đã nhập).")
    unit_set = found.code
    unit = resolve_unit(unit_set, args.province)
    if unit.notice:
        print(unit.notice, file=sys.stderr)
    try:
        steps = briefing.parse_steps(args.steps) if args.steps else None
    except briefing.BriefingError as error:
        raise ExportError(str(error)) from error
    plan = briefing.stored_plan_summary(default_store(), unit_set, unit.code, args.year,
                                        plans.row_index_names(args.year), date.today(), args.lang)
    content, _, _ = build_export(kind, unit.code, args.year, unit_set, args.lang, chart=args.chart, steps=steps,
                                 plan=plan)
    out.write_bytes(content)
    return f"Đã xuất {kind.upper()} của {unit.name}, DTI {args.year}, ra {out} ({len(content) // 1024} KB)."
