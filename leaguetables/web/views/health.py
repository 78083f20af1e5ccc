"""Health checks for a load balancer: /health/live answers while the process serves requests;
/health/ also asks the database (503 when it cannot answer), so a server that lost its database
is taken out of rotation rather than serving errors."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

log = logging.getLogger("leaguetables.health")


def _answer(status: str, code: int = 200, **extra: str) -> JsonResponse:
    response = JsonResponse({"status": status, **extra}, status=code)
    response["Cache-Control"] = "no-store"
    return response


def live(request: HttpRequest) -> JsonResponse:
    return _answer("ok")


def ready(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.error("health check: the database does not answer", extra={"error": str(exc)})
        return _answer("error", 503, database="unavailable")
    return _answer("ok", database="ok")
