"""Commit a previewed import as a new database version, all or nothing, and undo any import."""

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from dti import build, computed_values, queries, store
from dti.i18n.text import Text, message_of
from dti.import_preview import Preview, write_preview
from dti.import_unit_set import remove_declared_unit_set_if_empty
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
        raise ImportRefused(Text("imp.confirm_warnings", warnings="\n".join(preview.warnings)))
    counts = (preview.count("new"), preview.count("changed"), preview.count("unchanged"))
    if counts[0] + counts[1] == 0:
        return ImportResult(None, preview.base_version, *counts)
    with store.writer_lock():
        base = store.intact_version()  # the last good version where CURRENT's file is damaged
        if base != preview.base_version:
            raise ImportRefused(Text("imp.changed_since_preview"))
        with store.temporary_copy(base) as (new_version, temp_path):
            con = duckdb.connect(str(temp_path))
            try:
                import_id = write_preview(con, preview, imported_by, base, new_version, counts)
                try:
                    build.run_checks(con)
                except DataError as error:
                    raise ImportRefused(Text("imp.commit_inconsistent", error=message_of(error))) from error
                con.execute("checkpoint")
            finally:
                con.close()
            store.publish(temp_path, new_version)
    return ImportResult(import_id, new_version, *counts)


def undo_import(import_id: int | None = None, undone_by: str = "") -> str:
    """Undo an import (default: the latest one still standing) as a new version; returns it.

    Any import can be undone, after later imports or a rebuild too: its values that no later
    import overwrote go back to what it replaced (recorded in replaced_value when it was
    written); later imports keep theirs. The import stays in the log, marked undone.
    """
    with store.writer_lock():
        base = store.intact_version()
        if base is None:
            raise store.DatabaseUnavailable(store.NO_DATABASE)
        records = queries.run_query("import_records", base)
        standing = records[records["undone_at"].isna()]
        if import_id is None:
            if standing.empty:
                raise DataError(Text("imp.nothing_to_undo"))
            import_id = int(standing["import_id"].max())
        if int(import_id) not in set(records["import_id"].astype(int)):
            raise DataError(Text("imp.no_import", id=import_id))
        if int(import_id) not in set(standing["import_id"].astype(int)):
            raise DataError(Text("imp.already_undone", id=import_id))
        with store.temporary_copy(base) as (new_version, temp_path):
            con = duckdb.connect(str(temp_path))
            try:
                _revert(con, int(import_id), undone_by)
                computed_values.refresh_computed_values(con)
                try:
                    build.run_checks(con)
                except DataError as error:
                    raise ImportRefused(Text("imp.undo_inconsistent", id=import_id, error=message_of(error))) from error
                con.execute("insert or replace into database_info values ('version', $version)",
                            {"version": new_version})
                con.execute("checkpoint")
            finally:
                con.close()
            made_from = queries.database_facts(base).get(f"import_base_version:{import_id}")
            store.publish(temp_path, new_version, parent=made_from)
    return new_version


def _revert(con: duckdb.DuckDBPyConnection, import_id: int, undone_by: str) -> None:
    """Put back what the import replaced where its values still stand; mark it undone."""
    undone = {row[0] for row in con.execute("select import_id from import_undo").fetchall()} | {import_id}
    replaced: dict[tuple, dict[int, tuple]] = {}
    for row in con.execute("select * from replaced_value").fetchall():
        replaced.setdefault(tuple(row[1:6]), {})[row[0]] = row[1:]
    con.execute("begin transaction")
    try:
        for key in con.execute("select unit_set, year, unit_code, metric, measure from dti_value "
                               "where import_id = $id", {"id": import_id}).fetchall():
            con.execute("delete from dti_value where unit_set = $1 and year = $2 and unit_code = $3 "
                        "and metric = $4 and measure = $5", list(key))
            restored = replaced.get(tuple(key), {}).get(import_id)
            # What it replaced may itself come from an undone import: go further back.
            while restored is not None and restored[-1] is not None and restored[-1] in undone:
                restored = replaced.get(tuple(key), {}).get(restored[-1])
            if restored is not None:
                con.execute("insert into dti_value values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            list(restored))
        con.execute("insert into import_undo values ($id, $at, $by)",
                    {"id": import_id, "at": datetime.now(UTC).replace(tzinfo=None), "by": undone_by or None})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    # After the values' deletion is committed (DuckDB checks foreign keys against committed rows).
    remove_declared_unit_set_if_empty(con, import_id)
