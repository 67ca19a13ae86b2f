"""Roles and access: tokens from secrets or the environment (placeholder and short ones refused),
the machine's own token when none is configured, constant-time comparison, and wrong tokens
slowed down then locked out per session and per address — on a fake clock, so nothing sleeps."""

import hmac
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dti import access

ADMIN = "admin-token-0123456789"  # 22 characters
PLANNER = "planner-token-0123456789"
ROOT = Path(__file__).resolve().parents[1]


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_configured_tokens(monkeypatch):
    for name in (access.ADMIN_TOKEN_NAME, access.PLANNER_TOKEN_NAME):
        monkeypatch.delenv(name, raising=False)


def settings(**tokens) -> access.TokenSettings:
    return access.TokenSettings(tokens)


def test_without_a_configured_token_nobody_is_admin():
    assert access.configured_admin_token(None) is None
    assert not access.is_admin_token("anything", access.configured_admin_token(None))
    assert not access.is_admin_token("", "")
    assert not access.configured_tokens({}, {}).is_configured


def test_the_secret_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("DTI_ADMIN_TOKEN", "from-the-environment-0001")
    assert access.configured_admin_token(None) == "from-the-environment-0001"
    assert access.configured_admin_token("from-the-secrets-file-0001") == "from-the-secrets-file-0001"
    assert access.configured_admin_token("  ") == "from-the-environment-0001"


def test_tokens_match_exactly_and_in_constant_time(monkeypatch):
    compared, original = [], hmac.compare_digest

    def constant_time(given, expected):  # records what reaches the constant-time comparison
        compared.append((given, expected))
        return original(given, expected)

    monkeypatch.setattr(access.hmac, "compare_digest", constant_time)
    assert access.is_admin_token("mã-bí-mật-đủ-dài-16", "mã-bí-mật-đủ-dài-16")
    assert not access.is_admin_token("mã-bí-mật-đủ-dài-1", "mã-bí-mật-đủ-dài-16")
    assert not access.is_admin_token(None, "mã-bí-mật-đủ-dài-16")
    # Both tokens of every real comparison went through compare_digest, as bytes; none short-circuited.
    long_token, near_miss = "mã-bí-mật-đủ-dài-16".encode(), "mã-bí-mật-đủ-dài-1".encode()
    assert compared == [(long_token, long_token), (near_miss, long_token)]


def test_roles_are_viewer_planner_admin_each_allowed_more():
    assert [access.can("viewer", a) for a in ("read", "plan", "import")] == [True, False, False]
    assert [access.can("planner", a) for a in ("read", "plan", "import")] == [True, True, False]
    assert [access.can("admin", a) for a in ("read", "plan", "import")] == [True, True, True]
    assert not access.can(None, "plan") and not access.can("ai đó", "plan")
    assert access.why_read_only("admin", "import") is None
    assert access.why_read_only("planner", "import").startswith(
        "Chế độ chỉ đọc: bạn đang xem với vai trò người lập kế hoạch. Việc này dành cho quản trị viên")
    assert "người lập kế hoạch hoặc quản trị viên" in access.why_read_only("viewer", "plan")


def test_each_token_gives_its_role_and_a_session_keeps_only_a_fingerprint():
    both = access.configured_tokens({"DTI_ADMIN_TOKEN": ADMIN}, {"DTI_PLANNER_TOKEN": PLANNER})
    assert dict(both.tokens) == {"admin": ADMIN, "planner": PLANNER}
    assert access.role_for_token(ADMIN, both) == "admin"
    assert access.role_for_token(f" {PLANNER} ", both) == "planner"
    assert access.role_for_token("nope-nope-nope-nope", both) is None
    assert access.session_role(access.token_fingerprint(PLANNER), both) == "planner"
    assert access.session_role(access.token_fingerprint("old-token-rotated-away"), both) == "viewer"
    assert access.session_role(None, both) == "viewer"


def test_the_placeholder_and_short_tokens_are_refused_with_how_to_make_one():
    placeholder = "đổi-thành-một-chuỗi-dài-ngẫu-nhiên"  # as in .streamlit/secrets.toml.example
    assert placeholder in access.placeholder_tokens()
    refused = access.configured_tokens({"DTI_ADMIN_TOKEN": placeholder}, {"DTI_PLANNER_TOKEN": "x"})
    assert not refused.is_configured
    assert refused.problems == (
        "DTI_ADMIN_TOKEN vẫn là giá trị mẫu trong secrets.toml.example nên không được dùng. Tạo một mã ngẫu "
        "nhiên bằng lệnh: python -c \"import secrets; print(secrets.token_urlsafe(24))\"",
        "DTI_PLANNER_TOKEN quá ngắn (1 ký tự, cần ít nhất 16) nên không được dùng. Tạo một mã ngẫu nhiên bằng "
        "lệnh: python -c \"import secrets; print(secrets.token_urlsafe(24))\"",
    )
    assert access.configured_admin_token(placeholder) is None
    assert access.configured_admin_token("a" * 15) is None and access.configured_admin_token("a" * 16) == "a" * 16


def test_without_a_token_the_machine_gets_its_own_readable_only_by_the_server_user(tmp_path):
    path = tmp_path / "user" / "local-token"
    token, generated = access.ensure_local_token(path)
    assert generated and len(token) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert access.ensure_local_token(path) == (token, False)  # the same on the next start
    os.chmod(path, 0o644)
    access.ensure_local_token(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    app = access.app_tokens({}, {}, path)
    assert app.is_local and access.role_for_token(token, app) == "admin"
    configured = access.app_tokens({"DTI_PLANNER_TOKEN": PLANNER}, {}, path)
    assert not configured.is_local and access.role_for_token(token, configured) is None
    notice = access.local_token_notice(token, "http://127.0.0.1:8501", path)
    assert "Mở ứng dụng: http://127.0.0.1:8501" in notice and f"Mã truy cập: {token}" in notice


def test_a_damaged_token_file_is_replaced_and_the_start_prints_the_token_with_the_address(tmp_path):
    path = tmp_path / "local-token"
    path.write_text("short\n", encoding="utf-8")
    token, generated = access.ensure_local_token(path)
    assert generated and path.read_text(encoding="utf-8").strip() == token
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    notice = access.startup_notice("http://127.0.0.1:8501", {"DTI_ADMIN_TOKEN": "x"}, {}, path)
    assert notice.splitlines()[0].startswith("DTI_ADMIN_TOKEN quá ngắn (1 ký tự")
    assert f"Mã truy cập: {token}" in notice and "Mở ứng dụng: http://127.0.0.1:8501" in notice
    assert access.startup_notice("http://x", {"DTI_ADMIN_TOKEN": ADMIN}, {}, path) is None


def test_the_local_token_file_is_kept_out_of_git():
    assert "data/user/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert access.local_token_path().name == "local-token"


def test_python_m_dti_token_prints_the_machine_token(tmp_path):
    path = tmp_path / "local-token"
    environment = {**os.environ, "DTI_LOCAL_TOKEN_FILE": str(path)}
    environment.pop("DTI_ADMIN_TOKEN", None)
    environment.pop("DTI_PLANNER_TOKEN", None)
    run = subprocess.run([sys.executable, "-m", "dti", "token"], capture_output=True, text=True, cwd=ROOT,
                         env=environment, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == path.read_text(encoding="utf-8").strip()
    assert "Đã tạo mã truy cập mới cho máy này" in run.stderr
    again = subprocess.run([sys.executable, "-m", "dti", "token"], capture_output=True, text=True, cwd=ROOT,
                           env=environment, timeout=60)
    assert again.stdout == run.stdout and "Mã truy cập của máy này" in again.stderr


def test_wrong_tokens_slow_down_then_lock_out_the_session(caplog):
    clock = FakeClock()
    throttle = access.LoginThrottle(clock=clock)
    config = settings(admin=ADMIN)
    caplog.set_level(logging.WARNING, logger="dti.access")
    waits = []
    for attempt in range(4):
        if attempt:
            clock.now += waits[-1]  # try again as soon as allowed
        result = access.attempt_login("wrong-guess", config, throttle, "s1", "10.0.0.1")
        assert result.role is None and result.message.startswith("Mã truy cập không đúng.")
        waits.append(result.wait_seconds)
    assert waits == [1.0, 2.0, 4.0, 8.0]  # exponential: 1·2^(n−1)
    # One second later, even the right token is not compared: wait 7 more seconds.
    clock.now += 1
    early = access.attempt_login(ADMIN, config, throttle, "s1", "10.0.0.1")
    assert (early.role, early.message) == (None, "Vui lòng chờ 7 giây rồi thử lại.")
    clock.now += 7
    assert access.attempt_login(ADMIN, config, throttle, "s1", "10.0.0.1").role == "admin"
    fresh = access.attempt_login("wrong-guess", config, throttle, "s2", "10.0.0.2")
    assert fresh.wait_seconds == 1.0  # another session from another address starts afresh
    logged = [r.getMessage() for r in caplog.records]
    assert len([m for m in logged if "wrong token" in m]) == 5
    assert "wrong token, failure 4 (session s1, address 10.0.0.1)" in logged
    assert not any(ADMIN in m or "wrong-guess" in m for m in logged)  # never the tokens themselves


def test_five_failures_lock_for_five_minutes_per_session_and_per_address():
    clock = FakeClock()
    throttle = access.LoginThrottle(clock=clock)
    config = settings(admin=ADMIN)
    for attempt in range(5):
        result = access.attempt_login("wrong", config, throttle, "s1", "10.0.0.1")
        clock.now += result.wait_seconds if attempt < 4 else 0
    assert result.message == "Mã truy cập không đúng. Đã nhập sai quá nhiều lần: tạm khóa đăng nhập khoảng 5 phút."
    assert result.wait_seconds == 300.0
    # The right token during the lock is refused without being compared, from anywhere.
    clock.now += 60
    locked = access.attempt_login(ADMIN, config, throttle, "s1", "10.0.0.1")
    assert locked.role is None and locked.wait_seconds == 240.0 and "tạm khóa" in locked.message
    assert access.attempt_login(ADMIN, config, throttle, "s1", "10.9.9.9").role is None
    assert access.attempt_login(ADMIN, config, throttle, "s3", "10.0.0.3").role == "admin"
    clock.now += 240  # the lock is served
    ok = access.attempt_login(ADMIN, config, throttle, "s1", "10.0.0.1")
    assert ok.role == "admin" and ok.fingerprint == access.token_fingerprint(ADMIN)
    assert throttle.wait_seconds("s1", "10.0.0.1") == 0.0


def test_new_sessions_from_one_address_are_locked_out_after_ten_failures():
    # A fresh session per guess does not escape: the address counts too (10, since an office may share it).
    clock = FakeClock()
    throttle = access.LoginThrottle(clock=clock)
    config = settings(admin=ADMIN)
    waits = []
    for guess in range(10):
        if guess:
            clock.now += waits[-1]  # as soon as allowed
        waits.append(access.attempt_login("wrong", config, throttle, f"tab-{guess}", "10.0.0.1").wait_seconds)
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0, 300.0]  # capped at 30 s, then locked
    assert access.attempt_login(ADMIN, config, throttle, "tab-new", "10.0.0.1").role is None
    assert access.attempt_login(ADMIN, config, throttle, "tab-new", "10.0.0.2").role == "admin"


def test_a_wait_is_enforced_and_old_failures_are_forgotten():
    clock = FakeClock()
    throttle = access.LoginThrottle(clock=clock)
    config = settings(planner=PLANNER)
    access.attempt_login("wrong", config, throttle, "s1", None)
    clock.now += 0.5
    early = access.attempt_login(PLANNER, config, throttle, "s1", None)
    assert early.role is None and early.message == "Vui lòng chờ 1 giây rồi thử lại."
    clock.now += 0.5
    assert access.attempt_login(PLANNER, config, throttle, "s1", None).role == "planner"
    for _ in range(3):
        clock.now += access.attempt_login("wrong", config, throttle, "s2", None).wait_seconds
    clock.now += 900  # a quarter of an hour without a failure
    assert access.attempt_login("wrong", config, throttle, "s2", None).wait_seconds == 1.0
