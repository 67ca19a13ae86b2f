"""Bài trình chiếu: a province's briefing (dti.briefing), one step per view.

`?province=93&year=2024&steps=headline,gaps&step=2`: the presenter's steps in their order and
the step on screen are in the URL, so a link reopens this very slide. Buttons and keys step
through it (PageDown/→, PageUp/←, Home/End); each step change is a browser history entry.
"""

from urllib.parse import urlencode, urlsplit

import streamlit as st

from dti.briefing import STEP_KEYS, mark_legend, step_name
from dti.i18n import t
from ui.cache import cached_briefing, saved_plan_summary
from ui.frame import page_frame
from ui.url_state import url_widget
from ui.widgets import chart, export_buttons, plain

# (label key, icon, shortcut, where it goes, shown): Left/Right repeat PageUp/PageDown, unseen.
MOVES = (
    ("briefing.first", ":material/first_page:", "Home", "first", True),
    ("briefing.previous", ":material/chevron_left:", "PageUp", "previous", True),
    ("briefing.next", ":material/chevron_right:", "PageDown", "next", True),
    ("briefing.last", ":material/last_page:", "End", "last", True),
    ("briefing.previous", None, "Left", "previous", False),
    ("briefing.next", None, "Right", "next", False),
)
HIDDEN_KEYS_CSS = "<style>.st-key-briefing_arrow_keys {display: none !important;}</style>"


def _go(step_key: str, where: str, count: int) -> None:
    current = st.session_state.get(step_key, 1)
    st.session_state[step_key] = {"first": 1, "previous": max(1, current - 1),
                                  "next": min(count, current + 1), "last": count}[where]


def _share_link(params: dict) -> str:
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}" if here.netloc else ""
    return f"{base}/briefing?{urlencode(params)}"


with page_frame("Bài trình chiếu", "briefing") as state:
    lang = state.lang
    if state.year is None:
        st.info(t("briefing.no_year", lang))
        st.stop()

    message = st.container()  # the slide: drawn after the controls below have been read
    controls = st.container()
    with controls:
        st.divider()
        chosen = url_widget(
            st.multiselect, t("briefing.steps", lang), STEP_KEYS, param="steps", key="briefing_steps",
            many=True, default=list(STEP_KEYS), format_func=lambda key: t(f"step.{key}", lang),
            help=t("briefing.steps_help", lang),
            bad_value=lambda text: t("briefing.steps_bad", lang, text=text, keys=", ".join(STEP_KEYS)))
        chosen_keys = tuple(chosen) or STEP_KEYS

    plan = saved_plan_summary(state.unit_set, state.province_code, state.year, state.data_version, lang) \
        if "plan" in chosen_keys else None
    deck = cached_briefing(state.province_code, state.year, state.unit_set, chosen_keys, state.data_version,
                           state.theme, state.presenting, plan, lang)
    # Only steps with something to show are stepped through and exported; the others are named
    # with why, under the choice of steps (a plan step before any plan is saved, say).
    keys = tuple(step.key for step in deck.shown_steps)
    left_out = "; ".join(f"{step_name(step.key, lang)}: {str(step.reason).rstrip('.')}"
                         for step in deck.left_out_steps)
    if not keys:
        with message:
            st.info(plain(t("briefing.nothing_shown", lang, steps=left_out)))
        st.stop()
    with controls:
        if left_out:
            st.caption(plain(t("briefing.left_out", lang, steps=left_out)))
        step_key = f"briefing_step_{'-'.join(keys)}"  # a new sequence starts from the URL's step
        number = url_widget(
            st.radio, t("briefing.step", lang), list(range(1, len(keys) + 1)), param="step", key=step_key,
            parse=int, horizontal=True,
            format_func=lambda n: f"{n}. {t(f'step.{keys[n - 1]}', lang)}",
            bad_value=lambda text: t("briefing.step_bad", lang, text=text))

    step = deck.shown_steps[number - 1]
    with message:
        bar = st.container(horizontal=True, vertical_alignment="center")  # one line without the sidebar
        bar.markdown(f"**{plain(t('briefing.step_of', lang, n=number, of=len(keys)))}** · "
                     f"{plain(state.province_name)}, DTI {state.year}")
        for label_key, icon, shortcut, where, shown in MOVES:
            if not shown:
                continue
            bar.button(t(label_key, lang), icon=icon, shortcut=shortcut, key=f"briefing_{where}",
                       on_click=_go, args=(step_key, where, len(keys)),
                       disabled=(where in ("first", "previous") and number == 1)
                       or (where in ("next", "last") and number == len(keys)))
        with st.container(key="briefing_arrow_keys"):
            st.html(HIDDEN_KEYS_CSS)
            for label_key, _, shortcut, where, shown in MOVES:
                if not shown:
                    st.button(t(label_key, lang), shortcut=shortcut, key=f"briefing_{shortcut.lower()}",
                              on_click=_go, args=(step_key, where, len(keys)))
        st.markdown(f"## {plain(step.title)}")
        st.markdown(plain(step.subtitle))
        if step.figure is not None:
            chart(step.figure, step.source, key=f"briefing_chart_{step.key}", presenting=state.presenting,
                  theme=state.theme, restyled=True, file_stem=f"dti-{state.province_code}-{state.year}-{step.key}")
        else:  # a step told in words (neighbours without scores): its source
            st.caption(plain(step.source))
        if step.facts and step.key != "headline":
            st.markdown("\n".join(f"- {plain(fact)}" for fact in step.facts))
        legend = mark_legend(deck.marks_used, lang)
        if legend:
            st.caption(plain(t("briefing.marks", lang, legend=legend)))

    with controls:
        st.caption(t("briefing.keys", lang))
        params = {"province": state.province_code, "units": state.units.url_value, "year": state.year,
                  "steps": ",".join(chosen_keys), "step": number}
        if lang != "vi":
            params["lang"] = lang
        if state.presenting:
            params["present"] = "1"
        st.caption(t("briefing.share", lang))
        st.code(_share_link(params), language=None, wrap_lines=True)
        st.markdown(f"**{t('export.heading', lang)}**")
        export_buttons(state.province_code, state.year, state.unit_set, lang, steps=list(keys),
                       chart_key=step.key if step.figure is not None and step.key != "plan" else None,
                       version=state.data_version, plan=plan)
