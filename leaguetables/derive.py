"""Figures derived from stored results, refreshed for a league-quarter whenever a file touches it.

Reads the database, calls the pure rules in `nof`, and stores what they return: views never
compute, they read these stored figures.
"""

from __future__ import annotations

from collections import defaultdict

from leaguetables.models import League, Metric, MetricResult, Quarter, TrustQuarter
from leaguetables.nof import rules


def scores_by_trust_quarter(trust_quarters: list[TrustQuarter]) -> dict[int, dict[str, float]]:
    """Each trust-quarter's published metric scores (OF1xxx), by metric ID."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters, metric__kind=Metric.Kind.SCORE, value__isnull=False
    ).values_list("trust_quarter_id", "metric__metric_id", "value")
    for tq_id, metric_id, value in rows:
        scores[tq_id][metric_id] = value
    return scores


def refresh_league_quarter(*, league: League, quarter: Quarter) -> str:
    """Recompute the derived figures of one league-quarter; return the reproduction summary."""
    trust_quarters = list(TrustQuarter.objects.in_league(league, quarter).select_related("trust"))
    scores = scores_by_trust_quarter(trust_quarters)
    report = rules.check_league_quarter(
        rules.TrustInput(
            trust_code=tq.trust.ods_code,
            scores=scores.get(tq.pk, {}),
            published_average=tq.average_score,
            unadjusted_segment=tq.unadjusted_segment,
            adjusted_segment=tq.adjusted_segment,
            in_financial_deficit=tq.in_financial_deficit,
            published_rank=tq.league_rank,
        )
        for tq in trust_quarters
    )
    checks = {check.trust_code: check for check in report.checks}
    for tq in trust_quarters:
        check = checks[tq.trust.ods_code]
        tq_scores = scores.get(tq.pk, {})
        tq.metrics_scored = rules.metrics_scored(tq_scores) if tq_scores else None
        tq.recomputed_average = check.recomputed_average
        tq.reproduction = check.average.value
        if not (check.rank_matches and check.segment_matches):
            tq.reproduction = rules.Reproduction.DISCREPANCY.value
        tq.financial_override_applied = rules.override_applied(
            tq.unadjusted_segment, tq.adjusted_segment
        ) and bool(tq.in_financial_deficit)
    TrustQuarter.objects.bulk_update(
        trust_quarters,
        ["metrics_scored", "recomputed_average", "reproduction", "financial_override_applied"],
    )
    return report.summary()
