"""Plotly figures as plain dicts. They reach the page through json_script and are drawn by
static/js/app.js; every figure has a caption and a data table beside it on the page."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
GREY = "#768692"
PALE_GREY = "#aeb7bd"
FONT = {"family": "Arial, sans-serif", "size": 14, "color": "#212b32"}
CONFIG = {"displayModeBar": False, "responsive": True}


def _layout(**extra: object) -> dict:
    layout = {
        "font": FONT,
        "margin": {"l": 60, "r": 16, "t": 16, "b": 48},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "hovermode": "closest",
    }
    layout.update(extra)
    return layout


def rank_history(
    quarters: Sequence[str],
    ranks: Sequence[int | None],
    lows: Sequence[int | None],
    highs: Sequence[int | None],
    league_size: int,
) -> dict:
    """League rank by quarter, 1st at the top, with each quarter's likely range as a bar."""
    plus = [
        h - r if h is not None and r is not None else 0 for r, h in zip(ranks, highs, strict=True)
    ]
    minus = [
        r - lo if lo is not None and r is not None else 0 for r, lo in zip(ranks, lows, strict=True)
    ]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(quarters),
                "y": list(ranks),
                "name": "Rank",
                "line": {"color": NHS_BLUE, "width": 2},
                "marker": {"size": 10, "color": NHS_BLUE},
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": GREY,
                    "thickness": 2,
                    "width": 6,
                },
                "hovertemplate": "%{x}: ranked %{y}<extra></extra>",
            }
        ],
        "layout": _layout(
            yaxis={
                "title": {"text": f"Rank (of {league_size})"},
                "range": [league_size + 0.5, 0.5],  # 1st at the top
                "zeroline": False,
                "gridcolor": "#e8edee",
            },
            xaxis={"type": "category", "title": {"text": "Quarter"}},
            height=320,
        ),
        "config": CONFIG,
    }


def segment_history(quarters: Sequence[str], segments: Sequence[int | None]) -> dict:
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "line": {"shape": "hv", "color": NHS_DARK_BLUE, "width": 2},
                "marker": {"size": 10, "color": NHS_DARK_BLUE},
                "x": list(quarters),
                "y": list(segments),
                "hovertemplate": "%{x}: segment %{y}<extra></extra>",
            }
        ],
        "layout": _layout(
            yaxis={
                "title": {"text": "Segment"},
                "range": [4.5, 0.5],
                "tickvals": [1, 2, 3, 4, 5],
                "gridcolor": "#e8edee",
            },
            xaxis={"type": "category", "title": {"text": "Quarter"}},
            height=260,
        ),
        "config": CONFIG,
    }


def positions_among_league(
    labels: Sequence[str], league_scores: Sequence[Sequence[float]], own: Sequence[float | None]
) -> dict:
    """One row per metric: every trust's score as a grey dot, this trust's as a large blue one.
    Scores run 1 (best, left) to 4."""
    xs, ys = [], []
    for label, scores in zip(labels, league_scores, strict=True):
        xs.extend(scores)
        ys.extend([label] * len(scores))
    own_x = [s for s in own if s is not None]
    own_y = [label for label, s in zip(labels, own, strict=True) if s is not None]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": xs,
                "y": ys,
                "name": "Other trusts",
                "marker": {"size": 7, "color": PALE_GREY, "opacity": 0.7},
                "hovertemplate": "score %{x}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": own_x,
                "y": own_y,
                "name": "This trust",
                "marker": {
                    "size": 14,
                    "color": NHS_BLUE,
                    "symbol": "diamond",
                    "line": {"color": "#ffffff", "width": 1},
                },
                "hovertemplate": "this trust: score %{x}<extra></extra>",
            },
        ],
        "layout": _layout(
            xaxis={
                "title": {"text": "Metric score (1 best, 4 lowest)"},
                "range": [0.8, 4.2],
                "tickvals": [1, 2, 3, 4],
                "gridcolor": "#e8edee",
            },
            yaxis={"type": "category", "autorange": "reversed", "automargin": True},
            height=max(240, 36 * len(labels) + 80),
            margin={"l": 16, "r": 16, "t": 16, "b": 48},
        ),
        "config": CONFIG,
    }


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median, upper quartile, interpolated as plotly's box traces do."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, mid, high


def _jitter(count: int) -> list[float]:
    """Vertical offsets that spread a strip of dots, the same on every draw (a page cached or
    drawn twice looks the same): a golden-ratio sequence in -0.3 to 0.3."""
    return [round(((i * 0.6180339887) % 1.0 - 0.5) * 0.6, 3) for i in range(count)]


def distribution(values: Sequence[float], unit: str, highlight: float | None = None) -> dict:
    """Every trust's value of one metric as a strip of dots over a box of the quartiles.

    Drawn with scatter traces and layout shapes, not plotly's box trace: the site's plotly.js
    bundle holds scatter only (static/vendor/plotly/README.md)."""
    values = sorted(values)
    low, mid, high = _quartiles(values)
    box = {"type": "rect", "xref": "x", "yref": "y", "x0": low, "x1": high, "y0": -0.4,
           "y1": 0.4, "line": {"color": GREY, "width": 1.5}, "fillcolor": "rgba(0,94,184,0.08)",
           "layer": "below"}  # fmt: skip
    median = {"type": "line", "xref": "x", "yref": "y", "x0": mid, "x1": mid, "y0": -0.4,
              "y1": 0.4, "line": {"color": GREY, "width": 2}, "layer": "below"}  # fmt: skip
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": list(values),
            "y": _jitter(len(values)),
            "name": "",
            "marker": {"color": NHS_BLUE, "size": 7, "opacity": 0.8},
            "hovertemplate": "%{x}<extra></extra>",
        }
    ]
    if highlight is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [highlight],
                "y": [0],
                "marker": {"size": 16, "color": NHS_DARK_BLUE, "symbol": "diamond"},
                "hovertemplate": "this trust: %{x}<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            xaxis={"title": {"text": unit or "value"}, "zeroline": False, "gridcolor": "#e8edee"},
            yaxis={
                "showticklabels": False,
                "range": [-0.6, 0.6],
                "zeroline": False,
                "showgrid": False,
                "fixedrange": True,
            },  # fmt: skip
            shapes=[box, median],
            height=220,
        ),
        "config": CONFIG,
    }
