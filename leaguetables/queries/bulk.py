"""The version that names the bulk open data files.

It is the site's data version (`models.versions`): every write through `leaguetables.actions`
replaces it, and a release scheduled for an instant becomes public at that instant with no
write at all, so the latest scheduled instant that has passed is part of it too.
"""

from __future__ import annotations

import hashlib

from leaguetables.models import versions


def data_version() -> str:
    """A short name for the public data as it stands now: equal versions, equal files."""
    current = versions.current()
    passed = current.last_instant.isoformat() if current.last_instant else "-"
    return hashlib.sha256(f"{current.token}\n{passed}".encode()).hexdigest()[:16]
