"""The data page: the columns of every download, from the code that writes them, and one row of
the loaded data as NHS England's league table file writes it."""

from __future__ import annotations

from leaguetables import queries
from leaguetables.presentation import columns
from leaguetables.presentation.league import league_rows


def data_page() -> dict:
    """The data page's column lists, from the code that writes the downloads, and one row of
    the loaded data as NHS England's league table file writes it."""
    example = None
    latest = queries.latest_quarters()
    for league in queries.leagues():
        quarter = latest.get(league.pk)
        top = queries.top_of_table(league, quarter) if quarter else []
        if top:
            ranks = queries.league_quarter_ranks(league, quarter)  # type: ignore[arg-type]
            (row,) = league_rows(top, {}, ranks)
            nhs = [c for c in columns.LEAGUE_COLUMNS if c.name in columns.LEAGUE_FILE_COLUMNS]
            example = (row, [c.csv(row, None) for c in nhs])  # type: ignore[arg-type]
            break
    return {
        "league_columns": columns.LEAGUE_COLUMNS,
        "trust_columns": columns.TRUST_METRIC_COLUMNS,
        "compare_columns": columns.COMPARE_COLUMNS,
        "nhs_columns": set(columns.LEAGUE_FILE_COLUMNS),
        "example": example,
    }
