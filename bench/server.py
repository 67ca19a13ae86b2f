"""Start and stop a Streamlit server on a free 127.0.0.1 port, and read what it recorded.

The server gets its own database folder (DTI_DB_DIR) and a run-timing file
(DTI_RUN_TIMING_FILE): every script run appends {"page", "ms", "at"} there (ui/frame.py,
bench/floor_app.py), which is how server time per interaction is measured.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
STREAMLIT_FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1",
                   "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                   "--server.runOnSave", "false"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """One `streamlit run <script>` process; use as a context manager."""

    def __init__(self, script: str, db_dir: Path, start_timeout: float = 60):
        self.script = script
        self.db_dir = Path(db_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        handle, name = tempfile.mkstemp(prefix="dti-bench-runs-", suffix=".jsonl")
        os.close(handle)
        self.timing_file = Path(name)
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.healthy_after_s: float | None = None

    def start(self, wait: bool = True) -> "StreamlitServer":
        env = os.environ.copy()
        env["DTI_DB_DIR"] = str(self.db_dir)
        env["DTI_RUN_TIMING_FILE"] = str(self.timing_file)
        command = [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port),
                   *STREAMLIT_FLAGS]
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self) -> float:
        """Seconds from process start to a 200 from /_stcore/health."""
        deadline = self.started_at + self.start_timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Streamlit exited: " + self.process.stderr.read().decode(errors="replace"))
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        self.healthy_after_s = time.perf_counter() - self.started_at
                        return self.healthy_after_s
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"Streamlit ({self.script}) did not answer /_stcore/health in {self.start_timeout} s")

    def rss_mb(self) -> float:
        """Resident memory of the server process (MB), from /proc."""
        with open(f"/proc/{self.process.pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU the server process has used so far (every thread), from /proc."""
        with open(f"/proc/{self.process.pid}/stat", encoding="utf-8") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def runs(self) -> list[dict]:
        """Every script run recorded so far: [{"page", "ms", "at"}, ...]."""
        if not self.timing_file.exists():
            return []
        with open(self.timing_file, encoding="utf-8") as log:
            return [json.loads(line) for line in log if line.strip()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.timing_file.unlink(missing_ok=True)

    def __enter__(self) -> "StreamlitServer":
        return self if self.process else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
