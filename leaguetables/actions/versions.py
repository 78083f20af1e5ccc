"""The data version's one write: every action that can change a public page calls `bump()`
inside its transaction (models/versions.py says why; docs/decisions/0009)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from leaguetables.models.releases import Release, ReleaseState
from leaguetables.models.versions import SINGLETON, DataVersion


def bump() -> None:
    """Replace the version: call inside the transaction of every write that can change what a
    public page shows, so the new version is visible exactly when the new data is."""
    now = timezone.now()
    instants = sorted(
        Release.objects.filter(state=ReleaseState.SCHEDULED).values_list("scheduled_at", flat=True)
    )
    passed = [at for at in instants if at <= now]
    kept = passed[-1:] + [at for at in instants if at > now]
    DataVersion.objects.update_or_create(
        pk=SINGLETON,
        defaults={
            "token": uuid.uuid4(),
            "changed_at": now,
            "scheduled": [at.isoformat() for at in kept],
        },
    )
