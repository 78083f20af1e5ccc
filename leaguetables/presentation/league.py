"""What each page shows, shaped from stored results: rows for tables and downloads.

Reads the database with a fixed number of queries per page (tests pin them), does no NOF
arithmetic (that is stored at import), only arranges and words what is stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify

from leaguetables.models import (
    ContextNote,
    ImportRecord,
    League,
    Quarter,
    TrustQuarter,
)
from leaguetables.nof.movement import SegmentChange
from leaguetables.presentation.words import (
    ordinal,
    rank_range_text,
    rank_text,
    score,
    segment_meaning,
)

NOF_SOURCE_URL = "https://www.england.nhs.uk/nhs-oversight-framework/"
DOMAINS = (
    ("Access to services", "Access"),
    ("Patient safety", "Safety"),
    ("Effectiveness and experience", "Effectiveness"),
    ("People and workforce", "People"),
    ("Finance and productivity", "Finance"),
)
LAST = 10**6  # sorts missing numbers after every real one


@dataclass(frozen=True)
class Source:
    text: str
    href: str
    imported_at: object


def sources(league: League, quarter: Quarter) -> list[Source]:
    """The files a league-quarter's numbers came from, newest first, with links."""
    records = ImportRecord.objects.filter(league=league, quarters__contains=quarter.label)
    found = []
    for record in records:
        href = record.source if record.source.startswith("https://") else NOF_SOURCE_URL
        name = record.source.rsplit("/", 1)[-1]
        found.append(Source(f"{record.get_kind_display()} {name}", href, record.imported_at))
    return found


def is_illustrative() -> bool:
    return ImportRecord.objects.filter(illustrative=True).exists()


def note_dict(note: ContextNote) -> dict[str, str]:
    return {
        "kind": note.kind,
        "label": note.get_kind_display(),
        "short": note.short_text,
        "long": note.long_text,
        "source": note.source,
    }


def notes_cell(notes: list[dict[str, str]]) -> str:
    return " | ".join(f"{n['label']}: {n['short']}" for n in notes)


def range_bar(low: int, high: int, rank: int | None, size: int) -> dict[str, str]:
    """Positions in percent of the league for the little range bar beside a rank."""
    span = max(size - 1, 1)
    bar = {
        "x": f"{(low - 1) / span * 100:.1f}",
        "width": f"{max((high - low) / span * 100, 1.5):.1f}",
    }
    if rank is not None:
        bar["mark"] = f"{min((rank - 1) / span * 100, 99.0):.1f}"
    return bar


def change_words(tq: TrustQuarter) -> tuple[str, int | None]:
    if tq.previous_rank is None or tq.league_rank is None:
        return "New this quarter" if tq.previous_rank is None else "–", None
    moved = tq.previous_rank - tq.league_rank
    if moved == 0:
        text = "No change"
    else:
        text = f"{'Up' if moved > 0 else 'Down'} {abs(moved)}"
    if tq.previous_segment is not None and tq.previous_segment != tq.adjusted_segment:
        text += f" (segment {tq.previous_segment} to {tq.adjusted_segment})"
    if tq.segment_change == SegmentChange.FINANCIAL_OVERRIDE:
        text += "; financial override " + ("applied" if tq.financial_override_applied else "lifted")
    elif moved and tq.movement_beyond_noise is not None:
        text += (
            "; beyond the likely range" if tq.movement_beyond_noise else "; within the likely range"
        )
    return text, moved


@dataclass(frozen=True)
class SegmentChanges:
    """How many trusts changed segment since the previous quarter, and why."""

    changed: int
    override: int
    beyond_noise: int

    @property
    def within_noise(self) -> int:
        return self.changed - self.override - self.beyond_noise


def segment_changes(changes: list[str]) -> SegmentChanges | None:
    """Counts of each trust's stored `segment_change` (nof.movement.SegmentChange values)."""
    if not any(changes):
        return None
    counts = Counter(changes)
    changed = sum(n for kind, n in counts.items() if kind and kind != SegmentChange.UNCHANGED)
    override = counts[SegmentChange.FINANCIAL_OVERRIDE]
    beyond = counts[SegmentChange.BEYOND]
    return SegmentChanges(changed, override, beyond)


def trust_cells(tq: TrustQuarter) -> dict[str, str]:
    """The trust's own cells in any table row: code, name as published then, and its sort key."""
    return {
        "code": tq.trust.ods_code,
        "trust": tq.name,
        "trust_sort": tq.name.lower(),
        "subtype": tq.subtype,
    }


def league_row(
    tq: TrustQuarter, size: int, tied: bool, domains: dict[str, int], notes: list[dict]
) -> dict:
    segment = tq.adjusted_segment
    rank_range = tq.rank_range
    change, moved = change_words(tq)
    href = f"/trusts/{tq.trust.ods_code}/{tq.quarter.slug}/"
    for note in notes:
        note["href"] = f"{href}#note-{note['kind']}"
    row = {
        "href": href,
        **trust_cells(tq),
        "rank": rank_text(tq.league_rank, tied),
        "rank_value": tq.league_rank,
        "rank_sort": (tq.league_rank or LAST, tq.name),
        "rank_range": rank_range_text(*rank_range) if rank_range else "",
        "range_source": tq.range_source,
        "range_bar": range_bar(*rank_range, tq.league_rank, size) if rank_range else None,
        "region": tq.region,
        "segment": segment,
        "segment_sort": (segment or LAST, tq.league_rank or LAST),
        "segment_meaning": segment_meaning(segment),
        "segment_probabilities": "; ".join(
            f"{key}: {share:.2f}" for key, share in sorted((tq.segment_probabilities or {}).items())
        ),
        "final_segment": tq.final_segment,
        "unadjusted_segment": tq.unadjusted_segment,
        "override": tq.financial_override_applied,
        "rank_without_override": tq.rank_without_override,
        "average_score": score(tq.average_score),
        "average_score_sort": (tq.average_score if tq.average_score is not None else LAST,),
        "metrics_scored": tq.metrics_scored,
        "change": change,
        # Biggest rise first when sorted ascending: a rise is a negative key.
        "change_sort": (moved is None, -(moved or 0), tq.league_rank or LAST),
        "domains": [domains.get(name) for name, _ in DOMAINS],
        "domains_text": ", ".join(f"{short} {domains.get(name) or '–'}" for name, short in DOMAINS),
        "context": notes,
        "context_sort": (-len(notes), tq.league_rank or LAST),
    }
    return row


def short_notes(trust_quarters: list[TrustQuarter]) -> dict[int, list[dict[str, str]]]:
    """Each row's approved notes, short texts only (the league page links to the long ones)."""
    labels = dict(ContextNote.Kind.choices)
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    rows = (
        ContextNote.objects.filter(trust_quarter__in=trust_quarters, approved=True)
        .order_by("position", "id")
        .values_list("trust_quarter_id", "kind", "short_text", "source")
    )
    for tq_id, kind, short, source in rows:
        found[tq_id].append(
            {"kind": kind, "label": labels.get(kind, kind), "short": short, "source": source}
        )
    return found


def league_rows(trust_quarters: list[TrustQuarter]) -> list[dict]:
    """One row per trust, with its notes (approved ones only) and domain segments."""
    size = len(trust_quarters)
    ties = Counter(tq.league_rank for tq in trust_quarters)
    notes = short_notes(trust_quarters)
    return [
        league_row(tq, size, ties[tq.league_rank] > 1, tq.domain_segments, notes[tq.pk])
        for tq in trust_quarters
    ]


LEAGUE_DOWNLOAD_COLUMNS = (
    "Rank", "Likely_range_of_rank", "Range_source", "Trust_code", "Trust_name", "Trust_subtype",
    "Region", "Segment", "Segment_meaning", "Segment_probabilities", "Average_score",
    "Change_since_previous_quarter",
    *(f"{name.replace(' ', '_')}_segment" for name, _ in DOMAINS),
    "Override_applied", "Unadjusted_segment", "Rank_without_override", "Metrics_scored",
    "Context_notes",
)  # fmt: skip


def league_download_row(row: dict) -> dict[str, object]:
    out: dict[str, object] = {
        "Rank": row["rank"],
        "Likely_range_of_rank": row["rank_range"],
        "Range_source": row["range_source"],
        "Trust_code": row["code"],
        "Trust_name": row["trust"],
        "Trust_subtype": row["subtype"],
        "Region": row["region"],
        "Segment": row["segment"] or "",
        "Segment_meaning": row["segment_meaning"],
        "Segment_probabilities": row["segment_probabilities"],
        "Average_score": row["average_score"],
        "Change_since_previous_quarter": row["change"],
        "Override_applied": "Yes" if row["override"] else "No",
        "Unadjusted_segment": row["unadjusted_segment"] or "",
        "Rank_without_override": row["rank_without_override"] or "",
        "Metrics_scored": row["metrics_scored"] or "",
        "Context_notes": notes_cell(row["context"]),
    }
    for (name, _), value in zip(DOMAINS, row["domains"], strict=True):
        out[f"{name.replace(' ', '_')}_segment"] = value or ""
    return out


def service_slug(sub_domain: str) -> str:
    return slugify(sub_domain)


def ordinal_or_blank(value: int | None) -> str:
    return ordinal(value) if value else ""


def search_filter(query: str):
    """Name, ODS code, region or a place in the name: "leeds", "RXG", "South West"."""
    terms = [term for term in query.split() if term]
    condition = Q(ods_code__iexact=query)
    words = Q()
    for term in terms:
        words &= (
            Q(name__icontains=term) | Q(region__icontains=term) | Q(quarters__name__icontains=term)
        )
    return condition | words


def published_text(quarter: Quarter):
    """The date NHS England published the quarter, or words saying it was not recorded."""
    return quarter.published_on or "on a date not recorded at import"
