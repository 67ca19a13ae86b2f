"""Cached reads of the current data version: results are keyed by plain parameters and the
version, so an import moves every session to new results on its next interaction."""

import dataclasses
import pickle
from datetime import date

import pandas as pd
import streamlit as st

from dti import briefing, build, charts, plans, queries, scenarios, sources, version_cache
from dti.names import alias_key
from dti.units import resolve_unit
from dti.userstore import default_store


@st.cache_resource(show_spinner="Đang dựng cơ sở dữ liệu lần đầu…")
def database_ready() -> bool:
    build.ensure_database()
    return True


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(name: str, data_version: str, **params) -> pd.DataFrame:
    """Query results keyed by plain parameters and the data version (an import moves it)."""
    return queries.run_query(name, data_version, **params)


def cached_unit_rows(name: str, data_version: str, province_code: str, **params) -> pd.DataFrame:
    """A per-unit query's rows for one unit (dti.version_cache.PER_UNIT_QUERIES), read for every unit of the set once
    per data version: a province's first visit costs a slice, not a query. A copy, free to change."""
    return version_cache.unit_rows(name, data_version, province_code, **params)


def cached_history(data_version: str, unit_set: str, province_code: str, metric: str = "dti") -> pd.DataFrame:
    """province_history's rows for one unit (one row per assessed year), as the query gives them."""
    return cached_unit_rows("province_history", data_version, province_code, unit_set=unit_set, metric=metric)


@st.cache_data(show_spinner=False, max_entries=64)
def unit_choices(data_version: str, unit_set: str) -> tuple[list[str], dict[str, str]]:
    """The province selectbox's codes in Vietnamese alphabetical order, and their names."""
    units = queries.run_query("units_in_set", data_version, unit_set=unit_set)
    units = units.assign(sort_key=units["province_name"].map(alias_key)).sort_values("sort_key")
    return list(units["province_code"]), dict(zip(units["province_code"], units["province_name"]))


@st.cache_data(show_spinner=False, max_entries=1024)
def resolved_unit(unit_set: str, text: str, data_version: str):
    """resolve_unit once per (unit set, text, data version): it ran 1–3 queries on every rerun."""
    return resolve_unit(unit_set, text, data_version)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_year_context(unit_set: str, year: int, field_option: str, data_version: str):
    """The year's rules, field and names, shared by every province (scenarios.load_year)."""
    return scenarios.load_year(unit_set, year, field_option, data_version)


@st.cache_data(show_spinner=False, max_entries=256)
def cached_context(unit_set: str, year: int, province_code: str, field_option: str, data_version: str):
    """scenarios.load_context once per data version: the year's shared part, the province's scores."""
    return scenarios.load_context(unit_set, year, province_code, field_option, data_version,
                                  cached_year_context(unit_set, year, field_option, data_version))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_index_names(year: int, data_version: str) -> dict[str, str]:
    """Main-index code -> Vietnamese name of the year's framework, plus the aggregated part's name."""
    return plans.row_index_names(year, data_version)


PRESENTER_KEEPS_HEIGHT_ABOVE = 540  # px: taller charts are lists or maps, not one-screen charts


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    """A frame's key for the figure cache: its pickle (0.2–0.3 ms) instead of Streamlit's value hash of
    every cell (1.7–2.7 ms a frame; 3 frames on every rerun of a profile). Equal bytes mean equal frames;
    the frames come from one cache, so an unchanged view pickles the same."""
    return pickle.dumps(frame, protocol=5)


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: _frame_bytes})
def cached_figure(name: str, data_version: str, theme: str | None, args: tuple, kwargs: dict, _build) -> dict:
    """`_build(*args, **kwargs)` (a dti.charts function named `name`) as the dict st.plotly_chart sends,
    built, validated and (with a theme: presenter mode) restyled once per data version and parameters;
    frames are hashed by value. Shared by every session: never mutated."""
    figure = _build(*args, **kwargs)
    if theme is not None:
        # A long list (63 bars) or the map keeps its height and scrolls: squeezed to one screen,
        # 63 labels of 18 px overlapped and the map lost the south (seen in Chromium at 1280×720).
        height = figure.layout.height
        figure = charts.presenter_layout(figure, theme,
                                         keep_height=bool(height and height > PRESENTER_KEEPS_HEIGHT_ABOVE))
    return figure.to_dict()


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_briefing(province_code: str, year: int, unit_set: str, steps: tuple[str, ...], data_version: str,
                    theme: str, presenting: bool, plan: briefing.PlanSummary | None = None, lang: str = "vi"):
    """The briefing (≈ 170 ms to build) with its figures ready for the screen: in presenter mode
    restyled for the theme (≈ 20–30 ms per figure). Shared by every session: never mutated."""
    deck = briefing.build_briefing(province_code, year, unit_set, steps=list(steps), plan=plan,
                                  version=data_version, lang=lang)
    if not presenting:
        return deck
    steps_shown = tuple(dataclasses.replace(step, figure=charts.presenter_layout(step.figure, theme))
                        if step.figure is not None else step for step in deck.steps)
    return dataclasses.replace(deck, steps=steps_shown)


def saved_plan_summary(unit_set: str, province_code: str, year: int, data_version: str, lang: str = "vi"):
    """The briefing's plan step: the province's latest saved plan from `year` (None: no plan).
    Read on every run (the store caches per file stamp), so a plan saved a minute ago shows."""
    names = cached_index_names(year, data_version)
    return briefing.stored_plan_summary(default_store(), unit_set, province_code, year, names, date.today(), lang)


@st.cache_data(show_spinner=False, max_entries=512)
def cached_sources(unit_set: str, years: tuple[int, ...], province_codes: tuple[str, ...], metrics: tuple[str, ...],
                   with_national_mean: bool, lang: str, data_version: str) -> tuple[str, str, int]:
    """The source line of the values a view draws (real sources with links, tiers and marks), and the
    Markdown table of the source of each of those numbers with how many numbers it lists."""
    rows = sources.value_sources(unit_set, years, province_codes, metrics, data_version,
                                 with_national_means=with_national_mean)
    numbers = sources.number_sources(rows, lang)
    return (sources.describe_sources(rows, with_national_mean=with_national_mean, lang=lang),
            sources.number_sources_markdown(numbers, lang), len(numbers))
