"""A trust's history and results, and trust search."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, Prefetch, Q

from leaguetables.models import (
    League,
    MetricResult,
    Quarter,
    Trust,
    TrustQuarter,
    versions,
)
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.queries import public
from leaguetables.queries.leagues import quarters
from leaguetables.queries.public import Scope
from leaguetables.queries.tables import RowValues

# Trusts ------------------------------------------------------------------------------------


def trust_history(code: str) -> tuple[Trust, list[TrustQuarter]]:
    """A trust and every public quarter of it, oldest first, each with its public notes.

    Trust.DoesNotExist for a code with no public quarter.
    """
    trust = Trust.objects.select_related("league").get(
        Exists(public.trust_quarters(Scope.TRUST).filter(trust=OuterRef("pk"))),
        ods_code__iexact=code,
    )
    history = list(
        public.trust_quarters(Scope.TRUST)
        .filter(trust=trust)
        .select_related("quarter", "league", "trust", "release")
        .prefetch_related(Prefetch("notes", queryset=public.notes()))
        .order_by("quarter__financial_year", "quarter__quarter")
    )
    public.note_previewed([(tq.release.state, tq.release.scheduled_at) for tq in history])
    return trust, history


def league_of_trust(code: str) -> str | None:
    """The league slug of a trust known to the site (to explain a withdrawn quarter)."""
    return (
        Trust.objects.filter(ods_code__iexact=code).values_list("league__slug", flat=True).first()
    )


def league_quarter_ranks(league: League, quarter: Quarter) -> list[int | None]:
    """Every rank of a league-quarter a trust's page shows: its size, which ranks are shared."""
    return list(
        public.trust_quarters(Scope.LEAGUE_OF_TRUST)
        .filter(league=league, quarter=quarter)
        .values_list("league_rank", flat=True)
    )


def league_latest_quarter(league: League) -> Quarter | None:
    found = quarters(league)
    return found[0] if found else None


def trust_results(trust: Trust, history: Sequence[TrustQuarter]) -> list[MetricResult]:
    """Every published result of a trust's public quarters, with its metric."""
    return list(
        MetricResult.objects.filter(trust_quarter__in=[tq.pk for tq in history])
        .select_related("metric")
        .order_by("metric__metric_id", "metric_id")
    )


def league_scores(league: League, quarter: Quarter) -> dict[str, list[float]]:
    """Every public trust's score on each metric of a league-quarter, by score ID: the same for
    every trust page of the league-quarter, so read once per data version."""
    return versions.per_version(
        f"league_scores:{league.pk}:{quarter.pk}", lambda: _league_scores(league, quarter)
    )


def _league_scores(league: League, quarter: Quarter) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = defaultdict(list)
    for metric_id, value in MetricResult.objects.filter(
        public.visible_rows("trust_quarter__", Scope.LEAGUE_OF_TRUST),
        trust_quarter__league=league,
        trust_quarter__quarter=quarter,
        metric__kind=MetricKind.SCORE,
        value__isnull=False,
    ).values_list("metric__metric_id", "value"):
        scores[metric_id].append(value)
    return scores


def search(query: str, limit: int = 200) -> list[TrustQuarter]:
    """Each trust matching a query, as its latest public quarter names it.

    Matches the ODS code exactly, or every word of the query in a name the trust was
    published under, or its region.
    """
    words = Q()
    for term in query.split():
        words &= Q(name__icontains=term) | Q(region__icontains=term)
    matching = public.trust_quarters().filter(Q(trust__ods_code__iexact=query) | words)
    latest: dict[int, dict] = {}
    for values in (
        public.trust_quarters()
        .filter(trust_id__in=matching.values("trust_id"))
        .values(
            "trust_id",
            "name",
            "region",
            "subtype",
            "trust__ods_code",
            "league__name",
            "quarter__financial_year",
            "quarter__quarter",
        )  # fmt: skip
    ):
        key = (values["quarter__financial_year"], values["quarter__quarter"])
        held = latest.get(values["trust_id"])
        if held is None or key > (held["quarter__financial_year"], held["quarter__quarter"]):
            latest[values["trust_id"]] = values
    found = [
        RowValues(name=v["name"], region=v["region"], subtype=v["subtype"],
                  trust=SimpleNamespace(ods_code=v["trust__ods_code"]),
                  league=SimpleNamespace(name=v["league__name"]))
        for v in latest.values()
    ]  # fmt: skip
    return sorted(found, key=lambda tq: tq.name.lower())[:limit]  # type: ignore[return-value]
