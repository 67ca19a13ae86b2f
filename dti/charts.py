"""Charts: tidy DataFrame in, Plotly Figure out. No data cleaning and no streamlit here.

One focus colour for the selected province everywhere, one colour per pillar, greys for
the rest. Ranks are drawn with rank 1 at the top; missing years are gaps, never zeros.
"""

import pandas as pd
import plotly.graph_objects as go

from dti.formatting import format_score

FOCUS_COLOUR = "#C8102E"
OTHER_COLOUR = "#A7B1BC"
MISSING_COLOUR = "#D9DEE3"
MEAN_COLOUR = "#4A5560"
PILLAR_COLOURS = {"cqs": "#1F5FA8", "kts": "#E08A00", "xhs": "#2E8B57"}
FONT = "Be Vietnam Pro, DejaVu Sans, sans-serif"


def _base_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=",.",  # Vietnamese: decimal comma, dot for thousands
        showlegend=False,
    )
    return fig


def ranking_bars(ranking: pd.DataFrame, focus_code: str, title: str) -> go.Figure:
    """One horizontal bar per unit (every unit of the set), ordered by rank, length = score.

    Units without a published score get no bar and a grey note instead; units without a
    rank are listed last as "chưa xếp hạng".
    """
    ordered = ranking.reset_index(drop=True)
    labels = [
        (f"{int(r)}. " if pd.notna(r) else "– ") + name
        for r, name in zip(ordered["rank"], ordered["province_name"])
    ]
    colours = [FOCUS_COLOUR if code == focus_code else OTHER_COLOUR for code in ordered["province_code"]]
    scores = ordered["score"].astype("Float64")
    texts = [format_score(s) if pd.notna(s) else "" for s in scores]
    fig = go.Figure(go.Bar(
        x=[float(s) if pd.notna(s) else None for s in scores],
        y=labels,
        orientation="h",
        marker_color=colours,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        customdata=ordered[["province_code"]].to_numpy(),
        hovertemplate="%{y}<br>Điểm: %{x:.4f}<extra></extra>",
    ))
    # A missing score is said in words where its bar would be. One layout update for all of
    # them: add_annotation in a loop re-validates every earlier annotation (quadratic, ~0.1 s).
    fig.update_layout(annotations=[
        {"x": 0, "y": label, "text": "chưa có điểm công bố", "showarrow": False, "xanchor": "left",
         "font": {"color": FOCUS_COLOUR if code == focus_code else "#7A8590", "size": 12}}
        for label, score, code in zip(labels, scores, ordered["province_code"]) if pd.isna(score)
    ])
    fig.update_traces(textfont={"size": 12})
    # The focus province's label in the focus colour, so it stands out with or without a bar.
    tick_text = [f'<b><span style="color:{FOCUS_COLOUR}">{label}</span></b>' if code == focus_code else label
                 for label, code in zip(labels, ordered["province_code"])]
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12}, type="category",
                     tickmode="array", tickvals=labels, ticktext=tick_text)
    fig.update_xaxes(range=[0, 1], title_text="Điểm DTI (0–1)", gridcolor="#EEF1F4")
    return _base_layout(fig, title, height=max(400, 22 * len(ordered) + 120))


def rank_history(history: pd.DataFrame, unit_count: int, title: str,
                 method_changes: list[tuple[int, str]]) -> go.Figure:
    """Rank over the years, rank 1 at the top; each change annotated ("+11"); gaps stay gaps.

    `method_changes` is [(first year of the new method, label)], drawn as dashed lines.
    """
    years = history["year"].astype(int).tolist()
    ranks = [int(r) if pd.notna(r) else None for r in history["rank"]]
    fig = go.Figure(go.Scatter(
        x=years, y=ranks, mode="lines+markers+text", connectgaps=False,
        line={"color": FOCUS_COLOUR, "width": 3}, marker={"size": 12, "color": FOCUS_COLOUR},
        text=[f"{r}" if r is not None else "" for r in ranks], textposition="top center",
        textfont={"size": 14},
        hovertemplate="Năm %{x}: hạng %{y}<extra></extra>",
    ))
    # Notes and lines in one layout update: add_annotation/add_vline re-validate the layout each time.
    annotations, shapes = [], []
    for year, rank, change, comparable in zip(years, ranks, history["rank_change"], history["is_comparable"]):
        if rank is None or pd.isna(change) or int(change) == 0:
            continue
        marker = "" if pd.isna(comparable) or bool(comparable) else " *"
        annotations.append({"x": year, "y": rank, "text": f"{int(change):+d}{marker}", "showarrow": False,
                            "yshift": -22, "font": {"size": 13, "color": "#1B7F3B" if change > 0 else "#B3261E"}})
    for year, label in method_changes:
        if min(years) < year <= max(years):
            shapes.append({"type": "line", "x0": year - 0.5, "x1": year - 0.5, "xref": "x", "y0": 0, "y1": 1,
                           "yref": "y domain", "line": {"dash": "dash", "color": "#7A8590"}})
            annotations.append({"x": year - 0.5, "y": 1, "yref": "paper", "text": label, "showarrow": False,
                                "xanchor": "left", "yanchor": "bottom", "font": {"size": 11, "color": "#4A5560"}})
    fig.update_layout(annotations=annotations, shapes=shapes)
    fig.update_yaxes(autorange=False, range=[unit_count + 1, 0], title_text=f"Thứ hạng (/{unit_count})",
                     gridcolor="#EEF1F4", zeroline=False)
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], gridcolor="#EEF1F4")
    return _base_layout(fig, title, height=380)


def score_history(history: pd.DataFrame, title: str) -> go.Figure:
    """Score over the years against the published national mean; gaps stay gaps."""
    years = history["year"].astype(int).tolist()
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=years, y=[float(v) if pd.notna(v) else None for v in history["national_mean"]],
        mode="lines+markers", name="Trung bình cả nước", connectgaps=False,
        line={"color": MEAN_COLOUR, "dash": "dot"}, marker={"size": 8},
        hovertemplate="Năm %{x}: trung bình cả nước %{y:.4f}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=years, y=[float(v) if pd.notna(v) else None for v in history["score"]],
        mode="lines+markers", name=str(history["province_name"].iloc[0]), connectgaps=False,
        line={"color": FOCUS_COLOUR, "width": 3}, marker={"size": 11},
        hovertemplate="Năm %{x}: %{y:.4f}<extra></extra>"))
    fig.update_yaxes(range=[0, 1], title_text="Điểm (0–1)", gridcolor="#EEF1F4")
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    fig = _base_layout(fig, title, height=340)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.2})
    return fig
