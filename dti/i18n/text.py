"""A sentence that knows its key: messages made deep in dti/ (errors, notes, validation lists) and
shown by a page in the visitor's language.

    Text("plan.bad_value", row=3, value="1,5")      # a str: its Vietnamese text, for the CLI and logs
    localized(text, "en")                            # the same message from en.py
    raise SimulationError(Text("sim.no_score", ...)) # str(error) stays Vietnamese
    localized(error, "en")                           # an exception whose first argument is a Text

Values may be Text themselves (translated too), Number (formatted per language: 0,7632 / 0.7632),
Words (a data word in both languages, e.g. a unit set's noun)
a list ("a, b") or tuple ("a; b") of these, or plain values (names, dates, codes: shown as they are).
"""

from dti.i18n import format_number, language, t


class Number(float):
    """A value formatted per language when the message is shown; decimals as given."""

    def __new__(cls, value: float, decimals: int = 4, signed: bool = False):
        number = super().__new__(cls, value)
        number.decimals, number.signed = decimals, signed
        return number

    def __reduce__(self):
        return (Number, (float(self), self.decimals, self.signed))

    @classmethod
    def or_missing(cls, value, decimals: int = 4, signed: bool = False):
        """A Number, or the words for a missing value ("chưa có số liệu" / "no data")."""
        return Text("value.missing") if value is None else cls(value, decimals, signed)


class Words(str):
    """A word the data gives in both languages (a unit set's noun: 'xã, phường' / 'communes and wards')."""

    def __new__(cls, vi: str, en: str):
        words = super().__new__(cls, vi)
        words.en = en
        return words

    def __reduce__(self):
        return (Words, (str(self), self.en))


class Text(str):
    """A str (its Vietnamese text) that carries `.key` and `.values` to be shown in another language."""

    def __new__(cls, key: str, /, **values):
        text = super().__new__(cls, _render(key, "vi", values))
        text.key, text.values = key, values
        return text

    def __reduce__(self):  # pickles (st.cache_data) as key and values, not as the Vietnamese str
        return (_rebuild, (self.key, self.values))

    def in_language(self, lang: str) -> str:
        return _render(self.key, lang, self.values)


def _rebuild(key: str, values: dict) -> "Text":
    return Text(key, **values)


def _value(value, lang: str):
    if isinstance(value, Text):
        return value.in_language(lang)
    if isinstance(value, Number):
        text = format_number(abs(float(value)) if value.signed else float(value), lang, value.decimals)
        if float(text.replace(",", ".")) == 0:  # -0.0 reads "0,0000", never signed
            return text.lstrip("-")
        return ("+" if value > 0 else "−") + text if value.signed else text
    if isinstance(value, Words):
        return value.en if lang == "en" else str(value)
    if isinstance(value, (list, tuple)):  # a list reads "a, b", a tuple "a; b"
        return (", " if isinstance(value, list) else "; ").join(str(_value(v, lang)) for v in value)
    return value


def _render(key: str, lang: str, values: dict) -> str:
    return t(key, lang, **{name: _value(value, lang) for name, value in values.items()})


def localized(item, lang: str) -> str:
    """A Text, an exception carrying a Text (its first argument) or any other object, as text in
    `lang`; what carries no key is shown as it is (Vietnamese)."""
    lang = language(lang)
    if isinstance(item, BaseException):
        first = item.args[0] if len(item.args) == 1 else None
        return localized(first, lang) if isinstance(first, Text) else str(item)
    if isinstance(item, (Text, Number)):
        return str(_value(item, lang))
    return "" if item is None else str(item)


def joined(items, lang: str, separator: str = "; ") -> str:
    """A list of messages (a validation's), each in `lang`."""
    return separator.join(localized(item, lang) for item in items)


def message_of(error: BaseException) -> str:
    """The message an exception carries, its Text kept (to store or re-raise it and show it later)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Text) else str(error)
