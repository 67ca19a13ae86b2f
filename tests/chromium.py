"""What browser tests share besides fixtures: Debian's Chromium, the ready selector, where
screenshots go, and a served app (bench/server.py's server, on a free port)."""

import contextlib
import os
from pathlib import Path

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
