"""What the stored results say about each metric: its direction, and how far NHS England's
published scores are reproduced from its published values."""

from __future__ import annotations

from collections import defaultdict

from leaguetables.models import League, Metric, MetricResult, Quarter, ScoreCheck
from leaguetables.nof import metric_ids, scoring
from leaguetables.nof.metric_ids import MetricKind


def refresh_directions(league: League, years: set[int]) -> None:
    """Direction from the data: a metric whose higher values get better scores is higher-is-
    better. Never a hard-coded list. Each unit of a metric published in two (a rate and a count)
    is read on its own."""
    results = MetricResult.objects.filter(
        metric__league=league,
        metric__financial_year__in=years,
        metric__kind__in=[MetricKind.VALUE, MetricKind.SCORE],
        value__isnull=False,
    ).values_list("trust_quarter_id", "metric_id", "metric__metric_id", "metric__kind", "value")
    scores: dict[tuple[int, str], float] = {}
    values: list[tuple[int, int, str, float]] = []
    for tq_id, metric_pk, metric_id, kind, value in results:
        if kind == MetricKind.SCORE:
            scores[(tq_id, metric_id)] = value
        else:
            values.append((tq_id, metric_pk, metric_id, value))
    pairs: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for tq_id, metric_pk, metric_id, value in values:
        score = scores.get((tq_id, metric_ids.score_id(metric_id)))
        if score is not None:
            pairs[metric_pk].append((value, score))
    changed = []
    for metric in Metric.objects.filter(pk__in=pairs):
        higher = scoring.infer_direction(pairs[metric.pk])
        direction = (
            Metric.Direction.UNKNOWN if higher is None
            else Metric.Direction.HIGHER if higher else Metric.Direction.LOWER
        )  # fmt: skip
        if metric.direction != direction:
            metric.direction = direction
            changed.append(metric)
    Metric.objects.bulk_update(changed, ["direction"])


def refresh_score_checks(league: League, quarters: list[Quarter]) -> None:
    """Score each metric of each quarter from its published values by NHS England's rule and
    store how many published scores that reproduces (`nof.scoring`)."""
    for quarter in quarters:
        rows = MetricResult.objects.filter(
            trust_quarter__league=league,
            trust_quarter__quarter=quarter,
            metric__kind__in=[MetricKind.VALUE, MetricKind.SCORE],
        ).values_list(
            "metric__metric_id", "metric__units", "metric__description", "value",
            "published_rank", "trust_quarter__trust__ods_code",
        )  # fmt: skip
        descriptions: dict[str, str] = {}
        records = []
        for metric_id, units, description, value, rank, code in rows:
            if metric_ids.is_value(metric_id):
                descriptions.setdefault(metric_id, description)
            records.append(
                {
                    "Quarter": quarter.label,
                    "Trust_type": league.trust_type,
                    "Trust_code": code,
                    "Metric_ID": metric_id,
                    "Units": units,
                    "Value": "" if value is None else repr(value),
                    "Rank": "" if rank is None else str(rank),
                }
            )
        report = scoring.reproduce_published_scores(records)
        ScoreCheck.objects.filter(league=league, quarter=quarter).delete()
        ScoreCheck.objects.bulk_create(
            ScoreCheck(
                league=league,
                quarter=quarter,
                metric_id=metric_id,
                description=descriptions.get(metric_id, metric_id),
                compared=check.compared,
                exact=check.exact,
                within_001=check.within_001,
            )
            for metric_id, check in report.per_metric.items()
        )
