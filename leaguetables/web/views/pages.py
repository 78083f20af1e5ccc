"""The home page, trust search, the about pages and the error pages."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from leaguetables import queries
from leaguetables.presentation import about as about_pages
from leaguetables.presentation import data_page, leaves_out
from leaguetables.presentation.league import what_changed
from leaguetables.presentation.search import SearchPage
from leaguetables.presentation.search import search as search_results
from leaguetables.web.views.common import HOME, WithdrawnRelease, render
from leaguetables.web.views.releases import withdrawn_page

ABOUT_PAGES = ("index", "methodology", "reading", "data")
SEARCH_LIMIT = 100


def home(request: HttpRequest) -> HttpResponse:
    latest = queries.latest_quarters()
    leagues = queries.leagues()
    return render(request, "home.jinja", {
        "leagues": [(league, latest.get(league.pk)) for league in leagues],
        "changed": what_changed(leagues, latest, queries.latest_changes(latest)),
    })  # fmt: skip


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:SEARCH_LIMIT]
    page = search_results(query) if query else SearchPage([])
    found = page.found
    if query and len(found) == 1 and found[0].code.lower() == query.lower():
        return redirect("trust-latest", code=found[0].code)
    return render(request, "search.jinja", {"query": query, "page": page, "found": found,
                                            "examples": queries.search_examples(),
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


def _error(request: HttpRequest, status: int, title: str, message: str, next_steps: str = ""):
    return render(request, "error.jinja", {"title": title, "message": message,
                  "next_steps": next_steps, "status": status}, status=status)  # fmt: skip


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a query string we cannot honour (a sort, filter or download that is not
    ours); the message names what we can do instead."""
    message = str(exception) if isinstance(exception, BadRequest) else "That request is not valid."
    steps = "Check the address, or go back and choose from the page's own links."
    return _error(request, 400, "We cannot show that", message, steps)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: a page for editors or a trust's own team."""
    message = (
        str(exception)
        if isinstance(exception, PermissionDenied) and str(exception)
        else "This page is only for the site's editors or a trust's own team."
    )
    steps = "If you are on a trust's team or an editor, sign in with your own account."
    return _error(request, 403, "You cannot see this page", message, steps)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old tab, or cookies blocked): a 403 in words."""
    return _error(request, 403, "Your form could not be sent",
                  "The page the form was on had expired, or your browser blocked this site's "
                  "cookies.", "Go back, reload the page and send the form again.")  # fmt: skip


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, WithdrawnRelease):
        return withdrawn_page(request, exception.release)
    return _error(request, 404, "Page not found",
                  "There is no page at this address. It may have moved, or the link may be wrong.",
                  "Check the address, or start from the list of league tables.")  # fmt: skip


def server_error(request: HttpRequest) -> HttpResponse:
    # No database reads here: the database may be why we are here.
    html = render_to_string(
        "error.jinja",
        {"title": "Sorry, there is a problem with the service", "illustrative": False,
         "message": "Something went wrong on our side, not yours. Nothing you sent was lost.",
         "next_steps": "Try again in a few minutes.", "status": 500},
    )  # fmt: skip
    return HttpResponse(html, status=500)
