"""Meeting-ready exports of a province and year: a chart as PNG, the profile as PDF, the
briefing as PPTX, the province's tables as XLSX.

`build_export(kind, province, year, unit_set, lang)` -> (bytes, file name, MIME type) is the one
entry point for the screens (a lazy `st.download_button(data=callable)`) and the CLI. PNG, PDF
and PPTX need a browser engine (`engine.find_browser()` says why when there is none); XLSX does not.

On a screen (Streamlit 1.67 runs a callable `data` on a worker thread when clicked, and
`on_click="ignore"` keeps the screen as it is):

    browser = find_browser()
    st.download_button("Tải PDF", data=lambda: build_export("pdf", code, year, unit_set, lang)[0],
                       file_name=file_name("pdf", code, year, unit_set), mime=FORMATS["pdf"],
                       on_click="ignore", disabled=not browser.is_available, help=browser.reason)
"""

from dti.exports.engine import Browser, ExportError, find_browser

FORMATS = {
    "png": "image/png",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NEEDS_BROWSER = ("png", "pdf", "pptx")
LANGUAGES = ("vi", "en")

__all__ = ["FORMATS", "NEEDS_BROWSER", "Browser", "ExportError", "build_export", "find_browser", "file_name"]


def file_name(kind: str, province_code: str, year: int, unit_set: str, chart: str | None = None) -> str:
    """'dti-93-2022-p63-ho-so.pdf': ASCII, so every mail client and share keeps it."""
    stem = {"png": f"bieu-do-{chart or 'history'}", "pdf": "ho-so", "pptx": "bai-trinh-chieu",
            "xlsx": "bang-so-lieu"}[kind]
    return f"dti-{province_code}-{year}-{unit_set}-{stem}.{kind}"


def build_export(kind: str, province: str, year: int, unit_set: str = "p63", lang: str = "vi", *,
                 chart: str | None = None, steps=None, plan=None, version: str | None = None
                 ) -> tuple[bytes, str, str]:
    """Build one export. Raises ExportError (one Vietnamese line) when it cannot be built."""
    from dti import briefing
    from dti.exports import pdf, png, slides, workbook

    if kind not in FORMATS:
        raise ExportError(f"Định dạng '{kind}' không hỗ trợ; chọn png, pdf, pptx hoặc xlsx.")
    if lang not in LANGUAGES:
        raise ExportError(f"Ngôn ngữ '{lang}' không hỗ trợ; chọn vi hoặc en.")
    if kind in NEEDS_BROWSER:
        browser = find_browser()
        if not browser.is_available:
            raise ExportError(browser.reason)
    try:
        if kind == "png":
            content = png.chart_png(province, year, unit_set, chart or "history", lang, version)
        elif kind == "pdf":
            content = pdf.profile_pdf(province, year, unit_set, lang, plan, version)
        elif kind == "pptx":
            content = slides.briefing_pptx(province, year, unit_set, lang, steps, plan, version)
        else:
            content = workbook.province_xlsx(province, year, unit_set, lang, version)
    except briefing.BriefingError as error:
        raise ExportError(str(error)) from error
    return content, file_name(kind, province, year, unit_set, chart), FORMATS[kind]
