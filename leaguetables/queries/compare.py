"""A few trusts of one league side by side: a fixed number of reads, however many trusts."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Prefetch

from leaguetables.models import Metric, Trust, TrustQuarter
from leaguetables.queries import public
from leaguetables.queries.metrics import PublishedValue, results_where


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
    return results_where(metrics, trust_quarter__in=[tq.pk for tq in trust_quarters])
