"""Service tables (a NOF sub-domain: elective care, urgent and emergency care, …) and metric
tables: how every trust of a league compares on the thing a patient needs."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Q
from django.utils.text import slugify

from leaguetables.models import ContextNote, League, Metric, MetricResult, Quarter, TrustQuarter
from leaguetables.nof import rules
from leaguetables.presentation import charts
from leaguetables.presentation.league import LAST, trust_cells
from leaguetables.presentation.words import ordinal, rank_text, score


def services(league: League, quarter: Quarter) -> dict[str, str]:
    """slug -> sub-domain name, for the metrics scored in this league-quarter."""
    names = (
        Metric.objects.filter(
            kind=Metric.Kind.SCORE,
            results__trust_quarter__league=league,
            results__trust_quarter__quarter=quarter,
        )
        .values_list("sub_domain", flat=True)
        .distinct()
    )
    return {slugify(name): name for name in sorted(set(names)) if name}


def service_rows(league: League, quarter: Quarter, service: str):
    """Each trust's value and score on every metric of one service, and its rank on the mean
    of those scores (a competition rank, as the league's own)."""
    metrics = list(
        Metric.objects.filter(
            sub_domain=service, kind__in=[Metric.Kind.VALUE, Metric.Kind.SCORE]
        ).order_by("metric_id")
    )
    results = MetricResult.objects.filter(
        trust_quarter__league=league, trust_quarter__quarter=quarter, metric__in=metrics
    ).values_list(
        "trust_quarter_id", "metric__metric_id", "metric__kind", "metric__paired_metric_id",
        "units", "value", "reporting_period",
    )  # fmt: skip
    trust_quarters = {
        tq.pk: tq for tq in TrustQuarter.objects.in_league(league, quarter).select_related("trust")
    }
    columns: dict[str, Metric] = {}
    for metric in metrics:
        key = (
            metric.paired_metric_id
            if metric.kind == Metric.Kind.SCORE and metric.paired_metric_id
            else metric.metric_id
        )
        if key not in columns or metric.kind == Metric.Kind.VALUE:
            columns[key] = metric
    cells: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    for tq_id, metric_id, kind, paired, units, value, period in results:
        key = paired if kind == Metric.Kind.SCORE and paired else metric_id
        cell = cells[tq_id][key]
        if kind == Metric.Kind.SCORE:
            cell["score"] = value
        elif "value" not in cell:
            cell.update(value=value, units=units, period=period)
    # The service's score is the mean of its metric scores, by the same rule as the average.
    service_scores = {
        tq_id: rules.average_score({"OF1" + m[3:]: c.get("score") for m, c in tq_cells.items()})
        for tq_id, tq_cells in cells.items()
    }
    scored = {tq_id: s for tq_id, s in service_scores.items() if s is not None}
    ranks = rules.competition_rank({str(k): (rules.round_half_up(v),) for k, v in scored.items()})
    ties = Counter(ranks.values())
    rows = []
    for tq_id, tq in trust_quarters.items():
        mean = scored.get(tq_id)
        rank = ranks.get(str(tq_id))
        row = {
            **trust_cells(tq),
            "service_rank": rank_text(rank, ties[rank] > 1) if rank else "not scored",
            "service_rank_sort": (rank or LAST, tq.name),
            "service_score": score(mean),
            "service_score_sort": (mean if mean is not None else LAST,),
            "league_rank": ordinal(tq.league_rank) if tq.league_rank else "–",
            "league_rank_sort": (tq.league_rank or LAST, tq.name),
            "metrics": {},
        }
        for key in columns:
            cell = cells.get(tq_id, {}).get(key, {})
            row["metrics"][key] = cell
            value = cell.get("value")
            row[f"m_{key}"] = "" if value is None else value
            row[f"m_{key}_sort"] = (cell.get("score") or LAST, value if value is not None else LAST)
        rows.append(row)
    return rows, columns


def metric_for(metric_id: str) -> Metric:
    metric_id = metric_id.upper()
    return Metric.objects.get(
        Q(metric_id=metric_id), Q(kind__in=[Metric.Kind.VALUE, Metric.Kind.SCORE])
    )


def metric_rows(league: League, quarter: Quarter, metric: Metric):
    """Every trust's value (each unit) and score on one metric, in published rank order."""
    ids = [metric.metric_id] + ([metric.paired_metric_id] if metric.paired_metric_id else [])
    results = MetricResult.objects.filter(
        trust_quarter__league=league, trust_quarter__quarter=quarter, metric__metric_id__in=ids
    ).values_list(
        "trust_quarter_id", "metric__kind", "units", "value", "reporting_period", "median_value",
        "lower_quartile", "upper_quartile", "published_rank",
    )  # fmt: skip
    by_tq: dict[int, dict] = defaultdict(dict)
    summary = {}
    for tq_id, kind, units, value, period, median, lower, upper, rank in results:
        cell = by_tq[tq_id]
        if kind == Metric.Kind.SCORE:
            cell["score"] = value
            cell.setdefault("rank", rank)
            cell.setdefault("period", period)
        elif "value" not in cell:
            cell.update(value=value, units=units, period=period, rank=rank)
            if median is not None:
                summary = {"median": median, "lower": lower, "upper": upper, "units": units}
        else:
            cell.setdefault("other_values", []).append((value, units))
    rows = []
    for tq in TrustQuarter.objects.in_league(league, quarter).select_related("trust"):
        cell = by_tq.get(tq.pk)
        value = cell.get("value") if cell else None
        rank = cell.get("rank") if cell else None
        rows.append(
            {
                **trust_cells(tq),
                "rank": ordinal(rank) if rank else "–",
                "rank_sort": (rank or LAST, tq.name),
                "value": "not published" if value is None else value,
                "value_sort": (value is None, value if value is not None else 0),
                "units": (cell or {}).get("units", ""),
                "period": (cell or {}).get("period", ""),
                "score": score((cell or {}).get("score")) if cell else "not scored",
                "score_sort": ((cell or {}).get("score") or LAST,),
                "other_values": (cell or {}).get("other_values", []),
                "has_result": cell is not None,
            }
        )
    values = [r["value"] for r in rows if isinstance(r["value"], float)]
    figure = charts.distribution(values, summary.get("units", metric.unit)) if values else None
    return rows, summary, figure


def notes_by_trust(league: League, quarter: Quarter) -> dict[str, str]:
    """Each trust's approved notes in one cell, for the service and metric downloads."""
    found: dict[str, list[str]] = defaultdict(list)
    for code, label, short in (
        ContextNote.objects.filter(
            trust_quarter__league=league, trust_quarter__quarter=quarter, approved=True
        )
        .order_by("trust_quarter_id", "position", "id")
        .values_list("trust_quarter__trust__ods_code", "kind", "short_text")
    ):
        found[code].append(f"{ContextNote.Kind(label).label}: {short}")
    return {code: " | ".join(texts) for code, texts in found.items()}
