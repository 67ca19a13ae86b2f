"""Admin access: a token from Streamlit secrets or DTI_ADMIN_TOKEN, compared in constant time."""

import hmac

from dti import access


def test_without_a_configured_token_nobody_is_admin(monkeypatch):
    monkeypatch.delenv("DTI_ADMIN_TOKEN", raising=False)
    assert access.configured_admin_token(None) is None
    assert not access.is_admin_token("anything", access.configured_admin_token(None))
    assert not access.is_admin_token("", "")


def test_the_secret_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", "from-env")
    assert access.configured_admin_token(None) == "from-env"
    assert access.configured_admin_token("from-secrets") == "from-secrets"
    assert access.configured_admin_token("  ") == "from-env"


def test_tokens_match_exactly_and_in_constant_time(monkeypatch):
    compared, original = [], hmac.compare_digest

    def constant_time(given, expected):  # records what reaches the constant-time comparison
        compared.append((given, expected))
        return original(given, expected)

    monkeypatch.setattr(access.hmac, "compare_digest", constant_time)
    assert access.is_admin_token("mã-bí-mật", "mã-bí-mật")
    assert not access.is_admin_token("mã-bí-mậ", "mã-bí-mật")
    assert not access.is_admin_token(None, "mã-bí-mật")
    # Both tokens of every real comparison went through compare_digest, as bytes; none short-circuited.
    assert compared == [("mã-bí-mật".encode(), "mã-bí-mật".encode()), ("mã-bí-mậ".encode(), "mã-bí-mật".encode())]
