"""Chart images built on the server: a trust's rank over quarters, with its likely ranges, as
SVG by string templating (every piece of text escaped), with the attribution drawn in: the
period, the context notes of the latest quarter, the source files and the licence. An image
copied anywhere keeps its caveats, so none of them is left to the page around it.

Numbers in, SVG out: no database, no words beyond what `words` says."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from leaguetables.presentation import words
from leaguetables.presentation.rows import LICENCE_TEXT, Note
from leaguetables.presentation.trust import HistoryRow

WIDTH = 720
PLOT_TOP, PLOT_HEIGHT = 78, 220
PLOT_LEFT, PLOT_RIGHT = 80, WIDTH - 56
LINE = 17  # px between lines of small text
WRAP = 105  # characters of small text a line holds
TITLE_WRAP, TITLE_LINE = 72, 20  # the same for the title, and its line height
BLUE, GREY, DARK = "#005eb8", "#768692", "#212b32"


@dataclass(frozen=True)
class RankChart:
    """What the rank chart draws: the trust, its ranked quarters, the league's size, and the
    attribution."""

    trust_name: str
    trust_code: str
    history: Sequence[HistoryRow]  # oldest first, ranked quarters only
    league_size: int
    notes: Sequence[Note]  # the latest quarter's
    source: str
    licence: str = LICENCE_TEXT

    @property
    def period(self) -> str:
        if not self.history:
            return ""
        first, last = self.history[0].quarter.label, self.history[-1].quarter.label
        return first if first == last else f"{first} to {last}"


def _text(x: float, y: float, text: str, *, size: int = 13, weight: str = "normal",
          anchor: str = "start", fill: str = DARK) -> str:  # fmt: skip
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>')  # fmt: skip


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP) or [""]


def rank_svg(chart: RankChart) -> str:
    """The chart as a standalone SVG document."""
    size = max(chart.league_size, 1)
    count = len(chart.history)
    title = f"{chart.trust_name} ({chart.trust_code}): league rank by quarter"
    title_lines = textwrap.wrap(title, TITLE_WRAP)
    top = PLOT_TOP + TITLE_LINE * (len(title_lines) - 1)  # a long name takes two lines

    def y(rank: float) -> float:  # rank 1 at the top
        return top + (rank - 1) / max(size - 1, 1) * PLOT_HEIGHT

    def x(index: int) -> float:
        if count == 1:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        return PLOT_LEFT + index / (count - 1) * (PLOT_RIGHT - PLOT_LEFT)

    parts = [
        *(
            _text(PLOT_LEFT - 60, 26 + TITLE_LINE * n, line, size=16, weight="bold")
            for n, line in enumerate(title_lines)
        ),  # fmt: skip
        _text(
            PLOT_LEFT - 60,
            top - 32,
            f"Period: {chart.period or 'no ranked quarter'}. Rank 1 at "
            f"the top, of {size} trusts; bars: likely range of rank.",
        ),  # fmt: skip
    ]
    # Axis: the top and bottom ranks, and the middle one.
    for rank in sorted({1, (size + 1) // 2, size}):
        parts.append(f'<line x1="{PLOT_LEFT - 8}" x2="{PLOT_RIGHT}" y1="{y(rank):.1f}" '
                     f'y2="{y(rank):.1f}" stroke="#d8dde0"/>')  # fmt: skip
        parts.append(_text(PLOT_LEFT - 12, y(rank) + 4, words.ordinal(rank), size=12,
                           anchor="end", fill=GREY))  # fmt: skip
    points = []
    for index, row in enumerate(chart.history):
        cx = x(index)
        if row.rank_low is not None and row.rank_high is not None:
            parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(row.rank_low):.1f}" '
                         f'y2="{y(row.rank_high):.1f}" stroke="{GREY}" stroke-width="6" '
                         f'stroke-linecap="round" opacity="0.5"/>')  # fmt: skip
        if row.rank is not None:
            points.append(f"{cx:.1f},{y(row.rank):.1f}")
            label = words.rank_text(row.rank)
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{y(row.rank):.1f}" r="5" fill="{BLUE}">'
                f"<title>{escape(row.quarter.label)}: {escape(label)}</title></circle>"
            )
            parts.append(_text(cx + 9, y(row.rank) - 7, label, size=12, fill=BLUE))
        parts.append(_text(cx, top + PLOT_HEIGHT + 22, row.quarter.label, size=12,
                           anchor="middle"))  # fmt: skip
    if len(points) > 1:
        line = (f'<polyline points="{" ".join(points)}" fill="none" stroke="{BLUE}" '
                'stroke-width="2"/>')  # fmt: skip
        parts.insert(len(title_lines) + 1, line)  # under the points
    # The attribution: notes, source and licence, wrapped to the width.
    line_y = top + PLOT_HEIGHT + 50
    footer = []
    notes = [f"Note: {note.short}" for note in chart.notes] or ["No context notes this quarter."]
    for text in [*notes, f"Source: {chart.source}.", f"Licence: {chart.licence}."]:
        for line in _lines(text):
            footer.append(_text(PLOT_LEFT - 60, line_y, line, size=12))
            line_y += LINE
    height = line_y + 4
    label = quoteattr(f"{title}. Period: {chart.period}. Source: {chart.source}.")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label={label} '
        'font-family="Frutiger W01, Arial, sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(parts + footer) + "</svg>\n"
    )
