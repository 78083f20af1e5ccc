"""Small views: read the request, load, call a page builder, render or download."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string

from leaguetables.models import League, Metric, Quarter, Trust, TrustQuarter
from leaguetables.presentation import exports as presenters
from leaguetables.presentation import league as pages
from leaguetables.presentation import services as service_pages
from leaguetables.presentation import tables
from leaguetables.presentation import trust as trust_page
from leaguetables.presentation.filters import LeagueFilter

DOWNLOADS = ("csv", "json")


def render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("illustrative", pages.is_illustrative())
    return HttpResponse(render_to_string(template, context, request=request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a query string we cannot honour (a sort or filter value that is not ours)."""
    message = str(exception) if isinstance(exception, BadRequest) else "That request is not valid."
    return render(
        request, "error.jinja", {"title": "We cannot show that", "message": message}, status=400
    )


def get_league_quarter(league_slug: str, quarter_slug: str) -> tuple[League, Quarter]:
    league = get_object_or_404(League, slug=league_slug)
    try:
        quarter = Quarter.objects.for_slug(quarter_slug)
    except (ValueError, Quarter.DoesNotExist):
        raise Http404(f"No quarter {quarter_slug!r}") from None
    return league, quarter


def check_page(request: HttpRequest) -> None:
    """Every table shows all its rows on one page: only page 1 exists."""
    page = request.GET.get("page")
    if page not in (None, "", "1"):
        raise Http404("This table has one page")


def download(request: HttpRequest, name: str, rows: list[dict], columns, meta: dict):
    kind = request.GET.get("download")
    if kind == "csv":
        response = HttpResponse(presenters.to_csv(rows, columns), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(presenters.to_json(rows, meta), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


def wants_download(request: HttpRequest) -> bool:
    kind = request.GET.get("download")
    if kind is not None and kind not in DOWNLOADS:
        raise Http404("Downloads are ?download=csv or ?download=json")
    return kind is not None


def home(request: HttpRequest) -> HttpResponse:
    leagues = list(League.objects.all())
    latest = {}
    for tq in (
        TrustQuarter.objects.order_by("league_id", "-quarter__financial_year", "-quarter__quarter")
        .select_related("quarter")
        .only("league_id", "quarter")
    ):
        latest.setdefault(tq.league_id, tq.quarter)
    return render(
        request,
        "home.jinja",
        {"leagues": [(league, latest.get(league.pk)) for league in leagues]},
    )


def league_latest(request: HttpRequest, league: str) -> HttpResponse:
    found = get_object_or_404(League, slug=league)
    tq = (
        TrustQuarter.objects.filter(league=found)
        .order_by("-quarter__financial_year", "-quarter__quarter")
        .select_related("quarter")
        .first()
    )
    if tq is None:
        raise Http404("No results for this league yet")
    return redirect("league", league=found.slug, quarter=tq.quarter.slug)


LEAGUE_ROW_FIELDS = (
    "name", "region", "subtype", "average_score", "unadjusted_segment", "adjusted_segment",
    "final_segment", "financial_override_applied", "league_rank", "published_rank_low",
    "published_rank_high", "likely_rank_low", "likely_rank_high", "rank_without_override",
    "metrics_scored", "previous_rank", "previous_segment", "trust", "quarter",
    "movement_beyond_noise", "segment_probabilities", "segment_change", "domain_segments",
)  # fmt: skip


def league_table(request: HttpRequest, league: str, quarter: str) -> HttpResponse:
    league_obj, quarter_obj = get_league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    base = TrustQuarter.objects.in_league(league_obj, quarter_obj)
    facets = list(base.values_list("region", "subtype", "segment_change"))
    if not facets:
        raise Http404(f"No {league_obj.name.lower()} results for {quarter_obj.label}")
    filterset = LeagueFilter(
        request.GET,
        queryset=base,
        regions=sorted({facet[0] for facet in facets}),
        subtypes=sorted({facet[1] for facet in facets}),
    )
    if not filterset.is_valid():
        raise BadRequest(f"Those filters are not possible: {filterset.errors_text()}")
    trust_quarters = list(
        filterset.qs.ranked()
        .select_related("trust", "quarter")
        .only(*LEAGUE_ROW_FIELDS, "trust__ods_code", "quarter__financial_year", "quarter__quarter")
    )
    rows = pages.league_rows(trust_quarters)
    for row in rows:
        row["tied"] = row["rank"].startswith("=")
    table = tables.LeagueTable(rows)
    tables.order(table, request.GET.get(tables.SORT_PARAM))
    rows = tables.sorted_rows(table)
    if as_download:
        return download(
            request,
            f"{league_obj.slug}-{quarter_obj.slug}",
            [pages.league_download_row(row) for row in rows],
            pages.LEAGUE_DOWNLOAD_COLUMNS,
            {
                "league": league_obj.slug,
                "quarter": quarter_obj.slug,
                "filters": {k: v for k, v in request.GET.items() if k != "download"},
            },
        )
    quarters = list(
        Quarter.objects.filter(trust_quarters__league=league_obj)
        .distinct()
        .order_by("-financial_year", "-quarter")
    )
    return render(
        request,
        "league.jinja",
        {
            "league": league_obj,
            "leagues": list(League.objects.all()),
            "quarter": quarter_obj,
            "quarters": quarters,
            "rows": rows,
            "league_size": len(facets),
            "segment_changes": pages.segment_changes([facet[2] for facet in facets]),
            "previous_quarter": next(
                (
                    q
                    for q in quarters
                    if (q.financial_year, q.quarter)
                    < (quarter_obj.financial_year, quarter_obj.quarter)
                ),
                None,
            ),
            "headers": tables.headers(table, request.GET, {"average_score"}),
            "domain_labels": pages.DOMAINS,
            "filterset": filterset,
            "sort": request.GET.get(tables.SORT_PARAM, ""),
            "query": request.GET.urlencode(),
            "sources": pages.sources(league_obj, quarter_obj),
            "data_period": quarter_obj.label,
            "published_on": pages.published_text(quarter_obj),
            "breadcrumbs": [{"text": "Home", "href": "/"}],
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    trusts = Trust.objects.select_related("league")
    if query:
        trusts = trusts.filter(pages.search_filter(query)).distinct()
    found = list(trusts.order_by("name")[:200])
    if query and len(found) == 1 and found[0].ods_code.lower() == query.lower():
        return redirect("trust-latest", code=found[0].ods_code)
    return render(
        request,
        "search.jinja",
        {"query": query, "trusts": found, "breadcrumbs": [{"text": "Home", "href": "/"}]},
    )


def about(request: HttpRequest, page: str = "index") -> HttpResponse:
    if page not in ("index", "methodology", "reading", "data"):
        raise Http404("No such page")
    crumbs = [{"text": "Home", "href": "/"}]
    if page != "index":
        crumbs.append({"text": "About", "href": "/about/"})
    return render(request, f"about/{page}.jinja", {"breadcrumbs": crumbs})


TRUST_DOWNLOAD_COLUMNS = (
    "Quarter", "Trust_code", "Trust_name", "Domain", "Service", "Metric_ID", "Metric",
    "Reporting_period", "Units", "Value", "League_median", "Lower_quartile", "Upper_quartile",
    "Published_rank", "Score", "Counts_towards_average", "Context_notes",
)  # fmt: skip


def trust(request: HttpRequest, code: str, quarter: str | None = None) -> HttpResponse:
    try:
        trust_obj, tq, history = trust_page.load(code, quarter)
    except (Trust.DoesNotExist, TrustQuarter.DoesNotExist):
        raise Http404("No such trust or quarter") from None
    if trust_obj.ods_code != code:
        return redirect("trust", code=trust_obj.ods_code, quarter=tq.quarter.slug)
    check_page(request)
    as_download = wants_download(request)
    context = trust_page.build(trust_obj, tq, history)
    if as_download:
        notes = pages.notes_cell(context["notes"])
        rows = []
        for services in context["grouped"].values():
            for lines in services.values():
                for line in lines:
                    rows.append(trust_page.download_row(tq, line, notes))
        return download(
            request, f"{trust_obj.ods_code}-{tq.quarter.slug}", rows, TRUST_DOWNLOAD_COLUMNS,
            {"trust": trust_obj.ods_code, "quarter": tq.quarter.slug,
             "context_notes": context["notes"]},
        )  # fmt: skip
    context.update(
        needs_plotly=True,
        data_period=tq.quarter.label,
        published_on=pages.published_text(tq.quarter),
        sources=pages.sources(tq.league, tq.quarter),
        query=request.GET.urlencode(),
        breadcrumbs=[
            {"text": "Home", "href": "/"},
            {
                "text": f"{tq.league.name}, {tq.quarter.label}",
                "href": f"/leagues/{tq.league.slug}/{tq.quarter.slug}/",
            },
        ],
    )
    return render(request, "trust.jinja", context)


def service_table(request: HttpRequest, league: str, quarter: str, service: str) -> HttpResponse:
    league_obj, quarter_obj = get_league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    known = service_pages.services(league_obj, quarter_obj)
    if service not in known:
        raise Http404(f"No service {service!r} in this league and quarter")
    name = known[service]
    rows, columns = service_pages.service_rows(league_obj, quarter_obj, name)
    spec = [
        ("service_rank", f"Rank on {name.lower()}"),
        ("trust", "Trust"),
        ("service_score", "Service score"),
        ("league_rank", "League rank"),
    ]
    spec += [(f"m_{key}", metric.description) for key, metric in columns.items()]
    table = tables.dynamic_table(spec)(rows)
    tables.order(table, request.GET.get(tables.SORT_PARAM) or "service_rank")
    rows = tables.sorted_rows(table)
    notes = service_pages.notes_by_trust(league_obj, quarter_obj)
    if as_download:
        columns_out = [
            "Rank_on_service",
            "Trust_code",
            "Trust_name",
            "Service_score",
            "League_rank",
        ]
        out = []
        for row in rows:
            item = {
                "Rank_on_service": row["service_rank"],
                "Trust_code": row["code"],
                "Trust_name": row["trust"],
                "Service_score": row["service_score"],
                "League_rank": row["league_rank"],
            }
            for key in columns:
                cell = row["metrics"][key]
                item[f"{key}_value"] = "" if cell.get("value") is None else cell["value"]
                item[f"{key}_units"] = cell.get("units", "")
                item[f"{key}_period"] = cell.get("period", "")
                item[f"{key}_score"] = "" if cell.get("score") is None else cell["score"]
            item["Context_notes"] = notes.get(row["code"], "")
            out.append(item)
        for key in columns:
            columns_out += [f"{key}_value", f"{key}_units", f"{key}_period", f"{key}_score"]
        columns_out.append("Context_notes")
        return download(
            request,
            f"{league_obj.slug}-{quarter_obj.slug}-{service}",
            out,
            columns_out,
            {"league": league_obj.slug, "quarter": quarter_obj.slug, "service": name},
        )
    return render(request, "service.jinja", {
        "league": league_obj, "quarter": quarter_obj, "service": name, "service_slug": service,
        "services": known, "rows": rows, "columns": columns, "notes": notes,
        "headers": tables.headers(table, request.GET),
        "query": request.GET.urlencode(), "data_period": quarter_obj.label,
        "published_on": pages.published_text(quarter_obj),
        "sources": pages.sources(league_obj, quarter_obj),
        "breadcrumbs": [{"text": "Home", "href": "/"}, {
            "text": f"{league_obj.name}, {quarter_obj.label}",
            "href": f"/leagues/{league_obj.slug}/{quarter_obj.slug}/"}],
    })  # fmt: skip


def metric_table(request: HttpRequest, league: str, quarter: str, metric_id: str) -> HttpResponse:
    league_obj, quarter_obj = get_league_quarter(league, quarter)
    check_page(request)
    as_download = wants_download(request)
    try:
        metric = service_pages.metric_for(metric_id)
    except Metric.DoesNotExist:
        raise Http404(f"No metric {metric_id!r}") from None
    rows, summary, figure = service_pages.metric_rows(league_obj, quarter_obj, metric)
    if not any(row["has_result"] for row in rows):
        raise Http404(f"{metric.metric_id} has no results in this league and quarter")
    table = tables.dynamic_table(
        [("rank", "Rank"), ("trust", "Trust"), ("value", "Value"), ("score", "Score")]
    )(rows)
    tables.order(table, request.GET.get(tables.SORT_PARAM) or "rank")
    rows = tables.sorted_rows(table)
    notes = service_pages.notes_by_trust(league_obj, quarter_obj)
    if as_download:
        out = [
            {
                "Rank": row["rank"],
                "Trust_code": row["code"],
                "Trust_name": row["trust"],
                "Value": row["value"],
                "Units": row["units"],
                "Reporting_period": row["period"],
                "Score": row["score"],
                "Context_notes": notes.get(row["code"], ""),
            }
            for row in rows
        ]
        return download(
            request,
            f"{league_obj.slug}-{quarter_obj.slug}-{metric.metric_id}",
            out,
            [
                "Rank",
                "Trust_code",
                "Trust_name",
                "Value",
                "Units",
                "Reporting_period",
                "Score",
                "Context_notes",
            ],
            {"league": league_obj.slug, "quarter": quarter_obj.slug, "metric": metric.metric_id},
        )
    return render(request, "metric.jinja", {
        "league": league_obj, "quarter": quarter_obj, "metric": metric, "rows": rows,
        "summary": summary, "figure": figure, "needs_plotly": figure is not None,
        "headers": tables.headers(table, request.GET), "notes": notes,
        "query": request.GET.urlencode(), "data_period": quarter_obj.label,
        "published_on": pages.published_text(quarter_obj),
        "service_slug": pages.service_slug(metric.sub_domain),
        "sources": pages.sources(league_obj, quarter_obj),
        "breadcrumbs": [{"text": "Home", "href": "/"}, {
            "text": f"{league_obj.name}, {quarter_obj.label}",
            "href": f"/leagues/{league_obj.slug}/{quarter_obj.slug}/"}],
    })  # fmt: skip


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = "There is no page at this address. It may have moved, or the link may be wrong."
    return render(request, "error.jinja", {"title": "Page not found", "message": message},
                  status=404)  # fmt: skip


def server_error(request: HttpRequest) -> HttpResponse:
    # No database reads here: the database may be why we are here.
    html = render_to_string(
        "error.jinja",
        {"title": "Sorry, there is a problem with the service", "illustrative": False,
         "message": "Try again later."},
    )  # fmt: skip
    return HttpResponse(html, status=500)
