"""What a trust's segment and rank would be under other rules: the "without" figures.

Each counterfactual changes one thing and holds the rest of the league as published, so that the
difference can be put down to that one thing: "ranked 26th; without the financial override it
would rank 3rd". Ranks are always the league's competition rank on (segment, 2 dp average), from
`rules.league_ranks`; segments for a recomputed average come from the quarter's fixed thresholds
(`uncertainty.league_thresholds`), since NHS England's quartiles are national and cannot be
recomputed from one league.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from . import rules
from .uncertainty import TrustScores

FINANCE_DOMAIN = "Finance and productivity"


class Ranked(Protocol):
    """Anything with a published place in a league: a `Standing` or a `TrustScores`."""

    @property
    def trust_code(self) -> str: ...
    @property
    def adjusted_segment(self) -> int: ...
    @property
    def published_average(self) -> float: ...
    @property
    def unadjusted_segment(self) -> int | None: ...


@dataclass(frozen=True)
class Standing:
    """A trust's published place, which is all a rank needs: a league table file alone gives it.

    `unadjusted_segment` is None where it is not known (a league table file alone, and an
    average that the other trusts' segments do not place unambiguously: `league_file`).
    """

    trust_code: str
    adjusted_segment: int
    published_average: float
    unadjusted_segment: int | None = None


def published_ranks(trusts: Iterable[Ranked]) -> dict[str, int]:
    """League ranks as published: (adjusted segment, average), competition ranked."""
    trusts = list(trusts)
    return rules.league_ranks(
        {t.trust_code: t.adjusted_segment for t in trusts},
        {t.trust_code: t.published_average for t in trusts},
    )


def _rank_of(trusts: Sequence[Ranked], trust_code: str, segment: int, average: float) -> int:
    """The rank `trust_code` would take on this segment and average, the rest as published."""
    segments = {t.trust_code: t.adjusted_segment for t in trusts}
    averages = {t.trust_code: t.published_average for t in trusts}
    if trust_code not in segments:
        raise KeyError(f"{trust_code} is not in this league")
    segments[trust_code], averages[trust_code] = segment, average
    return rules.league_ranks(segments, averages)[trust_code]


def _segment_for(average: float, thresholds: Sequence[float]) -> int:
    # Segments are set on the published, 2 dp average.
    return rules.segment_for(rules.round_half_up(average), thresholds)


@dataclass(frozen=True)
class WithoutOverride:
    """A trust's published segment and rank beside those it would have without the override."""

    trust_code: str
    adjusted_segment: int
    rank: int
    unadjusted_segment: int | None
    rank_without_override: int | None

    @property
    def override_applied(self) -> bool:
        return self.unadjusted_segment is not None and (
            self.adjusted_segment != self.unadjusted_segment
        )


def without_override(trusts: Sequence[Ranked]) -> dict[str, WithoutOverride]:
    """Every trust's rank on its unadjusted segment, every other trust on its adjusted one.

    One trust at a time: lifting the override from all seven moved-down trusts at once would
    make each "without" rank depend on the others' counterfactuals, which no reader asks about.
    A trust the override did not touch keeps its rank; one whose unadjusted segment is not known
    has no rank without it.
    """
    ranks = published_ranks(trusts)
    result = {}
    for trust in trusts:
        code = trust.trust_code
        without: int | None = ranks[code]
        if trust.unadjusted_segment is None:
            without = None
        elif trust.adjusted_segment != trust.unadjusted_segment:
            without = _rank_of(trusts, code, trust.unadjusted_segment, trust.published_average)
        result[code] = WithoutOverride(
            trust_code=code,
            adjusted_segment=trust.adjusted_segment,
            rank=ranks[code],
            unadjusted_segment=trust.unadjusted_segment,
            rank_without_override=without,
        )
    return result


def ranks_among(
    trusts: Iterable[Ranked], include: Callable[[str], bool] | Collection[str]
) -> dict[str, int]:
    """Ranks within a subset of the league, e.g. without the specialist or community trusts.

    `include` is a set of trust codes or a predicate on the code; the subset is ranked on the
    same (adjusted segment, average) key as the whole league.
    """
    keep = include if callable(include) else include.__contains__
    return published_ranks(t for t in trusts if keep(t.trust_code))


@dataclass(frozen=True)
class Recomputed:
    """A trust's average, segment and rank recomputed under a counterfactual rule."""

    trust_code: str
    average_score: float
    segment: int
    rank: int


def without_metrics(
    trusts: Sequence[TrustScores],
    dropped_metric_ids: Collection[str],
    thresholds: Sequence[float],
) -> dict[str, Recomputed]:
    """Every trust's average, segment and rank with some metrics (e.g. finance) left out.

    All trusts are recomputed, as leaving a metric out is a change of rule, not of one trust.
    The segment comes from the quarter's fixed thresholds. The financial override is NOT applied:
    with the finance metrics out, the question is how a trust does on everything else, and a
    deficit is finance; applying the override would put finance back in by the side door.
    A trust left with no scored metric drops out of the ranking.
    """
    dropped = frozenset(dropped_metric_ids)
    averages: dict[str, float] = {}
    for trust in trusts:
        kept = {m: s for m, s in trust.scores.items() if m not in dropped}
        average = trust.rules.average_score(kept)
        if average is not None:
            averages[trust.trust_code] = average
    segments = {code: _segment_for(average, thresholds) for code, average in averages.items()}
    ranks = rules.league_ranks(segments, averages)
    return {
        code: Recomputed(code, rules.round_half_up(averages[code]), segments[code], ranks[code])
        for code in averages
    }


@dataclass(frozen=True)
class LeaveOneOut:
    """The best and worst rank a trust would take with any one of its metrics left out."""

    trust_code: str
    ranks: Mapping[str, int]  # metric ID left out -> rank

    @property
    def best_rank(self) -> int:
        return min(self.ranks.values())

    @property
    def worst_rank(self) -> int:
        return max(self.ranks.values())

    @property
    def best_metric(self) -> str:
        """The metric whose absence helps most (the first by ID among equals)."""
        return min(sorted(self.ranks), key=self.ranks.__getitem__)

    @property
    def worst_metric(self) -> str:
        return max(sorted(self.ranks), key=self.ranks.__getitem__)


def leave_one_metric_out(
    trusts: Sequence[TrustScores], trust_code: str, thresholds: Sequence[float]
) -> LeaveOneOut | None:
    """How far a trust's rank rests on any single metric.

    For each of the trust's counting metrics: drop it, recompute the trust's average, segment
    (fixed thresholds) and override, and rank it against every other trust as published. Returns
    None for a trust scored on a single metric, which has nothing left to rank on.
    """
    trust = next((t for t in trusts if t.trust_code == trust_code), None)
    if trust is None:
        raise KeyError(f"{trust_code} is not in this league")
    ranks = {}
    for metric_id in sorted(trust.counted_scores):
        kept = {m: s for m, s in trust.scores.items() if m != metric_id}
        average = trust.rules.average_score(kept)
        if average is None:
            continue
        segment = trust.rules.apply_override(
            _segment_for(average, thresholds), trust.in_financial_deficit
        )
        ranks[metric_id] = _rank_of(trusts, trust_code, segment, average)
    return LeaveOneOut(trust_code, ranks) if ranks else None
