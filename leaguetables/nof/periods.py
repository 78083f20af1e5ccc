"""When a metric's reporting period ended, read from NHS England's Reporting_date text.

The files write periods many ways ("Jun-25", "Q4 2024-25", "2023/24", "Month 3 2025",
"Jun 24 - Jun 25 vs Jun 23 - Jun 24", "2024"); a reader needs to know which numbers are older
than the quarter they are ranked in.
"""

from __future__ import annotations

import re

Month = tuple[int, int]  # (calendar year, month 1-12)

MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})[/-](\d{2})$", re.I)
_FINANCIAL_YEAR = re.compile(r"^(\d{4})[/-](\d{2})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]*[\s-]+(\d{2}|\d{4})$")
_FINANCIAL_MONTH = re.compile(r"^Month\s+(\d{1,2})\s+(\d{4})(?:[/-](\d{2}))?$", re.I)
_CALENDAR_YEAR = re.compile(r"^(\d{4})$")


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def quarter_end(financial_year: int, quarter: int) -> Month:
    """Q1 of 2025/26 ends in June 2025; Q4 ends in March 2026."""
    month = 3 * quarter + 3
    return (financial_year + 1, month - 12) if month > 12 else (financial_year, month)


def quarter_start(financial_year: int, quarter: int) -> Month:
    year, month = quarter_end(financial_year, quarter)
    month -= 2
    return (year - 1, month + 12) if month < 1 else (year, month)


def period_end(text: str) -> Month | None:
    """The last month a reporting period covers; None for plans and what cannot be read."""
    text = text.strip()
    if "plan" in text.lower():
        return None
    if " vs " in text:  # "Jun 24 - Jun 25 vs Jun 23 - Jun 24": the first period is the latest
        text = text.split(" vs ")[0]
    if " - " in text:
        text = text.split(" - ")[-1]
    if match := _QUARTER.match(text):
        return quarter_end(int(match[2]), int(match[1]))
    if match := _FINANCIAL_YEAR.match(text):
        return (int(match[1]) + 1, 3)
    if match := _FINANCIAL_MONTH.match(text):
        # "Month 3 2025": the third month of the financial year that starts in April 2025.
        month = int(match[1]) + 3
        start = int(match[2])
        return (start + 1, month - 12) if month > 12 else (start, month)
    if match := _MONTH_YEAR.match(text):
        month = MONTHS.get(match[1].lower())
        return (_year(match[2]), month) if month else None
    if match := _CALENDAR_YEAR.match(text):
        return (int(match[1]), 12)
    return None


def older_than_quarter(text: str, financial_year: int, quarter: int) -> bool:
    """Whether a period ended before the quarter began."""
    end = period_end(text)
    return end is not None and end < quarter_start(financial_year, quarter)
