"""HTML pages the browser engine turns into PNG and PDF: Be Vietnam Pro from static/fonts,
Plotly drawn in the page from the bundled plotly.min.js (no network), every text escaped.

Fonts load before Plotly measures text, so labels are laid out in the font they are drawn in.
"""

import html
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go

from dti.config import PROJECT_DIR

FONT_DIR = PROJECT_DIR / "static" / "fonts"
FONT_FILES = {(400, "normal"): "BeVietnamPro-Regular.ttf", (600, "normal"): "BeVietnamPro-SemiBold.ttf",
              (700, "normal"): "BeVietnamPro-Bold.ttf", (400, "italic"): "BeVietnamPro-Italic.ttf"}
FONT_STACK = "'Be Vietnam Pro', 'DejaVu Sans', sans-serif"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
TEXT_COLOUR = "#1F2A33"
MUTED_COLOUR = "#4A5560"
_FONT_KEYS = ("font", "textfont", "tickfont", "title", "insidetextfont", "outsidetextfont")


def escape(text) -> str:
    return html.escape(str(text), quote=True)


def font_faces() -> str:
    return "\n".join(
        f"@font-face {{ font-family: 'Be Vietnam Pro'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{(FONT_DIR / name).as_uri()}') format('truetype'); }}"
        for (weight, style), name in FONT_FILES.items())


def scaled_figure(fig: go.Figure, scale: float) -> dict:
    """The figure as JSON-ready dict with every font size multiplied by `scale` (screens are
    sized for a laptop; a 1920×1080 image or a slide needs larger type) and no own title."""
    spec = json.loads(fig.to_json())
    spec.setdefault("layout", {})
    spec["layout"].pop("title", None)
    spec["layout"].pop("height", None)
    spec["layout"].pop("width", None)
    spec["layout"]["font"] = {**spec["layout"].get("font", {}), "family": FONT_STACK}
    spec["layout"]["font"].setdefault("size", 14)
    spec["layout"]["margin"] = {**spec["layout"].get("margin", {}), "t": 24}  # the page carries the title
    _scale_sizes(spec, scale, inside_font=False)
    return spec


def _scale_sizes(node, scale: float, inside_font: bool) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "size" and inside_font and isinstance(value, int | float):
                node[key] = round(value * scale, 1)
            elif isinstance(value, dict | list):
                _scale_sizes(value, scale, inside_font=key in _FONT_KEYS or (inside_font and key == "font"))
    elif isinstance(node, list):
        for item in node:
            _scale_sizes(item, scale, inside_font)


def _plot_script(charts: list[tuple[str, dict]]) -> str:
    """Draw each (div id, figure spec) once the fonts are ready, at its div's size; then shrink
    any `.fit` box whose content overflows it (a long source list must not spill a page)."""
    payload = json.dumps(charts, ensure_ascii=False).replace("</", "<\\/")
    plotly_tag = f'<script src="{PLOTLY_JS.as_uri()}"></script>' if charts else ""
    return f"""{plotly_tag}
<script>
const charts = {payload};
document.fonts.load("16px 'Be Vietnam Pro'").then(() => document.fonts.ready).then(() =>
  Promise.all(charts.map(([id, spec]) => {{
    const box = document.getElementById(id);
    const layout = Object.assign({{}}, spec.layout, {{width: box.clientWidth, height: box.clientHeight,
                                                   autosize: false}});
    return Plotly.newPlot(box, spec.data, layout, {{staticPlot: true, displayModeBar: false}});
  }}))
).then(() => {{
  for (const fit of document.querySelectorAll(".fit")) {{
    if (fit.scrollHeight > fit.clientHeight) fit.style.zoom = fit.clientHeight / fit.scrollHeight;
  }}
}});
</script>"""


def _document(body: str, style: str, charts: list[tuple[str, dict]]) -> str:
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
{font_faces()}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; font-family: {FONT_STACK}; color: {TEXT_COLOUR}; background: white; }}
.fit {{ flex: 1 1 auto; min-height: 0; overflow: hidden; }}
{style}
</style></head><body>{body}{_plot_script(charts)}</body></html>"""


def message_box(text: str) -> str:
    return f'<div class="message">{escape(text)}</div>'


CHART_PAGE_STYLE = """
body { width: 1920px; height: 1080px; padding: 56px 72px 36px; display: flex; flex-direction: column; }
h1 { font-size: 46px; line-height: 1.22; font-weight: 700; margin: 0; }
.subtitle { font-size: 25px; line-height: 1.35; color: #4A5560; margin: 14px 0 0; }
.chart { flex: 1; min-height: 0; margin-top: 22px; }
.message { flex: 1; display: flex; align-items: center; justify-content: center; text-align: center;
           font-size: 34px; color: #4A5560; border: 3px dashed #D9DEE3; border-radius: 16px; margin: 28px 0; }
footer { display: flex; justify-content: space-between; gap: 40px; font-size: 19px; line-height: 1.35;
         color: #4A5560; border-top: 2px solid #D9DEE3; padding-top: 14px; }
footer .date { white-space: nowrap; }
"""


def chart_page(title: str, subtitle: str, figure: go.Figure | None, message: str | None, source: str,
               stamp: str, scale: float = 1.55) -> str:
    """A 1920×1080 page: title sentence, subtitle, the chart (or why there is none), source and date."""
    middle = '<div id="c0" class="chart"></div>' if figure is not None else message_box(message or "")
    body = (f"<h1>{escape(title)}</h1><p class=\"subtitle\">{escape(subtitle)}</p>{middle}"
            f"<footer><span>{escape(source)}</span><span class=\"date\">{escape(stamp)}</span></footer>")
    charts = [("c0", scaled_figure(figure, scale))] if figure is not None else []
    return _document(body, CHART_PAGE_STYLE, charts)


def document(body: str, style: str, charts: list[tuple[str, go.Figure, float]]) -> str:
    """Any page: body HTML (already escaped), its CSS and charts as (div id, figure, font scale)."""
    return _document(body, style, [(cid, scaled_figure(fig, scale)) for cid, fig, scale in charts])
