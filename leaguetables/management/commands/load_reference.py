"""python manage.py load_reference [DIR] — load the reference data shipped in fixtures/.

NHS ODS trusts and successions, OHID acute trust catchments, the 2021 -> 2024 district changes,
IMD 2025 and the rural-urban classification (fixtures/README.md). Safe to repeat; a bad file is
named by row and column and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables.actions import reference
from leaguetables.nof.cells import NOFFileError


class Command(BaseCommand):
    help = "Load the reference data (trusts, catchments, deprivation, rurality) from fixtures/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, nargs="?", default=reference.FIXTURES)

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = reference.load_reference(folder=options["directory"])  # type: ignore[arg-type]
        except NOFFileError as exc:
            raise CommandError(f"{exc} (nothing was changed)") from exc
        self.stdout.write(result.summary())
