"""The league table: one typed row per trust, as the page, its downloads and `export_league`
all show it. No NOF arithmetic here (that is stored at import), no words (those are `words`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leaguetables import queries
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.nof.movement import SegmentChange
from leaguetables.presentation.rows import LAST, Note, QuarterRef, Source, TableMeta, TrustRef
from leaguetables.presentation.words import Note as StoredNote

DOMAINS = (
    ("Access to services", "Access"),
    ("Patient safety", "Safety"),
    ("Effectiveness and experience", "Effectiveness"),
    ("People and workforce", "People"),
    ("Finance and productivity", "Finance"),
)


@dataclass(frozen=True)
class LeagueRow:
    quarter: QuarterRef
    league_slug: str
    league_name: str
    trust_type: str  # as published that quarter
    trust: TrustRef
    league_size: int
    rank: int | None
    tied: bool
    rank_low: int | None
    rank_high: int | None
    score_low: float | None
    score_high: float | None
    range_source: str
    segment: int | None  # adjusted (OF5000 / the league file's Segment)
    final_segment: int | None  # 5 for the Recovery Support Programme
    unadjusted_segment: int | None  # published (OF5003)
    segment_without_override: int | None  # published, or inferred from a league file alone
    override_applied: bool
    override_inferred: bool
    in_financial_deficit: bool | None
    average_score: float | None
    metrics_scored: int | None
    reproduction: str
    rank_without_override: int | None
    rank_among_non_specialist: int | None
    rank_without_finance: int | None
    rank_leave_one_out_best: int | None
    rank_leave_one_out_worst: int | None
    leave_one_out_best_metric: str
    leave_one_out_worst_metric: str
    segment_probabilities: Mapping[int, float]
    previous_rank: int | None
    previous_segment: int | None
    previous_average_score: float | None
    movement_beyond_noise: bool | None
    segment_change: str
    domain_segments: tuple[int | None, ...]  # in DOMAINS order
    notes: tuple[Note, ...]

    @property
    def href(self) -> str:
        return f"/trusts/{self.trust.code}/{self.quarter.slug}/"

    @property
    def rank_range(self) -> tuple[int, int] | None:
        if self.rank_low is None or self.rank_high is None:
            return None
        return self.rank_low, self.rank_high

    @property
    def rank_change(self) -> int | None:
        """Places moved up since the previous quarter (negative: down)."""
        if self.previous_rank is None or self.rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def override_moved_segment(self) -> bool:
        return self.segment_change == SegmentChange.FINANCIAL_OVERRIDE

    @property
    def range_bar(self) -> dict[str, float] | None:
        """Positions in percent of the league for the small range bar beside a rank."""
        if self.rank_range is None:
            return None
        low, high = self.rank_range
        span = max(self.league_size - 1, 1)
        bar = {"x": (low - 1) / span * 100, "width": max((high - low) / span * 100, 1.5)}
        if self.rank is not None:
            bar["mark"] = min((self.rank - 1) / span * 100, 99.0)
        return bar

    # Sort keys for the table's columns: never None, so every column sorts.
    @property
    def rank_sort(self) -> tuple:
        return (self.rank or LAST, self.trust.sort_key)

    @property
    def trust_sort(self) -> str:
        return self.trust.sort_key

    @property
    def segment_sort(self) -> tuple:
        return (self.segment or LAST, self.rank or LAST)

    @property
    def average_score_sort(self) -> tuple:
        return (self.average_score if self.average_score is not None else LAST,)

    @property
    def change_sort(self) -> tuple:
        # Biggest rise first when sorted ascending: a rise is a negative key.
        moved = self.rank_change
        return (moved is None, -(moved or 0), self.rank or LAST)

    @property
    def context_sort(self) -> tuple:
        return (-len(self.notes), self.rank or LAST)


def league_row(
    tq: TrustQuarter, *, size: int, tied: bool, notes: Sequence[StoredNote]
) -> LeagueRow:
    rank_range = tq.rank_range or (None, None)
    score_range = tq.score_range or (None, None)
    return LeagueRow(
        quarter=QuarterRef.of(tq.quarter),
        league_slug=tq.league.slug,
        league_name=tq.league.name,
        trust_type=tq.trust_type,
        trust=TrustRef.of(tq),
        league_size=size,
        rank=tq.league_rank,
        tied=tied,
        rank_low=rank_range[0],
        rank_high=rank_range[1],
        score_low=score_range[0],
        score_high=score_range[1],
        range_source=tq.range_source,
        segment=tq.adjusted_segment,
        final_segment=tq.final_segment,
        unadjusted_segment=tq.unadjusted_segment,
        segment_without_override=tq.segment_without_override,
        override_applied=tq.financial_override_applied,
        override_inferred=tq.override_inferred,
        in_financial_deficit=tq.in_financial_deficit,
        average_score=tq.average_score,
        metrics_scored=tq.metrics_scored,
        reproduction=tq.reproduction,
        rank_without_override=tq.rank_without_override,
        rank_among_non_specialist=tq.rank_among_non_specialist,
        rank_without_finance=tq.rank_without_finance,
        rank_leave_one_out_best=tq.rank_leave_one_out_best,
        rank_leave_one_out_worst=tq.rank_leave_one_out_worst,
        leave_one_out_best_metric=tq.leave_one_out_best_metric,
        leave_one_out_worst_metric=tq.leave_one_out_worst_metric,
        segment_probabilities={
            int(segment): share for segment, share in (tq.segment_probabilities or {}).items()
        },
        previous_rank=tq.previous_rank,
        previous_segment=tq.previous_segment,
        previous_average_score=tq.previous_average_score,
        movement_beyond_noise=tq.movement_beyond_noise,
        segment_change=tq.segment_change,
        domain_segments=tuple((tq.domain_segments or {}).get(name) for name, _ in DOMAINS),
        notes=tuple(Note.of(note) for note in notes),
    )


def league_rows(
    trust_quarters: Sequence[TrustQuarter],
    notes: Mapping[int, Sequence[StoredNote]],
    all_ranks: Sequence[int | None],
) -> list[LeagueRow]:
    """One row per trust. `all_ranks` are the ranks of the whole league-quarter (a filtered
    table still says "=4th" where the tie is with a trust filtered out, and "of 61")."""
    ties = Counter(rank for rank in all_ranks if rank is not None)
    return [
        league_row(
            tq, size=len(all_ranks), tied=ties[tq.league_rank] > 1, notes=notes.get(tq.pk, ())
        )
        for tq in trust_quarters
    ]


@dataclass(frozen=True)
class SegmentChanges:
    """How many trusts changed segment since the previous quarter, and why."""

    changed: int
    override: int
    beyond_noise: int

    @property
    def within_noise(self) -> int:
        return self.changed - self.override - self.beyond_noise


def segment_changes(changes: Sequence[str]) -> SegmentChanges | None:
    """Counts of each trust's stored `segment_change` (nof.movement.SegmentChange values)."""
    if not any(changes):
        return None
    counts = Counter(changes)
    changed = sum(n for kind, n in counts.items() if kind and kind != SegmentChange.UNCHANGED)
    return SegmentChanges(
        changed, counts[SegmentChange.FINANCIAL_OVERRIDE], counts[SegmentChange.BEYOND]
    )


def whole_table(league: League, quarter: Quarter) -> tuple[list[LeagueRow], TableMeta]:
    """A public league-quarter's whole table in rank order, as `export_league` (and any other
    reader of the full table) writes it."""
    facets = queries.facets(league, quarter)
    trust_quarters = queries.league_table(
        queries.league_table_base(league, quarter), league, quarter
    )
    notes = queries.notes_for(tq.pk for tq in trust_quarters)
    rows = league_rows(trust_quarters, notes, [facet.league_rank for facet in facets])
    sources = tuple(Source.of(record) for record in queries.sources(league, quarter))
    meta = TableMeta("league", league.slug, league.name, QuarterRef.of(quarter), sources,
                     queries.is_illustrative())  # fmt: skip
    return rows, meta


# The home page: what changed in each league's latest quarter ------------------------------

MOVERS_SHOWN = 3


@dataclass(frozen=True)
class Mover:
    code: str
    name: str
    rank: int
    previous_rank: int

    @property
    def moved(self) -> int:
        """Places moved up (negative: down)."""
        return self.previous_rank - self.rank


@dataclass(frozen=True)
class WhatChanged:
    league: League
    quarter: Quarter
    trusts: int
    compared: bool  # a previous quarter to compare with (not the league's first)
    changes: SegmentChanges | None
    beyond_noise: int  # trusts whose average moved beyond this quarter's likely range
    movers: tuple[Mover, ...]  # the largest rank changes beyond noise, not from the override

    @property
    def href(self) -> str:
        return f"/leagues/{self.league.slug}/{self.quarter.slug}/"


def what_changed(
    leagues: Sequence[League], latest: Mapping[int, Quarter], rows: Sequence[queries.ChangeRow]
) -> list[WhatChanged]:
    """For each league's latest quarter: segment changes and why, how many moved beyond noise,
    and the biggest of those moves (the financial override's moves are counted apart)."""
    by_league: dict[int, list[queries.ChangeRow]] = {}
    for row in rows:
        by_league.setdefault(row.league_id, []).append(row)
    found = []
    for league in leagues:
        quarter = latest.get(league.pk)
        if quarter is None:
            continue
        own = by_league.get(league.pk, [])
        beyond = [
            row for row in own
            if row.beyond_noise and row.rank is not None and row.previous_rank is not None
            and row.segment_change != SegmentChange.FINANCIAL_OVERRIDE
        ]  # fmt: skip
        movers = sorted(
            (Mover(r.code, r.name, r.rank, r.previous_rank) for r in beyond
             if r.previous_rank != r.rank),
            key=lambda m: (-abs(m.moved), m.rank),
        )  # fmt: skip
        found.append(
            WhatChanged(
                league,
                quarter,
                len(own),
                compared=any(row.previous_rank is not None for row in own),
                changes=segment_changes([row.segment_change for row in own]),
                beyond_noise=sum(bool(row.beyond_noise) for row in own),
                movers=tuple(movers[:MOVERS_SHOWN]),
            )  # fmt: skip
        )
    return found
