"""A few trusts of one league side by side: a fixed number of reads, however many trusts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Prefetch

from leaguetables.models import Metric, MetricResult, Trust, TrustQuarter
from leaguetables.queries import public
from leaguetables.queries.metrics import PublishedValue


def compared_trusts(codes: Sequence[str]) -> list[Trust]:
    """The trusts with public rows among some ODS codes (any case), with their league."""
    return list(
        Trust.objects.select_related("league").filter(
            Exists(public.trust_quarters().filter(trust=OuterRef("pk"))),
            ods_code__in=[code.upper() for code in codes],
        )
    )


def compared_histories(trusts: Sequence[Trust]) -> list[TrustQuarter]:
    """Every public quarter of some trusts, oldest first, each with its public notes."""
    found = list(
        public.trust_quarters()
        .filter(trust__in=[t.pk for t in trusts])
        .select_related("quarter", "league", "trust", "release")
        .prefetch_related(Prefetch("notes", queryset=public.notes()))
        .order_by("quarter__financial_year", "quarter__quarter", "trust__ods_code")
    )
    public.note_previewed([(tq.release.state, tq.release.scheduled_at) for tq in found])
    return found


def compared_results(
    trust_quarters: Sequence[TrustQuarter], metrics: Sequence[Metric]
) -> dict[int, dict[int, PublishedValue]]:
    """Some public rows' results on some metrics: trust-quarter id -> metric pk -> result."""
    found: dict[int, dict[int, PublishedValue]] = defaultdict(dict)
    for values in MetricResult.objects.filter(
        public.visible_rows("trust_quarter__"),
        trust_quarter__in=[tq.pk for tq in trust_quarters],
        metric__in=[m.pk for m in metrics],
    ).values_list(
        "trust_quarter_id", "metric_id", "value", "reporting_period", "median_value",
        "lower_quartile", "upper_quartile", "published_rank",
    ):  # fmt: skip
        result = PublishedValue(*values)
        found[result.trust_quarter_id][result.metric_id] = result
    return found
