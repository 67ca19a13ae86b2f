"""Charts: tidy DataFrame in, Plotly Figure out. No data cleaning and no streamlit here.

One focus colour for the selected province everywhere, one colour per pillar, greys for
the rest. Ranks are drawn with rank 1 at the top; missing years are gaps, never zeros.
Every figure's words come from dti/i18n in `lang` ("vi" by default); numbers follow it too
(decimal comma in Vietnamese, point in English, hover text included).
"""

import math

import pandas as pd
import plotly.graph_objects as go

from dti.display import NOT_COMPARABLE_MARK, biggest_moves, indicator_label
from dti.formatting import format_score, marked_rank, with_provenance_mark
from dti.i18n import format_number, t

FOCUS_COLOUR = "#C8102E"
OTHER_COLOUR = "#A7B1BC"
MISSING_COLOUR = "#D9DEE3"
MEAN_COLOUR = "#4A5560"
ISLAND_COLOURS = ("#4A5560", "#1F5FA8")
PILLAR_COLOURS = {"cqs": "#1F5FA8", "kts": "#E08A00", "xhs": "#2E8B57"}
FONT = "Be Vietnam Pro, DejaVu Sans, sans-serif"


# A chart's title is wrapped to this many characters a line: a half-width chart at 1280×720 is
# about 400 px wide, and 17 px Be Vietnam Pro runs to 10 px a character (measured: 44 were 417 px).
TITLE_LINE_CHARS = 38


TITLE_PAD_PX = 24


def wrap_title(title: str, line_chars: int = TITLE_LINE_CHARS) -> list[str]:
    """The title's lines, broken between words, each at most `line_chars` long (a longer word alone)."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= line_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def rank_ticks(unit_count: int) -> list[int]:
    """Rank axis ticks: 1, every tenth rank, and the last rank (never 0)."""
    ticks = [1, *range(10, unit_count, 10)]
    if unit_count - ticks[-1] < 4:  # 60 and 63 would overlap: the last rank wins
        return ticks[:-1] + [unit_count]
    return ticks + [unit_count]


def _rank_axis(unit_count: int, top: float, lang: str = "vi") -> dict:
    """Rank 1 at the top, ticks from 1, `top` head-room above rank 1 for labels (a layout part)."""
    ticks = rank_ticks(unit_count)
    return {"yaxis": {"autorange": False, "range": [unit_count + 1, top], "tickmode": "array", "tickvals": ticks,
                      "ticktext": [str(tick) for tick in ticks],
                      "title": {"text": t("fig.rank_axis", lang, count=unit_count)},
                      "gridcolor": "#EEF1F4", "zeroline": False}}


def _base_layout(title: str, height: int, lang: str = "vi") -> dict:
    """Every chart's title, font, size, margins, background and decimal sign (a layout part)."""
    lines = wrap_title(title)
    return {
        # pad: Plotly sizes a title by Latin letters; a stacked Vietnamese mark (ể, ỗ) rises ≈ 6 px
        # above them, and with 12 px the first line lost it at the chart's top edge ("điêm", "giám").
        "title": {"text": "<br>".join(lines), "x": 0, "xanchor": "left", "font": {"size": 17},
                  "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": TITLE_PAD_PX}},
        "font": {"family": FONT, "size": 14},
        "height": height + 22 * (len(lines) - 1),
        "margin": {"l": 10, "r": 20, "t": 40 + 22 * len(lines), "b": 40},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        # Vietnamese: decimal comma, dot for thousands; English the other way round.
        "separators": t("chart.separators", lang),
        "showlegend": False,
    }


def figure(traces, *layout_parts: dict) -> go.Figure:
    """The figure of `traces` with its layout parts merged in order (a later part's keys win, nested
    dicts merge key by key, as successive update_layout calls do), validated once: each
    fig.update_layout/update_xaxes call cost 3–7 ms, 10–17 ms a chart, on every first visit."""
    return go.Figure(data=list(traces), layout=merged_layout(*layout_parts))


def merged_layout(*layout_parts: dict) -> dict:
    """The layout parts merged in order, as figure() merges them."""
    layout: dict = {}
    for part in layout_parts:
        _merge_into(layout, part)
    return layout


def _merge_into(target: dict, part: dict) -> None:
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = value


def ranking_bars(ranking: pd.DataFrame, focus_code: str, title: str, axis_label: str = "Chỉ số DTI",
                 lang: str = "vi") -> go.Figure:
    """One horizontal bar per unit that has a score, ordered by rank, length = score.

    Units without a score are left out (the page says how many); `axis_label` names the metric.
    """
    ordered = ranking[ranking["score"].notna()].reset_index(drop=True)
    # Ranks and scores carry their provenance marks here too (6*. Thái Nguyên, 0,7924*).
    rank_marks = ordered["rank_provenance"] if "rank_provenance" in ordered else [None] * len(ordered)
    score_marks = ordered["score_provenance"] if "score_provenance" in ordered else [None] * len(ordered)
    uncertain = ordered["is_rank_uncertain"] if "is_rank_uncertain" in ordered else [False] * len(ordered)
    labels = [
        (f"{marked_rank(r, p, u)}. " if pd.notna(r) else "– ") + name
        for r, p, u, name in zip(ordered["rank"], rank_marks, uncertain, ordered["province_name"])
    ]
    colours = [FOCUS_COLOUR if code == focus_code else OTHER_COLOUR for code in ordered["province_code"]]
    scores = ordered["score"].astype("Float64")
    texts = [with_provenance_mark(format_score(s, lang=lang), p) if pd.notna(s) else ""
             for s, p in zip(scores, score_marks)]
    bars = go.Bar(
        x=[float(s) if pd.notna(s) else None for s in scores],
        y=labels,
        orientation="h",
        marker_color=colours,
        text=texts,
        textposition="outside",
        textfont={"size": 12},
        cliponaxis=False,
        customdata=ordered[["province_code"]].to_numpy(),
        hovertemplate=t("fig.bar_hover", lang),
    )
    # The focus province's label in the focus colour, so it stands out with or without a bar.
    tick_text = [f'<b><span style="color:{FOCUS_COLOUR}">{label}</span></b>' if code == focus_code else label
                 for label, code in zip(labels, ordered["province_code"])]
    return figure([bars], {
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 12}, "type": "category",
                  "tickmode": "array", "tickvals": labels, "ticktext": tick_text},
        "xaxis": {"range": [0, 1.1], "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1],
                  "title": {"text": t("fig.score_axis_of", lang, metric=axis_label)}, "gridcolor": "#EEF1F4"},
    }, _base_layout(title, height=max(300, 22 * len(ordered) + 120), lang=lang))


def rank_history(history: pd.DataFrame, unit_count: int, title: str,
                 method_changes: list[tuple[int, str]], lang: str = "vi") -> go.Figure:
    """Rank over the years, rank 1 at the top, each with its provenance mark; each change
    annotated ("+11"); gaps stay gaps.

    `method_changes` is [(first year of the new method, label)], drawn as dashed lines.
    """
    years = history["year"].astype(int).tolist()
    ranks = [int(r) if pd.notna(r) else None for r in history["rank"]]
    line = go.Scatter(
        x=years, y=ranks, mode="lines+markers+text", connectgaps=False,
        line={"color": FOCUS_COLOUR, "width": 3}, marker={"size": 12, "color": FOCUS_COLOUR},
        # Each rank with its mark, as in the tables: 28†, 20*, ≈12*.
        text=["" if r is None else marked_rank(r, provenance, uncertain, lang=lang)
              for r, provenance, uncertain in zip(ranks, history["rank_provenance"], history["is_rank_uncertain"])],
        textposition="top center",
        textfont={"size": 14},
        hovertemplate=t("fig.year_rank_hover", lang),
    )
    # Notes and lines as layout lists: add_annotation/add_vline re-validate the layout each time.
    annotations, shapes = [], []
    for year, rank, change, comparable in zip(years, ranks, history["rank_change"], history["is_comparable"]):
        if rank is None or pd.isna(change) or int(change) == 0:
            continue
        marker = "" if pd.isna(comparable) or bool(comparable) else NOT_COMPARABLE_MARK
        places = t("fig.places_one" if abs(int(change)) == 1 else "fig.places", lang, change=f"{int(change):+d}")
        annotations.append({"x": year, "y": rank, "text": places + marker, "showarrow": False,
                            "yshift": -22, "font": {"size": 13, "color": "#1B7F3B" if change > 0 else "#B3261E"}})
    for year, label in method_changes:
        if min(years) < year <= max(years):
            shapes.append({"type": "line", "x0": year - 0.5, "x1": year - 0.5, "xref": "x", "y0": 0, "y1": 1,
                           "yref": "y domain", "line": {"dash": "dash", "color": "#7A8590"}})
            annotations.append({"x": year - 0.5, "y": 0, "yref": "paper", "text": label, "showarrow": False,
                                "xanchor": "left", "yanchor": "bottom", "font": {"size": 11, "color": "#4A5560"}})
    # Head-room above rank 1 so its label is not clipped; the ticks still start at 1.
    return figure([line], {"annotations": annotations, "shapes": shapes},
                  _rank_axis(unit_count, top=-max(4, unit_count // 12), lang=lang),
                  {"xaxis": {"range": [min(years) - 0.5, max(years) + 0.5], "tickmode": "array", "tickvals": years,
                             "ticktext": [str(y) for y in years], "gridcolor": "#EEF1F4"}},
                  _base_layout(title, height=380, lang=lang))


def score_history(history: pd.DataFrame, title: str, lang: str = "vi", mean_label: str | None = None) -> go.Figure:
    """Score over the years against the national mean and the top-ten cut-off; gaps stay gaps.
    Hovers give each number as tables do (0,6342, with its mark) and name the cut-off's holders."""
    years = history["year"].astype(int).tolist()
    name = str(history["province_name"].iloc[0])
    mean_name = mean_label or t("fig.national_mean", lang)
    traces = [go.Scatter(
        x=years, y=_points(history["national_mean"]), mode="lines+markers", name=mean_name, connectgaps=False,
        line={"color": MEAN_COLOUR, "dash": "dot"}, marker={"size": 8},
        # A province's communes are compared with their own mean ('Trung bình 102 xã, phường').
        customdata=_marked_scores(history, "national_mean", lang),
        hovertemplate=t("fig.mean_hover", lang, label=mean_name[:1].lower() + mean_name[1:]))]
    if "top_ten_cutoff_score" in history and history["top_ten_cutoff_score"].notna().any():
        holders = history["top_ten_cutoff_names"] if "top_ten_cutoff_names" in history else [None] * len(history)
        traces.append(go.Scatter(
            x=years, y=_points(history["top_ten_cutoff_score"]), mode="lines+markers", name=t("fig.top_ten", lang),
            connectgaps=False, line={"color": PILLAR_COLOURS["cqs"], "dash": "dash"},
            marker={"size": 8, "symbol": "diamond"},
            customdata=[[score, "" if pd.isna(who) else str(who)] for score, who in zip(
                _marked_scores(history, "top_ten_cutoff_score", lang, "top_ten_cutoff_provenance"), holders,
                strict=True)],
            hovertemplate=t("fig.top_ten_hover", lang)))
    traces.append(go.Scatter(
        x=years, y=_points(history["score"]), mode="lines+markers", name=name, connectgaps=False,
        line={"color": FOCUS_COLOUR, "width": 3}, marker={"size": 11},
        customdata=_marked_scores(history, "score", lang), hovertemplate=t("fig.year_score_hover", lang, name=name)))
    return figure(traces, {
        "yaxis": {"range": [0, 1], "title": {"text": t("fig.score_axis", lang)}, "gridcolor": "#EEF1F4"},
        "xaxis": {"tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]},
    }, _base_layout(title, height=340, lang=lang), {"showlegend": True, "legend": {"orientation": "h", "y": -0.2}})


def _points(values: pd.Series) -> list[float | None]:
    return [float(v) if pd.notna(v) else None for v in values]


def _marked_scores(history: pd.DataFrame, column: str, lang: str, provenance_column: str | None = None) -> list[str]:
    """A score column as hover text: '0,6342', with its provenance mark ('0,7005*')."""
    provenances = history.get(provenance_column or f"{column}_provenance", pd.Series([None] * len(history)))
    return [with_provenance_mark(format_score(value, lang=lang), provenance) if pd.notna(value) else ""
            for value, provenance in zip(history[column], provenances, strict=True)]


def province_map(ranking: pd.DataFrame, geojson: dict, island_labels, focus_code: str, title: str,
                 colour_by: str, lang: str = "vi") -> go.Figure:
    """Choropleth of every unit of the set in one trace, no network base map.

    colour_by "score" (the year's scores are complete) or "rank" (darker = better); units
    with neither get a value past the scale's end that the colour scale paints grey.
    """
    unit_count = len(ranking)
    if colour_by == "score":
        values = ranking["score"].astype("Float64")
        low, high = float(values.min()), float(values.max())
        missing_value = high + (high - low) * 0.1 + 0.001
        colours = [[0.0, "#FDE0DD"], [0.9, "#7A0177"]]
        tick_values = [low, (low + high) / 2, high]
        tick_text = [format_score(v, lang=lang) for v in tick_values]
        legend_title = t("fig.score", lang)
    else:
        values = ranking["rank"].astype("Float64")
        low, high = 1.0, float(unit_count)
        missing_value = high + max(3.0, unit_count * 0.1)
        colours = [[0.0, "#08306B"], [0.9, "#DEEBF7"]]
        tick_values = [1, round(unit_count / 2), unit_count]
        # "hạng 1" at the bottom, as the colours run
        tick_text = [t("fig.rank_tick", lang, rank=int(v)) for v in tick_values]
        legend_title = t("fig.rank", lang)
    top = missing_value
    scale_end = (high - low) / (top - low)
    colour_scale = [[0.0, colours[0][1]], [scale_end, colours[1][1]], [min(scale_end + 0.001, 1.0), MISSING_COLOUR],
                    [1.0, MISSING_COLOUR]]
    z = [float(v) if pd.notna(v) else missing_value for v in values]
    hover = [
        t("fig.map_hover", lang, name=name, rank=int(rank) if pd.notna(rank) else t("fmt.missing", lang),
          score=format_score(score, lang=lang))
        for name, rank, score in zip(ranking["province_name"], ranking["rank"], ranking["score"])
    ]
    is_focus = [code == focus_code for code in ranking["province_code"]]
    traces = [go.Choroplethmap(
        geojson=geojson, featureidkey="properties.code", locations=ranking["province_code"].tolist(), z=z,
        zmin=low, zmax=top, colorscale=colour_scale, text=hover, hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": [FOCUS_COLOUR if f else "white" for f in is_focus],
                         "width": [3 if f else 0.5 for f in is_focus]}},
        # Grey (no value) is named in the caption: a tick for it sat on top of the last one.
        colorbar={"title": {"text": legend_title, "side": "top"}, "tickvals": tick_values, "ticktext": tick_text,
                  "len": 0.6, "thickness": 14, "y": 0.45, "x": 0.83, "xanchor": "left"},
    )]
    # The archipelagos are named in the legend, beside a dot of their colour on the map: text on a
    # map layer needs glyphs fetched from a font server (fonts.openmaptiles.org), and nothing the
    # app shows may need the internet.
    for (label, lon, lat), colour in zip(island_labels, ISLAND_COLOURS):
        traces.append(go.Scattermap(
            lon=[lon], lat=[lat], text=[label], name=label, mode="markers", showlegend=True,
            marker={"size": 9, "color": colour}, hoverinfo="text"))
    # The map left of the colour bar, wide enough for Điện Biên (102° E) and Trường Sa (114,4° E).
    return figure(traces, {"map": {"style": "white-bg", "center": {"lat": 15.8, "lon": 108.3}, "zoom": 3.95,
                                   "domain": {"x": [0, 0.82], "y": [0, 1]}}},
                  _base_layout(title, height=640, lang=lang),
                  {"showlegend": True, "legend": {"orientation": "v", "x": 0.01, "y": 0.01, "xanchor": "left",
                                                  "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)",
                                                  "font": {"size": 12}}})


def index_scores(indices: pd.DataFrame, title: str, lang: str = "vi") -> go.Figure:
    """Pillars (each in its fixed colour) and main indices (focus colour) as horizontal bars."""
    shown = indices[indices["score"].notna()]
    colours = [PILLAR_COLOURS.get(code, FOCUS_COLOUR) for code in shown["indicator_code"]]
    labels = [indicator_label(level, name, lang) for level, name in zip(shown["indicator_level"], shown["name_vi"])]
    bars = go.Bar(
        x=shown["score"].astype(float).tolist(), y=labels, orientation="h", marker_color=colours,
        text=[format_score(v, lang=lang) for v in shown["score"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.4f}<extra></extra>")
    return figure([bars], {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [0, 1.08], "title": {"text": t("fig.score_axis", lang)}, "gridcolor": "#EEF1F4"},
    }, _base_layout(title, height=max(260, 34 * len(shown) + 110), lang=lang))


COMPARE_COLOURS = ["#1F5FA8", "#E08A00", "#2E8B57", "#7B3FA0", "#5A6B7B"]


# The slope chart's names: a thin leader from each end point to its name, no two names on one side
# closer than their lines (label_line_px).
SLOPE_LABEL_PX = 11
SLOPE_FOCUS_LABEL_PX = 14
SLOPE_LABEL_OFFSET_PX = 14  # from the end point to its name
RANK_LABEL = "rank_label"  # the name of an annotation place_rank_labels spreads apart


def rank_slopes(changes: pd.DataFrame, from_year: int, to_year: int, unit_count: int, focus_code: str,
                title: str, lang: str = "vi") -> go.Figure:
    """Slope chart of ranks between two years for every unit ranked in both; rank 1 at the top.

    Grey lines for all (one trace, gaps between units), the focus province in its colour, the
    names of the five biggest climbers and fallers (the tables' own, display.biggest_moves) at the
    right end. Names are annotations with a leader to their point, spread apart where neighbouring
    ranks would put them on top of each other (place_rank_labels).
    """
    both = changes[changes["from_rank"].notna() & changes["to_rank"].notna()]
    xs, ys = [], []
    for row in both.itertuples():
        xs += [str(from_year), str(to_year), None]
        ys += [int(row.from_rank), int(row.to_rank), None]
    traces = [go.Scatter(x=xs, y=ys, mode="lines+markers", line={"color": OTHER_COLOUR, "width": 1},
                         marker={"size": 5, "color": OTHER_COLOUR}, hoverinfo="skip", name=t("fig.units", lang))]
    focus = both[both["province_code"] == focus_code]
    moved = pd.concat(biggest_moves(both, 5))
    labels = []
    for row in moved.itertuples():
        if row.province_code != focus_code:  # the focus province has its own names, in its colour
            # The rank reached, with its mark (a computed rank is not a published one), then the move.
            labels.append(_rank_label(
                1, row.to_rank, f"{row.province_name} "
                f"{marked_rank(row.to_rank, row.to_rank_provenance, row.is_to_rank_uncertain)} "
                f"({int(row.rank_change):+d})", "#4A5560", SLOPE_LABEL_PX, "right"))
    if not focus.empty:
        row = focus.iloc[0]
        traces.append(go.Scatter(
            x=[str(from_year), str(to_year)], y=[int(row["from_rank"]), int(row["to_rank"])], mode="lines+markers",
            line={"color": FOCUS_COLOUR, "width": 4}, marker={"size": 11, "color": FOCUS_COLOUR},
            hovertemplate=t("fig.rank_hover", lang)))
        labels.append(_rank_label(
            0, row["from_rank"], f"{row['province_name']} "
            + marked_rank(row["from_rank"], row["from_rank_provenance"], row["is_from_rank_uncertain"]),
            FOCUS_COLOUR, SLOPE_FOCUS_LABEL_PX, "left"))
        to_rank = marked_rank(row["to_rank"], row["to_rank_provenance"], row["is_to_rank_uncertain"])
        if focus_code in set(moved["province_code"]):
            to_rank += f" ({int(row['rank_change']):+d})"  # one of the biggest moves: said once, in its colour
        labels.append(_rank_label(1, row["to_rank"], to_rank, FOCUS_COLOUR, SLOPE_FOCUS_LABEL_PX, "right"))
    layout = merged_layout(_rank_axis(unit_count, top=0, lang=lang),
                           {"xaxis": {"type": "category", "range": [-0.15, 1.15]}},
                           _base_layout(title, height=620, lang=lang),
                           {"margin": {"l": 150, "r": 150}, "annotations": labels})  # room for the names at both ends
    return go.Figure(data=traces, layout=_place_rank_labels_in(layout))


def _rank_label(year_index: int, rank, text: str, colour: str, size: int, side: str) -> dict:
    """A name at `side` ("left", "right") of the point (year, rank), with a thin leader to it; its
    height (ay, in ranks) is set by place_rank_labels. The year is its place on the category axis
    (0 the first, 1 the second): Plotly drew no annotation at a category's name on an axis with
    a range."""
    offset = SLOPE_LABEL_OFFSET_PX if side == "right" else -SLOPE_LABEL_OFFSET_PX
    return {"name": RANK_LABEL, "x": year_index, "y": int(rank), "ax": offset, "ay": int(rank), "axref": "pixel",
            "ayref": "y", "xanchor": "left" if side == "right" else "right", "yanchor": "middle", "text": text,
            "font": {"size": size, "color": colour}, "showarrow": True, "arrowhead": 0, "arrowwidth": 1,
            "arrowcolor": colour if colour == FOCUS_COLOUR else OTHER_COLOUR, "standoff": 4}


def place_rank_labels(fig: go.Figure) -> go.Figure:
    """Spread the rank labels (annotations named RANK_LABEL) on each side of each year so that none
    overlaps another: each takes a line of its font, in ranks for the figure's plot height; a group
    of neighbours moves as one, centred on the ranks it names, inside the rank axis. The margins
    grow to the longest label on their side. Called again after a restyle (presenter_layout)
    changes the fonts or the height."""
    layout = fig.layout.to_plotly_json()
    if not any(label.get("name") == RANK_LABEL for label in layout.get("annotations", ())):
        return fig
    placed = _place_rank_labels_in(layout)
    return fig.update_layout(annotations=placed["annotations"], margin=placed["margin"])


def _place_rank_labels_in(layout: dict) -> dict:
    """place_rank_labels on a layout as plain dicts (changed in place and returned): reading the
    annotations through Plotly's objects cost 29 of a slope chart's 37 ms."""
    labels = [label for label in layout.get("annotations", ()) if label.get("name") == RANK_LABEL]
    if not labels:
        return layout
    bottom, top = layout["yaxis"]["range"]
    margin = layout.setdefault("margin", {})
    plot_px = layout["height"] - margin["t"] - margin["b"]
    px_per_rank = plot_px / abs(bottom - top)
    sides: dict[tuple, list] = {}
    for label in labels:
        sides.setdefault((label["x"], label["ax"] > 0), []).append(label)
    for side in sides.values():
        places = spread_apart([float(label["y"]) for label in side],
                              [label_line_px(label["font"]["size"]) / px_per_rank for label in side],
                              min(top, bottom), max(top, bottom))
        for label, place in zip(side, places, strict=True):
            label["ay"] = place
        edge = "r" if side[0]["ax"] > 0 else "l"
        widest = max(label_width_px(label["text"], label["font"]["size"]) + abs(label["ax"]) + label["standoff"]
                     for label in side)
        margin[edge] = max(margin.get(edge) or 0, math.ceil(widest))
    return layout


def label_width_px(text: str, font_px: float) -> float:
    """A generous width of `text` in Be Vietnam Pro: 0.55 em a character (measured 0.525 on
    'Bà Rịa - Vũng Tàu 10† (+18)': 255 px at 18 px)."""
    return 0.55 * font_px * len(text)


def label_line_px(font_px: float) -> float:
    """The height a line of text takes: 1.3 × its font size, as Plotly sets lines, and 2 px between."""
    return 1.3 * font_px + 2


def spread_apart(wanted: list[float], heights: list[float], low: float, high: float) -> list[float]:
    """Centres as near `wanted` as they can be, in the same order, for items of `heights` that do
    not overlap and stay inside [low, high] where they fit (`low` wins where they do not). Items that
    would overlap form a group, stacked edge to edge and centred on their wanted mean."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    groups: list[list[int]] = []  # each: indices in `wanted`, top to bottom
    starts: list[float] = []  # each group's first centre
    offsets: dict[int, float] = {}  # each item's centre below its group's first centre

    def stack(group: list[int]) -> None:
        offsets[group[0]] = 0.0
        for above, below in zip(group, group[1:]):
            offsets[below] = offsets[above] + (heights[above] + heights[below]) / 2

    for index in order:
        groups.append([index])
        starts.append(wanted[index])
        offsets[index] = 0.0
        while True:
            first, last = groups[-1][0], groups[-1][-1]
            starts[-1] = max(low + heights[first] / 2, min(starts[-1], high - offsets[last] - heights[last] / 2))
            if len(groups) < 2:
                break
            above = groups[-2][-1]
            if starts[-2] + offsets[above] + (heights[above] + heights[first]) / 2 <= starts[-1]:
                break
            merged = groups.pop(-2) + groups.pop()
            del starts[-2:]
            stack(merged)
            groups.append(merged)
            starts.append(sum(wanted[i] - offsets[i] for i in merged) / len(merged))
    places = [0.0] * len(wanted)
    for group, start in zip(groups, starts):
        for index in group:
            places[index] = start + offsets[index]
    return places


def compare_ranks(histories: pd.DataFrame, focus_code: str, unit_count: int, title: str,
                  lang: str = "vi") -> go.Figure:
    """Rank over the years for several provinces; the focus province in the focus colour."""
    traces = []
    others = iter(COMPARE_COLOURS)
    for code, history in histories.groupby("province_code", sort=False):
        colour = FOCUS_COLOUR if code == focus_code else next(others, OTHER_COLOUR)
        traces.append(go.Scatter(
            x=history["year"].astype(int).tolist(),
            y=[int(r) if pd.notna(r) else None for r in history["rank"]],
            mode="lines+markers", connectgaps=False, name=str(history["province_name"].iloc[0]),
            line={"color": colour, "width": 4 if code == focus_code else 2}, marker={"size": 9},
            hovertemplate=f"{history['province_name'].iloc[0]}: " + t("fig.compare_hover", lang)))
    # Only years someone chosen has a rank in (2020–2021 of the 34 units were an empty band).
    years = [int(year) for year in sorted(histories.loc[histories["rank"].notna(), "year"].astype(int).unique())]
    x_axis = {"tickmode": "array", "tickvals": years, "ticktext": [str(y) for y in years]}
    if years:
        x_axis["range"] = [years[0] - 0.3, years[-1] + 0.3]
    return figure(traces, _rank_axis(unit_count, top=0, lang=lang), {"xaxis": x_axis},
                  _base_layout(title, height=420, lang=lang),
                  {"showlegend": True, "legend": {"orientation": "h", "y": -0.15}})


def index_tree(indicators: pd.DataFrame, title: str, lang: str = "vi") -> go.Figure:
    """Sunburst of one framework's index tree sized by points (equal sizes where unknown)."""
    shown = indicators[indicators["level"].isin(["total", "group", "pillar", "main"])].copy()
    has_points = shown.loc[shown["level"] != "total", "points"].notna().any()
    # Pillars of QĐ 922 are computed views of the same indices, not parts of the total.
    if (shown["level"] == "main").any():
        shown = shown[shown["level"] != "pillar"]
    if not has_points:  # equal leaves; a parent only the sum of its children (its own 1 was an empty wedge)
        parents = set(shown["parent"].dropna())
        shown["points"] = [0.0 if code in parents else 1.0 for code in shown["code"]]
    else:
        shown = shown[shown["points"].fillna(0) > 0]
    labels = [f"{name}<br>{t('fig.points', lang, points=int(points))}" if has_points else name
              for name, points in zip(shown["name_vi"], shown["points"])]
    sunburst = go.Sunburst(
        ids=shown["code"].tolist(), labels=labels,
        parents=[p if isinstance(p, str) and p else "" for p in shown["parent"]],
        values=shown["points"].astype(float).tolist(), branchvalues="total" if has_points else "remainder",
        insidetextorientation="horizontal", hovertemplate="%{label}<extra></extra>",
        marker={"colors": [PILLAR_COLOURS.get(c, None) for c in shown["code"]]})
    return figure([sunburst], _base_layout(title, height=520, lang=lang))


TARGET_COLOUR = "#1F5FA8"
TOP_CUT_COLOUR = "#4A5560"


def simulation_field(field: pd.DataFrame, focus_code: str, title: str, unit_count: int, *,
                     top_cut: float | None = None, target: float | None = None,
                     move: tuple[int, float, int, float] | None = None, band: tuple[int, int] | None = None,
                     passed: tuple[str, ...] = (), tied: tuple[str, ...] = (), lang: str = "vi") -> go.Figure:
    """Every unit's score against its rank (rank 1 at the left); estimated scores hollow with their
    bounds; the top-10 cut-off and the target as horizontal lines; the robustness band as a shaded
    span of ranks; after a what-if an arrow from today's position to the new one, the units it
    passes ringed, the ones it equals ringed twice.

    `field`: code, name, rank, score, lower, upper, is_estimated (one row per unit in the field).
    """
    shown = field[field["rank"].notna()].sort_values("rank")
    others = shown[shown["code"] != focus_code]
    traces = []
    for estimated, group in others.groupby("is_estimated"):
        traces.append(go.Scatter(
            x=group["rank"].astype(int).tolist(), y=group["score"].astype(float).tolist(), mode="markers",
            marker={"size": 9, "color": "white" if estimated else OTHER_COLOUR,
                    "line": {"color": OTHER_COLOUR, "width": 2}},
            error_y={"type": "data", "symmetric": False, "visible": bool(estimated), "color": MISSING_COLOUR,
                     "array": (group["upper"] - group["score"]).astype(float).tolist(),
                     "arrayminus": (group["score"] - group["lower"]).astype(float).tolist()},
            customdata=group[["name"]].to_numpy(),
            hovertemplate="%{customdata[0]}: " + t("sim_chart.hover", lang)
                          + (t("sim_chart.estimated", lang) if estimated else "") + "<extra></extra>"))
    for codes, width in ((passed, 1.5), (tied, 4)):
        ringed = shown[shown["code"].isin(codes)]
        if not ringed.empty:
            traces.append(go.Scatter(
                x=ringed["rank"].astype(int).tolist(), y=ringed["score"].astype(float).tolist(), mode="markers",
                marker={"size": 15, "color": "rgba(0,0,0,0)", "line": {"color": FOCUS_COLOUR, "width": width}},
                hoverinfo="skip"))
    focus = shown[shown["code"] == focus_code]
    if not focus.empty:
        row = focus.iloc[0]
        traces.append(go.Scatter(
            x=[int(row["rank"])], y=[float(row["score"])], mode="markers+text",
            marker={"size": 15, "color": FOCUS_COLOUR}, text=[f"{row['name']} {format_number(row['score'], lang)}"],
            textposition="top right", textfont={"color": FOCUS_COLOUR, "size": 14},
            hovertemplate=f"{row['name']}: " + t("sim_chart.hover", lang) + "<extra></extra>"))
    if move is not None:
        traces.append(go.Scatter(
            x=[move[2]], y=[move[3]], mode="markers",
            marker={"size": 16, "color": "white", "line": {"color": FOCUS_COLOUR, "width": 3}, "symbol": "star"},
            hovertemplate=t("sim_chart.after_hover", lang) + "<extra></extra>"))
    # The points decide the range (an estimate's wide bounds would squeeze them flat).
    values = shown["score"].astype(float).tolist() + [v for v in (top_cut, target) if v is not None]
    if move is not None:
        values += [move[1], move[3]]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max(0.02, (high - low) * 0.08)
    fig = figure(traces, {
        "xaxis": {"range": [0, unit_count + 1], "title": {"text": t("sim_chart.rank_axis", lang, n=unit_count)},
                  "gridcolor": "#EEF1F4", "zeroline": False},
        "yaxis": {"title": {"text": t("sim_chart.score_axis", lang)}, "gridcolor": "#EEF1F4", "tickformat": ".2f",
                  "range": [max(0.0, low - pad), min(1.0, high + 2 * pad)]},
    }, _base_layout(title, height=380, lang=lang),
        {"margin": {"l": 10, "r": 20, "t": 50, "b": 30}})
    if band is not None:
        fig.add_vrect(x0=band[0] - 0.5, x1=band[1] + 0.5, fillcolor=FOCUS_COLOUR, opacity=0.08, line_width=0,
                      annotation_text=t("sim_chart.band", lang), annotation_position="bottom left",
                      annotation_font={"size": 11, "color": FOCUS_COLOUR})
    for value, colour, label, where in ((top_cut, TOP_CUT_COLOUR, t("sim_chart.top_cut", lang), "top right"),
                                        (target, TARGET_COLOUR, t("sim_chart.target", lang), "bottom right")):
        if value is not None:  # the target's label under its line: "top 10" puts both lines on one value
            fig.add_hline(y=value, line={"color": colour, "width": 1.5, "dash": "dash"},
                          annotation_text=f"{label} {format_number(value, lang)}", annotation_position=where,
                          annotation_font={"size": 12, "color": colour})
    if move is not None:
        old_rank, old_score, new_rank, new_score = move
        fig.add_annotation(x=new_rank, y=new_score, ax=old_rank, ay=old_score, xref="x", yref="y", axref="x",
                           ayref="y", showarrow=True, arrowhead=3, arrowsize=1.4, arrowwidth=2.5,
                           arrowcolor=FOCUS_COLOUR, text="")
        # Said in a corner, not beside the star: the units it passes crowd that spot.
        fig.add_annotation(xref="paper", yref="paper", x=1, y=1.0, xanchor="right", yanchor="bottom",
                           showarrow=False, font={"color": FOCUS_COLOUR, "size": 14},
                           text=t("sim_chart.after", lang, rank=new_rank, n=unit_count,
                                  score=format_number(new_score, lang)))
    return fig


def index_gains(gains: pd.DataFrame, title: str, lang: str = "vi") -> go.Figure:
    """The least gain in each main index alone against its headroom: a bar of the gain (focus colour
    where it fits, grey where it does not), the headroom as a dark tick, 'không thể…' written out.

    `gains`: name, least_gain, headroom (None = unknown), is_possible."""
    labels = gains["name"].tolist()
    traces = [go.Bar(
        x=gains["least_gain"].astype(float).tolist(), y=labels, orientation="h",
        marker_color=[FOCUS_COLOUR if possible is not False else OTHER_COLOUR for possible in gains["is_possible"]],
        text=[format_number(g, lang) + ("" if possible is not False else t("sim_chart.impossible", lang))
              for g, possible in zip(gains["least_gain"], gains["is_possible"])],
        textposition="outside", cliponaxis=False, name=t("sim_chart.gain_name", lang),
        hovertemplate=t("sim_chart.gain_hover", lang) + "<extra></extra>")]
    known = gains[gains["headroom"].notna()]
    traces.append(go.Scatter(
        x=known["headroom"].astype(float).tolist(), y=known["name"].tolist(), mode="markers",
        marker={"symbol": "line-ns-open", "size": 26, "color": MEAN_COLOUR, "line": {"width": 3, "color": MEAN_COLOUR}},
        name=t("sim_chart.headroom_name", lang), hovertemplate=t("sim_chart.headroom_hover", lang) + "<extra></extra>"))
    top = max(gains["least_gain"].astype(float).tolist() + known["headroom"].astype(float).tolist() + [0.01])
    # Room for the "không thể…" words after the longest bar.
    room = 1.8 if lang == "vi" else 2.7  # the English "not possible within the remaining headroom" is longer
    return figure(traces, {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [0, top * room], "title": {"text": t("sim_chart.gain_axis", lang)}, "gridcolor": "#EEF1F4"},
    }, _base_layout(title, height=max(260, 40 * len(gains) + 130), lang=lang),
        {"showlegend": True, "legend": {"orientation": "h", "y": -0.25}})


def plan_progress(progress: pd.DataFrame, title: str, lang: str = "vi") -> go.Figure:
    """Each plan row's way to its target: the share of its gap closed (0 = the value when the plan
    was made, 1 = the target) at each review meeting; the target as a line.

    `progress`: label, meeting_date, share (one row per row and meeting)."""
    traces = []
    others = iter(COMPARE_COLOURS)
    for label, rows in progress.groupby("label", sort=False):
        traces.append(go.Scatter(
            x=rows["meeting_date"].tolist(), y=rows["share"].astype(float).tolist(), mode="lines+markers",
            name=str(label), line={"width": 3, "color": next(others, OTHER_COLOUR)}, marker={"size": 9},
            hovertemplate=f"{label}: " + t("plan_chart.hover", lang) + "<extra></extra>"))
    fig = figure(traces, {
        "yaxis": {"tickformat": ".0%", "title": {"text": t("plan_chart.share_axis", lang)}, "gridcolor": "#EEF1F4",
                  "rangemode": "tozero"},
        "xaxis": {"tickformat": "%d/%m/%Y", "title": {"text": t("plan_chart.date_axis", lang)}},
    }, _base_layout(title, height=380, lang=lang),
        {"showlegend": True, "legend": {"orientation": "h", "y": -0.25}})
    fig.add_hline(y=1, line={"color": TARGET_COLOUR, "dash": "dash"}, annotation_text=t("sim_chart.target", lang),
                  annotation_position="top left", annotation_font={"color": TARGET_COLOUR})
    return fig


# Presenter mode: the same figures, readable on a shared 1280×720 screen in either theme.
PRESENTER_TEXT_PX = 18  # ticks, labels, legends (the issue asks ≥ 16 px)
PRESENTER_TITLE_PX = 24
PRESENTER_TITLE_PAD_PX = 32  # as TITLE_PAD_PX: room for the marks stacked on the first line
PRESENTER_LINE_PX = 4
PRESENTER_HEIGHT = 360  # title sentence + chart + source line fit 720 px without scrolling
THEME_TEXT = {"light": "#1F2A33", "dark": "#F0F2F5"}
# Greys drawn for a white background, and what keeps their contrast on Streamlit's dark one
# (#0E1117): dark text and mean lines turn light, grid lines turn dark. The focus colour
# (#C8102E, 3.3:1 on dark, 5.9:1 on white) stays the same in both: one colour for our province.
_ON_DARK = {"#1F2A33": "#F0F2F5", MEAN_COLOUR: "#C5CDD5", "#7A8590": "#AEB8C2", "#EEF1F4": "#2B323B",
            OTHER_COLOUR: "#7D8893", "#D9DEE3": "#4A525C", "white": "rgba(0,0,0,0)",
            "#1B7F3B": "#5BC88A", "#B3261E": "#FF7A6E"}  # up/ahead green, down/behind red


def _presenter_top_margin(title: str | None) -> int:
    """Room above the plot for the title's lines at the presenter's size (16 px without a title)."""
    if not title:
        return 16
    return PRESENTER_TITLE_PAD_PX + 32 * (title.count("<br>") + 1) + 14


def presenter_layout(fig: go.Figure, theme: str = "light", keep_height: bool = False) -> go.Figure:
    """A copy of `fig` for presenting: text ≥ 16 px, thick lines, a transparent background and
    colours that stay legible on the theme's background ("light" or "dark"); at most
    PRESENTER_HEIGHT tall unless `keep_height`. Rank labels are spread again for the new size."""
    dark = theme == "dark"
    fig = go.Figure(fig)

    def colour(value):
        return _ON_DARK.get(value, value) if dark and isinstance(value, str) else value

    def bigger(font, size=PRESENTER_TEXT_PX):
        font = font.to_plotly_json() if hasattr(font, "to_plotly_json") else dict(font or {})
        return {**font, "size": max(font.get("size") or 0, size), "color": colour(font.get("color"))}

    fig.update_layout(
        font={"family": FONT, "size": PRESENTER_TEXT_PX, "color": THEME_TEXT[theme]},
        title={"font": {"size": PRESENTER_TITLE_PX}, "pad": {"t": PRESENTER_TITLE_PAD_PX}},
        # Each title line of 24 px takes ≈ 32 px: two lines under a 70 px margin ran into the top
        # and lost their upper half (seen at 1280×720).
        margin={"t": _presenter_top_margin(fig.layout.title.text), "b": 10},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        height=fig.layout.height if keep_height else min(fig.layout.height or PRESENTER_HEIGHT, PRESENTER_HEIGHT),
        legend={"font": {"size": PRESENTER_TEXT_PX}},
        annotations=[{**a.to_plotly_json(), "font": bigger(a.font, PRESENTER_TEXT_PX if (a.font.size or 0) < 40
                                                         else a.font.size), "arrowcolor": colour(a.arrowcolor)}
                     for a in fig.layout.annotations],
        shapes=[{**s.to_plotly_json(), "line": {**s.line.to_plotly_json(), "width": max(s.line.width or 0, 2),
                                                "color": colour(s.line.color)}} for s in fig.layout.shapes],
    )
    # Explicit colours: the screen's chart theme would paint ticks and axis titles a pale grey.
    axis = {"tickfont": {"size": PRESENTER_TEXT_PX, "color": THEME_TEXT[theme]},
            "title": {"font": {"size": PRESENTER_TEXT_PX, "color": THEME_TEXT[theme]}}, "linewidth": 2}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    for name in ("xaxis", "yaxis"):
        layout_axis = fig.layout[name]
        if layout_axis.gridcolor:
            layout_axis.gridcolor = colour(layout_axis.gridcolor)
        if layout_axis.zerolinecolor:
            layout_axis.zerolinecolor = colour(layout_axis.zerolinecolor)
    for trace in fig.data:
        if "textfont" in trace:
            trace.textfont = bigger(trace.textfont)
        if trace.type == "scatter":
            trace.line.width = max(trace.line.width or 2, PRESENTER_LINE_PX)
            trace.line.color = colour(trace.line.color)
            trace.marker.size = max(trace.marker.size or 6, 14) if not isinstance(trace.marker.size, tuple) \
                else trace.marker.size
            trace.marker.color = colour(trace.marker.color)
            if trace.marker.line.color:
                trace.marker.line.color = colour(trace.marker.line.color)
        elif trace.type == "bar" and dark:
            bar_colours = trace.marker.color
            trace.marker.color = ([colour(c) for c in bar_colours] if isinstance(bar_colours, (list, tuple))
                                  else colour(bar_colours))
    return place_rank_labels(fig)
