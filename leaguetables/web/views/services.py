"""Service and metric tables: every trust of a league on one service or one metric."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from leaguetables import queries
from leaguetables.models import League, Quarter
from leaguetables.nof import metric_ids
from leaguetables.presentation import columns, tables
from leaguetables.presentation import services as service_pages
from leaguetables.presentation.rows import Note, QuarterRef, Source, TableMeta
from leaguetables.web.views.common import (
    check_page,
    download,
    league_crumbs,
    league_quarter,
    render,
    wants_download,
)


def _meta(table: str, league: League, quarter: Quarter, illustrative: bool, **extra) -> TableMeta:
    sources = tuple(Source.of(record) for record in queries.sources(league, quarter))
    return TableMeta(table, league.slug, league.name, QuarterRef.of(quarter), sources,
                     illustrative, extra)  # fmt: skip


def _notes(trust_quarters) -> dict[int, tuple[Note, ...]]:
    found = queries.notes_for(tq.pk for tq in trust_quarters)
    return {pk: tuple(Note.of(note) for note in notes) for pk, notes in found.items()}


def service_table(request: HttpRequest, league: str, quarter: str, service: str) -> HttpResponse:
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    metrics = queries.league_metrics(league_obj, quarter_obj)
    known = service_pages.services(metrics)
    if service not in known:
        raise Http404(f"No service {service!r} in this league and quarter")
    in_service = [m for m in metrics if m.sub_domain == known[service]]
    trust_quarters = queries.league_rows(league_obj, quarter_obj)
    illustrative = queries.is_illustrative()
    caveats = queries.caveats_for(league_obj)
    page = service_pages.service_page(
        known[service],
        in_service,
        trust_quarters,
        queries.results_for(league_obj, quarter_obj, in_service),
        _notes(trust_quarters),
        _meta(
            "service",
            league_obj,
            quarter_obj,
            illustrative,
            service=known[service],
            caveats={
                key: caveats[key].as_dict()
                for key in sorted({metric_ids.metric_key(m.metric_id) for m in in_service})
                if key in caveats
            },
        ),
        quarter_obj.rules,
    )
    spec = [
        ("service_rank", f"Rank on {page.service.lower()}"),
        ("trust", "Trust"),
        ("service_score", "Service score"),
        ("league_rank", "League rank"),
    ]
    sort = request.GET.get(tables.SORT_PARAM) or "service_rank"
    table_class = tables.dynamic_table(spec)
    ordered = []
    for group in (page.ranked, page.unranked, page.not_scored):
        table = table_class(group)
        tables.order(table, sort)
        ordered.append(tables.sorted_rows(table))
    page.ranked, page.unranked, page.not_scored = ordered
    if as_download:
        rows = [*page.ranked, *page.unranked, *page.not_scored]
        name = f"{league_obj.slug}-{quarter_obj.slug}-{service}"
        return download(as_download, name, columns.service_columns(page.definitions), rows,
                        page.meta)  # fmt: skip
    return render(request, "service.jinja", {
        "league": league_obj, "quarter": quarter_obj, "page": page, "services": known,
        "headers": tables.headers(table, request.GET),
        "sort_options": tables.sort_options(table, request.GET, "service_rank"),
        "query": tables.known(request.GET).urlencode(), "data_period": quarter_obj.label,
        "published_on": quarter_obj.published_on,
        "restated_on": quarter_obj.restated_on, "sources": page.meta.sources,
        "illustrative": illustrative, "breadcrumbs": league_crumbs(league_obj, quarter_obj),
        "caveats": caveats,
    })  # fmt: skip


def metric_table(request: HttpRequest, league: str, quarter: str, metric_id: str) -> HttpResponse:
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    metrics = queries.metric_definitions(league_obj, quarter_obj, metric_id.upper())
    if not metrics:
        raise Http404(f"No metric {metric_id!r} in this league and quarter")
    definition = service_pages.definitions(metrics)[0]
    trust_quarters = queries.league_rows(league_obj, quarter_obj)
    illustrative = queries.is_illustrative()
    caveat = queries.caveats_for(league_obj).get(definition.key)
    page = service_pages.metric_page(
        definition,
        trust_quarters,
        queries.results_for(league_obj, quarter_obj, metrics),
        _notes(trust_quarters),
        _meta(
            "metric",
            league_obj,
            quarter_obj,
            illustrative,
            metric=definition.key,
            caveat=caveat.as_dict() if caveat else None,
        ),
    )
    table = tables.dynamic_table(
        [("rank", "Rank"), ("trust", "Trust"), ("value", "Value"), ("score", "Score")]
    )(page.rows)
    tables.order(table, request.GET.get(tables.SORT_PARAM) or "rank")
    page.rows = tables.sorted_rows(table)
    if as_download:
        name = f"{league_obj.slug}-{quarter_obj.slug}-{definition.key}"
        return download(as_download, name, columns.metric_columns(definition), page.rows,
                        page.meta)  # fmt: skip
    return render(request, "metric.jinja", {
        "league": league_obj, "quarter": quarter_obj, "page": page,
        "metric": definition, "needs_plotly": any(u.values for u in page.units),
        "headers": tables.headers(table, request.GET),
        "query": tables.known(request.GET).urlencode(),
        "sort_options": tables.sort_options(table, request.GET, "rank"),
        "data_period": quarter_obj.label, "published_on": quarter_obj.published_on,
        "restated_on": quarter_obj.restated_on,
        "service_slug": service_pages.slugify(definition.sub_domain),
        "sources": page.meta.sources, "illustrative": illustrative,
        "breadcrumbs": league_crumbs(league_obj, quarter_obj), "caveat": caveat,
    })  # fmt: skip
