"""The league table page and its downloads."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from leaguetables import queries
from leaguetables.models import League
from leaguetables.nof import leaves_out
from leaguetables.presentation import columns, tables
from leaguetables.presentation.filters import LeagueFilter
from leaguetables.presentation.league import DOMAINS, league_rows, segment_changes
from leaguetables.presentation.rows import QuarterRef, Source, TableMeta
from leaguetables.web.views.common import (
    HOME,
    check_page,
    download,
    league_quarter,
    render,
    wants_download,
)


def league_latest(request: HttpRequest, league: str) -> HttpResponse:
    try:
        found = queries.league(league)
    except League.DoesNotExist:
        raise Http404(f"No league {league!r}") from None
    quarter = queries.league_latest_quarter(found)
    if quarter is None:
        raise Http404("No results for this league yet")
    return redirect("league", league=found.slug, quarter=quarter.slug)


def league_table(request: HttpRequest, league: str, quarter: str) -> HttpResponse:
    league_obj, quarter_obj, quarters = league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    facets = queries.facets(league_obj, quarter_obj)
    filterset = LeagueFilter(
        request.GET,
        queryset=queries.league_table_base(league_obj, quarter_obj),
        regions=sorted({facet.region for facet in facets}),
        subtypes=sorted({facet.subtype for facet in facets}),
    )
    if not filterset.is_valid():
        raise BadRequest(f"Those filters are not possible: {filterset.errors_text()}")
    trust_quarters = queries.league_table(filterset.qs, league_obj, quarter_obj)
    notes = queries.notes_for(tq.pk for tq in trust_quarters)
    rows = league_rows(trust_quarters, notes, [facet.league_rank for facet in facets])
    table = tables.LeagueTable(rows)
    tables.order(table, request.GET.get(tables.SORT_PARAM))
    rows = tables.sorted_rows(table)
    illustrative = queries.is_illustrative()
    sources = [Source.of(record) for record in queries.sources(league_obj, quarter_obj)]
    if as_download:
        meta = TableMeta(
            "league", league_obj.slug, league_obj.name, QuarterRef.of(quarter_obj),
            tuple(sources), illustrative, {"filters": filterset.applied()},
        )  # fmt: skip
        name = f"{league_obj.slug}-{quarter_obj.slug}"
        return download(as_download, name, columns.LEAGUE_COLUMNS, rows, meta)
    return render(
        request,
        "league.jinja",
        {
            "league": league_obj,
            "leagues": queries.leagues(),
            "quarter": quarter_obj,
            "quarters": quarters,
            "rows": rows,
            "league_size": len(facets),
            "segment_changes": segment_changes([facet.segment_change for facet in facets]),
            "previous_quarter": next((q for q in quarters if q.key < quarter_obj.key), None),
            "headers": tables.headers(table, request.GET, {"average_score"}, filterset.filters),
            "sort_options": tables.sort_options(table, request.GET, "rank"),
            "applied": filterset.applied(),
            "domain_labels": DOMAINS,
            "filterset": filterset,
            "sort": request.GET.get(tables.SORT_PARAM, ""),
            "query": tables.known(request.GET, filterset.filters).urlencode(),
            "sources": sources,
            "data_quarter": quarter_obj,
            "illustrative": illustrative,
            "breadcrumbs": [HOME],
            "leaves_out": [
                (
                    league_obj.name,
                    leaves_out.left_out(
                        league_obj.slug, queries.metric_descriptions(league_obj, quarter_obj)
                    ),
                )
            ],
        },
    )
