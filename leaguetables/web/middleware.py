"""The site's own middleware: a strict Content-Security-Policy on every page (no inline script
or style, nothing off-site; the editors' admin allows its own inline styles), and addresses holding
control characters refused before any view runs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith("/" + settings.ADMIN_URL)
        response.setdefault(
            "Content-Security-Policy",
            settings.ADMIN_CONTENT_SECURITY_POLICY if admin else settings.CONTENT_SECURITY_POLICY,
        )
        return response


def _control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


class RejectControlCharactersMiddleware:
    """An address or query string with a control character (a NUL, a newline) names nothing
    this site has: 400 before any view runs, on every database alike (PostgreSQL would refuse
    the NUL inside a query; SQLite would look it up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _control(request.path) or any(
            _control(key) or _control(value)
            for key, values in request.GET.lists()
            for value in values
        ):
            raise BadRequest("That address holds a character no page of this site has.")
        return self.get_response(request)


class ViewerMiddleware:
    """Reads on behalf of the signed-in user (a preview for editors and trust teams), and keeps
    any page read that way, or behind sign-in, out of every shared cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from leaguetables.queries import public
        from leaguetables.web.permissions import viewer_for

        with public.viewing(viewer_for(request.user)):
            response = self.get_response(request)
            previewed = public.preview_seen()
        if previewed or request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        if previewed:
            response["X-Robots-Tag"] = "noindex"
        return response
