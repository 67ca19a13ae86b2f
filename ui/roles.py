"""Who is using the app: the login box of the planner screens and the machine-token notice at start.

A session keeps its token's fingerprint (never the token) and the name it gave; its role is
worked out again on every run (dti.access.session_role), so a rotated token logs everyone out.
"""

import logging
import secrets

import streamlit as st

from dti import access
from dti.i18n import t
from dti.i18n.text import localized

FINGERPRINT_KEY = "role_fingerprint"
NAME_KEY = "role_name"
SESSION_ID_KEY = "role_session_id"


def _secret_values() -> dict:
    try:
        return {name: st.secrets.get(name) for name in access.TOKEN_NAMES.values()}
    except Exception:  # no secrets.toml at all: the environment decides
        return {}


def token_settings() -> access.TokenSettings:
    return access.app_tokens(_secret_values())


@st.cache_resource(show_spinner=False)
def print_startup_notice(address: str) -> bool:
    """Print the machine's token with the app's address once per server process (Jupyter's way)."""
    try:
        notice = access.startup_notice(address, _secret_values())
    except OSError:  # the token file cannot be written: the screens stay readable, the log says why
        logging.getLogger("dti.access").exception("could not prepare this machine's access token")
        return False
    if notice:
        print(notice, flush=True)
    return True


def app_address() -> str:
    """The address `make run` serves on (server.address and server.port)."""
    return f"http://{st.get_option('server.address') or 'localhost'}:{st.get_option('server.port')}"


def current_role() -> str:
    return access.session_role(st.session_state.get(FINGERPRINT_KEY), token_settings())


def current_name() -> str:
    return st.session_state.get(NAME_KEY) or access.role_label(current_role())


def login_box(page_key: str, action: str = "plan", lang: str = "vi") -> str:
    """The session's role; where it may not do `action`, say why and offer the login form."""
    role = current_role()
    if access.can(role, action):
        left, right = st.columns([4, 1])
        name = st.session_state.get(NAME_KEY) or localized(access.role_label(role), lang)
        left.caption(t("login.as", lang, name=name, role=localized(access.role_label(role), lang)))
        if right.button(t("login.logout", lang), key=f"{page_key}_logout"):
            st.session_state.pop(FINGERPRINT_KEY, None)
            st.session_state.pop(NAME_KEY, None)
            st.rerun()
        return role
    st.info(localized(access.why_read_only(role, action), lang))
    with st.expander(t("login.expander", lang)), st.form(f"{page_key}_login"):
        name = st.text_input(t("login.name", lang), key=f"{page_key}_login_name")
        token = st.text_input(t("login.token", lang), type="password", key=f"{page_key}_login_token")
        if st.form_submit_button(t("login.heading", lang), key=f"{page_key}_login_submit"):
            session_id = st.session_state.setdefault(SESSION_ID_KEY, secrets.token_hex(8))
            result = access.attempt_login(token, token_settings(), access.shared_throttle(), session_id,
                                          st.context.ip_address)
            if result.role is None:
                st.error(localized(result.message, lang))
            else:
                st.session_state[FINGERPRINT_KEY] = result.fingerprint
                st.session_state[NAME_KEY] = name.strip() or access.role_label(result.role)
                st.rerun()
    return role
