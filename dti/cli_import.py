"""The CLI's import, undo-import and export commands (`python -m dti import FILE --year Y`).

The preview goes to stdout; errors raise and reach stderr in Vietnamese with exit code 2.
Warnings stop the import unless --yes; errors stop it always.
"""

import getpass
import os
from pathlib import Path

from dti import exporter, formatting, import_commit, import_grid, import_preview, queries, registry, store
from dti.cli_common import os_error_words, printable

TARGET_WORDS = {"province": "tỉnh, thành phố", "code": "mã tỉnh", "year": "năm", "ignore": "bỏ qua"}
GENERATED_WORDS = "Dữ liệu sinh ngẫu nhiên để kiểm thử"


class CliImportError(Exception):
    """An import the user must fix or confirm; printed to stderr without a traceback."""


def describe_preview(preview: import_preview.Preview) -> str:
    """The preview as lines for a terminal: file, columns, counts, warnings."""
    units = import_preview.unit_set_of(preview).short_label if preview.unit_set else "?"
    lines = [f"Tệp: {preview.file_name} (SHA-256 {preview.file_sha256[:16]}…), "
             f"DTI {preview.year}, {units}"]
    if preview.declared_set is not None:
        declared = preview.declared_set
        lines.append(f"Bộ đơn vị mới (tạo khi nhập): {declared.code} — {declared.label_vi}")
    if preview.unit_set and import_preview.unit_set_of(preview).is_generated:
        lines.append(f"{GENERATED_WORDS}: mọi giá trị được lưu và hiển thị kèm dấu ‡, không phải kết quả công bố.")
    words = dict(TARGET_WORDS)
    if preview.unit_set:  # the unit set's own noun: 'xã, phường' for communes
        words.update(province=import_preview.unit_set_of(preview).noun_vi, code="mã đơn vị")
    mapped = [c for c in preview.columns if c.role not in (None, "ignore")]
    if mapped:
        lines.append("Cột đã nhận: " + "; ".join(
            f"'{c.label}' → {words.get(c.role) or formatting.measure_label(c.metric, c.measure)}"
            for c in mapped))
    if preview.unmapped_columns:
        lines.append("Cột không ánh xạ được: " + ", ".join(
            f"'{c.label or '(không có tiêu đề)'}' (cột {c.letter})" for c in preview.unmapped_columns))
    if preview.is_ok:
        lines.append(f"Giá trị: {preview.count('new')} mới, {preview.count('changed')} thay đổi "
                     f"({preview.published_change_count} giá trị đã công bố), "
                     f"{preview.count('unchanged')} không đổi")
    lines += [f"Cảnh báo: {w}" for w in preview.warnings]
    return "\n".join(lines)


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise CliImportError(f"Không tìm thấy tệp {path}")
    size = path.stat().st_size
    if size > import_grid.MAX_FILE_BYTES:
        raise CliImportError(f"{path.name}: tệp lớn {size / 1024 / 1024:.1f} MB, vượt giới hạn "
                             f"{import_grid.MAX_FILE_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def _who(given: str | None) -> str:
    if given:
        return given
    try:
        return f"{getpass.getuser()} (dòng lệnh)"
    except (KeyError, OSError):
        return os.environ.get("USER", "dòng lệnh")


def import_file(args) -> str:
    path = Path(args.file)
    preview = import_preview.preview_import(_read_file(path), path.name, args.year, args.units, args.sheet)
    print(printable(describe_preview(preview)))
    if preview.errors:
        raise CliImportError("không nhập. " + "\n".join(preview.errors))
    if args.dry_run:
        return "Chạy thử: chưa ghi gì."
    if preview.warnings and not args.yes:
        raise CliImportError("không nhập vì có cảnh báo ở trên; xem lại rồi chạy lại với --yes để vẫn nhập.")
    result = import_commit.commit_import(preview, _who(args.by), confirm_warnings=args.yes)
    if result.import_id is None:
        return "Không có gì thay đổi: mọi giá trị trong tệp đã có sẵn (không tạo phiên bản mới)."
    return (f"Đã nhập (lần nhập số {result.import_id}): {result.new_count} mới, "
            f"{result.changed_count} thay đổi, {result.unchanged_count} không đổi; "
            f"phiên bản dữ liệu {result.version}.")


def undo(args) -> str:
    version = import_commit.undo_import(args.id, _who(None))
    which = f" số {args.id}" if args.id is not None else " gần nhất"
    return f"Đã hoàn tác lần nhập{which}; lần nhập vẫn ở nhật ký, đánh dấu đã hoàn tác; phiên bản dữ liệu {version}."


def export(args) -> str:
    if args.province:  # one province's meeting-ready file (dti.exports)
        from dti.exports import cli as exports_cli

        return exports_cli.run(args)
    out = Path(args.out)
    file_format = out.suffix.lower().lstrip(".")
    if file_format not in ("csv", "xlsx"):
        raise CliImportError("--out phải là tệp .csv hoặc .xlsx")
    if not out.parent.is_dir():
        raise CliImportError(f"Không có thư mục '{out.parent}' để ghi {out.name}; hãy tạo thư mục "
                             "hoặc chọn đường dẫn khác.")
    unit_set = import_preview.unit_set_for_year(args.year, args.units)
    size = registry.unit_set(unit_set).short_label
    version = store.intact_version()
    if queries.run_query("values_for_year", version, unit_set=unit_set, year=args.year).empty:
        raise CliImportError(f"Không có số liệu DTI {args.year} ({size}) nào để xuất; "
                             "không ghi tệp.")
    content = exporter.export_year(unit_set, args.year, file_format, version)
    try:
        out.write_bytes(content)
    except OSError as error:
        out.unlink(missing_ok=True)
        raise CliImportError(f"Không ghi được {out}: {os_error_words(error)}.") from error
    return f"Đã xuất DTI {args.year} ({size}) ra {out}."
