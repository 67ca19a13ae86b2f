"""An editable table too wide for one screen, shown one view (a set of its columns) at a time.

st.data_editor keeps the edits not saved yet as changes against the rows it was given, and a
different set of columns makes it a new editor whose changes start empty. So a switch of view
first folds the shown editor's changes into the rows (`rows_with_changes`, Streamlit's documented
format: edited cells by row position, deleted positions, added rows) and the next editor starts
from those rows: nothing typed is lost by looking at the other columns.
"""

from collections.abc import Callable, Sequence

import streamlit as st


def rows_with_changes(rows: Sequence[dict], changes: dict | None, columns: Sequence[str]) -> list[dict]:
    """`rows` (one dict per row, keys `columns`) with a data editor's changes applied in its order:
    cells edited by position, then the deleted positions dropped, then the added rows appended
    (a column an added row leaves out is None)."""
    changes = changes or {}
    changed = [dict(row) for row in rows]
    for position, cells in (changes.get("edited_rows") or {}).items():
        changed[int(position)].update({column: value for column, value in cells.items() if column in columns})
    deleted = {int(position) for position in changes.get("deleted_rows") or ()}
    changed = [row for position, row in enumerate(changed) if position not in deleted]
    for added in changes.get("added_rows") or ():
        changed.append({column: added.get(column) for column in columns})
    return changed


def view_switch(label: str, views: dict[str, str], *, key: str, editor_key: str,
                rows: Sequence[dict], columns: Sequence[str], keep: Callable[[list[dict]], None]) -> str:
    """A segmented control over `views` (name -> label); returns the chosen view's name. Before the
    run after a switch, the editor `editor_key` (the one drawn from `rows` in this run) hands its
    changes to `keep` as whole rows, so the caller can draw the next view from them."""
    def fold() -> None:
        changes = st.session_state.get(editor_key)
        if changes and any(changes.get(part) for part in ("edited_rows", "deleted_rows", "added_rows")):
            keep(rows_with_changes(rows, changes, columns))

    names = list(views)
    return st.segmented_control(label, names, format_func=views.get, default=names[0], required=True, key=key,
                                on_change=fold)
