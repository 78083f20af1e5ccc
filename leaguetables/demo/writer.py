"""The demo's files, written in NHS England's exact formats and in the order it published them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from leaguetables.demo.catalogue import QUARTERS
from leaguetables.demo.generate import (
    DATA_HEADER,
    DATA_NEWLINE,
    DEFAULT_SEED,
    FILE_STEM,
    LEAGUE_HEADER,
    LEAGUE_TABLE_NEWLINE,
    RANGE_QUARTERS,
    SHORT_LEAGUE_HEADER,
    DemoLeagueData,
    build,
)
from leaguetables.demo.publish import QuarterResult, number

# Files -----------------------------------------------------------------------------------------


def _write_csv(path: Path, header, rows: Iterable[Sequence[str]], bom: bool, newline: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))
    return path


def _data_rows(data: DemoLeagueData, results: Sequence[QuarterResult], restated: bool):
    """Rows of a metric data file: the September 2025 (Q1) format has no Quarter column and the
    mental health and community league's old Trust_type; a restating file has both."""
    trust_type = data.league.trust_type if restated else data.league.q1_trust_type
    for k, result in enumerate(results):
        for row in result.rows:
            trust = data.trusts[row[0]]
            cells = (trust.region, trust_type, trust.subtypes[k], trust.code, trust.names[k])
            yield ((QUARTERS[k],) if restated else ()) + cells + row[1:]


def _league_rows(data: DemoLeagueData, k: int):
    """A league table file's rows in rank order; likely ranges from Q3 on."""
    result, in_deficit, ranges = data.results[k], data.inputs[k].in_deficit, data.ranges.get(k)
    trust_type = data.league.q1_trust_type if k == 0 else data.league.trust_type
    for code in sorted(result.ranks, key=lambda c: (result.ranks[c], c)):
        trust = data.trusts[code]
        score_range, rank_range = ranges[code] if ranges else ("", "")
        row = (
            QUARTERS[k], trust.region, trust_type, trust.subtypes[k], code, trust.names[k],
            number(result.averages[code]), score_range, number(result.adjusted[code]),
            "Yes" if in_deficit[code] else "No", number(result.ranks[code]), rank_range,
        )  # fmt: skip
        cells = dict(zip(LEAGUE_HEADER, row, strict=True))
        yield tuple(cells[column] for column in (LEAGUE_HEADER if ranges else SHORT_LEAGUE_HEADER))


def write_demo_files(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo files into `out_dir` and return their paths in the order to import them.

    That is the order NHS England published them: Q1 data and league tables (September 2025),
    the Q2 and Q3 league tables, the Q4 data files restating every quarter with the Q4 league
    tables, and last the mental health and community Q4 revision ("-v2"), whose corrected
    figures the Q4 league table already shows.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    restated_header = ("Quarter", *DATA_HEADER)
    q1_data, tables, q4_data, revisions = [], defaultdict(list), [], []
    for data in build(seed):
        slug = data.league.slug
        path = out_dir / f"{FILE_STEM}-{data.league.q1_data_slug}-trust-data.csv"
        rows = _data_rows(data, data.results[:1], restated=False)
        q1_data.append(_write_csv(path, DATA_HEADER, rows, bom=False, newline=DATA_NEWLINE))
        for k in range(4):
            suffix = f"-q{k + 1}-25-26" if k else ""
            path = out_dir / f"{FILE_STEM}-{slug}-trust-league-table{suffix}.csv"
            header = LEAGUE_HEADER if k in RANGE_QUARTERS else SHORT_LEAGUE_HEADER
            rows = _league_rows(data, k)
            tables[k].append(_write_csv(path, header, rows, bom=True, newline=LEAGUE_TABLE_NEWLINE))
        first = [*data.results[:3], data.first_q4 or data.results[3]]
        path = out_dir / f"{FILE_STEM}-{slug}-trust-data-q4-25-26.csv"
        rows = _data_rows(data, first, restated=True)
        q4_data.append(_write_csv(path, restated_header, rows, bom=True, newline=DATA_NEWLINE))
        if data.first_q4 is not None:
            path = out_dir / f"{FILE_STEM}-{slug}-trust-data-q4-25-26-v2.csv"
            rows = _data_rows(data, data.results, restated=True)
            revisions.append(
                _write_csv(path, restated_header, rows, bom=True, newline=DATA_NEWLINE)
            )
    return [*q1_data, *tables[0], *tables[1], *tables[2], *q4_data, *tables[3], *revisions]
