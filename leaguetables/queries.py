"""The one read path of every public page, download, search, chart, switcher and history.

What "public" means is said once, in `public_rows`: today every imported trust-quarter, with its
approved notes. Every other read here builds on it, so that an embargo (or a cache key) is one
change in one place. Each function returns evaluated rows, never a lazy queryset: a public view
that read the models any other way would show in the test that crawls every page
(tests/test_public_read_path.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from leaguetables.models import (
    ContextNote,
    ImportRecord,
    League,
    Metric,
    MetricResult,
    Quarter,
    ScoreCheck,
    Trust,
    TrustQuarter,
)
from leaguetables.nof import metric_ids
from leaguetables.nof.metric_ids import MetricKind


def public_rows(prefix: str = "") -> Q:
    """THE definition of public, for TrustQuarter rows reached through `prefix` (e.g.
    "trust_quarter__" from a MetricResult): every imported row is public today."""
    return Q()


def _trust_quarters() -> QuerySet[TrustQuarter]:
    return TrustQuarter.objects.filter(public_rows())


def _public_notes() -> QuerySet[ContextNote]:
    """Automatic notes, and written ones once an editor approved them."""
    return ContextNote.objects.filter(approved=True).order_by("position", "id")


def _league_quarter_is_public() -> Exists:
    """For a model with `league` and `quarter`: whether that league-quarter has public rows."""
    return Exists(_trust_quarters().filter(league=OuterRef("league"), quarter=OuterRef("quarter")))


def _key(quarter: Quarter) -> tuple[int, int]:
    return quarter.financial_year, quarter.quarter


# The site and its switchers ----------------------------------------------------------------


def is_illustrative() -> bool:
    """Whether the site shows the fictional demo (every page then says so)."""
    return ImportRecord.objects.filter(illustrative=True).exists()


def leagues() -> list[League]:
    """Leagues with public results, in their order."""
    return list(League.objects.filter(Exists(_trust_quarters().filter(league=OuterRef("pk")))))


def league(slug: str) -> League:
    """A league with public results; League.DoesNotExist otherwise."""
    return League.objects.filter(Exists(_trust_quarters().filter(league=OuterRef("pk")))).get(
        slug=slug
    )


def quarters(league: League) -> list[Quarter]:
    """A league's public quarters, newest first."""
    return list(
        Quarter.objects.filter(public_rows("trust_quarters__"), trust_quarters__league=league)
        .distinct()
        .order_by("-financial_year", "-quarter")
    )


def latest_quarters() -> dict[int, Quarter]:
    """Each league's latest public quarter, by league id: one row per league-quarter read,
    however many trusts each holds."""
    latest: dict[int, Quarter] = {}
    for league_id, quarter_id, year, number, published_on in (
        _trust_quarters()
        .values_list(
            "league_id", "quarter_id", "quarter__financial_year", "quarter__quarter",
            "quarter__published_on",
        )
        .distinct()
        .order_by("league_id", "quarter__financial_year", "quarter__quarter")
    ):  # fmt: skip
        latest[league_id] = Quarter(
            id=quarter_id, financial_year=year, quarter=number, published_on=published_on
        )
    return latest


# League tables -----------------------------------------------------------------------------


def league_table_base(league: League, quarter: Quarter) -> QuerySet[TrustQuarter]:
    """A league-quarter's public rows, still lazy: for a filter form to narrow before
    `league_table` reads them."""
    return _trust_quarters().filter(league=league, quarter=quarter)


LEAGUE_ROW_FIELDS = (
    "name", "region", "subtype", "trust_type", "average_score", "unadjusted_segment",
    "adjusted_segment", "in_financial_deficit", "final_segment", "recovery_support",
    "financial_override_applied", "override_inferred", "league_rank", "published_rank_low",
    "published_rank_high", "published_score_low", "published_score_high", "likely_rank_low",
    "likely_rank_high", "likely_score_low", "likely_score_high", "segment_without_override",
    "rank_without_override", "rank_among_non_specialist", "rank_without_finance",
    "rank_leave_one_out_best", "rank_leave_one_out_worst", "leave_one_out_best_metric",
    "leave_one_out_worst_metric", "metrics_scored", "reproduction", "previous_rank",
    "previous_segment", "previous_average_score", "movement_beyond_noise",
    "segment_probabilities", "segment_change", "domain_segments", "trust", "quarter", "league",
    "trust__ods_code", "quarter__financial_year", "quarter__quarter", "quarter__published_on",
    "league__slug", "league__name",
)  # fmt: skip


def league_table(rows: QuerySet[TrustQuarter]) -> list[TrustQuarter]:
    """The rows of `league_table_base` (filtered or not) in rank order, with what a row shows."""
    return list(
        rows.select_related("trust", "quarter", "league")
        .only(*LEAGUE_ROW_FIELDS)
        .order_by("league_rank", "name")
    )


def top_of_table(league: League, quarter: Quarter, count: int = 1) -> list[TrustQuarter]:
    """The first rows of a public league-quarter's table."""
    return league_table(league_table_base(league, quarter))[:count]


@dataclass(frozen=True)
class Facet:
    region: str
    subtype: str
    segment_change: str
    league_rank: int | None


def facets(league: League, quarter: Quarter) -> list[Facet]:
    """Every public row of a league-quarter, as the filters, counts and ties need them."""
    return [
        Facet(*values)
        for values in league_table_base(league, quarter).values_list(
            "region", "subtype", "segment_change", "league_rank"
        )
    ]


def notes_for(trust_quarter_ids: Iterable[int]) -> dict[int, list[ContextNote]]:
    """Each row's public notes, in the order a reader needs them."""
    found: dict[int, list[ContextNote]] = defaultdict(list)
    for note in _public_notes().filter(trust_quarter_id__in=list(trust_quarter_ids)):
        found[note.trust_quarter_id].append(note)
    return found


def sources(league: League, quarter: Quarter) -> list[ImportRecord]:
    """The files a public league-quarter's numbers came from, newest first."""
    return list(
        ImportRecord.objects.filter(
            Exists(league_table_base(league, quarter)), league=league, quarters=quarter
        )
        .order_by("-imported_at")
        .only("source", "sha256", "kind", "imported_at", "illustrative")
    )


# Trusts ------------------------------------------------------------------------------------


def trust_history(code: str) -> tuple[Trust, list[TrustQuarter]]:
    """A trust and every public quarter of it, oldest first, each with its public notes.

    Trust.DoesNotExist for a code with no public quarter.
    """
    trust = Trust.objects.select_related("league").get(
        Exists(_trust_quarters().filter(trust=OuterRef("pk"))), ods_code__iexact=code
    )
    history = list(
        _trust_quarters()
        .filter(trust=trust)
        .select_related("quarter", "league", "trust")
        .prefetch_related(Prefetch("notes", queryset=_public_notes()))
        .order_by("quarter__financial_year", "quarter__quarter")
    )
    return trust, history


def league_quarter_ranks(league: League, quarter: Quarter) -> list[int | None]:
    """Every public rank of a league-quarter: its size, and which ranks are shared."""
    return list(league_table_base(league, quarter).values_list("league_rank", flat=True))


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
    """Every public trust's score on each metric of a league-quarter, by score ID."""
    scores: dict[str, list[float]] = defaultdict(list)
    for metric_id, value in MetricResult.objects.filter(
        public_rows("trust_quarter__"),
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
    matching = _trust_quarters().filter(Q(trust__ods_code__iexact=query) | words)
    latest: dict[int, tuple[tuple[int, int], int]] = {}
    for tq_id, trust_id, year, number in (
        _trust_quarters()
        .filter(trust_id__in=matching.values("trust_id"))
        .values_list("id", "trust_id", "quarter__financial_year", "quarter__quarter")
    ):
        if trust_id not in latest or (year, number) > latest[trust_id][0]:
            latest[trust_id] = ((year, number), tq_id)
    found = (
        TrustQuarter.objects.filter(pk__in=[tq_id for _, tq_id in latest.values()])
        .select_related("trust", "league")
        .only("name", "region", "subtype", "trust__ods_code", "league__name", "league__slug")
    )
    return sorted(found, key=lambda tq: tq.name.lower())[:limit]


# Services and metrics ----------------------------------------------------------------------


def league_metrics(league: League, quarter: Quarter) -> list[Metric]:
    """The league's value and score metrics of the quarter's year that have a public result in
    this quarter: a league's pages show only what its own files carry."""
    return list(
        Metric.objects.filter(
            Exists(
                MetricResult.objects.filter(
                    public_rows("trust_quarter__"),
                    metric=OuterRef("pk"),
                    trust_quarter__league=league,
                    trust_quarter__quarter=quarter,
                )
            ),
            league=league,
            financial_year=quarter.financial_year,
            kind__in=[MetricKind.VALUE, MetricKind.SCORE],
        ).order_by("metric_id", "pk")  # a metric's units in the order its file gave them
    )


def results_for(
    league: League, quarter: Quarter, metrics: Sequence[Metric]
) -> dict[int, dict[int, MetricResult]]:
    """Each public row's results on some metrics: trust-quarter id -> metric id -> result."""
    found: dict[int, dict[int, MetricResult]] = defaultdict(dict)
    for result in MetricResult.objects.filter(
        public_rows("trust_quarter__"),
        trust_quarter__league=league,
        trust_quarter__quarter=quarter,
        metric__in=[m.pk for m in metrics],
    ).only(
        "trust_quarter_id", "metric_id", "value", "reporting_period", "median_value",
        "lower_quartile", "upper_quartile", "published_rank",
    ):  # fmt: skip
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
    return list(
        league_table_base(league, quarter)
        .select_related("trust", "quarter")
        .only(
            "name",
            "subtype",
            "region",
            "league_rank",
            "trust__ods_code",
            "quarter__financial_year",
            "quarter__quarter",
        )  # fmt: skip
        .order_by("league_rank", "name")
    )


# About pages -------------------------------------------------------------------------------


ABOUT_FIELDS = (
    "id", "trust_id", "league_id", "quarter_id", "name", "subtype", "average_score",
    "unadjusted_segment", "adjusted_segment", "in_financial_deficit", "final_segment",
    "recovery_support", "financial_override_applied", "override_inferred", "league_rank",
    "published_rank_low", "published_rank_high", "published_score_low", "published_score_high",
    "likely_rank_low", "likely_rank_high", "likely_score_low", "likely_score_high",
    "segment_without_override", "rank_without_override", "rank_without_finance",
    "rank_leave_one_out_best", "rank_leave_one_out_worst", "leave_one_out_best_metric",
    "leave_one_out_worst_metric", "metrics_scored", "reproduction", "previous_rank",
    "movement_beyond_noise", "segment_change",
)  # fmt: skip


def all_public_rows() -> list[dict]:
    """Every public trust-quarter of every league, as the about pages' figures count them:
    values only, with its league and quarter (thousands of rows; no model each)."""
    leagues_by_id = {league.pk: league for league in League.objects.all()}
    quarters_by_id = {quarter.pk: quarter for quarter in Quarter.objects.all()}
    rows = []
    for values in _trust_quarters().values(*ABOUT_FIELDS):
        values["league"] = leagues_by_id[values["league_id"]]
        values["quarter"] = quarters_by_id[values["quarter_id"]]
        rows.append(values)
    return rows


def rows_with_note(*kinds: str) -> dict[str, TrustQuarter]:
    """For each note kind, the latest public row that carries one (an example for the about
    pages), with its league and quarter."""
    found: dict[str, TrustQuarter] = {}
    for note in (
        _public_notes()
        .filter(public_rows("trust_quarter__"), kind__in=kinds)
        .select_related(
            "trust_quarter__league", "trust_quarter__quarter", "trust_quarter__trust"
        )  # fmt: skip
        .order_by(
            "-trust_quarter__quarter__financial_year",
            "-trust_quarter__quarter__quarter",
            "trust_quarter__league_rank",
        )[: 50 * len(kinds)]  # fmt: skip
    ):
        found.setdefault(note.kind, note.trust_quarter)
    return found


def score_checks() -> list[ScoreCheck]:
    """How far each public league-quarter's published scores were reproduced."""
    return list(
        ScoreCheck.objects.filter(_league_quarter_is_public())
        .select_related("league", "quarter")
        .order_by("league__position", "metric_id", "quarter__financial_year", "quarter__quarter")
    )
