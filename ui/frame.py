"""The page frame: page config, the sidebar (unit set, province, year from the URL), our
Vietnamese navigation, the run-time record, and a Vietnamese word instead of a traceback.

    with page_frame("Xếp hạng", "ranking") as state:
        ...  # the page, built from `state`

Widget keys are per page and unit set, so switching pages or unit sets starts from the URL,
not from stale widget state.
"""

import contextlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dti import config, queries, store
from dti.reference import DataError
from dti.registry import UNIT_COUNT_BY_SET, UNIT_SET_BY_URL, UNIT_SETS
from dti.units import resolve_unit
from ui.cache import cached_query, database_ready, resolved_unit, unit_choices
from ui.roles import app_address, print_startup_notice
from ui.url_state import shown, url_widget

UNIT_SET_LABELS = {code: unit_set.label for code, unit_set in UNIT_SETS.items()}
UNITS_PARAM = {code: unit_set.url_value for code, unit_set in UNIT_SETS.items()}
NAVIGATION = (
    ("app.py", "Trang chủ", ":material/home:"),
    ("pages/ranking.py", "Xếp hạng", ":material/leaderboard:"),
    ("pages/province.py", "Hồ sơ tỉnh", ":material/location_city:"),
    ("pages/movers.py", "Biến động thứ hạng", ":material/swap_vert:"),
    ("pages/compare.py", "So sánh tỉnh", ":material/compare_arrows:"),
    ("pages/simulator.py", "Mô phỏng và mục tiêu", ":material/tune:"),
    ("pages/scenarios.py", "Phương án đã lưu", ":material/bookmarks:"),
    ("pages/plan.py", "Kế hoạch cải tiến", ":material/checklist:"),
    ("pages/methodology.py", "Phương pháp và nguồn", ":material/menu_book:"),
    ("pages/data.py", "Dữ liệu", ":material/upload_file:"),
)
# Served by the app itself: a ':material/…:' page icon made the browser fetch it from a font CDN.
FAVICON = str(Path(__file__).resolve().parent.parent / "static" / "favicon.png")
# The view a navigation link carries to the next screen (each page reads what it knows).
CARRIED_PARAMS = ("province", "units", "year", "metric")
PAGE_FAILED = ("Trang này gặp lỗi khi hiển thị. Số liệu không bị thay đổi; hãy tải lại trang "
               "hoặc chọn trang khác. Lỗi đã được ghi lại để quản trị viên kiểm tra.")
_LOGGER = logging.getLogger("dti.pages")


@dataclass(frozen=True)
class PageState:
    unit_set: str
    unit_count: int
    year: int | None
    province_code: str
    province_name: str
    data_version: str


@contextlib.contextmanager
def page_frame(title: str, page_key: str, *, with_year: bool = True):
    """Draw the frame and sidebar and yield the PageState every view is built from.

    On every exit (the end, st.stop(), st.rerun(), an error) the run's server time is recorded;
    an error is logged with its traceback and the visitor reads a Vietnamese message instead.
    """
    st.set_page_config(page_title=f"{title} · DTI", page_icon=FAVICON, layout="wide")
    started = time.perf_counter()
    print_startup_notice(app_address())
    try:
        try:
            state, navigation_area = _sidebar_state(page_key, with_year)
        except Exception:
            _failed(page_key)
            st.stop()
        yield state
        # Drawn again from the URL as the page left it (a metric chosen in this run included).
        _navigation(navigation_area)
    except Exception:
        _failed(page_key)
    finally:
        _record_run_time(page_key, started)


def _failed(page_key: str) -> None:
    _LOGGER.exception("page %s failed", page_key)
    st.error(PAGE_FAILED)


def _record_run_time(page_key: str, started: float) -> None:
    """This script run's server time (bench/ reads it when DTI_RUN_TIMING_FILE is set)."""
    elapsed_ms = (time.perf_counter() - started) * 1000
    # No st.* call here: after st.stop() any of them raises again (session_state included).
    log_path = os.environ.get("DTI_RUN_TIMING_FILE")
    if log_path:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"page": page_key, "ms": round(elapsed_ms, 2), "at": time.time()}) + "\n")


def _serving_version() -> str:
    try:
        database_ready()
        version, notice = store.serving_version()
    except (store.DatabaseUnavailable, DataError) as error:
        st.error(f"Không mở được dữ liệu: {error}")
        st.stop()
    if notice:
        st.warning(notice)
    return version


def _sidebar_state(page_key: str, with_year: bool) -> PageState:
    version = _serving_version()
    notices = []  # shown in the main area, where a presenter's audience looks
    with st.sidebar:
        st.markdown("### Chỉ số chuyển đổi số cấp tỉnh")
        unit_set = url_widget(
            st.radio, "Đơn vị hành chính", list(UNIT_SET_LABELS), param="units", key=f"{page_key}_units",
            parse=UNIT_SET_BY_URL.__getitem__, to_text=UNITS_PARAM.get, format_func=UNIT_SET_LABELS.get,
            bad_value=lambda text: f"Không có bộ đơn vị “{text}”; đang hiển thị {UNIT_SET_LABELS['p63']}.",
            notices=notices)
        province_code, names = _province_picker(page_key, unit_set, version, notices)
        year = _year_picker(page_key, unit_set, version, notices) if with_year else None
        navigation_area = st.empty()
        _navigation(navigation_area)
        st.caption(f"Phiên bản dữ liệu: {version[:15]}")
    for notice in notices:
        st.info(notice)
    state = PageState(unit_set, UNIT_COUNT_BY_SET[unit_set], year, province_code, names[province_code], version)
    return state, navigation_area


def _province_picker(page_key: str, unit_set: str, version: str, notices: list[str]):
    codes, names = unit_choices(version, unit_set)
    home = resolved_unit(unit_set, config.home_province_code(), version)
    if home.notice and "province" not in st.query_params:
        notices.append(home.notice)

    def parse(text: str) -> str:
        unit = resolved_unit(unit_set, text, version)
        if unit.notice:  # a p63 province shown as its p34 successor
            notices.append(unit.notice)
        return unit.code

    picker_key = f"{page_key}_province_{unit_set}"
    found = st.session_state.pop(f"{picker_key}__found", None)
    if found:
        notices.append(found)
    st.text_input("Tìm tỉnh, thành phố", key=f"{picker_key}__search", placeholder="gõ không dấu được, vd. hau giang",
                  on_change=_find_province, args=(unit_set, version, picker_key),
                  help="Tên có dấu hoặc không dấu, tên cũ, tên viết tắt (TPHCM) hoặc mã tỉnh.")
    code = url_widget(
        st.selectbox, "Tỉnh, thành phố", codes, param="province", key=picker_key,
        default=home.code, parse=parse, format_func=names.__getitem__, notices=notices,
        bad_value=lambda text: (f"Không tìm thấy tỉnh, thành phố “{text}” trong danh sách "
                                f"{UNIT_COUNT_BY_SET[unit_set]} tỉnh, thành phố. Đang hiển thị {home.name}."))
    return code, names


def _find_province(unit_set: str, version: str, picker_key: str) -> None:
    """The search box's callback: what was typed (any spelling, an alias, a code) becomes the URL's
    province and the picker starts from it; a text that names nothing says so."""
    text = st.session_state.get(f"{picker_key}__search", "").strip()
    if not text:
        return
    try:
        unit = resolve_unit(unit_set, text, version)
    except LookupError:
        st.session_state[f"{picker_key}__found"] = (f"Không tìm thấy tỉnh, thành phố “{shown(text)}” trong danh "
                                                    f"sách {UNIT_COUNT_BY_SET[unit_set]} tỉnh, thành phố.")
        return
    st.query_params["province"] = unit.code
    st.session_state.pop(picker_key, None)  # the picker starts again from the URL
    st.session_state[f"{picker_key}__search"] = ""
    if unit.notice:
        st.session_state[f"{picker_key}__found"] = unit.notice


def _year_picker(page_key: str, unit_set: str, version: str, notices: list[str]) -> int | None:
    years = cached_query("ranking_years", version, unit_set=unit_set, metric="dti")
    if years.empty:
        return None
    year_options = sorted((int(y) for y in years["year"]), reverse=True)
    default_year = queries.default_year(years)
    complete = set(years.loc[years["is_rank_complete"], "year"].astype(int))
    return url_widget(
        st.selectbox, "Năm đánh giá", year_options, param="year", key=f"{page_key}_year_{unit_set}",
        default=default_year, parse=int, notices=notices,
        format_func=lambda y: f"{y}" + ("" if y in complete else " (chưa đủ số liệu)"),
        bad_value=lambda text: f"Không có số liệu năm “{text}”; đang hiển thị năm {default_year}.")


def navigation_params() -> dict[str, str]:
    """The URL parameters a navigation link carries: the view's province, unit set, year, metric."""
    return {name: st.query_params[name] for name in CARRIED_PARAMS if name in st.query_params}


def _navigation(area) -> None:
    params = navigation_params()
    with area.container():
        st.divider()
        for page, label, icon in NAVIGATION:
            st.page_link(page, label=label, icon=icon, query_params=params)
        st.divider()
