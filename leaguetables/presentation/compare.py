"""Two to four trusts of one league side by side: segment, rank and likely range, notes,
domain segments, every metric's value and score beside the league median, and history. Typed
rows only; a fixed number of reads however many trusts (queries.compare)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from leaguetables import queries
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.nof.cells import ODS_CODE
from leaguetables.presentation.league import DOMAINS, LeagueRow, league_row
from leaguetables.presentation.rows import QuarterRef, Source, TableMeta
from leaguetables.presentation.services import (
    MetricCell,
    MetricDefinition,
    definitions,
    metric_cell,
)
from leaguetables.presentation.trust import HistoryRow
from leaguetables.presentation.trust import _history_row as history_row
from leaguetables.queries import StoredCaveat

FEWEST, MOST = 2, 4
SEPARATORS = re.compile(r"[\s,;]+")


class NotComparable(ValueError):
    """A request the page cannot answer (a 400), said in plain words."""


class NoSuchQuarter(LookupError):
    """A quarter none of the trusts was published in (a 404, as on every other page)."""


def trust_codes(values: Sequence[str]) -> list[str]:
    """The ODS codes of a `trusts=` query (one or more, comma- or space-separated), upper case,
    each once, in the order given."""
    codes: list[str] = []
    for value in values:
        for code in SEPARATORS.split(value.strip().upper()):
            if code and code not in codes:
                codes.append(code)
    if len(codes) < FEWEST or len(codes) > MOST:
        raise NotComparable(
            f"Choose {FEWEST} to {MOST} trusts of one league to compare, by their ODS codes "
            f"(for example ?trusts=RXG,RYY); this address names {len(codes)}."
        )
    malformed = [code for code in codes if not ODS_CODE.match(code)]
    if malformed:
        raise NotComparable(
            f"{', '.join(c[:12] for c in malformed)} is not an ODS code (3 to 5 letters or digits)."
        )
    return codes


@dataclass(frozen=True)
class ComparedTrust:
    row: LeagueRow
    history: dict[str, HistoryRow]  # by quarter slug


@dataclass(frozen=True)
class ComparedMetric:
    definition: MetricDefinition
    cells: tuple[MetricCell, ...]  # one per trust, in the page's order
    score_median: float | None  # median of every trust's score in the league that quarter
    caveat: StoredCaveat | None

    @property
    def value_medians(self) -> list[tuple[str, float | None, float | None, float | None]]:
        """Each unit's published league median and quartiles (the same on every trust's row)."""
        found = []
        for index, metric in enumerate(self.definition.values):
            cell = next((c.values[index] for c in self.cells if c.values[index].median
                         is not None), self.cells[0].values[index])  # fmt: skip
            found.append((metric.units, cell.median, cell.lower_quartile, cell.upper_quartile))
        return found


@dataclass
class ComparePage:
    codes: list[str]
    league_slug: str
    league_name: str
    quarter: QuarterRef
    quarters: list[QuarterRef]  # every quarter all of them were published in, newest first
    trusts: list[ComparedTrust]
    metrics: list[ComparedMetric]
    history_quarters: list[QuarterRef]  # every quarter any of them was published in, oldest first
    meta: TableMeta

    @property
    def grouped(self) -> dict[str, list[ComparedMetric]]:
        found: dict[str, list[ComparedMetric]] = {}
        for metric in self.metrics:
            found.setdefault(metric.definition.domain, []).append(metric)
        return found

    @property
    def domains(self) -> list[tuple[str, str, list[int | None]]]:
        return [(name, short, [t.row.domain_segments[i] for t in self.trusts])
                for i, (name, short) in enumerate(DOMAINS)]  # fmt: skip


def _choose_quarter(
    by_trust: dict[str, dict[str, TrustQuarter]], codes: Sequence[str], slug: str | None
) -> tuple[Quarter, list[Quarter]]:
    shared = set.intersection(*(set(by_trust[code]) for code in codes))
    every = {tq.quarter for rows in by_trust.values() for tq in rows.values()}
    quarters = sorted((q for q in every if q.slug in shared), key=lambda q: q.key, reverse=True)
    if slug is None:
        if not quarters:
            raise NotComparable("These trusts were never published in the same quarter.")
        return quarters[0], quarters
    for quarter in quarters:
        if quarter.slug == slug:
            return quarter, quarters
    if slug not in {q.slug for q in every}:
        raise NoSuchQuarter(slug)
    missing = [code for code in codes if slug not in by_trust[code]]
    raise NotComparable(
        f"{', '.join(missing) or 'These trusts'}: no published row for {slug[:20]}. "
        f"Quarters they share: {', '.join(q.label for q in quarters) or 'none'}."
    )


def build(values: Sequence[str], quarter_slug: str | None, *, illustrative: bool) -> ComparePage:
    codes = trust_codes(values)
    trusts = {trust.ods_code: trust for trust in queries.compared_trusts(codes)}
    unknown = [code for code in codes if code not in trusts]
    if unknown:
        raise NotComparable(f"No published trust has the ODS code {', '.join(unknown)}.")
    leagues = {trust.league_id for trust in trusts.values()}
    if len(leagues) > 1:
        named = "; ".join(f"{code} is in {trusts[code].league.name.lower()}" for code in codes)
        raise NotComparable(
            f"Only trusts of one league can be compared, as NHS England ranks each league "
            f"separately: {named}."
        )
    league: League = trusts[codes[0]].league
    by_trust: dict[str, dict[str, TrustQuarter]] = {code: {} for code in codes}
    for tq in queries.compared_histories(list(trusts.values())):
        by_trust[tq.trust.ods_code][tq.quarter.slug] = tq
    quarter, quarters = _choose_quarter(by_trust, codes, quarter_slug)
    shown = [by_trust[code][quarter.slug] for code in codes]
    ranks = [facet.league_rank for facet in queries.facets(league, quarter)]
    ties = Counter(rank for rank in ranks if rank is not None)
    trust_rows = [
        ComparedTrust(
            league_row(tq, size=len(ranks), tied=ties[tq.league_rank] > 1, notes=tq.notes.all()),
            {slug: history_row(row) for slug, row in by_trust[tq.trust.ods_code].items()},
        )
        for tq in shown
    ]
    metrics = queries.league_metrics(league, quarter)
    results = queries.compared_results(shown, metrics)
    scores = queries.league_scores(league, quarter)
    caveats = queries.caveats_for(league)
    compared = []
    for definition in definitions(metrics):
        cells = tuple(metric_cell(definition, results.get(tq.pk, {})) for tq in shown)
        if not any(cell.published for cell in cells):
            continue
        league_scores = scores.get(definition.score.metric_id, []) if definition.score else []
        compared.append(ComparedMetric(
            definition, cells,
            statistics.median(league_scores) if league_scores else None,
            caveats.get(definition.key),
        ))  # fmt: skip
    history_quarters = sorted({tq.quarter for rows in by_trust.values() for tq in rows.values()},
                              key=lambda q: q.key)  # fmt: skip
    sources = tuple(Source.of(record) for record in queries.sources(league, quarter))
    return ComparePage(
        codes=codes,
        league_slug=league.slug,
        league_name=league.name,
        quarter=QuarterRef.of(quarter),
        quarters=[QuarterRef.of(q) for q in quarters],
        trusts=trust_rows,
        metrics=compared,
        history_quarters=[QuarterRef.of(q) for q in history_quarters],
        meta=TableMeta(
            "compare",
            league.slug,
            league.name,
            QuarterRef.of(quarter),
            sources,
            illustrative,
            {"trusts": codes},
        ),  # fmt: skip
    )


@dataclass(frozen=True)
class CompareRow:
    """One downloaded row: one trust on one metric in one unit (or its score alone)."""

    trust: ComparedTrust
    metric: ComparedMetric
    cell: MetricCell
    unit: int | None  # index into the metric's units; None for a score-only metric

    @property
    def value(self):
        return self.cell.values[self.unit] if self.unit is not None else None

    @property
    def median(self) -> float | None:
        return self.value.median if self.value else None


def download_rows(page: ComparePage) -> list[CompareRow]:
    """Trust by trust, metric by metric, unit by unit, as the page shows them."""
    return [
        CompareRow(trust, metric, metric.cells[index], unit)
        for index, trust in enumerate(page.trusts)
        for metric in page.metrics
        for unit in (range(len(metric.definition.values)) or [None])
    ]
