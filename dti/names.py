"""One normalisation for province names, shared by the alias table and every lookup."""

import re
import unicodedata

# "Thành phố ", "TP. ", "TP.", "TP ", "Tỉnh " at the start of a name.
_PREFIX = re.compile(r"^(?:thanh pho\s+|tp\.\s*|tp\s+|tinh\s+)")


def alias_key(name: str) -> str:
    """Return the matching key of a province name: no diacritics, no prefix, one spacing.

    "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" and "ho chi minh" give the same key;
    "Thừa Thiên - Huế" and "Thừa Thiên Huế" too; "Hoà Bình" and "Hòa Bình" too.
    """
    text = unicodedata.normalize("NFD", str(name)).lower()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d")
    text = re.sub(r"\s*-\s*", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _PREFIX.sub("", text, count=1)
    return text.replace(".", "").strip()
