"""Honest statistics stored at import: likely ranges, segment probabilities, counterfactual ranks
and what moved each trust. The arithmetic is in `nof` (pure, tested); this stores it."""

from __future__ import annotations

from leaguetables.models import Metric, TrustQuarter
from leaguetables.nof import counterfactuals, movement, uncertainty

FIELDS = [
    "likely_score_low", "likely_score_high", "likely_rank_low", "likely_rank_high",
    "segment_probabilities", "segment_without_override", "rank_without_override",
    "rank_among_non_specialist", "rank_without_finance", "rank_leave_one_out_best",
    "rank_leave_one_out_worst",
]  # fmt: skip


def trust_scores(tq: TrustQuarter, scores: dict[str, float]) -> uncertainty.TrustScores | None:
    """What the simulation needs; None for a trust lacking a figure a rank needs."""
    if tq.average_score is None or tq.adjusted_segment is None:
        return None
    unadjusted = tq.unadjusted_segment
    if unadjusted is None:
        # A league file alone gives only the adjusted segment: take it as the trust's own.
        unadjusted = tq.adjusted_segment
    return uncertainty.TrustScores(
        trust_code=tq.trust.ods_code,
        scores=scores,
        unadjusted_segment=unadjusted,
        in_financial_deficit=bool(tq.in_financial_deficit),
        published_average=tq.average_score,
    )


def finance_metric_ids() -> frozenset[str]:
    return frozenset(
        Metric.objects.filter(
            kind=Metric.Kind.SCORE, domain=counterfactuals.FINANCE_DOMAIN
        ).values_list("metric_id", flat=True)
    )


def thresholds(
    trusts: list[uncertainty.TrustScores], national: list[uncertainty.TrustScores]
) -> tuple[float, float, float]:
    """Segment thresholds are national: implied by every league of the quarter where that
    implies all three, else by this league with uncrossable bounds where it implies none."""
    try:
        return uncertainty.league_thresholds(national)
    except ValueError:
        return uncertainty.thresholds_or_bounds(trusts)


def refresh(
    trust_quarters: list[TrustQuarter],
    scores: dict[int, dict[str, float]],
    national: list[uncertainty.TrustScores] = (),
) -> None:
    """Fill every trust-quarter's statistics from its league-quarter's stored scores.

    `national` holds the other leagues' trusts of the same quarter, for the thresholds."""
    for tq in trust_quarters:
        for name in FIELDS:
            setattr(tq, name, {} if name == "segment_probabilities" else None)
    inputs = {}
    for tq in trust_quarters:
        built = trust_scores(tq, scores.get(tq.pk, {}))
        if built is not None and built.counted_scores:
            inputs[tq.trust.ods_code] = (tq, built)
    if not inputs:
        return
    trusts = [built for _, built in inputs.values()]
    cuts = thresholds(trusts, [*trusts, *national])
    simulated = uncertainty.simulate_league(trusts, cuts)
    without = counterfactuals.without_override(trusts)
    general = {code for code, (tq, _) in inputs.items() if "specialist" not in tq.subtype.lower()}
    among_general = counterfactuals.ranks_among(trusts, general) if general != set(inputs) else {}
    without_finance = counterfactuals.without_metrics(trusts, finance_metric_ids(), cuts)
    for code, (tq, _) in inputs.items():
        result = simulated[code]
        tq.likely_score_low, tq.likely_score_high = result.score_low, result.score_high
        tq.likely_rank_low, tq.likely_rank_high = result.rank_low, result.rank_high
        tq.segment_probabilities = {
            str(segment): round(share, 4) for segment, share in result.segment_probabilities.items()
        }
        tq.segment_without_override = without[code].unadjusted_segment
        tq.rank_without_override = without[code].rank_without_override
        tq.rank_among_non_specialist = among_general.get(code)
        recomputed = without_finance.get(code)
        tq.rank_without_finance = recomputed.rank if recomputed else None
        loo = counterfactuals.leave_one_metric_out(trusts, code, cuts)
        if loo is not None:
            tq.rank_leave_one_out_best, tq.rank_leave_one_out_worst = loo.best_rank, loo.worst_rank


def movement_of(
    tq: TrustQuarter,
    now_scores: dict[str, float],
    before: TrustQuarter | None,
    before_scores: dict[str, float] | None,
) -> None:
    """Movement since the previous quarter, decomposed into the metrics that moved it."""
    tq.movement_beyond_noise = None
    tq.movement_contributions = []
    tq.segment_change = ""
    if before is None or before_scores is None:
        return
    now_input = trust_scores(tq, now_scores)
    before_input = trust_scores(before, before_scores)
    score_range = tq.score_range
    if now_input is None or before_input is None:
        return
    parts = movement.contributions(before_input.scores, now_input.scores)
    tq.movement_contributions = [
        {
            "metric_id": part.metric_id,
            "score_before": part.score_before,
            "score_now": part.score_now,
            "contribution": round(part.contribution, 4),
        }
        for part in parts
        if abs(part.contribution) >= 0.005
    ]
    if score_range is not None:
        label, change = movement.classify(before_input, now_input, score_range)
        tq.movement_beyond_noise = label is movement.MovementLabel.BEYOND
        tq.segment_change = change.value
