"""Fictional NOF data in NHS England's exact file formats, to show the site without real data.

Every trust is invented: its code starts with ILLUSTRATIVE_CODE_PREFIX ("Z", which no NHS trust
code uses) and its name with an invented place (`demo.names.PLACES`). The figures follow NHS
England's rules as this project reproduces them (`demo_publish`). The files carry the drift the
importer must take: a Q1 format without a Quarter column and with the league's old name, renames,
a subtype change, a Q4 file restating every quarter, a "-v2" revision, missing, suppressed and
older-period metrics, segment 5, overrides and ties.

`write_demo_files(out_dir, seed)` writes the same bytes for the same seed, in about a second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from leaguetables.demo import catalogue
from leaguetables.demo import names as naming
from leaguetables.demo.catalogue import QUARTERS, DemoLeague
from leaguetables.demo.publish import (
    QuarterInputs,
    QuarterResult,
    combined_finance,
    derive,
    likely_ranges,
)
from leaguetables.nof import files, rules
from leaguetables.nof.scoring import KNOWN_RULES, band_score

ILLUSTRATIVE_CODE_PREFIX = "Z"
DEFAULT_SEED = 20250601
REGIONS = (
    "London", "South East", "South West", "Midlands", "East", "North West",
    "North East and Yorkshire",
)  # fmt: skip
DATA_HEADER = files.DATA_COLUMNS  # the September 2025 files had no Quarter column
LEAGUE_HEADER = files.LEAGUE_FILE_COLUMNS
RANGE_COLUMNS = ("Likely_range_of_average_score", "Likely_range_of_rank")  # from Q3
SHORT_LEAGUE_HEADER = tuple(h for h in LEAGUE_HEADER if h not in RANGE_COLUMNS)  # Q1-Q2
RANGE_QUARTERS = (2, 3)
# NHS England's real files end their lines with CRLF.
DATA_NEWLINE = "\r\n"
LEAGUE_TABLE_NEWLINE = "\r\n"
FILE_STEM = "nhs-oversight-framework"

# Drift cases per league, one count per quarter Q1..Q4.
SUPPRESSED = {"acute": (2, 1, 1, 1), "mental-health-and-community": (1, 0, 1, 0)}
OLDER_PERIOD = {"acute": (0, 1, 1, 0), "mental-health-and-community": (0, 0, 1, 0)}
SUPPRESSED["ambulance"], OLDER_PERIOD["ambulance"] = (0, 1, 0, 0), (0, 0, 0, 1)
PLANNED_DEFICIT_SHARE = 0.12
DEFICIT_SUPPORT_SHARE = (0.17, 0.15, 0.12, 0.08)  # by quarter, of trusts planning no deficit
FINANCE_COMPONENTS = ("079", "081")  # drawn with the deficit flag, not from quality
BED_DAYS = {"teaching": 420_000, "large": 300_000, "medium": 210_000, "small": 130_000}
BED_DAYS["multi-service"] = 160_000
BED_DAYS_OTHERWISE = 60_000  # specialist trusts


@dataclass(frozen=True)
class DemoTrust:
    code: str
    kind: str  # a subtype, finer: "eye", "community-small", ...
    region: str
    names: tuple[str, ...]  # as published in each quarter
    subtypes: tuple[str, ...]
    quality: np.ndarray  # per quarter; higher is better
    finance: float  # higher is healthier
    bed_days: float  # a year's, for infection rates and counts
    reports: frozenset[str]  # numbers of the metrics whose service the trust runs


@dataclass
class DemoLeagueData:
    league: DemoLeague
    trusts: dict[str, DemoTrust]
    inputs: list[QuarterInputs]
    results: list[QuarterResult]  # Q4 as corrected by the "-v2" file
    first_q4: QuarterResult | None = None  # Q4 as first published, where it was revised
    revised_trusts: tuple[str, ...] = ()
    ranges: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)


# The fictional trusts --------------------------------------------------------------------------


def _roster(league: DemoLeague, codes: list[str], places: list[str], rng) -> list[DemoTrust]:
    trusts = []
    for kind, subtype, count in league.subtypes:
        templates = naming.NAME_TEMPLATES[kind]
        for _ in range(count):
            pick = 0 if rng.random() < 0.5 else rng.integers(len(templates))
            template = templates[pick]
            name = template.format(p=places.pop(), q=places.pop() if "{q}" in template else "")
            bonus = 1.5 if kind in catalogue.SPECIALISTS else 0.4 if kind == "psychotherapy" else 0
            quality = rng.normal() + bonus + 0.12 * np.cumsum(rng.normal(size=4))
            finance = 0.3 * float(quality.mean()) + 0.95 * rng.normal()
            bed_days = BED_DAYS.get(kind, BED_DAYS_OTHERWISE) * math.exp(0.2 * rng.normal())
            runs = [m.number for m in league.metrics if rng.random() < m.covers(kind)]
            region = REGIONS[rng.integers(len(REGIONS))]
            names, subtypes = (name,) * 4, (subtype,) * 4
            trusts.append(
                DemoTrust(codes.pop(), kind, region, names, subtypes, quality, finance, bed_days,
                          frozenset(runs))
            )  # fmt: skip
    return _drift_names(league, trusts)


def _drift_names(league: DemoLeague, trusts: list[DemoTrust]) -> list[DemoTrust]:
    """An NHS trust that became a foundation trust (acute from Q3, community in Q4) and a care
    trust that became a mental health and learning disability trust in Q2, as the real files
    show; names and subtypes are as published in each quarter."""
    first: dict[str, int] = {}
    for index, trust in enumerate(trusts):
        first.setdefault(trust.kind, index)
    renamed = {"acute": ("medium", "{} Hospital NHS Trust", 2)}
    renamed["mental-health-and-community"] = ("community", "{} Community Health NHS Trust", 3)
    if league.slug in renamed:
        kind, template, quarters = renamed[league.slug]
        trust = trusts[first[kind]]
        old = template.format(trust.names[0].split(" ")[0])
        new = old.replace("NHS Trust", "NHS Foundation Trust")
        trusts[first[kind]] = replace(trust, names=(old,) * quarters + (new,) * (4 - quarters))
    if "care" in first:
        trust = trusts[first["care"]]
        subtypes = ("Care Trust",) + ("Mental Health and Learning Disability",) * 3
        trusts[first["care"]] = replace(trust, subtypes=subtypes)
    return trusts


# What the trusts reported ----------------------------------------------------------------------


def _draw_values(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> dict[str, np.ndarray]:
    """(quarter, trust) values of every value metric but the finance components, NaN where not
    reported. Performance persists: a trust keeps its quality and its own strength on each
    metric from quarter to quarter, with a little noise on top."""
    quality = np.array([t.quality for t in trusts]).T  # (4, trusts)
    bed_days = np.array([t.bed_days for t in trusts])
    few = np.array([t.kind in catalogue.FEW_METRIC_KINDS for t in trusts])
    drawn: dict[str, np.ndarray] = {}
    for metric in league.metrics:
        if metric.score_only or metric.number in FINANCE_COMPONENTS:
            continue
        own, noise = rng.normal(size=len(trusts)), rng.normal(size=quality.shape)
        strength = metric.loading * quality + math.sqrt(1 - metric.loading**2) * own + 0.35 * noise
        sign = 1.0 if metric.rule.higher_is_better else -1.0  # type: ignore[union-attr]
        values = np.clip(metric.centre + sign * metric.sd * strength, metric.low, metric.high)
        if metric.infection:  # rates come from whole cases over the trust's bed days
            counts = rng.poisson(values * bed_days / 100_000).astype(float)
            values = counts * 100_000 / bed_days
        reports = np.array([metric.number in t.reports for t in trusts])
        missing = (rng.random(quality.shape) < metric.missing_rate) & ~few
        quarters = np.isin(np.arange(4), metric.quarters)[:, None]
        drawn[metric.number] = np.where(reports & ~missing & quarters, values, np.nan)
        if metric.count_row:
            drawn[f"{metric.number}#count"] = np.where(
                reports & ~missing & quarters, counts, np.nan
            )
    return drawn


def _draw_finance(trusts: Sequence[DemoTrust], rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Planned surplus/deficit (% of turnover, the year's plan), year-to-date variance to plan
    per quarter, and OF5004: a planned deficit, or deficit support (which OF0079 does not show)."""
    finance = np.array([t.finance for t in trusts])
    n = len(trusts)
    plan = np.where(rng.random(n) < 0.7, 0.0, rng.uniform(0.1, 2.4, n))
    weakest = np.argsort(finance)[: max(1, round(PLANNED_DEFICIT_SHARE * n))]
    shortfall = 0.2 + 1.2 * (-finance[weakest] - 1.0) + rng.uniform(0, 1.2, len(weakest))
    plan[weakest] = -np.clip(shortfall, 0.1, 3.5)
    raw = 0.7 * finance + 0.6 * rng.normal(size=(4, n))  # most trusts report exactly on plan
    ytd = np.where(raw < -0.9, (raw + 0.9) * 1.1, np.where(raw > 0.9, (raw - 0.9) * 0.8, 0.0))
    support = rng.random(n)[None, :] < np.array(DEFICIT_SUPPORT_SHARE)[:, None]
    return plan, ytd, (plan < 0)[None, :] | support


def _direct_scores(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> list[dict]:
    """Score-only metrics per quarter: the CQC safe rating (Outstanding 1 to Inadequate 4) and
    the CQC community mental health survey (about the same as other trusts: 2), which changes
    when a new year's survey comes out."""
    quarters: list[dict[str, dict[str, float]]] = [defaultdict(dict) for _ in QUARTERS]
    for metric in league.metrics:
        if not metric.score_only or metric.number == "080":
            continue
        base = np.array([t.quality.mean() for t in trusts]) + 0.7 * rng.normal(size=len(trusts))
        later = 0.7 * base + 0.7 * rng.normal(size=len(trusts))
        for k in metric.quarters:
            z_all = later if metric.reporting[k] != metric.reporting[0] else base
            for trust, z in zip(trusts, z_all, strict=True):
                if metric.number not in trust.reports:
                    continue
                if metric.number == "067":
                    score = 1.0 if z > 1.4 else 2.0 if z > -0.5 else 3.0 if z > -1.5 else 4.0
                else:
                    score = 1.0 if z > 2.0 else 4.0 if z < -2.3 else 3.0 if z < -1.9 else 2.0
                quarters[k][metric.number][trust.code] = score
    return quarters


def _league_inputs(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> list[QuarterInputs]:
    drawn = _draw_values(league, trusts, rng)
    plan, ytd, in_deficit = _draw_finance(trusts, rng)
    direct = _direct_scores(league, trusts, rng)
    codes = [t.code for t in trusts]
    # Segment 5: the trusts with the weakest record; in Q2 one has left the programme.
    weakest = sorted(
        (t for t in trusts if t.kind not in catalogue.SPECIALISTS),
        key=lambda t: float(t.quality[:2].mean()),
    )
    inputs = []
    for k in range(4):
        values: dict[str, dict[str, float | None]] = {
            key: {
                c: rules.round_half_up(v)
                for c, v in zip(codes, array[k], strict=True)
                if not np.isnan(v)
            }
            for key, array in drawn.items()
        }  # published to 2 dp; counts are whole already
        values["079"] = {c: rules.round_half_up(v) for c, v in zip(codes, plan, strict=True)}
        values["081"] = {c: rules.round_half_up(v) for c, v in zip(codes, ytd[k], strict=True)}
        recovery = None
        if k in catalogue.RECOVERY_QUARTERS:
            recovery = frozenset(t.code for t in weakest[: league.recovery_support[k]])
        inputs.append(
            QuarterInputs(
                values={key: by_trust for key, by_trust in values.items() if by_trust},
                periods={},
                direct_scores=dict(direct[k]),
                in_deficit={c: bool(flag) for c, flag in zip(codes, in_deficit[k], strict=True)},
                recovery=recovery,
            )
        )
    _add_data_gaps(league, trusts, inputs, rng)
    return inputs


def _add_data_gaps(league: DemoLeague, trusts, inputs: list[QuarterInputs], rng) -> None:
    """Suppressed values (the value row kept but blank, and no score) and values from an older
    period (last quarter's value, under its Reporting_date)."""
    eligible = {t.code for t in trusts if t.kind not in catalogue.FEW_METRIC_KINDS}
    ranked = {
        m.number: m
        for m in league.metrics
        if m.rule is not None and m.rule.bands is None and not m.infection
    }

    def candidates(quarter: QuarterInputs) -> list[tuple[str, str]]:
        return [
            (key, code)
            for key in sorted(ranked)
            for code, value in quarter.values.get(key, {}).items()
            if code in eligible and value is not None
        ]

    for k, quarter in enumerate(inputs):
        for _ in range(SUPPRESSED[league.slug][k]):
            found = candidates(quarter)
            key, code = found[rng.integers(len(found))]
            quarter.values[key][code] = None
        before = inputs[k - 1]
        for _ in range(OLDER_PERIOD[league.slug][k]):
            found = [
                (key, code)
                for key, code in candidates(quarter)
                if ranked[key].reporting[k - 1] != ranked[key].reporting[k]
                and before.values.get(key, {}).get(code) is not None
                and (key, code) not in before.periods
            ]
            key, code = found[rng.integers(len(found))]
            quarter.values[key][code] = before.values[key][code]
            quarter.periods[(key, code)] = ranked[key].reporting[k - 1]


def _first_q4_publication(data: DemoLeagueData) -> None:
    """Q4 as first published, before the "-v2" file corrected two finance returns: one trust's
    adverse year-to-date variance was left out (0.0), another's plan or variance lost its sign.
    Each is the error that moves the trust's combined finance score (OF1080) most."""
    inputs, corrected = data.inputs[3], data.results[3]
    plan: dict[str, float] = inputs.values["079"]  # type: ignore[assignment]
    ytd: dict[str, float] = inputs.values["081"]  # type: ignore[assignment]

    def shift(code: str, planned: float, variance: float) -> float:
        def combined(planned: float, variance: float) -> float:
            components = {"OF1079": band_score(planned, KNOWN_RULES["OF0079"])}
            components["OF1081"] = band_score(variance, KNOWN_RULES["OF0081"])
            return combined_finance({code: components})[code]

        return abs(combined(planned, variance) - combined(plan[code], ytd[code]))

    codes = sorted(ytd)
    left_out = max(codes, key=lambda c: (shift(c, plan[c], 0.0), -ytd[c]))
    _, key, sign_lost = max(
        (shift(c, *wrong), key, c)
        for c in codes
        if c != left_out
        for key, wrong in (("079", (-plan[c], ytd[c])), ("081", (plan[c], -ytd[c])))
    )
    values = {**inputs.values, "081": {**ytd, left_out: 0.0}}
    values[key] = {**values[key], sign_lost: -values[key][sign_lost]}  # type: ignore[operator]
    finance = {code: t.finance for code, t in data.trusts.items()}
    data.first_q4 = derive(data.league, 3, replace(inputs, values=values), finance, fixed=corrected)
    data.revised_trusts = (left_out, sign_lost)


def build(seed: int = DEFAULT_SEED) -> list[DemoLeagueData]:
    """Every league's trusts, what they reported and what NHS England published, for the seed."""
    rng = np.random.default_rng(seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXY"  # no I or O, which read as 1 and 0
    codes = [str(c) for c in rng.permutation([f"Z{a}{b}" for a in alphabet for b in alphabet])]
    places = [str(p) for p in rng.permutation(naming.PLACES)]
    built = []
    for index, league in enumerate(catalogue.LEAGUES):
        league_rng = np.random.default_rng([seed, index])
        trusts = _roster(league, codes, places, league_rng)
        inputs = _league_inputs(league, trusts, league_rng)
        finance = {t.code: t.finance for t in trusts}
        results = [derive(league, k, inputs[k], finance) for k in range(4)]
        data = DemoLeagueData(league, {t.code: t for t in trusts}, inputs, results)
        if league.slug == "mental-health-and-community":
            _first_q4_publication(data)
        for k in RANGE_QUARTERS:
            data.ranges[k] = likely_ranges(results[k], inputs[k].in_deficit, seed + 10 * index + k)
        built.append(data)
    return built
