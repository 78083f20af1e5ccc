"""A trust's page, for its latest quarter or any other, and its download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from leaguetables import queries
from leaguetables.models import Quarter, Trust, TrustQuarter
from leaguetables.presentation import columns
from leaguetables.presentation import trust as trust_page
from leaguetables.web.views.common import (
    HOME,
    check_page,
    check_withdrawn,
    download,
    render,
    wants_download,
)


def trust(request: HttpRequest, code: str, quarter: str | None = None) -> HttpResponse:
    try:
        trust_obj, tq, history = trust_page.load(code, quarter)
    except (Trust.DoesNotExist, TrustQuarter.DoesNotExist):
        if quarter is not None and (league := queries.league_of_trust(code)) is not None:
            try:
                year, number = Quarter.parse_slug(quarter)
            except ValueError:
                raise Http404("No such quarter") from None
            check_withdrawn(league, year, number)
        raise Http404("No such trust or quarter") from None
    if trust_obj.ods_code != code:
        return redirect("trust", code=trust_obj.ods_code, quarter=tq.quarter.slug)
    check_page(request)
    as_download = wants_download(request)
    illustrative = queries.is_illustrative()
    page = trust_page.build(
        trust_obj, tq, history, illustrative=illustrative, charts_wanted=not as_download
    )
    if as_download:
        rows = [
            trust_page.TrustMetricRow(page, line, value)
            for services in page.grouped.values()
            for lines in services.values()
            for line in lines
            for value in (line.values or [None])
        ]
        name = f"{trust_obj.ods_code}-{tq.quarter.slug}"
        return download(as_download, name, columns.TRUST_METRIC_COLUMNS, rows, page.meta)
    return render(
        request,
        "trust.jinja",
        {
            "page": page,
            "row": page.row,
            "quarter": tq.quarter,
            "league": tq.league,
            "needs_plotly": True,
            "data_quarter": tq.quarter,
            "sources": page.meta.sources,
            "query": "",  # the page reads no parameters: its links carry none
            "illustrative": illustrative,
            "breadcrumbs": [
                HOME,
                {
                    "text": f"{tq.league.name}, {tq.quarter.label}",
                    "href": f"/leagues/{tq.league.slug}/{tq.quarter.slug}/",
                },
            ],
        },
    )
