"""The briefing as a PowerPoint deck: a title slide, then one slide per step with the title
sentence and subtitle as real text, the chart as an image (or why there is none) and the
source line; the step's facts go to the speaker notes.

Every chart image comes from one Chromium capture of all charts stacked, cropped with Pillow.
"""

import io

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dti import briefing
from dti.exports import engine, labels, pages

IMAGE_WIDTH, IMAGE_HEIGHT = 1600, 600  # the chart box of a 16:9 slide (12.3 × 4.6 in)
FONT_SCALE = {"ranking": 0.8}
FONT = "Be Vietnam Pro"
DARK, MUTED, FOCUS = RGBColor(0x1F, 0x2A, 0x33), RGBColor(0x4A, 0x55, 0x60), RGBColor(0xC8, 0x10, 0x2E)


def chart_images(steps: list[briefing.Step]) -> dict[str, bytes]:
    """step key -> PNG of its chart at IMAGE_WIDTH × IMAGE_HEIGHT (one browser run for all)."""
    drawn = [s for s in steps if s.figure is not None]
    if not drawn:
        return {}
    html = pages.document(
        "".join(f'<div id="c{i}" style="width:{IMAGE_WIDTH}px;height:{IMAGE_HEIGHT}px"></div>'
                for i in range(len(drawn))),
        f"body {{ width: {IMAGE_WIDTH}px; }}",
        [(f"c{i}", s.figure, FONT_SCALE.get(s.key, 1.25)) for i, s in enumerate(drawn)])
    strip = Image.open(io.BytesIO(engine.screenshot(html, IMAGE_WIDTH, IMAGE_HEIGHT * len(drawn))))
    images = {}
    for i, step in enumerate(drawn):
        buffer = io.BytesIO()
        strip.crop((0, i * IMAGE_HEIGHT, IMAGE_WIDTH, (i + 1) * IMAGE_HEIGHT)).save(buffer, "PNG")
        images[step.key] = buffer.getvalue()
    return images


def title_size(title: str) -> int:
    """Two lines in the title box even where the viewer lacks Be Vietnam Pro (a wider fallback)."""
    return 28 if len(title) <= 100 else 24 if len(title) <= 125 else 20


def _text(slide, left, top, width, height, text: str, size: int, colour, bold: bool = False):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
    run.font.color.rgb = colour
    return box


def briefing_pptx(province: str, year: int, unit_set: str, lang: str, steps=None, plan=None,
                  version=None) -> bytes:
    deck = briefing.build_briefing(province, year, unit_set, steps=steps, plan=plan, version=version, lang=lang)
    images = chart_images(list(deck.steps))
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    stamp = labels.stamp(lang, deck.built_on)

    cover = prs.slides.add_slide(blank)
    _text(cover, 0.8, 2.2, 11.7, 0.6, labels.word(lang, "deck").upper(), 18, FOCUS, bold=True)
    _text(cover, 0.8, 2.8, 11.7, 1.4, f"{deck.province_name} — DTI {deck.year}", 48, DARK, bold=True)
    _text(cover, 0.8, 4.3, 11.7, 0.8, " · ".join(filter(None, [
        labels.word(lang, "units", n=deck.unit_count),
        labels.word(lang, "method", method=deck.framework_label) if deck.framework_label else "", stamp])),
        18, MUTED)

    legend = briefing.mark_legend(deck.marks_used, lang)
    for step in deck.steps:
        slide = prs.slides.add_slide(blank)
        _text(slide, 0.5, 0.3, 12.3, 1.25, step.title, title_size(step.title), DARK, bold=True)
        _text(slide, 0.5, 1.5, 12.3, 0.6, step.subtitle, 14, MUTED)
        if step.key in images:
            slide.shapes.add_picture(io.BytesIO(images[step.key]), Inches(0.5), Inches(2.1),
                                     width=Inches(12.3), height=Emu(int(Inches(12.3) * IMAGE_HEIGHT / IMAGE_WIDTH)))
        else:
            lines = [step.reason] if not step.is_available else list(step.facts)
            _text(slide, 1.0, 2.6, 11.3, 3.8, "\n".join(lines), 24, MUTED)
        footer = step.source + (f" {labels.word(lang, 'marks')}: {legend}." if legend else "")
        _text(slide, 0.5, 6.85, 9.1, 0.55, footer, 11, MUTED)
        _text(slide, 9.7, 6.85, 3.1, 0.55, stamp, 11, MUTED)
        slide.notes_slide.notes_text_frame.text = "\n".join(step.facts or (step.reason or "",))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
