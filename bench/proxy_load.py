"""`make loadtest`: app replicas behind nginx on this machine, against a single process.

One command starts everything, on loopback and in temporary folders only, and stops it all:
a private PostgreSQL for the shared user data (DTI_USER_DSN), the results database built once
into a folder every replica reads (the shared storage), N Streamlit replicas, and nginx with
deploy/nginx.conf.template (cookie-sticky upstream, websocket upgrade). Visitors then come
through the proxy: each opens its page (which sets the sticky cookie), opens the websocket with
that cookie and changes a widget every 2-4 s, as in bench/load.py. The same runs against one
replica behind the same proxy are the single-process numbers. Prints a table: websocket
sessions per replica (from nginx's log), whether every visitor stayed on one replica, errors,
median and p95 answer time (send -> script_finished).
"""

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.server import PROJECT_DIR, free_port

TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf.template"
NGINX = "/usr/sbin/nginx"
COOKIE = "dti_replica"


def render_config(prefix: Path, listen_port: int, replica_ports: list[int]) -> str:
    """The proxy's nginx.conf: the template with this run's folder, port and replicas (loopback)."""
    servers = "\n        ".join(f"server 127.0.0.1:{port};" for port in replica_ports)
    return (TEMPLATE.read_text(encoding="utf-8").replace("@PREFIX@", str(prefix))
            .replace("@LISTEN@", f"127.0.0.1:{listen_port}").replace("@REPLICAS@", servers))


@dataclass(frozen=True)
class LogLine:
    key: str  # the sticky key (the visitor's cookie)
    upstream: str  # the replica that answered, host:port
    status: int
    request: str


class Proxy:
    """nginx in the foreground with a rendered config in a temporary folder; a context manager."""

    def __init__(self, replica_ports: list[int]):
        self.prefix = Path(tempfile.mkdtemp(prefix="dti-nginx-"))
        self.prefix.chmod(0o755)  # nginx's workers (nobody when started as root) use its temp folders
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        self.config = self.prefix / "nginx.conf"
        self.config.write_text(render_config(self.prefix, self.port, replica_ports), encoding="utf-8")
        self.process: subprocess.Popen | None = None

    def start(self) -> "Proxy":
        try:
            return self._start()
        except BaseException:
            self.stop()  # no nginx and no temporary folder left behind
            raise

    def _start(self) -> "Proxy":
        if not Path(NGINX).exists():
            raise RuntimeError("nginx is not installed: run `bash scripts/install_test_services.sh`")
        command = [NGINX, "-p", str(self.prefix), "-c", str(self.config)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx rejected its configuration: {checked.stderr.strip()}")
        self.process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.process.stderr.read().decode(errors="replace"))
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not answer within 20 s")

    def log(self) -> list[LogLine]:
        """Every request nginx logged so far (a websocket is logged when it closes)."""
        path = self.prefix / "access.log"
        lines = []
        for raw in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
            parts = raw.split(" ", 4)
            if len(parts) == 5 and parts[3].isdigit():
                lines.append(LogLine(parts[1], parts[2], int(parts[3]), parts[4].strip('"')))
        return lines

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> "Proxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _first_visit(url: str) -> str:
    """GET the page as a browser's first request does; the Cookie header the proxy asked for."""
    with urllib.request.urlopen(url, timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith(f"{COOKIE}="):
                return header.split(";", 1)[0]
    raise RuntimeError("the proxy set no sticky cookie")


async def _visitor(proxy: Proxy, screen, until: float, seed: int, out: dict) -> None:
    """One person through the proxy: the page (sticky cookie), then the websocket carrying it."""
    from bench.wsclient import StreamlitSession

    rng = random.Random(seed)
    session = None
    try:
        link = f"{proxy.url}/{screen.page_name}" + (f"?{screen.query}" if screen.query else "")
        cookie = await asyncio.to_thread(_first_visit, link)
        session = StreamlitSession(proxy.ws_url, page_name=screen.page_name, query_string=screen.query,
                                   headers={"Cookie": cookie})
        await session.connect()
        first = await session.run()
        if not first.ok:
            out["errors"].append(f"{screen.key} first run: {first.error}")
        # Every visitor changes its widget at least once, even when a busy machine made its first run
        # outlast the window (one more interaction at most: bounded).
        changed = 0
        while time.perf_counter() < until or not changed:
            await asyncio.sleep(rng.uniform(2.0, 4.0))
            if time.perf_counter() >= until and changed:
                break
            changed += 1
            if screen.widget not in session.widgets:
                out["errors"].append(f"{screen.key}: widget {screen.widget!r} missing")
                break
            outcome = await session.run({screen.widget: session.next_option(screen.widget,
                                                                            rng.randint(1, 9) * screen.step)})
            out["answer_ms"].append(outcome.ms)
            if not outcome.ok:
                out["errors"].append(f"{screen.key}: {outcome.error}")
    except Exception as error:  # a refused or dropped connection is an error of the run
        out["errors"].append(f"{screen.key}: {type(error).__name__}: {error}")
    finally:
        if session is not None:
            await session.close()


async def run_visitors(proxy: Proxy, screens, sessions: int, seconds: float) -> dict:
    out = {"answer_ms": [], "errors": []}
    until = time.perf_counter() + seconds
    tasks = []
    for number in range(sessions):
        tasks.append(asyncio.create_task(_visitor(proxy, screens[number % len(screens)], until, number, out)))
        await asyncio.sleep(0.05)  # people do not all arrive in the same millisecond
    await asyncio.gather(*tasks)
    return out


def spread(lines: list[LogLine], replica_ports: list[int]) -> tuple[list[int], bool]:
    """Websocket sessions per replica (in replica order), and whether they were sticky: every
    websocket came with the key its page request was given, and all of that key's requests went to
    one replica."""
    def is_websocket(line: LogLine) -> bool:
        return line.status == 101 and "/_stcore/stream" in line.request

    websockets = [line for line in lines if is_websocket(line)]
    replicas_of = defaultdict(set)
    pages = Counter(line.key for line in lines if not is_websocket(line))
    for line in lines:
        replicas_of[line.key].add(line.upstream)
    sticky = all(pages[ws.key] >= 1 and len(replicas_of[ws.key]) == 1 for ws in websockets)
    sessions = Counter(line.upstream for line in websockets)
    return [sessions.get(f"127.0.0.1:{port}", 0) for port in replica_ports], sticky


def measure(db_dir: Path, replicas: int, levels: list[int], seconds: float, screens) -> list[dict]:
    """Start `replicas` app processes and the proxy; run each level of visitors; stop them."""
    from bench import load, stats
    from bench.server import StreamlitServer

    servers = [StreamlitServer("app.py", db_dir, start_timeout=180) for _ in range(replicas)]
    rows = []
    try:
        for server in servers:
            server.start(wait=False)  # in parallel: each takes seconds to import on a busy machine
        for server in servers:
            server.wait_healthy()
            asyncio.run(load._warm(server, screens, False))
        ports = [server.port for server in servers]
        with Proxy(ports) as proxy:
            for sessions in levels:
                seen_before = len(proxy.log())
                found = asyncio.run(run_visitors(proxy, screens, sessions, seconds))
                time.sleep(0.5)  # nginx writes a websocket's line when it closes
                per_replica, sticky = spread(proxy.log()[seen_before:], ports)
                answers = found["answer_ms"]
                rows.append({"replicas": replicas, "sessions": sessions, "per_replica": per_replica,
                             "sticky": sticky, "interactions": len(answers), "errors": found["errors"],
                             "median_ms": stats.median(answers), "p95_ms": stats.p95(answers)})
                print(_row(rows[-1]), flush=True)
    finally:
        for server in servers:
            server.stop()
    return rows


HEADER = ("| replicas | sessions | websocket sessions per replica | sticky | interactions | errors "
          "| median ms | p95 ms |\n|---:|---:|---|---|---:|---:|---:|---:|")


def _row(row: dict) -> str:
    def ms(value):
        return "-" if value is None else f"{value:,.0f}"
    return (f"| {row['replicas']} | {row['sessions']} | {' / '.join(map(str, row['per_replica']))} | "
            f"{'yes' if row['sticky'] else 'NO'} | {row['interactions']} | {len(row['errors'])} | "
            f"{ms(row['median_ms'])} | {ms(row['p95_ms'])} |")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.proxy_load", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=3, help="app replicas behind the proxy (3)")
    parser.add_argument("--sessions", default="50,100", help="visitor counts, each run in turn (50,100)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds per level (60)")
    parser.add_argument("--no-single", action="store_true", help="skip the one-replica runs")
    return parser


def main() -> int:
    args = _parser().parse_args()
    levels = [int(n) for n in args.sessions.split(",") if n.strip()]
    db_dir = Path(tempfile.mkdtemp(prefix="dti-loadtest-db-"))
    os.environ["DTI_DB_DIR"] = str(db_dir)  # before any dti import reads it
    from bench.postgres_server import PostgresServer
    from bench.screens import discover
    from dti import build, store

    started = time.perf_counter()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        with PostgresServer() as postgres:
            os.environ["DTI_USER_DSN"] = postgres.dsn  # every replica shares the user data
            build.build_database()
            store.close_connections()
            screens = discover()  # every screen, as bench/load.py drives them
            print(f"{os.cpu_count()} cores, load average {load_before}; screens: "
                  f"{', '.join(s.key for s in screens)}; {args.seconds:.0f} s per level\n{HEADER}", flush=True)
            rows = [] if args.no_single else measure(db_dir, 1, levels, args.seconds, screens)
            rows += measure(db_dir, args.replicas, levels, args.seconds, screens)
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\n{HEADER}\n" + "\n".join(_row(row) for row in rows))
    print(f"\nRun took {(time.perf_counter() - started) / 60:.1f} min; load average before {load_before}, "
          f"after {load_after} (other work shares this 2-core machine).")
    for row in rows:
        for error in row["errors"][:3]:
            print(f"  error ({row['replicas']} replicas, {row['sessions']} sessions): {error}")
    return 0 if all(not row["errors"] and row["sticky"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
