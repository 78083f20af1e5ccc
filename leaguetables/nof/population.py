"""The population an acute trust serves, from OHID's catchments: pure arithmetic, no Django.

OHID publishes, for each acute trust (2022 codes), the share of its catchment population that
lives in each lower-tier local authority (2021 codes). Weighted by those shares we compute:

- deprivation: Σ share × the local authority's IMD 2025 average score (higher = more deprived);
- rurality: the sum of the shares living in local authorities the Rural-Urban Classification
  calls "Rural".

Both are approximations at local-authority level: a trust that draws on the poorer half of a
mixed district is scored as the district's average. 2021 district codes are mapped to 2024's
before the local authority's figures are looked up (the April 2023 reorganisation merged
districts into Cumberland, Westmorland and Furness, North Yorkshire and Somerset).

A trust code of a NOF file may be newer than OHID's 2022 codes: `resolve` follows ODS's
successions (predecessor → successor) to a catchment published under a predecessor's code, and
refuses a catchment whose trust ODS records as closed before the quarter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from leaguetables.nof.periods import quarter_start

RURAL = "Rural"
FIFTHS = 5


@dataclass(frozen=True)
class Succession:
    old_code: str
    new_code: str
    on: date


@dataclass(frozen=True)
class Area:
    """A 2024 local authority's figures."""

    code: str
    name: str
    imd_score: float | None  # IMD 2025 average score; None where England's IMD does not cover it
    rural: bool | None  # None where unclassified


@dataclass(frozen=True)
class Resolved:
    """The catchment used for a trust: whose code OHID published it under, and the shares by
    2024 local authority code."""

    trust_code: str
    source_code: str  # == trust_code, or the predecessor whose catchment is used
    shares: Mapping[str, float]


@dataclass(frozen=True)
class Weighted:
    trust_code: str
    source_code: str
    imd_score: float | None  # None when some of the catchment has no IMD score
    rural_share: float | None
    # The share of the catchment whose local authority had an IMD score (1.0 in England).
    covered_share: float


@dataclass(frozen=True)
class Placing:
    """Where a figure places a trust among the league's trusts with a catchment."""

    position: int  # 1 = most deprived (or most rural); ties share the better position
    of: int
    fifth: int  # 1 = the most deprived (most rural) fifth, ... 5; none is 1 under five trusts


def first_day(financial_year: int, quarter: int) -> date:
    """The day a quarter starts: trusts ODS closed before it are not that quarter's."""
    year, month = quarter_start(financial_year, quarter)
    return date(year, month, 1)


def to_2024(shares_2021: Mapping[str, float], changes: Mapping[str, str]) -> dict[str, float]:
    """Shares by 2021 district code -> shares by 2024 code (merged districts' shares add)."""
    found: dict[str, float] = {}
    for code, share in shares_2021.items():
        new = changes.get(code, code)
        found[new] = found.get(new, 0.0) + share
    return found


def predecessors(code: str, successions: Iterable[Succession], on: date | None = None) -> list[str]:
    """Every earlier code of a trust (nearest first), by successions dated on or before `on`."""
    earlier: dict[str, list[str]] = {}
    for s in successions:
        if on is None or s.on <= on:
            earlier.setdefault(s.new_code, []).append(s.old_code)
    found: list[str] = []
    queue = [code]
    while queue:
        current = queue.pop(0)
        for old in sorted(earlier.get(current, ())):
            if old not in found and old != code:
                found.append(old)
                queue.append(old)
    return found


def resolve(
    code: str,
    catchments: Mapping[str, Mapping[str, float]],
    successions: Sequence[Succession],
    closed: Mapping[str, date],
    on: date | None = None,
) -> Resolved | None:
    """The catchment OHID published for this trust, or for the one predecessor it succeeded.

    `catchments` are by trust code, shares by 2024 local authority code. None when there is none,
    when the trust's own catchment belongs to a trust ODS closed before `on`, or when it
    succeeded several trusts with catchments (OHID publishes shares, not populations, so their
    catchments cannot be added up honestly).
    """
    if code in catchments:
        if on is not None and code in closed and closed[code] < on:
            return None
        return Resolved(code, code, catchments[code])
    earlier = [old for old in predecessors(code, successions, on) if old in catchments]
    if len(earlier) != 1:
        return None
    return Resolved(code, earlier[0], catchments[earlier[0]])


def weigh(resolved: Resolved, areas: Mapping[str, Area]) -> Weighted:
    """Catchment-weighted IMD 2025 score and the share living in rural local authorities."""
    total = sum(resolved.shares.values())
    score = covered = rural = classified = 0.0
    for code, share in resolved.shares.items():
        area = areas.get(code)
        if area is None:
            continue
        if area.imd_score is not None:
            score += share * area.imd_score
            covered += share
        if area.rural is not None:
            classified += share
            rural += share if area.rural else 0.0
    # Shares of one trust sum to 1 up to float rounding (OHID's sums lie within 1e-15).
    whole = total > 0 and math.isclose(covered, total, rel_tol=1e-9)
    return Weighted(
        resolved.trust_code,
        resolved.source_code,
        score / total if whole else None,
        rural / total if total > 0 and math.isclose(classified, total, rel_tol=1e-9) else None,
        covered / total if total > 0 else 0.0,
    )


def placings(figures: Mapping[str, float | None]) -> dict[str, Placing]:
    """Position of each trust by a figure, highest first (most deprived, most rural).

    Trusts without the figure are left out. Fifth = ceil(5 × position / n): with n trusts the
    first fifth holds the floor(n / 5) highest, so with under five trusts no trust is in it.
    """
    known = {code: value for code, value in figures.items() if value is not None}
    n = len(known)
    found = {}
    for code, value in known.items():
        position = 1 + sum(1 for other in known.values() if other > value)  # type: ignore[operator]
        fifth = math.ceil(FIFTHS * position / n)
        found[code] = Placing(position, n, fifth)
    return found


def most_deprived_fifth(figures: Mapping[str, float | None]) -> set[str]:
    """The trusts whose catchment is among the most deprived fifth of the league-quarter's."""
    return {code for code, placing in placings(figures).items() if placing.fifth == 1}
