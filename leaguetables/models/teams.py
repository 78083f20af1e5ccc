"""Trust communications teams, their statements and data problem reports, and the audit trail
of every change to notes, statements, reports and releases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from leaguetables.models.choices import check_choices
from leaguetables.models.notes import ContextNote
from leaguetables.models.organisations import Trust, TrustQuarter

# A statement is a few sentences beside a rank, not an essay.
STATEMENT_MAX_LENGTH = 1000
REPORT_MAX_LENGTH = 2000


class TrustTeamMember(models.Model):
    """A user on a trust's communications team: sees that trust's draft results in preview,
    submits statements and reports data problems, and nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_teams"
    )
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="team_members")
    since = models.DateTimeField(default=timezone.now)  # pre-release access counts from here

    class Meta:
        ordering = ["trust", "since"]
        constraints = [
            models.UniqueConstraint(fields=["user", "trust"], name="team_member_once_per_trust")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.trust}"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"


class Statement(models.Model):
    """A trust team's own words beside its rank: shown once an editor approves them."""

    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.TextField(max_length=STATEMENT_MAX_LENGTH)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="statements"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)  # why an editor did not approve it
    note = models.OneToOneField(
        ContextNote, on_delete=models.SET_NULL, null=True, blank=True, related_name="statement"
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [check_choices("status", Decision, name="statement_status_known")]

    def __str__(self) -> str:
        return f"Statement for {self.trust_quarter} ({self.status})"


class ReportOutcome(models.TextChoices):
    OPEN = "open", "Open"
    CORRECTED = "corrected", "Corrected"
    NO_CHANGE = "no_change", "No change needed"
    PASSED_ON = "passed_on", "Passed to NHS England"


class DataReport(models.Model):
    """A trust team's report of a problem with one of its published figures."""

    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="data_reports"
    )
    metric_id = models.CharField(max_length=10)  # which metric, as NHS England numbers it
    text = models.TextField(max_length=REPORT_MAX_LENGTH)  # what is wrong
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_reports"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        max_length=10, choices=ReportOutcome.choices, default=ReportOutcome.OPEN
    )
    response = models.TextField(blank=True)  # the editors' answer, shown to the reporter
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at"]
        constraints = [check_choices("outcome", ReportOutcome, name="report_outcome_known")]

    def __str__(self) -> str:
        return f"Report on {self.metric_id}, {self.trust_quarter} ({self.outcome})"


class AuditEntry(models.Model):
    """Who changed what, when: every change to notes, statements, reports and releases."""

    at = models.DateTimeField(default=timezone.now)
    # None: the command line (import_nof, publish).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(max_length=40)  # "release.scheduled", "statement.approved", ...
    subject = models.CharField(max_length=200)  # what it was done to, in words
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            # The editors' trail, newest first.
            models.Index(fields=["-at"], name="audit_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"
