"""Small views, one module per page: read the request, ask `queries`, build typed rows with
`presentation`, render or download."""

from leaguetables.web.views import team
from leaguetables.web.views.account import sign_in, sign_out
from leaguetables.web.views.compare import compare
from leaguetables.web.views.league import league_latest, league_table
from leaguetables.web.views.pages import (
    about,
    bad_request,
    csrf_failure,
    home,
    not_found,
    permission_denied,
    search,
    server_error,
)
from leaguetables.web.views.releases import calendar as release_calendar
from leaguetables.web.views.releases import release
from leaguetables.web.views.services import metric_table, service_table
from leaguetables.web.views.trust import trust

__all__ = [
    "about",
    "bad_request",
    "compare",
    "csrf_failure",
    "home",
    "league_latest",
    "league_table",
    "metric_table",
    "not_found",
    "permission_denied",
    "release",
    "release_calendar",
    "search",
    "server_error",
    "service_table",
    "sign_in",
    "sign_out",
    "team",
    "trust",
]
