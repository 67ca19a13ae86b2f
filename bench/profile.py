"""Where a screen's server time goes: one websocket session changes the screen's widget N times
(a new province each time, as the server-time section does) while py-spy samples the server.

    .venv/bin/python -m bench.profile province [changes] [--no-spy]

Prints the server time of each change (sorted) and, from py-spy's samples of the script thread,
the share of each line of the page. The raw profile (collapsed stacks) is kept in
bench/generated/profile-<screen>.txt for a closer look. Uses the database of DTI_DB_DIR (built
if missing). py-spy is in requirements-dev.txt; it samples another process, so it needs ptrace
(root in our containers).
"""

import asyncio
import collections
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.generate_commune_scale import GENERATED_DIR
from bench.screens import KNOWN
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession

SAMPLES_PER_SECOND = 200


async def _changes(server: StreamlitServer, key: str, count: int) -> list[float]:
    screen = KNOWN[key]
    session = StreamlitSession(server.ws_url, page_name=screen.page_name, query_string=screen.query)
    await session.connect()
    await session.run()
    times = []
    try:
        for _ in range(count):
            await session.run({screen.widget: session.next_option(screen.widget, screen.step)})
            times.append(server.runs()[-1]["ms"])
    finally:
        await session.close()
    return times


def line_shares(raw: Path, page_file: str) -> list[tuple[float, str]]:
    """(share of the script thread's samples, 'page.py:LINE -> callee') per line of the page."""
    counts: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if "_run_script" not in stack:
            continue
        frames = stack.split(";")
        total += int(count)
        where = next((f"{frame.split(' (')[1].rstrip(')')} -> {frames[i + 1].split(' (')[0]}"
                      for i, frame in enumerate(frames[:-1]) if frame.startswith(f"<module> ({page_file}")), "other")
        counts[where] += int(count)
    return [(count / max(1, total), where) for where, count in counts.most_common()]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in KNOWN:
        print(f"usage: python -m bench.profile SCREEN [changes] [--no-spy]; SCREEN one of {sorted(KNOWN)}")
        return 2
    key, spy = argv[0], "--no-spy" not in argv
    count = int(next((a for a in argv[1:] if a.isdigit()), "20"))
    from dti import build, config

    build.ensure_database()
    raw = GENERATED_DIR / f"profile-{key}.txt"
    GENERATED_DIR.mkdir(exist_ok=True)
    spy_command = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    with StreamlitServer("app.py", config.database_dir()) as server:
        sampler = None
        if spy and spy_command:
            sampler = subprocess.Popen([spy_command, "record", "--pid", str(server.process.pid), "--format", "raw",
                                        "--rate", str(SAMPLES_PER_SECOND), "--nonblocking", "-o", str(raw)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        times = asyncio.run(_changes(server, key, count))
        if sampler:
            sampler.send_signal(signal.SIGINT)
            sampler.wait(timeout=60)
    print(f"{key}: server ms per change, sorted: {', '.join(f'{ms:.0f}' for ms in sorted(times))}")
    if sampler and raw.exists():
        page_file = "app.py" if key == "home" else f"{KNOWN[key].page_name}.py"
        for share, where in line_shares(raw, page_file)[:15]:
            print(f"  {share:6.1%}  {where}")
        print(f"  (py-spy samples of the script thread; first run's imports included; raw: {raw})")
    elif spy:
        print("  py-spy not found: pip install -r requirements-dev.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
