"""A table shown one view of its columns at a time: a data editor's changes (Streamlit's
format) folded into the rows before the other view is drawn, so nothing typed is lost."""

from ui.table_views import rows_with_changes

COLUMNS = ["row_id", "main_index", "owner", "note"]
ROWS = [{"row_id": "a", "main_index": "Hạ tầng số", "owner": "", "note": ""},
        {"row_id": "b", "main_index": "Nhân lực số", "owner": "Sở Nội vụ", "note": ""},
        {"row_id": "c", "main_index": "An toàn thông tin mạng", "owner": "Công an tỉnh", "note": ""}]


def test_edits_deletions_and_additions_are_applied_in_the_editors_order():
    # Positions are those of the rows the editor was given: row 0 edited, row 1 deleted (so the
    # edit of row 2 stays with "c"), then one row added with only two of its columns typed.
    changes = {"edited_rows": {0: {"owner": "Sở Công Thương"}, 2: {"note": "quý 3"}},
               "deleted_rows": [1],
               "added_rows": [{"main_index": "Nhận thức số", "owner": "Sở Văn hóa"}]}
    assert rows_with_changes(ROWS, changes, COLUMNS) == [
        {"row_id": "a", "main_index": "Hạ tầng số", "owner": "Sở Công Thương", "note": ""},
        {"row_id": "c", "main_index": "An toàn thông tin mạng", "owner": "Công an tỉnh", "note": "quý 3"},
        {"row_id": None, "main_index": "Nhận thức số", "owner": "Sở Văn hóa", "note": None}]


def test_no_changes_give_the_same_rows_and_leave_them_untouched():
    assert rows_with_changes(ROWS, {"edited_rows": {}, "added_rows": [], "deleted_rows": []}, COLUMNS) == ROWS
    assert rows_with_changes(ROWS, None, COLUMNS) == ROWS
    rows_with_changes(ROWS, {"edited_rows": {"0": {"owner": "X"}}}, COLUMNS)  # positions may come as text
    assert ROWS[0]["owner"] == ""
