"""What a PDF being built costs everyone else, on a real server (issue 13): a few sessions keep
changing their screens' widgets while one more session keeps clicking the province profile's PDF
button (the real deferred download: Streamlit builds the file on a worker thread, headless Chromium
prints it); the others' server time per run (recorded inside the script, ui/frame.py) and websocket
answer time are compared with the same sessions while nothing builds, in the same run. Phases
alternate (idle, building, idle, building) after a warm-up, so both see the same background load on the machine.
"""

import asyncio
import random
import time

from bench import stats
from bench.screens import Screen
from bench.server import StreamlitServer
from bench.wsclient import StreamlitSession

PDF_LABEL = "Hồ sơ tỉnh (PDF)"  # dti/i18n/vi.py "export.pdf"
PDF_PAGE, PDF_QUERY = "province", "province=22&year=2022"


async def _open(server: StreamlitServer, screen: Screen) -> StreamlitSession:
    session = StreamlitSession(server.ws_url, page_name=screen.page_name, query_string=screen.query)
    await session.connect()
    await session.run()  # the page as a deep link opens it; not counted
    return session


async def _other(session: StreamlitSession, screen: Screen, until: float, seed: int, out: dict) -> None:
    rng = random.Random(seed)
    try:
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            if screen.widget not in session.widgets:
                out["errors"].append(f"{screen.key}: no widget {screen.widget!r}")
                return
            outcome = await session.run({screen.widget: session.next_option(screen.widget, screen.step)})
            out["answer_ms"].append(outcome.ms)
            if not outcome.ok:
                out["errors"].append(f"{screen.key}: {outcome.error}")
    finally:
        await session.close()


async def _open_builder(server: StreamlitServer, out: dict) -> StreamlitSession | None:
    session = StreamlitSession(server.ws_url, page_name=PDF_PAGE, query_string=PDF_QUERY, run_timeout=120)
    await session.connect()
    first = await session.run()
    if not first.ok or PDF_LABEL not in session.downloads:
        out["errors"].append(f"PDF button missing: {first.error or sorted(session.downloads)}")
        await session.close()
        return None
    return session


async def _keep_building(session: StreamlitSession, http_base: str, until: float, out: dict) -> None:
    try:
        while time.perf_counter() < until:
            outcome = await session.download(PDF_LABEL, http_base)
            out["pdf_ms"].append(outcome.ms)
            if not outcome.ok:
                out["errors"].append(f"PDF: {outcome.error}")
                return
    finally:
        await session.close()


async def _phase(server: StreamlitServer, screens: list[Screen], seconds: float, building: bool, seed: int) -> dict:
    out = {"answer_ms": [], "pdf_ms": [], "errors": [], "server_ms": []}
    builder = await _open_builder(server, out) if building else None
    others = [await _open(server, screen) for screen in screens]
    first_run = len(server.runs())  # opening runs are not counted
    until = time.perf_counter() + seconds
    tasks = [asyncio.create_task(_other(session, screen, until, seed + number, out))
             for number, (session, screen) in enumerate(zip(others, screens))]
    if builder is not None:
        tasks.append(asyncio.create_task(_keep_building(builder, server.url, until, out)))
    await asyncio.gather(*tasks)
    out["server_ms"] = [run["ms"] for run in server.runs()[first_run:]]  # the builder never reruns
    return out


def measure(db_dir, screens: list[Screen], seconds: float, rounds: int = 2) -> dict:
    """{"idle": {...}, "building": {...}}: answer_ms, server_ms, pdf_ms and errors of each phase."""
    merged = {name: {"answer_ms": [], "pdf_ms": [], "errors": [], "server_ms": []} for name in ("idle", "building")}
    with StreamlitServer("app.py", db_dir) as server:
        asyncio.run(_phase(server, screens, min(seconds, 5.0), False, 999))  # imports and caches: not counted
        for round_number in range(rounds):
            for name in ("idle", "building"):
                found = asyncio.run(_phase(server, screens, seconds, name == "building", 100 * round_number))
                for key, values in found.items():
                    merged[name][key].extend(values)
    return merged


def results(found: dict) -> list[stats.Result]:
    idle, building = found["idle"], found["building"]
    detail = (f"other sessions' server time per run while one session keeps building the province profile PDF "
              f"({len(building['pdf_ms'])} PDFs, {stats.describe(building['pdf_ms'])} each): "
              f"{stats.describe(building['server_ms'])}; nothing building: {stats.describe(idle['server_ms'])}; "
              f"websocket answer building {stats.describe(building['answer_ms'])}, "
              f"idle {stats.describe(idle['answer_ms'])}")
    errors = idle["errors"] + building["errors"]
    if errors:
        detail += f"; errors: {errors[:3]}"
    return [
        stats.at_most("export_pdf_others_server_p95", stats.p95(building["server_ms"]), "ms", 150, detail),
        stats.Result("export_pdf_others_server_p95_idle", stats.p95(idle["server_ms"]), "ms", None, None,
                     "the same sessions, same server, nothing building: " + stats.describe(idle["server_ms"])),
        stats.Result("export_pdf_others_answer_p95", stats.p95(building["answer_ms"]), "ms", None, None,
                     f"websocket answer while building; idle p95 {stats.p95(idle['answer_ms']):.1f} ms"),
    ]
