"""The map's boundaries are a static file the browser fetches once (static/geo/), not 275 kB inside
every figure: the files follow data/geo, stay small, and the ranking map points at them."""

import json

import pytest
from app_pages import open_page

from dti import geo

FILE_LIMIT_BYTES = 300_000  # committed files; simplify the geometry before going above


@pytest.mark.parametrize("unit_set, count", [("p63", 63), ("p34", 34)])
def test_static_boundaries_are_current_small_and_hold_every_unit_once(unit_set, count):
    path = geo.STATIC_GEO_DIR / geo.static_file_name(unit_set)
    text = path.read_text(encoding="utf-8")
    assert text == geo.static_geojson(unit_set), "run scripts/write_static_geo.py after changing data/geo"
    assert path.stat().st_size <= FILE_LIMIT_BYTES
    codes = [feature["properties"]["code"] for feature in json.loads(text)["features"]]
    assert len(codes) == len(set(codes)) == count
    assert {"01", "79"} <= set(codes)  # Hà Nội, TP. Hồ Chí Minh in both sets


def test_static_boundaries_keep_the_shape_only_dropping_repeated_points():
    hanoi = next(f for f in geo.boundaries("p63")["features"] if f["properties"]["code"] == "01")
    served = next(f for f in json.loads(geo.static_geojson("p63"))["features"] if f["properties"]["code"] == "01")
    original = hanoi["geometry"]["coordinates"][0][0]
    kept = served["geometry"]["coordinates"][0][0]
    assert kept[0] == original[0] and kept[-1] == original[-1]
    assert [point for index, point in enumerate(original) if index == 0 or point != original[index - 1]] == kept


@pytest.mark.parametrize("units, name", [("63", "vn63_provinces.json"), ("34", "vn34_provinces.json")])
def test_ranking_map_names_its_boundaries_by_a_page_relative_url(built_db, units, name):
    at = open_page("pages/ranking.py", {"year": "2024", "units": units})
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    maps = [trace for spec in specs for trace in spec["data"] if trace["type"] == "choroplethmap"]
    assert [trace["geojson"] for trace in maps] == [f"app/static/geo/{name}"]
    # The whole map figure, boundaries gone, is a few kB (it was ≈ 280 kB).
    map_spec = next(chart.proto.spec for chart in at.get("plotly_chart") if "choroplethmap" in chart.proto.spec)
    assert len(map_spec) < 40_000
