"""What the bulk open data files are made of, and the version that names them.

The version changes whenever what the files hold could: every write passes through
`leaguetables.actions`, which leaves an audit entry (imports, publications, withdrawals,
notes, statements); derived notes are rewritten with new rows (`refresh_derived`); and a
release scheduled for an instant becomes public at that instant with no write at all, so
the set of public releases, read against the clock as every public read is, is part of it.
"""

from __future__ import annotations

import hashlib

from django.db.models import Max

from leaguetables.models import AuditEntry, ContextNote, ImportRecord
from leaguetables.queries import public


def data_version() -> str:
    """A short name for the public data as it stands now: equal versions, equal files."""
    marks = [
        # The last entry's instant too: ids alone can repeat in a database emptied and filled
        # again (a test's, a rebuilt one), and a process may outlive that.
        AuditEntry.objects.order_by("-pk").values_list("pk", "at").first(),
        ContextNote.objects.aggregate(last=Max("pk"))["last"],
        ImportRecord.objects.order_by("-pk").values_list("pk", "sha256").first(),
        # The releases with public rows, by the one definition of public.
        *public.trust_quarters()
        .values_list("release_id", flat=True)
        .distinct()
        .order_by("release_id"),
    ]
    return hashlib.sha256(repr(marks).encode()).hexdigest()[:16]
