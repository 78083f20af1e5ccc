"""NOF metric scores (OF1xxx, 1.00 best to 4.00 worst) from metric values (OF0xxx).

Pure Python (stdlib and numpy), no Django: the rules are data, so an importer can score any metric
a file carries and the reproduction check can say how far each rule explains NHS England's scores.

Findings from the Q4 2025/26 mental health and community file (all four quarters; the full table,
per metric, is in docs/scoring-findings.md):

- Spreading: score = best + (worst - best) * (r - 1) / (N - 1), where r is the competition rank
  ("1, 2, 2, 4": ties take the best rank of their cluster, and the next trust skips the places
  they fill) and N counts every trust being ranked. Rounded half up at 2 dp on exact arithmetic:
  1.125 publishes as 1.13, which Python's round() would make 1.12. Alternatives tried and
  rejected: r/N, (r - 0.5)/N, (r - 1)/N, average, max, dense and ordinal ranks.
- Published values are rounded to 2 dp and tie where the unrounded ones do not: OF0061 7.02 and
  7.02 score 1.45 and 1.50. The published `Rank` orders the unrounded values (equal only for true
  ties), so scoring orders by it when given: OF0061 and OF0084 then reproduce 488 of 488 exactly
  (375 from the rounded values alone).
- N is not always the league. The score steps imply how many trusts were ranked: 61 (the league)
  for OF0061/OF0084; 205 (every trust of every type) for OF0082; 70-71 (the league plus the
  10 ambulance trusts) for OF0086; about 120 for OF0005 and 80-84 passing OF0057 (community
  services of acute trusts too); 68-70 for OF0041; 46-50 for OF0016; 48 for OF0063. Those trusts
  are not in this file, so the league alone cannot reproduce these scores; we do not guess them.
- Floor: OF0057 (urgent community response, 70%): every trust below 70% scores 4.00 and the
  passing trusts spread from 1.00 to 3.00, as the methodology says. No standard-type metric
  (a cluster at 1.00, then a jump to 2.00) appears in this league.
- Bands: the finance components are banded on the value (% of turnover): OF0079 planned
  surplus/deficit 1 at breakeven or better, 2 to a 1% deficit, 3 to 2%, 4 beyond (observed gaps:
  -0.99/-1.12 and -1.96/-2.52); OF0081 year-to-date variance 1 on plan or better, 2 to 0.5%
  adverse, 3 to 1%, 4 beyond (gaps -0.48/-0.53 and -0.80/-1.06; the 1% cut is the round number
  in its gap, not observed). Both reproduce every published score.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

import numpy as np

from leaguetables.nof import leagues, metric_ids

BEST_SCORE = 1.0
WORST_SCORE = 4.0
# A standard lifts every trust meeting it to 1.00, so the rest start one whole score down.
BELOW_STANDARD_BEST = 2.0
# A floor sends every failing trust to 4.00, so the passing trusts end one whole score up.
ABOVE_FLOOR_WORST = 3.0


@dataclass(frozen=True)
class ScoringRule:
    """How one metric's values become scores: kept as data so each rule can be cited and checked.

    `bands` is a sequence of (cut, score), best first: a value at least as good as a cut (>= when
    higher is better, <= when lower is) takes the first such band's score, and a value worse than
    every cut scores 4.00. Banded rules ignore the other trusts entirely.
    """

    metric_id: str
    higher_is_better: bool
    standard: float | None = None
    floor: float | None = None
    bands: tuple[tuple[float, float], ...] | None = None

    def __post_init__(self) -> None:
        # A rule mixing these would leave the bookends undefined, so refuse it at definition.
        if sum(x is not None for x in (self.standard, self.floor, self.bands)) > 1:
            raise ValueError(f"{self.metric_id}: give at most one of standard, floor and bands")
        if self.bands is not None:
            cuts = [cut for cut, _ in self.bands]
            if cuts != sorted(cuts, reverse=self.higher_is_better) or len(set(cuts)) < len(cuts):
                raise ValueError(f"{self.metric_id}: band cuts must run from best to worst")
            if any(not BEST_SCORE <= score <= WORST_SCORE for _, score in self.bands):
                raise ValueError(f"{self.metric_id}: band scores must lie in 1.00 to 4.00")

    def at_least(self, value: float, threshold: float) -> bool:
        """Whether `value` is as good as `threshold` or better, in this metric's direction."""
        return value >= threshold if self.higher_is_better else value <= threshold


# Directions from the methodology's metric list (section 9), each confirmed by infer_direction on
# the published scores; thresholds as the module docstring explains.
KNOWN_RULES: Mapping[str, ScoringRule] = MappingProxyType(
    {
        rule.metric_id: rule
        for rule in (
            ScoringRule("OF0005", higher_is_better=False),  # community waits over 52 weeks
            ScoringRule("OF0016", higher_is_better=True),  # crisis face-to-face within 24 hours
            ScoringRule("OF0041", higher_is_better=True),  # change in CYP accessing MH services
            ScoringRule("OF0057", higher_is_better=True, floor=70.0),  # urgent community response
            ScoringRule("OF0061", higher_is_better=True),  # staff survey: raising concerns
            ScoringRule("OF0063", higher_is_better=False),  # inpatients staying over 60 days
            ScoringRule(
                "OF0079", higher_is_better=True, bands=((0.0, 1.0), (-1.0, 2.0), (-2.0, 3.0))
            ),  # planned surplus/deficit, % of turnover
            ScoringRule(
                "OF0081", higher_is_better=True, bands=((0.0, 1.0), (-0.5, 2.0), (-1.0, 3.0))
            ),  # year-to-date variance to plan, % of turnover
            ScoringRule("OF0082", higher_is_better=False),  # sickness absence
            ScoringRule("OF0084", higher_is_better=True),  # staff survey: engagement
            ScoringRule("OF0086", higher_is_better=False),  # relative difference in costs
        )
    }
)


def round_score(score: Fraction) -> float:
    """Round half up at 2 dp on the exact fraction, as NHS England's published scores are.

    Exact arithmetic matters: 1 + 3 * 2/48 is exactly 1.125 and publishes as 1.13.
    """
    return math.floor(score * 100 + Fraction(1, 2)) / 100


def competition_ranks(keys: Mapping[str, float]) -> dict[str, int]:
    """Rank trusts by key, smallest first; ties share the best rank and the next skips ahead."""
    ordered = sorted(keys.values())
    first_place: dict[float, int] = {}
    for place, key in enumerate(ordered, start=1):
        first_place.setdefault(key, place)
    return {trust: first_place[key] for trust, key in keys.items()}


def spread(keys: Mapping[str, float], best: float, worst: float) -> dict[str, float]:
    """Spread trusts evenly from `best` to `worst` by competition rank of `keys` (smaller better).

    A lone trust is the best of its group, so it takes `best`.
    """
    ranks = competition_ranks(keys)
    if len(ranks) <= 1:
        return {trust: best for trust in ranks}
    step = (Fraction(worst) - Fraction(best)) / (len(ranks) - 1)
    return {trust: round_score(Fraction(best) + step * (r - 1)) for trust, r in ranks.items()}


def band_score(value: float, rule: ScoringRule) -> float:
    """The score of the first band the value reaches; worse than every cut is the worst score."""
    for cut, score in rule.bands or ():
        if rule.at_least(value, cut):
            return score
    return WORST_SCORE


def score_metric(
    values: Mapping[str, float],
    rule: ScoringRule,
    *,
    ranks: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Score one metric for one league and quarter: trust code -> score, 1.00 best to 4.00 worst.

    `values` holds only trusts with a value (unsubmitted or suppressed metrics are left out, as
    NHS England leaves them out). `ranks`, when given, is the published within-league rank of
    each trust's unrounded value (1 best): it orders the trusts and decides ties, because the
    published 2 dp values tie where the unrounded ones did not. Standards, floors and bands are
    always judged on the value.
    """
    if rule.bands is not None:
        return {trust: band_score(value, rule) for trust, value in values.items()}
    if ranks is not None:
        missing = set(values) - set(ranks)
        if missing:
            raise ValueError(f"{rule.metric_id}: no rank for {sorted(missing)}")
        keys = {trust: float(ranks[trust]) for trust in values}
    else:
        sign = -1.0 if rule.higher_is_better else 1.0
        keys = {trust: sign * value for trust, value in values.items()}

    if rule.floor is not None:
        failing = {t for t, v in values.items() if not rule.at_least(v, rule.floor)}
        passing = {t: k for t, k in keys.items() if t not in failing}
        return spread(passing, BEST_SCORE, ABOVE_FLOOR_WORST) | dict.fromkeys(failing, WORST_SCORE)
    if rule.standard is not None:
        meeting = {t for t, v in values.items() if rule.at_least(v, rule.standard)}
        rest = {t: k for t, k in keys.items() if t not in meeting}
        return dict.fromkeys(meeting, BEST_SCORE) | spread(rest, BELOW_STANDARD_BEST, WORST_SCORE)
    return spread(keys, BEST_SCORE, WORST_SCORE)


def infer_direction(pairs: Iterable[tuple[float, float]]) -> bool | None:
    """Whether higher values are better, read from (value, published score) pairs.

    Lower scores are better, so if higher values mostly come with lower scores then higher is
    better. Counts concordant against discordant pairs (Kendall's tau numerator), which bands,
    floors and ties do not fool; None when they balance or nothing varies.
    """
    data = np.array(list(pairs), dtype=float).reshape(-1, 2)
    if len(data) < 2:
        return None
    value_order = np.sign(data[:, 0][:, None] - data[:, 0][None, :])
    score_order = np.sign(data[:, 1][:, None] - data[:, 1][None, :])
    agreement = float(np.sum(value_order * score_order))
    if agreement == 0:
        return None
    return agreement < 0


@dataclass(frozen=True)
class MetricReproduction:
    """How one metric's rule reproduced the published scores, over every quarter and league."""

    metric_id: str
    rule: ScoringRule
    compared: int
    exact: int
    within_001: int
    worst_miss: float
    worst_case: str  # "quarter trust_code" of the worst miss, for a person to look at

    @property
    def mismatched(self) -> int:
        return self.compared - self.within_001


@dataclass(frozen=True)
class ScoringReport:
    """Reproduction figures. `within_001` includes `exact`; `mismatched` is what is further off
    than 0.01, so a real discrepancy stands apart from rounding."""

    per_metric: Mapping[str, MetricReproduction]
    undecided: tuple[str, ...] = ()  # value metrics whose direction the scores do not settle

    @property
    def compared(self) -> int:
        return sum(m.compared for m in self.per_metric.values())

    @property
    def exact(self) -> int:
        return sum(m.exact for m in self.per_metric.values())

    @property
    def within_001(self) -> int:
        return sum(m.within_001 for m in self.per_metric.values())

    @property
    def mismatched(self) -> int:
        return self.compared - self.within_001


def _number(text: str | None) -> float | None:
    """A CSV cell as a number; blank or suppressed cells are no value at all."""
    try:
        number = float(text or "")
    except ValueError:
        return None
    return None if math.isnan(number) else number


def reproduce_published_scores(
    rows: Iterable[Mapping[str, str]],
    rules: Mapping[str, ScoringRule] = KNOWN_RULES,
    *,
    use_published_rank: bool = True,
) -> ScoringReport:
    """Score every (quarter, league, OF0xxx metric) that has OF1xxx scores and compare.

    Rules come from `rules`, else a rule with the direction inferred from the metric's own pairs
    across all quarters. Values are grouped by `Units` as well, because some acute metrics carry
    a rate and a count under one ID; each group is compared with the same published scores.
    """
    # (quarter, league, value ID, units) -> trust -> (value, published rank)
    values: dict[tuple[str, ...], dict[str, tuple[float, float | None]]] = defaultdict(dict)
    scores: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for row in rows:
        metric_id = row["Metric_ID"]
        number = _number(row.get("Value"))
        if number is None:
            continue
        if metric_ids.pair_of(metric_id) is None:
            continue
        league = leagues.canonical_trust_type(row["Trust_type"])
        group = (row["Quarter"], league, metric_ids.value_id(metric_id))
        if metric_ids.is_value(metric_id):
            units_group = (*group, row.get("Units", ""))
            values[units_group][row["Trust_code"]] = (number, _number(row.get("Rank")))
        else:
            scores[group][row["Trust_code"]] = number

    # Only groups whose metric has published scores in the same quarter and league are compared.
    paired = {key: group for key, group in values.items() if key[:3] in scores}
    pairs_by_metric: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for key, group in paired.items():
        published = scores[key[:3]]
        pairs_by_metric[key[2]] += [
            (value, published[trust]) for trust, (value, _) in group.items() if trust in published
        ]

    chosen: dict[str, ScoringRule] = {}
    undecided: list[str] = []
    for metric_id, pairs in sorted(pairs_by_metric.items()):
        if metric_id in rules:
            chosen[metric_id] = rules[metric_id]
        elif (direction := infer_direction(pairs)) is not None:
            chosen[metric_id] = ScoringRule(metric_id, higher_is_better=direction)
        else:
            undecided.append(metric_id)

    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    worst: dict[str, tuple[float, str]] = {}
    for (quarter, league, metric_id, _units), group in sorted(paired.items()):
        if metric_id not in chosen:
            continue
        published = scores[(quarter, league, metric_id)]
        # A trust with a value but no score was not scored, so it was not ranked either.
        group = {trust: pair for trust, pair in group.items() if trust in published}
        ranks = {trust: rank for trust, (_, rank) in group.items() if rank is not None}
        given_ranks = ranks if use_published_rank and len(ranks) == len(group) else None
        ours = score_metric(
            {trust: value for trust, (value, _) in group.items()},
            chosen[metric_id],
            ranks=given_ranks,
        )
        tally = tallies[metric_id]
        for trust, score in ours.items():
            # Scores are on a 0.01 grid: compare in hundredths to keep float noise out.
            miss = abs(round(score * 100) - round(published[trust] * 100)) / 100
            tally[0] += 1
            tally[1] += miss == 0
            tally[2] += miss <= 0.01
            if miss > worst.get(metric_id, (0.0, ""))[0]:
                worst[metric_id] = (miss, f"{quarter} {trust}")

    per_metric = {
        metric_id: MetricReproduction(
            metric_id, chosen[metric_id], *tally, *worst.get(metric_id, (0.0, ""))
        )
        for metric_id, tally in sorted(tallies.items())
    }
    return ScoringReport(per_metric=per_metric, undecided=tuple(undecided))
