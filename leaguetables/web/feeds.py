"""Atom feeds (Django's syndication framework): every public release, a league's releases, a
trust's quarters. Each entry says what changed (segments, ranks) and whether it is beyond
noise (outside the likely range). Always the public's view, whoever is signed in: a feed is
read by feed readers and shared caches, never a preview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed

from leaguetables import queries
from leaguetables.models import League, Trust, TrustQuarter
from leaguetables.presentation import open_data, words
from leaguetables.presentation.league import LeagueRow, league_row, whole_table
from leaguetables.presentation.rows import LICENCE_TEXT
from leaguetables.queries import public

AUTHOR = "leaguetables, from NHS England's NHS Oversight Framework"
LATEST = 40  # entries a feed holds


class PublicFeed(Feed):
    feed_type = Atom1Feed
    author_name = AUTHOR
    feed_copyright = LICENCE_TEXT

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with public.viewing(public.PUBLIC):
            return super().__call__(request, *args, **kwargs)


def _release_summary(entry: open_data.ReleaseEntry) -> tuple[str, datetime]:
    """What changed in a release: its segment and rank moves, and how many lie beyond noise."""
    league = queries.league(entry.league_slug)
    quarter = next(q for q in queries.quarters(league) if q.slug == entry.quarter.slug)
    rows, _ = whole_table(league, quarter)
    changes = open_data.table_changes(rows)
    parts = [f"{words.count(len(rows), 'trust')} in the table."]
    if not any(row.previous_rank is not None for row in rows):
        parts.append("The league's first published quarter here: no change to report.")
    else:
        segments = changes.segments
        if segments is None or not segments.changed:
            parts.append("No trust changed segment.")
        else:
            parts.append(
                f"{words.count(segments.changed, 'trust')} changed segment: "
                f"{segments.override} by the financial override, {segments.beyond_noise} "
                f"beyond the likely range (beyond noise), {segments.within_noise} within it."
            )
        parts.append(
            f"{words.count(changes.rank_moves, 'trust')} moved rank; "
            f"{changes.beyond_noise} of the movements lie beyond noise (last quarter's "
            "average outside this quarter's likely range)."
        )
    return " ".join(parts), entry.public_since


class ReleasesFeed(PublicFeed):
    title = "NHS Oversight Framework league tables: releases"
    link = "/releases/"
    subtitle = ("Each league's quarter as it becomes public, with what changed and whether it "
                "is beyond noise.")  # fmt: skip
    league_slug: str | None = None

    def items(self, obj=None) -> list[open_data.ReleaseEntry]:
        return open_data.public_releases(self.league_slug_of(obj))[:LATEST]

    def league_slug_of(self, obj) -> str | None:
        return None

    def item_title(self, item: open_data.ReleaseEntry) -> str:
        return f"{item.league_name}, {item.quarter.label}: published"

    def item_link(self, item: open_data.ReleaseEntry) -> str:
        return f"/leagues/{item.league_slug}/{item.quarter.slug}/"

    def item_guid(self, item: open_data.ReleaseEntry) -> str:
        return f"tag:leaguetables,2026:release/{item.key}"

    item_guid_is_permalink = False

    def item_description(self, item: open_data.ReleaseEntry) -> str:
        return _release_summary(item)[0]

    def item_pubdate(self, item: open_data.ReleaseEntry) -> datetime:
        return item.public_since

    def item_updateddate(self, item: open_data.ReleaseEntry) -> datetime:
        return item.public_since


class LeagueFeed(ReleasesFeed):
    def get_object(self, request: HttpRequest, league: str) -> League:
        try:
            return queries.league(league)
        except League.DoesNotExist:
            raise Http404(f"No league {league!r}") from None

    def league_slug_of(self, obj: League) -> str:
        return obj.slug

    def title(self, obj: League) -> str:
        return f"NHS Oversight Framework: {obj.name}"

    def link(self, obj: League) -> str:
        return f"/leagues/{obj.slug}/"

    def subtitle(self, obj: League) -> str:
        return f"Each {obj.name.lower()} quarter as it becomes public, with what changed."


@dataclass(frozen=True)
class QuarterEntry:
    row: LeagueRow
    public_since: datetime


def _quarter_rows(history: list[TrustQuarter]) -> list[QuarterEntry]:
    """Each public quarter of a trust as its league table row, newest first."""
    found = []
    for tq in history:
        ranks = queries.league_quarter_ranks(tq.league, tq.quarter)
        ties = Counter(rank for rank in ranks if rank is not None)
        row = league_row(tq, size=len(ranks), tied=ties[tq.league_rank] > 1, notes=tq.notes.all())
        found.append(QuarterEntry(row, tq.release.public_since() or tq.release.created_at))
    return list(reversed(found))[:LATEST]


class TrustFeed(PublicFeed):
    def get_object(self, request: HttpRequest, code: str) -> tuple[Trust, list[QuarterEntry]]:
        try:
            trust, history = queries.trust_history(code)
        except Trust.DoesNotExist:
            raise Http404("No such trust with public results") from None
        return trust, _quarter_rows(history)

    def title(self, obj) -> str:
        return f"NHS Oversight Framework: {obj[1][0].row.trust.name}"

    def link(self, obj) -> str:
        return f"/trusts/{obj[0].ods_code}/"

    def subtitle(self, obj) -> str:
        return ("Each public quarter of the trust: its segment and rank, what changed and "
                "whether it is beyond noise.")  # fmt: skip

    def items(self, obj) -> list[QuarterEntry]:
        return obj[1]

    def item_title(self, entry: QuarterEntry) -> str:
        row = entry.row
        segment = f"segment {row.segment}" if row.segment else "segment not published"
        return (f"{row.quarter.label}: {segment}, {words.rank_text(row.rank, row.tied)} of "
                f"{row.league_size}")  # fmt: skip

    def item_link(self, entry: QuarterEntry) -> str:
        return entry.row.href

    def item_guid(self, entry: QuarterEntry) -> str:
        return f"tag:leaguetables,2026:trust/{entry.row.trust.code}/{entry.row.quarter.slug}"

    item_guid_is_permalink = False

    def item_description(self, entry: QuarterEntry) -> str:
        row, parts = entry.row, []
        if row.rank_range:
            parts.append(f"Likely range of rank {words.rank_range_text(*row.rank_range)}.")
        change = words.row_change(row)
        parts.append(f"Change since the previous quarter: {change}.")
        if row.previous_rank is not None and row.rank_change:
            noise = {True: "beyond noise (outside the likely range)",
                     False: "within noise (inside the likely range)",
                     None: "not assessed against noise"}[row.movement_beyond_noise]  # fmt: skip
            parts.append(f"The movement is {noise}.")
        parts += [f"Note: {note.short}" for note in row.notes]
        return " ".join(parts)

    def item_pubdate(self, entry: QuarterEntry) -> datetime:
        return entry.public_since

    def item_updateddate(self, entry: QuarterEntry) -> datetime:
        return entry.public_since


releases = ReleasesFeed()
league = LeagueFeed()
trust = TrustFeed()
