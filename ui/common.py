"""The shared page frame: page config, our Vietnamese navigation, and URL-backed state.

The URL is the source of truth: each page reads `province`, `year`, `units` from
st.query_params to set its widgets' first values, then writes the widgets' values back,
so every view is a shareable link. Widget keys are per page and unit set, so switching
pages or unit sets starts from the URL, not from stale widget state.
"""

import json
import os
import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dti import build, config, downloads, queries, store
from dti.formatting import rank_change_phrase
from dti.names import alias_key
from dti.reference import DataError
from dti.units import UNIT_COUNT_BY_SET, UnknownUnit, resolve_unit

UNIT_SET_LABELS = {
    "p63": "63 tỉnh, thành phố (trước 1/7/2025)",
    "p34": "34 tỉnh, thành phố (từ 1/7/2025)",
}
UNITS_PARAM = {"p63": "63", "p34": "34"}
NAVIGATION = (
    ("app.py", "Trang chủ", ":material/home:"),
    ("pages/ranking.py", "Xếp hạng", ":material/leaderboard:"),
    ("pages/province.py", "Hồ sơ tỉnh", ":material/location_city:"),
    ("pages/movers.py", "Biến động thứ hạng", ":material/swap_vert:"),
    ("pages/compare.py", "So sánh tỉnh", ":material/compare_arrows:"),
    ("pages/methodology.py", "Phương pháp và nguồn", ":material/menu_book:"),
    ("pages/data.py", "Dữ liệu", ":material/upload_file:"),
)
SOURCE_NOTE = ("Nguồn: Bộ TT&TT / Bộ KH&CN (dti.gov.vn), cổng thông tin các tỉnh và báo chí; "
               "chi tiết trong data/SOURCES.md.")


@dataclass(frozen=True)
class PageState:
    unit_set: str
    unit_count: int
    year: int | None
    province_code: str
    province_name: str
    data_version: str


@st.cache_resource(show_spinner="Đang dựng cơ sở dữ liệu lần đầu…")
def _database_ready() -> bool:
    build.ensure_database()
    return True


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(name: str, data_version: str, **params) -> pd.DataFrame:
    """Query results keyed by plain parameters and the data version (an import moves it)."""
    return queries.run_query(name, data_version, **params)


@st.cache_data(show_spinner=False, max_entries=64)
def _unit_choices(data_version: str, unit_set: str) -> tuple[list[str], dict[str, str]]:
    """The province selectbox's codes in Vietnamese alphabetical order, and their names."""
    units = queries.run_query("units_in_set", data_version, unit_set=unit_set)
    units = units.assign(sort_key=units["province_name"].map(alias_key)).sort_values("sort_key")
    return list(units["province_code"]), dict(zip(units["province_code"], units["province_name"]))


@st.cache_data(show_spinner=False, max_entries=1024)
def _resolve_unit(unit_set: str, text: str, data_version: str):
    """resolve_unit once per (unit set, text, data version): it ran 1–3 queries on every rerun."""
    return resolve_unit(unit_set, text, data_version)


def _current_version() -> str:
    try:
        _database_ready()
        version, notice = store.serving_version()
    except (store.DatabaseUnavailable, DataError) as error:
        st.error(f"Không mở được dữ liệu: {error}")
        st.stop()
    if notice:
        st.warning(notice)
    return version


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _year_param(name: str, year_options: list[int], default: int | None) -> tuple[int | None, str | None]:
    """The year a URL parameter names, or the default with a notice when it names no year we have."""
    text = _param(name)
    if text is None:
        return default, None
    if year_options and (not text.isdigit() or int(text) not in year_options):
        return default, f"Không có số liệu năm “{text}”; đang hiển thị năm {default}."
    return (int(text) if text.isdigit() else default), None


def _option_index(options: list, value) -> int:
    return options.index(value) if value in options else 0


def page_setup(title: str, page_key: str, *, with_year: bool = True) -> PageState:
    """Draw the page frame and sidebar; return the state every view is built from."""
    st.set_page_config(page_title=f"{title} · DTI", page_icon=":material/insights:", layout="wide")
    started = time.perf_counter()
    st.session_state["_run_started"] = started
    version = _current_version()

    units_param = _param("units")
    unit_set = "p34" if units_param == "34" else "p63"
    with st.sidebar:
        st.markdown("### Chỉ số chuyển đổi số cấp tỉnh")
        unit_set = st.radio(
            "Đơn vị hành chính", list(UNIT_SET_LABELS), index=_option_index(list(UNIT_SET_LABELS), unit_set),
            format_func=UNIT_SET_LABELS.get, key=f"{page_key}_units")
        codes, names = _unit_choices(version, unit_set)

        wanted = _param("province") or config.home_province_code()
        notices = []  # shown in the main area, where a presenter's audience looks
        try:
            resolved = _resolve_unit(unit_set, wanted, version)
            wanted_code = resolved.code
            if resolved.notice:
                notices.append(resolved.notice)
        except UnknownUnit as error:
            home = _resolve_unit(unit_set, config.home_province_code(), version)
            notices.append(f"{error} Đang hiển thị {home.name}.")
            wanted_code = home.code
        province_code = st.selectbox(
            "Tỉnh, thành phố", codes, index=_option_index(codes, wanted_code),
            format_func=lambda code: names[code], key=f"{page_key}_province_{unit_set}")

        year = None
        if with_year:
            years = cached_query("ranking_years", version, unit_set=unit_set, metric="dti")
            year_options = sorted((int(y) for y in years["year"]), reverse=True)
            default_year = queries.default_year(years)
            wanted_year, year_notice = _year_param("year", year_options, default_year)
            if year_notice:
                notices.append(year_notice)
            if year_options:
                complete = set(years.loc[years["is_rank_complete"], "year"].astype(int))
                year = st.selectbox(
                    "Năm đánh giá", year_options, index=_option_index(year_options, wanted_year),
                    format_func=lambda y: f"{y}" + ("" if y in complete else " (chưa đủ số liệu)"),
                    key=f"{page_key}_year_{unit_set}")
        _navigation(unit_set, province_code, year)
        st.caption(f"Phiên bản dữ liệu: {version[:15]}")

    state = PageState(unit_set, UNIT_COUNT_BY_SET[unit_set], year, province_code,
                      names[province_code], version)
    _write_url(state)
    for notice in notices:
        st.info(notice)
    return state


def _write_url(state: PageState) -> None:
    wanted = {"province": state.province_code, "units": UNITS_PARAM[state.unit_set]}
    if state.year is not None:
        wanted["year"] = str(state.year)
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def _navigation(unit_set: str, province_code: str, year: int | None) -> None:
    params = {"province": province_code, "units": UNITS_PARAM[unit_set]}
    if year is not None:
        params["year"] = str(year)
    st.divider()
    for page, label, icon in NAVIGATION:
        st.page_link(page, label=label, icon=icon, query_params=params)
    st.divider()


def provenance_legend() -> None:
    st.caption("Ký hiệu: † suy ra từ thông tin công bố (ví dụ “tăng 11 bậc”) · ≈ ước tính · "
               "ⁱ nhập từ tệp · * tính lại theo quy tắc chính thức · không ký hiệu: số liệu công bố.")


def source_caption(extra: str = "") -> None:
    st.caption((extra + " " if extra else "") + SOURCE_NOTE)


def rank_delta(rank_change) -> dict:
    """st.metric keyword arguments for a rank change written in words ('giảm 2 bậc' has no
    minus sign, so arrow and colour are set explicitly)."""
    if rank_change is None or pd.isna(rank_change):
        return {"delta": None}
    change = int(rank_change)
    if change == 0:
        return {"delta": rank_change_phrase(change), "delta_color": "off", "delta_arrow": "off"}
    return {"delta": rank_change_phrase(change), "delta_color": "green" if change > 0 else "red",
            "delta_arrow": "up" if change > 0 else "down"}


def chart_config(file_name: str) -> dict:
    """Plotly toolbar: a PNG download named after the view, no vendor logo."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"filename": file_name, "scale": 2}}


def end_page(page_key: str) -> None:
    """Record this script run's server time (bench/ reads it when DTI_RUN_TIMING_FILE is set)."""
    started = st.session_state.get("_run_started")
    if started is None:
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    st.session_state["last_run_ms"] = elapsed_ms
    log_path = os.environ.get("DTI_RUN_TIMING_FILE")
    if log_path:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"page": page_key, "ms": round(elapsed_ms, 2), "at": time.time()}) + "\n")


def year_pair(year_options: list[int]) -> tuple[int, int]:
    """Two year pickers ('from', 'to') backed by the URL; default: the last two years with data."""
    from_value, from_notice = _year_param("from", year_options, year_options[-2])
    to_value, to_notice = _year_param("to", year_options, year_options[-1])
    for notice in (from_notice, to_notice):
        if notice:
            st.info(notice)
    left, right = st.columns(2)
    from_year = left.selectbox("Từ năm", year_options, index=_option_index(year_options, from_value), key="from_year")
    to_year = right.selectbox("Đến năm", year_options, index=_option_index(year_options, to_value), key="to_year")
    for key, value in (("from", from_year), ("to", to_year)):
        if st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)
    return from_year, to_year


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_pair(columns, frame: pd.DataFrame, headers: dict[str, str], title: str, file_stem: str,
                  what: str) -> None:
    """A CSV and an XLSX download of `frame` with Vietnamese headers, built only when clicked."""
    table = downloads.with_headers(frame, headers)
    columns[0].download_button(f"Tải {what} (CSV)", lambda: downloads.csv_bytes(table), file_name=f"{file_stem}.csv",
                               mime="text/csv", on_click="ignore", icon=":material/download:")
    columns[1].download_button(f"Tải {what} (XLSX)", lambda: downloads.xlsx_bytes(table, title, SOURCE_NOTE),
                               file_name=f"{file_stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
                               icon=":material/download:")
