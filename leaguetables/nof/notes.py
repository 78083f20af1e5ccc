"""Which context notes a ranking needs, and the facts each one states: derived from the data on
import and never typed by hand.

`build_notes` is pure: it takes what one row needs to know (a `NoteInput`) and returns typed
notes (`NoteFacts`: a kind and the numbers behind it). The words a reader sees are written last,
by `presentation.words.note_text`, so a note reads the same on a page, in a download and in the
API, and its numbers travel with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from leaguetables.nof import leagues
from leaguetables.nof.movement import SegmentChange


class NoteKind(StrEnum):
    """Every kind of context note, in the order a reader needs them beside a rank."""

    FINANCIAL_OVERRIDE = "financial_override"
    RECOVERY_SUPPORT = "recovery_support"
    SPECIALIST = "specialist"
    FEW_METRICS = "few_metrics"
    UNCERTAINTY = "uncertainty"
    MOVEMENT = "movement"
    POPULATION = "population"
    DATA = "data"
    EDITORIAL = "editorial"
    TRUST_STATEMENT = "trust_statement"


# Each kind's name, as a small label beside the note.
KIND_LABELS = {
    NoteKind.FINANCIAL_OVERRIDE: "Financial override",
    NoteKind.SPECIALIST: "Specialist trust",
    NoteKind.FEW_METRICS: "Few metrics",
    NoteKind.UNCERTAINTY: "Uncertainty",
    NoteKind.MOVEMENT: "Movement",
    NoteKind.RECOVERY_SUPPORT: "Recovery support",
    NoteKind.POPULATION: "Population served",
    NoteKind.DATA: "Data",
    NoteKind.EDITORIAL: "Editorial note",
    NoteKind.TRUST_STATEMENT: "Statement from the trust",
}

# Written by people (an editor; a trust, approved by an editor); every other kind is derived.
WRITTEN_KINDS = frozenset({NoteKind.EDITORIAL, NoteKind.TRUST_STATEMENT})
AUTOMATIC_KINDS = frozenset(NoteKind) - WRITTEN_KINDS

# A rank resting on this share of the league's usual metrics or fewer is flagged.
FEW_METRICS_SHARE = 0.6


class RangeSource(StrEnum):
    NHS_ENGLAND = "NHS England"  # published in the league table file (Q3 2025/26 on)
    OURS = "leaguetables"  # our bootstrap, where NHS England published none


@dataclass(frozen=True)
class NoteFacts:
    """One automatic note: its kind and the facts its words state (JSON-able)."""

    kind: NoteKind
    facts: Mapping[str, Any]


@dataclass(frozen=True)
class MetricGap:
    """A metric a data note names: by ID, as NHS England describes it, with its period."""

    metric_id: str
    description: str
    period: str = ""


@dataclass(frozen=True)
class RevisedValue:
    """A published value a later file replaced."""

    field: str  # "OF0081 [%] value", as the file spells the row
    old: str
    new: str
    file: str


@dataclass(frozen=True)
class NoteInput:
    quarter_label: str
    league_name: str
    league_size: int
    subtype: str
    average_score: float | None
    unadjusted_segment: int | None
    adjusted_segment: int | None
    final_segment: int | None
    recovery_support: bool | None
    league_rank: int | None
    rank_tied: bool
    financial_override_applied: bool
    rank_without_override: int | None
    metrics_scored: int | None
    usual_metrics: int | None  # the most metrics any trust in the league was scored on
    rank_range: tuple[int, int] | None
    range_source: str
    # Where only a league table file was published: the segments the trust's average allows
    # (`league_file`), and that the unadjusted segment was inferred rather than published.
    possible_segments: tuple[int, ...] = ()
    segment_inferred: bool = False
    previous_quarter_label: str | None = None
    previous_rank: int | None = None
    previous_segment: int | None = None
    previous_average: float | None = None
    movement_beyond_noise: bool | None = None
    segment_change: str = ""  # nof.movement.SegmentChange value
    no_urgent_care: bool = False
    missing_metrics: tuple[MetricGap, ...] = ()
    suppressed_metrics: tuple[MetricGap, ...] = ()
    score_only_metrics: tuple[MetricGap, ...] = ()
    older_metrics: tuple[MetricGap, ...] = field(default=())
    revised: tuple[RevisedValue, ...] = ()


def _note(kind: NoteKind, row: NoteInput, **facts: Any) -> NoteFacts:
    return NoteFacts(kind, {"quarter": row.quarter_label, "league": row.league_name, **facts})


def financial_override(row: NoteInput) -> NoteFacts | None:
    if not row.financial_override_applied:
        return None
    segments = list(row.possible_segments) or (
        [row.unadjusted_segment] if row.unadjusted_segment is not None else []
    )
    return _note(
        NoteKind.FINANCIAL_OVERRIDE,
        row,
        segments_without_override=segments,
        rank_without_override=row.rank_without_override,
        average_score=row.average_score,
        adjusted_segment=row.adjusted_segment,
        league_rank=row.league_rank,
        rank_tied=row.rank_tied,
        league_size=row.league_size,
        inferred=row.segment_inferred,
    )


def specialist(row: NoteInput) -> NoteFacts | None:
    if not leagues.is_specialist(row.subtype):
        return None
    return _note(
        NoteKind.SPECIALIST,
        row,
        subtype=row.subtype,
        metrics_scored=row.metrics_scored,
        usual_metrics=row.usual_metrics,
        no_urgent_care=row.no_urgent_care,
    )


def few_metrics(row: NoteInput) -> NoteFacts | None:
    if row.metrics_scored is None or not row.usual_metrics:
        return None
    if row.metrics_scored > FEW_METRICS_SHARE * row.usual_metrics:
        return None
    return _note(
        NoteKind.FEW_METRICS,
        row,
        metrics_scored=row.metrics_scored,
        usual_metrics=row.usual_metrics,
    )


def uncertainty(row: NoteInput) -> NoteFacts | None:
    if row.rank_range is None:
        return None
    low, high = row.rank_range
    return _note(
        NoteKind.UNCERTAINTY,
        row,
        rank_low=low,
        rank_high=high,
        league_size=row.league_size,
        range_source=RangeSource(row.range_source).value,
    )


def movement(row: NoteInput) -> NoteFacts | None:
    if row.previous_rank is None or row.league_rank is None or not row.previous_quarter_label:
        return None
    return _note(
        NoteKind.MOVEMENT,
        row,
        previous_quarter=row.previous_quarter_label,
        previous_rank=row.previous_rank,
        league_rank=row.league_rank,
        rank_tied=row.rank_tied,
        previous_segment=row.previous_segment,
        adjusted_segment=row.adjusted_segment,
        previous_average=row.previous_average,
        average_score=row.average_score,
        # The override, not the scores, moved the segment: say that rather than noise or not.
        override_moved=row.segment_change == SegmentChange.FINANCIAL_OVERRIDE,
        override_applied=row.financial_override_applied,
        beyond_noise=row.movement_beyond_noise,
    )


def recovery_support(row: NoteInput) -> NoteFacts | None:
    if not (row.recovery_support or row.final_segment == 5):
        return None
    return _note(NoteKind.RECOVERY_SUPPORT, row, adjusted_segment=row.adjusted_segment)


def _gaps(items: tuple[MetricGap, ...]) -> list[dict[str, str]]:
    return [{"metric_id": g.metric_id, "description": g.description, "period": g.period}
            for g in items]  # fmt: skip


def data_quality(row: NoteInput) -> NoteFacts | None:
    parts = {
        "missing": _gaps(row.missing_metrics),
        "older": _gaps(row.older_metrics),
        "suppressed": _gaps(row.suppressed_metrics),
        "revised": [
            {"field": r.field, "old": r.old, "new": r.new, "file": r.file} for r in row.revised
        ],
        "score_only": _gaps(row.score_only_metrics),
    }
    if not any(parts.values()):
        return None
    return _note(NoteKind.DATA, row, **parts)


RULES = (
    financial_override, recovery_support, specialist, few_metrics, uncertainty, movement,
    data_quality,
)  # fmt: skip


def build_notes(row: NoteInput) -> list[NoteFacts]:
    """Every automatic note for one row, in the order a reader needs them."""
    return [note for rule in RULES if (note := rule(row)) is not None]
