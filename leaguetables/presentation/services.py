"""Service tables (a NOF sub-domain: elective care, urgent and emergency care, ...) and metric
tables: how every trust of a league compares on the thing a patient needs. Typed rows only, and
only the league's own metrics of that quarter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.text import slugify

from leaguetables.models import Metric, TrustQuarter
from leaguetables.nof import metric_ids, rules
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.nof.years import YearRules
from leaguetables.presentation import charts
from leaguetables.presentation.rows import LAST, Note, TableMeta, TrustRef
from leaguetables.presentation.trust import ValueCell
from leaguetables.queries import PublishedValue


@dataclass(frozen=True)
class MetricDefinition:
    """A metric of one league-year as a table column: its value in each unit and its score."""

    key: str  # the value's ID (OF0xxx); a score-only metric's score ID
    description: str
    domain: str
    sub_domain: str
    values: tuple[Metric, ...]  # one per unit, each with its own direction
    score: Metric | None
    counts: bool  # its score counts towards the year's average

    @property
    def score_only(self) -> bool:
        return not self.values


def definitions(metrics: Sequence[Metric]) -> list[MetricDefinition]:
    """Value and score metrics grouped under the value's ID, in ID order."""
    grouped: dict[str, list[Metric]] = {}
    for metric in metrics:
        grouped.setdefault(metric_ids.metric_key(metric.metric_id), []).append(metric)
    found = []
    for key, group in sorted(grouped.items()):
        values = tuple(m for m in group if m.kind == MetricKind.VALUE)
        score = next((m for m in group if m.kind == MetricKind.SCORE), None)
        first = values[0] if values else score
        key = key if values else score.metric_id  # type: ignore[union-attr]
        found.append(
            MetricDefinition(
                key,
                first.description,
                first.domain,
                first.sub_domain,  # type: ignore[union-attr]
                values,
                score,
                bool(score and score.counts_towards_average),
            )  # fmt: skip
        )
    return found


def _cell(metric: Metric, result: PublishedValue | None) -> ValueCell:
    if result is None:
        return ValueCell(metric.metric_id, metric.units, metric.direction, None, "", None, None,
                         None, None)  # fmt: skip
    return ValueCell(metric.metric_id, metric.units, metric.direction, result.value,
                     result.reporting_period, result.median_value, result.lower_quartile,
                     result.upper_quartile, result.published_rank)  # fmt: skip


@dataclass(frozen=True)
class MetricCell:
    """One trust's result on one metric: its value in each unit, and its score."""

    values: tuple[ValueCell, ...]
    score: float | None
    published: bool  # any row at all for this trust

    @property
    def period(self) -> str:
        return next((v.period for v in self.values if v.period), "")


def metric_cell(definition: MetricDefinition, results: Mapping[int, PublishedValue]) -> MetricCell:
    values = tuple(_cell(m, results.get(m.pk)) for m in definition.values)
    score = results.get(definition.score.pk) if definition.score else None
    published = score is not None or any(m.pk in results for m in definition.values)
    return MetricCell(values, score.value if score else None, published)


def services(metrics: Sequence[Metric]) -> dict[str, str]:
    """slug -> sub-domain name, for the sub-domains of a league-quarter's scored metrics."""
    names = {m.sub_domain for m in metrics if m.kind == MetricKind.SCORE and m.sub_domain}
    return {slugify(name): name for name in sorted(names)}


@dataclass
class ServiceRow:
    trust: TrustRef
    league_rank: int | None
    scored_on: int  # how many of the service's counting metrics this trust was scored on
    service_score: float | None
    cells: dict[str, MetricCell]
    notes: tuple[Note, ...]
    rank: int | None = None
    tied: bool = False

    @property
    def service_rank_sort(self) -> tuple:
        return (self.rank or LAST, -self.scored_on, self.trust.sort_key)

    @property
    def trust_sort(self) -> str:
        return self.trust.sort_key

    @property
    def service_score_sort(self) -> tuple:
        return (self.service_score if self.service_score is not None else LAST,)

    @property
    def league_rank_sort(self) -> tuple:
        return (self.league_rank or LAST, self.trust.sort_key)


@dataclass
class ServicePage:
    service: str
    slug: str
    definitions: list[MetricDefinition]
    counting: list[MetricDefinition]  # the metrics a service rank rests on
    ranked: list[ServiceRow]
    unranked: list[ServiceRow]  # scored on some of the counting metrics but not all
    not_scored: list[ServiceRow]  # scored on none of them
    meta: TableMeta
    rows: list[ServiceRow] = field(default_factory=list)  # all of them, for downloads


def service_page(
    service: str,
    metrics: Sequence[Metric],
    trust_quarters: Sequence[TrustQuarter],
    results: Mapping[int, Mapping[int, PublishedValue]],
    notes: Mapping[int, Sequence[Note]],
    meta: TableMeta,
    year: YearRules,
) -> ServicePage:
    """Each trust's value and score on every metric of one service, and its rank on the mean of
    those scores, by the year's rule for the average.

    A service score is compared only with others resting on the same metrics: trusts scored on
    every counting metric of the service are ranked (a competition rank, as the league's own);
    the rest are listed below it, with how many they were scored on, and no rank.
    """
    defs = [d for d in definitions(metrics) if d.sub_domain == service]
    counting = [d for d in defs if d.score is not None and d.counts]
    rows = []
    for tq in trust_quarters:
        tq_results = results.get(tq.pk, {})
        cells = {d.key: metric_cell(d, tq_results) for d in defs}
        scores = {d.score.metric_id: cells[d.key].score for d in counting}  # type: ignore[union-attr]
        counted = year.counted_scores(scores)
        rows.append(
            ServiceRow(
                TrustRef.of(tq),
                tq.league_rank,
                len(counted),
                year.average_score(counted),
                cells,
                tuple(notes.get(tq.pk, ())),
            )  # fmt: skip
        )
    ranked = [row for row in rows if counting and row.scored_on == len(counting)]
    ranks = rules.competition_rank(
        {row.trust.code: (rules.round_half_up(row.service_score),) for row in ranked}  # type: ignore[arg-type]
    )
    ties = Counter(ranks.values())
    for row in ranked:
        row.rank = ranks[row.trust.code]
        row.tied = ties[row.rank] > 1
    return ServicePage(
        service=service,
        slug=slugify(service),
        definitions=defs,
        counting=counting,
        ranked=ranked,
        unranked=[row for row in rows if 0 < row.scored_on < len(counting)],
        not_scored=[row for row in rows if row.scored_on == 0],
        meta=meta,
        rows=rows,
    )


@dataclass
class MetricRow:
    trust: TrustRef
    league_rank: int | None
    cell: MetricCell
    notes: tuple[Note, ...]

    @property
    def rank(self) -> int | None:
        """NHS England's rank of the trust's value within the trust type (the first unit's)."""
        return next((v.published_rank for v in self.cell.values if v.published_rank), None)

    @property
    def first_value(self) -> float | None:
        return self.cell.values[0].value if self.cell.values else None

    @property
    def rank_sort(self) -> tuple:
        return (self.rank or LAST, self.trust.sort_key)

    @property
    def trust_sort(self) -> str:
        return self.trust.sort_key

    @property
    def value_sort(self) -> tuple:
        value = self.first_value
        return (value is None, value if value is not None else 0)

    @property
    def score_sort(self) -> tuple:
        return (self.cell.score if self.cell.score is not None else LAST,)


@dataclass(frozen=True)
class UnitSummary:
    """The league's median and quartiles of one unit of a metric, as NHS England published."""

    metric: Metric
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    values: tuple[float, ...]  # every trust's value, for the chart

    @property
    def figure(self) -> dict | None:
        return charts.distribution(self.values, self.metric.units) if self.values else None


@dataclass
class MetricPage:
    definition: MetricDefinition
    rows: list[MetricRow]
    units: list[UnitSummary]
    meta: TableMeta


def metric_page(
    definition: MetricDefinition,
    trust_quarters: Sequence[TrustQuarter],
    results: Mapping[int, Mapping[int, PublishedValue]],
    notes: Mapping[int, Sequence[Note]],
    meta: TableMeta,
) -> MetricPage:
    """Every trust's value in each unit, and its score, on one metric."""
    rows = [
        MetricRow(
            TrustRef.of(tq),
            tq.league_rank,
            metric_cell(definition, results.get(tq.pk, {})),
            tuple(notes.get(tq.pk, ())),
        )  # fmt: skip
        for tq in trust_quarters
    ]
    units = []
    for index, metric in enumerate(definition.values):
        cells = [row.cell.values[index] for row in rows]
        published = next((c for c in cells if c.median is not None), None)
        units.append(
            UnitSummary(
                metric,
                published.median if published else None,
                published.lower_quartile if published else None,
                published.upper_quartile if published else None,
                tuple(c.value for c in cells if c.value is not None),
            )
        )
    return MetricPage(definition, rows, units, meta)
