"""Shape stored results for tables, downloads and the command line.

NHS England's own columns come first, spelt and written as NHS England writes them ("1.53",
"3.0", "Yes", "1 to 11"); our columns follow.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from leaguetables.models import ContextNote, League, Quarter, TrustQuarter
from leaguetables.nof.files import LEAGUE_FILE_COLUMNS

NHS_LEAGUE_COLUMNS = LEAGUE_FILE_COLUMNS
OUR_LEAGUE_COLUMNS = (
    "Unadjusted_segment", "Override_applied", "Rank_without_override", "Metrics_scored",
    "Rank_among_non_specialist", "Rank_without_finance", "Rank_range_leaving_out_one_metric",
    "Range_source", "Segment_probabilities", "Reproduction_check", "Context_notes",
)  # fmt: skip
LEAGUE_EXPORT_COLUMNS = NHS_LEAGUE_COLUMNS + OUR_LEAGUE_COLUMNS

# A cell that a spreadsheet would read as a formula is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def nhs_number(value: float | int | None) -> str:
    """As NHS England's files write numbers: floats throughout ("1.53", "3.0", "26.0")."""
    if value is None:
        return ""
    return repr(float(value))


def nhs_range(low: float | int | None, high: float | int | None, whole: bool) -> str:
    if low is None or high is None:
        return ""
    if whole:
        return f"{int(low)} to {int(high)}"
    return f"{nhs_number(low)} to {nhs_number(high)}"


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


def notes_text(notes: Iterable[ContextNote]) -> str:
    """All of a row's notes in one cell: "kind: short text" joined by " | "."""
    return " | ".join(f"{note.kind}: {note.short_text}" for note in notes)


def league_export_row(tq: TrustQuarter, notes: Sequence[ContextNote] = ()) -> dict[str, str]:
    rank_range = tq.rank_range
    score_range = tq.score_range
    segment = tq.adjusted_segment if tq.adjusted_segment is not None else tq.final_segment
    probabilities = tq.segment_probabilities or {}
    return {
        "Quarter": tq.quarter.label,
        "Region": tq.region,
        "Trust_type": tq.trust_type,
        "Trust_subtype": tq.subtype,
        "Trust_code": tq.trust.ods_code,
        "Trust_name": tq.name,
        "Average_score": nhs_number(tq.average_score),
        "Likely_range_of_average_score": nhs_range(*(score_range or (None, None)), whole=False),
        "Segment": nhs_number(segment),
        "Trust_in_financial_deficit": yes_no(tq.in_financial_deficit),
        "Rank": nhs_number(tq.league_rank),
        "Likely_range_of_rank": nhs_range(*(rank_range or (None, None)), whole=True),
        "Unadjusted_segment": nhs_number(tq.unadjusted_segment),
        "Override_applied": yes_no(tq.financial_override_applied),
        "Rank_without_override": nhs_number(tq.rank_without_override),
        "Metrics_scored": "" if tq.metrics_scored is None else str(tq.metrics_scored),
        "Rank_among_non_specialist": nhs_number(tq.rank_among_non_specialist),
        "Rank_without_finance": nhs_number(tq.rank_without_finance),
        "Rank_range_leaving_out_one_metric": nhs_range(
            tq.rank_leave_one_out_best, tq.rank_leave_one_out_worst, whole=True
        ),
        "Range_source": tq.range_source,
        "Segment_probabilities": "; ".join(
            f"{segment}: {probabilities[segment]:.2f}" for segment in sorted(probabilities)
        ),
        "Reproduction_check": tq.reproduction,
        "Context_notes": notes_text(notes),
    }


def league_rows(league: League, quarter: Quarter) -> list[dict[str, str]]:
    trust_quarters = list(
        TrustQuarter.objects.in_league(league, quarter)
        .ranked()
        .select_related("trust", "quarter")
        .prefetch_related("notes")
    )
    return [
        league_export_row(tq, [n for n in tq.notes.all() if n.approved]) for tq in trust_quarters
    ]


def neutralise(cell: object) -> object:
    """Stop a spreadsheet running a cell as a formula. Numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def to_csv(rows: Sequence[dict[str, object]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise(row.get(column, "")) for column in columns})
    return out.getvalue()


def to_json(rows: Sequence[dict[str, object]], meta: dict[str, object]) -> str:
    return json.dumps({**meta, "rows": list(rows)}, indent=1, ensure_ascii=False)
