"""Every CSV and JSON this site writes: the web downloads, `export_league` and the data page's
column list all come from the column tables here, so the same table has the same columns
everywhere.

CSV: UTF-8 with a byte-order mark (so spreadsheets show "–"), NHS England's own columns first,
spelt and written as NHS England writes them ("1.53", "3.0", "Yes", "1 to 11"), then ours; a
text cell that a spreadsheet would run as a formula starts with an apostrophe, and no other
cell is touched. JSON: the same columns, numbers as numbers, booleans as booleans, notes as
`{kind, short, long, source}`, and metadata saying what the table is and where it came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from leaguetables.presentation.rows import LICENCE, LICENCE_TEXT, LICENCE_URL, TableMeta

BOM = "\ufeff"
# A text cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Kind(StrEnum):
    NHS_NUMBER = "nhs_number"  # NHS England's files write numbers as floats: "1.53", "3.0"
    NHS_FLAG = "nhs_flag"  # "Yes" / "No"
    NHS_SCORE_RANGE = "nhs_score_range"  # "1.2 to 1.89"
    NHS_RANK_RANGE = "nhs_rank_range"  # "1 to 11"
    NUMBER = "number"
    WHOLE = "whole"
    FLAG = "flag"
    TEXT = "text"
    DATE = "date"
    NOTES = "notes"


@dataclass(frozen=True)
class Column:
    """One column: its name as written, how its values are written, what it holds (`value`
    reads a row; `from_meta` instead reads what the whole table says about itself)."""

    name: str
    kind: Kind
    value: Callable[[Any], Any] | None
    description: str
    from_meta: Callable[[TableMeta], Any] | None = None

    def get(self, row: Any, meta: TableMeta) -> Any:
        if self.from_meta is not None:
            return self.from_meta(meta)
        return self.value(row)  # type: ignore[misc]

    def csv(self, row: Any, meta: TableMeta) -> str:
        return csv_cell(self.kind, self.get(row, meta))

    def json(self, row: Any, meta: TableMeta) -> Any:
        return json_value(self.kind, self.get(row, meta))


def _float_text(value: float | int) -> str:
    return repr(float(value) + 0.0)  # + 0.0 turns -0.0 into 0.0


def csv_cell(kind: Kind, value: Any) -> str:
    if value is None or value == "":
        return ""
    if kind is Kind.NHS_NUMBER:
        return _float_text(value)
    if kind in (Kind.NHS_FLAG, Kind.FLAG):
        return "Yes" if value else "No"
    if kind is Kind.NHS_SCORE_RANGE:
        low, high = value
        return f"{_float_text(low)} to {_float_text(high)}"
    if kind is Kind.NHS_RANK_RANGE:
        low, high = value
        return f"{int(low)} to {int(high)}"
    if kind is Kind.NUMBER:
        return repr(float(value) + 0.0)
    if kind is Kind.WHOLE:
        return str(int(value))
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.NOTES:
        return " | ".join(f"{note.kind}: {note.short}" for note in value)
    return neutralise(str(value))


def json_value(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind in (Kind.NHS_SCORE_RANGE, Kind.NHS_RANK_RANGE):
        return csv_cell(kind, value)  # as NHS England writes it; the ends have own columns
    if kind in (Kind.NHS_NUMBER, Kind.NUMBER):
        # A rank or a segment stays whole; a score stays a float.
        return value if isinstance(value, int) else float(value)
    if kind is Kind.WHOLE:
        return int(value)
    if kind in (Kind.NHS_FLAG, Kind.FLAG):
        return bool(value)
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.NOTES:
        return [note.as_dict() for note in value]
    return value


def neutralise(cell: str) -> str:
    """Stop a spreadsheet running a text cell as a formula; a number stays as it is."""
    if cell.startswith(FORMULA_STARTS):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


# Columns every table ends with, so each downloaded row says where it came from. ------------


PROVENANCE: tuple[Column, ...] = (
    Column("League", Kind.TEXT, None,
           "The league: acute, mental-health-and-community or ambulance.",
           from_meta=lambda m: m.league_slug),
    Column("Publication_date", Kind.DATE, None,
           "When NHS England published the quarter's files (empty where not recorded).",
           from_meta=lambda m: m.quarter.published_on),
    Column("Source", Kind.TEXT, None, "NHS England's files these numbers came from.",
           from_meta=lambda m: m.source_text),
    Column("Licence", Kind.TEXT, None, "How the data may be reused.",
           from_meta=lambda m: LICENCE_TEXT),
)  # fmt: skip


QUARTER = Column("Quarter", Kind.TEXT, None, "The quarter, as NHS England writes it.",
                 from_meta=lambda m: m.quarter.label)  # fmt: skip


# Writing ---------------------------------------------------------------------------------


def to_csv(columns: Sequence[Column], rows: Sequence[Any], meta: TableMeta) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([column.csv(row, meta) for column in columns])
    return BOM + out.getvalue()


def metadata(meta: TableMeta, columns: Sequence[Column]) -> dict[str, Any]:
    return {
        "table": meta.table,
        "league": meta.league_slug,
        "league_name": meta.league_name,
        "quarter": meta.quarter.slug,
        "quarter_label": meta.quarter.label,
        "publication_date": meta.quarter.published_on.isoformat()
        if meta.quarter.published_on
        else None,
        "source_files": [
            {"name": s.file_name, "kind": s.kind, "sha256": s.sha256, "url": s.href}
            for s in meta.sources
        ],
        "source": meta.source_text,
        "licence": {"name": LICENCE, "url": LICENCE_URL, "text": LICENCE_TEXT},
        "illustrative": meta.illustrative,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta.extra,
        "columns": [{"name": c.name, "description": c.description} for c in columns],
    }


def to_json(columns: Sequence[Column], rows: Sequence[Any], meta: TableMeta) -> str:
    payload = {
        **metadata(meta, columns),
        "rows": [{column.name: column.json(row, meta) for column in columns} for row in rows],
    }
    return json.dumps(payload, indent=1, ensure_ascii=False)
