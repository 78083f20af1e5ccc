"""The trust page: headline, every context note, then the drill-down by domain, service and
metric, with history over quarters. Typed rows only; a fixed number of queries, however many
quarters."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from leaguetables import queries
from leaguetables.models import MetricResult, Trust, TrustQuarter
from leaguetables.nof import leagues, metric_ids
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.presentation import charts
from leaguetables.presentation.league import LeagueRow, league_row
from leaguetables.presentation.population import PopulationPanel, panel
from leaguetables.presentation.rows import QuarterRef, Source, TableMeta, TrustRef


@dataclass(frozen=True)
class ValueCell:
    """A metric's value in one unit (the acute infection metrics have a rate and a count)."""

    metric_id: str
    units: str
    direction: str  # "higher", "lower", "unknown"
    value: float | None
    period: str
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    published_rank: int | None


@dataclass
class MetricLine:
    """One metric for one trust-quarter: its value in each unit, its score, and history."""

    key: str  # the value's ID (OF0xxx): where value and score meet
    description: str
    domain: str
    service: str
    values: list[ValueCell] = field(default_factory=list)
    score_id: str = ""
    score: float | None = None
    score_period: str = ""
    counts: bool = False
    history: list[tuple[str, float | None]] = field(default_factory=list)  # (quarter, score)

    @property
    def period(self) -> str:
        return self.values[0].period if self.values else self.score_period

    @property
    def metric_id(self) -> str:
        """The ID a reader looks it up by: the value's, or the score's for a score-only metric."""
        return self.key if self.values else self.score_id


@dataclass(frozen=True)
class HistoryRow:
    quarter: QuarterRef
    segment: int | None
    final_segment: int | None
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    range_source: str
    average_score: float | None
    override_applied: bool
    in_financial_deficit: bool | None
    segment_without_override: int | None


@dataclass(frozen=True)
class WhatIf:
    """A rank under another rule, stored at import (`nof.counterfactuals`)."""

    question: str  # "without_override", "non_specialist", "without_finance", "leave_one_out"
    rank: int | None
    segment: int | None = None
    worst_rank: int | None = None
    best_metric: str = ""
    worst_metric: str = ""


@dataclass(frozen=True)
class Contribution:
    metric_id: str
    description: str
    contribution: float  # positive: the average got worse


@dataclass
class TrustPage:
    trust_code: str
    current: TrustRef  # as the latest public quarter names the trust
    row: LeagueRow
    history: list[HistoryRow]
    lines: list[MetricLine]
    grouped: dict[str, dict[str, list[MetricLine]]]
    domains: dict[str, dict[str, float | None]]
    what_if: list[WhatIf]
    contributions: list[Contribution]
    missing_since: QuarterRef | None  # the league's later quarter with no row for this trust
    descriptions: dict[str, str]  # metric ID -> NHS England's description, for the what-ifs
    meta: TableMeta
    rank_chart: dict
    segment_chart: dict
    positions_chart: dict | None
    # The population it serves (reference data); not read for a download.
    population: PopulationPanel | None = None
    # What each metric does not show, by its key (OF0xxx): beside the metric and in downloads.
    caveats: dict[str, queries.StoredCaveat] = field(default_factory=dict)


def _lines(results: Sequence[MetricResult], current_id: int, labels: dict[int, str]):
    lines: dict[str, MetricLine] = {}
    history: dict[str, dict[int, float | None]] = defaultdict(dict)
    for result in results:
        metric = result.metric
        if metric.kind not in (MetricKind.VALUE, MetricKind.SCORE):
            continue
        key = metric_ids.metric_key(metric.metric_id)
        if metric.kind == MetricKind.SCORE:
            history[key][result.trust_quarter_id] = result.value
        if result.trust_quarter_id != current_id:
            continue
        line = lines.get(key)
        if line is None:
            line = lines[key] = MetricLine(key, metric.description, metric.domain,
                                           metric.sub_domain)  # fmt: skip
        if metric.kind == MetricKind.VALUE:
            line.values.append(
                ValueCell(
                    metric.metric_id,
                    metric.units,
                    metric.direction,
                    result.value,
                    result.reporting_period,
                    result.median_value,
                    result.lower_quartile,
                    result.upper_quartile,
                    result.published_rank,
                )  # fmt: skip
            )
        else:
            line.score_id, line.score = metric.metric_id, result.value
            line.score_period, line.counts = result.reporting_period, metric.counts_towards_average
    for key, line in lines.items():
        line.history = [(labels[pk], score) for pk, score in history[key].items() if pk in labels]
    return sorted(lines.values(), key=lambda line: line.key)


def _history_row(tq: TrustQuarter) -> HistoryRow:
    low, high = tq.rank_range or (None, None)
    return HistoryRow(QuarterRef.of(tq.quarter), tq.adjusted_segment, tq.final_segment,
                      tq.league_rank, low, high, tq.range_source, tq.average_score,
                      tq.financial_override_applied, tq.in_financial_deficit,
                      tq.segment_without_override)  # fmt: skip


def what_if(row: LeagueRow) -> list[WhatIf]:
    """The counterfactual ranks stored at import that say something about this row."""
    found = []
    if row.override_applied and row.rank_without_override:
        found.append(WhatIf("without_override", row.rank_without_override,
                            segment=row.segment_without_override))  # fmt: skip
    if row.rank_among_non_specialist and not leagues.is_specialist(row.trust.subtype):
        found.append(WhatIf("non_specialist", row.rank_among_non_specialist))
    if row.rank_without_finance:
        found.append(WhatIf("without_finance", row.rank_without_finance))
    if row.rank_leave_one_out_best and row.rank_leave_one_out_worst:
        found.append(
            WhatIf(
                "leave_one_out",
                row.rank_leave_one_out_best,
                worst_rank=row.rank_leave_one_out_worst,
                best_metric=row.leave_one_out_best_metric,
                worst_metric=row.leave_one_out_worst_metric,
            )  # fmt: skip
        )
    return found


def build(
    trust: Trust,
    tq: TrustQuarter,
    history: list[TrustQuarter],
    *,
    illustrative: bool,
    charts_wanted: bool = True,
) -> TrustPage:
    """The page; a download (`charts_wanted=False`) skips what only the charts read."""
    league, quarter = tq.league, tq.quarter
    ranks = queries.league_quarter_ranks(league, quarter)
    ties = Counter(rank for rank in ranks if rank is not None)
    row = league_row(tq, size=len(ranks), tied=ties[tq.league_rank] > 1, notes=tq.notes.all())
    labels = {h.pk: h.quarter.label for h in history}
    order = {h.pk: index for index, h in enumerate(history)}
    results = sorted(queries.trust_results(trust, history),
                     key=lambda r: order.get(r.trust_quarter_id, 0))  # fmt: skip
    lines = _lines(results, tq.pk, labels)
    descriptions = {r.metric.metric_id: r.metric.description for r in results}
    domains: dict[str, dict[str, float | None]] = {}
    for result in results:
        if result.trust_quarter_id == tq.pk and metric_ids.is_domain(result.metric.metric_id):
            slot = domains.setdefault(result.metric.domain, {"score": None, "segment": None})
            kind = "score" if result.metric.kind == MetricKind.DOMAIN_SCORE else "segment"
            slot[kind] = result.value
    grouped: dict[str, dict[str, list[MetricLine]]] = {}
    for line in lines:
        grouped.setdefault(line.domain, {}).setdefault(line.service or line.domain, []).append(line)
    scored = [line for line in lines if line.score is not None and line.counts]
    league_scores = queries.league_scores(league, quarter) if scored and charts_wanted else {}
    positions = (
        charts.positions_among_league(
            [_short(line.description) for line in scored],
            [league_scores.get(line.score_id, []) for line in scored],
            [line.score for line in scored],
        )
        if scored and charts_wanted
        else None
    )
    ranked = [h for h in history if h.league_rank is not None]
    latest = queries.league_latest_quarter(league)
    missing_since = None
    if latest is not None and latest.pk != history[-1].quarter_id:
        missing_since = QuarterRef.of(latest)
    return TrustPage(
        trust_code=trust.ods_code,
        current=TrustRef.of(history[-1]),
        row=row,
        history=[_history_row(h) for h in history],
        lines=lines,
        grouped=grouped,
        domains=domains,
        what_if=what_if(row),
        contributions=[
            Contribution(
                part["metric_id"],
                descriptions.get(part["metric_id"], part["metric_id"]),
                part["contribution"],
            )  # fmt: skip
            for part in tq.movement_contributions[:8]
        ],
        missing_since=missing_since,
        descriptions=descriptions,
        meta=TableMeta(
            "trust",
            league.slug,
            league.name,
            QuarterRef.of(quarter),
            tuple(Source.of(r) for r in queries.sources(league, quarter)),
            illustrative,
            {"trust": trust.ods_code},
        ),  # fmt: skip
        rank_chart=charts.rank_history(
            [h.quarter.label for h in ranked],
            [h.league_rank for h in ranked],
            [(h.rank_range or (None, None))[0] for h in ranked],
            [(h.rank_range or (None, None))[1] for h in ranked],
            len(ranks),
        ),
        segment_chart=charts.segment_history(
            [h.quarter.label for h in history], [h.adjusted_segment for h in history]
        ),
        positions_chart=positions,
        population=panel(trust.ods_code, league, quarter) if charts_wanted else None,
        caveats=queries.caveats_for(league),
    )


def _short(description: str, limit: int = 48) -> str:
    return description if len(description) <= limit else description[: limit - 1].rstrip() + "…"


def load(code: str, quarter_slug: str | None) -> tuple[Trust, TrustQuarter, list[TrustQuarter]]:
    """The trust, the trust-quarter shown and its whole public history."""
    trust, history = queries.trust_history(code)
    if not history:
        raise TrustQuarter.DoesNotExist(code)
    if quarter_slug is None:
        return trust, history[-1], history
    for tq in history:
        if tq.quarter.slug == quarter_slug:
            return trust, tq, history
    raise TrustQuarter.DoesNotExist(quarter_slug)


@dataclass(frozen=True)
class TrustMetricRow:
    """One downloaded row of a trust's metrics: one metric in one unit (or its score alone)."""

    page: TrustPage
    line: MetricLine
    value: ValueCell | None
