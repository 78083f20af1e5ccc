"""What the API's operations share: parameters with the patterns of this site's addresses,
the context every response carries, and CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from ninja import Path, Query

from leaguetables.presentation.rows import TableMeta, sources_text
from leaguetables.web.api.schemas import Error

# Path parameters as the site's addresses spell them: anything else is a 404 (never reached
# by a valid request) or, for a value that fits no pattern, a 400.
LeagueSlug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,60}$", examples=["acute"])]
QuarterSlug = Annotated[str, Path(pattern=r"^[0-9]{4}-[0-9]{2}-[qQ][0-9]$",
                                  examples=["2025-26-q2"])]  # fmt: skip
TrustCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,10}$", examples=["RX1"])]
MetricId = Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,12}$", examples=["OF0005"])]
ServiceSlug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,100}$", examples=["elective-care"])]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]

ERRORS: dict[int, Any] = {400: Error, 404: Error}
LEAGUE_QUARTER_ERRORS: dict[int, Any] = {**ERRORS, 410: Error}
# A table's operation also answers text/csv (the same columns as the site's downloads).
CSV = {"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}}


def context(meta: TableMeta) -> dict[str, Any]:
    """The context of a table response: licence (a default), source files, the quarter."""
    return {
        "source": meta.source_text,
        "source_files": list(meta.sources),
        "illustrative": meta.illustrative,
        "generated_at": datetime.now(UTC),
        "league": meta.league_slug,
        "league_name": meta.league_name,
        "quarter": meta.quarter,
    }


def site_context(illustrative: bool) -> dict[str, Any]:
    return {"source": sources_text([]), "source_files": [], "illustrative": illustrative,
            "generated_at": datetime.now(UTC)}  # fmt: skip
