"""A minimal Streamlit client speaking the browser's websocket protocol (no browser).

It sends the same BackMsg `rerun_script` a browser sends when a widget changes and reads
ForwardMsgs until `script_finished`. The time from send to `script_finished` is the
server's answer time (script run + transport), without any drawing. Used for server time
per interaction (one session, nothing else on the CPU) and for the concurrency runs.
"""

import asyncio
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDGET_TYPES = ("selectbox", "radio")


@dataclass
class Widget:
    kind: str
    widget_id: str
    label: str
    options: list[str]
    value: str | None


@dataclass
class RunOutcome:
    ms: float
    ok: bool
    error: str = ""
    element_kinds: dict[str, int] = field(default_factory=dict)


def _fetched_size(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return len(response.read())


class StreamlitSession:
    """One session on one websocket. Not thread-safe; one coroutine drives it."""

    def __init__(self, ws_url: str, page_name: str = "", query_string: str = "", run_timeout: float = 30,
                 headers: dict[str, str] | None = None, record: bool = False):
        self.ws_url = ws_url
        self.record = record  # keep the last run's elements (a floor replays them: bench/floor_replay.py)
        self.recorded: list[tuple[bool, bytes]] = []
        self.session_id = ""  # the server's id of this session (a backend operation must name it)
        self.downloads: dict[str, str] = {}  # a deferred download button's label -> its file id
        self.headers = headers  # e.g. the proxy's sticky cookie (bench/proxy_load.py)
        self.page_name = page_name
        self.query_string = query_string
        self.run_timeout = run_timeout
        self.widgets: dict[str, Widget] = {}
        self._sent_values: dict[str, str] = {}
        self._socket = None

    async def connect(self) -> None:
        self._socket = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=2**26,
                                                additional_headers=self.headers,
                                                open_timeout=self.run_timeout, ping_interval=None)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def run(self, changes: dict[str, str] | None = None) -> RunOutcome:
        """Rerun the script, with widget values changed by label ({label: option text})."""
        for label, value in (changes or {}).items():
            self._sent_values[label] = value
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_name = self.page_name  # by name on every run: the page a deep link opens
        for label, value in self._sent_values.items():
            widget = self.widgets.get(label)
            if widget is None:
                continue
            state = rerun.widget_states.widgets.add()
            state.id = widget.widget_id
            state.string_value = value
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        return await self._read_until_finished(started)

    async def _read_until_finished(self, started: float) -> RunOutcome:
        kinds: dict[str, int] = {}
        widgets: dict[str, Widget] = {}
        recorded: list[tuple[bool, bytes]] = []
        error = ""
        deadline = started + self.run_timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return RunOutcome((time.perf_counter() - started) * 1000, False, "timeout", kinds)
            try:
                raw = await asyncio.wait_for(self._socket.recv(), timeout=remaining)
            except TimeoutError:
                return RunOutcome((time.perf_counter() - started) * 1000, False, "timeout", kinds)
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                element_kind = element.WhichOneof("type")
                kinds[element_kind] = kinds.get(element_kind, 0) + 1
                if self.record:  # delta_path[0]: 0 = the page, 1 = the sidebar
                    recorded.append((message.metadata.delta_path[0] == 1, element.SerializeToString()))
                if element_kind == "exception":
                    error = f"{element.exception.type}: {element.exception.message}"[:300]
                elif element_kind == "download_button" and element.download_button.deferred_file_id:
                    self.downloads[element.download_button.label] = element.download_button.deferred_file_id
                elif element_kind in WIDGET_TYPES:
                    proto = getattr(element, element_kind)
                    value = proto.raw_value if proto.set_value else (
                        proto.options[proto.default] if 0 <= proto.default < len(proto.options) else None)
                    widgets[proto.label] = Widget(element_kind, proto.id, proto.label, list(proto.options), value)
            elif kind == "script_finished":
                elapsed = (time.perf_counter() - started) * 1000
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if widgets:
                    self.widgets = widgets
                if self.record:
                    self.recorded = recorded
                ok = status == ForwardMsg.FINISHED_SUCCESSFULLY and not error
                return RunOutcome(elapsed, ok, error or ("" if ok else f"status {status}"), kinds)

    async def download(self, label: str, http_base: str) -> RunOutcome:
        """Click a deferred download button as the browser does: ask the server to build the file
        (a backend operation; Streamlit runs the callable on a worker thread), then GET it."""
        message = BackMsg()
        request = message.backend_operation_request
        request.request_id = uuid.uuid4().hex
        request.session_id = self.session_id
        request.deferred_file.file_id = self.downloads[label]
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        deadline = started + self.run_timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return RunOutcome((time.perf_counter() - started) * 1000, False, "timeout")
            try:
                raw = await asyncio.wait_for(self._socket.recv(), timeout=remaining)
            except TimeoutError:
                return RunOutcome((time.perf_counter() - started) * 1000, False, "timeout")
            answer = ForwardMsg()
            answer.ParseFromString(raw)
            if answer.WhichOneof("type") != "backend_operation_response":
                continue
            response = answer.backend_operation_response
            if response.request_id != request.request_id:
                continue
            if response.error_msg or not response.deferred_file.url:
                return RunOutcome((time.perf_counter() - started) * 1000, False, response.error_msg or "no file")
            url = response.deferred_file.url
            url = url if url.startswith("http") else http_base.rstrip("/") + "/" + url.lstrip("/")
            size = await asyncio.to_thread(_fetched_size, url, self.run_timeout)
            ok = size > 0
            return RunOutcome((time.perf_counter() - started) * 1000, ok, "" if ok else "empty file")

    def next_option(self, label: str, step: int = 1) -> str:
        """The option `step` places after the one last sent (or the first), for cycling a widget."""
        widget = self.widgets[label]
        current = self._sent_values.get(label, widget.value)
        index = widget.options.index(current) if current in widget.options else -1
        return widget.options[(index + step) % len(widget.options)]
