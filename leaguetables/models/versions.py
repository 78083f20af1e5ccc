"""The data version: one row that every write replaces, so that a cached page can be told from
a current one with one cheap query.

`token` is a fresh random UUID on every write (never a counter: a database restored from a
backup, or a test rolled back, would reuse a counter's values for different data). `scheduled`
holds the instants of releases waiting for their announced instant (and the latest one already
passed), so a request learns from the same row whether a release became public since the last
write, and how long a page may be cached before the next one does.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import connection, models
from django.utils import timezone

SINGLETON = 1
T = TypeVar("T")


class DataVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(default=timezone.now)
    scheduled = models.JSONField(default=list, blank=True)  # ISO instants, ascending

    def __str__(self) -> str:
        return f"data version {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"


@dataclass(frozen=True)
class Current:
    """The version as a request sees it at `now`."""

    token: str
    changed_at: datetime
    last_instant: datetime | None  # the latest scheduled release instant that has passed
    next_instant: datetime | None  # the next one still to come

    @property
    def last_modified(self) -> datetime:
        if self.last_instant is not None and self.last_instant > self.changed_at:
            return self.last_instant
        return self.changed_at


_known: dict[str, tuple[datetime, tuple[datetime, ...]]] = {}  # token -> its row, parsed


_LIBPQ_SQL = b"SELECT token::text FROM leaguetables_dataversion WHERE id = $1"
_LIBPQ_NAME = b"leaguetables_data_version"


def _token_from_libpq() -> tuple[str] | None:
    """On PostgreSQL, the read through psycopg's libpq connection (`Connection.pgconn`, its
    documented low-level interface): a tenth of the CPU of a Django cursor (4 us, not 47 us,
    measured), which matters on a read every request makes. One row, or None to fall back to
    the Django cursor (which also reports a broken connection as Django does)."""
    from psycopg import pq

    connection.ensure_connection()
    raw = getattr(connection.connection, "pgconn", None)
    if raw is None:
        return None
    # Prepared once per connection: the server then skips parsing and planning on every
    # request (about 15 us of each 90 us round trip, measured). The connection object is kept
    # beside the mark, so a new connection is never taken for one already prepared.
    if getattr(connection, "_data_version_prepared", None) is not raw:
        if raw.prepare(_LIBPQ_NAME, _LIBPQ_SQL).status != pq.ExecStatus.COMMAND_OK:
            return None
        connection._data_version_prepared = raw
    result = raw.exec_prepared(_LIBPQ_NAME, [str(SINGLETON).encode()])
    if result.status != pq.ExecStatus.TUPLES_OK:
        connection._data_version_prepared = None  # prepared again next time, if it can be
        return None
    if result.ntuples == 0:
        return ()  # type: ignore[return-value]
    return (result.get_value(0, 0).decode(),)


@functools.cache
def _token_sql() -> str:
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    return f"SELECT token FROM {table} WHERE id = %s"


def current(now: datetime | None = None) -> Current:
    """Read the version: one query of one column by primary key, on every request. The rest of
    the row never changes without the token changing, so each process parses it once."""
    now = now or timezone.now()
    found = _token_from_libpq() if connection.vendor == "postgresql" else None
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(_token_sql(), [SINGLETON])
            found = cursor.fetchone()
    if not found:  # a database emptied by hand (flush): nothing imported since
        return Current("none", datetime(2000, 1, 1, tzinfo=UTC), None, None)
    token = str(found[0]).replace("-", "")
    if token not in _known:
        row = DataVersion.objects.filter(pk=SINGLETON).values_list("changed_at", "scheduled")
        changed_at, scheduled = row.first() or (now, [])
        if len(_known) > 64:
            _known.clear()
        _known[token] = (changed_at, tuple(datetime.fromisoformat(at) for at in scheduled))
    changed_at, instants = _known[token]
    last = max((at for at in instants if at <= now), default=None)
    upcoming = min((at for at in instants if at > now), default=None)
    return Current(token, changed_at, last, upcoming)


# The version an anonymous public request read (set by web.caching.PageCacheMiddleware).
for_this_request: ContextVar[Current | None] = ContextVar("data_version", default=None)


def per_version(name: str, compute: Callable[[], T]) -> T:
    """A value computed once per data version, e.g. a league-quarter's chart data, the same for
    every trust of it. Only within a public request the page cache serves (so never for a
    preview, which reads more than the public may): elsewhere it is computed afresh."""
    current = for_this_request.get()
    if current is None or not settings.PAGE_CACHE:
        return compute()
    last = current.last_instant.isoformat() if current.last_instant else "-"
    key = "value:" + hashlib.sha256(f"{current.token}\n{last}\n{name}".encode()).hexdigest()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    return found
