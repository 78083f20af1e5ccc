"""The NOF arithmetic that every year shares: rounding, competition rank, the league rank,
the cut-points a quarter's published segments imply, and the check that reproduces NHS England's
summary rows. What a year changes (which metrics count, weights, the override, how segments are
set) is in `years`.

Pure Python: no Django. Every function here is checked against NHS England's published files
(see ../shared/docs/nof-methodology.md, sections 2, 3, 4 and 6).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leaguetables.nof.years import YearRules

# Published scores are rounded to 2 dp, and NHS England averages the unrounded ones, so an
# average recomputed from published scores may differ from OF5002 by rounding alone. With
# scores rounded to +-0.005 the mean is off by at most 0.005, and the published average by
# 0.005 more: anything within 0.01 is rounding; beyond it is a real discrepancy.
ROUNDING_TOLERANCE = 0.01 + 1e-9


def round_half_up(value: float, places: int = 2) -> float:
    """Round as a spreadsheet does (2.345 -> 2.35), not to even, and without float drift."""
    factor = 10**places
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def competition_rank(keys: Mapping[str, Sequence[float]]) -> dict[str, int]:
    """Standard competition ranking ("1, 2, 2, 4") on each item's key, lowest key first."""
    ordered = sorted(keys.items(), key=lambda item: tuple(item[1]))
    ranks: dict[str, int] = {}
    previous: tuple[float, ...] | None = None
    rank = 0
    for position, (name, key) in enumerate(ordered, start=1):
        key_tuple = tuple(key)
        if key_tuple != previous:
            rank = position
            previous = key_tuple
        ranks[name] = rank
    return ranks


def league_ranks(segments: Mapping[str, int], averages: Mapping[str, float]) -> dict[str, int]:
    """League rank: competition rank on (adjusted segment, average score), both ascending.

    Averages are compared as published (2 dp), which is how ties such as "=30th" arise.
    """
    return competition_rank(
        {code: (segments[code], round_half_up(averages[code])) for code in segments}
    )


@dataclass(frozen=True)
class CutPoint:
    """The boundary between segment `upper_segment` and the next one down, as the data imply it.

    Every average at or below `highest_below` was in the better segment and every average at or
    above `lowest_above` in the worse one; the true threshold lies between them.
    """

    upper_segment: int
    highest_below: float
    lowest_above: float

    @property
    def midpoint(self) -> float:
        return (self.highest_below + self.lowest_above) / 2

    @property
    def consistent(self) -> bool:
        return self.highest_below <= self.lowest_above


def implied_cut_points(
    unadjusted_segments: Mapping[str, int], averages: Mapping[str, float]
) -> list[CutPoint]:
    """Cut-points between segments 1|2, 2|3 and 3|4 implied by one quarter's published data.

    Uses the unadjusted segment, which is the one set by average score alone. A boundary with
    no trust on one side is left out.
    """
    by_segment: dict[int, list[float]] = {}
    for code, segment in unadjusted_segments.items():
        if code in averages and segment in (1, 2, 3, 4):
            by_segment.setdefault(segment, []).append(averages[code])
    cuts = []
    for segment in (1, 2, 3):
        better = [a for s, values in by_segment.items() if s <= segment for a in values]
        worse = [a for s, values in by_segment.items() if s > segment for a in values]
        if better and worse:
            cuts.append(CutPoint(segment, max(better), min(worse)))
    return cuts


def segment_for(average: float, thresholds: Sequence[float]) -> int:
    """Segment (1-4) for an average given the three thresholds between segments."""
    return 1 + sum(1 for threshold in thresholds if average > threshold)


class Reproduction(StrEnum):
    EXACT = "exact"
    WITHIN_ROUNDING = "within_rounding"
    DISCREPANCY = "discrepancy"
    NOT_CHECKED = "not_checked"


def inconsistent_ranks(
    keys: Mapping[str, Sequence[float]], published: Mapping[str, int]
) -> frozenset[str]:
    """Trusts whose published rank disagrees with the order of their keys.

    A file may hold only part of a league (a third party's extract, a trust left out), so the
    published ranks have gaps and cannot be recomputed as 1, 2, 3 from the rows present. They
    must still keep the order of the keys: a better key a better rank, an equal key the same
    rank, and no rank better than the trusts ahead of it allow. Where the ranks have no gaps
    (the league is whole), this is the competition rank exactly.
    """
    codes = [code for code in published if code in keys]
    wrong: set[str] = set()
    for code in codes:
        key, rank = tuple(keys[code]), published[code]
        ahead = 0
        for other in codes:
            if other == code:
                continue
            other_key, other_rank = tuple(keys[other]), published[other]
            if other_key < key:
                ahead += 1
                if other_rank >= rank:
                    wrong.update((code, other))
            elif other_key == key and other_rank != rank:
                wrong.update((code, other))
        if rank < ahead + 1:
            wrong.add(code)
    whole = codes and max(published[code] for code in codes) <= len(codes)
    if whole:
        expected = competition_rank({code: keys[code] for code in codes})
        wrong.update(code for code in codes if expected[code] != published[code])
    return frozenset(wrong)


@dataclass(frozen=True)
class TrustCheck:
    trust_code: str
    published_average: float | None
    recomputed_average: float | None
    published_rank: int | None
    published_adjusted_segment: int | None
    expected_adjusted_segment: int | None
    average: Reproduction
    rank_matches: bool = True

    @property
    def segment_matches(self) -> bool:
        """Unknown (not a mismatch) when a league file alone gave no unadjusted segment."""
        return (
            self.published_adjusted_segment is None
            or self.expected_adjusted_segment is None
            or self.published_adjusted_segment == self.expected_adjusted_segment
        )

    @property
    def status(self) -> Reproduction:
        """The row's verdict: a mismatch of rank or segment is a discrepancy whatever the
        average did; an average we could not recompute (no scores) is not checked."""
        if not (self.rank_matches and self.segment_matches):
            return Reproduction.DISCREPANCY
        return self.average


@dataclass(frozen=True)
class TrustInput:
    """What NHS England published for one trust in one quarter, as the check needs it."""

    trust_code: str
    scores: Mapping[str, float | None]
    published_average: float | None
    unadjusted_segment: int | None
    adjusted_segment: int | None
    in_financial_deficit: bool | None
    published_rank: int | None


def classify_average(published: float | None, recomputed: float | None) -> Reproduction:
    if published is None or recomputed is None:
        return Reproduction.NOT_CHECKED
    if round_half_up(recomputed) == round_half_up(published):
        return Reproduction.EXACT
    if abs(recomputed - published) <= ROUNDING_TOLERANCE:
        return Reproduction.WITHIN_ROUNDING
    return Reproduction.DISCREPANCY


@dataclass(frozen=True)
class ReproductionReport:
    checks: tuple[TrustCheck, ...]

    def count(self, status: Reproduction) -> int:
        return sum(1 for check in self.checks if check.status is status)

    @property
    def discrepancies(self) -> list[TrustCheck]:
        return [check for check in self.checks if check.status is Reproduction.DISCREPANCY]

    def summary(self) -> str:
        return (
            f"{len(self.checks)} trust-quarters checked: "
            f"{self.count(Reproduction.EXACT)} exact, "
            f"{self.count(Reproduction.WITHIN_ROUNDING)} within rounding, "
            f"{len(self.discrepancies)} discrepancies, "
            f"{self.count(Reproduction.NOT_CHECKED)} not checked"
        )


def check_league_quarter(trusts: Iterable[TrustInput], year: YearRules) -> ReproductionReport:
    """Recompute one league-quarter from its metric scores and compare with the published rows.

    The average comes from the stored metric scores by the year's rules; the adjusted segment
    from the published unadjusted segment and deficit flag; the rank's agreement with the order
    of the published (segment, average) pairs (`inconsistent_ranks`).
    """
    trusts = list(trusts)
    ranked = {
        t.trust_code: t
        for t in trusts
        if t.adjusted_segment is not None and t.published_average is not None
    }
    wrong_ranks = inconsistent_ranks(
        {
            code: (t.adjusted_segment, round_half_up(t.published_average))
            for code, t in ranked.items()
        },  # type: ignore[arg-type]
        {code: t.published_rank for code, t in ranked.items() if t.published_rank is not None},
    )
    checks = []
    for trust in trusts:
        recomputed = year.average_score(trust.scores)
        expected_segment = None
        if trust.unadjusted_segment is not None and trust.in_financial_deficit is not None:
            expected_segment = year.apply_override(
                trust.unadjusted_segment, trust.in_financial_deficit
            )
        checks.append(
            TrustCheck(
                trust_code=trust.trust_code,
                published_average=trust.published_average,
                recomputed_average=recomputed,
                published_rank=trust.published_rank,
                published_adjusted_segment=trust.adjusted_segment,
                expected_adjusted_segment=expected_segment,
                average=classify_average(trust.published_average, recomputed),
                rank_matches=trust.trust_code not in wrong_ranks,
            )
        )
    return ReproductionReport(tuple(checks))
