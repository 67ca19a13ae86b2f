"""Cached reads of the current data version: results are keyed by plain parameters and the
version, so an import moves every session to new results on its next interaction."""

import dataclasses

import pandas as pd
import streamlit as st

from dti import briefing, build, charts, plans, queries, scenarios, simulation, sources
from dti.names import alias_key
from dti.units import resolve_unit


@st.cache_resource(show_spinner="Đang dựng cơ sở dữ liệu lần đầu…")
def database_ready() -> bool:
    build.ensure_database()
    return True


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(name: str, data_version: str, **params) -> pd.DataFrame:
    """Query results keyed by plain parameters and the data version (an import moves it)."""
    return queries.run_query(name, data_version, **params)


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
    return {**plans.index_names_for_year(year, data_version), simulation.REST_CODE: simulation.REST_NAME}
@st.cache_resource(show_spinner=False, max_entries=256)
def cached_briefing(province_code: str, year: int, unit_set: str, steps: tuple[str, ...], data_version: str,
                    theme: str, presenting: bool, lang: str = "vi"):
    """The briefing (≈ 170 ms to build) with its figures ready for the screen: in presenter mode
    restyled for the theme (≈ 20–30 ms per figure). Shared by every session: never mutated."""
    deck = briefing.build_briefing(province_code, year, unit_set, steps=list(steps), version=data_version, lang=lang)
    if not presenting:
        return deck
    steps_shown = tuple(dataclasses.replace(step, figure=charts.presenter_layout(step.figure, theme))
                        if step.figure is not None else step for step in deck.steps)
    return dataclasses.replace(deck, steps=steps_shown)


@st.cache_data(show_spinner=False, max_entries=512)
def cached_source_line(unit_set: str, years: tuple[int, ...], province_codes: tuple[str, ...],
                       metrics: tuple[str, ...], data_version: str) -> str:
    """The real sources (with links and tiers) and the marks of the values a view draws."""
    return sources.source_line(unit_set, years, province_codes, metrics, data_version)
