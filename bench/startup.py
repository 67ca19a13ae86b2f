"""Cold start (process start to the first page drawn with data) and database build time."""

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

from bench import browser
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession
from dti import build, store


def build_times(count: int) -> list[float]:
    """ms per `build_database()` into a fresh folder (what `python -m dti build-db` does)."""
    import os

    samples = []
    previous = os.environ.get("DTI_DB_DIR")
    for _ in range(count):
        folder = Path(tempfile.mkdtemp(prefix="dti-bench-build-"))
        os.environ["DTI_DB_DIR"] = str(folder)
        try:
            started = time.perf_counter()
            build.build_database()
            samples.append((time.perf_counter() - started) * 1000)
        finally:
            store.close_connections()
            shutil.rmtree(folder, ignore_errors=True)
    if previous is None:
        os.environ.pop("DTI_DB_DIR", None)
    else:
        os.environ["DTI_DB_DIR"] = previous
    return samples


def cold_starts(chromium: browser.Browser, db_dir: Path, path: str, count: int) -> list[dict]:
    """Start a new server `count` times (database already built): ms from process start to
    /_stcore/health, and to the first page (`path`) drawn with its data in a waiting browser."""
    samples = []
    for _ in range(count):
        context, page = chromium.new_page()
        server = StreamlitServer("app.py", db_dir)
        try:
            server.start(wait=False)
            healthy_s = server.wait_healthy()
            page.goto(f"{server.url}/{path}", wait_until="commit")
            browser.wait_ready(page, 1)
            drawn_s = time.perf_counter() - server.started_at
            samples.append({"health_ms": healthy_s * 1000, "first_page_ms": drawn_s * 1000})
        finally:
            context.close()
            server.stop()
    return samples


def cold_starts_served(db_dir: Path, page_name: str, count: int) -> list[float]:
    """ms from process start to the first run with data finished for a client that connects as
    soon as /_stcore/health answers (Streamlit's websocket protocol; no browser drawing)."""
    samples = []
    for _ in range(count):
        server = StreamlitServer("app.py", db_dir)
        try:
            server.start()
            outcome = asyncio.run(_first_run(server, page_name))
            if outcome.ok:
                samples.append((time.perf_counter() - server.started_at) * 1000)
        finally:
            server.stop()
    return samples


async def _first_run(server: StreamlitServer, page_name: str):
    session = StreamlitSession(server.ws_url, page_name=page_name)
    await session.connect()
    try:
        return await session.run()
    finally:
        await session.close()
