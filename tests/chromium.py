"""What browser tests share besides fixtures: Debian's Chromium, the ready selector, where
screenshots go, and a served app (bench/server.py's server, on a free port)."""

import contextlib
import os
from pathlib import Path

from playwright.sync_api import expect

from bench.server import StreamlitServer

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
# The administrator token of the `data_server` fixture (tests that import through the data page).
ADMIN_TOKEN = "mã-kiểm-thử-trình-duyệt"


@contextlib.contextmanager
def served(db_dir: Path | None = None):
    """Our app on a free port, reading `db_dir` (default: this session's DTI_DB_DIR); yields its URL."""
    with StreamlitServer("app.py", db_dir or Path(os.environ["DTI_DB_DIR"])) as server:
        yield server.url


def log_in(area, name: str, token: str = ADMIN_TOKEN) -> None:
    """The one login (ui/roles.py) in `area` (a page or the main block) as `name`, waiting for it."""
    area.get_by_text("Đăng nhập để chỉnh sửa").click()
    area.get_by_label("Họ tên (ghi cùng mọi thay đổi)").fill(name)
    area.get_by_label("Mã truy cập").fill(token)
    area.get_by_role("button", name="Đăng nhập").click()
    expect(area.get_by_text(f"Đang đăng nhập: {name}")).to_be_visible(timeout=30_000)
