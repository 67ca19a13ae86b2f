"""Province boundaries (data/geo), joined on `properties.code`.

The map's boundaries reach the browser once, as a static file (static/geo/, written from data/geo by
scripts/write_static_geo.py; a test keeps them in sync): inline in the figure they were ≈ 275 kB that
Plotly deep-copied twice on every rerun (2.1 of 4.1 s in 10 ranking reruns) and sent every time.
"""

import functools
import json

from dti.config import DATA_DIR, PROJECT_DIR

GEOJSON_FILES = {"p63": "vn63_provinces.geojson", "p34": "vn34_provinces.geojson"}
STATIC_GEO_DIR = PROJECT_DIR / "static" / "geo"
# Page-relative (no leading slash), like the fonts in .streamlit/config.toml: it also resolves under
# a proxy's path prefix. Streamlit serves static/ at app/static/ (server.enableStaticServing).
STATIC_GEO_URL = "app/static/geo"
# Both archipelagos lie inside their province's feature and are tiny at national zoom.
ISLAND_LABELS = {
    "p63": (("Huyện Hoàng Sa (TP. Đà Nẵng)", 111.90, 16.36), ("Huyện Trường Sa (tỉnh Khánh Hòa)", 114.35, 10.19)),
    "p34": (("Đặc khu Hoàng Sa (TP. Đà Nẵng)", 111.90, 16.36), ("Đặc khu Trường Sa (tỉnh Khánh Hòa)", 114.35, 10.19)),
}
COORDINATE_DIGITS = 3  # ~100 m: invisible at the national map's zoom


def _rounded(coordinates, digits: int):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], digits), round(coordinates[1], digits)]
    return [_rounded(part, digits) for part in coordinates]


def has_boundaries(unit_set: str) -> bool:
    """True where the unit set has a boundary file (communes have none yet)."""
    return unit_set in GEOJSON_FILES


def _without_repeats(ring: list) -> list:
    """A ring without consecutive points that rounding made equal (the same shape, fewer bytes)."""
    kept = [ring[0]]
    for point in ring[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


@functools.cache
def boundaries(unit_set: str) -> dict:
    """The unit set's GeoJSON, coordinates rounded to ~100 m to keep figures small."""
    with open(DATA_DIR / "geo" / GEOJSON_FILES[unit_set], encoding="utf-8") as handle:
        collection = json.load(handle)
    for feature in collection["features"]:
        feature["geometry"]["coordinates"] = _rounded(feature["geometry"]["coordinates"], COORDINATE_DIGITS)
    return collection


def static_file_name(unit_set: str) -> str:
    return GEOJSON_FILES[unit_set].replace(".geojson", ".json")


def static_geojson(unit_set: str) -> str:
    """The text of static/geo/<file>.json: each unit's code and its rounded boundary, nothing else."""
    features = []
    for feature in boundaries(unit_set)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [[_without_repeats(ring) for ring in polygon] for polygon in polygons]
        features.append({"type": "Feature", "properties": {"code": feature["properties"]["code"]},
                         "geometry": {"type": geometry["type"],
                                      "coordinates": rings if geometry["type"] == "MultiPolygon" else rings[0]}})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n"


def boundaries_url(unit_set: str) -> str:
    """Where the browser fetches the unit set's boundaries (once; then its cache has them)."""
    return f"{STATIC_GEO_URL}/{static_file_name(unit_set)}"
