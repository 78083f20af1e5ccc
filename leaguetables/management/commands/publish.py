"""python manage.py publish --league L --quarter Q [--at ISO-DATETIME] — publish a release now,
or at an announced instant (no cron: it is public from the first request after that instant)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from leaguetables import actions
from leaguetables.models import League, Quarter
from leaguetables.nof.files import parse_quarter


def league_and_quarter(options: dict) -> tuple[League, Quarter]:
    """The league and quarter a release command names, or a CommandError saying what exists."""
    try:
        league = League.objects.get(slug=options["league"])
    except League.DoesNotExist:
        known = ", ".join(League.objects.values_list("slug", flat=True)) or "none imported"
        raise CommandError(f"no league {options['league']!r} (known: {known})") from None
    text = str(options["quarter"])
    try:
        year, number = parse_quarter(text) or Quarter.parse_slug(text)
        quarter = Quarter.objects.get(financial_year=year, quarter=number)
    except (ValueError, Quarter.DoesNotExist):
        raise CommandError(f"no quarter {text!r} imported (use e.g. 2025-26-q4)") from None
    return league, quarter


def add_release_arguments(parser: CommandParser) -> None:
    parser.add_argument("--league", required=True, help="acute, mental-health-and-community…")
    parser.add_argument("--quarter", required=True, help="2025-26-q4 or 'Q4 2025/26'")


def instant(text: str) -> datetime:
    """An ISO 8601 date and time; without a time zone, the site's (Europe/London)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at {text!r} is not a date and time like 2026-06-11T09:30") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Publish a league's quarter now, or schedule it for an announced instant."

    def add_arguments(self, parser: CommandParser) -> None:
        add_release_arguments(parser)
        parser.add_argument("--at", help="announced instant, e.g. 2026-06-11T09:30 (London)")

    def handle(self, *args: object, **options: object) -> None:
        league, quarter = league_and_quarter(options)
        at = instant(str(options["at"])) if options["at"] else None
        try:
            release = actions.publish_release(league=league, quarter=quarter, at=at)
        except actions.ReleaseError as exc:
            raise CommandError(str(exc)) from None
        when = release.scheduled_at if release.state == "scheduled" else release.published_at
        verb = "scheduled for" if release.state == "scheduled" else "published at"
        self.stdout.write(f"{league.name}, {quarter.label}: {verb} {when.isoformat()}")
