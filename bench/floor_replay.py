"""Floors for every screen: the elements a screen's first run drew (recorded by the websocket client),
drawn again by bench/floor_app.py with plain Streamlit calls from memory.

A recorded run is a list of Streamlit `Element` protos (base64) with where they were drawn (sidebar or
page). The floor parses them once per process (figures and tables built once, as a plain app holding
them in memory would), then draws each with the plain call a Streamlit author would write
(st.plotly_chart(figure), st.dataframe(frame), st.selectbox(label, options), ...): the same kinds,
counts, chart sizes and table sizes as the screen, none of the screen's own work. Layout blocks
(columns, expanders) are flattened: they cost Streamlit next to nothing.
"""

import base64
import functools
import json
import os
from pathlib import Path

RECORDS_ENV = "DTI_FLOOR_RECORDS_DIR"  # set before servers start: they inherit it


def records_dir() -> Path | None:
    folder = os.environ.get(RECORDS_ENV)
    return Path(folder) if folder else None


def record_path(screen_key: str) -> Path | None:
    folder = records_dir()
    return folder / f"{screen_key}.json" if folder else None


def save(screen_key: str, elements: list[tuple[bool, bytes]]) -> Path | None:
    """Write a screen's first run ([(in_sidebar, Element bytes)]) for its floor; None without a folder."""
    path = record_path(screen_key)
    if path is None or not elements:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"sidebar": sidebar, "element": base64.b64encode(raw).decode()} for sidebar, raw in elements]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def has_record(screen_key: str) -> bool:
    path = record_path(screen_key)
    return bool(path and path.exists())


@functools.cache
def load(path: str, modified: float) -> list[tuple[bool, str, dict]]:
    """[(in_sidebar, kind, arguments)] ready to draw; figures and frames built here, once."""
    import plotly.graph_objects as go
    import pyarrow as pa
    from streamlit.proto.Element_pb2 import Element

    steps = []
    for row in json.loads(Path(path).read_text(encoding="utf-8")):
        element = Element()
        element.ParseFromString(base64.b64decode(row["element"]))
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "plotly_chart":
            arguments = {"figure": go.Figure(json.loads(proto.spec)), "config": json.loads(proto.config or "{}")}
        elif kind == "dataframe":
            arguments = {"frame": pa.ipc.open_stream(proto.arrow_data.data).read_all().to_pandas()}
        elif kind in ("selectbox", "radio"):
            arguments = {"label": proto.label, "options": list(proto.options),
                         "index": proto.default if 0 <= proto.default < len(proto.options) else 0}
            if kind == "radio":
                arguments["horizontal"] = proto.horizontal
        elif kind == "multiselect":
            arguments = {"label": proto.label, "options": list(proto.options),
                         "default": [proto.options[i] for i in proto.default if i < len(proto.options)]}
        elif kind == "markdown":
            arguments = {"body": proto.body, "allow_html": proto.allow_html, "type": proto.element_type}
        elif kind == "heading":
            arguments = {"body": proto.body, "tag": proto.tag}
        elif kind == "metric":
            arguments = {"label": proto.label, "value": proto.body, "delta": proto.delta or None}
        elif kind == "alert":
            arguments = {"body": proto.body, "format": proto.format}
        elif kind == "number_input":
            value = proto.default if proto.HasField("default") else 0
            arguments = {"label": proto.label, "value": int(value) if proto.data_type == proto.INT else float(value)}
        elif kind == "code":
            arguments = {"body": proto.code_text}
        elif kind == "iframe":
            arguments = {"srcdoc": proto.srcdoc}
        elif kind == "html":
            arguments = {"body": proto.body}
        elif kind == "text_input":
            arguments = {"label": proto.label, "value": proto.default}
        elif kind == "checkbox":
            arguments = {"label": proto.label, "toggle": proto.type == proto.TOGGLE}
        elif kind in ("button", "download_button", "page_link"):
            arguments = {"label": proto.label}
        else:  # empty, and anything new: an empty slot costs what the screen's did
            kind, arguments = "empty", {}
        steps.append((row["sidebar"], kind, arguments))
    return steps


def draw(steps: list[tuple[bool, str, dict]]) -> None:
    """Draw the recorded elements with plain Streamlit calls (widgets keyed by position)."""
    import streamlit as st
    import streamlit.components.v1 as components
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.Markdown_pb2 import Markdown

    alerts = {Alert.ERROR: st.error, Alert.WARNING: st.warning, Alert.INFO: st.info, Alert.SUCCESS: st.success}
    headings = {"h1": st.title, "h2": st.header, "h3": st.subheader}
    for index, (sidebar, kind, a) in enumerate(steps):
        where = st.sidebar if sidebar else st.container()
        key = f"replay_{index}"
        with where:
            if kind == "plotly_chart":
                st.plotly_chart(a["figure"], width="stretch", config=a["config"])
            elif kind == "dataframe":
                st.dataframe(a["frame"], hide_index=True, width="stretch")
            elif kind == "selectbox":
                st.selectbox(a["label"], a["options"], index=a["index"], key=key)
            elif kind == "radio":
                st.radio(a["label"], a["options"], index=a["index"], horizontal=a["horizontal"], key=key)
            elif kind == "multiselect":
                st.multiselect(a["label"], a["options"], default=a["default"], key=key)
            elif kind == "markdown":
                if a["type"] == Markdown.CAPTION:
                    st.caption(a["body"], unsafe_allow_html=a["allow_html"])
                elif a["type"] == Markdown.DIVIDER:
                    st.divider()
                else:
                    st.markdown(a["body"], unsafe_allow_html=a["allow_html"])
            elif kind == "heading":
                headings.get(a["tag"], st.markdown)(a["body"])
            elif kind == "metric":
                st.metric(a["label"], a["value"], a["delta"])
            elif kind == "alert":
                alerts.get(a["format"], st.info)(a["body"])
            elif kind == "number_input":
                st.number_input(a["label"], value=a["value"], key=key)
            elif kind == "text_input":
                st.text_input(a["label"], value=a["value"], key=key)
            elif kind == "checkbox":
                (st.toggle if a["toggle"] else st.checkbox)(a["label"], key=key)
            elif kind == "button":
                st.button(a["label"], key=key)
            elif kind == "download_button":
                st.download_button(a["label"], data=b"", key=key, on_click="ignore")
            elif kind == "page_link":
                st.page_link("http://127.0.0.1/", label=a["label"])
            elif kind == "code":
                st.code(a["body"], language=None)
            elif kind == "iframe":
                components.html(a["srcdoc"], height=40)
            elif kind == "html":
                st.html(a["body"])
            else:
                st.empty()
