"""Honest statistics stored at import: likely ranges, segment probabilities, counterfactual ranks
and what moved each trust. The arithmetic is in `nof` (pure, tested); this stores it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from leaguetables.models import TrustQuarter
from leaguetables.nof import counterfactuals, leagues, movement, uncertainty
from leaguetables.nof.years import YearRules

FIELDS = [
    "likely_score_low", "likely_score_high", "likely_rank_low", "likely_rank_high",
    "segment_probabilities", "segment_without_override", "rank_without_override",
    "rank_among_non_specialist", "rank_without_finance", "rank_leave_one_out_best",
    "rank_leave_one_out_worst", "leave_one_out_best_metric", "leave_one_out_worst_metric",
]  # fmt: skip
EMPTY = {"segment_probabilities": {}, "leave_one_out_best_metric": "",
         "leave_one_out_worst_metric": ""}  # fmt: skip


def trust_scores(
    tq: TrustQuarter, scores: Mapping[str, float], rules: YearRules
) -> uncertainty.TrustScores | None:
    """What the simulation needs; None for a trust lacking a figure a rank needs.

    The unadjusted segment is the published one (OF5003), else the one inferred from a league
    table file alone (`segment_without_override`), else the adjusted segment.
    """
    if tq.average_score is None or tq.adjusted_segment is None:
        return None
    unadjusted = next(
        segment
        for segment in (tq.unadjusted_segment, tq.segment_without_override, tq.adjusted_segment)
        if segment is not None
    )
    return uncertainty.TrustScores(
        trust_code=tq.trust.ods_code,
        scores=scores,
        unadjusted_segment=unadjusted,
        in_financial_deficit=bool(tq.in_financial_deficit),
        published_average=tq.average_score,
        rules=rules,
    )


def thresholds(
    trusts: list[uncertainty.TrustScores], national: list[uncertainty.TrustScores]
) -> tuple[float, float, float]:
    """Segment thresholds are national: implied by every league of the quarter where that
    implies all three, else by this league with uncrossable bounds where it implies none; the
    year's defined thresholds where NHS England has published them."""
    rules = trusts[0].rules
    try:
        implied = uncertainty.league_thresholds(national)
    except ValueError:
        implied = uncertainty.thresholds_or_bounds(trusts)
    return rules.thresholds(implied)


def refresh(
    trust_quarters: Sequence[TrustQuarter],
    scores: Mapping[int, Mapping[str, float]],
    *,
    rules: YearRules,
    unadjusted: Mapping[int, int | None],
    finance_metric_ids: Collection[str],
    national: Sequence[uncertainty.TrustScores] = (),
) -> None:
    """Fill every trust-quarter's statistics from its league-quarter's stored figures.

    `unadjusted` is each row's unadjusted segment where known (published, or inferred from a
    league table file alone). Ranks under other rules need only the published places; likely
    ranges and ranks that recompute an average need the metric scores. `national` holds the
    other leagues' trusts of the same quarter, for the thresholds.
    """
    for tq in trust_quarters:
        for name in FIELDS:
            setattr(tq, name, EMPTY.get(name))
    placed = {
        tq.trust.ods_code: tq
        for tq in trust_quarters
        if tq.average_score is not None and tq.adjusted_segment is not None
    }
    standings = [
        counterfactuals.Standing(code, tq.adjusted_segment, tq.average_score, unadjusted[tq.pk])  # type: ignore[arg-type]
        for code, tq in placed.items()
    ]
    for code, without in counterfactuals.without_override(standings).items():
        placed[code].segment_without_override = without.unadjusted_segment
        placed[code].rank_without_override = without.rank_without_override
    general = {code for code, tq in placed.items() if not leagues.is_specialist(tq.subtype)}
    if general != set(placed):
        for code, rank in counterfactuals.ranks_among(standings, general).items():
            placed[code].rank_among_non_specialist = rank

    inputs = {}
    for code, tq in placed.items():
        built = trust_scores(tq, scores.get(tq.pk, {}), rules)
        if built is not None and built.counted_scores:
            inputs[code] = (tq, built)
    if not inputs:
        return
    trusts = [built for _, built in inputs.values()]
    cuts = thresholds(trusts, [*trusts, *national])
    simulated = uncertainty.simulate_league(trusts, cuts)
    without_finance = counterfactuals.without_metrics(trusts, finance_metric_ids, cuts)
    for code, (tq, _) in inputs.items():
        result = simulated[code]
        tq.likely_score_low, tq.likely_score_high = result.score_low, result.score_high
        tq.likely_rank_low, tq.likely_rank_high = result.rank_low, result.rank_high
        tq.segment_probabilities = {
            str(segment): round(share, 4) for segment, share in result.segment_probabilities.items()
        }
        recomputed = without_finance.get(code)
        tq.rank_without_finance = recomputed.rank if recomputed else None
        loo = counterfactuals.leave_one_metric_out(trusts, code, cuts)
        if loo is not None:
            tq.rank_leave_one_out_best, tq.rank_leave_one_out_worst = loo.best_rank, loo.worst_rank
            tq.leave_one_out_best_metric = loo.best_metric
            tq.leave_one_out_worst_metric = loo.worst_metric


def movement_of(
    tq: TrustQuarter,
    now: uncertainty.TrustScores | None,
    before_row: TrustQuarter | None,
    before: uncertainty.TrustScores | None,
) -> None:
    """Movement since the previous quarter, decomposed into the metrics that moved it."""
    tq.previous_average_score = before_row.average_score if before_row else None
    tq.previous_segment = before_row.adjusted_segment if before_row else None
    tq.previous_rank = before_row.league_rank if before_row else None
    tq.movement_beyond_noise = None
    tq.movement_contributions = []
    tq.segment_change = ""
    if now is None or before is None:
        return
    parts = movement.contributions(before.scores, now.scores, before.rules, now.rules)
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
    if tq.score_range is not None:
        label, change = movement.classify(before, now, tq.score_range)
        tq.movement_beyond_noise = label is movement.MovementLabel.BEYOND
        tq.segment_change = change.value
