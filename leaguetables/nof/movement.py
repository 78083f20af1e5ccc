"""What moved a trust between two quarters, and whether the move is beyond noise.

A reader sees "up 12 places" and assumes care got better. Often it did not: ranks move on the
luck of a handful of metric scores and on the financial override. This module says how much the
average moved, which metrics moved it, and whether the move is larger than the current
quarter's own uncertainty.

Definitions (documented in docs/uncertainty-method.md):

- **Beyond the likely range**: the previous quarter's published average lies outside the current
  quarter's likely range of average score (the 95% bootstrap range of `uncertainty`). The current
  quarter's metric scores then make the old average implausible, so the move is more than the
  noise of scoring a trust on a few metrics. Otherwise the move is **within the likely range**.
- **Segment change**, classified by what caused it: the **financial override** when it was
  applied in one quarter and not the other (the change is then finance, whatever the scores did);
  else the score, **beyond** or **within the likely range** as above. NHS England's Q2 2025/26
  note uses the same three groups (override, significant, "does not meet the threshold to be
  considered significant") without publishing its threshold.

Pure Python, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .counterfactuals import published_ranks
from .uncertainty import TrustScores
from .years import YearRules


class MovementLabel(StrEnum):
    WITHIN = "within the likely range"
    BEYOND = "beyond the likely range"


class SegmentChange(StrEnum):
    UNCHANGED = "unchanged"
    FINANCIAL_OVERRIDE = "financial override applied or removed"
    BEYOND = "score change beyond the likely range"
    WITHIN = "score change within the likely range"


@dataclass(frozen=True)
class Contribution:
    """One metric's share of the change in average score (positive: the average got worse)."""

    metric_id: str
    score_before: float | None
    score_now: float | None
    contribution: float


def contributions(
    before: Mapping[str, float | None],
    now: Mapping[str, float | None],
    before_rules: YearRules,
    now_rules: YearRules | None = None,
) -> list[Contribution]:
    """Split the change in (weighted) average score between the metrics, largest first.

    The average is sum(w_i * s_i) / sum(w_i) over the counted metrics, so metric i contributes
    w_i * s_i / W_now - w_i * s_i' / W_before, where a metric absent in a quarter contributes
    nothing to that side. The contributions then sum to the change in the unrounded average;
    a metric added or dropped also moves the others' shares through W, and that is included.
    Each side is read by its own year's rules (`now_rules` defaults to `before_rules`).
    """
    now_rules = now_rules or before_rules
    counted_before = before_rules.counted_scores(before)
    counted_now = now_rules.counted_scores(now)
    total_before = sum(before_rules.weight(m) for m in counted_before)
    total_now = sum(now_rules.weight(m) for m in counted_now)
    result = []
    for metric_id in sorted(counted_before.keys() | counted_now.keys()):
        score_before = counted_before.get(metric_id)
        score_now = counted_now.get(metric_id)
        share_now = (
            now_rules.weight(metric_id) * score_now / total_now if score_now is not None else 0.0
        )
        share_before = (
            before_rules.weight(metric_id) * score_before / total_before
            if score_before is not None
            else 0.0
        )
        result.append(Contribution(metric_id, score_before, score_now, share_now - share_before))
    return sorted(result, key=lambda c: (-abs(c.contribution), c.metric_id))


@dataclass(frozen=True)
class Movement:
    """One trust's movement from one quarter to the next.

    `average_change` is between the published (2 dp) averages, as a reader sees them;
    `contributions` sum to the change in the averages recomputed from the published scores,
    which can differ from it by 0.01 of rounding.
    """

    trust_code: str
    average_before: float
    average_now: float
    segment_before: int
    segment_now: int
    rank_before: int
    rank_now: int
    contributions: tuple[Contribution, ...]
    label: MovementLabel
    segment_change: SegmentChange

    @property
    def average_change(self) -> float:
        # Both are 2 dp figures: rounding only clears the float noise of the subtraction.
        return round(self.average_now - self.average_before, 2)

    @property
    def segment_step(self) -> int:
        """Positive when the trust moved down (to a worse segment)."""
        return self.segment_now - self.segment_before

    @property
    def rank_change(self) -> int:
        """Positive when the trust moved down the table (its rank number grew)."""
        return self.rank_now - self.rank_before

    @property
    def recomputed_change(self) -> float:
        return math.fsum(c.contribution for c in self.contributions)


def classify(
    before: TrustScores, now: TrustScores, likely_score_range: tuple[float, float]
) -> tuple[MovementLabel, SegmentChange]:
    """The movement label and what changed the segment (see the module docstring)."""
    low, high = likely_score_range
    label = MovementLabel.WITHIN
    if not low <= before.published_average <= high:
        label = MovementLabel.BEYOND
    if before.adjusted_segment == now.adjusted_segment:
        return label, SegmentChange.UNCHANGED
    overridden_before = before.rules.override_applied(
        before.unadjusted_segment, before.adjusted_segment
    )
    overridden_now = now.rules.override_applied(now.unadjusted_segment, now.adjusted_segment)
    if overridden_before != overridden_now:
        return label, SegmentChange.FINANCIAL_OVERRIDE
    if label is MovementLabel.BEYOND:
        return label, SegmentChange.BEYOND
    return label, SegmentChange.WITHIN


def trust_movement(
    before: TrustScores,
    now: TrustScores,
    *,
    rank_before: int,
    rank_now: int,
    likely_score_range: tuple[float, float],
) -> Movement:
    """One trust's movement; `likely_score_range` is the CURRENT quarter's likely range."""
    if before.trust_code != now.trust_code:
        raise ValueError(f"comparing {before.trust_code} with {now.trust_code}")
    label, segment_change = classify(before, now, likely_score_range)
    return Movement(
        trust_code=now.trust_code,
        average_before=before.published_average,
        average_now=now.published_average,
        segment_before=before.adjusted_segment,
        segment_now=now.adjusted_segment,
        rank_before=rank_before,
        rank_now=rank_now,
        contributions=tuple(contributions(before.scores, now.scores, before.rules, now.rules)),
        label=label,
        segment_change=segment_change,
    )


@dataclass(frozen=True)
class LeagueMovement:
    """Every trust's movement in one league between two quarters, and the counts a note needs."""

    movements: Mapping[str, Movement]
    not_compared: frozenset[str]  # trusts in only one of the two quarters

    def count(self, kind: SegmentChange) -> int:
        return sum(1 for m in self.movements.values() if m.segment_change is kind)

    @property
    def segment_changes(self) -> int:
        return len(self.movements) - self.count(SegmentChange.UNCHANGED)

    @property
    def beyond_likely_range(self) -> int:
        """Trusts whose average moved beyond the likely range, segment changed or not."""
        return sum(1 for m in self.movements.values() if m.label is MovementLabel.BEYOND)

    def summary(self) -> str:
        return (
            f"{self.segment_changes} of {len(self.movements)} trusts changed segment: "
            f"{self.count(SegmentChange.FINANCIAL_OVERRIDE)} from the financial override, "
            f"{self.count(SegmentChange.BEYOND)} beyond the likely range, "
            f"{self.count(SegmentChange.WITHIN)} within it"
        )


def league_movement(
    before: Sequence[TrustScores],
    now: Sequence[TrustScores],
    likely_score_ranges: Mapping[str, tuple[float, float]],
) -> LeagueMovement:
    """Movements of every trust present in both quarters of one league.

    Ranks are each quarter's league ranks (`counterfactuals.published_ranks`), so a trust that
    merged or left changes the others' ranks as it did in the published tables.
    """
    ranks_before, ranks_now = published_ranks(before), published_ranks(now)
    by_code_before = {t.trust_code: t for t in before}
    movements = {}
    for trust in now:
        previous = by_code_before.get(trust.trust_code)
        if previous is None:
            continue
        movements[trust.trust_code] = trust_movement(
            previous,
            trust,
            rank_before=ranks_before[trust.trust_code],
            rank_now=ranks_now[trust.trust_code],
            likely_score_range=likely_score_ranges[trust.trust_code],
        )
    codes = set(by_code_before) | {t.trust_code for t in now}
    return LeagueMovement(movements, frozenset(codes - set(movements)))
