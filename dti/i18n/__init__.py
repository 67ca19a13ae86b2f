"""The interface's words, one dictionary per language (vi.py, en.py, the same keys: a test).

    t("nav.ranking", "en")                 -> "Ranking"
    t("briefing.step_of", "vi", n=2, of=6) -> "Bước 2/6"
    format_number(0.6924, "en")            -> "0.6924"

Vietnamese is the default and the fallback for an unknown language. Dates stay dd/mm/yyyy in
both languages; numbers follow the language (decimal comma in Vietnamese, point in English).
Official names (provinces, indices) and the data's sentences stay as the sources write them.
"""

from dti.i18n import en, vi

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
WORDS = {"vi": vi.WORDS, "en": en.WORDS}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def language(text: str | None) -> str:
    """'en' -> 'en'; anything else (None, 'fr') -> 'vi'."""
    return text if text in WORDS else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text of `key` in `lang` with {placeholders} filled; a missing key is a KeyError
    (a test keeps both dictionaries complete, so a typo fails loudly, not silently)."""
    return WORDS[language(lang)][key].format(**values)


def format_number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 4) -> str:
    """0.6924 -> '0,6924' (vi) or '0.6924' (en)."""
    text = f"{float(value):.{decimals}f}"
    return text.replace(".", ",") if language(lang) == "vi" else text
