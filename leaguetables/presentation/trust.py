"""The trust page: headline, every context note, then the drill-down by domain, service and
metric, with history over quarters. A fixed number of queries, however many quarters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from leaguetables.models import ContextNote, Metric, MetricResult, Trust, TrustQuarter
from leaguetables.presentation import charts
from leaguetables.presentation import league as pages
from leaguetables.presentation.words import (
    ordinal,
    rank_range_text,
    rank_text,
    score,
    segment_meaning,
)


@dataclass
class MetricLine:
    """One metric for one trust-quarter: its value(s), score and history."""

    metric_id: str  # the value's ID (OF0xxx), or the score's for a score-only metric
    description: str
    domain: str
    service: str
    values: list[MetricResult] = field(default_factory=list)  # one per unit
    score: MetricResult | None = None
    history: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    counts: bool = True

    @property
    def value(self) -> MetricResult | None:
        return self.values[0] if self.values else None

    @property
    def period(self) -> str:
        held = self.value or self.score
        return held.reporting_period if held else ""


def _metric_key(metric: Metric) -> str:
    """Value and score rows meet under the value's ID (OF0xxx)."""
    if metric.kind == Metric.Kind.SCORE and metric.paired_metric_id:
        return metric.paired_metric_id
    return metric.metric_id


def metric_lines(results: list[MetricResult], current_id: int, labels: dict[int, str]):
    """Current quarter's metric lines with each metric's score and value over every quarter."""
    lines: dict[str, MetricLine] = {}
    history: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(lambda: [None, None]))
    for result in results:
        metric = result.metric
        if metric.kind not in (Metric.Kind.VALUE, Metric.Kind.SCORE):
            continue
        key = _metric_key(metric)
        slot = history[key][result.trust_quarter_id]
        if metric.kind == Metric.Kind.VALUE:
            slot[0] = result.value if slot[0] is None else slot[0]
        else:
            slot[1] = result.value
        if result.trust_quarter_id != current_id:
            continue
        line = lines.get(key)
        if line is None:
            line = lines[key] = MetricLine(
                metric_id=key, description=metric.description, domain=metric.domain,
                service=metric.sub_domain,
            )  # fmt: skip
        if metric.kind == Metric.Kind.VALUE:
            line.values.append(result)
        else:
            line.score = result
            line.counts = metric.counts_towards_average
    for key, line in lines.items():
        line.history = [
            (labels[tq_id], value, score_)
            for tq_id, (value, score_) in history[key].items()
            if tq_id in labels
        ]
    return sorted(lines.values(), key=lambda line: line.metric_id)


def build(trust: Trust, tq: TrustQuarter, history: list[TrustQuarter]) -> dict:
    quarter = tq.quarter
    labels = {h.pk: h.quarter.label for h in history}
    order = {h.pk: i for i, h in enumerate(history)}
    league_rows = list(
        TrustQuarter.objects.in_league(tq.league, quarter).values_list("pk", "league_rank")
    )
    league_size = len(league_rows)
    tied = sum(1 for _, rank in league_rows if rank == tq.league_rank) > 1
    results = sorted(
        MetricResult.objects.filter(trust_quarter__trust=trust).select_related("metric"),
        key=lambda r: order.get(r.trust_quarter_id, 0),
    )
    lines = metric_lines(results, tq.pk, labels)
    descriptions = {r.metric.metric_id: r.metric.description for r in results}
    domains = {}
    for result in results:
        if result.trust_quarter_id == tq.pk and result.metric.kind in (
            Metric.Kind.DOMAIN_SCORE, Metric.Kind.DOMAIN_SEGMENT,
        ):  # fmt: skip
            slot = domains.setdefault(result.metric.domain, {"score": None, "segment": None})
            key = "score" if result.metric.kind == Metric.Kind.DOMAIN_SCORE else "segment"
            slot[key] = result.value
    grouped: dict[str, dict[str, list[MetricLine]]] = {}
    for line in lines:
        grouped.setdefault(line.domain, {}).setdefault(line.service or line.domain, []).append(line)
    league_scores: dict[str, list[float]] = defaultdict(list)
    for metric_id, value in MetricResult.objects.filter(
        trust_quarter__league=tq.league,
        trust_quarter__quarter=quarter,
        metric__kind=Metric.Kind.SCORE,
        value__isnull=False,
    ).values_list("metric__metric_id", "value"):
        league_scores[metric_id].append(value)
    scored = [line for line in lines if line.score is not None and line.counts]
    positions = charts.positions_among_league(
        [_short(line.description) for line in scored],
        [league_scores[line.score.metric.metric_id] for line in scored],
        [line.score.value for line in scored],
    )
    ranked = [h for h in history if h.league_rank is not None]
    rank_chart = charts.rank_history(
        [h.quarter.label for h in ranked],
        [h.league_rank for h in ranked],
        [(h.rank_range or (None, None))[0] for h in ranked],
        [(h.rank_range or (None, None))[1] for h in ranked],
        league_size,
    )
    segment_chart = charts.segment_history(
        [h.quarter.label for h in history], [h.adjusted_segment for h in history]
    )
    return {
        "trust": trust,
        "tq": tq,
        "quarter": quarter,
        "history": history,
        "league_size": league_size,
        "rank_words": rank_text(tq.league_rank, tied),
        "rank_range_words": rank_range_text(*tq.rank_range) if tq.rank_range else "",
        "segment_meaning": segment_meaning(tq.adjusted_segment),
        "average": score(tq.average_score),
        "notes": [pages.note_dict(n) for n in tq.notes.all()],
        "domains": domains,
        "grouped": grouped,
        "safe_sentence": safe_sentence(tq, league_size, tied),
        "what_if": what_if(tq, league_size),
        "rank_chart": rank_chart,
        "segment_chart": segment_chart,
        "positions_chart": positions,
        "scored_lines": scored,
        "contributions": [
            {**part, "description": descriptions.get(part["metric_id"], part["metric_id"])}
            for part in tq.movement_contributions[:8]
        ],
        "segment_probabilities": sorted(
            (int(k), v) for k, v in (tq.segment_probabilities or {}).items()
        ),
    }


def what_if(tq: TrustQuarter, league_size: int) -> list[dict[str, str]]:
    """The counterfactual ranks stored at import, each with what it changes."""
    rows = []
    if tq.financial_override_applied and tq.rank_without_override:
        rows.append({
            "question": "Without the financial override",
            "answer": f"segment {tq.segment_without_override}, ranked "
                      f"{ordinal(tq.rank_without_override)} of {league_size}",
            "how": "Its own segment from its average score; every other trust as published.",
        })  # fmt: skip
    if tq.rank_among_non_specialist and "specialist" not in tq.subtype.lower():
        rows.append({
            "question": "Among non-specialist trusts only",
            "answer": f"ranked {ordinal(tq.rank_among_non_specialist)}",
            "how": "The same league with the specialist trusts left out: the comparison a "
                   "patient of a general hospital needs.",
        })  # fmt: skip
    if tq.rank_without_finance:
        rows.append({
            "question": "With the finance metrics left out",
            "answer": f"ranked {ordinal(tq.rank_without_finance)} of {league_size}",
            "how": "Every trust's average recomputed without the finance and productivity "
                   "metrics, and no financial override.",
        })  # fmt: skip
    if tq.rank_leave_one_out_best and tq.rank_leave_one_out_worst:
        rows.append({
            "question": "Leaving out any one of its metrics",
            "answer": f"between {ordinal(tq.rank_leave_one_out_best)} and "
                      f"{ordinal(tq.rank_leave_one_out_worst)}",
            "how": "How much its rank rests on a single metric.",
        })  # fmt: skip
    return rows


def _short(description: str, limit: int = 48) -> str:
    return description if len(description) <= limit else description[: limit - 1].rstrip() + "…"


def safe_sentence(tq: TrustQuarter, league_size: int, tied: bool) -> str:
    """A sentence a journalist can quote that stays inside the evidence."""
    if tq.league_rank is None:
        return ""
    league = tq.league.name.lower()
    sentence = (
        f"Ranked {rank_text(tq.league_rank, tied)} of {league_size} {league} in {tq.quarter.label}"
    )
    if tq.rank_range:
        whose = "" if tq.range_source == "NHS England" else ", our estimate"
        sentence += f" (likely range {rank_range_text(*tq.rank_range)}{whose})"
    sentence += f", in segment {tq.adjusted_segment}"
    if tq.financial_override_applied and tq.unadjusted_segment:
        sentence += (
            f"; without the financial override it would be in segment {tq.unadjusted_segment}"
        )
        if tq.rank_without_override:
            sentence += f" and rank {ordinal(tq.rank_without_override)}"
    if tq.metrics_scored is not None:
        sentence += f". The rank rests on {tq.metrics_scored} metrics"
    return sentence + "."


def load(code: str, quarter_slug: str | None):
    """The trust, the trust-quarter shown and its whole history, in three queries."""
    trust = Trust.objects.select_related("league").get(ods_code__iexact=code)
    history = list(
        TrustQuarter.objects.filter(trust=trust)
        .select_related("quarter", "league", "trust")
        .prefetch_related(Prefetch("notes", queryset=ContextNote.objects.filter(approved=True)))
        .order_by("quarter__financial_year", "quarter__quarter")
    )
    if not history:
        raise TrustQuarter.DoesNotExist(code)
    if quarter_slug is None:
        return trust, history[-1], history
    for tq in history:
        if tq.quarter.slug == quarter_slug:
            return trust, tq, history
    raise TrustQuarter.DoesNotExist(quarter_slug)


def download_row(tq: TrustQuarter, line: MetricLine, notes: str) -> dict[str, object]:
    value = line.value
    return {
        "Quarter": tq.quarter.label,
        "Trust_code": tq.trust.ods_code,
        "Trust_name": tq.name,
        "Domain": line.domain,
        "Service": line.service,
        "Metric_ID": line.metric_id,
        "Metric": line.description,
        "Reporting_period": line.period,
        "Units": value.units if value else "",
        "Value": "" if value is None or value.value is None else value.value,
        "League_median": "" if value is None or value.median_value is None else value.median_value,
        "Lower_quartile": ""
        if value is None or value.lower_quartile is None
        else value.lower_quartile,
        "Upper_quartile": ""
        if value is None or value.upper_quartile is None
        else value.upper_quartile,
        "Published_rank": (value.published_rank if value and value.published_rank else ""),
        "Score": "" if line.score is None else line.score.value,
        "Counts_towards_average": "Yes" if line.counts and line.score else "No",
        "Context_notes": notes,
    }
