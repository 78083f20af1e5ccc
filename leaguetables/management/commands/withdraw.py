"""python manage.py withdraw --league L --quarter Q --reason TEXT — take a release off every
public surface; its pages then say it was withdrawn, when, and why."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables import actions
from leaguetables.management.commands.publish import add_release_arguments, league_and_quarter


class Command(BaseCommand):
    help = "Withdraw a league's quarter, with the reason its pages show."

    def add_arguments(self, parser: CommandParser) -> None:
        add_release_arguments(parser)
        parser.add_argument("--reason", required=True, help="shown on the release's pages")

    def handle(self, *args: object, **options: object) -> None:
        league, quarter = league_and_quarter(options)
        try:
            actions.withdraw_release(league=league, quarter=quarter, reason=str(options["reason"]))
        except actions.ReleaseError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{league.name}, {quarter.label}: withdrawn")
