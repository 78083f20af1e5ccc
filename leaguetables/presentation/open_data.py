"""Typed rows the open-data surfaces share (the API, the Atom feeds, the bulk files): leagues
and their public quarters, public releases and what changed in them, one row per note.
Numbers, not words; everything read through `queries`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from leaguetables import queries
from leaguetables.models import League, Release
from leaguetables.presentation.league import LeagueRow, SegmentChanges, segment_changes
from leaguetables.presentation.rows import Note, QuarterRef, TrustRef


@dataclass(frozen=True)
class LeagueEntry:
    slug: str
    name: str
    trust_type: str
    quarters: tuple[QuarterRef, ...]  # public, newest first

    @classmethod
    def of(cls, league: League) -> LeagueEntry:
        return cls(league.slug, league.name, league.trust_type,
                   tuple(QuarterRef.of(q) for q in queries.quarters(league)))  # fmt: skip

    @property
    def latest(self) -> QuarterRef | None:
        return self.quarters[0] if self.quarters else None


def league_entries() -> list[LeagueEntry]:
    return [LeagueEntry.of(league) for league in queries.leagues()]


@dataclass(frozen=True)
class ReleaseEntry:
    """A public release: a league-quarter with when it became public."""

    league_slug: str
    league_name: str
    quarter: QuarterRef
    public_since: datetime

    @property
    def key(self) -> str:
        return f"{self.league_slug}/{self.quarter.slug}"


def public_releases(league_slug: str | None = None) -> list[ReleaseEntry]:
    """Releases whose league-quarter has public rows, newest public first. Built on the same
    definition of public as every table (`queries.public.public_rows`), so a quarter hidden
    there is absent here too."""
    public = {(league.slug, q.slug) for league in queries.leagues()
              for q in queries.quarters(league)}  # fmt: skip
    found = [
        ReleaseEntry(
            r.league.slug, r.league.name, QuarterRef.of(r.quarter), r.public_since() or r.created_at
        )  # fmt: skip
        for r in queries.calendar()
        if r.state != Release.State.WITHDRAWN
        and (r.league.slug, r.quarter.slug) in public
        and (league_slug is None or r.league.slug == league_slug)
    ]
    return sorted(found, key=lambda r: (r.public_since, r.key), reverse=True)


@dataclass(frozen=True)
class TableChanges:
    """What changed in a league-quarter since the league's previous quarter."""

    segments: SegmentChanges | None
    rank_moves: int  # trusts whose rank changed
    beyond_noise: int  # trusts whose movement lies outside the likely range


def table_changes(rows: Sequence[LeagueRow]) -> TableChanges:
    return TableChanges(
        segment_changes([row.segment_change for row in rows]),
        sum(1 for row in rows if row.rank_change),
        sum(1 for row in rows if row.movement_beyond_noise),
    )


@dataclass(frozen=True)
class NoteRow:
    """One context note of one trust-quarter (a table row of the notes downloads)."""

    quarter: QuarterRef
    trust: TrustRef
    rank: int | None
    note: Note


def note_rows(rows: Sequence[LeagueRow]) -> list[NoteRow]:
    return [NoteRow(row.quarter, row.trust, row.rank, note) for row in rows for note in row.notes]


@dataclass(frozen=True)
class TrustEntry:
    """A trust as its latest public quarter names it."""

    trust: TrustRef
    league_name: str


def trust_entries(query: str = "") -> list[TrustEntry]:
    """Trusts matching a search (`queries.search`), or with no query every public trust, as
    its latest public quarter names it."""
    if query:
        return [TrustEntry(TrustRef.of(tq), tq.league.name)
                for tq in queries.search(query, limit=10_000)]  # fmt: skip
    latest: dict[str, TrustEntry] = {}
    for league in queries.leagues():
        for quarter in reversed(queries.quarters(league)):  # oldest first: the latest wins
            for tq in queries.league_rows(league, quarter):
                latest[tq.trust.ods_code] = TrustEntry(TrustRef.of(tq), league.name)
    return sorted(latest.values(), key=lambda entry: entry.trust.sort_key)
