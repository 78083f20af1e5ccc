"""The API object, its reader (always the public) and its refusals (JSON 400, 404, 410)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from leaguetables.queries import public
from leaguetables.web.views.common import WithdrawnRelease

DESCRIPTION = """NHS England's NHS Oversight Framework league tables, as published, with the
context beside every rank: the context notes, likely ranges of rank and score, and the NHS
England files each number came from (with their sha256).

Published data only: a draft, a release scheduled for a later instant and a withdrawn release
are absent. Every table is also CSV with `?format=csv`, with the same columns as the site's
downloads. Licence: NHS England's data under the Open Government Licence v3.0; context notes and
derived figures by leaguetables, from NHS England's data. Version 1: fields may be added, none
removed or changed in meaning; a change that breaks that will be /api/v2/."""

api = NinjaAPI(
    title="NHS Oversight Framework league tables: open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
)


def public_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Read as the public, whoever is signed in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with public.viewing(public.PUBLIC):
            return view(request, *args, **kwargs)

    return wrapped


api.add_decorator(public_only, mode="view")


@api.exception_handler(ValidationError)
def bad_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'not valid')}")
    return api.create_response(request, {"detail": "; ".join(parts) or "Bad request"}, status=400)


@api.exception_handler(WithdrawnRelease)
def withdrawn(request: HttpRequest, exc: WithdrawnRelease) -> HttpResponse:
    release = exc.release
    detail = (f"{release.league.name}, {release.quarter.label} was withdrawn on "
              f"{release.withdrawn_at:%Y-%m-%d}: {release.withdrawn_reason}")  # fmt: skip
    return api.create_response(request, {"detail": detail}, status=410)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)
