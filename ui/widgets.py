"""Small pieces every page draws the same way: legends, source lines, rank deltas, chart
toolbars, download pairs, and text shown literally."""

import functools
import html
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components
from plotly.basedatatypes import BaseFigure

from dti import charts, downloads
from dti.exports import FORMATS, NEEDS_BROWSER, build_export, file_name, find_browser
from dti.formatting import MISSING_WORDS, rank_change_phrase
from dti.i18n import t
from dti.i18n.text import localized
from ui.cache import cached_figure, cached_sources

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=@])")


def plain(text) -> str:
    """Text from a URL, a file or an error, shown literally (no Markdown, links, images or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


DROPDOWN_SHIM = Path(__file__).resolve().parent.parent / "static" / "dropdown_words.js"


@functools.cache
def _dropdown_shim() -> str:
    return DROPDOWN_SHIM.read_text(encoding="utf-8")


def dropdown_words(lang: str) -> None:
    """The fixed English words of Streamlit's open dropdowns ("No results", "No options to select"),
    which no parameter replaces, in the visitor's language: our own small script, inlined (nothing
    is fetched), rewrites exactly those texts while a list is open."""
    words = json.dumps({"noResults": t("sources.dropdown_no_results", lang),
                        "noOptions": t("sources.dropdown_no_options", lang)}, ensure_ascii=False)
    st.sidebar.html(f"<script>{_dropdown_shim().replace('DTI_WORDS', words)}</script>", unsafe_allow_javascript=True)


def provenance_legend(lang: str = "vi") -> None:
    st.caption(t("widget.legend", lang))


def source_note(lang: str = "vi") -> str:
    """The general source note, in `lang`."""
    return t("widget.source_note", lang)


def source_caption(extra: str = "", *, state=None, years=(), province_codes=(), metrics=("dti",),
                   with_national_mean: bool = False, lang: str | None = None) -> None:
    """The source line under a view: with `state` and the values it draws, the real sources of those
    values with links, tiers and marks (dti.sources), and under it a folded table of the source, tier
    and provenance of each of those numbers (national means too where the view shows them); else the
    general note. In `lang`, else the language of `state` (Vietnamese without either)."""
    lang = lang or (state.lang if state is not None else "vi")
    line, table, count = source_note(lang), "", 0
    years = tuple(sorted({int(y) for y in years}))
    province_codes = tuple(dict.fromkeys(str(c) for c in province_codes))
    if state is not None and state.units.is_generated and not (years and province_codes):
        line = t("sources.generated_note", lang)  # generated test data never claims the general sources
    elif state is not None and years and province_codes:
        line, table, count = cached_sources(state.unit_set, years, province_codes, tuple(metrics), with_national_mean,
                                            lang, state.data_version)
    st.caption((extra + " " if extra else "") + line)
    if count:
        with st.expander(t("sources.detail", lang, n=count)):
            st.markdown(table)


def rank_delta(rank_change, lang: str = "vi") -> dict:
    """st.metric keyword arguments for a rank change written in words ('giảm 2 bậc' has no
    minus sign, so arrow and colour are set explicitly)."""
    if rank_change is None or pd.isna(rank_change):
        return {"delta": None}
    change = int(rank_change)
    if change == 0:
        return {"delta": rank_change_phrase(change, lang), "delta_color": "off", "delta_arrow": "off"}
    return {"delta": rank_change_phrase(change, lang), "delta_color": "green" if change > 0 else "red",
            "delta_arrow": "up" if change > 0 else "down"}


def metric(column, label: str, value_text: str, per_row: int = 5, **delta) -> None:
    """st.metric for a number; a missing one is said in small grey words under its label (as a
    36 px number it was cut to 'chưa c…'). per_row: the metrics sharing the row, whose width
    decides which values are too long for 36 px (in three columns '0,7030*' fits)."""
    if value_text in MISSING_WORDS:
        column.markdown(f"<div style='font-size:0.875rem'>{html.escape(label)}</div>"
                        f"<div style='color:#5A6B7B;font-size:1rem;padding:0.6rem 0'>{value_text}</div>",
                        unsafe_allow_html=True)
    # '65/102‡', '0,5057‡' were cut to '65/10…' at 36 px in a fifth of 1280.
    elif len(value_text) > LONG_METRIC * 5 // per_row:
        st.html(LONG_METRIC_STYLE)  # style only: Streamlit keeps it out of the layout
        with column.container(key=f"long_metric_{abs(hash(label))}"):
            st.metric(label, value_text, **delta)
    else:
        column.metric(label, value_text, **delta)


LONG_METRIC = 6  # characters a 36 px metric value shows in one of five columns at 1280×720
LONG_METRIC_STYLE = ("<style>[data-testid='stMain'] div[class*='st-key-long_metric'] "
                     "[data-testid='stMetricValue'] {font-size: 1.6rem !important;}</style>")


COPY_LABEL, COPIED_LABEL = "Sao chép câu", "Đã sao chép"


def copy_button(text: str, lang: str = "vi") -> None:
    """A 'copy' button for `text` in the language (st.code's own says 'Copy to clipboard')."""
    copy_label, copied_label = t("widget.copy", lang), t("widget.copied", lang)
    payload = json.dumps(text).replace("</", "<\\/")
    components.html(f"""<button id="copy" style="font:14px 'Be Vietnam Pro',sans-serif;padding:4px 12px;
 border:1px solid #C8CDD2;border-radius:6px;background:#fff;color:#31333F;cursor:pointer">{copy_label}</button>
<script>
const text = {payload};
document.getElementById("copy").addEventListener("click", async (event) => {{
  try {{ await navigator.clipboard.writeText(text); }} catch (error) {{
    const area = document.createElement("textarea"); area.value = text; document.body.appendChild(area);
    area.select(); document.execCommand("copy"); area.remove(); }}
  event.target.textContent = "{copied_label}";
  setTimeout(() => {{ event.target.textContent = "{copy_label}"; }}, 2000);
}});
</script>""", height=40)


def chart_config(file_name: str) -> dict:
    """Plotly toolbar: a PNG download named after the view, no vendor logo."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"filename": file_name, "scale": 2}}


def download_pair(columns, frame: pd.DataFrame, headers: dict[str, str], title: str, file_stem: str,
                  what: str, lang: str = "vi") -> None:
    """A CSV and an XLSX download of `frame` with `headers` (words in `lang`), built only when clicked
    (the worded table too: formatting 63 rows on every rerun cost more than the rest of the download)."""
    def table() -> pd.DataFrame:
        return downloads.with_headers(frame, headers, lang)

    columns[0].download_button(t("widget.download_csv", lang, what=what), lambda: downloads.csv_bytes(table()),
                               file_name=f"{file_stem}.csv",
                               mime="text/csv", on_click="ignore", icon=":material/download:")
    columns[1].download_button(t("widget.download_xlsx", lang, what=what),
                               lambda: downloads.xlsx_bytes(table(), title, source_note(lang), lang),
                               file_name=f"{file_stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
                               icon=":material/download:")


class _BuiltFigure(BaseFigure):
    """A figure already built and validated (ui.cache.cached_figure): st.plotly_chart takes its dict as it
    is, instead of deep-copying a go.Figure into a new dict on every rerun."""

    def __init__(self, spec: dict):  # BaseFigure.__init__ validates again: not called on purpose
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def plotly_chart(build, *args, state, file_stem: str, key: str, where=None, **kwargs) -> None:
    """Draw `build(*args, **kwargs)` (a dti.charts function) in `where` (default: the page): the figure is
    built once per data version and parameters and shared by every session; in presenter mode it has the
    shared screen's style (dti.charts.presenter_layout) for the visitor's theme."""
    spec = cached_figure(f"{build.__module__}.{build.__qualname__}", state.data_version,
                         state.theme if state.presenting else None, args, kwargs, build)
    (where or st).plotly_chart(_BuiltFigure(spec), width="stretch", config=chart_config(file_stem), key=key)


def chart(figure: go.Figure, source: str, *, key: str, file_stem: str, presenting: bool = False,
          theme: str = "light", restyled: bool = False) -> None:
    """A Plotly chart with its source line under it; in presenter mode restyled for the shared
    screen and the theme (pass restyled=True for a figure already restyled, e.g. cached)."""
    if presenting and not restyled:
        figure = charts.presenter_layout(figure, theme)
    st.plotly_chart(figure, width="stretch", config=chart_config(file_stem), key=key)
    st.caption(plain(source))


EXPORT_ICONS = {"pptx": ":material/slideshow:", "pdf": ":material/picture_as_pdf:", "png": ":material/image:",
                "xlsx": ":material/table_view:"}


def export_buttons(province_code: str, year: int, unit_set: str, lang: str = "vi", *, steps=None,
                   chart_key: str | None = None, version: str | None = None, plan=None,
                   kinds: tuple[str, ...] = ("pptx", "pdf", "png", "xlsx")) -> None:
    """One download button per export of a province and year (dti.exports). Each file is built only
    when its button is clicked, on a worker thread, and the click never reruns the screen; without
    a browser engine the PNG, PDF and PPTX buttons are disabled and one line says why."""
    browser = find_browser()
    kinds = tuple(kind for kind in kinds if kind != "png" or chart_key)
    # Two buttons a row: four in one row cut their labels ("Bài trình chiếu (PP…") at 1280×720.
    columns = [column for _ in range(0, len(kinds), 2) for column in st.columns(2)]
    for column, kind in zip(columns, kinds):
        def build(kind=kind) -> bytes:
            return build_export(kind, province_code, year, unit_set, lang, chart=chart_key, steps=steps,
                                plan=plan, version=version)[0]
        column.download_button(
            t(f"export.{kind}", lang), data=build, file_name=file_name(kind, province_code, year, unit_set, chart_key),
            mime=FORMATS[kind], on_click="ignore", icon=EXPORT_ICONS[kind], width="stretch",
            disabled=kind in NEEDS_BROWSER and not browser.is_available, key=f"export_{kind}")
    if not browser.is_available:
        st.caption(plain(t("export.no_browser", lang, reason=localized(browser.reason, lang))))
