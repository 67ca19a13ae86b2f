"""Messages with a key (dti.i18n.text): Vietnamese as a str, English when a page asks, the same after
a pickle (st.cache_data) and when carried by an exception."""

import pickle

from dti.i18n.text import Number, Text, joined, localized, message_of
from dti.simulation import SimulationError


def test_a_text_is_its_vietnamese_string_and_reads_in_english():
    text = Text("plan.target_below", where=Text("plan.row", n=2), target=Number(0.7), current=Number(0.8093))
    assert text == "Dòng 2: giá trị mục tiêu 0,7000 thấp hơn giá trị hiện tại 0,8093"
    assert localized(text, "en") == "Row 2: target value 0.7000 is below the current value 0.8093"
    assert localized(text, "fr") == str(text)  # an unknown language reads Vietnamese


def test_a_signed_number_has_a_true_minus_and_no_sign_at_zero():
    assert [localized(Number(v, signed=True), "en") for v in (0.0051, -0.0087, -0.00001)] == \
        ["+0.0051", "−0.0087", "0.0000"]
    assert localized(Number(0.054, signed=True), "vi") == "+0,0540"


def test_an_exception_carries_its_text_through_storage_and_pickling():
    error = SimulationError(Text("solver.bad_rank", n=63))
    assert str(error) == "Thứ hạng mục tiêu phải từ 1 đến 63."
    assert localized(error, "en") == "The target rank must be from 1 to 63."
    kept = pickle.loads(pickle.dumps(message_of(error)))
    assert localized(kept, "en") == "The target rank must be from 1 to 63." and kept == str(error)
    assert localized(ValueError("plain"), "en") == "plain"  # a message without a key is shown as it is


def test_a_list_of_messages_joins_in_the_language():
    messages = [Text("plan.no_title"), Text("plan.years", target=2023, base=2024)]
    assert joined(messages, "en") == "The plan has no name; Target year 2023 is before the base year 2024"
