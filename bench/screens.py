"""The screens the benchmarks drive: discovered from app.py + pages/*.py.

Each known screen names the widget a person changes, how many Plotly charts it draws and
its floor (bench/floor_app.py, replaying the screen's own first run: every screen has one). A page
added later is measured the same way with the sidebar's province selectbox.
"""

from dataclasses import dataclass

from bench.server import PROJECT_DIR

PROVINCE_WIDGET = "Tỉnh, thành phố"
YEAR_WIDGET = "Năm đánh giá"


@dataclass(frozen=True)
class Screen:
    key: str  # the page_key each page passes to page_frame(); "home" for app.py
    page_name: str  # URL path ("" for app.py)
    widget: str  # label of the widget changed per interaction
    step: int  # options to move per interaction (5 on 63 provinces visits all of them)
    charts: int | None  # Plotly charts drawn; None = unknown (a page without a floor)
    floor: str | None  # ?screen= of bench/floor_app.py
    query: str = ""  # the deep link the screen is opened with ("" = its defaults)


KNOWN = {
    "home": Screen("home", "", PROVINCE_WIDGET, 5, 0, "home"),
    "ranking": Screen("ranking", "ranking", YEAR_WIDGET, 1, 2, "ranking"),
    "province": Screen("province", "province", PROVINCE_WIDGET, 5, 2, "province"),
    # The province changes the focus line of their one chart.
    "movers": Screen("movers", "movers", PROVINCE_WIDGET, 5, 1, "movers"),
    "compare": Screen("compare", "compare", PROVINCE_WIDGET, 5, 1, "compare"),
    # The planner's screens on a QĐ 922 year, where every province has its what-if: a province change
    # loads its field, baseline and answer and redraws the field chart.
    "simulator": Screen("simulator", "simulator", PROVINCE_WIDGET, 5, 1, "simulator", "year=2023&target=top"),
    "plan": Screen("plan", "plan", PROVINCE_WIDGET, 5, None, "plan", "base_year=2023&target_year=2024"),
    "scenarios": Screen("scenarios", "scenarios", PROVINCE_WIDGET, 5, None, "scenarios"),
    # Its first step (the headline numbers) is a chart without traces: measured by its heading;
    # the step change itself is bench/briefing.py.
    "briefing": Screen("briefing", "briefing", PROVINCE_WIDGET, 5, None, "briefing"),
}
# Floors written by hand (bench/floor_app.py): what the load test's floor uses without records.
HAND_WRITTEN_FLOORS = {"home", "ranking", "province"}
# The hand-written floors' own province names (invented): their widget changes type these.
HAND_WRITTEN_UNIT_NAMES = [f"Tỉnh {number:02d}" for number in range(1, 64)]
# Screens whose content does not follow the sidebar's province (compare follows its own
# multiselect, which keeps its choice): no widget-change time.
STATIC_SCREENS = {"methodology", "data", "compare", "scenarios"}


def discover() -> list[Screen]:
    """app.py plus every pages/*.py; a page not listed here is measured with the province selectbox."""
    screens = [KNOWN["home"]]
    for path in sorted((PROJECT_DIR / "pages").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        screen = KNOWN.get(path.stem)
        if screen is None:
            screen = Screen(path.stem, path.stem, PROVINCE_WIDGET, 5, None, path.stem)
        screens.append(screen)
    return screens
