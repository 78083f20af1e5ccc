"""How NHS England would publish the demo trusts' figures (`leaguetables.demo`).

From what each trust reported in a quarter to the rows of the metric data file: value rows with
the league's median, quartiles and rank; scores by `nof.scoring`; domain scores and segments;
average, segments, financial override and league rank by `nof.rules`; likely ranges by
`nof.uncertainty`. Pure Python and numpy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from leaguetables.demo import catalogue
from leaguetables.demo.catalogue import QUARTERS, DemoLeague, DemoMetric
from leaguetables.nof import metric_ids, rules, uncertainty
from leaguetables.nof.scoring import score_metric
from leaguetables.nof.years import NOF_2025_26

# The demo is a 2025/26 year: its figures follow that year's rules.
YEAR = NOF_2025_26
SortKey = tuple[str, int, str]  # (Metric_ID, rate before count, Trust_code): the file's order


@dataclass
class QuarterInputs:
    """What the trusts of one league reported in one quarter, before NHS England's scoring."""

    values: dict[str, dict[str, float | None]]  # metric number (+"#count") -> code -> value
    periods: dict[tuple[str, str], str]  # (metric number, code) -> an older Reporting_date
    direct_scores: dict[str, dict[str, float]]  # score-only metrics but combined finance
    in_deficit: dict[str, bool]  # OF5004: a planned deficit or deficit support
    recovery: frozenset[str] | None  # segment 5; None from Q3, which has no OF5005/OF5007


@dataclass
class QuarterResult:
    rows: list[tuple[str, ...]]  # data-file cells from Domain on, with the trust code first
    scores: dict[str, dict[str, float]]  # code -> OF1xxx -> score
    averages: dict[str, float]
    unadjusted: dict[str, int]
    adjusted: dict[str, int]
    ranks: dict[str, int]
    thresholds: tuple[float, float, float]
    domain_thresholds: dict[str, tuple[float, float, float]] = field(default_factory=dict)


def number(value: float | None) -> str:
    """A cell as NHS England's files write numbers: "1.0", "2.25", "12.0"; blank for none."""
    if value is None:
        return ""
    return repr(float(value) + 0.0)  # + 0.0 turns -0.0 into 0.0


def quartiles(values: Iterable[float]) -> tuple[float, float, float]:
    low, median, high = np.percentile(np.fromiter(values, float), (25, 50, 75))
    return float(low), float(median), float(high)


def combined_finance(scores: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """OF1080 from its components, as the real file has it: with no planned deficit
    (OF1079 = 1) max(1, OF1081 - 1); with one, min(4, OF1081 + 1)."""
    return {
        code: max(1.0, s["OF1081"] - 1) if s["OF1079"] == 1 else min(4.0, s["OF1081"] + 1)
        for code, s in scores.items()
        if "OF1079" in s and "OF1081" in s
    }


def _row(key: SortKey, *cells: str) -> tuple[SortKey, tuple[str, ...]]:
    return key, (key[2], *cells)


def _value_rows(metric: DemoMetric, units: str, order: int, values, inputs, k: int):
    """Value rows (a suppressed value blank and unranked) and each trust's rank, 1 best."""
    present = {c: v for c, v in values.items() if v is not None}
    low, median, high = (number(rules.round_half_up(q)) for q in quartiles(present.values()))
    sign = -1.0 if metric.rule.higher_is_better else 1.0  # type: ignore[union-attr]
    ranks = rules.competition_rank({c: (sign * v,) for c, v in present.items()})
    rows = [
        _row(
            (metric.value_id, order, code),
            metric.domain,
            metric.sub_domain,
            metric.value_id,
            metric.description,
            inputs.periods.get((metric.number, code), metric.reporting[k]),
            units,
            number(value),
            median,
            low,
            high,
            number(ranks.get(code)),
        )  # fmt: skip
        for code, value in values.items()
    ]
    return rows, ranks


def _top_up_overrides(minimum: int, finance: Mapping[str, float], in_deficit, unadjusted) -> None:
    """Every league-quarter shows the override at work: if too few trusts in segments 1-2 are
    flagged, those with the weakest finances go on deficit support."""
    better = [c for c in sorted(unadjusted) if unadjusted[c] in YEAR.overridden_segments]
    moved = sum(in_deficit[c] for c in better)
    spare = sorted((c for c in better if not in_deficit[c]), key=finance.__getitem__)
    for code in spare[: max(0, minimum - moved)]:
        in_deficit[code] = True


def derive(
    league: DemoLeague,
    k: int,
    inputs: QuarterInputs,
    finance: Mapping[str, float],
    fixed: QuarterResult | None = None,
) -> QuarterResult:
    """Score, average, segment and rank one league-quarter, and lay out its data-file rows.

    `finance` (code -> how healthy) picks who goes on deficit support if the quarter has too few
    overrides. `fixed`, an earlier result for the same quarter, lends its segment and domain
    thresholds: a revision corrects values, it does not move the cut-points.
    """
    keyed: list[tuple[SortKey, tuple[str, ...]]] = []
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for metric in (m for m in league.metrics if k in m.quarters):
        ranks: dict[str, int] = {}
        if metric.number == "080":
            by_trust = combined_finance(scores)
        elif metric.score_only:
            by_trust = inputs.direct_scores.get(metric.number, {})
        elif values := inputs.values.get(metric.number):
            rows, ranks = _value_rows(metric, metric.units or "", 0, values, inputs, k)
            keyed += rows
            if metric.count_row:
                counts = inputs.values[f"{metric.number}#count"]
                keyed += _value_rows(metric, "count", 1, counts, inputs, k)[0]
            present = {c: v for c, v in values.items() if v is not None}
            by_trust = score_metric(present, metric.rule)  # type: ignore[arg-type]
        else:
            continue
        for code, score in by_trust.items():
            scores[code][metric.score_id] = score
            period = inputs.periods.get((metric.number, code), metric.reporting[k])
            keyed.append(
                _row(
                    (metric.score_id, 0, code),
                    metric.domain,
                    metric.sub_domain,
                    metric.score_id,
                    metric.description,
                    period,
                    "score",
                    number(score),
                    "",
                    "",
                    "",
                    number(ranks.get(code)),
                )  # fmt: skip
            )
    domain_rows, domain_thresholds = _domain_rows(league, k, scores, fixed)
    averages = {c: rules.round_half_up(YEAR.average_score(s) or 0.0) for c, s in scores.items()}
    thresholds = fixed.thresholds if fixed else quartiles(averages.values())
    unadjusted = {c: rules.segment_for(a, thresholds) for c, a in averages.items()}
    if fixed is None:
        _top_up_overrides(league.minimum_overrides, finance, inputs.in_deficit, unadjusted)
    adjusted = {c: YEAR.apply_override(s, inputs.in_deficit[c]) for c, s in unadjusted.items()}
    result = QuarterResult(
        rows=[],
        scores=dict(scores),
        averages=averages,
        unadjusted=unadjusted,
        adjusted=adjusted,
        ranks=rules.league_ranks(adjusted, averages),
        thresholds=thresholds,
        domain_thresholds=domain_thresholds,
    )
    keyed += domain_rows + _summary_rows(k, inputs, result)
    keyed.sort(key=lambda item: item[0])
    result.rows = [row for _, row in keyed]
    return result


def _domain_rows(league: DemoLeague, k: int, scores, fixed: QuarterResult | None):
    """OF40xx domain scores (the mean of the domain's counting scores, ranked) and OF41xx domain
    segments (cut at the quartiles of the league's domain scores), and those cut-points."""
    domain_of = {m.score_id: m.domain for m in league.metrics}
    by_domain: dict[str, dict[str, float]] = defaultdict(dict)
    for code, trust_scores in scores.items():
        for domain in catalogue.DOMAIN_CODES:
            subset = {m: s for m, s in trust_scores.items() if domain_of[m] == domain}
            if (mean := YEAR.average_score(subset)) is not None:
                by_domain[domain][code] = rules.round_half_up(mean)
    thresholds = dict(fixed.domain_thresholds) if fixed else {}
    rows = []
    for domain, by_trust in by_domain.items():
        cuts = thresholds.setdefault(domain, quartiles(by_trust.values()))
        ranks = rules.competition_rank({c: (v,) for c, v in by_trust.items()})
        score_id, segment_id = metric_ids.domain_ids(catalogue.DOMAIN_CODES[domain])
        score_name, segment_name = f"{domain} domain score", f"{domain} domain segment"
        sub_domain = catalogue.domain_score_sub_domain(domain)
        for code, value in by_trust.items():
            segment = rules.segment_for(value, cuts)
            rows += [
                _row((score_id, 0, code), domain, sub_domain, score_id, score_name, QUARTERS[k],
                     "score", number(value), "", "", "", number(ranks[code])),
                _row((segment_id, 0, code), domain, segment_name, segment_id, segment_name,
                     QUARTERS[k], "segment", number(segment), "", "", "", ""),
            ]  # fmt: skip
    return rows, thresholds


def _summary_rows(k: int, inputs: QuarterInputs, result: QuarterResult) -> list:
    """OF5000 (its Rank the league rank), OF5002 (ranked by score alone), OF5003, OF5004, and in
    Q1-Q2 OF5005 (5 for the Recovery Support Programme) and OF5007."""
    score_ranks = rules.competition_rank({c: (a,) for c, a in result.averages.items()})
    rows = []
    for code, average in result.averages.items():
        adjusted = result.adjusted[code]
        figures = [
            ("adjusted", adjusted, result.ranks[code]),
            ("average", average, score_ranks[code]),
            ("unadjusted", result.unadjusted[code], None),
            ("deficit", inputs.in_deficit[code], None),
        ]
        if inputs.recovery is not None:
            recovering = code in inputs.recovery
            figures += [("final", 5 if recovering else adjusted, None)]
            figures += [("recovery", recovering, None)]
        for key, value, rank in figures:
            metric_id, units, description = catalogue.SUMMARY[key]
            rows.append(
                _row((metric_id, 0, code), "Summary", "Summary", metric_id, description,
                     QUARTERS[k], units, number(value), "", "", "", number(rank))
            )  # fmt: skip
    return rows


def likely_ranges(result: QuarterResult, in_deficit, seed: int) -> dict[str, tuple[str, str]]:
    """Likely ranges of average and rank ("1.2 to 1.89", "1 to 11") by `nof.uncertainty`'s
    bootstrap, widened where needed to hold the trust's own published figures."""
    trusts = [
        uncertainty.TrustScores(
            code, result.scores[code], result.unadjusted[code], in_deficit[code], average, YEAR
        )
        for code, average in sorted(result.averages.items())
    ]
    ranges = uncertainty.simulate_league(
        trusts, result.thresholds, draws=uncertainty.MINIMUM_DRAWS, seed=seed
    )
    found = {}
    for code, r in ranges.items():
        average, rank = result.averages[code], result.ranks[code]
        found[code] = (
            uncertainty.format_range(min(r.score_low, average), max(r.score_high, average)),
            uncertainty.format_range(min(r.rank_low, rank), max(r.rank_high, rank)),
        )
    return found
