"""A league-quarter's table: its rows, their notes, the files they came from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Exists, QuerySet

from leaguetables.models import (
    ImportRecord,
    League,
    Quarter,
    TrustQuarter,
)
from leaguetables.models.organisations import range_source, rank_range, score_range
from leaguetables.queries import public

# League tables -----------------------------------------------------------------------------


def league_table_base(league: League, quarter: Quarter) -> QuerySet[TrustQuarter]:
    """A league-quarter's public rows, still lazy: for a filter form to narrow before
    `league_table` reads them."""
    return public.trust_quarters().filter(league=league, quarter=quarter)


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


class RowValues(SimpleNamespace):
    """A trust-quarter read as values (a league table reads hundreds: no model each), with the
    model's range properties."""

    range_source = property(range_source)
    rank_range = property(rank_range)
    score_range = property(score_range)


def league_table(
    rows: QuerySet[TrustQuarter], league: League, quarter: Quarter
) -> list[TrustQuarter]:
    """The rows of `league_table_base(league, quarter)` (filtered or not) in rank order, with
    what a row shows; every row shares the one league and quarter objects."""
    fields = [f for f in LEAGUE_ROW_FIELDS if f.split("__")[0] not in ("league", "quarter",
                                                                      "trust")]  # fmt: skip
    found, releases = [], []
    for values in rows.order_by("league_rank", "name").values(
        "pk", "trust_id", *fields, "trust__ods_code", "release__state", "release__scheduled_at"
    ):
        releases.append((values.pop("release__state"), values.pop("release__scheduled_at")))
        code = values.pop("trust__ods_code")
        found.append(RowValues(**values, trust=SimpleNamespace(ods_code=code), league=league,
                               quarter=quarter))  # fmt: skip
    public.note_previewed(releases)
    return found  # type: ignore[return-value]


def top_of_table(league: League, quarter: Quarter, count: int = 1) -> list[TrustQuarter]:
    """The first rows of a public league-quarter's table."""
    return league_table(league_table_base(league, quarter), league, quarter)[:count]


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


@dataclass(frozen=True, slots=True)
class StoredNote:
    """A note as stored (a league table reads hundreds: no model each)."""

    trust_quarter_id: int
    kind: str
    facts: dict
    short_text: str
    long_text: str
    source: str
    automatic: bool


def notes_for(trust_quarter_ids: Iterable[int]) -> dict[int, list[StoredNote]]:
    """Each row's public notes, in the order a reader needs them."""
    found: dict[int, list[StoredNote]] = defaultdict(list)
    for values in (
        public.notes()
        .filter(trust_quarter_id__in=list(trust_quarter_ids))
        .values_list(
            "trust_quarter_id", "kind", "facts", "short_text", "long_text", "source", "automatic"
        )
    ):
        note = StoredNote(*values)
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


def _key(quarter: Quarter) -> tuple[int, int]:
    return quarter.financial_year, quarter.quarter
