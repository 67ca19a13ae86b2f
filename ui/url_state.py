"""URL-backed widgets: the URL is the source of truth, so every view is a shareable link.

`url_widget` is the one place that reads a URL parameter into a widget's value and writes the
widget's value back. Text from the URL is never rendered as Markdown: a notice shows it escaped
and cut (`shown`), so `?from=![i](https://…)` stays a harmless string.

Browser history (Streamlit 1.67, verified in Chromium): a parameter the server changes makes
the browser *push* a history entry, and Back/Forward reruns the script with that entry's URL
while widgets still hold their newer values. So each widget remembers the parameter text it
last left in the URL; when the URL holds something else, the URL moved (Back, Forward, a link)
and it wins over the widget's own state. A default the URL does not name is filled in without
a history entry (`_fill`): opening a page adds no entries Back would have to walk through; the
next change of view writes the whole state into the URL.
"""

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from dti.i18n import language, t
from ui.widgets import plain

SHOWN_LIMIT = 40
WORD_JOINER = "\u2060"
_NO_AUTOLINK = re.compile(r"://|(?i:www)\.|@")
_BAD = object()  # what a parse that raised gives back
_LEFT_IN_URL = "_url_text_{key}"  # session state: the parameter text a widget last left in the URL


def shown(text: str, limit: int = SHOWN_LIMIT) -> str:
    """Someone's text for a notice: one line, at most `limit` characters, Markdown escaped, and
    no automatic link (GFM turns a bare 'https://…', 'www.…' or 'a@b.c' into one even when
    escaped, so an invisible word joiner breaks each of those)."""
    line = " ".join(str(text).split())
    line = line if len(line) <= limit else line[:limit] + "…"
    return plain(_NO_AUTOLINK.sub(lambda found: found.group(0)[0] + WORD_JOINER + found.group(0)[1:], line))


def param_text(name: str) -> str | None:
    """The stripped text of URL parameter `name`, or None when it is absent or blank."""
    value = st.query_params.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def write_param(name: str, text: str | None) -> None:
    """Set URL parameter `name` (remove it for None), only when it changes: a change of view,
    so the browser pushes a history entry."""
    if text is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def _fill(name: str, text: str) -> None:
    """Put a default the URL did not name into the server's copy of the URL without a message
    to the browser (no history entry); the next change of view sends it along."""
    with get_session_state().query_params() as params:
        params.set_with_no_forward_msg(name, text)


def toggle(label: str, options: Sequence | None, *, index: int, key: str, **widget_args) -> Any:
    """st.toggle in url_widget's shape: options (False, True), `index` the first value."""
    return st.toggle(label, value=bool(options[index]), key=key, **widget_args)


def url_widget(widget: Callable, label: str, options: Sequence | None, *, param: str, key: str, default: Any = None,
               parse: Callable[[str], Any] = str, to_text: Callable[[Any], str | None] = str,
               bad_value: Callable[[str], str], notices: list[str] | None = None, many: bool = False,
               limit: int | None = None, limit_message: str = "", **widget_args) -> Any:
    """A widget whose first value comes from URL parameter `param` and whose value goes back to it.

    widget: st.selectbox / st.radio (or a column's, the sidebar's); with many=True a multiselect,
        whose parameter is a comma-separated list.
    default: the value when the parameter is absent or bad (options[0] when None; [] with many).
    parse: parameter text -> value (with many: -> list of items, default: split at commas); raise
        ValueError or LookupError for a text that names nothing. A value (an item) outside
        `options` is bad too; with many the good items are kept and the bad ones named.
    bad_value: the short Vietnamese notice, from the offending text already escaped and cut.
    to_text: value (one item with many) -> parameter text; None removes the parameter.
    notices: where the notice goes, for callers that show notices later; else st.info now.
    limit, limit_message (with many): at most `limit` items; a choice past it is undone and
        `limit_message` shown (Streamlit's own max_selections speaks English); by default a
        message in the visitor's language. A selectbox or multiselect without a placeholder gets
        one in the visitor's language (Streamlit's says "Choose options").
    options=None: a value widget (st.number_input): any value `parse` accepts is good, and the
        widget gets `value=`; to_text may return None for the default (a short URL).
    Returns the widget's value.
    """
    lang = language(st.query_params.get("lang"))
    if getattr(widget, "__name__", "") in ("selectbox", "multiselect"):
        # Streamlit's own placeholder says "Choose options" / "Choose an option".
        widget_args.setdefault("placeholder", t("sources.choose_many" if many else "sources.choose_one", lang))
    limit_message = limit_message or (t("sources.choose_limit", lang, n=limit) if limit is not None else "")
    if options is None:
        text = param_text(param)
        value = default if text is None else _parsed(parse, text)
        if value is _BAD:
            (notices.append if notices is not None else st.info)(bad_value(shown(text)))
            value = default
        chosen = widget(label, value=value, key=key, **widget_args)
        write_param(param, None if chosen is None else to_text(chosen))
        return chosen
    if many:
        default = [] if default is None else default
        parse = parse if parse is not str else (lambda text: text.split(","))
    elif default is None:
        default = options[0]
    url_text = param_text(param)
    value, notice = _read(param, options, default, parse, bad_value, many)
    if notice:
        (notices.append if notices is not None else st.info)(notice)
    if many:
        value = value[:limit]
        over_key = f"{key}__over_limit"
        if limit is not None:
            widget_args["on_change"] = _keep_within(key, over_key, limit)
    left_key = _LEFT_IN_URL.format(key=key)
    url_moved = key in st.session_state and st.session_state.get(left_key, url_text) != url_text
    if url_moved:
        st.session_state[key] = value  # Back/Forward: the URL's value, not the widget's stale one
    # When the state is set, a non-default first value would only add Streamlit's warning.
    first = {"default": None if url_moved else value} if many else {"index": 0 if url_moved else
                                                                    list(options).index(value)}
    chosen = widget(label, options, key=key, **first, **widget_args)
    if many:
        if st.session_state.pop(over_key, False):
            st.warning(limit_message)
        text = ",".join(to_text(item) for item in chosen) if chosen else None
    else:
        text = None if chosen is None else to_text(chosen)
    if url_text is None and text is not None and chosen == default:
        _fill(param, text)  # the page opened on its default: no history entry
    else:
        write_param(param, text)
        url_text = text
    st.session_state[left_key] = url_text
    return chosen


def url_tabs(labels: dict[str, str], *, param: str, key: str, default: str, lang: str = "vi") -> list:
    """st.tabs whose open tab comes from URL parameter `param` and goes back to it (url_widget's
    rule for a widget that takes `default` and no options): `labels` maps the parameter's value
    to the tab's label. Every tab's content still runs; only which one is open is the view."""
    text = param_text(param)
    value = text if text in labels else default
    if text is not None and text not in labels:
        st.info(t("url.tab_bad", lang, text=shown(text), default=labels[default]))
    tabs = st.tabs(list(labels.values()), key=key, default=labels[value], on_change="rerun")
    by_label = {label: name for name, label in labels.items()}
    write_param(param, by_label.get(st.session_state.get(key), value))
    return tabs


def _keep_within(key: str, over_key: str, limit: int) -> Callable[[], None]:
    def keep() -> None:
        if len(st.session_state[key]) > limit:
            st.session_state[key] = st.session_state[key][:limit]
            st.session_state[over_key] = True
    return keep


def _read(param, options, default, parse, bad_value, many):
    text = param_text(param)
    if text is None:
        return default, None
    if many:
        items = _parsed(parse, text)
        items = [] if items is _BAD else list(dict.fromkeys(item for item in items if item != ""))
        good = [item for item in items if item in options]
        bad = [str(item) for item in items if item not in options] if items else [text]
        return (good or default), (bad_value(shown(", ".join(bad))) if bad else None)
    item = _parsed(parse, text)
    return (item, None) if item is not _BAD and item in options else (default, bad_value(shown(text)))


def _parsed(parse, text):
    try:
        return parse(text)
    except (ValueError, LookupError):
        return _BAD


def year_pair(year_options: list[int], default: tuple[int, int] | None = None,
              lang: str = "vi") -> tuple[int, int]:
    """Two year pickers ('from', 'to') backed by the URL; default: `default`, else the last two years."""
    default = default or (year_options[-2], year_options[-1])
    def bad_year(default):
        return lambda text: t("frame.year_bad", lang, text=text, default=default)
    notices: list[str] = []
    notice_area = st.container()  # above the pickers, filled once both are read
    left, right = st.columns(2)
    picked = [url_widget(column.selectbox, label, year_options, param=param, key=key, default=default,
                         parse=int, bad_value=bad_year(default), notices=notices)
              for column, label, param, key, default in (
                  (left, t("widget.from_year", lang), "from", "from_year", default[0]),
                  (right, t("widget.to_year", lang), "to", "to_year", default[1]))]
    for notice in notices:
        notice_area.info(notice)
    return picked[0], picked[1]
