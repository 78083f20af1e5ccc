"""The site's leagues and quarters: switchers, the home page, redirects."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from leaguetables.models import ImportRecord, League, Quarter, Release
from leaguetables.queries import public

# The site and its switchers ----------------------------------------------------------------


def is_illustrative() -> bool:
    """Whether the site shows the fictional demo (every page then says so)."""
    return ImportRecord.objects.filter(illustrative=True).exists()


def _has_public_rows() -> Exists:
    return Exists(public.trust_quarters().filter(league=OuterRef("pk")))


def leagues() -> list[League]:
    """Leagues with public results, in their order."""
    return list(League.objects.filter(_has_public_rows()))


def league(slug: str) -> League:
    """A league with public results; League.DoesNotExist otherwise."""
    return League.objects.filter(_has_public_rows()).get(slug=slug)


def quarters(league: League) -> list[Quarter]:
    """A league's public quarters, newest first."""
    return list(
        Quarter.objects.filter(
            public.visible_rows("trust_quarters__"), trust_quarters__league=league
        )
        .distinct()
        .order_by("-financial_year", "-quarter")
    )


def latest_quarters() -> dict[int, Quarter]:
    """Each league's latest visible quarter, by league id: read from the releases (one row per
    league-quarter, each checked for a visible trust-quarter by one index probe), so the home
    page costs the same however many trusts and quarters are stored."""
    latest: dict[int, Quarter] = {}
    visible = Exists(public.trust_quarters().filter(release=OuterRef("pk")))
    for league_id, quarter_id, year, number, published_on in (
        Release.objects.filter(visible)
        .values_list(
            "league_id", "quarter_id", "quarter__financial_year", "quarter__quarter",
            "quarter__published_on",
        )
        .order_by("league_id", "quarter__financial_year", "quarter__quarter")
    ):  # fmt: skip
        latest[league_id] = Quarter(
            id=quarter_id, financial_year=year, quarter=number, published_on=published_on
        )
    return latest
