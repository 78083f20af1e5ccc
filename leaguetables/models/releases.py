"""Releases: a league's quarter as NHS England published it, and when it became public."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from leaguetables.models.choices import check_choices
from leaguetables.models.organisations import League, Quarter


class ReleaseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Release(models.Model):
    """One league-quarter's release: a draft (invisible to the public), scheduled for an
    announced instant (public from then, with no cron: every read compares with the clock),
    published, or withdrawn (explained on its page)."""

    State = ReleaseState

    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="releases")
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="releases")
    state = models.CharField(
        max_length=10, choices=ReleaseState.choices, default=ReleaseState.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)  # when its first file arrived
    scheduled_at = models.DateTimeField(null=True, blank=True)  # the announced instant
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-quarter__financial_year", "-quarter__quarter", "league__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["league", "quarter"], name="release_per_league_quarter"
            ),
            check_choices("state", ReleaseState, name="release_state_known"),
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(scheduled_at__isnull=False),
                name="release_scheduled_has_instant",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="release_published_has_instant",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="release_withdrawn_is_explained",
            ),
        ]
        indexes = [
            # The release calendar: scheduled releases by their instant.
            models.Index(fields=["state", "scheduled_at"], name="release_calendar"),
        ]

    def __str__(self) -> str:
        return f"{self.league} {self.quarter.label} ({self.state})"

    def is_public(self, now: datetime | None = None) -> bool:
        """Published, or scheduled for an instant that has come (the same rule as
        `queries.public.public_rows`)."""
        now = now or timezone.now()
        return self.state == self.State.PUBLISHED or (
            self.state == self.State.SCHEDULED
            and self.scheduled_at is not None
            and self.scheduled_at <= now
        )

    def public_since(self) -> datetime | None:
        if self.state == self.State.PUBLISHED:
            return self.published_at
        if self.state == self.State.SCHEDULED and self.is_public():
            return self.scheduled_at
        return None
