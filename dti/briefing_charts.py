"""Charts the briefing adds to dti.charts: the headline numbers, indices against the national
mean, score gaps, least gains to a target and a plan's progress. Same look as dti.charts
(its colours, font and layout); titles stay empty because the briefing's sentence is the title.
"""

import pandas as pd
import plotly.graph_objects as go

from dti.charts import FOCUS_COLOUR, MEAN_COLOUR, OTHER_COLOUR, PILLAR_COLOURS, _base_layout, figure
from dti.i18n import t
from dti.planner_sentences import number

BEHIND_COLOUR = "#B3261E"
AHEAD_COLOUR = "#1B7F3B"


# The narrowest the headline chart is drawn: the main column beside the sidebar at 1280×720.
NARROWEST_CHART_PX = 820
# A bold digit is at most this share of its font size wide ('20/63*' at 64 px: ≈ 230 px).
DIGIT_WIDTH_EM = 0.62


def headline_numbers(tiles: list[tuple[str, str, str]], lang: str = "vi") -> go.Figure:
    """Big numbers side by side: [(label, value text with its provenance mark, note)]. The first
    is the largest (64 px); each shrinks to fit its share of the narrowest chart, so five numbers
    (rank, score and three pillar ranks) never run into each other."""
    count = max(1, len(tiles))
    tile_px = NARROWEST_CHART_PX / count
    annotations = []
    for position, (label, value, note) in enumerate(tiles):
        centre = (position + 0.5) / count
        fitting = int(0.9 * tile_px / (DIGIT_WIDTH_EM * max(1, len(value))))
        size = min(64 if position == 0 else 44, fitting)
        annotations += [
            {"x": centre, "y": 0.78, "text": label, "font": {"size": 17, "color": MEAN_COLOUR}},
            {"x": centre, "y": 0.48, "text": f"<b>{value}</b>",
             "font": {"size": size, "color": FOCUS_COLOUR if position == 0 else "#1F2A33"}},
            {"x": centre, "y": 0.16, "text": note, "font": {"size": 15, "color": MEAN_COLOUR}},
        ]
    for item in annotations:
        item.update({"xref": "paper", "yref": "paper", "showarrow": False, "xanchor": "center"})
    return figure([], {"annotations": annotations, "xaxis": {"visible": False}, "yaxis": {"visible": False}},
                  _base_layout("", height=320, lang=lang))


def indices_against_mean(indices: pd.DataFrame, score_texts: list[str], lang: str = "vi") -> go.Figure:
    """Pillars and main indices as bars (score text with marks), the national mean as a marker
    where it is published; rows without a score are left out by the caller."""
    labels = [(t("brief.pillar_name", lang, name=name) if level == "pillar" else name)
              for level, name in zip(indices["indicator_level"], indices["name_vi"])]
    colours = [PILLAR_COLOURS.get(code, FOCUS_COLOUR) for code in indices["indicator_code"]]
    traces = [go.Bar(
        x=indices["score"].astype(float).tolist(), y=labels, orientation="h", marker_color=colours,
        text=score_texts, textposition="outside", cliponaxis=False, name=t("brief_chart.province", lang),
        hovertemplate="%{y}: %{x:.4f}<extra></extra>")]
    means = indices["national_mean"]
    if means.notna().any():
        traces.append(go.Scatter(
            x=[float(m) if pd.notna(m) else None for m in means], y=labels, mode="markers",
            marker={"symbol": "line-ns", "size": 30, "line": {"width": 4, "color": MEAN_COLOUR}},
            name=t("brief.gap_mean", lang), hovertemplate=t("brief.gap_mean", lang) + ": %{x:.4f}<extra></extra>"))
    return figure(traces, {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [0, 1.12], "title": {"text": t("brief_chart.score_axis", lang)}, "gridcolor": "#EEF1F4"},
    }, _base_layout("", height=max(300, 40 * len(labels) + 120), lang=lang),
        {"showlegend": bool(means.notna().any()), "legend": {"orientation": "h", "y": -0.2}})


def score_gaps(rows: list[tuple[str, float]], lang: str = "vi") -> go.Figure:
    """One bar per comparison: gap = other score − province score (> 0: behind, red)."""
    labels = [label for label, _ in rows]
    gaps = [float(gap) for _, gap in rows]
    bars = go.Bar(
        x=gaps, y=labels, orientation="h",
        marker_color=[BEHIND_COLOUR if gap > 0 else AHEAD_COLOUR for gap in gaps],
        text=[number(gap, lang, signed=True) for gap in gaps], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.4f}<extra></extra>")
    reach = max([abs(g) for g in gaps] + [0.01]) * 1.35
    return figure([bars], {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [-reach, reach], "title": {"text": t("brief_chart.gap_axis", lang)},
                  "gridcolor": "#EEF1F4", "zeroline": True, "zerolinecolor": MEAN_COLOUR, "zerolinewidth": 2},
    }, _base_layout("", height=max(300, 56 * len(rows) + 120), lang=lang))


def least_gains(rows: list[tuple[str, float, bool]], lang: str = "vi") -> go.Figure:
    """Least gain per main index alone to reach the target: (label, gain, possible)."""
    labels = [label for label, _, _ in rows]
    bars = go.Bar(
        x=[gain for _, gain, _ in rows], y=labels, orientation="h",
        marker_color=[FOCUS_COLOUR if possible else OTHER_COLOUR for _, _, possible in rows],
        text=[f"+{number(gain, lang)}" + ("" if possible else t("brief_chart.impossible", lang))
              for _, gain, possible in rows],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: +%{x:.4f}<extra></extra>")
    reach = max([gain for _, gain, _ in rows] + [0.01]) * 1.45
    return figure([bars], {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [0, reach], "title": {"text": t("brief_chart.gain_axis", lang)}, "gridcolor": "#EEF1F4"},
    }, _base_layout("", height=max(300, 44 * len(rows) + 120), lang=lang))


def plan_progress(rows: list[tuple[str, float]], lang: str = "vi") -> go.Figure:
    """A plan's items with their progress (0–1)."""
    bars = go.Bar(
        x=[p for _, p in rows], y=[label for label, _ in rows], orientation="h", marker_color=FOCUS_COLOUR,
        text=[f"{round(p * 100)}%" for _, p in rows], textposition="outside", cliponaxis=False)
    return figure([bars], {
        "yaxis": {"autorange": "reversed", "type": "category"},
        "xaxis": {"range": [0, 1.15], "tickformat": ".0%", "title": {"text": t("brief_chart.progress_axis", lang)},
                  "gridcolor": "#EEF1F4"},
    }, _base_layout("", height=max(300, 44 * len(rows) + 120), lang=lang))
