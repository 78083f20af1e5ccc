"""The read-only open data API, version 1, at /api/v1/ (django-ninja): published data only,
every response with its context notes, likely ranges, source files and licence; every table
also as CSV (`?format=csv`, written by `presentation.exports`, the web downloads' columns).

The reader is always the public, whoever is signed in: an editor or a trust team previews
drafts on the pages, never through the API (so an API response may be shared and cached).
"""

from leaguetables.web.api import leagues, trusts  # noqa: F401  (registers the operations)
from leaguetables.web.api.base import api

__all__ = ["api"]
