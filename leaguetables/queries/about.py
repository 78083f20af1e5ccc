"""What the about pages count: every public row, examples, score checks."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from leaguetables.models import (
    League,
    Quarter,
    ScoreCheck,
    TrustQuarter,
)
from leaguetables.queries import public

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
    for values in TrustQuarter.objects.filter(public.public_rows()).values(*ABOUT_FIELDS):
        values["league"] = leagues_by_id[values["league_id"]]
        values["quarter"] = quarters_by_id[values["quarter_id"]]
        rows.append(values)
    return rows


def rows_with_note(*kinds: str) -> dict[str, TrustQuarter]:
    """For each note kind, the latest public row that carries one (an example for the about
    pages), with its league and quarter."""
    found: dict[str, TrustQuarter] = {}
    for note in (
        public.notes()
        .filter(public.public_rows("trust_quarter__"), kind__in=kinds)
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
        ScoreCheck.objects.filter(
            Exists(
                TrustQuarter.objects.filter(
                    public.public_rows(), league=OuterRef("league"), quarter=OuterRef("quarter")
                )
            )
        )
        .select_related("league", "quarter")
        .order_by("league__position", "metric_id", "quarter__financial_year", "quarter__quarter")
    )
