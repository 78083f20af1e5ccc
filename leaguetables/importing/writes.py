"""The row-level writes of one import, run inside `actions.import_file`'s transaction.

Each function takes what the parser produced and brings the stored rows in line with it,
keeping every replaced published value as a Revision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from leaguetables.importing.db import update_each
from leaguetables.models import (
    ImportRecord,
    League,
    Metric,
    MetricResult,
    Quarter,
    Release,
    Revision,
    Trust,
    TrustQuarter,
)
from leaguetables.nof import files, metric_ids, years
from leaguetables.nof.files import DataRow, LeagueRow, ParsedFile

Progress = Callable[[int, int], None]


@dataclass
class RowCounts:
    """What one import did to the stored rows, and which quarters it added to or changed."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    touched: set[tuple[int, int]] = field(default_factory=set)


# Summary rows (OF5xxx) as TrustQuarter fields: (field, from the Value or the Rank cell).
SUMMARY_FIELDS = {
    metric_ids.ADJUSTED_SEGMENT: ("adjusted_segment", "league_rank"),
    metric_ids.AVERAGE_SCORE: ("average_score", "average_score_rank"),
    metric_ids.UNADJUSTED_SEGMENT: ("unadjusted_segment", None),
    metric_ids.FINANCIAL_DEFICIT: ("in_financial_deficit", None),
    metric_ids.FINAL_SEGMENT: ("final_segment", None),
    metric_ids.RECOVERY_SUPPORT: ("recovery_support", None),
}
FLAG_FIELDS = ("in_financial_deficit", "recovery_support")
RESULT_FIELDS = (
    "value", "reporting_period", "median_value", "lower_quartile", "upper_quartile",
    "published_rank",
)  # fmt: skip


def trust_quarters(
    parsed: ParsedFile,
    league: League,
    quarters: dict[tuple[int, int], Quarter],
    record: ImportRecord,
    releases: dict[tuple[int, int], Release],
    counts: RowCounts,
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
            trusts[code] = Trust.objects.create(ods_code=code, league=league)
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
                    trust=trusts[key[0]], quarter=quarters[key[1]], league=league,
                    release=releases[key[1]], **identity,
                )
            )  # fmt: skip
            counts.touched.add(key[1])
        elif _revise(held, identity, record):
            held.save(update_fields=list(identity))
            counts.touched.add(key[1])
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


MetricKey = tuple[int, str, str]  # (financial year, Metric_ID, Units)
METRIC_FIELDS = (
    "description", "domain", "sub_domain", "kind", "paired_metric_id", "counts_towards_average",
)  # fmt: skip


def _metrics(parsed: ParsedFile, league: League) -> dict[MetricKey, Metric]:
    """The league's metrics of each year the file covers, as the file describes them.

    Within a year, the description of the file's latest quarter wins (a restated quarter may
    be described in the later file's words). A value and its score pair where the league's
    files that year carry both.
    """
    described: dict[MetricKey, DataRow] = {}
    for row in parsed.rows:
        key = (row.quarter[0], row.metric_id, row.units)
        held = described.get(key)
        if held is None or row.quarter >= held.quarter:
            described[key] = row
    year_list = sorted({year for year, _, _ in described})
    stored = {
        (m.financial_year, m.metric_id, m.units): m
        for m in Metric.objects.filter(league=league, financial_year__in=year_list)
    }
    present = {(year, metric_id) for year, metric_id, _ in (*described, *stored)}
    new, changed = [], []

    def pairing(year: int, metric_id: str) -> dict[str, object]:
        pair = metric_ids.pair_of(metric_id)
        paired = pair if pair and (year, pair) in present else ""
        score = metric_id if metric_ids.is_score(metric_id) else paired
        counts = bool(score) and years.rules_for(year).counts_towards_average(score)
        return {"paired_metric_id": paired, "counts_towards_average": counts}

    for key, row in described.items():
        year, metric_id, units = key
        values = {
            "description": row.description[:300],
            "domain": row.domain,
            # Domain rows restate their domain name as a sub-domain, differently in each file.
            "sub_domain": "" if metric_ids.is_domain(metric_id) else row.sub_domain,
            "kind": metric_ids.kind_of(metric_id).value,
            **pairing(year, metric_id),
        }
        metric = stored.get(key)
        if metric is None:
            stored[key] = Metric(
                league=league, financial_year=year, metric_id=metric_id, units=units, **values
            )
            new.append(stored[key])
        elif _set(metric, values):
            changed.append(metric)
    # A pair learned from this file also pairs the other half stored from an earlier one.
    for key, metric in stored.items():
        if key not in described and _set(metric, pairing(key[0], key[1])):
            changed.append(metric)
    Metric.objects.bulk_create(new)
    Metric.objects.bulk_update(changed, list(METRIC_FIELDS))
    return stored


def _set(obj: object, values: dict[str, object]) -> bool:
    """Set attributes; return whether any changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


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
        if value_field in FLAG_FIELDS:
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
    league: League,
    trust_quarters: dict[tuple[str, tuple[int, int]], TrustQuarter],
    record: ImportRecord,
    result: RowCounts,
    progress: Progress | None,
) -> None:
    metrics = _metrics(parsed, league)
    stored = {
        (r.trust_quarter_id, r.metric_id): r
        for r in MetricResult.objects.filter(trust_quarter__in=list(trust_quarters.values()))
    }
    new: list[MetricResult] = []
    changed: list[MetricResult] = []
    revisions: list[Revision] = []
    summaries: dict[int, list[DataRow]] = {}
    total = len(parsed.rows)
    for done, row in enumerate(parsed.rows, start=1):
        tq = trust_quarters[(row.trust_code, row.quarter)]
        metric = metrics[(row.quarter[0], row.metric_id, row.units)]
        if metric_ids.is_summary(row.metric_id):
            summaries.setdefault(tq.pk, []).append(row)
        values = _result_values(row)
        held = stored.get((tq.pk, metric.pk))
        if held is None:
            new.append(MetricResult(trust_quarter=tq, metric=metric, source=record, **values))
            result.touched.add(row.quarter)
        elif _revise(
            held, values, record, label=f"{row.metric_id} [{row.units}] ", revisions=revisions
        ):
            held.source = record
            changed.append(held)
            result.touched.add(row.quarter)
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
            result.touched.add(rows[0].quarter)
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
    result: RowCounts,
) -> None:
    revisions: list[Revision] = []
    changed = []
    for row in parsed.rows:
        tq = trust_quarters[(row.trust_code, row.quarter)]
        values = _league_values(row)
        before = len(revisions)
        if _revise(tq, values, record, label="league table ", revisions=revisions):
            changed.append(tq)
            result.touched.add(row.quarter)
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
