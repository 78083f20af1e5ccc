"""Automatic context notes for a league-quarter, rebuilt from the stored figures at every import.

Gathers what each row's notes need, asks the pure rules (`nof.notes`, `nof.data_quality`)
which notes apply, and stores their facts. Editorial notes and trust statements are left alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from leaguetables.importing import population
from leaguetables.models import ContextNote, League, MetricResult, Quarter, Revision, TrustQuarter
from leaguetables.nof import data_quality, league_file
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.nof.notes import NoteInput, RevisedValue, build_notes

# A revision re-ranks every trust's metric: only a row's own values are news about it.
REVISED_FIELDS_SHOWN = (
    " value", "average_score", "adjusted_segment", "unadjusted_segment", "league_rank",
    "in_financial_deficit", "final_segment", "recovery_support",
)  # fmt: skip


def _published_results(
    trust_quarters: list[TrustQuarter],
) -> dict[int, list[data_quality.PublishedResult]]:
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters, metric__kind__in=[MetricKind.VALUE, MetricKind.SCORE]
    ).values_list(
        "trust_quarter_id", "metric__metric_id", "metric__description", "metric__sub_domain",
        "value", "reporting_period",
    )  # fmt: skip
    found: dict[int, list[data_quality.PublishedResult]] = defaultdict(list)
    for tq_id, metric_id, description, sub_domain, value, period in rows:
        found[tq_id].append(
            data_quality.PublishedResult(metric_id, description, sub_domain, value, period)
        )
    return found


def _revisions(trust_quarters: list[TrustQuarter]) -> dict[int, list[RevisedValue]]:
    revised: dict[int, list[RevisedValue]] = defaultdict(list)
    for tq_id, name, old, new, source in (
        Revision.objects.filter(trust_quarter__in=trust_quarters)
        .order_by("id")
        .values_list("trust_quarter_id", "field", "old_value", "new_value", "import_record__source")
    ):
        if name.endswith(REVISED_FIELDS_SHOWN):
            revised[tq_id].append(RevisedValue(name, old, new, source.rsplit("/", 1)[-1]))
    return revised


def _possible_segments(
    tq: TrustQuarter, quarter: Quarter, evidence: list[league_file.Placed]
) -> tuple[int, ...]:
    """Where the override was inferred from a league table file alone: the segments its
    average allows (one, or "1 or 2" where it lies between the known averages)."""
    if not tq.override_inferred:
        return ()
    inferred = league_file.infer(
        average=tq.average_score,  # type: ignore[arg-type]
        adjusted_segment=tq.adjusted_segment,  # type: ignore[arg-type]
        in_financial_deficit=True,
        evidence=evidence,
        rules=quarter.rules,
    )
    return inferred.possible


def refresh(
    trust_quarters: list[TrustQuarter],
    league: League,
    quarter: Quarter,
    scores: dict[int, dict[str, float]],
    previous: Quarter | None,
) -> None:
    """Replace the automatic notes of a league-quarter's rows."""
    year = quarter.rules
    results = _published_results(trust_quarters)
    descriptions = {r.metric_id: r.description for rows in results.values() for r in rows}
    counting = {
        metric_id: descriptions.get(metric_id, metric_id)
        for tq in trust_quarters
        for metric_id in year.counted_scores(scores.get(tq.pk, {}))
    }
    usual = max((tq.metrics_scored or 0 for tq in trust_quarters), default=0) or None
    rank_counts = Counter(tq.league_rank for tq in trust_quarters if tq.league_rank)
    revised = _revisions(trust_quarters)
    evidence = []
    if any(tq.override_inferred for tq in trust_quarters):
        evidence = league_file.evidence_from(
            TrustQuarter.objects.filter(quarter=quarter).values_list(
                "average_score", "unadjusted_segment", "adjusted_segment", "in_financial_deficit"
            )
        )
    new_notes = []
    for tq in trust_quarters:
        gaps = data_quality.data_gaps(
            results.get(tq.pk, []),
            scores=scores.get(tq.pk, {}),
            league_counting=counting,
            rules=year,
            quarter=quarter.key,
        )
        facts = build_notes(
            NoteInput(
                quarter_label=quarter.label,
                league_name=league.name,
                league_size=len(trust_quarters),
                subtype=tq.subtype,
                average_score=tq.average_score,
                unadjusted_segment=tq.unadjusted_segment
                if tq.unadjusted_segment is not None
                else tq.segment_without_override,
                adjusted_segment=tq.adjusted_segment,
                final_segment=tq.final_segment,
                recovery_support=tq.recovery_support,
                league_rank=tq.league_rank,
                rank_tied=rank_counts.get(tq.league_rank, 0) > 1,
                financial_override_applied=tq.financial_override_applied,
                rank_without_override=tq.rank_without_override,
                metrics_scored=tq.metrics_scored,
                usual_metrics=usual,
                rank_range=tq.rank_range,
                range_source=tq.range_source,
                possible_segments=_possible_segments(tq, quarter, evidence),
                segment_inferred=tq.override_inferred,
                previous_quarter_label=previous.label if previous else None,
                previous_rank=tq.previous_rank,
                previous_segment=tq.previous_segment,
                previous_average=tq.previous_average_score,
                movement_beyond_noise=tq.movement_beyond_noise,
                segment_change=tq.segment_change,
                no_urgent_care=gaps.no_urgent_care and league.slug == "acute",
                missing_metrics=gaps.missing,
                suppressed_metrics=gaps.suppressed,
                score_only_metrics=gaps.score_only,
                older_metrics=gaps.older,
                revised=tuple(revised.get(tq.pk, ())),
            )
        )
        new_notes.extend(
            ContextNote(
                trust_quarter=tq,
                kind=note.kind.value,
                facts=dict(note.facts),
                automatic=True,
                approved=True,
                position=position,
            )
            for position, note in enumerate(facts)
        )
    ContextNote.objects.filter(trust_quarter__in=trust_quarters, automatic=True).delete()
    ContextNote.objects.bulk_create(new_notes, batch_size=2000)
    # The one note from the reference data (deprivation of the catchment), after the others.
    population.refresh(trust_quarters, league, quarter)
