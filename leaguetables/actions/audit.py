"""The audit trail and the structured log: every action says who did what, when."""

from __future__ import annotations

import logging

from django.contrib.auth.base_user import AbstractBaseUser

from leaguetables.models import AuditEntry

log = logging.getLogger("leaguetables.actions")


def record(
    action: str, subject: str, *, actor: AbstractBaseUser | None = None, detail: str = ""
) -> AuditEntry:
    """Write one audit entry and one structured log line for an action."""
    entry = AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject=subject[:200],
        detail=detail,
    )
    log.info(
        action,
        extra={"event": action, "subject": subject, "actor": str(entry.actor or "command line"),
               "detail": detail},
    )  # fmt: skip
    return entry
