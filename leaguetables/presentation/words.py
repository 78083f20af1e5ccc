"""The product's words: ordinals, ranks with ties, segments in plain language.

Say "segment 4", "ranked 58th of 61 (likely range 49th–61st)"; never "worst" or "failing".
"""

from __future__ import annotations

SEGMENT_MEANINGS = {
    1: "highest average scores in the league",
    2: "above the middle of the league",
    3: "below the middle of the league, or moved here by the financial override",
    4: "lowest average scores in the league",
    5: "in NHS England's Recovery Support Programme (intensive support)",
}


def ordinal(number: int) -> str:
    """1 -> "1st", 22 -> "22nd", 113 -> "113th"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_text(rank: int | None, tied: bool = False) -> str:
    """A league rank as readers see it: "=4th" when shared."""
    if rank is None:
        return "not ranked"
    return ("=" if tied else "") + ordinal(rank)


def rank_range_text(low: int, high: int) -> str:
    return ordinal(low) if low == high else f"{ordinal(low)}–{ordinal(high)}"


def segment_text(segment: int | None) -> str:
    if segment is None:
        return "no segment"
    return f"segment {segment}"


def segment_meaning(segment: int | None) -> str:
    return SEGMENT_MEANINGS.get(segment or 0, "")


def places(count: int) -> str:
    return f"{count} place{'' if count == 1 else 's'}"


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
