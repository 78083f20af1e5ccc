"""Every cell of an NOF file checked as NHS England writes it, naming its file, row and column.

The same verdict on any database: a cell is refused here, before anything is written, rather
than by one backend's limits (PostgreSQL refuses a NUL byte, SQLite stores it). Pure Python.
"""

from __future__ import annotations

import re
import unicodedata

# NHS ODS codes: 3 (trusts) to 5 (other organisations) upper-case letters and digits.
ODS_CODE = re.compile(r"^[A-Z0-9]{3,5}$")
# Numbers as NHS England writes them: ASCII digits, an optional minus sign and decimal part,
# thousands optionally grouped by commas. Not "1_5", not "١٢", not "1e3", not "inf".
NUMBER = re.compile(r"^-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$")
RANGE_TEXT = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s+to\s+(-?[0-9]+(?:\.[0-9]+)?)\s*$")

# The longest text each column may hold (the database's limits, said once here).
MAX_LENGTHS = {
    "Quarter": 20, "Region": 100, "Trust_type": 100, "Trust_subtype": 100, "Trust_code": 10,
    "Trust_name": 200, "Domain": 100, "Sub-domain": 100, "Metric_ID": 10,
    "Metric_description": 300, "Reporting_date": 80, "Units": 60,
}  # fmt: skip
DEFAULT_MAX_LENGTH = 60  # numbers, flags and ranges


class NOFFileError(ValueError):
    """A file that cannot be imported, with where and why."""

    def __init__(self, source: str, message: str, row: int | None = None, column: str = ""):
        self.source, self.row, self.column, self.message = source, row, column, message
        where = f"row {row}" if row is not None else ""
        if column:
            where = f"{where}, column {column!r}" if where else f"column {column!r}"
        super().__init__(f"{source}: {where}: {message}" if where else f"{source}: {message}")


def shown(text: str, limit: int = 40) -> str:
    """A cell's text in a message: quoted, control characters made visible, cut short."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(text)


def _control(text: str) -> str | None:
    """The first control character in a text (NUL, a newline inside a cell, ...), if any."""
    return next((c for c in text if unicodedata.category(c) == "Cc"), None)


class Cells:
    """One CSV record with row-and-column-aware, strict conversions."""

    def __init__(self, source: str, row: int, record: dict[str, str]):
        self.source, self.row, self.record = source, row, record

    def error(self, column: str, message: str) -> NOFFileError:
        return NOFFileError(self.source, message, self.row, column)

    def raw(self, column: str) -> str:
        value = (self.record.get(column) or "").strip()
        if (bad := _control(value)) is not None:
            raise self.error(column, f"holds a control character ({bad!r})")
        limit = MAX_LENGTHS.get(column, DEFAULT_MAX_LENGTH)
        if len(value) > limit:
            raise self.error(column, f"is {len(value)} characters long; at most {limit} fit")
        return value

    def text(self, column: str, required: bool = True) -> str:
        value = self.raw(column)
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def code(self, column: str) -> str:
        value = self.text(column).upper()
        if not ODS_CODE.match(value):
            raise self.error(
                column, f"{shown(value)} is not an ODS code (3 to 5 letters or digits)"
            )
        return value

    def number(
        self,
        column: str,
        required: bool = False,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        raw = self.text(column, required=required)
        if not raw:
            return None
        if not NUMBER.match(raw):
            raise self.error(column, f"{shown(raw)} is not a number as NHS England writes one")
        value = float(raw.replace(",", "")) + 0.0  # + 0.0: "-0" is 0
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(column, f"{shown(raw)} is outside {_bounds(low, high)}")
        return value

    def whole(
        self, column: str, required: bool = False, low: int = 1, high: int | None = None
    ) -> int | None:
        """Whole numbers are written as floats ("26.0") in NHS England's files."""
        value = self.number(column, required=required)
        if value is None:
            return None
        raw = self.record[column].strip()
        if value != int(value):
            raise self.error(column, f"{shown(raw)} is not a whole number")
        if value < low or (high is not None and value > high) or raw.startswith("-"):
            raise self.error(column, f"{shown(raw)} is outside {_bounds(low, high)}")
        return int(value)

    def range(
        self, column: str, whole: bool, low: float, high: float | None = None
    ) -> tuple[float, float] | None:
        raw = self.text(column, required=False)
        if not raw:
            return None
        match = RANGE_TEXT.match(raw)
        if not match:
            raise self.error(column, f"{shown(raw)} is not a range like '1.2 to 1.89'")
        start, end = float(match[1]), float(match[2])
        if start > end:
            raise self.error(column, f"{shown(raw)} runs backwards")
        if start < low or (high is not None and end > high):
            raise self.error(column, f"{shown(raw)} is outside {_bounds(low, high)}")
        if whole:
            if start != int(start) or end != int(end):
                raise self.error(column, f"{shown(raw)} is not a range of whole ranks")
            return int(start), int(end)
        return start, end


def _bounds(low: float | None, high: float | None) -> str:
    def text(value: float) -> str:
        return str(int(value)) if value == int(value) else str(value)

    if low is not None and high is not None:
        return f"{text(low)} to {text(high)}"
    return f"at least {text(low)}" if low is not None else f"at most {text(high)}"  # type: ignore[arg-type]
