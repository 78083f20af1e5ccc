"""Likely ranges of average score and of league rank, and the chance of each segment.

NHS England publishes a "likely range" of average score and of rank beside every trust (Q3 2025/26
on) without saying how it is computed. The method here was established against their Q4 2025/26
mental health and community league (docs/uncertainty-method.md has every variant tried and its
figures): a bootstrap of each trust's own scored metrics. In one draw every trust in the league
resamples its counting metric scores with replacement (same count), takes the (weighted) mean, is
segmented by the quarter's fixed thresholds, has the financial override applied, and is ranked
against the other trusts of the same draw. The likely range is the 2.5th to 97.5th percentile over
the draws. With the defaults it reproduces all 61 published score ranges within 0.05 and all 61
rank ranges within 3 places.

The rules themselves (which metrics count, weights, rounding, override, competition rank) come from
`rules`; this module only repeats them across draws with numpy, and the tests check the vectorised
form against the scalar rules.

Pure Python and numpy, no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import files, metric_ids, rules, years
from .years import YearRules

SUMMARY_NEEDED = (
    metric_ids.AVERAGE_SCORE, metric_ids.UNADJUSTED_SEGMENT, metric_ids.FINANCIAL_DEFICIT,
)  # fmt: skip

# Enough draws that the published ranges are matched whatever the seed: over ten seeds, 2,000
# draws matched 57-61 of NHS England's 61 score ranges within 0.05, 20,000 matched 60-61 (61 for
# nine seeds). The ends of a 95% range are tail percentiles, whose Monte Carlo error shrinks only
# with the square root of the draws; 20,000 still takes under a second for the acute league.
DEFAULT_DRAWS = 20_000
MINIMUM_DRAWS = 2_000
# Fixed, so that re-importing a file reproduces the same ranges: a range that moved on re-import
# would look like news. Any number will do; changing it changes the last digit of some ranges.
DEFAULT_SEED = 2025
LIKELY_RANGE_PERCENTILES = (2.5, 97.5)
SEGMENTS = (1, 2, 3, 4)

# Work through the draws in blocks so that a 134-trust league of 22 metrics never holds more
# than a few tens of megabytes of resampled scores at once.
_BLOCK_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class TrustScores:
    """One trust's published figures for one quarter, as the simulation and counterfactuals need.

    `scores` holds every published metric score (OF1xxx) by metric ID: the ones that count towards
    the average are picked out by the year's rules (`years.YearRules.counted_scores`), so callers
    need not know that the finance components are left out. Missing or unscored metrics (None or
    0) are left out, as NHS England leaves them out.
    """

    trust_code: str
    scores: Mapping[str, float | None]
    unadjusted_segment: int
    in_financial_deficit: bool
    published_average: float
    rules: YearRules

    @property
    def adjusted_segment(self) -> int:
        return self.rules.apply_override(self.unadjusted_segment, self.in_financial_deficit)

    @property
    def counted_scores(self) -> dict[str, float]:
        return self.rules.counted_scores(self.scores)


@dataclass(frozen=True)
class TrustUncertainty:
    """A trust's likely ranges, as NHS England publishes them (score ends rounded to 2 dp).

    `segment_probabilities` is the share of draws in each adjusted segment 1-4 (after the
    financial override): the four sum to 1.
    """

    score_low: float
    score_high: float
    rank_low: int
    rank_high: int
    segment_probabilities: Mapping[int, float] = field(default_factory=dict)


def parse_range(text: str) -> tuple[float, float]:
    """ "1.2 to 1.89" -> (1.2, 1.89), as written in NHS England's league table files."""
    match = files.RANGE_TEXT.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a range like '1.2 to 1.89'")
    low, high = float(match[1]), float(match[2])
    if low > high:
        raise ValueError(f"{text!r} runs backwards")
    return low, high


def format_range(low: float, high: float) -> str:
    """The inverse of `parse_range`, in NHS England's style: "1.2 to 1.89", "1 to 11".

    Whole numbers (ranks) print without a decimal point; scores print as 2 dp floats do in their
    files, trailing zero dropped.
    """

    def text(value: float) -> str:
        if isinstance(value, int) or (isinstance(value, np.integer)):
            return str(int(value))
        return repr(rules.round_half_up(float(value)))

    return f"{text(low)} to {text(high)}"


def segment_thresholds(cut_points: Sequence[rules.CutPoint]) -> tuple[float, float, float]:
    """The three thresholds (1|2, 2|3, 3|4) at the midpoints of the implied cut-point intervals.

    Midpoints, lower and upper ends of the intervals reproduce NHS England's ranges equally well
    (the intervals are 0.01-0.09 wide), so the midpoint is the least committal. A boundary the
    data do not imply (no trust on one side of it, as may happen in the 10-trust ambulance
    league) is refused rather than guessed: the thresholds are national, so pool every league of
    the quarter to find it.
    """
    by_segment = {cut.upper_segment: cut for cut in cut_points}
    missing = [f"{s}|{s + 1}" for s in (1, 2, 3) if s not in by_segment]
    if missing:
        raise ValueError(
            f"no cut-point implied between segments {', '.join(missing)}: pool all leagues"
        )
    low, middle, high = (by_segment[s].midpoint for s in (1, 2, 3))
    return low, middle, high


def league_thresholds(trusts: Iterable[TrustScores]) -> tuple[float, float, float]:
    """Thresholds implied by a set of trusts' published unadjusted segments and averages."""
    trusts = list(trusts)
    return segment_thresholds(
        rules.implied_cut_points(
            {t.trust_code: t.unadjusted_segment for t in trusts},
            {t.trust_code: t.published_average for t in trusts},
        )
    )


def thresholds_or_bounds(trusts: Iterable[TrustScores]) -> tuple[float, float, float]:
    """`league_thresholds`, except that a boundary no trust crosses stays uncrossable.

    For a small league (or a quarter where only one league is loaded) some segment may hold no
    trust. Rather than invent a threshold, a boundary with every trust on its better side is put
    at +infinity and one with every trust on its worse side at -infinity: no draw can then move a
    trust into a segment the data show no trust in. Pooling leagues first is better where it can
    be done; this is the fallback.
    """
    trusts = list(trusts)
    cuts = {
        cut.upper_segment: cut.midpoint
        for cut in rules.implied_cut_points(
            {t.trust_code: t.unadjusted_segment for t in trusts},
            {t.trust_code: t.published_average for t in trusts},
        )
    }
    thresholds = []
    for segment in (1, 2, 3):
        if segment in cuts:
            thresholds.append(cuts[segment])
        elif all(t.unadjusted_segment <= segment for t in trusts):
            thresholds.append(float("inf"))
        else:
            thresholds.append(float("-inf"))
    low, middle, high = thresholds
    return low, middle, high


def _round_half_up(values: np.ndarray) -> np.ndarray:
    """`rules.round_half_up` at 2 dp over an array, by the same float operations."""
    return np.floor(values * 100 + 0.5 + 1e-9) / 100


def _competition_ranks(keys: np.ndarray) -> np.ndarray:
    """Competition rank ("1, 2, 2, 4") of each column within each row, lowest key first."""
    order = np.argsort(keys, axis=1, kind="stable")
    ordered = np.take_along_axis(keys, order, axis=1)
    positions = np.broadcast_to(np.arange(keys.shape[1]), keys.shape)
    starts = np.ones(keys.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    # A tie takes the position of the first trust of its run.
    ranked = np.maximum.accumulate(np.where(starts, positions, 0), axis=1) + 1
    ranks = np.empty_like(ranked)
    np.put_along_axis(ranks, order, ranked, axis=1)
    return ranks


def _score_matrix(trusts: Sequence[TrustScores]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counting scores padded into a (trust, metric) matrix, their weights, and the counts."""
    counted = [list(t.counted_scores.items()) for t in trusts]
    for trust, scores in zip(trusts, counted, strict=True):
        if not scores:
            raise ValueError(f"{trust.trust_code}: no scored metric to resample")
    counts = np.array([len(scores) for scores in counted])
    width = int(counts.max())
    values = np.zeros((len(trusts), width))
    weights = np.zeros((len(trusts), width))
    for row, (trust, scores) in enumerate(zip(trusts, counted, strict=True)):
        for column, (metric_id, score) in enumerate(scores):
            values[row, column] = score
            weights[row, column] = trust.rules.weight(metric_id)
    return values, weights, counts


def _bootstrap_averages(
    values: np.ndarray,
    weights: np.ndarray,
    counts: np.ndarray,
    draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """(draws, trusts) weighted means of each trust's metrics resampled with replacement.

    Every trust draws as many metrics as it has; the padding columns beyond a trust's count are
    drawn but masked out, which keeps the whole league in one array operation.
    """
    trusts, width = values.shape
    in_use = np.arange(width)[None, :] < counts[:, None]
    weighted = (values * weights).ravel()
    flat_weights = weights.ravel()
    unweighted = bool(np.all(weights[in_use] == 1.0))
    offsets = (np.arange(trusts) * width)[:, None]
    block = max(1, _BLOCK_ELEMENTS // (trusts * width))
    averages = np.empty((draws, trusts))
    for start in range(0, draws, block):
        size = min(block, draws - start)
        # floor(uniform * count) picks each of a trust's metrics with equal chance, at half the
        # cost of Generator.integers with per-trust bounds; the clip guards the float edge.
        uniform = rng.random((size, trusts, width))
        uniform *= counts[:, None]
        picked = uniform.astype(np.intp)
        np.minimum(picked, counts[:, None] - 1, out=picked)
        picked += offsets
        numerator = np.where(in_use, np.take(weighted, picked), 0.0).sum(axis=2)
        if unweighted:
            averages[start : start + size] = numerator / counts
        else:
            denominator = np.where(in_use, np.take(flat_weights, picked), 0.0).sum(axis=2)
            averages[start : start + size] = numerator / denominator
    return averages


@dataclass(frozen=True)
class LeagueDraws:
    """Every draw of a league simulation, for callers who need more than the ranges."""

    trust_codes: tuple[str, ...]
    averages: np.ndarray  # (draws, trusts), unrounded
    adjusted_segments: np.ndarray  # (draws, trusts)
    ranks: np.ndarray  # (draws, trusts)


def draw_league(
    trusts: Sequence[TrustScores],
    thresholds: Sequence[float],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> LeagueDraws:
    """Resample the whole league `draws` times; see `simulate_league` for the method."""
    if draws < MINIMUM_DRAWS:
        raise ValueError(f"{draws} draws: use at least {MINIMUM_DRAWS} for 95% ranges")
    if len(thresholds) != 3 or list(thresholds) != sorted(thresholds):
        raise ValueError(f"need three ascending thresholds (1|2, 2|3, 3|4), got {thresholds}")
    codes = tuple(t.trust_code for t in trusts)
    if len(set(codes)) != len(codes):
        raise ValueError("a trust appears twice in the league")
    years = {t.rules for t in trusts}
    if len(years) != 1:
        raise ValueError("a league-quarter's trusts are all read by one year's rules")
    year = years.pop()
    values, weights, counts = _score_matrix(trusts)
    averages = _bootstrap_averages(values, weights, counts, draws, np.random.default_rng(seed))
    # Segments and ranks are set on the 2 dp average, as NHS England publishes and ranks it.
    rounded = _round_half_up(averages)
    unadjusted = 1 + (rounded[:, :, None] > np.asarray(thresholds)[None, None, :]).sum(axis=2)
    in_deficit = np.array([t.in_financial_deficit for t in trusts])[None, :]
    overridden = in_deficit & np.isin(unadjusted, tuple(year.overridden_segments))
    adjusted = np.where(overridden, year.override_segment, unadjusted)
    # Whole hundredths make the (segment, average) key an exact integer, so ties stay ties.
    keys = adjusted * 1_000 + np.rint(rounded * 100).astype(np.int64)
    return LeagueDraws(codes, averages, adjusted, _competition_ranks(keys))


def summarise(league: LeagueDraws) -> dict[str, TrustUncertainty]:
    """Likely ranges (2.5th-97.5th percentile) and segment shares from a league's draws.

    Rank ends are rounded outwards to whole places, so a range never claims more certainty than
    the draws support.
    """
    score_low, score_high = np.percentile(league.averages, LIKELY_RANGE_PERCENTILES, axis=0)
    rank_low, rank_high = np.percentile(league.ranks, LIKELY_RANGE_PERCENTILES, axis=0)
    draws = league.adjusted_segments.shape[0]
    shares = {s: (league.adjusted_segments == s).sum(axis=0) / draws for s in SEGMENTS}
    return {
        code: TrustUncertainty(
            score_low=rules.round_half_up(float(score_low[i])),
            score_high=rules.round_half_up(float(score_high[i])),
            rank_low=int(np.floor(rank_low[i])),
            rank_high=int(np.ceil(rank_high[i])),
            segment_probabilities={s: float(shares[s][i]) for s in SEGMENTS},
        )
        for i, code in enumerate(league.trust_codes)
    }


def simulate_league(
    trusts: Sequence[TrustScores],
    thresholds: Sequence[float],
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> dict[str, TrustUncertainty]:
    """Likely ranges of average score and rank, and segment probabilities, for one league-quarter.

    In each draw every trust resamples its counting metric scores with replacement (as many as
    it has), takes their weighted mean, is put in a segment by the fixed `thresholds` (from
    `league_thresholds` or `segment_thresholds`) and has the financial override applied; then all
    trusts are ranked together on (adjusted segment, average). Resampling the whole league in the
    same draw matters: a trust's rank moves with its neighbours' luck as well as its own.
    Seeded, so the same input always gives the same ranges.
    """
    return summarise(draw_league(trusts, thresholds, draws=draws, seed=seed))


def trust_scores_from_rows(
    rows: Iterable[files.DataRow],
) -> dict[files.Quarter, list[TrustScores]]:
    """Each quarter's trusts from a parsed metric data file (OF1xxx scores and summary rows).

    Only what the simulation needs is read; a trust lacking a summary row (OF5002, OF5003 or
    OF5004) is left out, as it has no published rank to put a range around.
    """
    scores: dict[tuple[files.Quarter, str], dict[str, float | None]] = defaultdict(dict)
    summary: dict[tuple[files.Quarter, str], dict[str, float]] = defaultdict(dict)
    for row in rows:
        key = (row.quarter, row.trust_code)
        if metric_ids.is_score(row.metric_id):
            scores[key][row.metric_id] = row.value
        elif row.metric_id in SUMMARY_NEEDED and row.value is not None:
            summary[key][row.metric_id] = row.value
    quarters: dict[files.Quarter, list[TrustScores]] = defaultdict(list)
    for (quarter, code), figures in sorted(summary.items()):
        if len(figures) < len(SUMMARY_NEEDED):
            continue
        quarters[quarter].append(
            TrustScores(
                trust_code=code,
                scores=scores[(quarter, code)],
                unadjusted_segment=int(figures[metric_ids.UNADJUSTED_SEGMENT]),
                in_financial_deficit=figures[metric_ids.FINANCIAL_DEFICIT] == 1,
                published_average=figures[metric_ids.AVERAGE_SCORE],
                rules=years.rules_for(quarter[0]),
            )
        )
    return dict(quarters)
