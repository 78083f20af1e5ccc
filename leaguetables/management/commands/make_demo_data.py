"""python manage.py make_demo_data OUT_DIR [--seed N]: fictional NOF files to show the site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from leaguetables import demo


class Command(BaseCommand):
    help = (
        "Write fictional trusts' NOF metric data and league table files, in NHS England's formats, "
        "into OUT_DIR and print their paths one a line, in the order to import them "
        "(import_nof --illustrative)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", type=Path, help="folder to write into; made if missing")
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="the same seed writes the same bytes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in demo.write_demo_files(options["out_dir"], seed=options["seed"]):
            self.stdout.write(str(path))
