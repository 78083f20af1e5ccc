"""What "public" means, said once: `public_rows` is the condition every public read builds on.

A trust-quarter is public when its league-quarter's release is published, or scheduled for an
instant that has come: compared with the clock at every read, so a scheduled release is public
from the first request after its instant and never a second before, with no cron.

Who is reading can widen what is shown, never for the public: an editor previews everything;
a trust team member previews their own trusts' rows (and the league-wide figures those rows'
pages need: ranks of, scores of the league), on trust pages only. `viewing` sets the reader for
a request (web.middleware.ViewerMiddleware).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from leaguetables.models import ContextNote, Release, TrustQuarter
from leaguetables.models.releases import ReleaseState


def public_rows(prefix: str = "") -> Q:
    """THE definition of public, for TrustQuarter rows reached through `prefix` (e.g.
    "trust_quarter__" from a MetricResult)."""
    return Q(**{f"{prefix}release__state": ReleaseState.PUBLISHED}) | Q(
        **{
            f"{prefix}release__state": ReleaseState.SCHEDULED,
            f"{prefix}release__scheduled_at__lte": timezone.now(),
        }
    )


def public_releases() -> Q:
    """The same rule, for Release rows."""
    return Q(state=ReleaseState.PUBLISHED) | Q(
        state=ReleaseState.SCHEDULED, scheduled_at__lte=timezone.now()
    )


@dataclass(frozen=True)
class Viewer:
    """Who is reading: the public, an editor, or a trust team member of some trusts."""

    editor: bool = False
    trust_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def previews(self) -> bool:
        return self.editor or bool(self.trust_ids)


PUBLIC = Viewer()
_viewer: ContextVar[Viewer] = ContextVar("viewer", default=PUBLIC)
# Whether this request's reads returned anything the public cannot see (the preview banner).
_preview_seen: ContextVar[bool] = ContextVar("preview_seen", default=False)


@contextmanager
def viewing(viewer: Viewer) -> Iterator[None]:
    token, seen = _viewer.set(viewer), _preview_seen.set(False)
    try:
        yield
    finally:
        _viewer.reset(token)
        _preview_seen.reset(seen)


def viewer() -> Viewer:
    return _viewer.get()


def preview_seen() -> bool:
    return _preview_seen.get()


class Scope(Enum):
    LEAGUE = "league"  # league tables, services, metrics, search, about, home, switchers
    TRUST = "trust"  # a trust's own page, history and downloads
    LEAGUE_OF_TRUST = "league_of_trust"  # league-wide figures a trust's page shows


def visible_rows(prefix: str = "", scope: Scope = Scope.LEAGUE) -> Q:
    """What this request's reader may see: public rows, widened for a preview."""
    reader = _viewer.get()
    if reader.editor:
        return Q()
    condition = public_rows(prefix)
    if reader.trust_ids and scope is Scope.TRUST:
        condition |= Q(**{f"{prefix}trust_id__in": reader.trust_ids})
    elif reader.trust_ids and scope is Scope.LEAGUE_OF_TRUST:
        condition |= Q(
            **{f"{prefix}release__in": Release.objects.filter(
                trust_quarters__trust_id__in=reader.trust_ids
            )}
        )  # fmt: skip
    return condition


def trust_quarters(scope: Scope = Scope.LEAGUE) -> QuerySet[TrustQuarter]:
    return TrustQuarter.objects.filter(visible_rows(scope=scope))


def note_previewed(release_states: list[tuple[str, object]]) -> None:
    """Record that rows read for this request include some the public cannot see."""
    now = timezone.now()
    for state, scheduled_at in release_states:
        public = state == ReleaseState.PUBLISHED or (
            state == ReleaseState.SCHEDULED and scheduled_at is not None and scheduled_at <= now
        )
        if not public:
            _preview_seen.set(True)
            return


def notes() -> QuerySet[ContextNote]:
    """Automatic notes, and written ones once an editor approved them."""
    return ContextNote.objects.filter(approved=True).order_by("position", "id")


def league_quarter_is_public() -> Exists:
    """For a model with `league` and `quarter`: whether that league-quarter is visible."""
    return Exists(trust_quarters().filter(league=OuterRef("league"), quarter=OuterRef("quarter")))
