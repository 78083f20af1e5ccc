"""python manage.py load_caveats [FILE] — load the metric caveats the product ships.

Adds the file's caveats and refreshes those still as the file left them; a caveat an editor
has changed in the admin is kept. Safe to repeat (`make run` runs it every time).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables import actions
from leaguetables.actions.caveats import SEED_FILE


class Command(BaseCommand):
    help = "Load metric caveats from fixtures/metric_caveats.csv (or FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=SEED_FILE)

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["file"]  # type: ignore[assignment]
        try:
            result = actions.load_seed_file(path=path)
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            f"Metric caveats: {result.created} added, {result.updated} refreshed, "
            f"{result.kept} kept as editors left them."
        )
