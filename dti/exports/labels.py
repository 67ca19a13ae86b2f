"""The fixed words of the exports, from the one dictionary per language (dti/i18n, keys "file.*");
data sentences stay Vietnamese: the official names and the press sentence form are Vietnamese."""

from datetime import date

from dti.i18n import t


def word(lang: str, key: str, **values) -> str:
    return t(f"file.{key}", lang, **values)


def stamp(lang: str, day: date | None = None) -> str:
    """'Xuất ngày 01/12/2026 · ứng dụng DTI' (dates stay dd/mm/yyyy in both languages)."""
    return word(lang, "exported", date=f"{(day or date.today()):%d/%m/%Y}")
