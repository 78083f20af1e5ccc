"""Trust teams' right of reply: statements and data problem reports, and the editors' answers."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.models import (
    ContextNote,
    DataReport,
    Decision,
    ReportOutcome,
    Statement,
    Trust,
    TrustQuarter,
    TrustTeamMember,
)
from leaguetables.models.teams import REPORT_MAX_LENGTH, STATEMENT_MAX_LENGTH
from leaguetables.nof.notes import NoteKind

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&[a-zA-Z#][a-zA-Z0-9]*;")
EDITORS = "Editors"


class RefusedText(ValueError):
    """Text a trust team typed that cannot be shown as it is, with why."""


def plain_text(text: str, limit: int) -> str:
    """A trust's words as plain text: no HTML, no control characters but line breaks, a limit."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise RefusedText("Write something: the text is empty.")
    if len(text) > limit:
        raise RefusedText(f"Keep it to {limit:,} characters: this is {len(text):,}.")
    if MARKUP.search(text):
        raise RefusedText("Write plain text: HTML tags and entities are not shown.")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise RefusedText("The text holds a control character.")
    return text


def _notify(subject: str, body: str, to: list[str]) -> None:
    """Email is optional: sent where an address is known (the console backend locally)."""
    to = [address for address in to if address]
    if to:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)


def _editors() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .values_list("email", flat=True)
    )


def make_editor(*, user: AbstractBaseUser, actor: AbstractBaseUser | None = None) -> None:
    """Give a user the editor's role: the editors' group, and the admin (staff)."""
    from django.contrib.auth.models import Group

    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=EDITORS)
        user.groups.add(group)  # type: ignore[attr-defined]
        if not user.is_staff:  # type: ignore[attr-defined]
            user.is_staff = True  # type: ignore[attr-defined]
            user.save(update_fields=["is_staff"])
        audit.record("team.editor_added", str(user), actor=actor)


def add_team_member(
    *, user: AbstractBaseUser, trust: Trust, actor: AbstractBaseUser | None = None
) -> TrustTeamMember:
    with transaction.atomic():
        member, created = TrustTeamMember.objects.get_or_create(user=user, trust=trust)
        if created:
            audit.record("team.member_added", f"{user} on {trust}", actor=actor)
            bump()  # release pages count the teams with pre-release access
    return member


def remove_team_member(*, member: TrustTeamMember, actor: AbstractBaseUser | None = None) -> None:
    """Take a user off a trust's team: they no longer see its drafts."""
    with transaction.atomic():
        subject = str(member)
        member.delete()
        audit.record("team.member_removed", subject, actor=actor)
        bump()


def submit_statement(
    *, trust_quarter: TrustQuarter, text: str, actor: AbstractBaseUser
) -> Statement:
    """A trust team's statement, for the editors' queue; public once approved."""
    text = plain_text(text, STATEMENT_MAX_LENGTH)
    with transaction.atomic():
        statement = Statement.objects.create(
            trust_quarter=trust_quarter, text=text, submitted_by=actor
        )
        audit.record("statement.submitted", str(trust_quarter), actor=actor, detail=text)
    _notify(f"Statement to approve: {trust_quarter.name}, {trust_quarter.quarter.label}",
            text, _editors())  # fmt: skip
    return statement


def decide_statement(
    *, statement: Statement, approve: bool, reason: str = "", actor: AbstractBaseUser
) -> Statement:
    """Approve a statement (it then shows beside the trust's rank, as the trust's own words,
    with its date) or send it back with the editor's reason."""
    if not approve and not reason.strip():
        raise RefusedText("Say why the statement is not approved: the trust team reads it.")
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != Decision.PENDING:
            raise RefusedText(f"This statement was {statement.get_status_display().lower()}.")
        statement.status = Decision.APPROVED if approve else Decision.REJECTED
        statement.decided_by, statement.decided_at = actor, timezone.now()
        statement.reason = reason.strip()
        if approve:
            tq = statement.trust_quarter
            statement.note = ContextNote.objects.create(
                trust_quarter=tq,
                kind=NoteKind.TRUST_STATEMENT,
                short_text=statement.text[:300],
                long_text=statement.text,
                source=f"{tq.name}, statement of {statement.submitted_at:%-d %B %Y}",
                facts={"submitted_on": statement.submitted_at.date().isoformat(),
                       "trust": tq.name},
                approved=True,
                position=100,
            )  # fmt: skip
        statement.save()
        audit.record(f"statement.{statement.status}", str(statement.trust_quarter), actor=actor,
                     detail=statement.reason or statement.text)  # fmt: skip
        if approve:
            bump()  # the statement shows beside the rank
    _notify(f"Your statement was {statement.get_status_display().lower()}",
            statement.reason or statement.text, [statement.submitted_by.email])  # fmt: skip
    return statement


def report_problem(
    *, trust_quarter: TrustQuarter, metric_id: str, text: str, actor: AbstractBaseUser
) -> DataReport:
    """A trust team's report of a problem with one of its figures, for the editors' queue."""
    text = plain_text(text, REPORT_MAX_LENGTH)
    with transaction.atomic():
        report = DataReport.objects.create(
            trust_quarter=trust_quarter, metric_id=metric_id, text=text, reported_by=actor
        )
        audit.record("report.submitted", f"{metric_id}, {trust_quarter}", actor=actor,
                     detail=text)  # fmt: skip
    _notify(f"Data problem reported: {trust_quarter.name}, {metric_id}", text, _editors())
    return report


def answer_report(
    *, report: DataReport, outcome: str, response: str, actor: AbstractBaseUser
) -> DataReport:
    """The editors' outcome of a report, shown to the team that made it."""
    if outcome == ReportOutcome.OPEN or outcome not in ReportOutcome.values:
        raise RefusedText("Choose an outcome.")
    response = plain_text(response, REPORT_MAX_LENGTH)
    with transaction.atomic():
        report = DataReport.objects.select_for_update().get(pk=report.pk)
        report.outcome, report.response = outcome, response
        report.decided_by, report.decided_at = actor, timezone.now()
        report.save()
        audit.record(f"report.{outcome}", f"{report.metric_id}, {report.trust_quarter}",
                     actor=actor, detail=response)  # fmt: skip
    _notify("Your data problem report was answered", response, [report.reported_by.email])
    return report
