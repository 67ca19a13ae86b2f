"""Concurrency: N websocket sessions, each changing a widget every 2-4 s for a while, against
one fresh server. Reports errors, p95 answer time (send -> script_finished) and server memory
growth per session. Sessions speak Streamlit's own protocol (bench/wsclient.py): 50 Chromium
contexts on 2 cores would measure Chromium, not the server.
"""

import asyncio
import random
import time

from bench import floor_replay, stats
from bench.screens import HAND_WRITTEN_FLOORS, Screen
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession


def _session(server: StreamlitServer, screen: Screen, on_floor: bool, run_timeout: float = 30) -> StreamlitSession:
    if on_floor:
        return StreamlitSession(server.ws_url, query_string=f"screen={screen.floor}", run_timeout=run_timeout)
    return StreamlitSession(server.ws_url, page_name=screen.page_name, query_string=screen.query,
                            run_timeout=run_timeout)


async def _one_session(server: StreamlitServer, screen: Screen, until: float, seed: int, out: dict,
                       on_floor: bool) -> None:
    rng = random.Random(seed)
    session = _session(server, screen, on_floor)
    try:
        await session.connect()
        first = await session.run()
        if not first.ok:
            out["errors"].append(f"{screen.key} first run: {first.error}")
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(2.0, 4.0))
            if time.perf_counter() >= until:
                break
            if screen.widget not in session.widgets:
                out["errors"].append(f"{screen.key}: widget {screen.widget!r} missing")
                break
            value = session.next_option(screen.widget, rng.randint(1, 9) * screen.step)
            outcome = await session.run({screen.widget: value})
            out["answer_ms"].append(outcome.ms)
            if not outcome.ok:
                out["errors"].append(f"{screen.key}: {outcome.error}")
    except Exception as error:  # a dropped connection is an error of the run, not of the benchmark
        out["errors"].append(f"{screen.key}: {type(error).__name__}: {error}")
    finally:
        out["sessions_alive"] += 1 if session._socket is not None else 0
        out["rss_with_sessions"] = max(out["rss_with_sessions"], server.rss_mb())
        await session.close()


async def _run_level(server: StreamlitServer, screens: list[Screen], sessions: int, seconds: float,
                     on_floor: bool) -> dict:
    out = {"answer_ms": [], "errors": [], "sessions_alive": 0, "rss_with_sessions": 0.0}
    until = time.perf_counter() + seconds
    tasks = []
    for number in range(sessions):
        screen = screens[number % len(screens)]
        tasks.append(asyncio.create_task(_one_session(server, screen, until, number, out, on_floor)))
        await asyncio.sleep(0.05)  # people do not all arrive in the same millisecond
    await asyncio.gather(*tasks)
    return out


async def _warm(server: StreamlitServer, screens: list[Screen], on_floor: bool) -> None:
    """Import, connect and cache once, so the memory baseline is a running app, not an empty one."""
    for screen in screens:
        session = _session(server, screen, on_floor)
        await session.connect()
        await session.run()
        for _ in range(3):
            if screen.widget in session.widgets:
                await session.run({screen.widget: session.next_option(screen.widget, screen.step)})
        await session.close()


def run_level(db_dir, screens: list[Screen], sessions: int, seconds: float, on_floor: bool = False) -> dict:
    """One fresh server (the app, or the floor page with the same screens) under `sessions` sessions."""
    if on_floor:  # the screens whose floor can be drawn: recorded by the server-time section, or by hand
        screens = [screen for screen in screens
                   if screen.floor and (floor_replay.has_record(screen.floor) or screen.floor in HAND_WRITTEN_FLOORS)]
    with StreamlitServer("bench/floor_app.py" if on_floor else "app.py", db_dir) as server:
        asyncio.run(_warm(server, screens, on_floor))
        time.sleep(1)
        rss_before = server.rss_mb()
        client_cpu = time.process_time()
        found = asyncio.run(_run_level(server, screens, sessions, seconds, on_floor))
        found["client_cpu_s"] = time.process_time() - client_cpu
        found["rss_before"] = rss_before
        found["rss_after"] = server.rss_mb()
        found["sessions"] = sessions
        found["seconds"] = seconds
    return found


def floor_result(level: dict) -> stats.Result:
    """The floor under the same load: context for the p95 target, not a target itself."""
    answers = level["answer_ms"]
    detail = (f"floor page, {level['sessions']} sessions for {level['seconds']:.0f} s, {len(answers)} interactions, "
              f"{stats.describe(answers)}, {len(level['errors'])} errors; "
              f"load generator used {level['client_cpu_s']:.0f} s CPU")
    return stats.Result(f"concurrency_{level['sessions']}_floor_p95", stats.p95(answers), "ms", None, None, detail)


def results(level: dict) -> list[stats.Result]:
    sessions = level["sessions"]
    answers = level["answer_ms"]
    growth = max(level["rss_with_sessions"], level["rss_after"]) - level["rss_before"]
    per_session = growth / sessions
    detail = (f"{sessions} sessions for {level['seconds']:.0f} s, {len(answers)} interactions, "
              f"{stats.describe(answers)}; RSS {level['rss_before']:.0f} -> "
              f"{max(level['rss_with_sessions'], level['rss_after']):.0f} MB; "
              f"load generator used {level['client_cpu_s']:.0f} s CPU")
    if level["errors"]:
        detail += f"; errors: {level['errors'][:3]}"
    return [
        stats.at_most(f"concurrency_{sessions}_errors", float(len(level["errors"])), "errors", 0, detail),
        stats.at_most(f"concurrency_{sessions}_p95", stats.p95(answers), "ms", 500, detail),
        stats.at_most(f"concurrency_{sessions}_memory_per_session", per_session, "MB", 20, detail),
    ]
