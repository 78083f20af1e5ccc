"""Metric caveats and what a league's metrics leave out: read by every page that shows a
metric, and by the league and about pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from leaguetables.models import League, Metric, MetricCaveat, MetricResult, Quarter
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.queries import public
from leaguetables.queries.metrics import published_metrics


@dataclass(frozen=True, slots=True)
class StoredCaveat:
    """A caveat as a page and a download show it, under the metric's key (OF0xxx)."""

    metric_id: str
    text: str
    source: str
    source_url: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source, "source_url": self.source_url}


def caveats_for(league: League) -> dict[str, StoredCaveat]:
    """Every caveat on a league's metrics, by the metric's key (OF0xxx)."""
    return {
        values[0]: StoredCaveat(*values)
        for values in MetricCaveat.objects.filter(league=league.slug).values_list(
            "metric_id", "text", "source", "source_url"
        )
    }


def metric_descriptions(league: League, quarter: Quarter) -> list[str]:
    """The descriptions of a public league-quarter's value and score metrics (what its
    league leaves out is said against them)."""
    return list(published_metrics(league, quarter).values_list("description", flat=True).distinct())


def metric_descriptions_by_league() -> dict[str, list[str]]:
    """Each league's metric descriptions over its public quarters, by slug (the about pages)."""
    found: dict[str, list[str]] = defaultdict(list)
    for slug, description in (
        Metric.objects.filter(
            Exists(MetricResult.objects.filter(public.public_rows("trust_quarter__"),
                                               metric=OuterRef("pk"))),
            kind__in=[MetricKind.VALUE, MetricKind.SCORE],
        )
        .values_list("league__slug", "description")
        .distinct()
    ):  # fmt: skip
        found[slug].append(description)
    return dict(found)
