"""Read NHS England's NOF CSV files: identify them by header and contents, validate every cell.

Pure Python. A file is rejected whole, with the row and column of the first problem, before
anything is written. Row numbers are the file's own line numbers (the header is row 1), as a
spreadsheet shows them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from leaguetables.nof import leagues, metric_ids
from leaguetables.nof.cells import RANGE_TEXT, Cells, NOFFileError, shown
from leaguetables.nof.reading import MAX_FILE_BYTES, Lines, records

__all__ = ["RANGE_TEXT", "NOFFileError"]  # where the rest of the package finds them


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


class FileKind(StrEnum):
    METRIC_DATA = "metric_data"
    LEAGUE_TABLE = "league_table"


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
    sha256: str = ""  # of the bytes read

    @property
    def quarters(self) -> list[Quarter]:
        return sorted({row.quarter for row in self.rows})

    @property
    def trust_codes(self) -> set[str]:
        return {row.trust_code for row in self.rows}


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


def _league(cells: Cells) -> str:
    trust_type = cells.text("Trust_type")
    league = leagues.from_trust_type(trust_type)
    if league is None:
        raise cells.error("Trust_type", f"{shown(trust_type)} is not a known league")
    return league.slug


def _identity(cells: Cells, quarter: Quarter) -> dict[str, object]:
    """The cells both kinds of file open every row with: which trust, in which quarter."""
    return {
        "row": cells.row,
        "quarter": quarter,
        "region": cells.text("Region"),
        "trust_type": cells.text("Trust_type"),
        "subtype": cells.text("Trust_subtype"),
        "trust_code": cells.code("Trust_code"),
        "trust_name": cells.text("Trust_name"),
    }


# What a metric data file's Value may hold, by the row's kind (scores 0 where not scored).
VALUE_BOUNDS = {
    metric_ids.MetricKind.SCORE: (0.0, 4.0),
    metric_ids.MetricKind.DOMAIN_SCORE: (1.0, 4.0),
    metric_ids.MetricKind.DOMAIN_SEGMENT: (1.0, 4.0),
}
SUMMARY_BOUNDS = {
    metric_ids.ADJUSTED_SEGMENT: (1.0, 4.0),
    metric_ids.AVERAGE_SCORE: (1.0, 4.0),
    metric_ids.UNADJUSTED_SEGMENT: (1.0, 4.0),
    metric_ids.FINANCIAL_DEFICIT: (0.0, 1.0),
    metric_ids.FINAL_SEGMENT: (1.0, 5.0),
    metric_ids.RECOVERY_SUPPORT: (0.0, 1.0),
}
WHOLE_VALUES = {metric_ids.MetricKind.DOMAIN_SEGMENT} | {
    m for m in SUMMARY_BOUNDS if m != metric_ids.AVERAGE_SCORE
}


def _value(cells: Cells, metric_id: str) -> float | None:
    kind = metric_ids.kind_of(metric_id)
    low, high = SUMMARY_BOUNDS.get(metric_id) or VALUE_BOUNDS.get(kind, (None, None))
    if kind is metric_ids.MetricKind.SCORE:
        value = cells.number("Value", low=low, high=high)
        if value is not None and 0 < value < 1:
            raise cells.error("Value", f"{shown(cells.raw('Value'))} is not a score (1 to 4)")
        return value
    if kind in WHOLE_VALUES or metric_id in WHOLE_VALUES:
        whole = cells.whole("Value", low=int(low or 0), high=int(high) if high else None)
        return None if whole is None else float(whole)
    return cells.number("Value", low=low, high=high)


def _data_row(cells: Cells, quarter: Quarter | None) -> DataRow:
    metric_id = cells.text("Metric_ID").upper()
    if not metric_ids.is_metric_id(metric_id):
        raise cells.error("Metric_ID", f"{shown(metric_id)} is not an NOF metric ID like OF0005")
    assert quarter is not None
    return DataRow(
        **_identity(cells, quarter),
        domain=cells.text("Domain"),
        sub_domain=cells.text("Sub-domain", required=False),
        metric_id=metric_id,
        description=cells.text("Metric_description").replace("\xa0", " ").strip(),
        reporting_period=cells.text("Reporting_date", required=False),
        units=cells.text("Units", required=False),
        value=_value(cells, metric_id),
        median_value=cells.number("Median_value"),
        lower_quartile=cells.number("Lower_quartile"),
        upper_quartile=cells.number("Upper_quartile"),
        rank=cells.whole("Rank"),
    )


def _league_row(cells: Cells, quarter: Quarter) -> LeagueRow:
    segment = cells.whole("Segment", required=True, low=1, high=5)
    flag = cells.text("Trust_in_financial_deficit")
    if flag.lower() not in ("yes", "no"):
        raise cells.error("Trust_in_financial_deficit", f"{shown(flag)} is neither Yes nor No")
    score_range = cells.range("Likely_range_of_average_score", whole=False, low=1.0, high=4.0)
    rank_range = cells.range("Likely_range_of_rank", whole=True, low=1)
    return LeagueRow(
        **_identity(cells, quarter),
        average_score=cells.number("Average_score", required=True, low=1.0, high=4.0),  # type: ignore[arg-type]
        score_range=score_range,
        segment=segment,  # type: ignore[arg-type]
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


def parse(
    content: bytes | BinaryIO,
    source: str,
    quarter: Quarter | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ParsedFile:
    """Read and validate a whole file in one pass, refusing it at its first bad cell.

    `content` is the file's bytes or a binary stream (read a line at a time). `quarter` stands
    in for a missing Quarter column.
    """
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    lines = Lines(stream, source, max_bytes)
    header, found = records(lines, source)
    kind = identify(header, source)
    has_quarter = "Quarter" in header
    file_quarter = None
    if not has_quarter:
        if kind is FileKind.LEAGUE_TABLE and quarter is None:
            raise NOFFileError(source, "has no Quarter column: give --quarter", 1, "Quarter")
        # The quarter comes from the summary rows: read them all first (early, small files).
        buffered = list(found)
        file_quarter = _quarter_of_file(buffered, source, quarter)
        found = iter(buffered)

    league: str | None = None
    rows: list = []
    seen: dict[tuple, int] = {}
    for row, record in found:
        cells = Cells(source, row, record)
        row_quarter = file_quarter
        if has_quarter:
            text = cells.text("Quarter")
            row_quarter = parse_quarter(text)
            if row_quarter is None:
                raise cells.error("Quarter", f"{shown(text)} is not a quarter like 'Q4 2025/26'")
            if quarter is not None and row_quarter != quarter and kind is FileKind.LEAGUE_TABLE:
                raise cells.error(
                    "Quarter", f"{shown(text)} differs from --quarter {quarter_label(quarter)}"
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
    if league is None:
        raise NOFFileError(source, "has a header but no rows")
    return ParsedFile(
        source=source, kind=kind, league=league, rows=rows, sha256=lines.sha256.hexdigest()
    )
