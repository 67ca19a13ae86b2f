"""The one number formatter: Vietnamese display (decimal comma) and rank-change phrases."""

import pandas as pd

MISSING = "chưa có số liệu"

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


def format_score(value, decimals: int = 4) -> str:
    """0.6924 -> '0,6924'; missing -> 'chưa có số liệu'."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0:  # -0.0 and -0.00001 read "0,0000", never "-0,0000"
        text = text.lstrip("-")
    return text.replace(".", ",")


def format_signed_score(value, decimals: int = 4) -> str:
    """+0,0051 / −0,0087 (a true minus sign reads better on a projector)."""
    if is_missing(value):
        return MISSING
    text = format_score(abs(value), decimals)
    if float(text.replace(",", ".")) == 0:  # rounds to zero: no sign to show
        return text
    return ("+" if value > 0 else "−") + text


def format_rank(rank, unit_count: int | None = None) -> str:
    """17 -> '17', or '17/63' with the size of the field."""
    if is_missing(rank):
        return MISSING
    return f"{int(rank)}/{unit_count}" if unit_count else str(int(rank))


def rank_change_phrase(rank_change) -> str | None:
    """+11 -> 'tăng 11 bậc'; -2 -> 'giảm 2 bậc'; 0 -> 'giữ nguyên'; missing -> None."""
    if is_missing(rank_change):
        return None
    change = int(rank_change)
    if change > 0:
        return f"tăng {change} bậc"
    if change < 0:
        return f"giảm {-change} bậc"
    return "giữ nguyên"


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


def measure_label(metric: str | None, measure: str | None) -> str:
    """What a value is, in words: 'điểm dti', 'thứ hạng kts'."""
    return f"{'thứ hạng' if measure == 'rank' else 'điểm'} {metric}"


def format_measure(measure: str, value: float) -> str:
    """A rank as a whole number, a score as format_score does."""
    return str(int(value)) if measure == "rank" else format_score(value)


def provenance_label(provenance) -> str:
    if is_missing(provenance) or not provenance:
        return ""
    return PROVENANCE_LABELS.get(provenance, str(provenance))


def with_provenance_mark(text: str, provenance) -> str:
    """Append the provenance mark to a formatted number that is not plainly published."""
    if is_missing(provenance) or not provenance or text == MISSING:
        return text
    return text + PROVENANCE_MARKS.get(provenance, "")


def generated_only(provenance):
    """The provenance where it is generated test data, else None: for the narrow columns that mark
    nothing else but must never show a generated number without its ‡."""
    return provenance if provenance == "generated" else None


def marked_rank(rank, provenance, uncertain=False, unit_count: int | None = None) -> str:
    """'17', '17/63', '28/63†', '≈12*' (a computed rank within the rounding bound of a
    neighbour's is never shown as exact), or 'chưa có số liệu'."""
    text = with_provenance_mark(format_rank(rank, unit_count), provenance)
    return "≈" + text if text != MISSING and not is_missing(uncertain) and bool(uncertain) else text
