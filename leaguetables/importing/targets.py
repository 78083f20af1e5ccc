"""Where an import writes: its league, its quarters (each of a year whose rules are known) and
each quarter's release."""

from __future__ import annotations

from django.utils import timezone

from leaguetables.models import League, Quarter, Release
from leaguetables.nof import files, leagues, years
from leaguetables.nof.files import ParsedFile


def league(slug: str) -> League:
    spec = leagues.BY_SLUG[slug]
    league, _ = League.objects.update_or_create(
        slug=slug,
        defaults={"name": spec.name, "trust_type": spec.trust_type, "position": spec.position},
    )
    return league


def quarters(parsed: ParsedFile) -> dict[tuple[int, int], Quarter]:
    """The file's quarters, each of a year whose rules are known and in which NHS England
    ranked this league (ICBs from 2026/27)."""
    spec = leagues.BY_SLUG[parsed.league]
    quarters = {}
    for year, number in parsed.quarters:
        first = next(row for row in parsed.rows if row.quarter == (year, number))
        try:
            rules = years.rules_for(year)
        except years.UnknownYear as exc:
            raise files.NOFFileError(parsed.source, str(exc), first.row, "Quarter") from None
        if parsed.league not in rules.leagues or year < spec.first_year:
            raise files.NOFFileError(
                parsed.source,
                f"NHS England did not rank {spec.name.lower()} in {rules.label}",
                first.row,
                "Trust_type",
            )
        quarters[(year, number)], _ = Quarter.objects.get_or_create(
            financial_year=year, quarter=number
        )
    return quarters


def releases(
    league: League, quarters: dict[tuple[int, int], Quarter], *, draft: bool
) -> dict[tuple[int, int], Release]:
    """Each quarter's release: an existing one as it stands, else a new draft or, without
    `draft`, a release published now."""
    found = {}
    for key, quarter in quarters.items():
        now = timezone.now()
        defaults = (
            {"state": Release.State.DRAFT}
            if draft
            else {"state": Release.State.PUBLISHED, "published_at": now}
        )
        found[key], _ = Release.objects.get_or_create(
            league=league, quarter=quarter, defaults={**defaults, "created_at": now}
        )
    return found
