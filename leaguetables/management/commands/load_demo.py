"""python manage.py load_demo DIR — write the fictional demo files and import them.

The files go through the real importer (`actions.import_file`, marked illustrative), in the
order NHS England would have published them. Already-imported files are skipped by their
sha256, so running it again changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from leaguetables import actions, demo

# Fictional publication dates for the demo quarters (the real ones are set with --published).
DEMO_PUBLISHED = {
    (2025, 1): date(2025, 9, 9),
    (2025, 2): date(2025, 12, 11),
    (2025, 3): date(2026, 3, 12),
    (2025, 4): date(2026, 6, 11),
}


class Command(BaseCommand):
    help = "Write the fictional demo files into DIR and import them as illustrative data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        folder: Path = options["directory"]  # type: ignore[assignment]
        folder.mkdir(parents=True, exist_ok=True)
        imported = 0
        for path in demo.write_demo_files(folder):
            result = actions.import_file(
                content=path.read_bytes(), source=path.name, illustrative=True
            )
            imported += not result.already_imported
            self.stdout.write(result.summary())
        actions.set_publication_dates(dates=DEMO_PUBLISHED)
        # A database imported by an older version may lack what this one derives (a migration
        # adds the columns empty): derive it again, once.
        if not imported and actions.derived_figures_missing():
            for line in actions.refresh_everything():
                self.stdout.write(f"refreshed {line}")
