"""The home page, trust search, the about pages and the error pages."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from leaguetables import queries
from leaguetables.presentation import about as about_pages
from leaguetables.presentation import data_page, leaves_out
from leaguetables.presentation.search import SearchPage
from leaguetables.presentation.search import search as search_results
from leaguetables.web.views.common import HOME, WithdrawnRelease, render
from leaguetables.web.views.releases import withdrawn_page

ABOUT_PAGES = ("index", "methodology", "reading", "data")
SEARCH_LIMIT = 100


def home(request: HttpRequest) -> HttpResponse:
    latest = queries.latest_quarters()
    leagues = queries.leagues()
    return render(
        request, "home.jinja", {"leagues": [(league, latest.get(league.pk)) for league in leagues]}
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:SEARCH_LIMIT]
    page = search_results(query) if query else SearchPage([])
    found = page.found
    if query and len(found) == 1 and found[0].code.lower() == query.lower():
        return redirect("trust-latest", code=found[0].code)
    return render(request, "search.jinja", {"query": query, "page": page, "found": found,
                                            "breadcrumbs": [HOME]})  # fmt: skip


def about(request: HttpRequest, page: str = "index") -> HttpResponse:
    if page not in ABOUT_PAGES:
        raise Http404("No such page")
    crumbs = [HOME]
    if page != "index":
        crumbs.append({"text": "About", "href": "/about/"})
    context: dict = {"breadcrumbs": crumbs}
    if page in ("methodology", "reading"):
        context["facts"] = about_pages.site_facts()
    if page == "index":
        context["leaves_out"] = leaves_out.every_league()
    if page == "data":
        context.update(data_page.data_page())
    return render(request, f"about/{page}.jinja", context)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a query string we cannot honour (a sort or filter value that is not ours)."""
    message = str(exception) if isinstance(exception, BadRequest) else "That request is not valid."
    return render(
        request, "error.jinja", {"title": "We cannot show that", "message": message}, status=400
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, WithdrawnRelease):
        return withdrawn_page(request, exception.release)
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
