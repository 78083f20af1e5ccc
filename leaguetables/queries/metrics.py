"""A league-quarter's metrics and every trust's results on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, QuerySet

from leaguetables.models import (
    League,
    Metric,
    MetricResult,
    Quarter,
    TrustQuarter,
)
from leaguetables.nof import metric_ids
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.queries import public
from leaguetables.queries.tables import RowValues, league_table_base

# Services and metrics ----------------------------------------------------------------------


def published_metrics(league: League, quarter: Quarter) -> QuerySet[Metric]:
    """The league's value and score metrics of the quarter's year that have a public result in
    this quarter: a league's pages show only what its own files carry."""
    return Metric.objects.filter(
        Exists(
            MetricResult.objects.filter(
                public.visible_rows("trust_quarter__"),
                metric=OuterRef("pk"),
                trust_quarter__league=league,
                trust_quarter__quarter=quarter,
            )
        ),
        league=league,
        financial_year=quarter.financial_year,
        kind__in=[MetricKind.VALUE, MetricKind.SCORE],
    )


def league_metrics(league: League, quarter: Quarter) -> list[Metric]:
    # A metric's units in the order its file gave them.
    return list(published_metrics(league, quarter).order_by("metric_id", "pk"))


@dataclass(frozen=True, slots=True)
class PublishedValue:
    """One published result, as a table cell reads it."""

    trust_quarter_id: int
    metric_id: int
    value: float | None
    reporting_period: str
    median_value: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    published_rank: int | None


def results_for(
    league: League, quarter: Quarter, metrics: Sequence[Metric]
) -> dict[int, dict[int, PublishedValue]]:
    """Each public row's results on some metrics: trust-quarter id -> metric pk -> result."""
    return results_where(metrics, trust_quarter__league=league, trust_quarter__quarter=quarter)


def results_where(metrics: Sequence[Metric], **rows) -> dict[int, dict[int, PublishedValue]]:
    """The public results on some metrics of the rows `rows` filters: trust-quarter id ->
    metric pk -> result."""
    found: dict[int, dict[int, PublishedValue]] = defaultdict(dict)
    for values in MetricResult.objects.filter(
        public.visible_rows("trust_quarter__"), metric__in=[m.pk for m in metrics], **rows
    ).values_list(
        "trust_quarter_id", "metric_id", "value", "reporting_period", "median_value",
        "lower_quartile", "upper_quartile", "published_rank",
    ):  # fmt: skip
        result = PublishedValue(*values)
        found[result.trust_quarter_id][result.metric_id] = result
    return found


def metric_definitions(league: League, quarter: Quarter, metric_id: str) -> list[Metric]:
    """A metric of a public league-quarter by its value's or score's ID: its value in each unit
    and its score, as this league's files define them that year."""
    if not metric_ids.is_metric_id(metric_id) or metric_ids.pair_of(metric_id) is None:
        return []
    wanted = {metric_ids.value_id(metric_id), metric_ids.score_id(metric_id)}
    return [m for m in league_metrics(league, quarter) if m.metric_id in wanted]


def league_rows(league: League, quarter: Quarter) -> list[TrustQuarter]:
    """A public league-quarter's rows, for the service and metric tables' trust cells."""
    return [
        RowValues(pk=pk, name=name, subtype=subtype, region=region, league_rank=rank,
                  trust=SimpleNamespace(ods_code=code), league=league, quarter=quarter)
        for pk, name, subtype, region, rank, code in league_table_base(league, quarter)
        .order_by("league_rank", "name")
        .values_list("pk", "name", "subtype", "region", "league_rank", "trust__ods_code")
    ]  # type: ignore[return-value]  # fmt: skip
