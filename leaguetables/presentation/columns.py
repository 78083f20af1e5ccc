"""The columns of every table this site downloads, each with what it holds: written by
`exports`, listed on the data page. League tables start with NHS England's own columns, in
its order and spelling."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from leaguetables.nof.files import LEAGUE_FILE_COLUMNS
from leaguetables.presentation.exports import PROVENANCE, QUARTER, Column, Kind
from leaguetables.presentation.league import DOMAINS, LeagueRow


def _caveat_text(caveat: Any) -> str | None:
    """A caveat's words: a StoredCaveat, or its dict as a download's metadata carries it."""
    if caveat is None:
        return None
    return caveat["text"] if isinstance(caveat, dict) else caveat.text


# League tables ------------------------------------------------------------------------------

_NHS_LEAGUE: dict[str, tuple[Kind, Callable[[LeagueRow], Any], str]] = {
    "Quarter": (Kind.TEXT, lambda r: r.quarter.label, "The quarter, as NHS England writes it."),
    "Region": (Kind.TEXT, lambda r: r.trust.region, "NHS England region."),
    "Trust_type": (Kind.TEXT, lambda r: r.trust_type, "The league, as that quarter names it."),
    "Trust_subtype": (Kind.TEXT, lambda r: r.trust.subtype, "The kind of trust within the league."),
    "Trust_code": (Kind.TEXT, lambda r: r.trust.code, "The trust's ODS code."),
    "Trust_name": (Kind.TEXT, lambda r: r.trust.name, "The trust's name that quarter."),
    "Average_score": (Kind.NHS_NUMBER, lambda r: r.average_score,
                      "Average metric score, 1 (best) to 4."),
    "Likely_range_of_average_score": (
        Kind.NHS_SCORE_RANGE,
        lambda r: (r.score_low, r.score_high) if r.score_low is not None else None,
        "Likely range of the average score: NHS England's where published, else ours "
        "(Range_source)."),
    "Segment": (Kind.NHS_NUMBER, lambda r: r.segment,
                "Segment after the financial override, 1 to 4."),
    "Trust_in_financial_deficit": (Kind.NHS_FLAG, lambda r: r.in_financial_deficit,
                                   "In deficit or receiving deficit support."),
    "Rank": (Kind.NHS_NUMBER, lambda r: r.rank, "League rank (a number; Tied says if shared)."),
    "Likely_range_of_rank": (Kind.NHS_RANK_RANGE, lambda r: r.rank_range,
                             "Likely range of rank: NHS England's where published, else ours."),
}  # fmt: skip


def _probability(segment: int) -> Callable[[LeagueRow], float | None]:
    return lambda r: r.segment_probabilities.get(segment) if r.segment_probabilities else None


def _domain(index: int) -> Callable[[LeagueRow], int | None]:
    return lambda r: r.domain_segments[index]


LEAGUE_COLUMNS: tuple[Column, ...] = (
    *(Column(name, *_NHS_LEAGUE[name]) for name in LEAGUE_FILE_COLUMNS),
    Column("Unadjusted_segment", Kind.WHOLE,
           lambda r: r.unadjusted_segment if r.unadjusted_segment is not None
           else r.segment_without_override,
           "Segment from the average score alone, before the override (inferred where only "
           "the league table file was published: Unadjusted_segment_inferred)."),
    Column("Override_applied", Kind.FLAG, lambda r: r.override_applied,
           "Whether the financial override moved the trust down to segment 3."),
    Column("Rank_without_override", Kind.WHOLE, lambda r: r.rank_without_override,
           "Its rank without the override, every other trust as published (ours)."),
    Column("Metrics_scored", Kind.WHOLE, lambda r: r.metrics_scored,
           "How many metrics the average rests on."),
    Column("Context_notes", Kind.NOTES, lambda r: r.notes,
           "Every note beside the rank, each as kind: text."),
    Column("Tied", Kind.FLAG, lambda r: r.tied, "Whether the rank is shared (\"=4th\")."),
    Column("Likely_average_score_low", Kind.NUMBER, lambda r: r.score_low,
           "Best end of the likely range of average score."),
    Column("Likely_average_score_high", Kind.NUMBER, lambda r: r.score_high,
           "Other end of the likely range of average score."),
    Column("Likely_rank_low", Kind.WHOLE, lambda r: r.rank_low,
           "Best end of the likely range of rank."),
    Column("Likely_rank_high", Kind.WHOLE, lambda r: r.rank_high,
           "Other end of the likely range of rank."),
    Column("Range_source", Kind.TEXT, lambda r: r.range_source or None,
           "Whose likely ranges these are: NHS England, or ours (leaguetables)."),
    Column("Unadjusted_segment_inferred", Kind.FLAG, lambda r: r.override_inferred,
           "Whether the segment before the override was inferred from a league table file "
           "alone."),
    Column("Final_segment", Kind.WHOLE, lambda r: r.final_segment,
           "Segment including 5 (Recovery Support Programme), where published."),
    Column("Rank_among_non_specialist", Kind.WHOLE, lambda r: r.rank_among_non_specialist,
           "Rank with the specialist trusts left out (ours)."),
    Column("Rank_without_finance", Kind.WHOLE, lambda r: r.rank_without_finance,
           "Rank with the finance metrics left out of every average, no override (ours)."),
    Column("Rank_leaving_out_one_metric_best", Kind.WHOLE, lambda r: r.rank_leave_one_out_best,
           "Best rank with any one of its metrics left out (ours)."),
    Column("Metric_left_out_for_best", Kind.TEXT, lambda r: r.leave_one_out_best_metric or None,
           "The metric whose absence gives that best rank."),
    Column("Rank_leaving_out_one_metric_worst", Kind.WHOLE, lambda r: r.rank_leave_one_out_worst,
           "Lowest rank with any one of its metrics left out (ours)."),
    Column("Metric_left_out_for_worst", Kind.TEXT, lambda r: r.leave_one_out_worst_metric or None,
           "The metric whose absence gives that lowest rank."),
    *(Column(f"Segment_{s}_probability", Kind.NUMBER, _probability(s),
             f"Share of our simulated draws in segment {s} (ours).") for s in (1, 2, 3, 4)),
    Column("Previous_rank", Kind.WHOLE, lambda r: r.previous_rank,
           "Rank in the league's previous published quarter."),
    Column("Previous_segment", Kind.WHOLE, lambda r: r.previous_segment,
           "Segment in the previous quarter."),
    Column("Rank_change", Kind.WHOLE, lambda r: r.rank_change,
           "Places moved up since the previous quarter (negative: down)."),
    Column("Movement_beyond_noise", Kind.FLAG, lambda r: r.movement_beyond_noise,
           "Whether last quarter's average lies outside this quarter's likely range (ours)."),
    Column("Segment_change", Kind.TEXT, lambda r: r.segment_change or None,
           "What changed the segment, if it changed."),
    *(Column(f"{name.replace(' ', '_')}_segment", Kind.WHOLE, _domain(i),
             f"Published {name.lower()} domain segment.") for i, (name, _) in enumerate(DOMAINS)),
    Column("Reproduction_check", Kind.TEXT, lambda r: r.reproduction,
           "Our recomputation of the average from the metric scores: exact, within_rounding, "
           "discrepancy or not_checked."),
    *PROVENANCE,
)  # fmt: skip


# A trust's metrics, the service and metric tables ------------------------------------------


def _trust_cells(get: Callable[[Any], Any]) -> list[Column]:
    return [
        Column("Trust_code", Kind.TEXT, lambda r: get(r).code, "The trust's ODS code."),
        Column("Trust_name", Kind.TEXT, lambda r: get(r).name, "The trust's name that quarter."),
        Column("Trust_subtype", Kind.TEXT, lambda r: get(r).subtype, "The kind of trust."),
    ]


def _value(index: int, attribute: str) -> Callable[[Any], Any]:
    def get(row: Any) -> Any:
        values = row.cell.values if hasattr(row, "cell") else ()
        return getattr(values[index], attribute) if index < len(values) else None

    return get


def _unit_columns(count: int, prefix: str = "") -> list[Column]:
    """Value, units and direction of each unit a metric is published in (a second unit's
    columns end in _2)."""
    columns = []
    for index in range(count):
        suffix = "" if index == 0 else f"_{index + 1}"
        columns += [
            Column(f"{prefix}Value{suffix}", Kind.NUMBER, _value(index, "value"),
                   "The published value (empty: suppressed or not published)."),
            Column(f"{prefix}Units{suffix}", Kind.TEXT, _value(index, "units"),
                   "The value's unit, as the file writes it."),
            Column(f"{prefix}Direction{suffix}", Kind.TEXT, _value(index, "direction"),
                   "Whether higher or lower values are better, read from the scores."),
        ]  # fmt: skip
    return columns


TRUST_METRIC_COLUMNS: tuple[Column, ...] = (
    QUARTER,
    Column("Trust_code", Kind.TEXT, lambda r: r.page.trust_code, "The trust's ODS code."),
    Column("Trust_name", Kind.TEXT, lambda r: r.page.row.trust.name, "The trust's name."),
    Column("Domain", Kind.TEXT, lambda r: r.line.domain, "NHS England's domain."),
    Column("Service", Kind.TEXT, lambda r: r.line.service, "NHS England's sub-domain."),
    Column("Metric_ID", Kind.TEXT, lambda r: r.value.metric_id if r.value else r.line.metric_id,
           "The value's ID (OF0xxx), or the score's for a metric published as a score only."),
    Column("Metric", Kind.TEXT, lambda r: r.line.description, "NHS England's description."),
    Column("Reporting_period", Kind.TEXT,
           lambda r: r.value.period if r.value else r.line.score_period,
           "The period the figure covers, which can be older than the quarter."),
    Column("Units", Kind.TEXT, lambda r: r.value.units if r.value else None, "The unit."),
    Column("Value", Kind.NUMBER, lambda r: r.value.value if r.value else None, "The value."),
    Column("Direction", Kind.TEXT, lambda r: r.value.direction if r.value else None,
           "Whether higher or lower values are better, read from the scores."),
    Column("League_median", Kind.NUMBER, lambda r: r.value.median if r.value else None,
           "Median of trusts of the same type, as NHS England published it."),
    Column("Lower_quartile", Kind.NUMBER, lambda r: r.value.lower_quartile if r.value else None,
           "Lower quartile, as published."),
    Column("Upper_quartile", Kind.NUMBER, lambda r: r.value.upper_quartile if r.value else None,
           "Upper quartile, as published."),
    Column("Published_rank", Kind.WHOLE, lambda r: r.value.published_rank if r.value else None,
           "NHS England's rank of the value within the trust type."),
    Column("Score_metric_ID", Kind.TEXT, lambda r: r.line.score_id or None, "The score's ID."),
    Column("Score", Kind.NUMBER, lambda r: r.line.score, "The metric score, 1 (best) to 4."),
    Column("Counts_towards_average", Kind.FLAG,
           lambda r: r.line.counts and r.line.score is not None,
           "Whether this score counts towards the average score."),
    Column("Caveat", Kind.TEXT, lambda r: _caveat_text(r.page.caveats.get(r.line.key)),
           "What the metric does not show (ours, with its source on the metric's page)."),
    Column("Context_notes", Kind.NOTES, lambda r: r.page.row.notes,
           "Every note beside the trust's rank."),
    *PROVENANCE,
)  # fmt: skip


def service_columns(definitions: Sequence[Any]) -> list[Column]:
    """The service table's columns: the trust, its service rank, then each metric."""
    columns = [
        QUARTER,
        *_trust_cells(lambda r: r.trust),
        Column("Ranked", Kind.FLAG, lambda r: r.rank is not None,
               "Whether the trust was scored on every counting metric of the service, and so "
               "ranked on it."),
        Column("Rank_on_service", Kind.WHOLE, lambda r: r.rank, "Our rank on this service."),
        Column("Tied", Kind.FLAG, lambda r: r.tied, "Whether that rank is shared."),
        Column("Metrics_scored_on_service", Kind.WHOLE, lambda r: r.scored_on,
               "How many of the service's counting metrics the trust was scored on."),
        Column("Service_score", Kind.NUMBER, lambda r: r.service_score,
               "Mean of its scores on the service's counting metrics."),
        Column("League_rank", Kind.WHOLE, lambda r: r.league_rank, "NHS England's league rank."),
    ]  # fmt: skip
    for d in definitions:
        for index, metric in enumerate(d.values):
            suffix = "" if index == 0 else f"_{index + 1}"
            columns += [
                Column(f"{d.key}_value{suffix}", Kind.NUMBER,
                       _cell_value(d.key, index, "value"), f"{d.description} ({metric.units})."),
                Column(f"{d.key}_units{suffix}", Kind.TEXT, _cell_value(d.key, index, "units"),
                       "Its unit."),
            ]  # fmt: skip
        columns += [
            Column(f"{d.key}_period", Kind.TEXT, lambda r, k=d.key: r.cells[k].period or None,
                   "The period the figure covers."),
            Column(f"{d.key}_score", Kind.NUMBER, lambda r, k=d.key: r.cells[k].score,
                   "Its score, 1 (best) to 4."),
            Column(f"{d.key}_caveat", Kind.TEXT, None, "What the metric does not show (ours).",
                   from_meta=lambda m, k=d.key: _caveat_text(m.extra.get("caveats", {}).get(k))),
        ]  # fmt: skip
    columns += [
        Column("Context_notes", Kind.NOTES, lambda r: r.notes, "Every note beside the rank."),
        *PROVENANCE,
    ]
    return columns


def _cell_value(key: str, index: int, attribute: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row.cells[key].values[index], attribute)


def metric_columns(definition: Any) -> list[Column]:
    return [
        QUARTER,
        *_trust_cells(lambda r: r.trust),
        Column("Rank", Kind.WHOLE, lambda r: r.rank,
               "NHS England's rank of the value within the trust type."),
        *_unit_columns(len(definition.values)),
        Column("Reporting_period", Kind.TEXT, lambda r: r.cell.period or None,
               "The period the figure covers."),
        Column("Score", Kind.NUMBER, lambda r: r.cell.score, "The metric score, 1 (best) to 4."),
        Column("League_rank", Kind.WHOLE, lambda r: r.league_rank, "NHS England's league rank."),
        Column("Context_notes", Kind.NOTES, lambda r: r.notes, "Every note beside the rank."),
        Column("Caveat", Kind.TEXT, None,
               "What the metric does not show (ours, with its source on the metric's page).",
               from_meta=lambda m: _caveat_text(m.extra.get("caveat"))),
        *PROVENANCE,
    ]  # fmt: skip


# The open-data tables: notes, a trust's history (the API and the bulk files) ---------------

NOTE_COLUMNS: tuple[Column, ...] = (
    Column("Quarter", Kind.TEXT, lambda r: r.quarter.label, "The quarter."),
    Column("Trust_code", Kind.TEXT, lambda r: r.trust.code, "The trust's ODS code."),
    Column("Trust_name", Kind.TEXT, lambda r: r.trust.name, "The trust's name that quarter."),
    Column("Rank", Kind.WHOLE, lambda r: r.rank, "League rank."),
    Column("Note_kind", Kind.TEXT, lambda r: r.note.kind, "What the note is about."),
    Column("Note_short", Kind.TEXT, lambda r: r.note.short, "The note as shown beside a rank."),
    Column("Note_long", Kind.TEXT, lambda r: r.note.long, "The note in full."),
    Column("Note_source", Kind.TEXT, lambda r: r.note.source, "Where the note comes from."),
    Column("Automatic", Kind.FLAG, lambda r: r.note.automatic,
           "Whether the note was derived from the data on import (else written by an editor "
           "or the trust)."),
    *PROVENANCE,
)  # fmt: skip

TRUST_HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("Quarter", Kind.TEXT, lambda r: r.quarter.label, "The quarter."),
    Column("Publication_date", Kind.DATE, lambda r: r.quarter.published_on,
           "When NHS England published the quarter's files."),
    Column("Segment", Kind.WHOLE, lambda r: r.segment, "Segment after the financial override."),
    Column("Final_segment", Kind.WHOLE, lambda r: r.final_segment,
           "Segment including 5 (Recovery Support Programme), where published."),
    Column("Rank", Kind.WHOLE, lambda r: r.rank, "League rank."),
    Column("Likely_rank_low", Kind.WHOLE, lambda r: r.rank_low, "Best end of the likely range."),
    Column("Likely_rank_high", Kind.WHOLE, lambda r: r.rank_high, "Other end of the range."),
    Column("Range_source", Kind.TEXT, lambda r: r.range_source or None,
           "Whose likely ranges these are: NHS England, or ours (leaguetables)."),
    Column("Average_score", Kind.NUMBER, lambda r: r.average_score, "Average metric score."),
    Column("Override_applied", Kind.FLAG, lambda r: r.override_applied,
           "Whether the financial override moved the trust down to segment 3."),
    Column("Trust_in_financial_deficit", Kind.FLAG, lambda r: r.in_financial_deficit,
           "In deficit or receiving deficit support."),
    Column("Segment_without_override", Kind.WHOLE, lambda r: r.segment_without_override,
           "Segment from the average score alone."),
    *(c for c in PROVENANCE if c.name in ("League", "Source", "Licence")),
)  # fmt: skip


# Compare: a few trusts of one league side by side ------------------------------------------


COMPARE_COLUMNS: tuple[Column, ...] = (
    QUARTER,
    Column("Trust_code", Kind.TEXT, lambda r: r.trust.row.trust.code, "The trust's ODS code."),
    Column("Trust_name", Kind.TEXT, lambda r: r.trust.row.trust.name, "The trust's name."),
    Column("Trust_subtype", Kind.TEXT, lambda r: r.trust.row.trust.subtype, "The kind of trust."),
    Column("Segment", Kind.WHOLE, lambda r: r.trust.row.segment,
           "Segment after the financial override, 1 to 4."),
    Column("Rank", Kind.WHOLE, lambda r: r.trust.row.rank, "League rank."),
    Column("Likely_range_of_rank", Kind.NHS_RANK_RANGE, lambda r: r.trust.row.rank_range,
           "Likely range of rank: NHS England's where published, else ours (Range_source)."),
    Column("Range_source", Kind.TEXT, lambda r: r.trust.row.range_source or None,
           "Whose likely range this is."),
    Column("Average_score", Kind.NUMBER, lambda r: r.trust.row.average_score,
           "Average metric score, 1 (best) to 4."),
    Column("Domain", Kind.TEXT, lambda r: r.metric.definition.domain, "NHS England's domain."),
    Column("Service", Kind.TEXT, lambda r: r.metric.definition.sub_domain,
           "NHS England's sub-domain."),
    Column("Metric_ID", Kind.TEXT,
           lambda r: r.value.metric_id if r.value else r.metric.definition.key,
           "The value's ID (OF0xxx), or the score's for a metric published as a score only."),
    Column("Metric", Kind.TEXT, lambda r: r.metric.definition.description,
           "NHS England's description."),
    Column("Reporting_period", Kind.TEXT, lambda r: r.cell.period or None,
           "The period the figure covers, which can be older than the quarter."),
    Column("Units", Kind.TEXT, lambda r: r.value.units if r.value else None, "The unit."),
    Column("Value", Kind.NUMBER, lambda r: r.value.value if r.value else None,
           "The published value (empty: suppressed or not published)."),
    Column("League_median", Kind.NUMBER, lambda r: r.median,
           "Median of trusts of the same type, as NHS England published it."),
    Column("Score", Kind.NUMBER, lambda r: r.cell.score, "The metric score, 1 (best) to 4."),
    Column("League_median_score", Kind.NUMBER, lambda r: r.metric.score_median,
           "Median of every trust's score on this metric in the league that quarter (ours)."),
    Column("Counts_towards_average", Kind.FLAG, lambda r: r.metric.definition.counts,
           "Whether this metric's score counts towards the average score."),
    Column("Caveat", Kind.TEXT, lambda r: _caveat_text(r.metric.caveat),
           "What the metric does not show (ours, with its source on the metric's page)."),
    Column("Context_notes", Kind.NOTES, lambda r: r.trust.row.notes,
           "Every note beside the trust's rank."),
    *PROVENANCE,
)  # fmt: skip
