"""Is an English screen free of Vietnamese interface text? Names of provinces, indices and sources
(official names stay as the sources write them) are removed first; what is left must not hold a
Vietnamese-specific letter (đ, ă, ơ, ư or a letter with a Vietnamese tone mark).

And the other way round: is a Vietnamese screen free of the English words Streamlit or a raw value
would put there (`english_words`)? In a browser that reads the page's text and the text drawn on
canvases (`DRAWN_TEXT_SCRIPT`, `drawn_text`): a data grid draws its cells, and the "empty" of a
table without rows, on a canvas, out of reach of innerText."""

import csv
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from dti.display import FRAMEWORK_LABELS

DATA = Path(__file__).resolve().parent.parent / "data"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
# English that must not reach a Vietnamese screen, each as a word of its own: Streamlit's own
# texts (its data grid writes "empty" in a table without rows), raw values and raw source tiers.
ENGLISH_WORDS = ("Choose options", "No results", "You can only select", "Copy to clipboard", "empty", "published",
                 "computed", "derived", "True", "False", "None", "NaN", "nan", "official dti.gov.vn",
                 "official mic.gov.vn", "gov.vn portal", "press/other", "compilation")
# Added to a browser context (context.add_init_script) before any page script runs: keeps every
# text drawn on a canvas, so `drawn_text` can read what a data grid shows.
DRAWN_TEXT_SCRIPT = """(() => {
  const drawn = window.__drawnTexts = [];
  for (const kind of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D].filter(Boolean)) {
    const fillText = kind.prototype.fillText;
    kind.prototype.fillText = function (text, ...rest) {
      drawn.push(String(text));
      return fillText.call(this, text, ...rest);
    };
  }
})()"""


def english_words(text: str) -> list[str]:
    """The ENGLISH_WORDS that stand as words of their own in `text` ("empty", not "emptyset")."""
    return [word for word in ENGLISH_WORDS if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text)]


def drawn_text(page) -> str:
    """Every text drawn on the page's canvases so far (DRAWN_TEXT_SCRIPT), one per line."""
    return "\n".join(page.evaluate("() => window.__drawnTexts || []"))


@cache
def official_names() -> tuple[str, ...]:
    """Province (63 and 34, full and short, former), region, index and source names, longest first."""
    names = set()
    for row in csv.DictReader((DATA / "provinces.csv").open(encoding="utf-8")):
        names.update({row["name"], row["name_full"], row["region"]})
    for row in csv.DictReader((DATA / "merger_2025.csv").open(encoding="utf-8")):
        names.update({row["old_name"], row["new_name"], row["new_name_full"]})
    for row in csv.DictReader((DATA / "indicators.csv").open(encoding="utf-8")):
        names.update({row["name_vi"], row["decision"]})
    for row in csv.DictReader((DATA / "sources.csv").open(encoding="utf-8")):
        names.update({row["publisher"], row["title"]})
    for row in csv.DictReader((DATA / "unit_aliases.csv").open(encoding="utf-8")):
        names.add(row["alias"])
    names.update({"Be Vietnam Pro", "Tiếng Việt", "Ngôn ngữ · Language"})  # the language switch is bilingual
    names.update(FRAMEWORK_LABELS.values())  # decisions by their official numbers ("QĐ 922/QĐ-BTTTT")
    names.update(label.split("/")[0] for label in FRAMEWORK_LABELS.values())  # "QĐ 922" on a chart
    extra = set()
    for name in names:  # "TP. Cần Thơ", "Tỉnh Hậu Giang" are written both ways
        extra.update({f"TP. {name}", f"Tỉnh {name}", f"Thành phố {name}", name.replace("TP. ", "")})
    return tuple(sorted((n for n in names | extra if n), key=len, reverse=True))


def without_names(text: str) -> str:
    text = text.replace("\\", "")  # Markdown escapes ("Bà Rịa \\- Vũng Tàu")
    for name in official_names():
        if name in text:
            text = text.replace(name, " ")
    return text


def vietnamese_words(text: str) -> list[str]:
    """The words of `text` (names removed) that carry a Vietnamese-specific letter."""
    found = []
    for word in without_names(unicodedata.normalize("NFC", text)).split():
        letters = unicodedata.normalize("NFD", word)
        if "đ" in word.lower() or any(mark in letters for mark in TONE_MARKS):
            found.append(word)
    return found


def _figure_texts(spec: str) -> list[str]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    texts = [str(layout.get("title", {}).get("text", ""))]
    for axis in ("xaxis", "yaxis"):
        texts.append(str(layout.get(axis, {}).get("title", {}).get("text", "")))
    texts += [str(a.get("text", "")) for a in layout.get("annotations", [])]
    for trace in figure.get("data", []):
        texts += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
        text = trace.get("text")
        if isinstance(text, list):
            texts += [str(x) for x in text]
        elif isinstance(text, str):
            texts.append(text)
        if isinstance(trace.get("y"), list):  # category labels (index names) are names, removed later
            texts += [str(y) for y in trace["y"] if isinstance(y, str)]
    return texts


def interface_texts(at) -> list[str]:
    """Every text an AppTest run shows: headings, paragraphs, notices, labels, options, metrics,
    buttons, table headers and cells, chart titles, axes, annotations and legends."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "code", "text"):
        texts += [str(e.value) for e in at.get(kind)]
    for kind in ("button", "checkbox", "toggle", "text_input", "number_input", "date_input", "text_area"):
        texts += [str(e.label) for e in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for element in at.get(kind):
            texts.append(str(element.label))
            texts += [str(o) for o in element.options]
    texts += [str(e.proto.label) for e in at.get("expander")]
    for group in at.get("button_group"):  # st.segmented_control, st.pills
        texts += [str(group.proto.label)] + [str(option.content) for option in group.proto.options]
    texts += [str(e.proto.label) for e in at.get("tab")]
    for metric in at.metric:
        texts += [str(metric.label), str(metric.value)]
    for frame in at.dataframe:
        value = frame.value
        if value.empty:
            texts.append("empty")  # what Streamlit's grid draws in a table without rows
        texts += [str(c) for c in value.columns]
        texts += [str(i) for i in value.index if isinstance(i, str)]
        texts += [str(v) for v in value.astype(str).to_numpy().ravel()]
    for chart in at.get("plotly_chart"):
        texts += _figure_texts(chart.proto.spec)
    for element in at.get("download_button"):
        texts.append(str(element.proto.label))
    return [t for t in texts if t]


def vietnamese_left(at, allowed: tuple[str, ...] = ()) -> list[str]:
    """Words with Vietnamese letters on an English screen, names (and `allowed` texts) removed."""
    found = []
    for text in interface_texts(at):
        text = text.replace("\\", "")  # Markdown escapes
        for extra in allowed:
            text = text.replace(extra, " ")
        found += vietnamese_words(text)
    return found

