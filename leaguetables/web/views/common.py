"""What every public view shares: rendering, the league-quarter an address names, downloads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from leaguetables import queries
from leaguetables.models import League, Quarter
from leaguetables.presentation import exports
from leaguetables.presentation.exports import Column
from leaguetables.presentation.rows import TableMeta

DOWNLOADS = ("csv", "json")
HOME = {"text": "Home", "href": "/"}


def render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    if "illustrative" not in context:
        context["illustrative"] = queries.is_illustrative()
    # The page's reads are done: they say whether it shows anything the public cannot see.
    context["preview"] = queries.preview_seen()
    return HttpResponse(render_to_string(template, context, request=request), status=status)


class WithdrawnRelease(Http404):
    """An address of a withdrawn release: its page says when and why (handler404, status 410)."""

    def __init__(self, release):
        super().__init__(f"{release} was withdrawn")
        self.release = release


def check_withdrawn(league_slug: str, year: int, number: int) -> None:
    if (found := queries.withdrawn(league_slug, year, number)) is not None:
        raise WithdrawnRelease(found)


def league_quarter(league_slug: str, quarter_slug: str) -> tuple[League, Quarter, list[Quarter]]:
    """The public league-quarter an address names, and the league's public quarters (newest
    first, for the switcher); 404 for anything else."""
    try:
        league = queries.league(league_slug)
    except League.DoesNotExist:
        raise Http404(f"No league {league_slug!r}") from None
    try:
        year, number = Quarter.parse_slug(quarter_slug)
    except ValueError:
        raise Http404(f"No quarter {quarter_slug!r}") from None
    quarters = queries.quarters(league)
    for quarter in quarters:
        if (quarter.financial_year, quarter.quarter) == (year, number):
            return league, quarter, quarters
    check_withdrawn(league_slug, year, number)
    raise Http404(f"No {league.name.lower()} results for {quarter_slug!r}")


def league_crumbs(league: League, quarter: Quarter) -> list[dict[str, str]]:
    return [HOME, {"text": f"{league.name}, {quarter.label}",
                   "href": f"/leagues/{league.slug}/{quarter.slug}/"}]  # fmt: skip


def check_page(request: HttpRequest) -> None:
    """Every table shows all its rows on one page: only page 1 exists."""
    page = request.GET.get("page")
    if page not in (None, "", "1"):
        raise Http404("This table has one page")


def wants_download(request: HttpRequest) -> str | None:
    """`?download=csv` or `json`; any other format is a 400 that names the two."""
    kind = request.GET.get("download")
    if kind is not None and kind not in DOWNLOADS:
        raise BadRequest(
            f"We cannot download this table as {kind[:20]!r}. Downloads are CSV "
            "(?download=csv) or JSON (?download=json)."
        )
    return kind


def download(
    kind: str, name: str, columns: Sequence[Column], rows: Sequence[Any], meta: TableMeta
) -> HttpResponse:
    """A table as CSV or JSON, written by the one exports module."""
    if kind == "csv":
        response = HttpResponse(
            exports.to_csv(columns, rows, meta), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.to_json(columns, rows, meta), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
