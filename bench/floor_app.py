"""The floor: bare Streamlit pages drawing the same number and kind of elements as our screens,
from in-memory data, with no database, no formatting and no caching.

`streamlit run bench/floor_app.py`, then `?screen=<screen key>` picks the screen. Every screen's floor
replays the elements the screen's own first run drew (bench/floor_replay.py; recorded by the server-time
section into DTI_FLOOR_RECORDS_DIR); without a record, the hand-written floors below stand in.
Each run appends {"page": "floor_<screen>", "ms", "at"} to DTI_RUN_TIMING_FILE, measured
like ui/frame.py measures ours: from after set_page_config to the end of the script.

- ranking: 1 choropleth map of 63 units + 1 horizontal bar chart of 63 bars + 1 dataframe of 63 rows x 9 columns
- province: 2 line charts (one trace of 5 years, two traces of 5 years) + 2 dataframes
- home: 3 metrics
Around them, the same kinds of sidebar widgets, links, headings, metrics and captions as the
screen (the element inventory the websocket client counts), so the ratio measures our own work.
"""

import json
import os
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bench import floor_replay, screens
from dti import geo

st.set_page_config(page_title="Floor", layout="wide")
started = time.perf_counter()

UNIT_NAMES = screens.HAND_WRITTEN_UNIT_NAMES
YEARS = [2024, 2023, 2022, 2021, 2020]


def hand_written(screen: str) -> None:
    """The first floors, written by hand: ranking, province, home (the load test's floor without records)."""
    with st.sidebar:
        st.markdown("### Floor")
        st.radio("Đơn vị hành chính", ["63", "34"], key="floor_units")
        province = st.selectbox("Tỉnh, thành phố", UNIT_NAMES, index=0, key="floor_province")
        year = st.selectbox("Năm đánh giá", YEARS, index=2, key="floor_year") if screen != "home" else YEARS[2]
        st.divider()
        for label in ("Trang chủ", "Xếp hạng", "Hồ sơ tỉnh"):
            st.page_link("http://127.0.0.1/", label=label)
        st.divider()
        st.caption("floor")

    seed = UNIT_NAMES.index(province) * 10 + YEARS.index(year)
    generator = np.random.default_rng(seed)
    scores = np.sort(generator.uniform(0.3, 0.8, len(UNIT_NAMES)))[::-1]

    if screen == "ranking":
        st.title(f"Xếp hạng {year}")
        st.segmented_control("Chỉ số", ["dti", "cqs", "kts", "xhs"], default="dti", key="floor_metric")
        st.selectbox("Vùng kinh tế - xã hội", ["Cả nước", "Vùng 1", "Vùng 2"], key="floor_region")
        st.markdown(f"#### {UNIT_NAMES[0]} dẫn đầu")
        frame = pd.DataFrame({
            "rank": np.arange(1, 64), "province_name": UNIT_NAMES, "change": generator.integers(-5, 6, 63),
            "score": scores, "cqs_rank": generator.permutation(63) + 1, "kts_rank": generator.permutation(63) + 1,
            "xhs_rank": generator.permutation(63) + 1, "region_name": ["Vùng"] * 63, "provenance": ["công bố"] * 63,
        })
        st.dataframe(frame, hide_index=True, width="stretch")
        st.caption("legend")
        map_column, bars_column = st.columns(2)
        codes = [feature["properties"]["code"] for feature in geo.boundaries("p63")["features"]]
        # The boundaries by URL, as the screen sends them (the browser fetches them once).
        map_figure = go.Figure(go.Choroplethmap(geojson=geo.boundaries_url("p63"), featureidkey="properties.code",
                                                locations=codes, z=generator.permutation(63) + 1))
        map_figure.update_layout(map={"style": "white-bg", "center": {"lat": 15.8, "lon": 108.5}, "zoom": 4.3},
                                 height=640)
        map_column.plotly_chart(map_figure, width="stretch")
        figure = go.Figure(go.Bar(x=scores, y=UNIT_NAMES, orientation="h", text=[f"{s:.4f}" for s in scores]))
        figure.update_layout(height=22 * 63 + 120, yaxis={"autorange": "reversed"})
        bars_column.plotly_chart(figure, width="stretch")
        st.caption("source")
    elif screen == "province":
        st.title(province)
        st.markdown(f"### {province} sentence")
        st.code(f"{province} sentence", language=None)
        for column in st.columns(5):
            column.metric("Hạng", f"{seed % 63 + 1}/63")
        ranks = generator.integers(1, 64, len(YEARS))
        history = pd.DataFrame({"year": YEARS[::-1], "rank": ranks, "score": generator.uniform(0.3, 0.8, 5),
                                "national_mean": generator.uniform(0.4, 0.6, 5)})
        left, right = st.columns(2)
        with left:
            st.plotly_chart(go.Figure(go.Scatter(x=history["year"], y=history["rank"], mode="lines+markers+text",
                                                 text=[str(r) for r in history["rank"]])), width="stretch")
        with right:
            figure = go.Figure([go.Scatter(x=history["year"], y=history["national_mean"], mode="lines+markers"),
                                go.Scatter(x=history["year"], y=history["score"], mode="lines+markers")])
            st.plotly_chart(figure, width="stretch")
        st.subheader("Qua các năm")
        st.dataframe(history, hide_index=True, width="stretch")
        st.caption("note")
        st.subheader("Khoảng cách")
        st.dataframe(pd.DataFrame({"what": ["above", "below", "top ten", "leader"], "score": scores[:4]}),
                     hide_index=True, width="stretch")
        st.caption("legend")
    else:
        st.title("Trang chủ")
        st.markdown("text")
        st.subheader(province)
        st.markdown(f"#### {province}")
        columns = st.columns(3)
        columns[0].metric(f"Xếp hạng {year}", f"{seed % 63 + 1}/63")
        columns[1].metric("Điểm", f"{scores[0]:.4f}")
        columns[2].metric("Trung bình", f"{scores.mean():.4f}")
        st.divider()
        links = st.columns(2)
        links[0].page_link("http://127.0.0.1/", label="Xếp hạng")
        links[1].page_link("http://127.0.0.1/", label="Hồ sơ")
        st.caption("legend")


screen = st.query_params.get("screen", "ranking")
record = floor_replay.record_path(screen)
# Every screen: the elements its first run drew; `floor=hand` asks for a hand-written floor, whose
# content follows its widgets (a replay draws the same elements whatever is chosen).
if record is not None and record.exists() and st.query_params.get("floor") != "hand":
    floor_replay.draw(floor_replay.load(str(record), record.stat().st_mtime))
else:
    hand_written(screen)

log_path = os.environ.get("DTI_RUN_TIMING_FILE")
if log_path:
    elapsed_ms = (time.perf_counter() - started) * 1000
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"page": f"floor_{screen}", "ms": round(elapsed_ms, 2), "at": time.time()}) + "\n")
