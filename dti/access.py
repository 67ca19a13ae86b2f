"""Who may change data: in a shared deployment, import and plan editing are admin-only.

The admin token comes from Streamlit secrets (`DTI_ADMIN_TOKEN` in .streamlit/secrets.toml)
or, failing that, the environment variable DTI_ADMIN_TOKEN. Without one the app is
read-only. Tokens are compared in constant time.
"""

import hashlib
import hmac
import os

ADMIN_TOKEN_NAME = "DTI_ADMIN_TOKEN"


def configured_admin_token(secret_value: str | None = None) -> str | None:
    """The deployment's admin token: the secret if set, else the environment; None = read-only."""
    for value in (secret_value, os.environ.get(ADMIN_TOKEN_NAME)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def is_admin_token(given: str | None, expected: str | None) -> bool:
    """True when a token was configured and the given one matches it (constant-time)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


def token_fingerprint(token: str) -> str:
    """What a session keeps after login (never the token): a rotated token logs everyone out."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_session_admin(fingerprint: str | None, expected: str | None) -> bool:
    """True when the session logged in with the token configured now."""
    if not expected or not fingerprint:
        return False
    return hmac.compare_digest(fingerprint, token_fingerprint(expected))
