"""Presenter mode (`?present=1`): big type and no app chrome on a shared 1280×720 screen.

The sizes are the issue's floor: the headline sentence (the page's h1–h3) ≥ 48 px, body and
table text ≥ 20 px; charts get dti.charts.presenter_layout (≥ 16 px text, thick lines) through
ui.widgets.chart. Colours come from the chosen theme (light or dark), never from here.
"""

import streamlit as st

PRESENTER_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 0.25rem 2.2rem 1rem !important; max-width: none !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] td,
[data-testid="stMain"] th, [data-testid="stMain"] button, [data-testid="stMain"] [data-testid="stAlert"] {
  font-size: 20px !important; line-height: 1.35 !important;}
[data-testid="stMain"] h1 {font-size: 56px !important; line-height: 1.12 !important;}
[data-testid="stMain"] h2, [data-testid="stMain"] h3 {font-size: 48px !important; line-height: 1.15 !important;
  padding-top: 0.2rem !important;}
[data-testid="stMain"] h4, [data-testid="stMain"] h5 {font-size: 30px !important;}
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] p {
  font-size: 48px !important;}
/* The exit button: a slim row of its own above the title (ui.frame), 11 px more than the page's
   top padding was, so the briefing's sentence, chart and source line still fit 720 px. */
[data-testid="stLayoutWrapper"]:has(> .st-key-presenter_bar) {margin-bottom: -0.75rem;}
.st-key-presenter_bar button {min-height: 0 !important; padding: 0.1rem 0.75rem !important;}
</style>"""


def theme() -> str:
    """'light' or 'dark': the theme the visitor chose (Streamlit infers it from the background)."""
    chosen = getattr(st.context.theme, "type", None)
    return chosen if chosen in ("light", "dark") else "light"


def apply_presenter_style() -> None:
    st.html(PRESENTER_CSS)
