"""Province boundaries (data/geo), joined on `properties.code`."""

import functools
import json

from dti.config import DATA_DIR

GEOJSON_FILES = {"p63": "vn63_provinces.geojson", "p34": "vn34_provinces.geojson"}
# Both archipelagos lie inside their province's feature and are tiny at national zoom.
ISLAND_LABELS = {
    "p63": (("Huyện Hoàng Sa (TP. Đà Nẵng)", 111.90, 16.36), ("Huyện Trường Sa (tỉnh Khánh Hòa)", 114.35, 10.19)),
    "p34": (("Đặc khu Hoàng Sa (TP. Đà Nẵng)", 111.90, 16.36), ("Đặc khu Trường Sa (tỉnh Khánh Hòa)", 114.35, 10.19)),
}


def _rounded(coordinates, digits: int):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], digits), round(coordinates[1], digits)]
    return [_rounded(part, digits) for part in coordinates]


def has_boundaries(unit_set: str) -> bool:
    """True where the unit set has a boundary file (communes have none yet)."""
    return unit_set in GEOJSON_FILES


@functools.cache
def boundaries(unit_set: str) -> dict:
    """The unit set's GeoJSON, coordinates rounded to ~100 m to keep figures small."""
    with open(DATA_DIR / "geo" / GEOJSON_FILES[unit_set], encoding="utf-8") as handle:
        collection = json.load(handle)
    for feature in collection["features"]:
        feature["geometry"]["coordinates"] = _rounded(feature["geometry"]["coordinates"], 3)
    return collection
