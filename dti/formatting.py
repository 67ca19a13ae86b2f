"""The one number formatter: numbers per language (decimal comma in Vietnamese, point in
English) and rank-change phrases. Every function takes `lang` ("vi" by default)."""

import pandas as pd

from dti.i18n import WORDS, language, t

MISSING = "chưa có số liệu"
# What a missing value reads in any language (a table column of only these says nothing).
MISSING_WORDS = frozenset(words["fmt.missing"] for words in WORDS.values())


def missing(lang: str = "vi") -> str:
    """'chưa có số liệu' / 'no data'."""
    return t("fmt.missing", lang)

PROVENANCE_LABELS = {
    "published": "công bố",
    "derived": "suy ra",
    "estimated": "ước tính",
    "imported": "nhập từ tệp",
    "computed": "tính lại",
    "generated": "sinh ngẫu nhiên",
}
# Marks shown next to a number that is not published as is (a legend explains them).
PROVENANCE_MARKS = {"published": "", "derived": "†", "estimated": "≈", "imported": "ⁱ", "computed": "*",
                    "generated": "‡"}  # generated test data (a unit set marked generated), never published


def is_missing(value) -> bool:
    """True for None, NaN, pd.NA and NaT (scalars only)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def format_score(value, decimals: int = 4, lang: str = "vi") -> str:
    """0.6924 -> '0,6924' (vi) or '0.6924' (en); missing -> 'chưa có số liệu' / 'no data'."""
    if is_missing(value):
        return missing(lang)
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0:  # -0.0 and -0.00001 read "0,0000", never "-0,0000"
        text = text.lstrip("-")
    return text.replace(".", ",") if language(lang) == "vi" else text


def format_signed_score(value, decimals: int = 4, lang: str = "vi") -> str:
    """+0,0051 / −0,0087 (a true minus sign reads better on a projector)."""
    if is_missing(value):
        return missing(lang)
    text = format_score(abs(value), decimals, lang)
    if float(text.replace(",", ".")) == 0:  # rounds to zero: no sign to show
        return text
    return ("+" if value > 0 else "−") + text


def format_rank(rank, unit_count: int | None = None, lang: str = "vi") -> str:
    """17 -> '17', or '17/63' with the size of the field."""
    if is_missing(rank):
        return missing(lang)
    return f"{int(rank)}/{unit_count}" if unit_count else str(int(rank))


def ordinal(number: int, lang: str = "vi") -> str:
    """17 -> '17th', 1 -> '1st', 22 -> '22nd', 13 -> '13th' (en); the number itself in Vietnamese."""
    number = int(number)
    if language(lang) == "vi":
        return str(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_change_phrase(rank_change, lang: str = "vi") -> str | None:
    """+11 -> 'tăng 11 bậc' / 'up 11 places'; -2 -> 'giảm 2 bậc' / 'down 2 places';
    0 -> 'giữ nguyên' / 'unchanged'; missing -> None."""
    if is_missing(rank_change):
        return None
    change = int(rank_change)
    if change > 0:
        return t("fmt.up_one" if change == 1 else "fmt.up", lang, n=change)
    if change < 0:
        return t("fmt.down_one" if change == -1 else "fmt.down", lang, n=-change)
    return t("fmt.unchanged", lang)


def rank_change_arrow(rank_change) -> str:
    """'▲ 11', '▼ 2', '= 0', or '' where there is no change to show."""
    if is_missing(rank_change):
        return ""
    change = int(rank_change)
    if change > 0:
        return f"▲ {change}"
    if change < 0:
        return f"▼ {-change}"
    return "= 0"


def measure_label(metric: str | None, measure: str | None, lang: str = "vi") -> str:
    """What a value is, in words: 'điểm dti', 'thứ hạng kts' ('dti score', 'kts rank')."""
    return t("fmt.measure_rank" if measure == "rank" else "fmt.measure_score", lang, metric=metric)


def format_measure(measure: str, value: float, lang: str = "vi") -> str:
    """A rank as a whole number, a score as format_score does."""
    return str(int(value)) if measure == "rank" else format_score(value, lang=lang)


def provenance_label(provenance, lang: str = "vi") -> str:
    if is_missing(provenance) or not provenance:
        return ""
    if language(lang) == "vi":
        return PROVENANCE_LABELS.get(provenance, str(provenance))
    return t(f"fmt.provenance_{provenance}", lang) if provenance in PROVENANCE_LABELS else str(provenance)


def with_provenance_mark(text: str, provenance) -> str:
    """Append the provenance mark to a formatted number that is not plainly published."""
    if is_missing(provenance) or not provenance or text in MISSING_WORDS:
        return text
    return text + PROVENANCE_MARKS.get(provenance, "")


def generated_only(provenance):
    """The provenance where it is generated test data, else None: for the narrow columns that mark
    nothing else but must never show a generated number without its ‡."""
    return provenance if provenance == "generated" else None


def marked_rank(rank, provenance, uncertain=False, unit_count: int | None = None, lang: str = "vi") -> str:
    """'17', '17/63', '28/63†', '≈12*' (a computed rank within the rounding bound of a
    neighbour's is never shown as exact), or 'chưa có số liệu' / 'no data'."""
    text = with_provenance_mark(format_rank(rank, unit_count, lang), provenance)
    return "≈" + text if text not in MISSING_WORDS and not is_missing(uncertain) and bool(uncertain) else text
