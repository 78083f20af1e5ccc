"""Numbers into the product's words: ordinals, ranks with ties, ranges, segments, changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from leaguetables.nof.notes import RangeSource

if TYPE_CHECKING:
    from leaguetables.presentation.league import LeagueRow

SEGMENT_MEANINGS = {
    1: "highest average scores in the league",
    2: "above the middle of the league",
    3: "below the middle of the league, or moved here by the financial override",
    4: "lowest average scores in the league",
    5: "in NHS England's Recovery Support Programme (intensive support)",
}
OUR_SOURCE = "leaguetables, computed from NHS England's published metric scores"


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


def segment_meaning(segment: int | None) -> str:
    return SEGMENT_MEANINGS.get(segment or 0, "")


def places(count: int) -> str:
    return f"{count} place{'' if count == 1 else 's'}"


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def london(instant: datetime) -> str:
    """An instant as a reader in England reads it: "11 June 2026, 9:30am"."""
    local = timezone.localtime(instant)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{local:%p}".replace("AM", "am").replace(
        "PM", "pm"
    )


def count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def either(items: Sequence[object], joiner: str = "or") -> str:
    """ "1", "1 or 2", "1, 2 or 3"."""
    texts = [str(item) for item in items]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} {joiner} {texts[-1]}"


def range_source_words(source: str) -> str:
    """Whose estimate a likely range is, attributed."""
    return "NHS England's estimate" if source == RangeSource.NHS_ENGLAND else "our estimate"


def change_text(
    *,
    previous_rank: int | None,
    rank: int | None,
    previous_segment: int | None,
    segment: int | None,
    override_moved: bool,
    override_applied: bool,
    beyond_noise: bool | None,
    first_quarter: bool = False,
) -> str:
    """The league table's "change since last quarter" cell. In the league's first published
    quarter no trust is new: there is just nothing earlier to compare with."""
    if previous_rank is None or rank is None:
        if first_quarter:
            return "First quarter published"
        return "New this quarter" if previous_rank is None else "–"
    moved = previous_rank - rank
    text = "No change" if moved == 0 else f"{'Up' if moved > 0 else 'Down'} {abs(moved)}"
    if previous_segment is not None and previous_segment != segment:
        text += f" (segment {previous_segment} to {segment})"
    if override_moved:
        text += "; financial override " + ("applied" if override_applied else "lifted")
    elif moved and beyond_noise is not None:
        text += "; beyond the likely range" if beyond_noise else "; within the likely range"
    return text


def row_change(row: LeagueRow, first_quarter: bool = False) -> str:
    """`change_text` for a league table row."""
    return change_text(
        first_quarter=first_quarter,
        previous_rank=row.previous_rank,
        rank=row.rank,
        previous_segment=row.previous_segment,
        segment=row.segment,
        override_moved=row.override_moved_segment,
        override_applied=row.override_applied,
        beyond_noise=row.movement_beyond_noise,
    )


def domains_text(segments: Sequence[int | None], labels: Sequence[tuple[str, str]]) -> str:
    return ", ".join(
        f"{short} {segment or '–'}" for (_, short), segment in zip(labels, segments, strict=True)
    )


WHAT_IF_QUESTIONS = {
    "without_override": (
        "Without the financial override",
        "Its own segment from its average score; every other trust as published.",
    ),
    "non_specialist": (
        "Among non-specialist trusts only",
        "The same league with the specialist trusts left out: the comparison a patient of a "
        "general hospital needs.",
    ),
    "without_finance": (
        "With the finance metrics left out",
        "Every trust's average recomputed without the finance and productivity metrics, and no "
        "financial override.",
    ),
    "leave_one_out": (
        "Leaving out any one of its metrics",
        "How much its rank rests on a single metric.",
    ),
}


def what_if_text(
    question: str,
    *,
    rank: int | None,
    league_size: int,
    segment: int | None = None,
    worst_rank: int | None = None,
    best_metric: str = "",
    worst_metric: str = "",
    descriptions: Mapping[str, str] | None = None,
) -> tuple[str, str, str]:
    """(question, answer, how it is worked out) for one counterfactual rank."""
    title, how = WHAT_IF_QUESTIONS[question]
    if question == "without_override":
        answer = f"segment {segment}, ranked {ordinal(rank or 0)} of {league_size}"
    elif question == "non_specialist":
        answer = f"ranked {ordinal(rank or 0)}"
    elif question == "without_finance":
        answer = f"ranked {ordinal(rank or 0)} of {league_size}"
    else:
        named = descriptions or {}
        answer = f"between {ordinal(rank or 0)} and {ordinal(worst_rank or 0)}"
        if best_metric and worst_metric:
            answer += (
                f" (best without {named.get(best_metric, best_metric)}, lowest without "
                f"{named.get(worst_metric, worst_metric)})"
            )
    return title, answer, how


# How a sort form names each order of a column (ascending first): plain words, not arrows.
SORT_WORDS = {
    "rank": ("Rank, 1st first", "Rank, last first"),
    "trust": ("Trust name, A to Z", "Trust name, Z to A"),
    "segment": ("Segment, 1 first", "Segment, highest number first"),
    "context": ("Most context notes first", "Fewest context notes first"),
    "average_score": ("Average score, lowest (best) first", "Average score, highest first"),
    "change": ("Biggest rise since last quarter first", "Biggest fall since last quarter first"),
    "service_rank": ("Rank on this service, 1st first", "Rank on this service, last first"),
    "service_score": ("Service score, lowest (best) first", "Service score, highest first"),
    "league_rank": ("League rank, 1st first", "League rank, last first"),
    "value": ("Value, lowest first", "Value, highest first"),
    "score": ("Score, lowest (best) first", "Score, highest first"),
}


def sort_words(key: str, label: str) -> tuple[str, str]:
    return SORT_WORDS.get(key, (f"{label}, lowest first", f"{label}, highest first"))
