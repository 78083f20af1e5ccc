"""What a trust's data leaves out: metrics not scored, values suppressed, scores with no value,
and figures from a period before the quarter they are ranked in. Pure Python.

NHS England leaves an unscored metric out of the average rather than counting it as zero, so a
rank can rest on fewer metrics than the league's usual set, and some rest on older figures;
the data note says which.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from leaguetables.nof import metric_ids, periods
from leaguetables.nof.notes import MetricGap
from leaguetables.nof.years import YearRules

# The sub-domain of A&E's metrics: a trust with none of them runs no A&E.
URGENT_AND_EMERGENCY_CARE = "Urgent and emergency care"


@dataclass(frozen=True)
class PublishedResult:
    """One value or score row of one trust-quarter, as the file published it."""

    metric_id: str
    description: str
    sub_domain: str
    value: float | None
    period: str


@dataclass(frozen=True)
class DataGaps:
    missing: tuple[MetricGap, ...]
    suppressed: tuple[MetricGap, ...]
    score_only: tuple[MetricGap, ...]
    older: tuple[MetricGap, ...]
    no_urgent_care: bool


def data_gaps(
    results: Collection[PublishedResult],
    *,
    scores: Mapping[str, float | None],
    league_counting: Mapping[str, str],
    rules: YearRules,
    quarter: tuple[int, int],
) -> DataGaps:
    """A trust-quarter's gaps.

    `results` are its value and score rows; `scores` its published scores by ID;
    `league_counting` every counting metric some trust of the league was scored on that quarter
    (ID -> description): a metric in it that this trust was not scored on is missing.
    """
    by_id = {result.metric_id: result for result in results}
    scored = rules.counted_scores(scores)

    def gap(result: PublishedResult, with_period: bool = False) -> MetricGap:
        return MetricGap(result.metric_id, result.description, result.period if with_period else "")

    missing = tuple(
        MetricGap(metric_id, description)
        for metric_id, description in sorted(league_counting.items())
        if metric_id not in scored
    )
    suppressed = tuple(
        gap(r)
        for metric_id, r in sorted(by_id.items())
        if metric_ids.is_value(metric_id) and r.value is None
    )
    counting = [r for metric_id, r in sorted(by_id.items()) if metric_id in scored]
    score_only = tuple(gap(r) for r in counting if metric_ids.value_id(r.metric_id) not in by_id)
    older = tuple(
        gap(r, with_period=True) for r in counting if periods.older_than_quarter(r.period, *quarter)
    )
    no_urgent_care = not any(r.sub_domain == URGENT_AND_EMERGENCY_CARE for r in results)
    return DataGaps(missing, suppressed, score_only, older, no_urgent_care)
