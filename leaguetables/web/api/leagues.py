"""Leagues, their public quarters, league tables, notes, metrics and services."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Schema

from leaguetables import queries
from leaguetables.presentation import columns, open_data, service_tables
from leaguetables.presentation import services as service_pages
from leaguetables.presentation.league import LeagueRow, whole_table
from leaguetables.presentation.rows import QuarterRef
from leaguetables.presentation.services import MetricDefinition, MetricRow, ServiceRow
from leaguetables.web.api.base import api
from leaguetables.web.api.common import (
    CSV,
    ERRORS,
    LEAGUE_QUARTER_ERRORS,
    Format,
    LeagueSlug,
    MetricId,
    QuarterSlug,
    ServiceSlug,
    context,
    site_context,
)
from leaguetables.web.api.schemas import Context, schema_of
from leaguetables.web.views.common import download, league_quarter

LeagueEntrySchema = schema_of(open_data.LeagueEntry, properties=("latest",))
LeagueRowSchema = schema_of(LeagueRow, properties=("rank_change", "rank_range", "href"))
NoteRowSchema = schema_of(open_data.NoteRow)
QuarterSchema = schema_of(QuarterRef)


class LeagueQuarterContext(Context):
    league: str
    league_name: str
    quarter: QuarterSchema  # type: ignore[valid-type]


def _out(name: str, **fields):
    """A response schema: the context, then the named fields."""
    return type(name, (Schema,), {"__annotations__": {"context": LeagueQuarterContext,
                                                                 **fields}})  # fmt: skip


LeaguesOut = type("LeaguesOut", (Schema,), {
    "__annotations__": {"context": Context, "leagues": list[LeagueEntrySchema]}})  # fmt: skip
LeagueOut = type("LeagueOut", (Schema,), {
    "__annotations__": {"context": Context, "league": LeagueEntrySchema}})  # fmt: skip
TableOut = _out(
    "LeagueTableOut", rows=list[LeagueRowSchema], changes=schema_of(open_data.TableChanges)
)
NotesOut = _out("NotesOut", notes=list[NoteRowSchema])
MetricsOut = _out("MetricsOut", metrics=list[schema_of(MetricDefinition)])
MetricOut = _out(
    "MetricTableOut",
    metric=schema_of(MetricDefinition),
    # What the metric does not show (ours): text, source and source_url; null where none.
    caveat=dict[str, str] | None,
    rows=list[schema_of(MetricRow, properties=("rank",))],
)
ServicesOut = _out("ServicesOut", services=dict[str, str])
ServiceOut = _out(
    "ServiceTableOut",
    service=str,
    metrics=list[schema_of(MetricDefinition)],
    counting=list[str],
    rows=list[schema_of(ServiceRow)],
)


@api.get("/leagues", response={200: LeaguesOut, **ERRORS}, summary="Leagues",
         tags=["leagues"])  # fmt: skip
def leagues(request: HttpRequest):
    """Every league with public results, and its public quarters, newest first."""
    return {"context": site_context(queries.is_illustrative()),
            "leagues": open_data.league_entries()}  # fmt: skip


@api.get("/leagues/{league}", response={200: LeagueOut, **ERRORS}, summary="A league",
         tags=["leagues"])  # fmt: skip
def league(request: HttpRequest, league: LeagueSlug):
    """A league and its public quarters, newest first."""
    found = next((e for e in open_data.league_entries() if e.slug == league), None)
    if found is None:
        raise Http404(f"No league {league!r} with public results")
    return {"context": site_context(queries.is_illustrative()), "league": found}


@api.get("/leagues/{league}/{quarter}", response={200: TableOut, **LEAGUE_QUARTER_ERRORS},
         openapi_extra=CSV, summary="A league table", tags=["leagues"])  # fmt: skip
def league_table(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug,
                 format: Format = "json"):  # fmt: skip
    """The whole league table of a public quarter in rank order: each trust's rank, segment,
    average score, likely ranges, counterfactual ranks, movement and context notes. The CSV
    has the same columns and values as `manage.py export_league` and the page's download."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    rows, meta = whole_table(league_obj, quarter_obj)
    if format == "csv":
        name = f"{league_obj.slug}-{quarter_obj.slug}"
        return download("csv", name, columns.LEAGUE_COLUMNS, rows, meta)
    return {"context": context(meta), "rows": rows, "changes": open_data.table_changes(rows)}


@api.get("/leagues/{league}/{quarter}/notes", response={200: NotesOut, **LEAGUE_QUARTER_ERRORS},
         openapi_extra=CSV, summary="Context notes", tags=["leagues"])  # fmt: skip
def notes(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug,
          format: Format = "json"):  # fmt: skip
    """Every context note beside a rank in a public league-quarter, one row per note."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    rows, meta = whole_table(league_obj, quarter_obj)
    found = open_data.note_rows(rows)
    if format == "csv":
        name = f"{league_obj.slug}-{quarter_obj.slug}-notes"
        return download("csv", name, columns.NOTE_COLUMNS, found, meta)
    return {"context": context(meta), "notes": found}


@api.get("/leagues/{league}/{quarter}/metrics",
         response={200: MetricsOut, **LEAGUE_QUARTER_ERRORS}, summary="Metrics",
         tags=["metrics"])  # fmt: skip
def metrics(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug):
    """The league's metrics that quarter, as its files define them: each value in its units,
    its score, and whether the score counts towards the average."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    found = service_pages.definitions(queries.league_metrics(league_obj, quarter_obj))
    return {
        "context": context(service_tables.table_meta("metrics", league_obj, quarter_obj)),
        "metrics": found,
    }


@api.get("/leagues/{league}/{quarter}/metrics/{metric_id}",
         response={200: MetricOut, **LEAGUE_QUARTER_ERRORS}, openapi_extra=CSV,
         summary="A metric table", tags=["metrics"])  # fmt: skip
def metric_table(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug,
                 metric_id: MetricId, format: Format = "json"):  # fmt: skip
    """Every trust's published value (in each unit) and score on one metric, with NHS
    England's rank of the value, ordered by that rank."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    found = service_tables.metric_table(league_obj, quarter_obj, metric_id)
    if found is None:
        raise Http404(f"No metric {metric_id!r} in this league and quarter")
    page = found.page
    definition, meta, caveat = page.definition, page.meta, page.meta.extra["caveat"]
    rows = sorted(page.rows, key=lambda row: row.rank_sort)
    if format == "csv":
        name = f"{league_obj.slug}-{quarter_obj.slug}-{definition.key}"
        return download("csv", name, columns.metric_columns(definition), rows, meta)
    return {"context": context(meta), "metric": definition, "caveat": caveat, "rows": rows}


@api.get("/leagues/{league}/{quarter}/services",
         response={200: ServicesOut, **LEAGUE_QUARTER_ERRORS}, summary="Services",
         tags=["services"])  # fmt: skip
def services(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug):
    """The services (NHS England's sub-domains) with scored metrics that quarter: slug to
    name."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    found = service_pages.services(queries.league_metrics(league_obj, quarter_obj))
    return {
        "context": context(service_tables.table_meta("services", league_obj, quarter_obj)),
        "services": found,
    }


@api.get("/leagues/{league}/{quarter}/services/{service}",
         response={200: ServiceOut, **LEAGUE_QUARTER_ERRORS}, openapi_extra=CSV,
         summary="A service table", tags=["services"])  # fmt: skip
def service_table(request: HttpRequest, league: LeagueSlug, quarter: QuarterSlug,
                  service: ServiceSlug, format: Format = "json"):  # fmt: skip
    """Every trust's values and scores on one service's metrics, and its rank on the mean of
    those scores (ranked only when scored on every counting metric)."""
    league_obj, quarter_obj, _ = league_quarter(league, quarter)
    found = service_tables.service_table(league_obj, quarter_obj, service)
    if found is None:
        raise Http404(f"No service {service!r} in this league and quarter")
    page = found.page
    meta = page.meta
    rows = [row for group in (page.ranked, page.unranked, page.not_scored)
            for row in sorted(group, key=lambda row: row.service_rank_sort)]  # fmt: skip
    if format == "csv":
        name = f"{league_obj.slug}-{quarter_obj.slug}-{service}"
        return download("csv", name, columns.service_columns(page.definitions), rows, meta)
    return {"context": context(meta), "service": page.service, "metrics": page.definitions,
            "counting": [d.key for d in page.counting], "rows": rows}  # fmt: skip


class IndexOut(Schema):
    context: Context
    version: str
    docs: str
    openapi: str
    leagues: str
    trusts: str
    releases: str
    bulk_data: str
    feeds: str


@api.get("/", response={200: IndexOut, **ERRORS}, summary="This API", tags=["about"])
def index(request: HttpRequest):
    """Where everything is: the docs, the schema, the first addresses to read, the bulk files
    and the feeds."""
    return {"context": site_context(queries.is_illustrative()), "version": "1",
            "docs": "/api/v1/docs", "openapi": "/api/v1/openapi.json",
            "leagues": "/api/v1/leagues", "trusts": "/api/v1/trusts",
            "releases": "/api/v1/releases", "bulk_data": "/data/bulk/datapackage.json",
            "feeds": "/feeds/releases.atom"}  # fmt: skip
