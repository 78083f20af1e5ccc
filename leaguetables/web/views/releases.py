"""The release calendar and each release's page: orderly release, as the Code of Practice for
Statistics asks (announced in advance, pre-release access listed, changes shown)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from leaguetables import queries
from leaguetables.models import Quarter, Release
from leaguetables.web.views.common import HOME, render


def calendar(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    releases = queries.calendar()
    return render(request, "releases/calendar.jinja", {
        "upcoming": sorted((r for r in releases if r.state == "scheduled" and not r.is_public(now)),
                           key=lambda r: r.scheduled_at),
        "published": [r for r in releases if r.is_public(now)],
        "withdrawn": [r for r in releases if r.state == "withdrawn"],
        "breadcrumbs": [HOME],
    })  # fmt: skip


def release(request: HttpRequest, league: str, quarter: str) -> HttpResponse:
    try:
        year, number = Quarter.parse_slug(quarter)
        found = queries.release(league, year, number)
    except (ValueError, Release.DoesNotExist):
        raise Http404("No such release") from None
    public = found.is_public()
    shown = public or queries.preview_seen()  # an editor's preview: access and changes so far
    return render(request, "releases/release.jinja", {
        "release": found,
        "public": public,
        "shown": shown,
        "access": queries.pre_release_access(found) if shown else [],
        "changes": queries.changes(found) if shown else [],
        "breadcrumbs": [HOME, {"text": "Releases", "href": "/releases/"}],
    })  # fmt: skip


def withdrawn_page(request: HttpRequest, found: Release) -> HttpResponse:
    """What an address of a withdrawn release shows: that it was withdrawn, when and why."""
    return render(request, "releases/withdrawn.jinja", {"release": found,
                  "breadcrumbs": [HOME, {"text": "Releases", "href": "/releases/"}]},
                  status=410)  # fmt: skip
