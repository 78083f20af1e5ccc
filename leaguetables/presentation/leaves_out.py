"""What each league's metrics leave out, as the league and about pages say it."""

from __future__ import annotations

from leaguetables import queries
from leaguetables.nof import leagues, leaves_out


def every_league() -> list[tuple[str, list[leaves_out.LeftOut]]]:
    """(league name, what it leaves out) for each league with public results, in their order."""
    descriptions = queries.metric_descriptions_by_league()
    return [
        (league.name, leaves_out.left_out(league.slug, descriptions[league.slug]))
        for league in leagues.LEAGUES
        if league.slug in descriptions
    ]
