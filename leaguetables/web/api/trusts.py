"""Trusts, a trust's history and one trust-quarter, and the public releases."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Query, Schema

from leaguetables import queries
from leaguetables.models import Quarter, Trust, TrustQuarter
from leaguetables.presentation import columns, open_data
from leaguetables.presentation import trust as trust_page
from leaguetables.presentation.rows import TrustRef
from leaguetables.presentation.trust import Contribution, HistoryRow, MetricLine, WhatIf
from leaguetables.web.api.base import api
from leaguetables.web.api.common import (
    CSV,
    ERRORS,
    LEAGUE_QUARTER_ERRORS,
    Format,
    QuarterSlug,
    TrustCode,
    context,
    site_context,
)
from leaguetables.web.api.leagues import LeagueQuarterContext, LeagueRowSchema
from leaguetables.web.api.schemas import Context, schema_of
from leaguetables.web.views.common import check_withdrawn, download

# Text a query may hold: no control characters (the site refuses them in any address).
SearchText = Annotated[str, Query(max_length=100, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$",
                                  description="Words of a trust's name or region, or its ODS "
                                  "code; empty: every trust")]  # fmt: skip


class TrustsOut(Schema):
    context: Context
    trusts: list[schema_of(open_data.TrustEntry)]  # type: ignore[valid-type]


class HistoryOut(Schema):
    context: LeagueQuarterContext
    trust: schema_of(TrustRef)  # type: ignore[valid-type]
    latest: LeagueRowSchema  # type: ignore[valid-type]
    history: list[schema_of(HistoryRow, properties=())]  # type: ignore[valid-type]


class TrustQuarterOut(Schema):
    context: LeagueQuarterContext
    trust: schema_of(TrustRef)  # type: ignore[valid-type]
    row: LeagueRowSchema  # type: ignore[valid-type]
    metrics: list[schema_of(MetricLine, properties=("metric_id", "period"))]  # type: ignore[valid-type]
    what_if: list[schema_of(WhatIf)]  # type: ignore[valid-type]
    contributions: list[schema_of(Contribution)]  # type: ignore[valid-type]


class ReleasesOut(Schema):
    context: Context
    releases: list[schema_of(open_data.ReleaseEntry)]  # type: ignore[valid-type]


@api.get("/trusts", response={200: TrustsOut, **ERRORS}, summary="Trusts", tags=["trusts"])
def trusts(request: HttpRequest, q: SearchText = ""):
    """Every trust with a public quarter, as its latest public quarter names it; `q` narrows
    to an ODS code, or to every word of the query in a name or region."""
    return {"context": site_context(queries.is_illustrative()),
            "trusts": open_data.trust_entries(q.strip())}  # fmt: skip


def _load(code: str, quarter: str | None):
    try:
        trust_obj, tq, history = trust_page.load(code, quarter)
    except (Trust.DoesNotExist, TrustQuarter.DoesNotExist):
        if quarter is not None and (league := queries.league_of_trust(code)) is not None:
            check_withdrawn(league, *Quarter.parse_slug(quarter))
        raise Http404("No such trust or quarter with public results") from None
    page = trust_page.build(trust_obj, tq, history, illustrative=queries.is_illustrative(),
                            charts_wanted=False)  # fmt: skip
    return trust_obj, tq, page


@api.get("/trusts/{code}", response={200: HistoryOut, **ERRORS}, openapi_extra=CSV,
         summary="A trust's history", tags=["trusts"])  # fmt: skip
def history(request: HttpRequest, code: TrustCode, format: Format = "json"):
    """A trust's latest public quarter in full, and its segment, rank (with likely range) and
    average score in every public quarter, oldest first."""
    trust_obj, tq, page = _load(code, None)
    if format == "csv":
        name = f"{trust_obj.ods_code}-history"
        return download("csv", name, columns.TRUST_HISTORY_COLUMNS, page.history, page.meta)
    return {"context": context(page.meta), "trust": page.current, "latest": page.row,
            "history": page.history}  # fmt: skip


@api.get("/trusts/{code}/{quarter}", response={200: TrustQuarterOut, **LEAGUE_QUARTER_ERRORS},
         openapi_extra=CSV, summary="A trust's quarter", tags=["trusts"])  # fmt: skip
def trust_quarter(request: HttpRequest, code: TrustCode, quarter: QuarterSlug,
                  format: Format = "json"):  # fmt: skip
    """One public trust-quarter: its league row with every context note, each metric's value
    and score, the ranks under other rules, and what moved its average."""
    trust_obj, tq, page = _load(code, quarter)
    if format == "csv":
        rows = [trust_page.TrustMetricRow(page, line, value)
                for services in page.grouped.values() for lines in services.values()
                for line in lines for value in (line.values or [None])]  # fmt: skip
        name = f"{trust_obj.ods_code}-{tq.quarter.slug}"
        return download("csv", name, columns.TRUST_METRIC_COLUMNS, rows, page.meta)
    return {"context": context(page.meta), "trust": page.current, "row": page.row,
            "metrics": page.lines, "what_if": page.what_if,
            "contributions": page.contributions}  # fmt: skip


@api.get("/releases", response={200: ReleasesOut, **ERRORS}, summary="Releases",
         tags=["releases"])  # fmt: skip
def releases(request: HttpRequest):
    """Every public release (a league's quarter), newest first, with when it became public."""
    return {"context": site_context(queries.is_illustrative()),
            "releases": open_data.public_releases()}  # fmt: skip
