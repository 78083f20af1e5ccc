"""Read NHS England's NOF CSV files: identify them by header and contents, validate every cell.

Pure Python. A file is rejected whole, with the row and column of the first problem, before
anything is written. Row numbers are the file's own line numbers (the header is row 1), as a
spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from leaguetables.nof import leagues, metric_ids

DATA_COLUMNS = (
    "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain", "Sub-domain",
    "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value", "Median_value",
    "Lower_quartile", "Upper_quartile", "Rank",
)  # fmt: skip
LEAGUE_COLUMNS = (
    "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Average_score",
    "Segment", "Trust_in_financial_deficit", "Rank",
)  # fmt: skip
LEAGUE_RANGE_COLUMNS = ("Likely_range_of_average_score", "Likely_range_of_rank")
# The league table file's columns in NHS England's order (Q3 2025/26 on; Q1-Q2 lacked the ranges).
LEAGUE_FILE_COLUMNS = (
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name",
    "Average_score", "Likely_range_of_average_score", "Segment", "Trust_in_financial_deficit",
    "Rank", "Likely_range_of_rank",
)  # fmt: skip

QUARTER_TEXT = re.compile(r"^\s*Q([1-4])\s+(\d{4})/(\d{2})\s*$")
RANGE_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+to\s+(-?\d+(?:\.\d+)?)\s*$")


class FileKind(StrEnum):
    METRIC_DATA = "metric_data"
    LEAGUE_TABLE = "league_table"


class NOFFileError(ValueError):
    """A file that cannot be imported, with where and why."""

    def __init__(self, source: str, message: str, row: int | None = None, column: str = ""):
        self.source, self.row, self.column, self.message = source, row, column, message
        where = f"row {row}" if row is not None else ""
        if column:
            where = f"{where}, column {column!r}" if where else f"column {column!r}"
        super().__init__(f"{source}: {where}: {message}" if where else f"{source}: {message}")


Quarter = tuple[int, int]  # (financial year starting, quarter number): (2025, 4) is Q4 2025/26


def parse_quarter(text: str) -> Quarter | None:
    """ "Q4 2025/26" -> (2025, 4); None if the text is not a quarter."""
    match = QUARTER_TEXT.match(text)
    if not match:
        return None
    quarter, year, following = int(match[1]), int(match[2]), int(match[3])
    if following != (year + 1) % 100:
        return None
    return year, quarter


def quarter_label(quarter: Quarter) -> str:
    year, number = quarter
    return f"Q{number} {year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class DataRow:
    row: int
    quarter: Quarter
    region: str
    trust_type: str
    subtype: str
    trust_code: str
    trust_name: str
    domain: str
    sub_domain: str
    metric_id: str
    description: str
    reporting_period: str
    units: str
    value: float | None
    median_value: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    rank: int | None


@dataclass(frozen=True)
class LeagueRow:
    row: int
    quarter: Quarter
    region: str
    trust_type: str
    subtype: str
    trust_code: str
    trust_name: str
    average_score: float
    score_range: tuple[float, float] | None
    segment: int
    in_financial_deficit: bool
    rank: int
    rank_range: tuple[int, int] | None


@dataclass
class ParsedFile:
    source: str
    kind: FileKind
    league: str
    rows: list[DataRow] | list[LeagueRow] = field(default_factory=list)

    @property
    def quarters(self) -> list[Quarter]:
        return sorted({row.quarter for row in self.rows})

    @property
    def trust_codes(self) -> set[str]:
        return {row.trust_code for row in self.rows}


class _Cells:
    """One CSV record with row-and-column-aware conversions."""

    def __init__(self, source: str, row: int, record: dict[str, str]):
        self.source, self.row, self.record = source, row, record

    def error(self, column: str, message: str) -> NOFFileError:
        return NOFFileError(self.source, message, self.row, column)

    def text(self, column: str, required: bool = True) -> str:
        value = (self.record.get(column) or "").strip()
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def number(self, column: str, required: bool = False) -> float | None:
        raw = self.text(column, required=required)
        if not raw:
            return None
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            raise self.error(column, f"{raw!r} is not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise self.error(column, f"{raw!r} is not a finite number")
        return value

    def whole(self, column: str, required: bool = False) -> int | None:
        """Whole numbers are written as floats ("26.0") in NHS England's files."""
        value = self.number(column, required=required)
        if value is None:
            return None
        if value != int(value) or value < 0:
            raise self.error(column, f"{self.record[column].strip()!r} is not a whole number")
        return int(value)

    def range(self, column: str, whole: bool) -> tuple[float, float] | None:
        raw = self.text(column, required=False)
        if not raw:
            return None
        match = RANGE_TEXT.match(raw)
        if not match:
            raise self.error(column, f"{raw!r} is not a range like '1.2 to 1.89'")
        low, high = float(match[1]), float(match[2])
        if low > high:
            raise self.error(column, f"{raw!r} runs backwards")
        if whole:
            if low != int(low) or high != int(high):
                raise self.error(column, f"{raw!r} is not a range of whole ranks")
            return int(low), int(high)
        return low, high


def decode(content: bytes, source: str) -> str:
    """UTF-8 with or without a byte-order mark; Windows-1252 as a last resort (old exports)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            raise NOFFileError(source, "is not a text file in UTF-8") from None


def identify(header: list[str], source: str) -> FileKind:
    columns = set(header)
    if "Metric_ID" in columns:
        missing = [c for c in DATA_COLUMNS if c not in columns]
        if missing:
            raise NOFFileError(
                source, f"metric data file lacks {', '.join(missing)}", 1, missing[0]
            )
        return FileKind.METRIC_DATA
    if "Average_score" in columns or "Segment" in columns:
        missing = [c for c in LEAGUE_COLUMNS if c not in columns]
        if missing:
            raise NOFFileError(
                source, f"league table file lacks {', '.join(missing)}", 1, missing[0]
            )
        return FileKind.LEAGUE_TABLE
    raise NOFFileError(
        source,
        "is neither an NOF metric data file (no Metric_ID column) "
        "nor a league table file (no Average_score column)",
        1,
    )


def _records(text: str, source: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise NOFFileError(source, "is empty") from None
    duplicated = sorted({name for name in header if header.count(name) > 1 and name})
    if duplicated:
        raise NOFFileError(source, "column appears twice", 1, duplicated[0])

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for values in reader:
            row = reader.line_num
            if not any(cell.strip() for cell in values):
                continue  # blank lines at the end of a file
            if len(values) != len(header):
                raise NOFFileError(
                    source, f"has {len(values)} cells where the header has {len(header)}", row
                )
            yield row, dict(zip(header, values, strict=True))

    return header, records()


def _league(cells: _Cells) -> str:
    trust_type = cells.text("Trust_type")
    league = leagues.from_trust_type(trust_type)
    if league is None:
        raise cells.error("Trust_type", f"{trust_type!r} is not a known league")
    return league.slug


def _identity(cells: _Cells, quarter: Quarter) -> dict[str, object]:
    """The cells both kinds of file open every row with: which trust, in which quarter."""
    return {
        "row": cells.row,
        "quarter": quarter,
        "region": cells.text("Region"),
        "trust_type": cells.text("Trust_type"),
        "subtype": cells.text("Trust_subtype"),
        "trust_code": cells.text("Trust_code").upper(),
        "trust_name": cells.text("Trust_name"),
    }


def _data_row(cells: _Cells, quarter: Quarter | None) -> DataRow:
    metric_id = cells.text("Metric_ID").upper()
    if not metric_ids.is_metric_id(metric_id):
        raise cells.error("Metric_ID", f"{metric_id!r} is not an NOF metric ID like OF0005")
    assert quarter is not None
    return DataRow(
        **_identity(cells, quarter),
        domain=cells.text("Domain"),
        sub_domain=cells.text("Sub-domain", required=False),
        metric_id=metric_id,
        description=cells.text("Metric_description").replace("\xa0", " ").strip(),
        reporting_period=cells.text("Reporting_date", required=False),
        units=cells.text("Units", required=False),
        value=cells.number("Value"),
        median_value=cells.number("Median_value"),
        lower_quartile=cells.number("Lower_quartile"),
        upper_quartile=cells.number("Upper_quartile"),
        rank=cells.whole("Rank"),
    )


def _league_row(cells: _Cells, quarter: Quarter) -> LeagueRow:
    segment = cells.whole("Segment", required=True)
    if segment not in (1, 2, 3, 4, 5):
        raise cells.error("Segment", f"{segment} is not a segment from 1 to 5")
    flag = cells.text("Trust_in_financial_deficit")
    if flag.lower() not in ("yes", "no"):
        raise cells.error("Trust_in_financial_deficit", f"{flag!r} is neither Yes nor No")
    score_range = cells.range("Likely_range_of_average_score", whole=False)
    rank_range = cells.range("Likely_range_of_rank", whole=True)
    return LeagueRow(
        **_identity(cells, quarter),
        average_score=cells.number("Average_score", required=True),  # type: ignore[arg-type]
        score_range=score_range,
        segment=segment,
        in_financial_deficit=flag.lower() == "yes",
        rank=cells.whole("Rank", required=True),  # type: ignore[arg-type]
        rank_range=rank_range,  # type: ignore[arg-type]
    )


def _quarter_of_file(
    records: list[tuple[int, dict[str, str]]], source: str, given: Quarter | None
) -> Quarter:
    """A file without a Quarter column: the quarter comes from `--quarter`, or else from the
    summary rows' Reporting_date ("Q1 2025/26"), which must all agree."""
    if given is not None:
        return given
    found: dict[Quarter, int] = {}
    for row, record in records:
        if metric_ids.is_summary(record.get("Metric_ID", "").strip().upper()):
            quarter = parse_quarter(record.get("Reporting_date", ""))
            if quarter is not None:
                found.setdefault(quarter, row)
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise NOFFileError(
            source,
            "has no Quarter column and no summary row names its quarter: give --quarter",
            1,
            "Quarter",
        )
    labels = ", ".join(quarter_label(q) for q in sorted(found))
    raise NOFFileError(
        source, f"has no Quarter column and its summary rows name several: {labels}", 1, "Quarter"
    )


def parse(content: bytes, source: str, quarter: Quarter | None = None) -> ParsedFile:
    """Parse and validate a whole file. `quarter` stands in for a missing Quarter column."""
    header, records_iter = _records(decode(content, source), source)
    kind = identify(header, source)
    records = list(records_iter)
    if not records:
        raise NOFFileError(source, "has a header but no rows")
    has_quarter = "Quarter" in header
    file_quarter = None if has_quarter else _quarter_of_file(records, source, quarter)
    if kind is FileKind.LEAGUE_TABLE and file_quarter is None and not has_quarter:
        raise NOFFileError(source, "has no Quarter column: give --quarter", 1, "Quarter")

    league: str | None = None
    rows: list = []
    seen: dict[tuple, int] = {}
    for row, record in records:
        cells = _Cells(source, row, record)
        row_quarter = file_quarter
        if has_quarter:
            text = cells.text("Quarter")
            row_quarter = parse_quarter(text)
            if row_quarter is None:
                raise cells.error("Quarter", f"{text!r} is not a quarter like 'Q4 2025/26'")
            if quarter is not None and row_quarter != quarter and kind is FileKind.LEAGUE_TABLE:
                raise cells.error(
                    "Quarter", f"{text!r} differs from --quarter {quarter_label(quarter)}"
                )
        row_league = _league(cells)
        if league is None:
            league = row_league
        elif row_league != league:
            raise cells.error("Trust_type", f"mixes leagues: {row_league} after {league}")
        if kind is FileKind.METRIC_DATA:
            parsed = _data_row(cells, row_quarter)
            key: tuple = (parsed.trust_code, parsed.quarter, parsed.metric_id, parsed.units)
            what = "trust, quarter, metric and units"
        else:
            parsed = _league_row(cells, row_quarter)  # type: ignore[arg-type, assignment]
            key = (parsed.trust_code, parsed.quarter)
            what = "trust and quarter"
        if key in seen:
            raise cells.error(
                "Trust_code", f"repeats the {what} of row {seen[key]} ({', '.join(map(str, key))})"
            )
        seen[key] = row
        rows.append(parsed)
    assert league is not None
    return ParsedFile(source=source, kind=kind, league=league, rows=rows)
