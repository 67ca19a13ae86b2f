"""Open a page of the app in AppTest the way a visitor does: through app.py (our navigation
links are relative to the entry script), with URL parameters and session state set first."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dti import access
from ui.frame import PAGE_FAILED
from ui.roles import FINGERPRINT_KEY, NAME_KEY

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


def planner_session(name: str = "Nguyễn Văn A") -> dict:
    """Session state of someone logged in with this machine's token (admin: may plan and import)."""
    token = access.app_tokens().tokens["admin"]  # this machine's token when none is configured
    return {FINGERPRINT_KEY: access.token_fingerprint(token), NAME_KEY: name}


def add_row(at, owner: str, target: str, deadline: str) -> None:
    """The plan page's add-row form, filled and submitted."""
    at.text_input(key="plan_add_owner").input(owner)
    at.text_input(key="plan_add_target").input(target)
    at.text_input(key="plan_add_deadline").input(deadline)
    at.button(key="plan_add_submit").click().run()
