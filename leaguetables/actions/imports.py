"""Importing NHS England's files, and deriving again what imports derive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.importing import derive, metrics, targets, writes
from leaguetables.importing.writes import Progress, RowCounts
from leaguetables.models import (
    ContextNote,
    ImportRecord,
    League,
    MetricResult,
    Quarter,
    Release,
    Revision,
    TrustQuarter,
)
from leaguetables.nof import files
from leaguetables.nof.files import FileKind
from leaguetables.presentation import bulk


@dataclass
class ImportResult:
    record: ImportRecord | None
    source: str
    kind: str
    league: str
    quarters: list[str]
    trusts: int
    metrics: int
    rows: int
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    already_imported: bool = False
    reproduction: list[str] = field(default_factory=list)
    releases: dict[str, str] = field(default_factory=dict)  # quarter -> the release's state

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.source}: already imported (same contents, sha256) — nothing changed"
        lines = [
            f"{self.source}: {self.kind.replace('_', ' ')} for {self.league}, "
            f"{', '.join(self.quarters)}",
            f"  {_count(self.trusts, 'trust')}, {_count(self.metrics, 'metric')}, "
            f"{_count(len(self.quarters), 'quarter')}, {_count(self.rows, 'row')}: "
            f"{self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged",
        ]
        lines += [f"  reproduction check {line}" for line in self.reproduction]
        draft = "draft, not public: publish it with manage.py publish"
        lines += [
            f"  {label}: {draft if state == 'draft' else state}"
            for label, state in self.releases.items()
        ]
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def import_file(
    *,
    content: bytes | BinaryIO,
    source: str,
    quarter: tuple[int, int] | None = None,
    progress: Progress | None = None,
    illustrative: bool = False,
    published_on: date | None = None,
    draft: bool = False,
    actor: AbstractBaseUser | None = None,
) -> ImportResult:
    """Import one NOF file (metric data or league table) in one transaction.

    Raises files.NOFFileError, naming the row and column, before anything is written.
    Illustrative (demo) data and NHS England's real data never share a database: real trust
    names must never stand beside invented numbers. `published_on` is the date NHS England
    published the file's latest quarter.

    A quarter new to the league becomes a release: published at once, or with `draft` a draft
    that no public page shows until it is published (`publish_release`). A quarter already
    released keeps its release as it stands. A draft import cannot change what is already
    public: a file that would change a public quarter's figures (a revision) is refused whole.
    """
    parsed = files.parse(content, source, quarter=quarter)
    digest = parsed.sha256
    result = ImportResult(
        record=None,
        source=source,
        kind=parsed.kind.value,
        league=parsed.league,
        quarters=[files.quarter_label(q) for q in parsed.quarters],
        trusts=len(parsed.trust_codes),
        metrics=len({r.metric_id for r in parsed.rows})
        if parsed.kind is FileKind.METRIC_DATA
        else 0,
        rows=len(parsed.rows),
    )
    with transaction.atomic():
        if ImportRecord.objects.filter(sha256=digest).exists():
            result.already_imported = True
            return result
        mixed = ImportRecord.objects.exclude(illustrative=illustrative).first()
        if mixed is not None:
            held = "illustrative demo data" if mixed.illustrative else "NHS England's real data"
            raise files.NOFFileError(
                source,
                f"this database holds {held} ({mixed.source}); demo and real data never mix: "
                "use a fresh database",
            )
        league = targets.league(parsed.league)
        quarters = targets.quarters(parsed)
        releases = targets.releases(league, quarters, draft=draft)
        record = ImportRecord.objects.create(
            illustrative=illustrative,
            source=source[:500],
            sha256=digest,
            kind=parsed.kind.value,
            league=league,
            rows=len(parsed.rows),
        )
        record.quarters.set(quarters.values())
        latest = quarters[max(quarters)]
        if published_on is not None and latest.published_on != published_on:
            latest.published_on = published_on
            latest.save(update_fields=["published_on"])
        if published_on is not None and not draft:  # a draft's date is not public yet
            for restated in quarters.values():
                if restated is not latest and (
                    restated.restated_on is None or restated.restated_on < published_on
                ):
                    restated.restated_on = published_on
                    restated.save(update_fields=["restated_on"])
        counts = RowCounts()
        trust_quarters = writes.trust_quarters(parsed, league, quarters, record, releases, counts)
        if parsed.kind is FileKind.METRIC_DATA:
            writes.write_results(parsed, league, trust_quarters, record, counts, progress)
            metrics.refresh_directions(league, {year for year, _ in quarters})
            metrics.refresh_score_checks(league, list(quarters.values()))
        else:
            writes.write_league_rows(parsed, trust_quarters, record, counts)
        result.added, result.changed, result.unchanged = (
            counts.added,
            counts.changed,
            counts.unchanged,
        )
        if draft:
            _refuse_revisions_of_public_quarters(source, releases, counts)
        result.releases = {
            quarters[key].label: release.state for key, release in sorted(releases.items())
        }
        reports = derive.refresh_league_quarters(league=league, quarters=list(quarters.values()))
        for _, quarter_obj in sorted(quarters.items()):
            result.reproduction.append(f"{quarter_obj.label}: {reports[quarter_obj.pk]}")
        record.rows_added, record.rows_changed = counts.added, counts.changed
        record.rows_unchanged = counts.unchanged
        record.reproduction_summary = "\n".join(result.reproduction)
        record.save()
        result.record = record
        bump()
        transaction.on_commit(analyse)
        audit.record(
            "import", f"{source} ({league.slug}, {', '.join(result.quarters)})", actor=actor,
            detail=f"{counts.added} added, {counts.changed} changed, "
            f"{counts.unchanged} unchanged; " + ", ".join(
                f"{label}: {state}" for label, state in result.releases.items()
            ),
        )  # fmt: skip
        if not draft:
            bulk.published()
    return result


def analyse() -> None:
    """Refresh PostgreSQL's planner statistics for the tables an import grows, once it has
    committed: a table ten times larger than the planner believes gets the wrong join plans
    (autovacuum catches up only later). SQLite plans without them."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (TrustQuarter, MetricResult, ContextNote, Revision)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _refuse_revisions_of_public_quarters(
    source: str, releases: dict[tuple[int, int], Release], counts: RowCounts
) -> None:
    """A draft holds new figures only: figures already public stay as published until a file
    that changes them is imported to be published at once."""
    public = sorted(key for key in counts.touched if releases[key].is_public())
    if public:
        labels = ", ".join(files.quarter_label(key) for key in public)
        raise files.NOFFileError(
            source,
            f"would change the published figures of {labels}, which the public can see already; "
            "a draft cannot hold a revision of a published quarter: import this file without "
            "--draft when NHS England publishes it",
        )


def set_publication_dates(*, dates: dict[tuple[int, int], date]) -> None:
    """Record when NHS England published each quarter's files."""
    with transaction.atomic():
        for (year, number), published in dates.items():
            Quarter.objects.filter(financial_year=year, quarter=number).update(
                published_on=published
            )
        bump()


def derived_figures_missing() -> bool:
    """Whether imported rows lack the automatic notes every import derives: a database upgraded
    by a migration that could not derive them itself."""
    return TrustQuarter.objects.exists() and not ContextNote.objects.filter(automatic=True).exists()


def refresh_everything() -> list[str]:
    """Recompute the derived figures and automatic notes of every league-quarter."""
    lines = []
    with transaction.atomic():
        for league in League.objects.all():
            quarters = list(Quarter.objects.filter(trust_quarters__league=league).distinct())
            if not quarters:
                continue
            metrics.refresh_directions(league, {q.financial_year for q in quarters})
            metrics.refresh_score_checks(league, quarters)
            reports = derive.refresh_league_quarters(league=league, quarters=quarters)
            for quarter in sorted(quarters, key=lambda q: (q.financial_year, q.quarter)):
                lines.append(f"{league.slug} {quarter.label}: {reports[quarter.pk]}")
        bump()
    return lines
