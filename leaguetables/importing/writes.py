"""The row-level writes of one import, run inside `actions.import_file`'s transaction.

Each function takes what the parser produced and brings the stored rows in line with it,
keeping every replaced published value as a Revision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from leaguetables.importing.db import update_each
from leaguetables.models import (
    ImportRecord,
    League,
    Metric,
    MetricResult,
    Quarter,
    Revision,
    Trust,
    TrustQuarter,
)
from leaguetables.nof import files, rules
from leaguetables.nof.files import DataRow, LeagueRow, ParsedFile

if TYPE_CHECKING:
    from leaguetables.actions import ImportResult

Progress = Callable[[int, int], None]

LEAGUES = {
    "acute": ("Acute trusts", "Acute trust", 1),
    "mental-health-and-community": (
        "Mental health and community trusts",
        "Mental health and community trust",
        2,
    ),
    "ambulance": ("Ambulance trusts", "Ambulance trust", 3),
}

# Summary rows (OF5xxx) as TrustQuarter fields: (field, from the Value or the Rank cell).
SUMMARY_FIELDS = {
    "OF5000": ("adjusted_segment", "league_rank"),
    "OF5002": ("average_score", "average_score_rank"),
    "OF5003": ("unadjusted_segment", None),
    "OF5004": ("in_financial_deficit", None),
    "OF5005": ("final_segment", None),
    "OF5007": ("recovery_support", None),
}
RESULT_FIELDS = (
    "value", "reporting_period", "median_value", "lower_quartile", "upper_quartile",
    "published_rank",
)  # fmt: skip


def league(slug: str) -> League:
    name, trust_type, position = LEAGUES[slug]
    league, _ = League.objects.get_or_create(
        slug=slug, defaults={"name": name, "trust_type": trust_type, "position": position}
    )
    return league


def quarters(parsed: ParsedFile) -> dict[tuple[int, int], Quarter]:
    quarters = {}
    for year, number in parsed.quarters:
        quarters[(year, number)], _ = Quarter.objects.get_or_create(
            financial_year=year, quarter=number
        )
    return quarters


def trust_quarters(
    parsed: ParsedFile,
    league: League,
    quarters: dict[tuple[int, int], Quarter],
    record: ImportRecord,
) -> dict[tuple[str, tuple[int, int]], TrustQuarter]:
    """Trusts and their quarters, keeping what each quarter's rows said of name and subtype."""
    first_rows: dict[tuple[str, tuple[int, int]], DataRow | LeagueRow] = {}
    for row in parsed.rows:
        first_rows.setdefault((row.trust_code, row.quarter), row)
    codes = {code for code, _ in first_rows}
    trusts = {
        t.ods_code: t for t in Trust.objects.filter(ods_code__in=codes).select_related("league")
    }
    for (code, _), row in first_rows.items():
        trust = trusts.get(code)
        if trust is None:
            trusts[code] = Trust.objects.create(
                ods_code=code,
                name=row.trust_name,
                region=row.region,
                league=league,
                subtype=row.subtype,
            )
        elif trust.league_id != league.id:
            raise files.NOFFileError(
                parsed.source,
                f"trust {code} is in the {trust.league.slug} league already, not {league.slug}",
                row.row,
                "Trust_type",
            )
    existing = _stored_trust_quarters(codes, quarters)
    new = []
    for key, row in first_rows.items():
        identity = {
            "name": row.trust_name,
            "region": row.region,
            "subtype": row.subtype,
            "trust_type": row.trust_type,
        }
        held = existing.get(key)
        if held is None:
            new.append(
                TrustQuarter(
                    trust=trusts[key[0]], quarter=quarters[key[1]], league=league, **identity
                )
            )
        elif _revise(held, identity, record):
            held.save(update_fields=list(identity))
    if new:
        TrustQuarter.objects.bulk_create(new)
        existing = _stored_trust_quarters(codes, quarters)
    return existing


def _stored_trust_quarters(
    codes: set[str], quarters: dict[tuple[int, int], Quarter]
) -> dict[tuple[str, tuple[int, int]], TrustQuarter]:
    return {
        (tq.trust.ods_code, (tq.quarter.financial_year, tq.quarter.quarter)): tq
        for tq in TrustQuarter.objects.filter(
            trust__ods_code__in=codes, quarter__in=list(quarters.values())
        ).select_related("trust", "quarter")
    }


def refresh_trusts(codes: set[str]) -> None:
    """A trust's name, region and subtype are those of its latest published quarter."""
    latest: dict[int, TrustQuarter] = {}
    for tq in (
        TrustQuarter.objects.filter(trust__ods_code__in=codes)
        .select_related("trust", "quarter")
        .order_by("quarter__financial_year", "quarter__quarter")
    ):
        latest[tq.trust_id] = tq
    changed = []
    for tq in latest.values():
        trust = tq.trust
        if (trust.name, trust.region, trust.subtype) != (tq.name, tq.region, tq.subtype):
            trust.name, trust.region, trust.subtype = tq.name, tq.region, tq.subtype
            changed.append(trust)
    Trust.objects.bulk_update(changed, ["name", "region", "subtype"])


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _revise(
    obj: TrustQuarter | MetricResult,
    new_values: dict[str, object],
    record: ImportRecord,
    *,
    label: str = "",
    revisions: list[Revision] | None = None,
) -> bool:
    """Set new published values on `obj`, keeping each replaced one as a Revision.

    Returns whether anything changed. A value published where there was none is no revision.
    """
    changed = False
    for name, value in new_values.items():
        old = getattr(obj, name)
        if old == value:
            continue
        changed = True
        setattr(obj, name, value)
        if old is None or old == "":
            continue
        tq = obj if isinstance(obj, TrustQuarter) else obj.trust_quarter
        revision = Revision(
            import_record=record,
            trust_quarter=tq,
            field=f"{label}{name}".strip(),
            old_value=_shown(old),
            new_value=_shown(value),
            previous_source_id=getattr(obj, "source_id", None),
        )
        if revisions is None:
            revision.save()
        else:
            revisions.append(revision)
    return changed


def _metric_kind(metric_id: str) -> str:
    prefix = metric_id[:3]
    if prefix == "OF0":
        return Metric.Kind.VALUE
    if prefix == "OF1":
        return Metric.Kind.SCORE
    if metric_id.startswith("OF40"):
        return Metric.Kind.DOMAIN_SCORE
    if metric_id.startswith("OF41"):
        return Metric.Kind.DOMAIN_SEGMENT
    return Metric.Kind.SUMMARY


def _metrics(parsed: ParsedFile) -> dict[str, Metric]:
    """Metrics as the file describes them; the latest file's description wins."""
    described: dict[str, DataRow] = {}
    for row in parsed.rows:
        held = described.get(row.metric_id)
        if held is None or row.quarter >= held.quarter:
            described[row.metric_id] = row
    metrics = {m.metric_id: m for m in Metric.objects.filter(metric_id__in=described)}
    known = set(described) | set(
        Metric.objects.filter(metric_id__in=[_pair(m, None) for m in described]).values_list(
            "metric_id", flat=True
        )
    )
    new, changed = [], []
    for metric_id, row in described.items():
        kind = _metric_kind(metric_id)
        values = {
            "description": row.description[:300],
            "domain": row.domain,
            # Domain rows restate their domain name as a sub-domain, differently in each file.
            "sub_domain": ""
            if kind in (Metric.Kind.DOMAIN_SCORE, Metric.Kind.DOMAIN_SEGMENT)
            else row.sub_domain,
            "kind": kind,
            "unit": row.units,
            "paired_metric_id": _pair(metric_id, known),
            "counts_towards_average": rules.counts_towards_average(metric_id),
        }
        metric = metrics.get(metric_id)
        if metric is None:
            metrics[metric_id] = Metric(metric_id=metric_id, **values)
            new.append(metrics[metric_id])
        elif any(getattr(metric, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(metric, k, v)
            changed.append(metric)
    Metric.objects.bulk_create(new)
    Metric.objects.bulk_update(
        changed,
        [
            "description",
            "domain",
            "sub_domain",
            "kind",
            "unit",
            "paired_metric_id",
            "counts_towards_average",
        ],
    )
    return metrics


def _pair(metric_id: str, known: set[str] | None) -> str:
    """OF0xxx <-> OF1xxx share their last three digits; score-only metrics have no pair."""
    prefixes = {"OF0": "OF1", "OF1": "OF0"}
    if metric_id[:3] not in prefixes:
        return ""
    pair = prefixes[metric_id[:3]] + metric_id[3:]
    return pair if known is None or pair in known else ""


def _result_values(row: DataRow) -> dict[str, object]:
    return {
        "value": row.value,
        "reporting_period": row.reporting_period,
        "median_value": row.median_value,
        "lower_quartile": row.lower_quartile,
        "upper_quartile": row.upper_quartile,
        "published_rank": row.rank,
    }


def _summary_values(rows: list[DataRow]) -> dict[str, object]:
    values: dict[str, object] = {}
    for row in rows:
        fields = SUMMARY_FIELDS.get(row.metric_id)
        if fields is None or row.value is None:
            continue
        value_field, rank_field = fields
        if value_field in ("in_financial_deficit", "recovery_support"):
            values[value_field] = row.value == 1
        elif value_field == "average_score":
            values[value_field] = row.value
        else:
            values[value_field] = int(row.value)
        if rank_field is not None and row.rank is not None:
            values[rank_field] = row.rank
    return values


def write_results(
    parsed: ParsedFile,
    trust_quarters: dict[tuple[str, tuple[int, int]], TrustQuarter],
    record: ImportRecord,
    result: ImportResult,
    progress: Progress | None,
) -> None:
    metrics = _metrics(parsed)
    stored = {
        (r.trust_quarter_id, r.metric_id, r.units): r
        for r in MetricResult.objects.filter(trust_quarter__in=list(trust_quarters.values()))
    }
    new: list[MetricResult] = []
    changed: list[MetricResult] = []
    revisions: list[Revision] = []
    summaries: dict[int, list[DataRow]] = {}
    total = len(parsed.rows)
    for done, row in enumerate(parsed.rows, start=1):
        tq = trust_quarters[(row.trust_code, row.quarter)]
        metric = metrics[row.metric_id]
        if row.metric_id.startswith("OF5"):
            summaries.setdefault(tq.pk, []).append(row)
        values = _result_values(row)
        held = stored.get((tq.pk, metric.pk, row.units))
        if held is None:
            new.append(
                MetricResult(
                    trust_quarter=tq, metric=metric, units=row.units, source=record, **values
                )
            )
        elif _revise(
            held, values, record, label=f"{row.metric_id} [{row.units}] ", revisions=revisions
        ):
            held.source = record
            changed.append(held)
        else:
            result.unchanged += 1
        if progress is not None and (done % 2000 == 0 or done == total):
            progress(done, total)
    MetricResult.objects.bulk_create(new, batch_size=2000)
    update_each(changed, [*RESULT_FIELDS, "source"])
    result.added += len(new)
    result.changed += len(changed)
    by_pk = {tq.pk: tq for tq in trust_quarters.values()}
    summary_changed = []
    for pk, rows in summaries.items():
        if _revise(by_pk[pk], _summary_values(rows), record, revisions=revisions):
            summary_changed.append(by_pk[pk])
    update_each(summary_changed, [f for fields in SUMMARY_FIELDS.values() for f in fields if f])
    Revision.objects.bulk_create(revisions, batch_size=2000)


def _league_values(row: LeagueRow) -> dict[str, object]:
    values: dict[str, object] = {
        "average_score": row.average_score,
        "in_financial_deficit": row.in_financial_deficit,
        "league_rank": row.rank,
    }
    if row.segment == 5:  # intensive recovery support: ranks still use segments 1-4
        values.update(final_segment=5, recovery_support=True)
    else:
        values["adjusted_segment"] = row.segment
    if row.score_range is not None:
        values["published_score_low"], values["published_score_high"] = row.score_range
    if row.rank_range is not None:
        values["published_rank_low"], values["published_rank_high"] = row.rank_range
    return values


def write_league_rows(
    parsed: ParsedFile,
    trust_quarters: dict[tuple[str, tuple[int, int]], TrustQuarter],
    record: ImportRecord,
    result: ImportResult,
) -> None:
    revisions: list[Revision] = []
    changed = []
    for row in parsed.rows:
        tq = trust_quarters[(row.trust_code, row.quarter)]
        values = _league_values(row)
        before = len(revisions)
        if _revise(tq, values, record, label="league table ", revisions=revisions):
            changed.append(tq)
            # A row that replaced a published value is a change; one that only filled in
            # what no file had said yet (e.g. the likely ranges) adds to what we hold.
            if len(revisions) > before:
                result.changed += 1
            else:
                result.added += 1
        else:
            result.unchanged += 1
    update_each(
        changed,
        [
            "average_score", "in_financial_deficit", "league_rank", "adjusted_segment",
            "final_segment", "recovery_support", "published_score_low", "published_score_high",
            "published_rank_low", "published_rank_high",
        ],
    )  # fmt: skip
    Revision.objects.bulk_create(revisions)
