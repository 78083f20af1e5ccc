"""Public pages cached per data version, with validators, Cache-Control and compression.

Always right, by construction: the cache key holds the data version (`models.versions`), read
from the database on every request (one query by primary key), and the latest scheduled release
instant that has passed. Every write replaces the version inside its own transaction, and a
scheduled release's instant changes the key at that instant with no write at all, so no page
cached before a change can be found after it, on this server or any other: several app servers
can each keep a local-memory cache, or share one (CACHES), and none serves a stale page.

Only GET/HEAD requests for public addresses that carry no session cookie (so no one is signed
in, and nothing is a preview) are cached or served from the cache; the middleware sits before the
session and sign-in middleware, so a page served from it costs one query and no session work.
Anything behind sign-in (and previews, which ViewerMiddleware marks `private, no-store`), and any
response that sets a cookie or carries a CSRF token, passes by untouched: never stored, never
served from here, and never compressed (BREACH: a secret in a compressed body can be guessed from
its length, so only pages without one are compressed).
"""

from __future__ import annotations

import gzip
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass

import brotli
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from leaguetables.models import versions
from leaguetables.queries import public

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
    "application/vnd.oai.openapi+json",
)
MIN_COMPRESS = 200  # bytes: below this the headers outweigh any saving
# Headers a stored page keeps; the rest (Date, cookies, Vary from the session) are per request.
KEPT_HEADERS = {"content-type", "content-disposition", "content-language", "x-robots-tag",
                "x-frame-options", "link", "access-control-allow-origin"}  # fmt: skip


def private_prefixes() -> tuple[str, ...]:
    """Addresses never cached: the admin, sign-in, the team pages, health checks, static files
    (WhiteNoise serves those with their own immutable headers)."""
    return ("/" + settings.ADMIN_URL, "/account/", "/team/", "/health/", settings.STATIC_URL)


def _is_public_request(request: HttpRequest) -> bool:
    """Anonymous for certain: no session (so no one signed in, no preview) and no message
    waiting to be shown; a public address."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(private_prefixes()):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _encoding(request: HttpRequest) -> str:
    """br, gzip or identity: what the client accepts (a q of 0 refuses)."""
    accepted = set()
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip())
    for name in ("br", "gzip"):
        if name in accepted:
            return name
    return "identity"


@dataclass
class StoredPage:
    status: int
    headers: list[tuple[str, str]]
    bodies: dict[str, bytes]  # by encoding: "br" and "gzip" when compressible, else "identity"

    @classmethod
    def of(cls, response: HttpResponse) -> StoredPage:
        headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
        return cls(response.status_code, headers, compressed(response))

    def body(self, encoding: str) -> tuple[bytes, str]:
        if encoding in self.bodies:
            return self.bodies[encoding], encoding
        if "identity" in self.bodies:
            return self.bodies["identity"], "identity"
        return gzip.decompress(self.bodies["gzip"]), "identity"  # a client that takes neither

    def response(self, encoding: str) -> HttpResponse:
        content, used = self.body(encoding)
        response = HttpResponse(content, status=self.status)
        for key, value in self.headers:
            response[key] = value
        if used != "identity":
            response["Content-Encoding"] = used
        response["Content-Length"] = str(len(content))
        # Signed-in readers (a session cookie) get other pages: a shared cache keys on it.
        response["Vary"] = "Accept-Encoding, Cookie"
        return response


def compressed(response: HttpResponse) -> dict[str, bytes]:
    content = response.content
    kind = response.get("Content-Type", "")
    if len(content) < MIN_COMPRESS or not kind.startswith(COMPRESSIBLE):
        return {"identity": content}
    return {
        # Quality 5: within a few per cent of the best for HTML, and fast enough to do once
        # per page per data version.
        "br": brotli.compress(content, quality=5),
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
    }


def seconds_until(instant) -> float | None:
    if instant is None:
        return None
    return max(0.0, (instant - timezone.now()).total_seconds())


def cache_control(current: versions.Current) -> str:
    """public, bounded by the next scheduled release instant: no cache, browser or CDN, may
    keep a page past the instant a release becomes public."""
    max_age, stale = settings.PAGE_MAX_AGE, settings.PAGE_STALE_WHILE_REVALIDATE
    until = seconds_until(current.next_instant)
    if until is not None:
        max_age = min(max_age, math.floor(until))
        stale = min(stale, max(0, math.floor(until) - max_age))
    return f"public, max-age={max_age}, stale-while-revalidate={stale}"


def etag(current: versions.Current, request: HttpRequest) -> str:
    """Weak (the same page is sent br, gzip or plain), from what decides the page: the data
    version, what is public now, the host, the address and its query."""
    last = current.last_instant.isoformat() if current.last_instant else "-"
    raw = "\n".join((current.token, last, request.get_host(), request.path,
                     request.META.get("QUERY_STRING", "")))  # fmt: skip
    return 'W/"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _not_modified(request: HttpRequest, tag: str, last_modified: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # it wins over If-Modified-Since (RFC 9110 13.2.2)
        wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in wanted or tag.removeprefix("W/") in wanted
    header = request.headers.get("If-Modified-Since")
    since = parse_http_date_safe(header) if header else None
    return since is not None and last_modified <= since


def _key(tag: str) -> str:
    return f"page:{tag}"


# This process's own copies of the pages it served lately, by ETag (which holds the data
# version, so a copy can never outlive its data): a hit then costs no unpickling. Bounded, and
# emptied whole when full, as the pages of an old version are never asked for again.
_held: dict[str, StoredPage] = {}
HELD_PAGES = 256


def _hold(tag: str, stored: StoredPage) -> None:
    if len(_held) >= HELD_PAGES:
        _held.clear()
    _held[tag] = stored


def _validators(response: HttpResponse, tag: str, last_modified: int, control: str) -> None:
    response["ETag"] = tag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = control


def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "Cache-Control" not in response
        and not public.preview_seen()
    )


class PageCacheMiddleware:
    """Sits before the session middleware; ViewerMiddleware, inside it, marks signed-in and
    preview responses private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE or not _is_public_request(request):
            return self.get_response(request)
        current = versions.current()
        token = versions.for_this_request.set(current)
        try:
            return self._serve(request, current)
        finally:
            versions.for_this_request.reset(token)

    def _serve(self, request: HttpRequest, current: versions.Current) -> HttpResponse:
        tag = etag(current, request)
        last_modified = math.floor(current.last_modified.timestamp())
        control = cache_control(current)
        if _not_modified(request, tag, last_modified):
            response = HttpResponseNotModified()
            _validators(response, tag, last_modified, control)
            response["Vary"] = "Accept-Encoding, Cookie"
            return response
        stored, hit = _held.get(tag), True
        if stored is None:
            cache = caches[settings.PAGE_CACHE_ALIAS]
            stored = cache.get(_key(tag))
            if stored is None:
                response, hit = self.get_response(request), False
                if not _may_store(request, response):
                    return _passed_by(request, response)
                stored = StoredPage.of(response)
                cache.set(_key(tag), stored, settings.PAGE_CACHE_SECONDS)
            _hold(tag, stored)
        response = stored.response(_encoding(request))
        _validators(response, tag, last_modified, control)
        response["X-Cache"] = "hit" if hit else "miss"
        return response


def _passed_by(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A public address's response that is not stored (an error page, a redirect, a page with a
    form): told not to be reused unchecked, and compressed only if it holds no secret."""
    secret = bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    if secret:
        response["Cache-Control"] = "private, no-store"
        return response
    response.setdefault("Cache-Control", "no-cache")
    if response.streaming or response.has_header("Content-Encoding"):
        return response
    bodies = compressed(response)
    encoding = _encoding(request)
    if encoding in bodies:
        response.content = bodies[encoding]
        response["Content-Encoding"] = encoding
        patch_vary_headers(response, ("Accept-Encoding",))
    return response
