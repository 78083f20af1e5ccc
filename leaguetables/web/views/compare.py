"""Two to four trusts of one league side by side, and its download."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

from leaguetables import queries
from leaguetables.presentation import columns
from leaguetables.presentation import compare as compare_page
from leaguetables.web.views.common import HOME, check_page, download, render, wants_download


def compare(request: HttpRequest) -> HttpResponse:
    check_page(request)
    as_download = wants_download(request)
    # ?trusts=A,B and ?trusts=A&trusts=B (a form's checkboxes) both name trusts.
    named = request.GET.getlist("trusts")
    try:
        page = compare_page.build(
            named, request.GET.get("quarter") or None, illustrative=queries.is_illustrative()
        )
    except compare_page.NotComparable as refused:
        raise BadRequest(str(refused)) from None
    except compare_page.NoSuchQuarter:
        raise Http404("None of these trusts was published in that quarter") from None
    if as_download:
        name = f"compare-{'-'.join(page.codes)}-{page.quarter.slug}"
        return download(as_download, name, columns.COMPARE_COLUMNS,
                        compare_page.download_rows(page), page.meta)  # fmt: skip
    query = f"trusts={','.join(page.codes)}&quarter={page.quarter.slug}"
    return render(request, "compare.jinja", {
        "page": page, "query": query, "sources": page.meta.sources,
        "data_quarter": page.quarter,
        "illustrative": page.meta.illustrative,
        "breadcrumbs": [HOME, {"text": f"{page.league_name}, {page.quarter.label}",
                               "href": f"/leagues/{page.league_slug}/{page.quarter.slug}/"}],
    })  # fmt: skip
