"""The fixed words of the exports in Vietnamese and English (data sentences stay Vietnamese:
the official names and the press sentence form are Vietnamese)."""

from datetime import date

WORDS = {
    "vi": {"exported": "Xuất ngày {date} · ứng dụng DTI", "profile": "Hồ sơ chuyển đổi số",
           "units": "{n} tỉnh, thành phố", "method": "phương pháp {method}", "sources": "Nguồn số liệu",
           "marks": "Ký hiệu", "deck": "Bài trình chiếu", "more_sources": "và {n} nguồn khác (data/SOURCES.md)",
           "no_chart": "Không có biểu đồ: {reason}"},
    "en": {"exported": "Exported {date} · DTI app", "profile": "Digital transformation profile",
           "units": "{n} provinces and cities", "method": "method {method}", "sources": "Sources",
           "marks": "Marks", "deck": "Briefing", "more_sources": "and {n} more sources (data/SOURCES.md)",
           "no_chart": "No chart: {reason}"},
}


def word(lang: str, key: str, **values) -> str:
    return WORDS.get(lang, WORDS["vi"])[key].format(**values)


def stamp(lang: str, day: date | None = None) -> str:
    """'Xuất ngày 01/12/2026 · ứng dụng DTI' (dates stay dd/mm/yyyy in both languages)."""
    return word(lang, "exported", date=f"{(day or date.today()):%d/%m/%Y}")
