"""python manage.py export_league --league L --quarter Q [--format csv|json] — to stdout.

The same columns and values as the league page's own downloads (presentation.columns), from
the same public read path.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables import queries
from leaguetables.models import League, Quarter
from leaguetables.nof.files import parse_quarter
from leaguetables.presentation import columns, exports
from leaguetables.presentation.league import whole_table


class Command(BaseCommand):
    help = "Write one league table to stdout: NHS England's columns first, then ours."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--league", required=True, help="acute, mental-health-and-community…")
        parser.add_argument("--quarter", required=True, help="2025-26-q4 or 'Q4 2025/26'")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: object, **options: object) -> None:
        try:
            league = queries.league(str(options["league"]))
        except League.DoesNotExist:
            known = ", ".join(league.slug for league in queries.leagues()) or "none imported"
            raise CommandError(f"no league {options['league']!r} (known: {known})") from None
        text = str(options["quarter"])
        try:
            key = parse_quarter(text) or Quarter.parse_slug(text)
        except ValueError:
            raise CommandError(f"{text!r} is not a quarter (use e.g. 2025-26-q4)") from None
        quarter = next((q for q in queries.quarters(league) if q.key == key), None)
        if quarter is None:
            raise CommandError(f"no {league.slug} results for {text!r}")
        rows, meta = whole_table(league, quarter)
        if options["format"] == "json":
            self.stdout.write(exports.to_json(columns.LEAGUE_COLUMNS, rows, meta))
        else:
            self.stdout.write(exports.to_csv(columns.LEAGUE_COLUMNS, rows, meta), ending="")
