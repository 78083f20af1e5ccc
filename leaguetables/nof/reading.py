"""Reading an NOF file: one pass over a binary stream, a line at a time, never the whole file,
each line decoded and checked as it comes. Pure Python."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from leaguetables.nof.cells import NOFFileError

# A file's size and its lines are capped so that memory stays bounded whatever arrives (NHS
# England's largest file is a few MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024
BOM = b"\xef\xbb\xbf"


class Lines:
    """A binary stream as decoded lines for the csv module: UTF-8 (a byte-order mark allowed),
    each line checked as it is read, the file's sha256 and size counted on the way."""

    def __init__(self, stream: BinaryIO, source: str, max_bytes: int):
        self.stream, self.source, self.max_bytes = stream, source, max_bytes
        self.sha256 = hashlib.sha256()
        self.size = self.line = 0
        self.header: list[str] = []

    def __iter__(self) -> Iterator[str]:
        while raw := self.stream.readline(MAX_LINE_BYTES + 1):
            self.sha256.update(raw)
            self.size += len(raw)
            self.line += 1
            if self.size > self.max_bytes:
                raise NOFFileError(
                    self.source, f"is larger than {self.max_bytes // (1024 * 1024)} MB", self.line
                )
            if len(raw) > MAX_LINE_BYTES:
                raise NOFFileError(
                    self.source, f"has a line over {MAX_LINE_BYTES} bytes", self.line
                )
            if self.line == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = self._column_at(raw[: exc.start].decode("utf-8", "replace"))
                raise NOFFileError(
                    self.source,
                    f"byte {raw[exc.start]:#04x} at position {exc.start + 1} is not UTF-8 text: "
                    "save the file as UTF-8",
                    self.line,
                    column,
                ) from None

    def _column_at(self, before: str) -> str:
        """The header's name for the cell a line's text has reached (by its commas)."""
        index = next(csv.reader([before + "x"]), [""]).__len__() - 1
        return self.header[index] if 0 <= index < len(self.header) else ""


def records(lines: Lines, source: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise NOFFileError(source, "is empty") from None
    except csv.Error as exc:
        raise NOFFileError(source, f"is not a CSV file ({exc})", 1) from None
    lines.header = header
    duplicated = sorted({name for name in header if header.count(name) > 1 and name})
    if duplicated:
        raise NOFFileError(source, "column appears twice", 1, duplicated[0])

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        while True:
            # A quoted cell may span lines: a record is named by the line it starts on.
            row = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise NOFFileError(source, f"is not valid CSV ({exc})", row) from None
            if not any(cell.strip() for cell in values):
                continue  # blank lines at the end of a file
            if len(values) != len(header):
                raise NOFFileError(
                    source, f"has {len(values)} cells where the header has {len(header)}", row
                )
            yield row, dict(zip(header, values, strict=True))

    return header, records()
