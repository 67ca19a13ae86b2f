"""Numbers as officials type them: decimal comma or dot, thousands separators. Pure."""

import re

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_number(text: str) -> bool:
    return bool(text) and parse_number(text) == parse_number(text)  # NaN is not equal to itself


def parse_number(text: str) -> float:
    """'0,6924', '0.6924', '1.234,5', '15' -> float; anything else -> NaN."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        return float("nan")
    return float(cleaned) + 0.0  # + 0.0 turns -0 into 0: never stored or shown as "-0"
