"""Figures derived from stored results, refreshed for a league-quarter whenever a file touches it.

Reads the database, calls the pure rules in `nof`, and stores what they return: pages never
compute, they read these stored figures.
"""

from __future__ import annotations

from collections import defaultdict

from leaguetables.importing import figures, notes
from leaguetables.importing.db import update_each
from leaguetables.models import League, Metric, MetricResult, Quarter, TrustQuarter
from leaguetables.nof import counterfactuals, league_file, rules
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.nof.years import YearRules

Scores = dict[int, dict[str, float]]


def scores_by_trust_quarter(trust_quarters: list[TrustQuarter]) -> Scores:
    """Each trust-quarter's published metric scores (OF1xxx), by metric ID."""
    scores: Scores = defaultdict(dict)
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters, metric__kind=MetricKind.SCORE, value__isnull=False
    ).values_list("trust_quarter_id", "metric__metric_id", "value")
    for tq_id, metric_id, value in rows:
        scores[tq_id][metric_id] = value
    return scores


def _rows(league: League, quarter: Quarter) -> list[TrustQuarter]:
    return list(
        TrustQuarter.objects.filter(league=league, quarter=quarter).select_related(
            "trust", "quarter"
        )
    )


def _key(quarter: Quarter) -> tuple[int, int]:
    return quarter.financial_year, quarter.quarter


def refresh_league_quarters(*, league: League, quarters: list[Quarter]) -> dict[int, str]:
    """Recompute the derived figures and notes of some quarters of a league, and the movement of
    the quarter after them (measured from the last); return each quarter's reproduction summary.
    """
    summaries = {}
    for quarter in sorted(quarters, key=_key):
        summaries[quarter.pk] = _refresh(league, quarter)
    later = adjacent_quarter(league, max(quarters, key=_key), later=True)
    if later is not None and later not in quarters:
        later_rows = _rows(league, later)
        later_scores = scores_by_trust_quarter(later_rows)
        _refresh_movement(later_rows, later_scores, league, later)
        update_each(later_rows, MOVEMENT_FIELDS)
        notes.refresh(later_rows, league, later, later_scores, adjacent_quarter(league, later))
    return summaries


MOVEMENT_FIELDS = [
    "previous_average_score", "previous_segment", "previous_rank", "movement_beyond_noise",
    "movement_contributions", "segment_change",
]  # fmt: skip
DERIVED_FIELDS = [
    "metrics_scored", "recomputed_average", "reproduction", "financial_override_applied",
    "override_inferred", "domain_segments", *figures.FIELDS, *MOVEMENT_FIELDS,
]  # fmt: skip


def _refresh(league: League, quarter: Quarter) -> str:
    trust_quarters = _rows(league, quarter)
    year = quarter.rules
    scores = scores_by_trust_quarter(trust_quarters)
    summary = _reproduce(trust_quarters, scores, year)
    unadjusted = _overrides(trust_quarters, quarter, year)
    _domain_segments(trust_quarters)
    figures.refresh(
        trust_quarters,
        scores,
        rules=year,
        unadjusted=unadjusted,
        finance_metric_ids=_finance_metric_ids(league, quarter),
        national=_other_leagues(league, quarter, year),
    )
    _refresh_movement(trust_quarters, scores, league, quarter)
    update_each(trust_quarters, DERIVED_FIELDS)
    notes.refresh(trust_quarters, league, quarter, scores, adjacent_quarter(league, quarter))
    return summary


def _reproduce(trust_quarters: list[TrustQuarter], scores: Scores, year: YearRules) -> str:
    report = rules.check_league_quarter(
        (
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
        ),
        year,
    )
    checks = {check.trust_code: check for check in report.checks}
    for tq in trust_quarters:
        check = checks[tq.trust.ods_code]
        tq_scores = scores.get(tq.pk, {})
        tq.metrics_scored = year.metrics_scored(tq_scores) if tq_scores else None
        tq.recomputed_average = check.recomputed_average
        tq.reproduction = check.status.value
    return report.summary()


def _overrides(
    trust_quarters: list[TrustQuarter], quarter: Quarter, year: YearRules
) -> dict[int, int | None]:
    """Whether the financial override moved each trust, and its unadjusted segment where known.

    From the published segments where the metric data file gave both; from a league table file
    alone, inferred from where the quarter's other trusts' segments put the boundaries
    (`nof.league_file`), in every league at once since the boundaries are national.
    """
    evidence = league_file.evidence_from(
        TrustQuarter.objects.filter(quarter=quarter).values_list(
            "average_score", "unadjusted_segment", "adjusted_segment", "in_financial_deficit"
        )
    )
    unadjusted: dict[int, int | None] = {}
    for tq in trust_quarters:
        tq.override_inferred = False
        if tq.unadjusted_segment is not None:
            tq.financial_override_applied = bool(tq.in_financial_deficit) and (
                year.override_applied(tq.unadjusted_segment, tq.adjusted_segment)
            )
            unadjusted[tq.pk] = tq.unadjusted_segment
        elif None not in (tq.average_score, tq.adjusted_segment, tq.in_financial_deficit):
            inferred = league_file.infer(
                average=tq.average_score,  # type: ignore[arg-type]
                adjusted_segment=tq.adjusted_segment,  # type: ignore[arg-type]
                in_financial_deficit=tq.in_financial_deficit,  # type: ignore[arg-type]
                evidence=evidence,
                rules=year,
            )
            tq.financial_override_applied = inferred.override_applied is True
            tq.override_inferred = tq.financial_override_applied
            unadjusted[tq.pk] = inferred.segment
        else:
            tq.financial_override_applied = False
            unadjusted[tq.pk] = None
    return unadjusted


def _domain_segments(trust_quarters: list[TrustQuarter]) -> None:
    """Copy each row's published domain segments (OF41xx) beside its summary."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters,
        metric__kind=MetricKind.DOMAIN_SEGMENT,
        value__isnull=False,
    ).values_list("trust_quarter_id", "metric__domain", "value")
    for tq_id, domain, value in rows:
        found[tq_id][domain] = int(value)
    for tq in trust_quarters:
        tq.domain_segments = found.get(tq.pk, {})


def _finance_metric_ids(league: League, quarter: Quarter) -> frozenset[str]:
    return frozenset(
        Metric.objects.filter(
            league=league,
            financial_year=quarter.financial_year,
            kind=MetricKind.SCORE,
            domain=counterfactuals.FINANCE_DOMAIN,
        ).values_list("metric_id", flat=True)
    )


def _other_leagues(league: League, quarter: Quarter, year: YearRules) -> list:
    """The same quarter's trusts in the other leagues: segment thresholds are national."""
    others = list(
        TrustQuarter.objects.filter(quarter=quarter).exclude(league=league).select_related("trust")
    )
    scores = scores_by_trust_quarter(others)
    built = (figures.trust_scores(tq, scores.get(tq.pk, {}), year) for tq in others)
    return [trust for trust in built if trust is not None and trust.counted_scores]


def adjacent_quarter(league: League, quarter: Quarter, later: bool = False) -> Quarter | None:
    """The league's quarter just before (or after) this one, among those imported."""
    key = _key(quarter)
    others = [
        q
        for q in Quarter.objects.filter(trust_quarters__league=league).distinct()
        if (_key(q) > key if later else _key(q) < key)
    ]
    return (min if later else max)(others, key=_key, default=None)


def _refresh_movement(
    trust_quarters: list[TrustQuarter], current_scores: Scores, league: League, quarter: Quarter
) -> None:
    previous_quarter = adjacent_quarter(league, quarter)
    previous: dict[int, TrustQuarter] = {}
    previous_scores: Scores = {}
    if previous_quarter is not None:
        previous = {tq.trust_id: tq for tq in _rows(league, previous_quarter)}
        previous_scores = scores_by_trust_quarter(list(previous.values()))
    for tq in trust_quarters:
        before = previous.get(tq.trust_id)
        figures.movement_of(
            tq,
            figures.trust_scores(tq, current_scores.get(tq.pk, {}), quarter.rules),
            before,
            figures.trust_scores(before, previous_scores.get(before.pk, {}), before.quarter.rules)
            if before
            else None,
        )
