"""AppTest: the data page (read-only without a token, admin login, upload -> preview ->
commit -> log -> undo, errors shown as plain text, exports)."""

import time

import pytest
from app_pages import APP, open_page
from import_tables import csv_bytes, results_table
from streamlit.testing.v1 import AppTest

from dti import access, queries, store
from ui.roles import FINGERPRINT_KEY, NAME_KEY

TOKEN = "mã-bí-mật-123-đủ-dài"  # at least 16 characters (shorter tokens are refused)


@pytest.fixture
def page_db(built_copy, monkeypatch):
    monkeypatch.delenv("DTI_ADMIN_TOKEN", raising=False)
    return built_copy


def _open(admin: str | None = None) -> AppTest:
    """The page for a session that logged in earlier with TOKEN as `admin` (None: not logged in)."""
    session = {FINGERPRINT_KEY: access.token_fingerprint(TOKEN), NAME_KEY: admin} if admin else None
    return open_page("pages/data.py", session=session)


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_the_page_runs_from_the_app_entry(page_db):
    # Pages run through app.py (our navigation links are relative to the entry script).
    at = _open()
    assert at.title[0].value == "Dữ liệu: nhập kết quả, nhật ký, xuất"


def test_without_a_configured_token_the_page_is_read_only_until_the_machine_token(page_db):
    at = _open(admin="ai đó")  # TOKEN is not configured: only this machine's own token is valid
    assert "Chế độ chỉ đọc: bạn đang xem với vai trò người xem" in _texts(at.info)
    assert not at.get("file_uploader")
    assert len(at.get("download_button")) == 2


def test_a_wrong_token_is_refused_and_the_right_one_opens_the_import(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", TOKEN)
    at = _open()
    assert not at.get("file_uploader")
    at.text_input(key="data_login_name").input("Nguyễn Văn A")
    at.text_input(key="data_login_token").input("sai")
    at.button(key="data_login_submit").click().run()
    assert "Mã truy cập không đúng." in _texts(at.error)
    time.sleep(1.1)  # a wrong token makes the next try wait a second (the login throttle)
    at.text_input(key="data_login_token").input(TOKEN)
    at.button(key="data_login_submit").click().run()
    assert not at.exception
    assert at.session_state[NAME_KEY] == "Nguyễn Văn A"
    assert at.get("file_uploader")


def test_upload_preview_commit_log_and_undo(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", TOKEN)
    before = store.current_version()
    at = _open(admin="Người kiểm thử")
    at.number_input(key="data_import_year").set_value(2025).run()
    at.get("file_uploader")[0].set_value(("dti2025.csv", csv_bytes(results_table("p34")), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Giá trị mới"] == "68" and metrics["Ghi đè số liệu công bố"] == "0"
    at.button(key="data_commit").click().run()
    assert not at.exception, at.exception
    assert "Đã nhập (lần nhập số 1)" in _texts(at.success)
    assert store.current_version() != before
    log = at.dataframe[-1].value
    assert list(log["Người nhập"]) == ["Người kiểm thử"]
    assert at.button(key="data_undo").disabled  # undo asks for confirmation first
    at.checkbox(key="data_undo_confirm").check().run()
    at.button(key="data_undo").click().run()
    assert "Đã hoàn tác lần nhập số 1" in _texts(at.success)
    stored = queries.run_query("values_for_year", None, unit_set="p34", year=2025)
    assert stored.empty and store.current_version() != before
    assert at.dataframe[-1].value["Đã hoàn tác (UTC)"].iloc[0] != ""


def test_errors_are_shown_as_plain_text_and_nothing_is_written(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", TOKEN)
    before = store.current_version()
    frame = results_table("p63")
    frame.loc[0, "Tỉnh/Thành phố"] = '=HYPERLINK("http://example.com","[bấm](javascript:alert(1))")'
    at = _open(admin="A")
    at.number_input(key="data_import_year").set_value(2023).run()
    at.get("file_uploader")[0].set_value(("xau.csv", csv_bytes(frame), "text/csv")).run()
    errors = _texts(at.error)
    assert "ô chứa công thức" in errors
    assert "\\=HYPERLINK\\(\"http\\://example\\.com" in errors and "\\[bấm\\]\\(j" in errors
    assert all(b.key != "data_commit" for b in at.button)
    assert store.current_version() == before


def test_published_changes_are_highlighted_and_need_confirmation(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", TOKEN)
    at = _open(admin="A")
    at.number_input(key="data_import_year").set_value(2023).run()
    at.get("file_uploader")[0].set_value(("dti2023.csv", csv_bytes(results_table("p63")), "text/csv")).run()
    assert "giá trị đã công bố hoặc suy ra sẽ bị ghi đè" in _texts(at.warning)
    diff = at.dataframe[-1].value
    assert diff["Ghi đè số liệu công bố"].iloc[0]
    assert at.button(key="data_commit").disabled
    at.checkbox(key=next(c.key for c in at.checkbox if c.key.startswith("data_confirm_"))).check().run()
    assert not at.button(key="data_commit").disabled
    at.button(key="data_commit").click().run()
    assert "Đã nhập (lần nhập số 1)" in _texts(at.success)
    stored = queries.run_query("values_for_year", None, unit_set="p63", year=2023)
    assert (stored[stored["metric"] == "dti"]["provenance"] == "imported").all()


def test_a_corrupt_current_version_keeps_the_last_good_one_serving(page_db, capsys):
    from dti import cli

    good = store.current_version()
    broken = "20991231T000000000000-broken"
    store.version_path(broken).write_bytes(b"not a duckdb file" * 100)
    store.set_current_version(broken)
    version, notice = store.serving_version()
    assert version == good
    assert "tệp của phiên bản dữ liệu hiện hành bị hỏng" in notice
    assert str(store.version_path(broken).parent) not in notice and "IO Error" not in notice
    at = _open()
    assert "Đang hiển thị phiên bản dữ liệu tốt gần nhất" in _texts(at.warning)
    assert at.caption and any(good[:15] in str(c.value) for c in at.sidebar.caption)
    assert cli.main(["ranking", "--year", "2022"]) == 0  # the CLI serves the last good version too
    assert "Lưu ý: Dữ liệu hiện hành không dùng được" in capsys.readouterr().err


def test_an_open_session_moves_to_the_new_version_on_its_next_interaction(page_db):
    from dti import import_commit, import_preview

    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/ranking.py")
    at.query_params["year"] = "2023"
    at.run()
    assert "imported" not in set(at.dataframe[0].value["score_provenance"].dropna())  # the bundled table
    preview = import_preview.preview_import(csv_bytes(results_table("p63")), "dti2023.csv", 2023)
    import_commit.commit_import(preview, "x", confirm_warnings=True)
    at.run()  # the next interaction: caches are keyed by the data version
    assert not at.exception
    table = at.dataframe[0].value
    assert table["score"].notna().sum() == 63 and set(table["score_provenance"]) == {"imported"}


def test_the_mapping_step_maps_columns_the_importer_did_not_recognise(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", TOKEN)
    frame = results_table("p34").set_axis(["Đơn vị hành chính", "Kết quả", "Vị trí"], axis=1)
    at = _open(admin="A")
    at.number_input(key="data_import_year").set_value(2025).run()
    at.get("file_uploader")[0].set_value(("la.csv", csv_bytes(frame), "text/csv")).run()
    assert "không tìm thấy dòng tiêu đề" in _texts(at.error)
    for letter, target in (("1", "province"), ("2", "dti:score"), ("3", "dti:rank")):
        at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith(f"_{letter}")))\
            .set_value(target).run()
    assert not at.exception, at.exception
    assert not at.error, _texts(at.error)
    assert {m.label: m.value for m in at.metric}["Giá trị mới"] == "68"


def test_a_rotated_token_logs_sessions_out(page_db, monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", "mã-mới-sau-khi-đổi-0001")
    at = _open(admin="A")  # logged in with the old token
    assert not at.get("file_uploader")
    assert "Chế độ chỉ đọc" in _texts(at.info)
