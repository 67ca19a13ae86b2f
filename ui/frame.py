"""The page frame: page config, the sidebar (unit set, province, year from the URL), our
Vietnamese navigation, the run-time record, and a Vietnamese word instead of a traceback.

    with page_frame("Xếp hạng", "ranking") as state:
        ...  # the page, built from `state`

Widget keys are per page and unit set, so switching pages or unit sets starts from the URL,
not from stale widget state.
"""

import contextlib
import gc
import json
import logging
import os
import time
from dataclasses import dataclass

import streamlit as st

from dti import config, queries, registry, store
from dti.i18n import LANGUAGE_NAMES, LANGUAGES, WORDS, language, t
from dti.reference import DataError
from dti.units import resolve_unit
from ui import presenter
from ui.cache import cached_query, database_ready, resolved_unit, unit_choices
from ui.roles import app_address, print_startup_notice
from ui.url_state import shown, toggle, url_widget
from ui.widgets import dropdown_words

NAVIGATION = (  # (page, dictionary key of its label, icon)
    ("app.py", "nav.home", ":material/home:"),
    ("pages/ranking.py", "nav.ranking", ":material/leaderboard:"),
    ("pages/province.py", "nav.province", ":material/location_city:"),
    ("pages/briefing.py", "nav.briefing", ":material/slideshow:"),
    ("pages/movers.py", "nav.movers", ":material/swap_vert:"),
    ("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/simulator.py", "nav.simulator", ":material/tune:"),
    ("pages/scenarios.py", "nav.scenarios", ":material/bookmarks:"),
    ("pages/plan.py", "nav.plan", ":material/checklist:"),
    ("pages/methodology.py", "nav.methodology", ":material/menu_book:"),
    ("pages/data.py", "nav.data", ":material/upload_file:"),
)
PAGE_FAILED = t("frame.page_failed", "vi")
_LOGGER = logging.getLogger("dti.pages")
FAVICON = str(config.PROJECT_DIR / "static" / "favicon.png")
# The view a navigation link carries to the next screen (each page reads what it knows).
CARRIED_PARAMS = ("province", "units", "year", "metric", "lang", "present")


@dataclass(frozen=True)
class PageState:
    unit_set: str
    unit_count: int
    year: int | None
    province_code: str
    province_name: str
    data_version: str
    lang: str = "vi"
    presenting: bool = False
    theme: str = "light"  # "light" or "dark", as the visitor chose

    @property
    def units(self) -> registry.UnitSet:
        """The unit set shown (its noun for sentences, whether it is generated test data)."""
        return registry.unit_set(self.unit_set, self.data_version)

    @property
    def noun(self) -> str:
        """The counted unit in this language: 'tỉnh, thành phố', 'xã, phường'."""
        return self.units.noun(self.lang)

    @property
    def noun_title(self) -> str:
        """The noun as a table heading: 'Tỉnh, thành phố', 'Xã, phường', 'Provinces'."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def own_unit_title(self) -> str | None:
        """A set's own word for 'the unit above/below' where it is not the country's provinces
        ('Xã, phường'); None for the country's sets (their tables say 'Tỉnh liền trên')."""
        return None if self.units.parent_unit_code is None else self.noun_title


@contextlib.contextmanager
def page_frame(title: str, page_key: str, *, with_year: bool = True):
    """Draw the frame and sidebar and yield the PageState every view is built from.

    `title`: the browser tab's title, or a dictionary key ("nav.ranking") for it in the URL's language.

    On every exit (the end, st.stop(), st.rerun(), an error) the run's server time is recorded;
    an error is logged with its traceback and the visitor reads a Vietnamese message instead.
    """
    # A local icon: a ":material/…:" page icon is fetched from fonts.gstatic.com by the browser.
    if title in WORDS["vi"]:
        title = t(title, language(st.query_params.get("lang")))
    st.set_page_config(page_title=f"{title} · DTI", page_icon=FAVICON, layout="wide")
    started = time.perf_counter()
    print_startup_notice(app_address())
    try:
        try:
            state, navigation_area = _sidebar_state(page_key, with_year)
            drawn_params = navigation_params()
            dropdown_words(state.lang)
        except Exception:
            _failed(page_key)
            st.stop()
        yield state
        # Drawn again where the page changed the URL (a metric chosen in this run): 22 links cost ≈ 5 ms.
        if navigation_params() != drawn_params:
            _navigation(navigation_area, state.lang)
    except Exception:
        _failed(page_key)
    finally:
        _record_run_time(page_key, started)
        _freeze_long_lived_objects(page_key)


_FROZEN_AFTER: set[str] = set()


def _freeze_long_lived_objects(page_key: str) -> None:
    """After a page's first run in this process, move what is alive then (modules, cached rows
    and figures) out of the cyclic collector's walk: a full collection walked it all, 70–85 ms
    every few dozen interactions (the server time's p95). Objects still die by reference count."""
    if page_key in _FROZEN_AFTER:
        return
    _FROZEN_AFTER.add(page_key)
    gc.collect()  # garbage of the first run is freed first, not frozen
    gc.freeze()


def _failed(page_key: str) -> None:
    _LOGGER.exception("page %s failed", page_key)
    st.error(t("frame.page_failed", language(st.query_params.get("lang"))))


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
        st.error(t("frame.no_data", language(st.query_params.get("lang")), error=error))
        st.stop()
    if notice:
        st.warning(notice)
    return version


def _sidebar_state(page_key: str, with_year: bool):
    version = _serving_version()
    notices = []  # shown in the main area, where a presenter's audience looks
    with st.sidebar:
        lang = url_widget(
            st.radio, "Ngôn ngữ · Language", LANGUAGES, param="lang", key=f"{page_key}_lang", horizontal=True,
            format_func=LANGUAGE_NAMES.get, to_text=lambda code: None if code == "vi" else code,
            bad_value=lambda text: t("frame.language_bad", "vi", text=text), notices=notices)
        st.markdown(f"### {t('app.title', lang)}")
        # Every unit set of the data version: the country's and those an import declared (communes).
        unit_sets = registry.unit_sets(version)
        by_url = {u.url_value: u.code for u in unit_sets.values()}
        unit_set = url_widget(
            st.radio, t("frame.units", lang), list(unit_sets), param="units", key=f"{page_key}_units",
            parse=by_url.__getitem__, to_text=lambda code: unit_sets[code].url_value,
            format_func=lambda code: unit_sets[code].title(lang),
            bad_value=lambda text: t("frame.units_bad", lang, text=text, default=t("units.p63", lang)),
            notices=notices)
        province_code, names = _province_picker(page_key, unit_set, version, notices, lang)
        year = _year_picker(page_key, unit_set, version, notices, lang) if with_year else None
        presenting = url_widget(
            toggle, t("frame.present", lang), (False, True), param="present", key=f"{page_key}_present",
            parse=lambda text: {"1": True, "0": False}[text], to_text=lambda on: "1" if on else None,
            help=t("frame.present_help", lang), bad_value=lambda text: t("frame.present_bad", lang, text=text),
            notices=notices)
        navigation_area = st.empty()
        _navigation(navigation_area, lang)
        st.caption(t("frame.data_version", lang, version=version[:15]))
    if presenting:
        presenter.apply_presenter_style()
        # Its own row at the top right, in the page's flow: above the title, never over it or a chart.
        with st.container(key="presenter_bar", horizontal=True, horizontal_alignment="right"):
            st.button(t("frame.present_exit", lang), icon=":material/close_fullscreen:", key=f"{page_key}_exit",
                      on_click=_leave_presenter_mode, args=(f"{page_key}_present",))
    if unit_sets[unit_set].is_generated:  # test data: said on every screen that shows it
        st.warning(t("units.generated_banner", lang, label=unit_sets[unit_set].title(lang)), icon="⚠️")
    for notice in notices:
        st.info(notice)
    state = PageState(unit_set, unit_sets[unit_set].size, year, province_code, names[province_code], version,
                      lang, presenting, presenter.theme())
    return state, navigation_area


def _leave_presenter_mode(toggle_key: str) -> None:
    st.session_state[toggle_key] = False  # the (hidden) toggle then removes present=1 from the URL


def _province_picker(page_key: str, unit_set: str, version: str, notices: list[str], lang: str):
    codes, names = unit_choices(version, unit_set)
    units = registry.unit_set(unit_set, version)
    try:
        home = resolved_unit(unit_set, config.home_province_code(), version)
    except LookupError:  # a set without the home province (a province's communes): its first unit
        home = resolve_unit(unit_set, codes[0], version)
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
    st.text_input(t("units.search", lang, noun=units.noun(lang)), key=f"{picker_key}__search",
                  placeholder=t("frame.search_placeholder", lang),
                  on_change=_find_province, args=(unit_set, version, picker_key, lang),
                  help=t("frame.search_help", lang))
    code = url_widget(
        st.selectbox, _picker_label(units, lang), codes, param="province", key=picker_key,
        default=home.code, parse=parse, format_func=names.__getitem__, notices=notices,
        bad_value=lambda text: t("units.not_found", lang, text=text, n=units.size, noun=units.noun(lang))
        + " " + t("units.showing", lang, default=home.name))
    return code, names


def _picker_label(units: registry.UnitSet, lang: str) -> str:
    """'Tỉnh, thành phố' / 'Xã, phường': the set's own noun, capitalised."""
    if lang == "en" and units.unit_level == "province":
        return t("frame.province", lang)
    noun = units.noun(lang)
    return noun[:1].upper() + noun[1:]


def _find_province(unit_set: str, version: str, picker_key: str, lang: str) -> None:
    """The search box's callback: what was typed (any spelling, an alias, a code) becomes the URL's
    province and the picker starts from it; a text that names nothing says so."""
    text = st.session_state.get(f"{picker_key}__search", "").strip()
    if not text:
        return
    try:
        unit = resolve_unit(unit_set, text, version)
    except LookupError:
        units = registry.unit_set(unit_set, version)
        st.session_state[f"{picker_key}__found"] = t("units.not_found", lang, text=shown(text), n=units.size,
                                                     noun=units.noun(lang))
        return
    st.query_params["province"] = unit.code
    st.session_state.pop(picker_key, None)  # the picker starts again from the URL
    st.session_state[f"{picker_key}__search"] = ""
    if unit.notice:
        st.session_state[f"{picker_key}__found"] = unit.notice


def _year_picker(page_key: str, unit_set: str, version: str, notices: list[str], lang: str) -> int | None:
    years = cached_query("ranking_years", version, unit_set=unit_set, metric="dti")
    if years.empty:
        return None
    year_options = sorted((int(y) for y in years["year"]), reverse=True)
    default_year = queries.default_year(years)
    complete = set(years.loc[years["is_rank_complete"], "year"].astype(int))
    return url_widget(
        st.selectbox, t("frame.year", lang), year_options, param="year", key=f"{page_key}_year_{unit_set}",
        default=default_year, parse=int, notices=notices,
        format_func=lambda y: f"{y}" if y in complete else t("frame.year_incomplete", lang, year=y),
        bad_value=lambda text: t("frame.year_bad", lang, text=text, default=default_year))


def navigation_params() -> dict[str, str]:
    """The URL parameters a navigation link carries: province, unit set, year, metric, language,
    presenter mode (defaults are not in the URL, so they are not carried either)."""
    return {name: st.query_params[name] for name in CARRIED_PARAMS if name in st.query_params}


def _navigation(area, lang: str) -> None:
    params = navigation_params()
    with area.container():
        st.divider()
        for page, label_key, icon in NAVIGATION:
            st.page_link(page, label=t(label_key, lang), icon=icon, query_params=params)
        st.divider()
