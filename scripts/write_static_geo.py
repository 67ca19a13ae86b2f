"""Write static/geo/*.json, the map boundaries the browser fetches, from data/geo (run after changing
data/geo; a test checks they are current).

    .venv/bin/python scripts/write_static_geo.py
"""

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from dti import geo  # noqa: E402


def main() -> None:
    geo.STATIC_GEO_DIR.mkdir(parents=True, exist_ok=True)
    for unit_set in geo.GEOJSON_FILES:
        path = geo.STATIC_GEO_DIR / geo.static_file_name(unit_set)
        path.write_text(geo.static_geojson(unit_set), encoding="utf-8")
        print(f"{path.relative_to(PROJECT_DIR)}: {path.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
