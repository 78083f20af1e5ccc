"""python manage.py export_league --league L --quarter Q [--format csv|json] — to stdout."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables.models import League, Quarter
from leaguetables.nof.files import parse_quarter
from leaguetables.presentation import exports as presenters


class Command(BaseCommand):
    help = "Write one league table to stdout: NHS England's columns first, then ours."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--league", required=True, help="acute, mental-health-and-community…")
        parser.add_argument("--quarter", required=True, help="2025-26-q4 or 'Q4 2025/26'")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: object, **options: object) -> None:
        try:
            league = League.objects.get(slug=options["league"])
        except League.DoesNotExist:
            known = ", ".join(League.objects.values_list("slug", flat=True)) or "none imported"
            raise CommandError(f"no league {options['league']!r} (known: {known})") from None
        text = str(options["quarter"])
        key = parse_quarter(text)
        try:
            year, number = key if key else Quarter.parse_slug(text)
            quarter = Quarter.objects.get(financial_year=year, quarter=number)
        except (ValueError, Quarter.DoesNotExist):
            raise CommandError(f"no quarter {text!r} imported (use e.g. 2025-26-q4)") from None
        rows = presenters.league_rows(league, quarter)
        if not rows:
            raise CommandError(f"no {league.slug} results for {quarter.label}")
        if options["format"] == "json":
            meta = {
                "league": league.slug,
                "quarter": quarter.slug,
                "columns": list(presenters.LEAGUE_EXPORT_COLUMNS),
            }
            self.stdout.write(presenters.to_json(rows, meta))
        else:
            self.stdout.write(presenters.to_csv(rows, presenters.LEAGUE_EXPORT_COLUMNS), ending="")
