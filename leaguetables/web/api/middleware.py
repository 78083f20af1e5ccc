"""Refusals under /api/ are JSON, like the API's own: an address the API has no route for,
or one the site refuses before any view runs (a control character), answers
`{"detail": ...}` with its 4xx status, not the site's HTML error page."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/"


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(PREFIX)
            and 400 <= response.status_code < 500
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = HTTPStatus(response.status_code)
            refusal = JsonResponse({"detail": status.phrase}, status=status)
            if response.has_header("Allow"):  # a 405 says what is allowed (RFC 9110)
                refusal["Allow"] = response["Allow"]
            return refusal
        return response
