"""Bulk open data: one tidy CSV per league (every public quarter, one row per
trust-quarter-metric, with the trust's numeric rank, segment, likely range and the kinds of
its context notes), one CSV of the notes themselves per league, and a Frictionless
`datapackage.json` describing them (fields, types, licence, sources, sha256 of each file).

Built from the same typed rows as the pages (`whole_table`, `definitions`) and written by
`exports`; which version of the data they are is `queries.bulk.data_version()`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from leaguetables import queries
from leaguetables.models import League, Metric
from leaguetables.nof.metric_ids import metric_key
from leaguetables.presentation import columns, exports, open_data
from leaguetables.presentation.exports import Column, Kind
from leaguetables.presentation.league import LeagueRow, league_rows
from leaguetables.presentation.rows import (
    LICENCE,
    LICENCE_URL,
    NOF_SOURCE_URL,
    QuarterRef,
    Source,
    TableMeta,
)
from leaguetables.queries import PublishedValue, public
from leaguetables.queries.bulk import data_version

PACKAGE_NAME = "nhs-oversight-framework-league-tables"
PACKAGE = "datapackage.json"


@dataclass(frozen=True)
class MetricRow:
    """One published result: a trust-quarter's value (or score) on one metric, in one unit."""

    row: LeagueRow
    metric: Metric
    result: PublishedValue
    meta: TableMeta
    caveat: str | None = None  # what the metric does not show (ours), as every download says


@dataclass(frozen=True)
class QuarterNote:
    entry: open_data.NoteRow
    meta: TableMeta

    def __getattr__(self, name: str) -> Any:  # NOTE_COLUMNS read the note row's fields
        return getattr(self.entry, name)


METRIC_COLUMNS: tuple[Column, ...] = (
    Column("League", Kind.TEXT, lambda r: r.row.league_slug, "The league."),
    Column("Quarter", Kind.TEXT, lambda r: r.row.quarter.label, "The quarter."),
    Column("Publication_date", Kind.DATE, lambda r: r.row.quarter.published_on,
           "When NHS England published the quarter's files."),
    Column("Trust_code", Kind.TEXT, lambda r: r.row.trust.code, "The trust's ODS code."),
    Column("Trust_name", Kind.TEXT, lambda r: r.row.trust.name, "The trust's name that quarter."),
    Column("Trust_subtype", Kind.TEXT, lambda r: r.row.trust.subtype, "The kind of trust."),
    Column("Region", Kind.TEXT, lambda r: r.row.trust.region, "NHS England region."),
    Column("Rank", Kind.WHOLE, lambda r: r.row.rank, "League rank that quarter."),
    Column("Likely_rank_low", Kind.WHOLE, lambda r: r.row.rank_low,
           "Best end of the likely range of rank."),
    Column("Likely_rank_high", Kind.WHOLE, lambda r: r.row.rank_high,
           "Other end of the likely range of rank."),
    Column("Segment", Kind.WHOLE, lambda r: r.row.segment,
           "Segment after the financial override, 1 to 4."),
    Column("Average_score", Kind.NUMBER, lambda r: r.row.average_score,
           "Average metric score, 1 (best) to 4."),
    Column("Domain", Kind.TEXT, lambda r: r.metric.domain, "NHS England's domain."),
    Column("Service", Kind.TEXT, lambda r: r.metric.sub_domain or None,
           "NHS England's sub-domain."),
    Column("Metric_ID", Kind.TEXT, lambda r: r.metric.metric_id,
           "NHS England's ID: OF0xxx a value, OF1xxx its score."),
    Column("Metric_kind", Kind.TEXT, lambda r: r.metric.kind, "value or score."),
    Column("Metric", Kind.TEXT, lambda r: r.metric.description, "NHS England's description."),
    Column("Units", Kind.TEXT, lambda r: r.metric.units or None, "The value's unit."),
    Column("Direction", Kind.TEXT, lambda r: r.metric.direction,
           "Whether higher or lower values are better, read from the scores."),
    Column("Counts_towards_average", Kind.FLAG, lambda r: r.metric.counts_towards_average,
           "Whether this metric's score counts towards the average score."),
    Column("Caveat", Kind.TEXT, lambda r: r.caveat,
           "What the metric does not show (ours, with its source on the metric's page)."),
    Column("Reporting_period", Kind.TEXT, lambda r: r.result.reporting_period or None,
           "The period the figure covers, which can be older than the quarter."),
    Column("Value", Kind.NUMBER, lambda r: r.result.value,
           "The published value or score (empty: suppressed or not published)."),
    Column("League_median", Kind.NUMBER, lambda r: r.result.median_value,
           "Median of trusts of the same type, as published."),
    Column("Lower_quartile", Kind.NUMBER, lambda r: r.result.lower_quartile, "As published."),
    Column("Upper_quartile", Kind.NUMBER, lambda r: r.result.upper_quartile, "As published."),
    Column("Published_rank", Kind.WHOLE, lambda r: r.result.published_rank,
           "NHS England's rank of the value within the trust type."),
    Column("Context_note_kinds", Kind.TEXT,
           lambda r: " | ".join(note.kind for note in r.row.notes) or None,
           "The kinds of the trust-quarter's context notes; the notes in full are in the "
           "league's notes file."),
    Column("Source", Kind.TEXT, lambda r: r.meta.source_text,
           "NHS England's files these numbers came from (the licence: datapackage.json)."),
)  # fmt: skip

NOTE_COLUMNS: tuple[Column, ...] = tuple(
    Column(c.name, c.kind, (lambda r, m=c.from_meta: m(r.meta)), c.description)
    if c.from_meta is not None
    else c
    for c in columns.NOTE_COLUMNS
)


def _csv(cols: Sequence[Column], rows: Sequence[Any]) -> bytes:
    # Machine-read files: no byte-order mark (the web downloads keep theirs for spreadsheets).
    return exports.to_csv(cols, rows, None).removeprefix(exports.BOM).encode()  # type: ignore[arg-type]


def _table(league: League, quarter) -> tuple[list[int], list[LeagueRow], TableMeta]:
    """A public league-quarter's whole table, as `whole_table` reads it, with each row's
    trust-quarter id (to find its results)."""
    facets = queries.facets(league, quarter)
    trust_quarters = queries.league_table(queries.league_table_base(league, quarter), league,
                                          quarter)  # fmt: skip
    notes = queries.notes_for(tq.pk for tq in trust_quarters)
    rows = league_rows(trust_quarters, notes, [facet.league_rank for facet in facets])
    meta = TableMeta("league", league.slug, league.name, QuarterRef.of(quarter),
                            tuple(Source.of(r) for r in queries.sources(league, quarter)),
                            queries.is_illustrative())  # fmt: skip
    return [tq.pk for tq in trust_quarters], rows, meta


def league_files(league: League) -> dict[str, bytes]:
    """A league's two files, every public quarter, oldest first."""
    metric_rows: list[MetricRow] = []
    note_rows: list[QuarterNote] = []
    caveats = {key: caveat.text for key, caveat in queries.caveats_for(league).items()}
    for quarter in reversed(queries.quarters(league)):
        pks, rows, meta = _table(league, quarter)
        metrics = queries.league_metrics(league, quarter)
        results = queries.results_for(league, quarter, metrics)
        order = sorted(metrics, key=lambda m: (m.metric_id, m.units))
        for pk, row in zip(pks, rows, strict=True):
            found = results.get(pk, {})
            metric_rows += [
                MetricRow(row, m, found[m.pk], meta, caveats.get(metric_key(m.metric_id)))
                for m in order
                if m.pk in found
            ]
        note_rows += [QuarterNote(note, meta) for note in open_data.note_rows(rows)]
    return {
        f"{league.slug}.csv": _csv(METRIC_COLUMNS, metric_rows),
        f"{league.slug}-notes.csv": _csv(NOTE_COLUMNS, note_rows),
    }


FIELD_TYPES = {
    Kind.NHS_NUMBER: {"type": "number"}, Kind.NUMBER: {"type": "number"},
    Kind.WHOLE: {"type": "integer"}, Kind.DATE: {"type": "date"},
    Kind.FLAG: {"type": "boolean", "trueValues": ["Yes"], "falseValues": ["No"]},
    Kind.NHS_FLAG: {"type": "boolean", "trueValues": ["Yes"], "falseValues": ["No"]},
}  # fmt: skip


def _schema(cols: Sequence[Column], key: list[str]) -> dict[str, Any]:
    return {
        "fields": [
            {
                "name": c.name,
                **FIELD_TYPES.get(c.kind, {"type": "string"}),
                "description": c.description,
            }
            for c in cols
        ],  # fmt: skip
        "primaryKey": key,
        "missingValues": [""],
    }


def _resource(name: str, content: bytes, title: str, cols, key) -> dict[str, Any]:
    return {
        "name": name.removesuffix(".csv"),
        "path": name,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": _schema(cols, key),
    }


def everything(version: str) -> dict[str, bytes]:
    """Every bulk file, the data package description among them, for one data version: the
    public's data, whoever's request or action asks."""
    with public.viewing(public.PUBLIC):
        return _everything(version)


def _everything(version: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    resources, sources = [], {}
    for league in queries.leagues():
        files = league_files(league)
        found.update(files)
        data, notes = files[f"{league.slug}.csv"], files[f"{league.slug}-notes.csv"]
        resources += [
            _resource(f"{league.slug}.csv", data, f"{league.name}: every published metric, "
                      "every public quarter", METRIC_COLUMNS,
                      ["Quarter", "Trust_code", "Metric_ID", "Units"]),
            _resource(f"{league.slug}-notes.csv", notes, f"{league.name}: every context note",
                      NOTE_COLUMNS, []),
        ]  # fmt: skip
        for quarter in queries.quarters(league):
            for record in queries.sources(league, quarter):
                source = Source.of(record)
                sources[source.sha256] = {"title": source.file_name, "path": source.href,
                                          "sha256": source.sha256}  # fmt: skip
    for resource in resources:
        if not resource["schema"]["primaryKey"]:
            del resource["schema"]["primaryKey"]
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "NHS Oversight Framework league tables, with their context",
        "description": "NHS England's NHS Oversight Framework league tables as published, one "
        "row per trust, quarter and metric, with each trust's rank, likely range, segment and "
        "context notes. Published releases only.",
        "version": version,
        "homepage": "/about/data/",
        "licenses": [{"name": "OGL-UK-3.0", "path": LICENCE_URL, "title": LICENCE}],
        "sources": [
            {"title": "NHS England, NHS Oversight Framework", "path": NOF_SOURCE_URL},
            *sorted(sources.values(), key=lambda s: s["title"]),
        ],  # fmt: skip
        "resources": resources,
    }
    found[PACKAGE] = json.dumps(package, indent=1, ensure_ascii=False).encode()
    return found


# Publication hook: a copy on disk for a mirror -----------------------------------------------


def write_directory(directory: Path) -> list[Path]:
    """Write every bulk file of the data as it stands now into `directory` (replacing each
    file whole, so a reader never sees half of one)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in everything(data_version()).items():
        target = directory / name
        partial = target.with_suffix(target.suffix + ".partial")
        partial.write_bytes(content)
        partial.replace(target)
        written.append(target)
    return written


def published() -> None:
    """Called by every action that changes what is public (an import, a publication, a
    withdrawal): once its transaction commits, refresh the copy in BULK_DATA_DIR, if one is
    configured. The files served at /data/bulk/ do not depend on it: they are made on request
    for the current data version, which also covers a release that becomes public at its
    scheduled instant with no action at all."""
    directory = getattr(settings, "BULK_DATA_DIR", None)
    if directory:
        transaction.on_commit(lambda: write_directory(Path(directory)))
