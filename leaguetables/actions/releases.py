"""Releases as editors schedule, publish and withdraw them.

No cron: publishing at an announced instant stores the instant, and every public read
compares it with the clock (queries.public.public_rows), so the release is public from the
first request after it and never a second before.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.models import League, Quarter, Release


class ReleaseError(ValueError):
    """An action a release's state does not allow, with why."""


def _release(league: League, quarter: Quarter) -> Release:
    try:
        return Release.objects.select_for_update().get(league=league, quarter=quarter)
    except Release.DoesNotExist:
        raise ReleaseError(f"no {league.name.lower()} release for {quarter.label}") from None


def publish_release(
    *,
    league: League,
    quarter: Quarter,
    at: datetime | None = None,
    actor: AbstractBaseUser | None = None,
) -> Release:
    """Publish a release now, or schedule it for an announced instant (`at`, aware)."""
    now = timezone.now()
    if at is not None and timezone.is_naive(at):
        raise ReleaseError(f"{at.isoformat()} names no time zone: give one, e.g. +00:00")
    with transaction.atomic():
        release = _release(league, quarter)
        if release.is_public(now):
            raise ReleaseError(f"{release} is public already (since {release.public_since()})")
        if at is not None and at > now:
            release.state, release.scheduled_at = Release.State.SCHEDULED, at
            action = "release.scheduled"
        else:
            release.state, release.published_at = Release.State.PUBLISHED, at or now
            action = "release.published"
        release.withdrawn_at, release.withdrawn_reason = None, ""
        release.save()
        public_from = release.scheduled_at or release.published_at
        audit.record(action, str(release), actor=actor, detail=f"public from {public_from}")
        bump()
    return release


def unschedule_release(
    *, league: League, quarter: Quarter, actor: AbstractBaseUser | None = None
) -> Release:
    """Take a scheduled release back to draft before its instant (the calendar changes)."""
    with transaction.atomic():
        release = _release(league, quarter)
        if release.state != Release.State.SCHEDULED or release.is_public():
            raise ReleaseError(f"{release} is not waiting for its instant")
        release.state, release.scheduled_at = Release.State.DRAFT, None
        release.save()
        audit.record("release.unscheduled", str(release), actor=actor)
        bump()
    return release


def withdraw_release(
    *, league: League, quarter: Quarter, reason: str, actor: AbstractBaseUser | None = None
) -> Release:
    """Take a release off every public surface, with a reason its pages show."""
    reason = reason.strip()
    if not reason:
        raise ReleaseError("a withdrawal says why: give a reason")
    with transaction.atomic():
        release = _release(league, quarter)
        if release.state == Release.State.WITHDRAWN:
            raise ReleaseError(f"{release} is withdrawn already")
        release.state = Release.State.WITHDRAWN
        release.withdrawn_at, release.withdrawn_reason = timezone.now(), reason
        release.save()
        audit.record("release.withdrawn", str(release), actor=actor, detail=reason)
        bump()
    return release
