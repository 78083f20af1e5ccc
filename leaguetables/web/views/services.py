"""Service and metric tables: every trust of a league on one service or one metric."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from leaguetables.presentation import columns, service_tables, tables
from leaguetables.presentation import services as service_pages
from leaguetables.web.views.common import (
    check_page,
    download,
    league_crumbs,
    league_quarter,
    render,
    wants_download,
)


def service_table(request: HttpRequest, league: str, quarter: str, service: str) -> HttpResponse:
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    found = service_tables.service_table(league_obj, quarter_obj, service)
    if found is None:
        raise Http404(f"No service {service!r} in this league and quarter")
    page, known = found.page, found.services
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
        "query": tables.known(request.GET).urlencode(), "data_quarter": quarter_obj,
        "sources": page.meta.sources,
        "illustrative": page.meta.illustrative,
        "breadcrumbs": league_crumbs(league_obj, quarter_obj), "caveats": found.caveats,
    })  # fmt: skip


def metric_table(request: HttpRequest, league: str, quarter: str, metric_id: str) -> HttpResponse:
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    found = service_tables.metric_table(league_obj, quarter_obj, metric_id)
    if found is None:
        raise Http404(f"No metric {metric_id!r} in this league and quarter")
    page, definition = found.page, found.page.definition
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
        "data_quarter": quarter_obj,
        "service_slug": service_pages.slugify(definition.sub_domain),
        "sources": page.meta.sources, "illustrative": page.meta.illustrative,
        "breadcrumbs": league_crumbs(league_obj, quarter_obj), "caveat": found.caveat,
    })  # fmt: skip
