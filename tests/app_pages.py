"""Open a page of the app in AppTest the way a visitor does: through app.py (our navigation
links are relative to the entry script), with URL parameters and session state set first."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.frame import PAGE_FAILED

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str = "app.py", params: dict | None = None, session: dict | None = None) -> AppTest:
    """The page after its first run; fails on an exception or on the frame's error message."""
    at = AppTest.from_file(APP, default_timeout=60)
    if page != "app.py":
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    assert PAGE_FAILED not in [e.value for e in at.error]  # the frame turns an error into this message
    return at
