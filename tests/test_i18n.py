"""One dictionary per language: the same keys, the same placeholders, numbers per language."""

import string

import pytest

from dti.i18n import WORDS, format_number, language, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys():
    assert set(WORDS["en"]) == set(WORDS["vi"])


@pytest.mark.parametrize("key", sorted(WORDS["vi"]))
def test_a_translation_fills_the_same_placeholders(key):
    assert _placeholders(WORDS["en"][key]) == _placeholders(WORDS["vi"][key])


def test_numbers_follow_the_language():
    assert format_number(0.6924, "vi") == "0,6924"
    assert format_number(0.6924, "en") == "0.6924"


def test_an_unknown_language_reads_vietnamese():
    assert language("fr") == "vi"
    assert t("nav.ranking", "fr") == "Xếp hạng"
    assert t("nav.ranking", "en") == "Ranking"


def test_a_placeholder_is_filled():
    assert t("briefing.step_of", "vi", n=2, of=6) == "Bước 2/6"
    assert t("briefing.step_of", "en", n=2, of=6) == "Step 2/6"


def test_the_vietnamese_unit_set_labels_are_the_registry_labels():
    from dti.registry import UNIT_SETS
    assert {code: t(f"units.{code}", "vi") for code in UNIT_SETS} == {c: u.label for c, u in UNIT_SETS.items()}
