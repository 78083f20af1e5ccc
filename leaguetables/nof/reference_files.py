"""The reference files in `fixtures/`, read and checked cell by cell before anything is written.

Pure Python. Each reader returns typed rows or raises `NOFFileError` naming the file, the row
(1 = the header, or the first record of the headerless ODS file) and the column, as the NOF
importer does.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date

from leaguetables.nof.cells import ODS_CODE, NOFFileError, _control, shown
from leaguetables.nof.population import Succession

# The files `load_reference` reads, by role (fixtures/README.md says where each comes from).
ODS_TRUSTS = "ods-etr-2026-07.csv"
SUCCESSIONS = "ods-trust-successions.csv"
CATCHMENTS = "ohid-acute-trust-catchment-ltla21.csv"
CHANGES = "ltla21-to-ltla24-changes.csv"
IMD = "imd2025-ltla24.csv"
RUC = "ruc21-ltla24.csv"
FILES = (ODS_TRUSTS, SUCCESSIONS, CATCHMENTS, CHANGES, IMD, RUC)

AREA_CODE = re.compile(r"^[ENSW][0-9]{8}$")  # ONS GSS codes: E06000001
POSTCODE = re.compile(r"^[A-Z0-9]{2,4} ?[0-9][A-Z]{2}$")
MAX_TEXT = 200
RUC_VALUES = ("Urban", "Rural")
ODS_COLUMNS = {0: "code", 1: "name", 2: "region", 3: "ICB", 4: "address line 1",
               5: "address line 2", 6: "address line 3", 7: "address line 4",
               8: "address line 5", 9: "postcode", 10: "open date", 11: "close date"}  # fmt: skip


@dataclass(frozen=True)
class OdsRow:
    code: str
    name: str
    region_code: str
    icb_code: str
    address: str
    town: str
    postcode: str
    opened_on: date | None
    closed_on: date | None


@dataclass(frozen=True)
class CatchmentRow:
    trust_code: str
    district_code: str
    proportion: float


@dataclass(frozen=True)
class ChangeRow:
    old_code: str
    old_name: str
    new_code: str
    new_name: str


@dataclass(frozen=True)
class ImdRow:
    code: str
    name: str
    score: float
    rank: int


@dataclass(frozen=True)
class RucRow:
    code: str
    code_2021: str
    classification: str
    ruc: str


class _Record:
    def __init__(self, source: str, row: int, cells: dict[str, str]):
        self.source, self.row, self.cells = source, row, cells

    def error(self, column: str, message: str) -> NOFFileError:
        return NOFFileError(self.source, message, self.row, column)

    def text(self, column: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
        value = (self.cells.get(column) or "").strip()
        if (bad := _control(value)) is not None:
            raise self.error(column, f"holds a control character {bad!r}")
        if len(value) > limit:
            raise self.error(column, f"{shown(value)} is longer than {limit} characters")
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def code(self, column: str, pattern: re.Pattern[str] = ODS_CODE) -> str:
        value = self.text(column, limit=10)
        if not pattern.match(value):
            raise self.error(column, f"{shown(value)} is not a code like {pattern.pattern}")
        return value

    def number(self, column: str, low: float, high: float) -> float:
        value = self.text(column, limit=40)
        try:
            number = float(value)
        except ValueError:
            raise self.error(column, f"{shown(value)} is not a number") from None
        if not math.isfinite(number) or not low <= number <= high:
            raise self.error(column, f"{shown(value)} is not between {low:g} and {high:g}")
        return number

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self.text(column, required=required, limit=10)
        if not value:
            return None
        try:
            if re.fullmatch(r"[0-9]{8}", value):
                return date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(column, f"{shown(value)} is not a date") from None


def _text(content: bytes, source: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NOFFileError(source, f"is not UTF-8 (byte {exc.start})") from None


def _records(content: bytes, source: str, required: tuple[str, ...]) -> list[_Record]:
    reader = csv.DictReader(io.StringIO(_text(content, source), newline=""))
    header = reader.fieldnames or []
    missing = [column for column in required if column not in header]
    if missing:
        raise NOFFileError(source, f"has no {', '.join(missing)} column", 1, missing[0])
    found = [_Record(source, number, row) for number, row in enumerate(reader, start=2)]
    if not found:
        raise NOFFileError(source, "has a header but no rows")
    return found


def _unique(records: list, key, source: str, column: str) -> None:
    seen: set = set()
    for row, item in records:
        if key(item) in seen:
            raise NOFFileError(source, f"{key(item)!r} appears twice", row, column)
        seen.add(key(item))


def read_ods(content: bytes, source: str = ODS_TRUSTS) -> list[OdsRow]:
    """ODS's etr file: no header; columns by position (fixtures/README.md)."""
    rows = list(csv.reader(io.StringIO(_text(content, source), newline="")))
    if not rows:
        raise NOFFileError(source, "is empty")
    found = []
    for number, cells in enumerate(rows, start=1):
        if len(cells) < 12:
            raise NOFFileError(source, f"has {len(cells)} columns, not at least 12", number)
        record = _Record(source, number, {ODS_COLUMNS[i]: cells[i] for i in ODS_COLUMNS})
        lines = [record.text(ODS_COLUMNS[i], required=False, limit=100) for i in range(4, 9)]
        postcode = record.text("postcode", required=False, limit=10)
        if postcode and not POSTCODE.match(postcode):
            raise record.error("postcode", f"{shown(postcode)} is not a postcode")
        opened, closed = (
            record.day("open date", required=False),
            record.day("close date", required=False),
        )
        if opened and closed and closed < opened:
            raise record.error("close date", "is before the open date")
        present = [line for line in lines if line]
        found.append((number, OdsRow(
            record.code("code"), record.text("name"), record.text("region", required=False,
                                                                 limit=5),
            record.text("ICB", required=False, limit=5), ", ".join(present),
            present[-1] if present else "", postcode, opened, closed,
        )))  # fmt: skip
    _unique(found, lambda r: r.code, source, "code")
    return [row for _, row in found]


def read_successions(content: bytes, source: str = SUCCESSIONS) -> list[Succession]:
    found = []
    for r in _records(content, source, ("old_code", "new_code", "date")):
        row = Succession(r.code("old_code"), r.code("new_code"), r.day("date"))  # type: ignore[arg-type]
        if row.old_code == row.new_code:
            raise r.error("new_code", "is the same code as old_code")
        found.append((r.row, row))
    _unique(found, lambda s: (s.old_code, s.new_code), source, "new_code")
    return [row for _, row in found]


def read_catchments(content: bytes, source: str = CATCHMENTS) -> list[CatchmentRow]:
    columns = ("nhs_trust22_code", "ltla21_code", "proportion_trust_came_from_ltla")
    found = [
        (r.row, CatchmentRow(r.code(columns[0]), r.code(columns[1], AREA_CODE),
                             r.number(columns[2], 0.0, 1.0)))
        for r in _records(content, source, columns)
    ]  # fmt: skip
    _unique(found, lambda c: (c.trust_code, c.district_code), source, columns[1])
    totals: dict[str, float] = {}
    last_row: dict[str, int] = {}
    for row, item in found:
        totals[item.trust_code] = totals.get(item.trust_code, 0.0) + item.proportion
        last_row[item.trust_code] = row
    for code, total in totals.items():
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise NOFFileError(
                source, f"{code}'s proportions sum to {total:.6f}, not 1", last_row[code],
                columns[2],
            )  # fmt: skip
    return [row for _, row in found]


def read_changes(content: bytes, source: str = CHANGES) -> list[ChangeRow]:
    columns = ("ltla21_code", "ltla21_name", "ltla24_code", "ltla24_name")
    found = [
        (r.row, ChangeRow(r.code(columns[0], AREA_CODE), r.text(columns[1], limit=100),
                          r.code(columns[2], AREA_CODE), r.text(columns[3], limit=100)))
        for r in _records(content, source, columns)
    ]  # fmt: skip
    _unique(found, lambda c: c.old_code, source, columns[0])
    return [row for _, row in found]


def read_imd(content: bytes, source: str = IMD) -> list[ImdRow]:
    columns = ("ltla24_code", "ltla24_name", "imd_average_score", "imd_rank_of_average_score")
    found = [
        (r.row, ImdRow(r.code(columns[0], AREA_CODE), r.text(columns[1], limit=100),
                       r.number(columns[2], 0.0, 100.0), int(r.number(columns[3], 1, 10_000))))
        for r in _records(content, source, columns)
    ]  # fmt: skip
    _unique(found, lambda i: i.code, source, columns[0])
    return [row for _, row in found]


def read_ruc(content: bytes, source: str = RUC) -> list[RucRow]:
    columns = ("ltla24_code", "ruc21_code", "classification", "ruc")
    found = []
    for r in _records(content, source, columns):
        row = RucRow(r.code(columns[0], AREA_CODE), r.text(columns[1], limit=10),
                     r.text(columns[2], limit=120), r.text(columns[3], limit=10))  # fmt: skip
        if row.ruc not in RUC_VALUES:
            raise r.error("ruc", f"{shown(row.ruc)} is neither Urban nor Rural")
        found.append((r.row, row))
    _unique(found, lambda i: i.code, source, columns[0])
    return [row for _, row in found]
