"""python manage.py import_nof FILE_OR_URL... — NHS England's NOF metric data and league files."""

from __future__ import annotations

import sys
import urllib.request
from datetime import date
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables import actions
from leaguetables.nof.files import NOFFileError, parse_quarter
from leaguetables.nof.reading import MAX_FILE_BYTES

DOWNLOAD_TIMEOUT_SECONDS = 60
MAX_BYTES = MAX_FILE_BYTES


def read_source(source: str) -> bytes | BinaryIO:
    """A local file opened to be read a line at a time, or an https:// URL downloaded first
    (at most MAX_BYTES of it) and then read the same way."""
    if source.startswith("https://"):
        request = urllib.request.Request(source, headers={"User-Agent": "leaguetables import_nof"})
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
                content = response.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{source}: could not download: {exc}") from exc
        if len(content) > MAX_BYTES:
            raise CommandError(f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        return content
    if "://" in source:
        raise CommandError(f"{source}: only local files and https:// URLs can be imported")
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"{source}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return path.open("rb")


class Command(BaseCommand):
    help = (
        "Import NHS England's NOF metric data and league table files (any league, any order). "
        "Each file is one transaction: a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument(
            "--quarter",
            help="quarter of a file with no Quarter column: 'Q1 2025/26' or 2025-26-q1",
        )

        parser.add_argument(
            "--published",
            type=date.fromisoformat,
            help="date NHS England published the file's latest quarter (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="import new quarters as draft releases, shown to no one but editors and the "
            "trusts' own teams until `publish`",
        )
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="fictional demo data (make_demo_data): every page will say so",
        )

    def handle(self, *args: object, **options: object) -> None:
        quarter = None
        if options["quarter"]:
            quarter = _quarter_option(str(options["quarter"]))
        failures = 0
        for source in options["sources"]:  # type: ignore[attr-defined]
            content = None
            try:
                content = read_source(source)
                result = actions.import_file(
                    content=content,
                    source=source,
                    quarter=quarter,
                    progress=self._progress(source),
                    illustrative=bool(options["illustrative"]),
                    published_on=options["published"],  # type: ignore[arg-type]
                    draft=bool(options["draft"]),
                )
            except (NOFFileError, CommandError) as exc:
                failures += 1
                self.stderr.write(f"rejected, nothing imported: {exc}")
                continue
            finally:
                if content is not None and not isinstance(content, bytes):
                    content.close()
            self.stdout.write(result.summary())
        if failures:
            raise CommandError(f"{failures} of {len(options['sources'])} files rejected")  # type: ignore[arg-type]

    def _progress(self, source: str):
        interactive = sys.stderr.isatty()

        def report(done: int, total: int) -> None:
            if total < 5000:
                return
            end = "\n" if done == total or not interactive else "\r"
            self.stderr.write(f"  {source}: {done:,} of {total:,} rows", ending=end)

        return report


def _quarter_option(text: str) -> tuple[int, int]:
    quarter = parse_quarter(text)
    if quarter is None:
        try:
            from leaguetables.models import Quarter

            quarter = Quarter.parse_slug(text)
        except ValueError:
            raise CommandError(f"--quarter {text!r} is not a quarter like 'Q1 2025/26'") from None
    return quarter
