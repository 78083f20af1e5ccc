"""Fictional NOF data in NHS England's exact file formats, so the site can be shown without real data.

Every trust is invented: its code starts with ILLUSTRATIVE_CODE_PREFIX ("Z", which no NHS trust
code uses) and its name with an invented place. The numbers follow NHS England's rules as this
project reproduces them: scores from values by `nof.scoring`, averages, override and ranks by
`nof.rules`, likely ranges by `nof.uncertainty`. The files carry the drift the importer must take:
a Q1 format without a Quarter column and with the league's old name, renames, a subtype change, a
restated Q4 file, a "-v2" revision, missing, suppressed and older-period metrics, segment 5.

`write_demo_files(out_dir, seed)` writes the same bytes for the same seed, in about a second.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from leaguetables import demo_metrics as catalogue
from leaguetables.demo_metrics import QUARTERS, DemoLeague, DemoMetric
from leaguetables.nof import rules, uncertainty
from leaguetables.nof.scoring import score_metric

ILLUSTRATIVE_CODE_PREFIX = "Z"
DEFAULT_SEED = 20250601
REGIONS = (
    "London", "South East", "South West", "Midlands", "East", "North West",
    "North East and Yorkshire",
)  # fmt: skip
DATA_HEADER = (
    "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain", "Sub-domain",
    "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value", "Median_value",
    "Lower_quartile", "Upper_quartile", "Rank",
)  # fmt: skip
LEAGUE_HEADER = (
    "Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name",
    "Average_score", "Likely_range_of_average_score", "Segment", "Trust_in_financial_deficit",
    "Rank", "Likely_range_of_rank",
)  # fmt: skip
RANGE_COLUMNS = ("Likely_range_of_average_score", "Likely_range_of_rank")  # Q3 on
# The real metric data file ends its lines with CRLF; the brief asked for LF in league tables.
DATA_NEWLINE = "\r\n"
LEAGUE_TABLE_NEWLINE = "\n"

# Drift cases per league, one number per quarter Q1..Q4.
SUPPRESSED = {"acute": (2, 1, 1, 1), "mental-health-and-community": (1, 0, 1, 0)}
OLDER_PERIOD = {"acute": (0, 1, 1, 0), "mental-health-and-community": (0, 0, 1, 0)}
SUPPRESSED["ambulance"], OLDER_PERIOD["ambulance"] = (0, 1, 0, 0), (0, 0, 0, 1)
DEFICIT_SUPPORT_SHARE = (
    0.13,
    0.11,
    0.09,
    0.06,
)  # trusts on deficit support without a planned deficit
PLANNED_DEFICIT_SHARE = 0.12
FINANCE_COMPONENTS = ("079", "081")  # drawn together with the deficit flag


@dataclass(frozen=True)
class DemoTrust:
    code: str
    kind: str
    region: str
    names: tuple[str, ...]  # as published in each quarter
    subtypes: tuple[str, ...]
    quality: np.ndarray  # per quarter; higher is better
    finance: float  # higher is healthier
    bed_days: float  # a year's, for infection rates
    reports: frozenset[str]  # numbers of the metrics whose service the trust runs


@dataclass
class QuarterInputs:
    """What a trust reported in one quarter, before NHS England's scoring."""

    values: dict[str, dict[str, float | None]]  # metric number (+"#count") -> code -> value
    periods: dict[tuple[str, str], str]  # (metric number, code) -> an older Reporting_date
    direct_scores: dict[str, dict[str, float]]  # score-only metrics but combined finance
    in_deficit: dict[str, bool]
    recovery: frozenset[str] | None  # None from Q3: no OF5005/OF5007 rows


@dataclass
class QuarterResult:
    rows: list[tuple[str, ...]]  # data-file rows from Domain on, with the trust code first
    scores: dict[str, dict[str, float]]
    averages: dict[str, float]
    unadjusted: dict[str, int]
    adjusted: dict[str, int]
    ranks: dict[str, int]
    thresholds: tuple[float, float, float]
    domain_thresholds: dict[str, tuple[float, float, float]] = field(default_factory=dict)


def number(value: float | int | None) -> str:
    """A cell as NHS England's files write numbers: "1.0", "2.25", "12.0"; blank for none."""
    if value is None:
        return ""
    return repr(float(value) + 0.0)  # + 0.0 turns -0.0 into 0.0


def _quartiles(values: Iterable[float]) -> tuple[float, float, float]:
    low, median, high = np.percentile(np.fromiter(values, float), (25, 50, 75))
    return float(low), float(median), float(high)


# Roster ------------------------------------------------------------------------------------


def _roster(league: DemoLeague, codes: list[str], places: list[str], rng) -> list[DemoTrust]:
    trusts = []
    metrics = [m for m in league.metrics]
    for kind, subtype, count in league.subtypes:
        templates = catalogue.NAME_TEMPLATES[kind]
        for _ in range(count):
            template = (
                templates[0] if rng.random() < 0.5 else templates[rng.integers(len(templates))]
            )
            name = template.format(p=places.pop(), q=places.pop() if "{q}" in template else "")
            bonus = (
                0.9 if kind in catalogue.SPECIALISTS else 0.4 if kind == "psychotherapy" else 0.0
            )
            quality = rng.normal() + bonus + 0.12 * np.cumsum(rng.normal(size=4))
            trusts.append(
                DemoTrust(
                    code=codes.pop(),
                    kind=kind,
                    region=REGIONS[rng.integers(len(REGIONS))],
                    names=(name,) * 4,
                    subtypes=(subtype,) * 4,
                    quality=quality,
                    finance=0.3 * float(quality.mean()) + 0.95 * rng.normal(),
                    bed_days=_BED_DAYS.get(kind, 60_000) * math.exp(0.2 * rng.normal()),
                    reports=frozenset(m.number for m in metrics if rng.random() < m.covers(kind)),
                )
            )
    return _drift_names(league, trusts)


_BED_DAYS = {"teaching": 420_000, "large": 300_000, "medium": 210_000, "small": 130_000}
_BED_DAYS["multi-service"] = 160_000


def _drift_names(league: DemoLeague, trusts: list[DemoTrust]) -> list[DemoTrust]:
    """A rename to foundation trust status (acute from Q3, a community trust in Q4) and a care
    trust that became a mental health trust in Q2, as the real files show."""
    by_kind = defaultdict(list)
    for index, trust in enumerate(trusts):
        by_kind[trust.kind].append(index)
    if league.slug == "acute":
        index = by_kind["medium"][0]
        place = trusts[index].names[0].split(" ")[0]
        names = (f"{place} Hospital NHS Trust",) * 2 + (
            f"{place} Hospital NHS Foundation Trust",
        ) * 2
        trusts[index] = replace(trusts[index], names=names)
    elif league.slug == "mental-health-and-community":
        index = by_kind["community"][0]
        place = trusts[index].names[0].split(" ")[0]
        names = (f"{place} Community Health NHS Trust",) * 3
        trusts[index] = replace(
            trusts[index], names=(*names, names[0].replace("NHS", "NHS Foundation"))
        )
        index = by_kind["care"][0]
        new = "Mental Health and Learning Disability"
        trusts[index] = replace(trusts[index], subtypes=(trusts[index].subtypes[0],) + (new,) * 3)
    return trusts


# Values ------------------------------------------------------------------------------------


def _draw_values(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> dict[str, np.ndarray]:
    """(quarter, trust) values of every value metric but the finance components; NaN where the
    trust does not report. Performance persists: each trust carries its quality and its own
    strength on each metric from quarter to quarter, with a little noise on top."""
    quality = np.array([t.quality for t in trusts]).T  # (4, trusts)
    bed_days = np.array([t.bed_days for t in trusts])
    few = np.array([t.kind in catalogue.FEW_METRIC_KINDS for t in trusts])
    drawn: dict[str, np.ndarray] = {}
    for metric in league.metrics:
        if metric.score_only or metric.number in FINANCE_COMPONENTS:
            continue
        own, noise = rng.normal(size=len(trusts)), rng.normal(size=quality.shape)
        strength = metric.loading * quality + math.sqrt(1 - metric.loading**2) * own + 0.35 * noise
        sign = 1.0 if metric.rule.higher_is_better else -1.0
        values = np.clip(metric.centre + sign * metric.sd * strength, metric.low, metric.high)
        if metric.infection:
            counts = rng.poisson(values * bed_days / 100_000).astype(float)
            values = counts * 100_000 / bed_days
            if metric.count_row:
                drawn[f"{metric.number}#count"] = counts
        reports = np.array([metric.number in t.reports for t in trusts])
        missing = (rng.random(quality.shape) < metric.missing_rate) & ~few
        quarters = np.isin(np.arange(4), metric.quarters)[:, None]
        drawn[metric.number] = np.where(reports & ~missing & quarters, values, np.nan)
    for key in [k for k in drawn if k.endswith("#count")]:
        drawn[key] = np.where(np.isnan(drawn[key.split("#")[0]]), np.nan, drawn[key])
    return drawn


def _draw_finance(trusts: Sequence[DemoTrust], rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Planned surplus/deficit (a year's plan), year-to-date variance per quarter, and the
    deficit flag: a planned deficit, or deficit support (which OF0079 alone does not show)."""
    finance = np.array([t.finance for t in trusts])
    n = len(trusts)
    plan = np.where(rng.random(n) < 0.7, 0.0, rng.uniform(0.1, 2.4, n))
    planned_deficit = np.argsort(finance)[: max(1, round(PLANNED_DEFICIT_SHARE * n))]
    plan[planned_deficit] = -np.clip(
        0.2 + 1.2 * (-finance[planned_deficit] - 1.0) + rng.uniform(0, 1.2, len(planned_deficit)),
        0.1,
        3.5,
    )
    raw = 0.7 * finance + 0.6 * rng.normal(size=(4, n))
    ytd = np.where(raw < -0.9, (raw + 0.9) * 1.1, np.where(raw > 0.9, (raw - 0.9) * 0.8, 0.0))
    support = rng.random(n)[None, :] < np.array(DEFICIT_SUPPORT_SHARE)[:, None]
    in_deficit = (plan < 0)[None, :] | support
    return plan, ytd, in_deficit


def _direct_scores(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> list[dict]:
    """Score-only metrics (CQC safe rating; CQC community mental health survey) per quarter."""
    quarters: list[dict[str, dict[str, float]]] = [defaultdict(dict) for _ in QUARTERS]
    for metric in league.metrics:
        if not metric.score_only or metric.number == "080":
            continue
        base = np.array([t.quality.mean() for t in trusts]) + 0.7 * rng.normal(size=len(trusts))
        survey_2025 = 0.7 * base + 0.7 * rng.normal(size=len(trusts))
        for k in metric.quarters:
            for trust, z, z_new in zip(trusts, base, survey_2025, strict=True):
                if metric.number not in trust.reports:
                    continue
                if metric.number == "067":  # Outstanding, Good, Requires improvement, Inadequate
                    score = 1.0 if z > 1.4 else 2.0 if z > -0.5 else 3.0 if z > -1.5 else 4.0
                else:  # the survey's bands: much better, about the same, worse, much worse
                    z = z_new if metric.reporting[k] != metric.reporting[0] else z
                    score = 1.0 if z > 1.6 else 4.0 if z < -2.0 else 3.0 if z < -1.6 else 2.0
                quarters[k][metric.number][trust.code] = score
    return quarters


def _league_inputs(league: DemoLeague, trusts: Sequence[DemoTrust], rng) -> list[QuarterInputs]:
    drawn = _draw_values(league, trusts, rng)
    plan, ytd, in_deficit = _draw_finance(trusts, rng)
    direct = _direct_scores(league, trusts, rng)
    codes = [t.code for t in trusts]
    by_metric = {m.number: m for m in league.metrics}
    # Segment 5: the trusts with the weakest record; one leaves the programme in Q2.
    weakest = sorted(
        (t for t in trusts if t.kind not in catalogue.SPECIALISTS),
        key=lambda t: t.quality[:2].mean(),
    )
    inputs = []
    for k in range(4):
        values: dict[str, dict[str, float | None]] = {
            key: {c: float(v) for c, v in zip(codes, array[k], strict=True) if not np.isnan(v)}
            for key, array in drawn.items()
        }
        for key in by_metric:  # published to 2 dp; counts are whole already
            if key in values:
                values[key] = {c: rules.round_half_up(v) for c, v in values[key].items()}
        values["079"] = dict(zip(codes, (rules.round_half_up(v) for v in plan), strict=True))
        values["081"] = dict(zip(codes, (rules.round_half_up(v) for v in ytd[k]), strict=True))
        recovery = None
        if k in catalogue.RECOVERY_QUARTERS:
            recovery = frozenset(t.code for t in weakest[: league.recovery_support[k]])
        inputs.append(
            QuarterInputs(
                values={k2: v for k2, v in values.items() if v},
                periods={},
                direct_scores=dict(direct[k]),
                in_deficit=dict(zip(codes, map(bool, in_deficit[k]), strict=True)),
                recovery=recovery,
            )
        )
    _add_data_gaps(league, trusts, inputs, by_metric, rng)
    return inputs


def _add_data_gaps(league, trusts, inputs, by_metric, rng) -> None:
    """Suppressed values (value row kept, blank, no score) and values carried over from an older
    period (the previous quarter's value under its Reporting_date)."""
    eligible = {t.code for t in trusts if t.kind not in catalogue.FEW_METRIC_KINDS}
    for k, quarter in enumerate(inputs):
        for _ in range(SUPPRESSED[league.slug][k]):
            candidates = [
                (key, code)
                for key, metric in by_metric.items()
                if key in quarter.values and metric.rule and not metric.rule.bands
                and not metric.infection
                for code, value in quarter.values[key].items()
                if code in eligible and value is not None
            ]  # fmt: skip
            key, code = candidates[rng.integers(len(candidates))]
            quarter.values[key][code] = None
        for _ in range(OLDER_PERIOD[league.slug][k]):
            before = inputs[k - 1]
            candidates = [
                (key, code)
                for key, metric in by_metric.items()
                if key in quarter.values and key in before.values and not metric.infection
                and metric.reporting[k - 1] != metric.reporting[k]
                for code, value in quarter.values[key].items()
                if code in eligible and value is not None
                and before.values[key].get(code) is not None and (key, code) not in before.periods
            ]  # fmt: skip
            key, code = candidates[rng.integers(len(candidates))]
            quarter.values[key][code] = before.values[key][code]
            quarter.periods[(key, code)] = by_metric[key].reporting[k - 1]


def _top_up_overrides(league: DemoLeague, trusts, in_deficit: dict, unadjusted: dict) -> None:
    """Every league-quarter shows the override at work: if too few trusts in segments 1-2 are
    flagged, those with the weakest finances go on deficit support."""
    finance = {t.code: t.finance for t in trusts}
    better = [c for c in sorted(unadjusted) if unadjusted[c] in rules.OVERRIDDEN_SEGMENTS]
    moved = sum(in_deficit[c] for c in better)
    spare = sorted((c for c in better if not in_deficit[c]), key=finance.__getitem__)
    for code in spare[: max(0, league.minimum_overrides - moved)]:
        in_deficit[code] = True


# Publishing --------------------------------------------------------------------------------


def _combined_finance(scores: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """OF1080 from its components, as the real file has it: with no planned deficit
    (OF1079 = 1) max(1, OF1081 - 1); with one, min(4, OF1081 + 1)."""
    return {
        code: max(1.0, s["OF1081"] - 1) if s["OF1079"] == 1 else min(4.0, s["OF1081"] + 1)
        for code, s in scores.items()
        if "OF1079" in s and "OF1081" in s
    }


def _publish_values(keyed, metric: DemoMetric, units, order, values, inputs, k) -> dict[str, int]:
    """Value rows (suppressed ones blank and unranked); returns each trust's rank, 1 best."""
    present = {c: v for c, v in values.items() if v is not None}
    low, median, high = (number(rules.round_half_up(q)) for q in _quartiles(present.values()))
    sign = -1.0 if metric.rule.higher_is_better else 1.0  # type: ignore[union-attr]
    ranks = rules.competition_rank({c: (sign * v,) for c, v in present.items()})
    for code, value in values.items():
        period = inputs.periods.get((metric.number, code), metric.reporting[k])
        keyed.append(
            ((metric.value_id, order, code),
             (code, metric.domain, metric.sub_domain, metric.value_id, metric.description, period,
              units, number(value), median, low, high, number(ranks.get(code)))),
        )  # fmt: skip
    return ranks


def derive(
    league: DemoLeague,
    trusts: Sequence[DemoTrust],
    k: int,
    inputs: QuarterInputs,
    fixed: QuarterResult | None = None,
) -> QuarterResult:
    """Score, average, segment and rank one league-quarter, and lay out its data-file rows.

    `fixed`, an earlier result for the same quarter, lends its segment and domain thresholds: a
    revision corrects values, it does not move the cut-points.
    """
    keyed: list[tuple[tuple[str, int, str], tuple[str, ...]]] = []
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for metric in league.metrics:
        if k not in metric.quarters:
            continue
        ranks: dict[str, int] = {}
        if metric.number == "080":
            by_trust = _combined_finance(scores)
        elif metric.score_only:
            by_trust = inputs.direct_scores.get(metric.number, {})
        elif values := inputs.values.get(metric.number):
            ranks = _publish_values(keyed, metric, metric.units, 0, values, inputs, k)
            if metric.count_row:
                counts = inputs.values[f"{metric.number}#count"]
                _publish_values(keyed, metric, "count", 1, counts, inputs, k)
            present = {c: v for c, v in values.items() if v is not None}
            by_trust = score_metric(present, metric.rule)  # type: ignore[arg-type]
        else:
            continue
        for code, score in by_trust.items():
            scores[code][metric.score_id] = score
            period = inputs.periods.get((metric.number, code), metric.reporting[k])
            keyed.append(
                ((metric.score_id, 0, code),
                 (code, metric.domain, metric.sub_domain, metric.score_id, metric.description,
                  period, "score", number(score), "", "", "", number(ranks.get(code)))),
            )  # fmt: skip

    period = QUARTERS[k]
    domain_of = {m.score_id: m.domain for m in league.metrics}
    by_domain: dict[str, dict[str, float]] = defaultdict(dict)
    for code, trust_scores in scores.items():
        for domain in catalogue.DOMAIN_CODES:
            subset = {m: s for m, s in trust_scores.items() if domain_of[m] == domain}
            if (mean := rules.average_score(subset)) is not None:
                by_domain[domain][code] = rules.round_half_up(mean)
    domain_thresholds = fixed.domain_thresholds if fixed else {}
    for domain, by_trust in by_domain.items():
        cuts = domain_thresholds.setdefault(domain, _quartiles(by_trust.values()))
        ranks = rules.competition_rank({c: (v,) for c, v in by_trust.items()})
        digits = catalogue.DOMAIN_CODES[domain]
        sub_domain = catalogue.domain_score_sub_domain(domain)
        for code, value in by_trust.items():
            segment = rules.segment_for(value, cuts)
            keyed += [
                ((f"OF40{digits}", 0, code),
                 (code, domain, sub_domain, f"OF40{digits}", f"{domain} domain score", period,
                  "score", number(value), "", "", "", number(ranks[code]))),
                ((f"OF41{digits}", 0, code),
                 (code, domain, f"{domain} domain segment", f"OF41{digits}",
                  f"{domain} domain segment", period, "segment", number(segment), "", "", "", "")),
            ]  # fmt: skip

    averages = {c: rules.round_half_up(rules.average_score(s) or 0.0) for c, s in scores.items()}
    thresholds = fixed.thresholds if fixed else _quartiles(averages.values())
    unadjusted = {c: rules.segment_for(a, thresholds) for c, a in averages.items()}
    if fixed is None:
        _top_up_overrides(league, trusts, inputs.in_deficit, unadjusted)
    adjusted = {c: rules.apply_override(s, inputs.in_deficit[c]) for c, s in unadjusted.items()}
    league_ranks = rules.league_ranks(adjusted, averages)
    score_ranks = rules.competition_rank({c: (a,) for c, a in averages.items()})
    for code in averages:
        summary = [
            ("adjusted", adjusted[code], league_ranks[code]),
            ("average", averages[code], score_ranks[code]),
            ("unadjusted", unadjusted[code], None),
            ("deficit", inputs.in_deficit[code], None),
        ]
        if inputs.recovery is not None:
            recovering = code in inputs.recovery
            summary += [("final", 5 if recovering else adjusted[code], None)]
            summary += [("recovery", recovering, None)]
        for key, value, rank in summary:
            metric_id, units, description = catalogue.SUMMARY[key]
            keyed.append(
                ((metric_id, 0, code),
                 (code, "Summary", "Summary", metric_id, description, period, units,
                  number(value), "", "", "", number(rank))),
            )  # fmt: skip
    keyed.sort(key=lambda item: item[0])
    return QuarterResult(
        rows=[row for _, row in keyed],
        scores=dict(scores),
        averages=averages,
        unadjusted=unadjusted,
        adjusted=adjusted,
        ranks=league_ranks,
        thresholds=thresholds,
        domain_thresholds=domain_thresholds,
    )


def _first_q4_publication(league, trusts, inputs: QuarterInputs, corrected: QuarterResult):
    """The Q4 data as first published, before the "-v2" file corrected two finance returns: one
    trust's year-to-date variance with its sign lost, another's adverse variance left out (0.0)."""
    ytd, plan = inputs.values["081"], inputs.values["079"]
    sign_lost = max((c for c in sorted(ytd) if plan[c] >= 0), key=ytd.__getitem__)
    left_out = min(sorted(ytd), key=ytd.__getitem__)
    first = replace(inputs, values={**inputs.values, "081": {**ytd, sign_lost: -ytd[sign_lost]}})
    first.values["081"][left_out] = 0.0
    return derive(league, trusts, 3, first, fixed=corrected), (left_out, sign_lost)


def _likely_ranges(result: QuarterResult, in_deficit, seed: int) -> dict[str, tuple[str, str]]:
    """Likely ranges of average and rank by `nof.uncertainty`'s bootstrap, widened where needed
    to hold the trust's own published figures."""
    trusts = [
        uncertainty.TrustScores(code, result.scores[code], result.unadjusted[code],
                                in_deficit[code], average)
        for code, average in sorted(result.averages.items())
    ]  # fmt: skip
    ranges = uncertainty.simulate_league(
        trusts, result.thresholds, draws=uncertainty.MINIMUM_DRAWS, seed=seed
    )
    found = {}
    for code, r in ranges.items():
        average, rank = result.averages[code], result.ranks[code]
        found[code] = (
            uncertainty.format_range(min(r.score_low, average), max(r.score_high, average)),
            uncertainty.format_range(min(r.rank_low, rank), max(r.rank_high, rank)),
        )
    return found


# Files -------------------------------------------------------------------------------------


@dataclass
class DemoLeagueData:
    league: DemoLeague
    trusts: dict[str, DemoTrust]
    inputs: list[QuarterInputs]
    results: list[QuarterResult]  # as finally corrected
    first_q4: QuarterResult | None = None  # the Q4 data before its "-v2" revision
    revised_trusts: tuple[str, ...] = ()
    ranges: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)


def build(seed: int = DEFAULT_SEED) -> list[DemoLeagueData]:
    """Every league's trusts, inputs and published results, deterministic for the seed."""
    rng = np.random.default_rng(seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXY"  # no I or O, as in ODS codes
    codes = [ILLUSTRATIVE_CODE_PREFIX + a + b for a in alphabet for b in alphabet]
    codes = [str(c) for c in rng.permutation(codes)]
    places = [str(p) for p in rng.permutation(catalogue.PLACES)]
    built = []
    for index, league in enumerate(catalogue.LEAGUES):
        league_rng = np.random.default_rng([seed, index])
        trusts = _roster(league, codes, places, league_rng)
        inputs = _league_inputs(league, trusts, league_rng)
        results = [derive(league, trusts, k, inputs[k]) for k in range(4)]
        data = DemoLeagueData(league, {t.code: t for t in trusts}, inputs, results)
        if league.slug == "mental-health-and-community":
            data.first_q4, data.revised_trusts = _first_q4_publication(
                league, trusts, inputs[3], results[3]
            )
        for k in (2, 3):
            data.ranges[k] = _likely_ranges(results[k], inputs[k].in_deficit, seed + 10 * index + k)
        built.append(data)
    return built


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool,
               newline: str) -> Path:  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))
    return path


def _data_rows(data: DemoLeagueData, results: Sequence[QuarterResult], restated: bool):
    league = data.league
    for k, result in enumerate(results):
        trust_type = league.trust_type if restated else league.q1_trust_type
        for row in result.rows:
            trust = data.trusts[row[0]]
            cells = (trust.region, trust_type, trust.subtypes[k], trust.code, trust.names[k])
            yield ((QUARTERS[k],) if restated else ()) + cells + row[1:]


def _league_rows(data: DemoLeagueData, k: int):
    result, inputs, ranges = data.results[k], data.inputs[k], data.ranges.get(k)
    trust_type = data.league.q1_trust_type if k == 0 else data.league.trust_type
    for code in sorted(result.ranks, key=lambda c: (result.ranks[c], c)):
        trust = data.trusts[code]
        score_range, rank_range = ranges[code] if ranges else ("", "")
        row = (
            QUARTERS[k], trust.region, trust_type, trust.subtypes[k], code, trust.names[k],
            number(result.averages[code]), score_range, number(result.adjusted[code]),
            "Yes" if inputs.in_deficit[code] else "No", number(result.ranks[code]), rank_range,
        )  # fmt: skip
        yield row if ranges else tuple(c for c, h in zip(row, LEAGUE_HEADER) if h not in RANGE_COLUMNS)


def write_demo_files(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo files and return their paths in the order to import them: each quarter's
    files as NHS England published them (Q1 data and league tables in September 2025; league
    tables for Q2 and Q3; Q4 data restating every quarter, with Q4 league tables), then the
    mental health and community Q4 revision ("-v2"), whose figures the Q4 league table shows."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    built = build(seed)
    stem = "nhs-oversight-framework"
    no_ranges = [h for h in LEAGUE_HEADER if h not in RANGE_COLUMNS]
    q1_data, league_tables, q4_data, revisions = [], defaultdict(list), [], []
    for data in built:
        league = data.league
        q1_data.append(
            _write_csv(
                out_dir / f"{stem}-{league.q1_data_slug}-trust-data.csv", DATA_HEADER,
                _data_rows(data, data.results[:1], restated=False), bom=False, newline="\r\n",
            )
        )  # fmt: skip
        for k in range(4):
            suffix = f"-q{k + 1}-25-26" if k else ""
            league_tables[k].append(
                _write_csv(
                    out_dir / f"{stem}-{league.slug}-trust-league-table{suffix}.csv",
                    LEAGUE_HEADER if k in data.ranges else no_ranges, _league_rows(data, k),
                    bom=True, newline=LEAGUE_TABLE_NEWLINE,
                )
            )  # fmt: skip
        published = data.results[:3] + [data.first_q4 or data.results[3]]
        q4_data.append(
            _write_csv(
                out_dir / f"{stem}-{league.slug}-trust-data-q4-25-26.csv", ("Quarter", *DATA_HEADER),
                _data_rows(data, published, restated=True), bom=True, newline=DATA_NEWLINE,
            )
        )  # fmt: skip
        if data.first_q4 is not None:
            revisions.append(
                _write_csv(
                    out_dir / f"{stem}-{league.slug}-trust-data-q4-25-26-v2.csv",
                    ("Quarter", *DATA_HEADER), _data_rows(data, data.results, restated=True),
                    bom=True, newline=DATA_NEWLINE,
                )
            )  # fmt: skip
    return [
        *q1_data, *league_tables[0], *league_tables[1], *league_tables[2], *q4_data,
        *league_tables[3], *revisions,
    ]  # fmt: skip
