"""Small NOF files written in NHS England's format, for importer tests."""

from __future__ import annotations

import csv
import io

DATA_HEADER = [
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain",
    "Sub-domain", "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value",
    "Median_value", "Lower_quartile", "Upper_quartile", "Rank",
]  # fmt: skip
LEAGUE_HEADER = [
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name",
    "Average_score", "Likely_range_of_average_score", "Segment", "Trust_in_financial_deficit",
    "Rank", "Likely_range_of_rank",
]  # fmt: skip

MH = "Mental health and community trust"
# (code, name, scores of OF1005 and OF1016, unadjusted segment, deficit flag)
TRUSTS = [
    ("ZZ1", "Ashcombe Community Health NHS Trust", (1.0, 1.5), 1, 0),
    ("ZZ2", "Brindlemoor Mental Health NHS Trust", (2.0, 3.0), 2, 1),
    ("ZZ3", "Coldharbour Care NHS Trust", (4.0, 3.5), 4, 0),
]


def trust_rows(quarter: str = "Q1 2025/26", trust_type: str = MH, scale: float = 1.0) -> list[dict]:
    """Three trusts, two metrics each (value and score), and their summary rows."""
    rows = []
    averages = {code: sum(scores) / 2 for code, _, scores, _, _ in TRUSTS}
    adjusted = {
        code: 3 if (deficit and segment in (1, 2)) else segment
        for code, _, _, segment, deficit in TRUSTS
    }
    ordered = sorted(averages, key=lambda c: (adjusted[c], averages[c]))
    for code, name, scores, segment, deficit in TRUSTS:
        base = {
            "Quarter": quarter, "Region": "London", "Trust_type": trust_type,
            "Trust_subtype": "Community", "Trust_code": code, "Trust_name": name,
        }  # fmt: skip
        metrics = [
            ("Access to services", "Elective care", "OF0005", "Waits over 52 weeks", "%",
             scores[0] * 2 * scale, "3.0"),
            ("Access to services", "Elective care", "OF1005", "Waits over 52 weeks", "score",
             scores[0], ""),
            ("Patient safety", "Patient safety", "OF0016", "Crisis response", "%",
             90 - scores[1] * 10, "2.0"),
            ("Patient safety", "Patient safety", "OF1016", "Crisis response", "score",
             scores[1], ""),
            ("Summary", "Summary", "OF5000", "Adjusted segment", "segment", adjusted[code],
             str(float(ordered.index(code) + 1))),
            ("Summary", "Summary", "OF5002", "Average metric score", "score", averages[code], ""),
            ("Summary", "Summary", "OF5003", "Unadjusted segment", "segment", segment, ""),
            ("Summary", "Summary", "OF5004", "Financial override", "flag", deficit, ""),
        ]  # fmt: skip
        for domain, sub, metric_id, description, units, value, rank in metrics:
            rows.append(
                {
                    **base,
                    "Domain": domain,
                    "Sub-domain": sub,
                    "Metric_ID": metric_id,
                    "Metric_description": description,
                    "Reporting_date": quarter,
                    "Units": units,
                    "Value": repr(float(value)),
                    "Median_value": "",
                    "Lower_quartile": "",
                    "Upper_quartile": "",
                    "Rank": rank,
                }  # fmt: skip
            )
    return rows


def league_rows(quarter: str = "Q1 2025/26") -> list[dict]:
    rows = []
    for row in trust_rows(quarter):
        if row["Metric_ID"] != "OF5000":
            continue
        average = next(
            r["Value"] for r in trust_rows(quarter)
            if r["Trust_code"] == row["Trust_code"] and r["Metric_ID"] == "OF5002"
        )  # fmt: skip
        deficit = next(
            r["Value"] for r in trust_rows(quarter)
            if r["Trust_code"] == row["Trust_code"] and r["Metric_ID"] == "OF5004"
        )  # fmt: skip
        rows.append(
            {
                **{k: row[k] for k in LEAGUE_HEADER[:6]},
                "Average_score": average,
                "Likely_range_of_average_score": "1.0 to 3.9",
                "Segment": row["Value"],
                "Trust_in_financial_deficit": "Yes" if deficit == "1.0" else "No",
                "Rank": row["Rank"],
                "Likely_range_of_rank": "1 to 3",
            }  # fmt: skip
        )
    return rows


def write(rows: list[dict], header: list[str], bom: bool = True, crlf: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=header, lineterminator="\r\n" if crlf else "\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def data_file(rows: list[dict] | None = None, **options: bool) -> bytes:
    return write(trust_rows() if rows is None else rows, DATA_HEADER, **options)


def league_file(rows: list[dict] | None = None, **options: bool) -> bytes:
    return write(league_rows() if rows is None else rows, LEAGUE_HEADER, **options)
