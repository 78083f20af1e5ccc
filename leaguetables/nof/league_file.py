"""What a league table file alone supports, before (or without) the metric data file.

A league table file gives each trust's adjusted segment, average score and deficit flag, but
not its unadjusted segment (OF5003), so it does not say outright which trusts the financial
override moved down. The trusts not in deficit show where the segment boundaries lie: the
override never touches them, so their published segment is the one their average earns. A
trust in deficit whose average lies where only segments 1 and 2 are possible was moved down.

Segment boundaries are national, so trusts of other leagues in the same quarter whose
unadjusted segment is known (published, or not in deficit) are evidence too. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leaguetables.nof.years import YearRules

SEGMENTS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Placed:
    """An average whose unadjusted segment is known: evidence of where the boundaries are."""

    average: float
    segment: int


@dataclass(frozen=True)
class Inferred:
    """The unadjusted segments a trust's average allows, given the evidence."""

    possible: tuple[int, ...]
    override_applied: bool | None  # None: the evidence cannot tell

    @property
    def segment(self) -> int | None:
        """The unadjusted segment, where only one is possible."""
        return self.possible[0] if len(self.possible) == 1 else None


def possible_segments(average: float, evidence: Iterable[Placed]) -> tuple[int, ...]:
    """Segments an average can be in, given averages whose segments are known.

    Segments rise with the average: an average can be in segment s only if it is above every
    known average of a better segment and below every known average of a worse one. An average
    equal to a known one shares its segment.
    """
    evidence = list(evidence)
    possible = []
    for segment in SEGMENTS:
        better = [p.average for p in evidence if p.segment < segment]
        worse = [p.average for p in evidence if p.segment > segment]
        if (not better or average > max(better)) and (not worse or average < min(worse)):
            possible.append(segment)
    return tuple(possible)


def infer(
    *,
    average: float,
    adjusted_segment: int,
    in_financial_deficit: bool,
    evidence: Iterable[Placed],
    rules: YearRules,
) -> Inferred:
    """A league-file-only trust's unadjusted segment and whether the override moved it.

    A trust not in deficit is where its average puts it. For one in deficit, the unadjusted
    segments that the override would turn into the published adjusted segment, and that its
    average allows, remain; if every one of them is a segment the override moves down, it was
    moved down.
    """
    if not in_financial_deficit:
        return Inferred((adjusted_segment,), override_applied=False)
    allowed = possible_segments(average, evidence)
    candidates = tuple(
        segment
        for segment in allowed
        if rules.apply_override(segment, in_financial_deficit) == adjusted_segment
    )
    if not candidates:
        # The evidence and the published segment disagree: claim nothing.
        return Inferred((), override_applied=None)
    moved = {segment in rules.overridden_segments for segment in candidates}
    return Inferred(candidates, override_applied=moved.pop() if len(moved) == 1 else None)


def evidence_from(
    rows: Iterable[tuple[float | None, int | None, int | None, bool | None]],
) -> list[Placed]:
    """Evidence from (average, unadjusted segment, adjusted segment, in deficit) rows: a
    published unadjusted segment, or the adjusted segment of a trust not in deficit."""
    placed = []
    for average, unadjusted, adjusted, in_deficit in rows:
        if average is None:
            continue
        if unadjusted is not None:
            placed.append(Placed(average, unadjusted))
        elif adjusted is not None and in_deficit is False and adjusted in SEGMENTS:
            placed.append(Placed(average, adjusted))
    return placed
