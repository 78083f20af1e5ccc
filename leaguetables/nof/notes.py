"""Automatic context notes, derived from stored results on import and never typed by hand.

`build_notes` is pure: it takes what one row needs to know (a NoteInput) and returns the notes
a reader must see beside that rank. `derive` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leaguetables.nof.movement import SegmentChange
from leaguetables.presentation.words import (
    ordinal,
    places,
    rank_range_text,
    rank_text,
    score,
    segment_meaning,
)

METHOD_SOURCE = "NHS England, NHS Oversight Framework 2025/26 methodology manual"
OUR_SOURCE = "leaguetables, computed from NHS England's published metric scores"

# A rank resting on this share of the league's usual metrics or fewer is flagged.
FEW_METRICS_SHARE = 0.6


@dataclass(frozen=True)
class NoteSpec:
    kind: str
    short_text: str
    long_text: str
    source: str


@dataclass(frozen=True)
class NoteInput:
    quarter_label: str
    league_name: str
    league_size: int
    data_file: str
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
    previous_quarter_label: str | None = None
    previous_rank: int | None = None
    previous_segment: int | None = None
    previous_average: float | None = None
    movement_beyond_noise: bool | None = None
    segment_change: str = ""  # nof.movement.SegmentChange value
    no_urgent_care: bool = False
    missing_metrics: tuple[str, ...] = ()
    suppressed_metrics: tuple[str, ...] = ()
    score_only_metrics: tuple[str, ...] = ()
    older_metrics: tuple[str, ...] = field(default=())  # "OF0061 (2024)"
    revised: tuple[str, ...] = ()  # "OF0081 [%] value: 0.0 to -1.55 (file-v2.csv)"


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(items)


def financial_override(row: NoteInput) -> NoteSpec | None:
    if not row.financial_override_applied or row.unadjusted_segment is None:
        return None
    where = f"segment {row.unadjusted_segment}"
    if row.rank_without_override is not None:
        where += f", where it would rank {ordinal(row.rank_without_override)}"
    return NoteSpec(
        "financial_override",
        f"Segment 3 because of the financial override; its performance places it in {where}.",
        f"NHS England moves any trust in segment 1 or 2 that reports a deficit or receives "
        f"deficit support down to segment 3, whatever the size of the deficit and however good "
        f"its other results. On its average metric score of {score(row.average_score)} this "
        f"trust is in segment {row.unadjusted_segment} ({segment_meaning(row.unadjusted_segment)})."
        + (
            f" With every other trust unchanged it would rank "
            f"{ordinal(row.rank_without_override)} of {row.league_size} instead of "
            f"{rank_text(row.league_rank, row.rank_tied)}."
            if row.rank_without_override is not None
            else ""
        ),
        f"{METHOD_SOURCE}; {row.data_file} (OF5000, OF5003, OF5004)",
    )


def specialist(row: NoteInput) -> NoteSpec | None:
    if "specialist" not in row.subtype.lower():
        return None
    basis = ""
    if row.metrics_scored is not None and row.usual_metrics:
        basis = f"; scored on {row.metrics_scored} metrics against up to {row.usual_metrics}"
    no_ae = (
        " It runs no A&E, so the urgent and emergency care metrics do not apply."
        if (row.no_urgent_care)
        else ""
    )
    return NoteSpec(
        "specialist",
        f"Specialist trust ({row.subtype}){basis}.",
        f"Specialist trusts treat a narrower range of patients than general hospitals and are "
        f"scored on fewer metrics; their average is not directly comparable with a general "
        f"hospital's.{no_ae}",
        f"{row.data_file} (Trust_subtype, metric scores)",
    )


def few_metrics(row: NoteInput) -> NoteSpec | None:
    if row.metrics_scored is None or not row.usual_metrics:
        return None
    if row.metrics_scored > FEW_METRICS_SHARE * row.usual_metrics:
        return None
    return NoteSpec(
        "few_metrics",
        f"Rank rests on {row.metrics_scored} of {row.usual_metrics} metrics.",
        f"This trust's average score comes from {row.metrics_scored} metrics, where others in "
        f"the league are scored on up to {row.usual_metrics}. With few metrics, one metric can "
        f"move the trust a whole segment.",
        f"{row.data_file} (metric scores counted towards OF5002)",
    )


def uncertainty(row: NoteInput) -> NoteSpec | None:
    if row.rank_range is None:
        return None
    low, high = row.rank_range
    whose = "NHS England's" if row.range_source == "NHS England" else "our"
    return NoteSpec(
        "uncertainty",
        f"Likely range of rank {rank_range_text(low, high)} of {row.league_size} ({whose} "
        f"estimate).",
        f"The rank could plausibly have been anywhere from {ordinal(low)} to {ordinal(high)}: "
        f"a rank from one quarter's data is an estimate, not a precise position."
        + (
            " NHS England published this range."
            if row.range_source == "NHS England"
            else " NHS England published no range for this quarter; ours resamples the trust's "
            "own metric scores as NHS England's published ranges do (see the methodology page)."
        ),
        row.data_file if row.range_source == "NHS England" else OUR_SOURCE,
    )


def movement(row: NoteInput) -> NoteSpec | None:
    if row.previous_rank is None or row.league_rank is None or not row.previous_quarter_label:
        return None
    change = row.previous_rank - row.league_rank
    if change > 0:
        moved = f"Up {places(change)}"
    elif change < 0:
        moved = f"Down {places(-change)}"
    else:
        moved = "Same rank"
    moved += f" since {row.previous_quarter_label}"
    if row.previous_segment is not None and row.previous_segment != row.adjusted_segment:
        moved += f" (segment {row.previous_segment} to {row.adjusted_segment})"
    label = ""
    override_moved = row.segment_change == SegmentChange.FINANCIAL_OVERRIDE
    if override_moved:
        label = (
            "; the financial override now applies"
            if row.financial_override_applied
            else "; the financial override no longer applies"
        )
    elif row.movement_beyond_noise is not None:
        label = (
            "; beyond the likely range"
            if row.movement_beyond_noise
            else ("; within the likely range")
        )
    return NoteSpec(
        "movement",
        f"{moved}{label}.",
        f"Ranked {ordinal(row.previous_rank)} in {row.previous_quarter_label} and "
        f"{rank_text(row.league_rank, row.rank_tied)} in {row.quarter_label}; average score "
        f"{score(row.previous_average)} then, {score(row.average_score)} now."
        + (
            " The segment changed because the financial override was applied or lifted, not "
            "because of the trust's scores."
            if override_moved
            else " The change is within the likely range of this quarter's score, so it may be "
            "noise."
            if row.movement_beyond_noise is False
            else " The change is larger than the likely range of this quarter's score."
            if row.movement_beyond_noise
            else ""
        ),
        OUR_SOURCE,
    )


def recovery_support(row: NoteInput) -> NoteSpec | None:
    if not (row.recovery_support or row.final_segment == 5):
        return None
    return NoteSpec(
        "recovery_support",
        "Segment 5: in the Recovery Support Programme (intensive support).",
        f"NHS England places trusts receiving intensive support in segment 5. The league rank "
        f"still uses its segment from scores and the override (segment {row.adjusted_segment}).",
        f"{row.data_file} (OF5005, OF5007)",
    )


# What a data note lists: (field, its phrase in the long text, its count in the short text).
DATA_PARTS = (
    ("missing_metrics", "not scored on {items}", "{n} not scored"),
    ("older_metrics", "from periods before {quarter}: {items}", "{n} from older periods"),
    ("suppressed_metrics", "value suppressed or not published for {items}", "{n} suppressed"),
    ("revised", "revised by a later file from NHS England: {items}",
     "{n} published value{s} revised"),
    ("score_only_metrics", "score only, no value, for {items}", ""),
)  # fmt: skip


def data_quality(row: NoteInput) -> NoteSpec | None:
    parts, counts = [], []
    for name, phrase, count in DATA_PARTS:
        items = getattr(row, name)
        if not items:
            continue
        parts.append(phrase.format(items=_list(items), quarter=row.quarter_label))
        if count:
            counts.append(count.format(n=len(items), s="" if len(items) == 1 else "s"))
    if not parts:
        return None
    short = ", ".join(counts).capitalize() if counts else "Some metrics published as scores only"
    return NoteSpec(
        "data",
        short + ".",
        "About this trust's data: " + "; ".join(parts) + ". A metric that is not scored is "
        "left out of the average rather than counted as zero.",
        row.data_file,
    )


RULES = (
    financial_override, recovery_support, specialist, few_metrics, uncertainty, movement,
    data_quality,
)  # fmt: skip


def build_notes(row: NoteInput) -> list[NoteSpec]:
    """Every automatic note for one row, in the order a reader needs them."""
    return [note for rule in RULES if (note := rule(row)) is not None]
