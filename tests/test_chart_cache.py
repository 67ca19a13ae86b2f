"""Charts are built once per data version and parameters (ui.cache.cached_figure) and every screen's
charts take presenter mode's style (ui.widgets.plotly_chart)."""

import json

import pandas as pd
import pytest
from app_pages import open_page

from dti import charts
from ui.cache import cached_figure

SCORES = pd.DataFrame({"year": [2021, 2022], "national_mean": [0.4, 0.5], "score": [0.6, 0.7],
                       "province_name": ["Hậu Giang", "Hậu Giang"]})


def _score_history(frame: pd.DataFrame) -> dict:
    return cached_figure("dti.charts.score_history", "v1", None, (frame, "Điểm"), {}, charts.score_history)


def test_the_same_frame_gives_the_same_built_figure_and_other_values_a_new_one():
    first = _score_history(SCORES)
    assert _score_history(SCORES.copy()) is first  # hashed by value: a copy is the same input
    changed = SCORES.assign(score=[0.6, 0.8])
    assert list(_score_history(changed)["data"][-1]["y"]) == [0.6, 0.8]
    assert list(first["data"][-1]["y"]) == [0.6, 0.7]


@pytest.mark.parametrize("page, params", [
    ("pages/ranking.py", {"year": "2022"}),
    ("pages/province.py", {"province": "93", "year": "2022"}),
    ("pages/movers.py", {"from": "2021", "to": "2022"}),
    ("pages/methodology.py", {}),
])
def test_presenter_mode_restyles_every_chart_of_the_screen(built_db, page, params):
    shown = [json.loads(c.proto.spec)["layout"] for c in open_page(page, params).get("plotly_chart")]
    presented = [json.loads(c.proto.spec)["layout"]
                 for c in open_page(page, {**params, "present": "1"}).get("plotly_chart")]
    assert shown and len(presented) == len(shown)
    assert all(layout["font"]["size"] == 14 for layout in shown)
    # Presenter mode: text 18 px (≥ 16), at most 360 px high so a chart fits a 1280×720 screen; a long
    # list or the map (taller than 540 px) keeps its height, or its 63 labels overlap.
    assert all(layout["font"]["size"] == 18 for layout in presented)
    for before, after in zip(shown, presented, strict=True):
        assert after["height"] == (before["height"] if before["height"] > 540 else min(before["height"], 360))


def test_the_ranking_bars_and_map_keep_their_height_when_presenting(built_db):
    presented = open_page("pages/ranking.py", {"year": "2022", "present": "1"}).get("plotly_chart")
    heights = sorted(json.loads(chart.proto.spec)["layout"]["height"] for chart in presented)
    assert heights == [640, 22 * 63 + 120]  # the map (one title line) and 63 bars
