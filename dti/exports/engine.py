"""The browser engine that prints our HTML: Debian's Chromium, run as a subprocess.

A subprocess keeps a build off the Streamlit server's Python threads (they only wait on a
pipe), and a fresh temporary profile per run lets several builds run at once. We never
download a browser: where none is installed, `find_browser` says so in one Vietnamese line.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dti.i18n.text import Text

BROWSER_ENV = "DTI_CHROMIUM"  # a path to the engine; set to a missing path to simulate none
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
NAMES_ON_PATH = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 90


class ExportError(Exception):
    """An export that cannot be built; the message is one Vietnamese line for the user."""


@dataclass(frozen=True)
class Browser:
    path: str | None
    reason: str | None  # why there is no engine (None when path is set)

    @property
    def is_available(self) -> bool:
        return self.path is not None


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_browser() -> Browser:
    """The Chromium to print with, or the one-line reason there is none."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        if _runnable(chosen):
            return Browser(chosen, None)
        return Browser(None, Text("file.bad_browser", setting=f"{BROWSER_ENV}={chosen}", hint=Text("file.install")))
    for path in CANDIDATES:
        if _runnable(path):
            return Browser(path, None)
    for name in NAMES_ON_PATH:
        found = shutil.which(name)
        if found:
            return Browser(found, None)
    return Browser(None, Text("file.no_browser", hint=Text("file.install")))


def require_browser() -> str:
    browser = find_browser()
    if not browser.is_available:
        raise ExportError(browser.reason)
    return browser.path


def _run(html: str, output_flag: str, output_name: str, extra: list[str]) -> bytes:
    path = require_browser()
    with tempfile.TemporaryDirectory(prefix="dti-export-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        output = Path(folder) / output_name
        command = [
            path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-extensions",
            "--disable-sync", "--mute-audio", "--allow-file-access-from-files",
            "--run-all-compositor-stages-before-draw",
            # Virtual time lets fonts load and Plotly draw before the capture, without sleeps.
            "--virtual-time-budget=20000",
            f"--user-data-dir={folder}/profile", *extra, f"{output_flag}={output}", page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as error:
            raise ExportError(Text("file.timeout", seconds=TIMEOUT_SECONDS)) from error
        except OSError as error:
            raise ExportError(Text("file.cannot_run", path=path, error=error.strerror)) from error
        if not output.is_file() or output.stat().st_size == 0:
            raise ExportError(Text("file.no_output"))
        return output.read_bytes()


def screenshot(html: str, width: int, height: int) -> bytes:
    """PNG of the page at exactly width × height CSS pixels."""
    return _run(html, "--screenshot", "shot.png", [f"--window-size={width},{height}",
                                                   "--force-device-scale-factor=1"])


def print_pdf(html: str) -> bytes:
    """PDF of the page as printed (page size and margins from its CSS @page)."""
    return _run(html, "--print-to-pdf", "print.pdf", ["--no-pdf-header-footer"])
