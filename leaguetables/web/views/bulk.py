"""Bulk open data at /data/bulk/<file>: each league's tidy CSV and notes CSV, and the
Frictionless `datapackage.json` describing them (presentation/bulk.py).

Made on request for the current data version (`queries.bulk.data_version()`, which includes
the set of public releases read against the clock) and held in this process until the
version changes: every app server behind a load balancer serves the same files for the
same version with nothing shared between them, and a release scheduled for an instant is
in the files from its first request at that instant, with no cron."""

from __future__ import annotations

import threading

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils.cache import quote_etag

from leaguetables.presentation import bulk
from leaguetables.queries.bulk import data_version

_held: tuple[str, dict[str, bytes]] | None = None
_lock = threading.Lock()


def files(version: str) -> dict[str, bytes]:
    """The files of one data version, made once per process (one maker at a time)."""
    global _held
    held = _held
    if held is not None and held[0] == version:
        return held[1]
    with _lock:
        if _held is None or _held[0] != version:
            _held = (version, bulk.everything(version))
        return _held[1]


def index(request: HttpRequest) -> HttpResponse:
    return redirect("bulk-file", name=bulk.PACKAGE)


def bulk_file(request: HttpRequest, name: str) -> HttpResponse:
    version = data_version()
    found = files(version)
    if name not in found:
        raise Http404(f"No bulk file {name!r}: see {bulk.PACKAGE}")
    etag = quote_etag(version)
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    kind = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    response = HttpResponse(found[name], content_type=kind)
    response["ETag"] = etag
    if not name.endswith(".json"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
