"""One chart at 1920×1080 with its title sentence, subtitle, source line and date."""

from dti import briefing
from dti.exports import engine, labels, pages
from dti.i18n.text import Text

WIDTH, HEIGHT = 1920, 1080
CHART_NAMES = tuple(k for k in briefing.STEP_KEYS + briefing.EXTRA_CHARTS if k != "plan")
# A 63-row bar chart needs smaller type than a 6-point line to fit 1080 px.
FONT_SCALE = {"ranking": 1.05}
DEFAULT_SCALE = 1.55


def chart_png(province: str, year: int, unit_set: str, chart: str, lang: str, version=None) -> bytes:
    if chart not in CHART_NAMES:
        raise briefing.BriefingError(Text("file.bad_chart", chart=chart, charts=", ".join(CHART_NAMES)))
    deck = briefing.build_briefing(province, year, unit_set, steps=[chart], version=version, lang=lang)
    step = deck.steps[0]
    subtitle = step.subtitle
    legend = briefing.mark_legend(deck.marks_used, lang)
    if legend:
        subtitle += f" ({legend})"
    page = pages.chart_page(step.title, subtitle, step.figure,
                            labels.word(lang, "no_chart", reason=step.reason or ""), step.source,
                            labels.stamp(lang, deck.built_on), FONT_SCALE.get(chart, DEFAULT_SCALE))
    return engine.screenshot(page, WIDTH, HEIGHT)
