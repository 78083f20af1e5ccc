"""The figures and worked examples on the about pages, computed from the data this site holds
when a page is rendered: on the demo they describe the fictional trusts, with NHS England's real
files they describe those. Nothing here is typed in; an example the data does not have is None,
and its paragraph is left out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from leaguetables import queries
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.models.organisations import range_source, rank_range
from leaguetables.nof import league_file, leagues, rules, years
from leaguetables.nof.notes import NoteKind
from leaguetables.nof.rules import Reproduction
from leaguetables.presentation.league import SegmentChanges, segment_changes
from leaguetables.presentation.rows import Note

# How close our likely ranges must come to NHS England's to count as reproducing them.
SCORE_TOLERANCE = 0.05
RANK_TOLERANCE = 3


@dataclass(slots=True)
class FactRow:
    """One public trust-quarter as the about pages read it (queries.ABOUT_FIELDS)."""

    id: int
    trust_id: int
    league_id: int
    quarter_id: int
    league: League
    quarter: Quarter
    name: str
    subtype: str
    average_score: float | None
    unadjusted_segment: int | None
    adjusted_segment: int | None
    in_financial_deficit: bool | None
    final_segment: int | None
    recovery_support: bool | None
    financial_override_applied: bool
    override_inferred: bool
    league_rank: int | None
    published_rank_low: int | None
    published_rank_high: int | None
    published_score_low: float | None
    published_score_high: float | None
    likely_rank_low: int | None
    likely_rank_high: int | None
    likely_score_low: float | None
    likely_score_high: float | None
    segment_without_override: int | None
    rank_without_override: int | None
    rank_without_finance: int | None
    rank_leave_one_out_best: int | None
    rank_leave_one_out_worst: int | None
    leave_one_out_best_metric: str
    leave_one_out_worst_metric: str
    metrics_scored: int | None
    reproduction: str
    previous_rank: int | None
    movement_beyond_noise: bool | None
    segment_change: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def range_source(self) -> str:
        return range_source(self)

    @property
    def rank_range(self) -> tuple[int, int] | None:
        return rank_range(self)


@dataclass(frozen=True)
class QuarterFacts:
    league: str
    league_slug: str
    quarter: str
    size: int
    flagged: int  # in deficit or on deficit support
    moved: int  # moved down by the override
    inferred: int  # of those, inferred from a league table file alone
    recovery: int  # segment 5
    exact: int
    within_rounding: int
    discrepancies: int
    not_checked: int
    changes: SegmentChanges | None  # since the league's previous quarter
    previous: str | None


@dataclass(frozen=True)
class RangeComparison:
    """Our likely ranges beside NHS England's, where both exist."""

    league: str
    quarter: str
    compared: int
    score_close: int  # both ends within SCORE_TOLERANCE
    rank_close: int  # both ends within RANK_TOLERANCE
    score_ends_within_001: int
    rank_ends_exact: int
    largest_score_gap: float
    largest_rank_gap: int


@dataclass(frozen=True)
class ScoreFacts:
    league: str
    metric_id: str
    description: str
    quarters: int
    compared: int
    exact: int
    within_001: int


@dataclass(frozen=True)
class Example:
    """A trust-quarter a paragraph uses, with the note it carries."""

    row: FactRow | TrustQuarter
    league_size: int
    note: Note | None = None
    other: FactRow | None = None  # the second trust of a tie


@dataclass
class SiteFacts:
    illustrative: bool
    trust_quarters: int
    league_sizes: list[tuple[str, int]]  # (league name, trusts in its latest quarter)
    quarters: list[QuarterFacts]
    cut_points: list[tuple[str, tuple[float, ...]]]  # (quarter, the implied 1|2, 2|3, 3|4)
    ranges: list[RangeComparison]
    ranges_hold_published_rank: tuple[int, int]  # (published rank inside ours, rows with both)
    scores: list[ScoreFacts]
    counting_metrics: list[tuple[str, int]]  # (league name, metrics counted at most)
    recovery_quarters: list[str]
    years: list[years.YearRules]
    examples: dict[str, Example] = field(default_factory=dict)
    # The league-quarter with most trusts moved down: each one's rank and rank without it.
    override_quarter: tuple[str, str, list[tuple[int, int]]] | None = None

    @property
    def exact_scores(self) -> list[ScoreFacts]:
        """Metrics whose every published score our rule reproduced."""
        return [s for s in self.scores if s.compared and s.exact == s.compared]

    @property
    def totals(self) -> dict[str, int]:
        keys = ("exact", "within_rounding", "discrepancies", "not_checked", "flagged", "moved")
        return {key: sum(getattr(q, key) for q in self.quarters) for key in keys}

    @property
    def score_totals(self) -> tuple[int, int, int]:
        return (sum(s.compared for s in self.scores), sum(s.exact for s in self.scores),
                sum(s.within_001 for s in self.scores))  # fmt: skip


def _quarter_key(tq: FactRow) -> tuple[int, int]:
    return tq.quarter.financial_year, tq.quarter.quarter


def _group_key(tq: FactRow) -> tuple:
    return tq.league.position, tq.league.name, _quarter_key(tq)


def _by_league_quarter(rows: Sequence[FactRow]) -> dict[tuple, list[FactRow]]:
    grouped: dict[tuple, list[FactRow]] = defaultdict(list)
    for tq in rows:
        grouped[_group_key(tq)].append(tq)
    return dict(sorted(grouped.items()))


def _quarter_facts(grouped: dict[tuple, list[FactRow]]) -> list[QuarterFacts]:
    found = []
    previous_label: dict[str, str] = {}
    for (_, league_name, _), rows in grouped.items():
        first = rows[0]
        counts = defaultdict(int)
        for tq in rows:
            counts[tq.reproduction] += 1
        changes = segment_changes([tq.segment_change for tq in rows])
        found.append(
            QuarterFacts(
                league=league_name,
                league_slug=first.league.slug,
                quarter=first.quarter.label,
                size=len(rows),
                flagged=sum(bool(tq.in_financial_deficit) for tq in rows),
                moved=sum(tq.financial_override_applied for tq in rows),
                inferred=sum(tq.override_inferred for tq in rows),
                recovery=sum(bool(tq.recovery_support or tq.final_segment == 5) for tq in rows),
                exact=counts[Reproduction.EXACT],
                within_rounding=counts[Reproduction.WITHIN_ROUNDING],
                discrepancies=counts[Reproduction.DISCREPANCY],
                not_checked=counts[Reproduction.NOT_CHECKED],
                changes=changes,
                previous=previous_label.get(league_name) if changes else None,
            )
        )
        previous_label[league_name] = first.quarter.label
    return found


def _cut_points(rows: Sequence[FactRow]) -> list[tuple[str, tuple[float, ...]]]:
    """The boundaries each quarter's published segments imply, every league pooled."""
    by_quarter: dict[tuple[int, int], list[FactRow]] = defaultdict(list)
    for tq in rows:
        by_quarter[_quarter_key(tq)].append(tq)
    found = []
    for _, quarter_rows in sorted(by_quarter.items()):
        evidence = league_file.evidence_from(
            (tq.average_score, tq.unadjusted_segment, tq.adjusted_segment, tq.in_financial_deficit)
            for tq in quarter_rows
        )
        cuts = rules.implied_cut_points(
            {str(i): p.segment for i, p in enumerate(evidence)},
            {str(i): p.average for i, p in enumerate(evidence)},
        )
        if len(cuts) == 3:
            found.append((quarter_rows[0].quarter.label,
                          tuple(rules.round_half_up(c.midpoint) for c in cuts)))  # fmt: skip
    return found


def _ranges(grouped: dict[tuple, list[FactRow]]) -> list[RangeComparison]:
    found = []
    for (_, league_name, _), rows in grouped.items():
        both = [
            tq for tq in rows
            if tq.published_rank_low is not None and tq.likely_rank_low is not None
            and tq.published_score_low is not None and tq.likely_score_low is not None
        ]  # fmt: skip
        if not both:
            continue
        score_gaps = [
            (abs(tq.likely_score_low - tq.published_score_low),
             abs(tq.likely_score_high - tq.published_score_high)) for tq in both
        ]  # fmt: skip
        rank_gaps = [
            (abs(tq.likely_rank_low - tq.published_rank_low),
             abs(tq.likely_rank_high - tq.published_rank_high)) for tq in both
        ]  # fmt: skip
        found.append(
            RangeComparison(
                league=league_name,
                quarter=both[0].quarter.label,
                compared=len(both),
                score_close=sum(max(g) <= SCORE_TOLERANCE + 1e-9 for g in score_gaps),
                rank_close=sum(max(g) <= RANK_TOLERANCE for g in rank_gaps),
                score_ends_within_001=sum(e <= 0.01 + 1e-9 for g in score_gaps for e in g),
                rank_ends_exact=sum(e == 0 for g in rank_gaps for e in g),
                largest_score_gap=round(max(e for g in score_gaps for e in g), 2),
                largest_rank_gap=max(e for g in rank_gaps for e in g),
            )
        )
    return found


def _scores() -> list[ScoreFacts]:
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for check in queries.score_checks():
        grouped[(check.league.name, check.metric_id)].append(check)
    return [
        ScoreFacts(
            league,
            metric_id,
            checks[-1].description,
            len(checks),
            sum(c.compared for c in checks),
            sum(c.exact for c in checks),
            sum(c.within_001 for c in checks),
        )  # fmt: skip
        for (league, metric_id), checks in grouped.items()
    ]


def _examples(grouped: dict[tuple, list[FactRow]]) -> dict[str, Example]:
    """One trust of the loaded data for each worked example: the clearest case of each."""
    picks: dict[str, tuple[tuple, FactRow, int, FactRow | None]] = {}

    def consider(name: str, tq: FactRow, size: int, key: tuple, other=None) -> None:
        held = picks.get(name)
        if held is None or key > held[0]:
            picks[name] = (key, tq, size, other)

    for rows in grouped.values():
        size = len(rows)
        by_rank = defaultdict(list)
        for tq in rows:
            by_rank[tq.league_rank].append(tq)
            if tq.financial_override_applied and tq.rank_without_override and tq.league_rank:
                consider("override", tq, size, (tq.league_rank - tq.rank_without_override,))
            if tq.metrics_scored:
                consider("few_metrics", tq, size, (-tq.metrics_scored, tq.quarter.key))
            if tq.rank_range and tq.league_rank == 1:
                wide = tq.rank_range[1] - tq.rank_range[0]
                consider("range", tq, size, (tq.range_source == "NHS England", tq.quarter.key,
                                             -wide))  # fmt: skip
            if tq.rank_range:
                consider("wide_range", tq, size, (tq.range_source == "NHS England",
                                                  tq.rank_range[1] - tq.rank_range[0]))  # fmt: skip
            if tq.rank_leave_one_out_best and tq.rank_leave_one_out_worst:
                spread = tq.rank_leave_one_out_worst - tq.rank_leave_one_out_best
                consider("leave_one_out", tq, size, (spread,))
            if leagues.is_specialist(tq.subtype) and tq.metrics_scored:
                consider("specialist", tq, size, (tq.quarter.key, -(tq.league_rank or 0)))
            if tq.previous_rank and tq.league_rank and tq.movement_beyond_noise is not None:
                consider("movement", tq, size, (abs(tq.previous_rank - tq.league_rank),))
            if tq.recovery_support or tq.final_segment == 5:
                consider("recovery", tq, size, (tq.quarter.key,))
        for rank, tied in by_rank.items():
            if rank and len(tied) > 1:
                consider("tie", tied[0], size, (rows[0].quarter.key, -rank), other=tied[1])
    for kind, tq in queries.rows_with_note(NoteKind.DATA).items():
        picks[kind] = ((), tq, len(grouped[_group_key(tq)]), None)
    notes = queries.notes_for(tq.pk for _, tq, _, _ in picks.values())
    kinds = {"override": NoteKind.FINANCIAL_OVERRIDE, "few_metrics": NoteKind.FEW_METRICS,
             "range": NoteKind.UNCERTAINTY, "specialist": NoteKind.SPECIALIST,
             "movement": NoteKind.MOVEMENT, "recovery": NoteKind.RECOVERY_SUPPORT,
             "data": NoteKind.DATA}  # fmt: skip
    found = {}
    for name, (_, tq, size, other) in picks.items():
        note = next((Note.of(n) for n in notes.get(tq.pk, []) if n.kind == kinds.get(name)), None)
        found[name] = Example(tq, size, note, other)
    return found


def _override_quarter(
    grouped: dict[tuple, list[FactRow]],
) -> tuple[str, str, list[tuple[int, int]]] | None:
    best = None
    for (_, league_name, _), rows in grouped.items():
        moved = sorted(
            (tq.league_rank, tq.rank_without_override)
            for tq in rows
            if tq.financial_override_applied and tq.league_rank and tq.rank_without_override
        )
        if moved and (best is None or len(moved) > len(best[2])):
            best = (league_name, rows[0].quarter.label, moved)
    return best


def site_facts() -> SiteFacts:
    """Every figure the methodology and reading pages state, from the public data."""
    rows = sorted(
        (FactRow(**values) for values in queries.all_public_rows()),
        key=lambda tq: (tq.league.position, tq.quarter.key, tq.league_rank or 10**6, tq.name),
    )
    grouped = _by_league_quarter(rows)
    latest: dict[str, int] = {}
    counting: dict[str, int] = {}
    for (_, league_name, _), quarter_rows in grouped.items():
        latest[league_name] = len(quarter_rows)
        counting[league_name] = max(
            counting.get(league_name, 0), *(tq.metrics_scored or 0 for tq in quarter_rows)
        )
    ranges_with_ours = [tq for tq in rows if tq.likely_rank_low is not None and tq.league_rank]
    inside = sum(tq.likely_rank_low <= tq.league_rank <= tq.likely_rank_high  # type: ignore[operator]
                 for tq in ranges_with_ours)  # fmt: skip
    year_list = sorted({tq.quarter.financial_year for tq in rows})
    return SiteFacts(
        illustrative=queries.is_illustrative(),
        trust_quarters=len(rows),
        league_sizes=list(latest.items()),
        quarters=_quarter_facts(grouped),
        cut_points=_cut_points(rows),
        ranges=_ranges(grouped),
        ranges_hold_published_rank=(inside, len(ranges_with_ours)),
        scores=_scores(),
        counting_metrics=[(name, n) for name, n in counting.items() if n],
        recovery_quarters=sorted(
            {tq.quarter.label for tq in rows if tq.recovery_support or tq.final_segment == 5}
        ),
        years=[years.rules_for(year) for year in year_list if year in years.YEARS],
        examples=_examples(grouped),
        override_quarter=_override_quarter(grouped),
    )
