"""What the site logs about requests and sign-ins, and what it leaves out.

A 4xx is the reader's mistake or a probe, not ours: one line with the status and the address
escaped (it is forgeable), never a traceback. Sign-ins, sign-outs and failed attempts are one
structured line each on the "leaguetables.auth" logger, naming the account, never a password.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import signals
from django.dispatch import receiver
from django.http import HttpRequest

auth_log = logging.getLogger("leaguetables.auth")


def _escaped(text: object, limit: int = 200) -> str:
    """A value a client sent, safe to put in a log line: no control characters, bounded."""
    return str(text)[:limit].encode("unicode_escape").decode("ascii")


class ClientErrorFilter(logging.Filter):
    """Strips tracebacks and the request object from every 4xx log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.path = _escaped(request.path)
            record.method = request.method
            # The request's repr holds the raw address; a JSON formatter would print it.
            record.request = None
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def client_ip(request: HttpRequest) -> str:
    """The client's address, for throttling sign-in: behind PROXY_COUNT reverse proxies, the
    address the outermost of them saw (X-Forwarded-For, counted from the right); else the
    connection's."""
    proxies = settings.PROXY_COUNT
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _source(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else "command line"


@receiver(signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    auth_log.info("sign_in", extra={"event": "sign_in", "actor": _escaped(user.get_username()),
                                    "source": _source(request)})  # fmt: skip


@receiver(signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    name = user.get_username() if user is not None else ""
    auth_log.info("sign_out", extra={"event": "sign_out", "actor": _escaped(name),
                                     "source": _source(request)})  # fmt: skip


@receiver(signals.user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    auth_log.warning(
        "sign_in_failed",
        extra={"event": "sign_in_failed", "actor": _escaped(credentials.get("username", "")),
               "source": _source(request)},
    )  # fmt: skip
