"""Server time per interaction: one websocket session changes a widget, the run is timed inside
the script (DTI_RUN_TIMING_FILE), and the same is done on the floor page, interleaved so both
see the same background load on the machine.
"""

import asyncio

from bench import floor_replay, stats
from bench.screens import Screen
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession


async def _measure_screen(app: StreamlitServer, floor: StreamlitServer | None, screen: Screen,
                          interactions: int) -> dict:
    sessions = {"app": StreamlitSession(app.ws_url, page_name=screen.page_name, query_string=screen.query,
                                        record=True)}
    servers = {"app": app}
    if floor is not None and screen.floor:
        sessions["floor"] = StreamlitSession(floor.ws_url, query_string=f"screen={screen.floor}")
        servers["floor"] = floor
    server_ms = {name: [] for name in sessions}
    answer_ms = {name: [] for name in sessions}
    errors = []
    for name, session in sessions.items():
        await session.connect()
        first = await session.run()  # the page as a deep link opens it; not counted
        if not first.ok:
            errors.append(f"{name} first run: {first.error}")
        if name == "app" and screen.floor:
            # The floor draws what this first run drew (bench/floor_replay.py), before its own first run.
            floor_replay.save(screen.floor, session.recorded)
    cpu_before = {name: servers[name].cpu_seconds() for name in sessions}
    try:
        for _ in range(interactions):
            for name, session in sessions.items():
                if screen.widget not in session.widgets:
                    errors.append(f"{name}: no widget {screen.widget!r}")
                    continue
                outcome = await session.run({screen.widget: session.next_option(screen.widget, screen.step)})
                if not outcome.ok:
                    errors.append(f"{name}: {outcome.error}")
                    continue
                recorded = servers[name].runs()
                if recorded:
                    server_ms[name].append(recorded[-1]["ms"])
                answer_ms[name].append(outcome.ms)
    finally:
        cpu_ms = {name: (servers[name].cpu_seconds() - cpu_before[name]) * 1000 / max(1, len(answer_ms[name]))
                  for name in sessions}
        for session in sessions.values():
            await session.close()
    app_widget = sessions["app"].widgets.get(screen.widget)
    floor_widget = sessions["floor"].widgets.get(screen.widget) if "floor" in sessions else None
    return {"server_ms": server_ms, "answer_ms": answer_ms, "errors": errors, "cpu_ms": cpu_ms,
            "options": app_widget.options if app_widget else [],
            "floor_options": floor_widget.options if floor_widget else []}


def measure(app: StreamlitServer, floor: StreamlitServer, screens: list[Screen], interactions: int) -> dict:
    """{screen key: {"server_ms": {"app": [...], "floor": [...]}, "answer_ms": ..., "errors": [...]}}."""
    return {screen.key: asyncio.run(_measure_screen(app, floor, screen, interactions)) for screen in screens}


def results(measured: dict) -> list[stats.Result]:
    rows = []
    for key, found in measured.items():
        app_ms = found["server_ms"]["app"]
        floor_ms = found["server_ms"].get("floor", [])
        answer = found["answer_ms"]["app"]
        floor_answer = found["answer_ms"].get("floor", [])
        cpu = found["cpu_ms"]
        detail = (f"server {stats.describe(app_ms)}; floor {stats.describe(floor_ms)}; "
                  f"websocket answer {stats.describe(answer)}, floor {stats.describe(floor_answer)}; "
                  f"server CPU per interaction {cpu['app']:.0f} ms"
                  + (f", floor {cpu['floor']:.0f} ms" if "floor" in cpu else ""))
        if found["errors"]:
            detail += f"; errors: {found['errors'][:3]}"
        if floor_ms and app_ms:
            ratio = stats.median(app_ms) / stats.median(floor_ms)
            rows.append(stats.at_most(f"server_time_ratio_{key}", ratio, "x floor", 1.5, detail))
        else:
            print(f"  note: {key} has no floor; no ratio reported")
        rows.append(stats.at_most(f"server_time_p95_{key}", stats.p95(app_ms), "ms", 150, detail))
    return rows
