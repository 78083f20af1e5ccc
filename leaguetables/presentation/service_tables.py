"""What a service table or a metric table reads, once for the page, its downloads and the API:
the metrics, every public row, their results and notes, and the table's metadata (sources,
caveats), so that the three cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leaguetables import queries
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.nof import metric_ids
from leaguetables.presentation import services as service_pages
from leaguetables.presentation.rows import Note, QuarterRef, Source, TableMeta


def table_meta(table: str, league: League, quarter: Quarter, **extra) -> TableMeta:
    sources = tuple(Source.of(record) for record in queries.sources(league, quarter))
    return TableMeta(table, league.slug, league.name, QuarterRef.of(quarter), sources,
                     queries.is_illustrative(), extra)  # fmt: skip


def notes_of(trust_quarters: Sequence[TrustQuarter]) -> dict[int, tuple[Note, ...]]:
    found = queries.notes_for(tq.pk for tq in trust_quarters)
    return {pk: tuple(Note.of(note) for note in notes) for pk, notes in found.items()}


@dataclass
class ServiceTable:
    page: service_pages.ServicePage
    services: dict[str, str]  # every service of the league-quarter: slug -> name
    caveats: dict[str, queries.StoredCaveat]  # the league's, by metric key


def service_table(league: League, quarter: Quarter, service: str) -> ServiceTable | None:
    """One service's table, or None where the league-quarter has no such service."""
    metrics = queries.league_metrics(league, quarter)
    known = service_pages.services(metrics)
    if service not in known:
        return None
    in_service = [m for m in metrics if m.sub_domain == known[service]]
    trust_quarters = queries.league_rows(league, quarter)
    caveats = queries.caveats_for(league)
    shown = sorted({metric_ids.metric_key(m.metric_id) for m in in_service})
    beside = {key: caveats[key].as_dict() for key in shown if key in caveats}
    meta = table_meta("service", league, quarter, service=known[service], caveats=beside)
    page = service_pages.service_page(
        known[service], in_service, trust_quarters,
        queries.results_for(league, quarter, in_service), notes_of(trust_quarters), meta,
        quarter.rules,
    )  # fmt: skip
    return ServiceTable(page, known, caveats)


@dataclass
class MetricTable:
    page: service_pages.MetricPage
    caveat: queries.StoredCaveat | None


def metric_table(league: League, quarter: Quarter, metric_id: str) -> MetricTable | None:
    """One metric's table, or None where the league-quarter has no such metric."""
    metrics = queries.metric_definitions(league, quarter, metric_id.upper())
    if not metrics:
        return None
    definition = service_pages.definitions(metrics)[0]
    trust_quarters = queries.league_rows(league, quarter)
    caveat = queries.caveats_for(league).get(definition.key)
    meta = table_meta("metric", league, quarter, metric=definition.key,
                      caveat=caveat.as_dict() if caveat else None)  # fmt: skip
    page = service_pages.metric_page(
        definition, trust_quarters, queries.results_for(league, quarter, metrics),
        notes_of(trust_quarters), meta,
    )  # fmt: skip
    return MetricTable(page, caveat)
