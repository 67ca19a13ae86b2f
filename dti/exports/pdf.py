"""'Hồ sơ chuyển đổi số' of a province and year: two A4 pages printed by Chromium.

Page 1: headline, key numbers, rank over the years, pillars and main indices.
Page 2: neighbours and gaps, target and least gain, plan, sources and marks.
Text is real text (Chromium embeds the font subsets); charts are Plotly SVG, so vector.
Each page is a fixed-height box: the profile can never spill onto a third page.
"""

from dti import briefing
from dti.exports import engine, labels, pages
from dti.exports.pages import escape

MAX_SOURCES = 6
CHART_WIDTH = 690  # CSS px inside 14 mm margins of A4
STYLE = """
@page { size: A4; margin: 12mm 14mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { height: 270mm; overflow: hidden; display: flex; flex-direction: column; }
.page + .page { break-before: page; }
header { border-bottom: 3px solid #C8102E; padding-bottom: 6px; margin-bottom: 10px; }
.kicker { font-size: 10pt; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: #C8102E; }
h1 { font-size: 21pt; margin: 2px 0 0; line-height: 1.2; }
.meta { font-size: 9pt; color: #4A5560; margin-top: 3px; }
.headline { font-size: 13.5pt; font-weight: 600; line-height: 1.35; background: #F5F7F9;
            border-left: 5px solid #C8102E; padding: 8px 12px; margin: 4px 0 10px; }
.tiles { display: flex; gap: 8px; margin-bottom: 8px; }
.tile { flex: 1; border: 1px solid #D9DEE3; border-radius: 6px; padding: 6px 8px; }
.tile .label { font-size: 8.5pt; color: #4A5560; }
.tile .value { font-size: 17pt; font-weight: 700; }
h2 { font-size: 12.5pt; margin: 8px 0 2px; color: #1F2A33; }
.title { font-size: 10.5pt; font-weight: 600; margin: 0 0 1px; line-height: 1.3; }
.subtitle { font-size: 8.5pt; color: #4A5560; margin: 0 0 2px; line-height: 1.3; }
.source { font-size: 7.5pt; color: #4A5560; margin: 1px 0 4px; }
.message { font-size: 10pt; color: #4A5560; border: 1.5px dashed #D9DEE3; border-radius: 6px; padding: 10px 12px;
           margin: 4px 0; }
ul { margin: 2px 0 4px 18px; padding: 0; font-size: 9.5pt; line-height: 1.35; }
.sources li { font-size: 8pt; word-break: break-all; }
footer { margin-top: auto; font-size: 8pt; color: #4A5560; border-top: 1px solid #D9DEE3; padding-top: 4px;
         display: flex; justify-content: space-between; }
"""
HEIGHTS = {"history": 250, "indices": 290, "gaps": 220, "target": 260, "plan": 180}


def _section(step: briefing.Step | None, heading: str, charts: list, with_facts: bool = False) -> str:
    if step is None:
        return ""
    parts = [f"<h2>{escape(heading)}</h2>"]
    if not step.is_available:
        parts.append(pages.message_box(step.reason))
    else:
        parts.append(f'<p class="title">{escape(step.title)}</p><p class="subtitle">{escape(step.subtitle)}</p>')
        if step.figure is not None:
            chart_id = f"c{len(charts)}"
            charts.append((chart_id, step.figure, 0.85))
            parts.append(f'<div id="{chart_id}" style="width:{CHART_WIDTH}px;height:{HEIGHTS[step.key]}px"></div>')
        if with_facts or step.figure is None:
            parts.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in step.facts) + "</ul>")
    parts.append(f'<p class="source">{escape(step.source)}</p>')
    return "".join(parts)


def profile_html(deck: briefing.Briefing, lang: str = "vi") -> str:
    charts: list = []
    headline = deck.step("headline")
    tiles = ""
    if headline is not None and headline.is_available:
        tiles = '<div class="tiles">' + "".join(
            f'<div class="tile"><div class="label">{escape(label)}</div><div class="value">{escape(value)}</div></div>'
            for label, value in (fact.split(": ", 1) for fact in headline.facts)) + "</div>"
    headline_text = headline.title if headline is not None and headline.is_available else (
        headline.reason if headline is not None else "")
    meta = " · ".join(filter(None, [labels.word(lang, "units", n=deck.unit_count),
                                    labels.word(lang, "method", method=deck.framework_label)
                                    if deck.framework_label else "", labels.stamp(lang, deck.built_on)]))
    header = (f'<header><div class="kicker">{escape(labels.word(lang, "profile"))}</div>'
              f"<h1>{escape(deck.province_name)} — DTI {deck.year}</h1>"
              f'<div class="meta">{escape(meta)}</div></header>')
    footer = (f"<footer><span>{escape(deck.province_name)} — DTI {deck.year}</span>"
              f"<span>{escape(labels.stamp(lang, deck.built_on))}</span></footer>")
    first = (header + f'<div class="headline">{escape(headline_text)}</div>' + tiles
             + _section(deck.step("history"), briefing.step_name("history", lang), charts)
             + _section(deck.step("indices"), briefing.step_name("indices", lang), charts))
    listed = deck.sources[:MAX_SOURCES]
    more = len(deck.sources) - len(listed)
    source_items = "".join(f"<li>{escape(publisher)}: {escape(url)}</li>" for publisher, url in listed)
    if more > 0:
        source_items += f"<li>{escape(labels.word(lang, 'more_sources', n=more))}</li>"
    legend = briefing.mark_legend(deck.marks_used, lang)
    second = (_section(deck.step("gaps"), briefing.step_name("gaps", lang), charts)
              + _section(deck.step("target"), briefing.step_name("target", lang), charts, with_facts=True)
              + _section(deck.step("plan"), briefing.step_name("plan", lang), charts, with_facts=True)
              + f"<h2>{escape(labels.word(lang, 'sources'))}</h2><ul class=\"sources\">{source_items}</ul>"
              + (f'<p class="source">{escape(labels.word(lang, "marks"))}: {escape(legend)}</p>' if legend else ""))
    body = (f'<section class="page"><div class="fit">{first}</div>{footer}</section>'
            f'<section class="page"><div class="fit">{second}</div>{footer}</section>')
    return pages.document(body, STYLE, charts)


def profile_pdf(province: str, year: int, unit_set: str, lang: str, plan=None, version=None) -> bytes:
    deck = briefing.build_briefing(province, year, unit_set, plan=plan, version=version, lang=lang)
    return engine.print_pdf(profile_html(deck, lang))
