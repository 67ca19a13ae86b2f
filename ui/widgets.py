"""Small pieces every page draws the same way: legends, source lines, rank deltas, chart
toolbars, download pairs, and text shown literally."""

import html
import json
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components

from dti import charts, downloads
from dti.exports import FORMATS, NEEDS_BROWSER, build_export, file_name, find_browser
from dti.formatting import MISSING, rank_change_phrase
from dti.i18n import t
from dti.i18n.text import localized
from ui.cache import cached_source_line

SOURCE_NOTE = ("Nguồn: Bộ TT&TT / Bộ KH&CN (dti.gov.vn), cổng thông tin các tỉnh và báo chí; "
               "chi tiết trong data/SOURCES.md.")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=@])")


def plain(text) -> str:
    """Text from a URL, a file or an error, shown literally (no Markdown, links, images or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def provenance_legend(lang: str = "vi") -> None:
    st.caption(t("widgets.legend", lang))


def source_caption(extra: str = "", *, state=None, years=(), province_codes=(), metrics=("dti",),
                   lang: str = "vi") -> None:
    """The source line under a view: with `state` and the values it draws, the real sources of those
    values with links, tiers and marks (dti.sources.source_line); else the general note."""
    line = t("widgets.source_note", lang)
    years, province_codes = tuple(int(y) for y in years), tuple(str(c) for c in province_codes)
    if state is not None and years and province_codes:
        line = cached_source_line(state.unit_set, years, province_codes, tuple(metrics), state.data_version)
    st.caption((extra + " " if extra else "") + line)


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


def metric(column, label: str, value_text: str, **delta) -> None:
    """st.metric for a number; a missing one is said in small grey words under its label (as a
    36 px number it was cut to 'chưa c…')."""
    if value_text == MISSING:
        column.markdown(f"<div style='font-size:0.875rem'>{html.escape(label)}</div>"
                        f"<div style='color:#5A6B7B;font-size:1rem;padding:0.6rem 0'>{MISSING}</div>",
                        unsafe_allow_html=True)
    else:
        column.metric(label, value_text, **delta)


COPY_LABEL, COPIED_LABEL = "Sao chép câu", "Đã sao chép"


def copy_button(text: str) -> None:
    """A Vietnamese 'copy' button for `text` (st.code's own says 'Copy to clipboard')."""
    payload = json.dumps(text).replace("</", "<\\/")
    components.html(f"""<button id="copy" style="font:14px 'Be Vietnam Pro',sans-serif;padding:4px 12px;
 border:1px solid #C8CDD2;border-radius:6px;background:#fff;color:#31333F;cursor:pointer">{COPY_LABEL}</button>
<script>
const text = {payload};
document.getElementById("copy").addEventListener("click", async (event) => {{
  try {{ await navigator.clipboard.writeText(text); }} catch (error) {{
    const area = document.createElement("textarea"); area.value = text; document.body.appendChild(area);
    area.select(); document.execCommand("copy"); area.remove(); }}
  event.target.textContent = "{COPIED_LABEL}";
  setTimeout(() => {{ event.target.textContent = "{COPY_LABEL}"; }}, 2000);
}});
</script>""", height=40)


def chart_config(file_name: str) -> dict:
    """Plotly toolbar: a PNG download named after the view, no vendor logo."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"filename": file_name, "scale": 2}}


def download_pair(columns, frame: pd.DataFrame, headers: dict[str, str], title: str, file_stem: str,
                  what: str) -> None:
    """A CSV and an XLSX download of `frame` with Vietnamese headers, built only when clicked."""
    table = downloads.with_headers(frame, headers)
    columns[0].download_button(f"Tải {what} (CSV)", lambda: downloads.csv_bytes(table), file_name=f"{file_stem}.csv",
                               mime="text/csv", on_click="ignore", icon=":material/download:")
    columns[1].download_button(f"Tải {what} (XLSX)", lambda: downloads.xlsx_bytes(table, title, SOURCE_NOTE),
                               file_name=f"{file_stem}.xlsx", mime=XLSX_MIME, on_click="ignore",
                               icon=":material/download:")


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
                   chart_key: str | None = None, version: str | None = None,
                   kinds: tuple[str, ...] = ("pptx", "pdf", "png", "xlsx")) -> None:
    """One download button per export of a province and year (dti.exports). Each file is built only
    when its button is clicked, on a worker thread, and the click never reruns the screen; without
    a browser engine the PNG, PDF and PPTX buttons are disabled and one line says why."""
    browser = find_browser()
    kinds = tuple(kind for kind in kinds if kind != "png" or chart_key)
    columns = st.columns(len(kinds))
    for column, kind in zip(columns, kinds):
        def build(kind=kind) -> bytes:
            return build_export(kind, province_code, year, unit_set, lang, chart=chart_key, steps=steps,
                                version=version)[0]
        column.download_button(
            t(f"export.{kind}", lang), data=build, file_name=file_name(kind, province_code, year, unit_set, chart_key),
            mime=FORMATS[kind], on_click="ignore", icon=EXPORT_ICONS[kind], width="stretch",
            disabled=kind in NEEDS_BROWSER and not browser.is_available, key=f"export_{kind}")
    if not browser.is_available:
        st.caption(plain(t("export.no_browser", lang, reason=localized(browser.reason, lang))))
