"""Commit a previewed import as a new database version, all or nothing, and undo the latest."""

from dataclasses import dataclass

import duckdb

from dti import build, queries, store
from dti.import_preview import Preview, write_preview
from dti.reference import DataError


class ImportRefused(DataError):
    """The import was not committed; the message (all lines) is for the user."""


@dataclass(frozen=True)
class ImportResult:
    import_id: int | None  # None: nothing to change (a successful no-op)
    version: str
    new_count: int
    changed_count: int
    unchanged_count: int


def commit_import(preview: Preview, imported_by: str, confirm_warnings: bool = False) -> ImportResult:
    """Write the previewed values as a new database version, all or nothing.

    Raises ImportRefused on errors, on warnings without confirm_warnings, and when the data
    changed since the preview. Unchanged values keep their provenance; when nothing would
    change, no version is made (import_id None).
    """
    if preview.errors:
        raise ImportRefused("\n".join(preview.errors))
    if preview.warnings and not confirm_warnings:
        raise ImportRefused("Có cảnh báo cần xác nhận trước khi nhập:\n" + "\n".join(preview.warnings))
    counts = (preview.count("new"), preview.count("changed"), preview.count("unchanged"))
    if counts[0] + counts[1] == 0:
        return ImportResult(None, preview.base_version, *counts)
    with store.writer_lock():
        base = store.intact_version()  # the last good version where CURRENT's file is damaged
        if base != preview.base_version:
            raise ImportRefused("Dữ liệu đã thay đổi từ lúc xem trước (có lần nhập hoặc dựng lại khác); "
                                "hãy xem trước lại.")
        with store.temporary_copy(base) as (new_version, temp_path):
            con = duckdb.connect(str(temp_path))
            try:
                import_id = write_preview(con, preview, imported_by, base, new_version, counts)
                try:
                    build.run_checks(con)
                except DataError as error:
                    raise ImportRefused(f"Không nhập: sau khi nhập, dữ liệu sẽ không nhất quán — {error}") from error
                con.execute("checkpoint")
            finally:
                con.close()
            store.publish(temp_path, new_version)
    return ImportResult(import_id, new_version, *counts)


def undo_import(import_id: int | None = None) -> str:
    """Point CURRENT back to the version before the latest import; returns that version.

    Only the latest import of the current version can be undone (a later import or a
    rebuild would be undone with it otherwise).
    """
    current = store.intact_version()
    facts = queries.database_facts(current)
    last = facts.get("last_import_id")
    base = facts.get("import_base_version")
    if last is None or base is None:
        raise DataError("Phiên bản dữ liệu hiện tại không phải kết quả của một lần nhập; "
                        "không có gì để hoàn tác.")
    if import_id is not None and int(import_id) != int(last):
        raise DataError(f"Chỉ hoàn tác được lần nhập gần nhất (số {last}), "
                        f"không phải lần nhập số {import_id}.")
    if not store.version_path(base).exists():
        raise DataError(f"Phiên bản trước lần nhập {last} đã bị xoá; không hoàn tác được.")
    store.set_current_version(base, expected_current=current)
    return base
