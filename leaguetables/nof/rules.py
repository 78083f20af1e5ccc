"""The NOF 2025/26 rules that turn metric scores into an average, a segment and a league rank.

Pure Python: no Django. Every function here is checked against NHS England's published files
(see docs in ../shared/docs/nof-methodology.md, sections 2, 3, 4 and 6).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

# The two finance components are published for information only: the combined finance score
# OF1080 stands for them in the average, so counting them would count finance three times.
EXCLUDED_FROM_AVERAGE = frozenset({"OF1079", "OF1081"})

# Published scores are rounded to 2 dp, and NHS England averages the unrounded ones, so an
# average recomputed from published scores may differ from OF5002 by rounding alone. With
# scores rounded to +-0.005 the mean is off by at most 0.005, and the published average by
# 0.005 more: anything within 0.01 is rounding; beyond it is a real discrepancy.
ROUNDING_TOLERANCE = 0.01 + 1e-9

# The three healthcare-associated infection metrics (MRSA, C. difficile, E. coli) weigh one third
# each in the acute average. No acute file has been seen here: these IDs follow the metric
# specification's numbering and the reproduction check will flag it if a real file disagrees.
METRIC_WEIGHTS: Mapping[str, float] = {"OF1046": 1 / 3, "OF1048": 1 / 3, "OF1088": 1 / 3}

OVERRIDE_SEGMENT = 3  # the segment a trust in deficit is moved down to
OVERRIDDEN_SEGMENTS = frozenset({1, 2})  # override never touches segments 3 and 4


def is_metric_score(metric_id: str) -> bool:
    """OF1xxx rows carry a metric's score (1.00 best to 4.00 worst)."""
    return metric_id.startswith("OF1")


def counts_towards_average(metric_id: str) -> bool:
    return is_metric_score(metric_id) and metric_id not in EXCLUDED_FROM_AVERAGE


def round_half_up(value: float, places: int = 2) -> float:
    """Round as a spreadsheet does (2.345 -> 2.35), not to even, and without float drift."""
    factor = 10**places
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def average_score(scores: Mapping[str, float | None]) -> float | None:
    """Mean of a trust's scored metrics (OF5002), unrounded.

    `scores` maps metric IDs to scores; missing or unscored metrics (None or 0) are left out,
    as are the finance components. Returns None when nothing was scored.
    """
    counted = [
        (METRIC_WEIGHTS.get(metric_id, 1.0), score)
        for metric_id, score in scores.items()
        if counts_towards_average(metric_id) and score is not None and score > 0
    ]
    if not counted:
        return None
    return sum(weight * score for weight, score in counted) / sum(weight for weight, _ in counted)


def metrics_scored(scores: Mapping[str, float | None]) -> int:
    """How many metrics the average rests on."""
    return sum(
        1
        for metric_id, score in scores.items()
        if counts_towards_average(metric_id) and score is not None and score > 0
    )


def apply_override(unadjusted_segment: int, in_financial_deficit: bool) -> int:
    """The adjusted segment: a trust in deficit cannot be above segment 3."""
    if in_financial_deficit and unadjusted_segment in OVERRIDDEN_SEGMENTS:
        return OVERRIDE_SEGMENT
    return unadjusted_segment


def override_applied(unadjusted_segment: int | None, adjusted_segment: int | None) -> bool:
    """Whether the financial override moved a trust down, read from its two published segments."""
    if unadjusted_segment is None or adjusted_segment is None:
        return False
    return unadjusted_segment in OVERRIDDEN_SEGMENTS and adjusted_segment == OVERRIDE_SEGMENT


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


@dataclass(frozen=True)
class TrustCheck:
    trust_code: str
    published_average: float | None
    recomputed_average: float | None
    published_rank: int | None
    recomputed_rank: int | None
    published_adjusted_segment: int | None
    expected_adjusted_segment: int | None
    average: Reproduction

    @property
    def rank_matches(self) -> bool:
        return self.published_rank is None or self.published_rank == self.recomputed_rank

    @property
    def segment_matches(self) -> bool:
        """Unknown (not a mismatch) when a league file alone gave no unadjusted segment."""
        return (
            self.published_adjusted_segment is None
            or self.expected_adjusted_segment is None
            or self.published_adjusted_segment == self.expected_adjusted_segment
        )


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
        return sum(1 for check in self.checks if check.average is status)

    @property
    def discrepancies(self) -> list[TrustCheck]:
        return [
            check
            for check in self.checks
            if check.average is Reproduction.DISCREPANCY
            or not check.rank_matches
            or not check.segment_matches
        ]

    def summary(self) -> str:
        return (
            f"{len(self.checks)} trust-quarters checked: "
            f"{self.count(Reproduction.EXACT)} exact, "
            f"{self.count(Reproduction.WITHIN_ROUNDING)} within rounding, "
            f"{len(self.discrepancies)} discrepancies, "
            f"{self.count(Reproduction.NOT_CHECKED)} not checked"
        )


def check_league_quarter(trusts: Iterable[TrustInput]) -> ReproductionReport:
    """Recompute one league-quarter from its metric scores and compare with the published rows.

    The average comes from the stored metric scores; the adjusted segment from the published
    unadjusted segment and deficit flag; the rank from the published segments and averages
    (ranks are set on published, rounded figures).
    """
    trusts = list(trusts)
    ranked = {
        t.trust_code: t
        for t in trusts
        if t.adjusted_segment is not None and t.published_average is not None
    }
    ranks = league_ranks(
        {code: t.adjusted_segment for code, t in ranked.items()},  # type: ignore[misc]
        {code: t.published_average for code, t in ranked.items()},  # type: ignore[misc]
    )
    checks = []
    for trust in trusts:
        recomputed = average_score(trust.scores)
        expected_segment = None
        if trust.unadjusted_segment is not None and trust.in_financial_deficit is not None:
            expected_segment = apply_override(trust.unadjusted_segment, trust.in_financial_deficit)
        checks.append(
            TrustCheck(
                trust_code=trust.trust_code,
                published_average=trust.published_average,
                recomputed_average=recomputed,
                published_rank=trust.published_rank,
                recomputed_rank=ranks.get(trust.trust_code),
                published_adjusted_segment=trust.adjusted_segment,
                expected_adjusted_segment=expected_segment,
                average=classify_average(trust.published_average, recomputed),
            )
        )
    return ReproductionReport(tuple(checks))
