"""Figures derived from stored results, refreshed for a league-quarter whenever a file touches it.

Reads the database, calls the pure rules in `nof` and `notes`, and stores what they return:
views never compute, they read these stored figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from leaguetables.importing import figures as statistics
from leaguetables.importing.db import update_each
from leaguetables.models import (
    ContextNote,
    League,
    Metric,
    MetricResult,
    Quarter,
    Revision,
    TrustQuarter,
)
from leaguetables.nof import notes, periods, rules, scoring


def scores_by_trust_quarter(trust_quarters: list[TrustQuarter]) -> dict[int, dict[str, float]]:
    """Each trust-quarter's published metric scores (OF1xxx), by metric ID."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters, metric__kind=Metric.Kind.SCORE, value__isnull=False
    ).values_list("trust_quarter_id", "metric__metric_id", "value")
    for tq_id, metric_id, value in rows:
        scores[tq_id][metric_id] = value
    return scores


def refresh_league_quarters(*, league: League, quarters: list[Quarter]) -> dict[int, str]:
    """Recompute the derived figures and notes of some quarters of a league, and the movement of
    the quarter after them (measured from the last); return each quarter's reproduction summary.
    """
    summaries = {}
    for quarter in sorted(quarters, key=lambda q: (q.financial_year, q.quarter)):
        summaries[quarter.pk] = _refresh(league, quarter)
    later = _adjacent_quarter(league, max(quarters, key=lambda q: (q.financial_year, q.quarter)),
                              later=True)  # fmt: skip
    if later is not None and later not in quarters:
        later_rows = list(
            TrustQuarter.objects.in_league(league, later).select_related("trust", "quarter")
        )
        later_scores = scores_by_trust_quarter(later_rows)
        _refresh_movement(later_rows, later_scores, league, later)
        update_each(later_rows, MOVEMENT_FIELDS)
        _refresh_notes(later_rows, league, later, later_scores)
    return summaries


def _refresh(league: League, quarter: Quarter) -> str:
    trust_quarters = list(
        TrustQuarter.objects.in_league(league, quarter).select_related("trust", "quarter")
    )
    scores = scores_by_trust_quarter(trust_quarters)
    summary = _reproduce(trust_quarters, scores)
    _domain_segments(trust_quarters)
    statistics.refresh(trust_quarters, scores, _other_leagues(league, quarter))
    _refresh_movement(trust_quarters, scores, league, quarter)
    update_each(trust_quarters, DERIVED_FIELDS)
    _refresh_notes(trust_quarters, league, quarter, scores)
    return summary


MOVEMENT_FIELDS = [
    "previous_average_score", "previous_segment", "previous_rank", "movement_beyond_noise",
    "movement_contributions", "segment_change",
]  # fmt: skip
DERIVED_FIELDS = [
    "metrics_scored", "recomputed_average", "reproduction", "financial_override_applied",
    "domain_segments",
    *statistics.FIELDS, *MOVEMENT_FIELDS,
]  # fmt: skip


def _domain_segments(trust_quarters: list[TrustQuarter]) -> None:
    """Copy each row's published domain segments (OF41xx) beside its summary."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = MetricResult.objects.filter(
        trust_quarter__in=trust_quarters,
        metric__kind=Metric.Kind.DOMAIN_SEGMENT,
        value__isnull=False,
    ).values_list("trust_quarter_id", "metric__domain", "value")
    for tq_id, domain, value in rows:
        found[tq_id][domain] = int(value)
    for tq in trust_quarters:
        tq.domain_segments = found.get(tq.pk, {})


def _other_leagues(league: League, quarter: Quarter) -> list:
    """The same quarter's trusts in the other leagues: segment thresholds are national."""
    others = list(
        TrustQuarter.objects.filter(quarter=quarter).exclude(league=league).select_related("trust")
    )
    scores = scores_by_trust_quarter(others)
    built = (statistics.trust_scores(tq, scores.get(tq.pk, {})) for tq in others)
    return [trust for trust in built if trust is not None and trust.counted_scores]


def _reproduce(trust_quarters: list[TrustQuarter], scores: dict[int, dict[str, float]]) -> str:
    report = rules.check_league_quarter(
        rules.TrustInput(
            trust_code=tq.trust.ods_code,
            scores=scores.get(tq.pk, {}),
            published_average=tq.average_score,
            unadjusted_segment=tq.unadjusted_segment,
            adjusted_segment=tq.adjusted_segment,
            in_financial_deficit=tq.in_financial_deficit,
            published_rank=tq.league_rank,
        )
        for tq in trust_quarters
    )
    checks = {check.trust_code: check for check in report.checks}
    for tq in trust_quarters:
        check = checks[tq.trust.ods_code]
        tq_scores = scores.get(tq.pk, {})
        tq.metrics_scored = rules.metrics_scored(tq_scores) if tq_scores else None
        tq.recomputed_average = check.recomputed_average
        tq.reproduction = check.average.value
        if not (check.rank_matches and check.segment_matches):
            tq.reproduction = rules.Reproduction.DISCREPANCY.value
        tq.financial_override_applied = bool(tq.in_financial_deficit) and rules.override_applied(
            tq.unadjusted_segment, tq.adjusted_segment
        )
    return report.summary()


def _adjacent_quarter(league: League, quarter: Quarter, later: bool = False) -> Quarter | None:
    """The league's quarter just before (or after) this one, among those imported."""
    key = (quarter.financial_year, quarter.quarter)
    others = [
        q
        for q in Quarter.objects.filter(trust_quarters__league=league).distinct()
        if ((q.financial_year, q.quarter) > key if later else (q.financial_year, q.quarter) < key)
    ]
    pick = min if later else max
    return pick(others, key=lambda q: (q.financial_year, q.quarter), default=None)


def _refresh_movement(
    trust_quarters: list[TrustQuarter],
    current_scores: dict[int, dict[str, float]],
    league: League,
    quarter: Quarter,
) -> None:
    previous_quarter = _adjacent_quarter(league, quarter)
    previous = {}
    previous_scores: dict[int, dict[str, float]] = {}
    if previous_quarter is not None:
        previous = {
            tq.trust_id: tq
            for tq in TrustQuarter.objects.in_league(league, previous_quarter).select_related(
                "trust"
            )
        }
        previous_scores = scores_by_trust_quarter(list(previous.values()))
    for tq in trust_quarters:
        before = previous.get(tq.trust_id)
        tq.previous_average_score = before.average_score if before else None
        tq.previous_segment = before.adjusted_segment if before else None
        tq.previous_rank = before.league_rank if before else None
        statistics.movement_of(
            tq,
            current_scores.get(tq.pk, {}),
            before,
            previous_scores.get(before.pk, {}) if before else None,
        )


REVISED_FIELDS_SHOWN = (
    " value", "average_score", "adjusted_segment", "unadjusted_segment", "league_rank",
    "in_financial_deficit", "final_segment", "recovery_support",
)  # fmt: skip


def _metric_facts(trust_quarters: list[TrustQuarter]) -> dict[int, dict[str, dict]]:
    """Per trust-quarter: which metrics are suppressed, score-only or from older periods."""
    rows = (
        MetricResult.objects.filter(trust_quarter__in=trust_quarters)
        .filter(metric__kind__in=[Metric.Kind.VALUE, Metric.Kind.SCORE])
        .values_list(
            "trust_quarter_id", "metric__metric_id", "metric__description", "metric__sub_domain",
            "value", "reporting_period",
        )
    )  # fmt: skip
    facts: dict[int, dict[str, dict]] = defaultdict(dict)
    for tq_id, metric_id, description, sub_domain, value, period in rows:
        facts[tq_id][metric_id] = {
            "description": description, "sub_domain": sub_domain, "value": value,
            "period": period,
        }  # fmt: skip
    return facts


def _refresh_notes(
    trust_quarters: list[TrustQuarter],
    league: League,
    quarter: Quarter,
    scores: dict[int, dict[str, float]],
) -> None:
    """Replace the automatic notes of a league-quarter; editorial notes are left alone."""
    facts = _metric_facts(trust_quarters)
    counting = {
        m for tq in trust_quarters for m in scores.get(tq.pk, {}) if rules.counts_towards_average(m)
    }
    descriptions = {m: f["description"] for tq_facts in facts.values() for m, f in tq_facts.items()}
    usual = max((tq.metrics_scored or 0 for tq in trust_quarters), default=0) or None
    rank_counts = Counter(tq.league_rank for tq in trust_quarters if tq.league_rank)
    previous = _adjacent_quarter(league, quarter)
    sources = f"NHS England, NOF {league.name.lower()} data, {quarter.label}"
    revised: dict[int, list[str]] = defaultdict(list)
    for tq_id, name, old, new, source in (
        Revision.objects.filter(trust_quarter__in=trust_quarters)
        .order_by("id")
        .values_list("trust_quarter_id", "field", "old_value", "new_value", "import_record__source")
    ):
        # A revision re-ranks every trust's metric: only its own values are news about it.
        if name.endswith(REVISED_FIELDS_SHOWN):
            revised[tq_id].append(f"{name} {old} to {new} ({source.rsplit('/', 1)[-1]})")
    new_notes = []
    for tq in trust_quarters:
        tq_facts = facts.get(tq.pk, {})
        tq_scores = scores.get(tq.pk, {})
        missing = tuple(descriptions.get(m, m) for m in sorted(counting - set(tq_scores)))
        suppressed = tuple(
            f["description"] for m, f in sorted(tq_facts.items())
            if m.startswith("OF0") and f["value"] is None
        )  # fmt: skip
        score_only = tuple(
            f["description"] for m, f in sorted(tq_facts.items())
            if m.startswith("OF1") and rules.counts_towards_average(m)
            and "OF0" + m[3:] not in tq_facts and m in tq_scores
        )  # fmt: skip
        older = tuple(
            f"{f['description']} ({f['period']})" for m, f in sorted(tq_facts.items())
            if m.startswith("OF1") and rules.counts_towards_average(m) and m in tq_scores
            and periods.older_than_quarter(f["period"], quarter.financial_year, quarter.quarter)
        )  # fmt: skip
        no_urgent_care = not any(
            f["sub_domain"] == "Urgent and emergency care" for f in tq_facts.values()
        )
        specs = notes.build_notes(
            notes.NoteInput(
                quarter_label=quarter.label,
                league_name=league.name,
                league_size=len(trust_quarters),
                data_file=sources,
                subtype=tq.subtype,
                average_score=tq.average_score,
                unadjusted_segment=tq.unadjusted_segment,
                adjusted_segment=tq.adjusted_segment,
                final_segment=tq.final_segment,
                recovery_support=tq.recovery_support,
                league_rank=tq.league_rank,
                rank_tied=rank_counts.get(tq.league_rank, 0) > 1,
                financial_override_applied=tq.financial_override_applied,
                rank_without_override=tq.rank_without_override,
                metrics_scored=tq.metrics_scored,
                usual_metrics=usual,
                rank_range=tq.rank_range,
                range_source=tq.range_source,
                previous_quarter_label=previous.label if previous else None,
                previous_rank=tq.previous_rank,
                previous_segment=tq.previous_segment,
                previous_average=tq.previous_average_score,
                movement_beyond_noise=tq.movement_beyond_noise,
                segment_change=tq.segment_change,
                no_urgent_care=no_urgent_care and league.slug == "acute",
                missing_metrics=missing,
                suppressed_metrics=suppressed,
                score_only_metrics=score_only,
                older_metrics=older,
                revised=tuple(revised.get(tq.pk, ())),
            )
        )
        new_notes.extend(
            ContextNote(
                trust_quarter=tq,
                kind=spec.kind,
                short_text=spec.short_text[:300],
                long_text=spec.long_text,
                source=spec.source[:300],
                automatic=True,
                approved=True,
                position=position,
            )  # fmt: skip
            for position, spec in enumerate(specs)
        )
    ContextNote.objects.filter(trust_quarter__in=trust_quarters, automatic=True).delete()
    ContextNote.objects.bulk_create(new_notes, batch_size=2000)


def refresh_metric_directions(metric_ids: set[str]) -> None:
    """Direction from the data: a metric whose higher values get better scores is higher-is-
    better. Never a hard-coded list."""
    pairs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    values = MetricResult.objects.filter(
        metric__metric_id__in=metric_ids, metric__kind=Metric.Kind.VALUE, value__isnull=False
    ).values_list("trust_quarter_id", "metric__metric_id", "units", "value")
    first_units: dict[str, str] = {}
    by_key = {}
    for tq_id, metric_id, units, value in values:
        first_units.setdefault(metric_id, units)
        if units == first_units[metric_id]:
            by_key[(tq_id, "OF1" + metric_id[3:])] = (metric_id, value)
    score_rows = MetricResult.objects.filter(
        metric__metric_id__in={"OF1" + m[3:] for m in metric_ids}, value__isnull=False
    ).values_list("trust_quarter_id", "metric__metric_id", "value")
    for tq_id, score_id, score in score_rows:
        if (tq_id, score_id) in by_key:
            metric_id, value = by_key[(tq_id, score_id)]
            pairs[metric_id].append((value, score))
    changed = []
    for metric in Metric.objects.filter(metric_id__in=pairs):
        higher = scoring.infer_direction(pairs[metric.metric_id])
        direction = (
            Metric.Direction.UNKNOWN if higher is None
            else Metric.Direction.HIGHER if higher else Metric.Direction.LOWER
        )  # fmt: skip
        if metric.direction != direction:
            metric.direction = direction
            changed.append(metric)
    Metric.objects.bulk_update(changed, ["direction"])
