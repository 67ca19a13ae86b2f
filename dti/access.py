"""Who may do what: viewer (reads), planner (also scenarios and plans), admin (also imports).

Tokens come from Streamlit secrets (.streamlit/secrets.toml) or, failing that, the environment:
DTI_ADMIN_TOKEN, DTI_PLANNER_TOKEN. A token equal to the placeholder in secrets.toml.example or
shorter than 16 characters is refused with a message saying how to make one. When no valid
token is configured, the app generates one for this machine on first start (a file only the
server user can read) and prints it with the app's address, so one person can try every
feature after `make run` (Jupyter's convention). Tokens are compared in constant time; wrong
tokens are slowed down, then locked out per session and per client address, and logged.
Pure functions with an injectable clock: nothing here sleeps.
"""

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dti import config
from dti.i18n.text import Text

ADMIN_TOKEN_NAME = "DTI_ADMIN_TOKEN"
PLANNER_TOKEN_NAME = "DTI_PLANNER_TOKEN"
LOCAL_TOKEN_FILE_NAME = "DTI_LOCAL_TOKEN_FILE"
ROLES = ("viewer", "planner", "admin")  # each may do what the one before it may
TOKEN_NAMES = {"admin": ADMIN_TOKEN_NAME, "planner": PLANNER_TOKEN_NAME}
PERMISSIONS = {"viewer": frozenset({"read"}),
               "planner": frozenset({"read", "plan"}),
               "admin": frozenset({"read", "plan", "import"})}
MIN_TOKEN_LENGTH = 16
MAKE_TOKEN_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(24))"'
SECRETS_EXAMPLE = config.PROJECT_DIR / ".streamlit" / "secrets.toml.example"

log = logging.getLogger("dti.access")


def can(role: str | None, action: str) -> bool:
    """'read', 'plan' (scenarios and plans) or 'import'; an unknown role is a viewer."""
    return action in PERMISSIONS.get(role or "viewer", PERMISSIONS["viewer"])


def role_label(role: str | None) -> str:
    return Text(f"role.{role if role in ('admin', 'planner') else 'viewer'}")


def why_read_only(role: str | None, action: str) -> str | None:
    """The sentence a screen shows where editing is off (None where the role may act)."""
    if can(role, action):
        return None
    needed = Text("role.admins") if action == "import" else Text("role.planner_or_admin")
    return Text("login.read_only", role=role_label(role), needed=needed)


# --- configured tokens ----------------------------------------------------------------------

def placeholder_tokens(example: Path = SECRETS_EXAMPLE) -> frozenset[str]:
    """The example values shipped in secrets.toml.example: never valid tokens."""
    try:
        values = tomllib.loads(example.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return frozenset()
    return frozenset(v.strip() for v in values.values() if isinstance(v, str))


def token_problem(name: str, value: str, placeholders: frozenset[str] | None = None) -> str | None:
    """Why a configured token is refused (Vietnamese), or None where it is acceptable."""
    placeholders = placeholder_tokens() if placeholders is None else placeholders
    how = f"Tạo một mã ngẫu nhiên bằng lệnh: {MAKE_TOKEN_COMMAND}"
    if value in placeholders:
        return f"{name} vẫn là giá trị mẫu trong secrets.toml.example nên không được dùng. {how}"
    if len(value) < MIN_TOKEN_LENGTH:
        return (f"{name} quá ngắn ({len(value)} ký tự, cần ít nhất {MIN_TOKEN_LENGTH}) nên không được dùng. "
                f"{how}")
    return None


@dataclass(frozen=True)
class TokenSettings:
    """The valid tokens by role, and why any configured one was refused."""

    tokens: Mapping[str, str]
    problems: tuple[str, ...] = ()
    is_local: bool = False  # the machine's generated token (no token was configured)

    @property
    def is_configured(self) -> bool:
        return bool(self.tokens)


def configured_tokens(secret_values: Mapping | None = None, environ: Mapping | None = None,
                      placeholders: frozenset[str] | None = None) -> TokenSettings:
    """Tokens per role: the secret if set, else the environment; refused ones left out, with why."""
    environ = os.environ if environ is None else environ
    secret_values = {} if secret_values is None else secret_values  # a plain dict (st.secrets may raise)
    tokens, problems = {}, []
    for role, name in TOKEN_NAMES.items():
        for value in (secret_values.get(name), environ.get(name)):
            if isinstance(value, str) and value.strip():
                problem = token_problem(name, value.strip(), placeholders)
                if problem:
                    problems.append(problem)
                else:
                    tokens[role] = value.strip()
                break
    return TokenSettings(tokens, tuple(problems))


def configured_admin_token(secret_value: str | None = None) -> str | None:
    """The deployment's admin token: the secret if set, else the environment; None = none valid."""
    return configured_tokens({ADMIN_TOKEN_NAME: secret_value}).tokens.get("admin")


def role_for_token(given: str | None, settings: TokenSettings) -> str | None:
    """The highest role whose token matches (constant-time, every token compared), or None."""
    if not given:
        return None
    given_bytes = given.strip().encode("utf-8")
    matched = None
    for role in ROLES:
        expected = settings.tokens.get(role)
        if expected and hmac.compare_digest(given_bytes, expected.encode("utf-8")):
            matched = role
    return matched


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


def session_role(fingerprint: str | None, settings: TokenSettings) -> str:
    """The role of a session that logged in earlier (its token's fingerprint), else viewer."""
    role = "viewer"
    for candidate in ROLES:
        expected = settings.tokens.get(candidate)
        if expected and fingerprint and hmac.compare_digest(fingerprint, token_fingerprint(expected)):
            role = candidate
    return role


# --- the machine's own token when none is configured -----------------------------------------

def local_token_path() -> Path:
    """DTI_LOCAL_TOKEN_FILE, else data/user/local-token (not in git)."""
    return Path(os.environ.get(LOCAL_TOKEN_FILE_NAME, config.DATA_DIR / "user" / "local-token"))


def ensure_local_token(path: Path | None = None) -> tuple[str, bool]:
    """This machine's token (admin role): read it, or generate it on first start into a file only
    the server user can read (0600). Returns (token, whether it was generated now)."""
    path = Path(path) if path is not None else local_token_path()
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        token = ""
    if len(token) >= MIN_TOKEN_LENGTH:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return token, False
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.chmod(temporary, 0o600)  # whatever the umask
    if path.exists():  # an empty or damaged file: replace it
        os.replace(temporary, path)
        return token, True
    try:
        os.link(temporary, path)  # first writer wins when two processes start at once
    except FileExistsError:
        os.unlink(temporary)
        return ensure_local_token(path)  # the other process's complete file
    os.unlink(temporary)
    return token, True


def app_tokens(secret_values: Mapping | None = None, environ: Mapping | None = None,
               local_path: Path | None = None) -> TokenSettings:
    """What the app uses: the configured tokens; where none is valid, the machine's own token as
    admin (generated on first start)."""
    settings = configured_tokens(secret_values, environ)
    if settings.is_configured:
        return settings
    token, _ = ensure_local_token(local_path)
    return TokenSettings({"admin": token}, settings.problems, is_local=True)


def read_secrets_file(path: Path | None = None) -> dict:
    """.streamlit/secrets.toml as the CLI sees it (Streamlit reads it itself for the app)."""
    path = path or config.PROJECT_DIR / ".streamlit" / "secrets.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def token_command(secret_values: Mapping | None = None, environ: Mapping | None = None,
                  local_path: Path | None = None) -> tuple[str, str | None]:
    """`python -m dti token`: (what to print on stdout, a note for stderr). Prints the machine's
    own token (generating it if needed); configured tokens are never printed."""
    settings = configured_tokens(read_secrets_file() if secret_values is None else secret_values, environ)
    if settings.is_configured:
        names = ", ".join(TOKEN_NAMES[role] for role in settings.tokens)
        return "", (f"Đã cấu hình mã truy cập ({names}) trong .streamlit/secrets.toml hoặc biến môi trường: "
                    "ứng dụng dùng mã đó, lệnh này không in mã đã cấu hình.")
    token, generated = ensure_local_token(local_path)
    path = Path(local_path) if local_path is not None else local_token_path()
    note = ("Đã tạo mã truy cập mới cho máy này" if generated else "Mã truy cập của máy này") + \
        f" (quyền quản trị), lưu trong {path}."
    for problem in settings.problems:
        note += "\n" + problem
    return token, note


def local_token_notice(token: str, address: str, path: Path | None = None) -> str:
    """What the app prints at start when it uses the machine's own token."""
    path = Path(path) if path is not None else local_token_path()
    return (f"Chưa cấu hình mã truy cập: dùng mã riêng của máy này (quyền quản trị), lưu trong {path} "
            f"(chỉ người dùng chạy máy chủ đọc được).\n"
            f"    Mở ứng dụng: {address}\n"
            f"    Mã truy cập: {token}\n"
            f"Xem lại mã: python -m dti token. Đặt {ADMIN_TOKEN_NAME} / {PLANNER_TOKEN_NAME} trong "
            ".streamlit/secrets.toml hoặc biến môi trường để dùng mã của bạn.")


def startup_notice(address: str, secret_values: Mapping | None = None, environ: Mapping | None = None,
                   path: Path | None = None) -> str | None:
    """What the app prints once at start: the machine's token and the address where no valid token is
    configured (generated on the first start), with why any configured token was refused; else None."""
    settings = app_tokens(secret_values, environ, path)
    if not settings.is_local:
        return "\n".join(settings.problems) or None
    return "\n".join((*settings.problems, local_token_notice(settings.tokens["admin"], address, path)))


# --- wrong tokens: slow down, then lock out -------------------------------------------------

@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class LoginThrottle:
    """Failures per session and per client address: after the n-th failure the next try must wait
    base·2^(n−1) seconds (capped); at `max_failures` (a session) or `address_max_failures` (an address,
    which a whole office behind one gateway may share) the key is locked for `lockout_seconds`.
    Failures are forgotten after `forget_seconds` without one. Thread-safe; `clock` is injectable."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_failures: int = 5,
                 lockout_seconds: float = 300.0, base_delay: float = 1.0, max_delay: float = 30.0,
                 forget_seconds: float = 900.0, address_max_failures: int = 10):
        self.clock = clock
        self.max_failures = max_failures
        self.limits = {"session": max_failures, "address": address_max_failures}
        self.lockout_seconds = lockout_seconds
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_seconds = forget_seconds
        self._state: dict[tuple[str, str], _Failures] = {}
        self._lock = threading.Lock()

    def delay_after(self, failures: int) -> float:
        return 0.0 if failures <= 0 else min(self.base_delay * 2 ** (failures - 1), self.max_delay)

    def _keys(self, session_id: str | None, address: str | None) -> list[tuple[str, str]]:
        return [(kind, value) for kind, value in (("session", session_id), ("address", address)) if value]

    def _current(self, key, now: float) -> _Failures:
        state = self._state.get(key)
        if state is None:
            return _Failures()
        if state.locked_until and now >= state.locked_until:  # a lock served resets the count
            del self._state[key]
            return _Failures()
        if not state.locked_until and now - state.last >= self.forget_seconds:
            del self._state[key]
            return _Failures()
        return state

    def wait_seconds(self, session_id: str | None, address: str | None) -> float:
        """Seconds before this session/address may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [0.0]
            for key in self._keys(session_id, address):
                state = self._current(key, now)
                if state.locked_until:
                    waits.append(state.locked_until - now)
                elif state.count:
                    waits.append(state.last + self.delay_after(state.count) - now)
            return max(0.0, max(waits))

    def is_locked(self, session_id: str | None, address: str | None) -> bool:
        now = self.clock()
        with self._lock:
            return any(self._current(k, now).locked_until > now for k in self._keys(session_id, address))

    def record_failure(self, session_id: str | None, address: str | None) -> float:
        """Count a wrong token; log it; return the wait before the next try."""
        now = self.clock()
        with self._lock:
            counts, locked = [], False
            for key in self._keys(session_id, address):
                state = self._current(key, now)
                state.count += 1
                state.last = now
                if state.count >= self.limits[key[0]]:
                    state.locked_until = now + self.lockout_seconds
                    locked = True
                self._state[key] = state
                counts.append(state.count)
        worst = max(counts, default=0)
        if locked:
            log.warning("login locked for %.0f s after %d wrong tokens (session %s, address %s)",
                        self.lockout_seconds, worst, session_id, address)
        else:
            log.warning("wrong token, failure %d (session %s, address %s)", worst, session_id, address)
        return self.wait_seconds(session_id, address)

    def record_success(self, session_id: str | None, address: str | None) -> None:
        with self._lock:
            for key in self._keys(session_id, address):
                self._state.pop(key, None)


_SHARED_THROTTLE = LoginThrottle()


def shared_throttle() -> LoginThrottle:
    """The one throttle of this server process (every session's login goes through it)."""
    return _SHARED_THROTTLE


@dataclass(frozen=True)
class LoginResult:
    role: str | None  # None: not logged in
    message: str | None  # Vietnamese, for the screen
    wait_seconds: float = 0.0
    fingerprint: str | None = None  # what the session keeps


def attempt_login(given: str | None, settings: TokenSettings, throttle: LoginThrottle,
                  session_id: str | None, address: str | None) -> LoginResult:
    """Check a token under the throttle. While a wait or a lock is on, the token is not even
    compared (so guessing gains nothing)."""
    wait = throttle.wait_seconds(session_id, address)
    if wait > 0:
        return LoginResult(None, _wait_message(wait, throttle.is_locked(session_id, address)), wait)
    role = role_for_token(given, settings)
    if role is not None:
        throttle.record_success(session_id, address)
        return LoginResult(role, None, 0.0, token_fingerprint(settings.tokens[role]))
    wait = throttle.record_failure(session_id, address)
    locked = throttle.is_locked(session_id, address)
    return LoginResult(None, Text("login.wrong", wait=_wait_message(wait, locked)), wait)


def _wait_message(wait: float, locked: bool) -> str:
    seconds = max(1, round(wait + 0.499))
    if locked:
        minutes = max(1, round(seconds / 60))
        return Text("login.locked", minutes=minutes)
    return Text("login.wait", seconds=seconds)
