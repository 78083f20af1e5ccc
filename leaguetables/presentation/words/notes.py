"""The words of every context note, written from the facts `nof.notes` stored at import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from leaguetables.nof import years
from leaguetables.nof.files import parse_quarter
from leaguetables.nof.notes import KIND_LABELS, NoteKind, RangeSource
from leaguetables.presentation.words.general import (
    OUR_SOURCE,
    either,
    ordinal,
    places,
    range_source_words,
    rank_range_text,
    rank_text,
    score,
    segment_meaning,
)


@dataclass(frozen=True)
class NoteText:
    kind: str
    label: str  # the kind's name, a small label beside the note
    short: str
    long: str
    source: str


class Note(Protocol):
    kind: str
    facts: Mapping[str, Any]
    short_text: str
    long_text: str
    source: str


def _data_file(facts: Mapping[str, Any]) -> str:
    return f"NHS England, NOF {str(facts['league']).lower()} data, {facts['quarter']}"


def _method_source(facts: Mapping[str, Any]) -> str:
    """The methodology manual of the year the note's quarter was published under."""
    quarter = parse_quarter(str(facts["quarter"]))
    return years.rules_for(quarter[0]).source if quarter else "NHS England, NOF methodology"


def _financial_override(f: Mapping[str, Any]) -> tuple[str, str, str]:
    segments = f["segments_without_override"]
    where = f"segment {either(segments)}" if segments else "segment 1 or 2"
    if f.get("rank_without_override") is not None:
        where += f", where it would rank {ordinal(f['rank_without_override'])}"
    basis = (
        "its average score places it in" if f.get("inferred") else "its performance places it in"
    )
    short = f"Segment 3 because of the financial override; {basis} {where}."
    long = (
        "NHS England moves any trust in segment 1 or 2 that reports a deficit or receives "
        "deficit support down to segment 3, whatever the size of the deficit and however good "
        f"its other results. On its average metric score of {score(f['average_score'])} this "
        f"trust is in {where.split(',')[0]}"
    )
    if len(segments) == 1:
        long += f" ({segment_meaning(segments[0])})"
    long += "."
    if f.get("inferred"):
        long += (
            " NHS England's league table file does not give the segment before the override; "
            "it is inferred from where the averages of the trusts not in deficit fall."
        )
    if f.get("rank_without_override") is not None:
        long += (
            f" With every other trust unchanged it would rank "
            f"{ordinal(f['rank_without_override'])} of {f['league_size']} instead of "
            f"{rank_text(f['league_rank'], f['rank_tied'])}."
        )
    fields = (
        "Segment, Average_score, Trust_in_financial_deficit"
        if f.get("inferred")
        else ("OF5000, OF5003, OF5004")
    )
    return short, long, f"{_method_source(f)}; {_data_file(f)} ({fields})"


def _specialist(f: Mapping[str, Any]) -> tuple[str, str, str]:
    basis = ""
    if f.get("metrics_scored") is not None and f.get("usual_metrics"):
        basis = f"; scored on {f['metrics_scored']} metrics against up to {f['usual_metrics']}"
    no_ae = (
        " It runs no A&E, so the urgent and emergency care metrics do not apply."
        if f.get("no_urgent_care")
        else ""
    )
    return (
        f"Specialist trust ({f['subtype']}){basis}.",
        "Specialist trusts treat a narrower range of patients than general hospitals and are "
        "scored on fewer metrics; their average is not directly comparable with a general "
        f"hospital's.{no_ae}",
        f"{_data_file(f)} (Trust_subtype, metric scores)",
    )


def _few_metrics(f: Mapping[str, Any]) -> tuple[str, str, str]:
    scored, usual = f["metrics_scored"], f["usual_metrics"]
    return (
        f"Rank rests on {scored} of {usual} metrics.",
        f"This trust's average score comes from {scored} metrics, where others in the league "
        f"are scored on up to {usual}. With few metrics, one metric can move the trust a whole "
        "segment.",
        f"{_data_file(f)} (metric scores counted towards OF5002)",
    )


def _uncertainty(f: Mapping[str, Any]) -> tuple[str, str, str]:
    low, high, ours = f["rank_low"], f["rank_high"], f["range_source"] != RangeSource.NHS_ENGLAND
    return (
        f"Likely range of rank {rank_range_text(low, high)} of {f['league_size']} "
        f"({range_source_words(f['range_source'])}).",
        f"The rank could plausibly have been anywhere from {ordinal(low)} to {ordinal(high)}: a "
        "rank from one quarter's data is an estimate, not a precise position."
        + (
            " NHS England published no range for this quarter; ours resamples the trust's own "
            "metric scores as NHS England's published ranges do (see the methodology page)."
            if ours
            else " NHS England published this range."
        ),
        OUR_SOURCE if ours else _data_file(f),
    )


def _movement(f: Mapping[str, Any]) -> tuple[str, str, str]:
    change = f["previous_rank"] - f["league_rank"]
    if change > 0:
        moved = f"Up {places(change)}"
    elif change < 0:
        moved = f"Down {places(-change)}"
    else:
        moved = "Same rank"
    moved += f" since {f['previous_quarter']}"
    if f.get("previous_segment") is not None and f["previous_segment"] != f["adjusted_segment"]:
        moved += f" (segment {f['previous_segment']} to {f['adjusted_segment']})"
    label, why = "", ""
    if f.get("override_moved"):
        label = (
            "; the financial override now applies"
            if f.get("override_applied")
            else "; the financial override no longer applies"
        )
        why = (
            " The segment changed because the financial override was applied or lifted, not "
            "because of the trust's scores."
        )
    elif f.get("beyond_noise") is not None:
        label = "; beyond the likely range" if f["beyond_noise"] else "; within the likely range"
        why = (
            " The change is larger than the likely range of this quarter's score."
            if f["beyond_noise"]
            else " The change is within the likely range of this quarter's score, so it may be "
            "noise."
        )
    return (
        f"{moved}{label}.",
        f"Ranked {ordinal(f['previous_rank'])} in {f['previous_quarter']} and "
        f"{rank_text(f['league_rank'], f['rank_tied'])} in {f['quarter']}; average score "
        f"{score(f.get('previous_average'))} then, {score(f.get('average_score'))} now.{why}",
        OUR_SOURCE,
    )


def _recovery_support(f: Mapping[str, Any]) -> tuple[str, str, str]:
    return (
        "Segment 5: in the Recovery Support Programme (intensive support).",
        "NHS England places trusts receiving intensive support in segment 5. The league rank "
        f"still uses its segment from scores and the override (segment {f['adjusted_segment']}).",
        f"{_data_file(f)} (OF5005, OF5007)",
    )


def _metric_list(items: Sequence[Mapping[str, str]], with_period: bool = False) -> str:
    return ", ".join(
        f"{item['description']} ({item['period']})" if with_period else item["description"]
        for item in items
    )


# What a data note lists: (facts key, its phrase in the long text, its count in the short text).
DATA_PARTS = (
    ("missing", "not scored on {items}", "{n} not scored"),
    ("older", "from periods before {quarter}: {items}", "{n} from older periods"),
    ("suppressed", "value suppressed or not published for {items}", "{n} suppressed"),
    ("revised", "revised by a later file from NHS England: {items}",
     "{n} published value{s} revised"),
    ("score_only", "score only, no value, for {items}", ""),
)  # fmt: skip


def _data(f: Mapping[str, Any]) -> tuple[str, str, str]:
    parts, counts = [], []
    for key, phrase, counted in DATA_PARTS:
        items = f.get(key) or []
        if not items:
            continue
        if key == "revised":
            listed = ", ".join(
                f"{r['field']} {r['old']} to {r['new']} ({r['file']})" for r in items
            )
        else:
            listed = _metric_list(items, with_period=key == "older")
        parts.append(phrase.format(items=listed, quarter=f["quarter"]))
        if counted:
            counts.append(counted.format(n=len(items), s="" if len(items) == 1 else "s"))
    short = ", ".join(counts).capitalize() if counts else "Some metrics published as scores only"
    return (
        short + ".",
        "About this trust's data: " + "; ".join(parts) + ". A metric that is not scored is left "
        "out of the average rather than counted as zero.",
        _data_file(f),
    )


AUTOMATIC_WORDS = {
    NoteKind.FINANCIAL_OVERRIDE: _financial_override,
    NoteKind.RECOVERY_SUPPORT: _recovery_support,
    NoteKind.SPECIALIST: _specialist,
    NoteKind.FEW_METRICS: _few_metrics,
    NoteKind.UNCERTAINTY: _uncertainty,
    NoteKind.MOVEMENT: _movement,
    NoteKind.DATA: _data,
}


def note_text(note: Note) -> NoteText:
    """A note's words: an automatic note's from its facts, a written one's as written."""
    kind = NoteKind(note.kind)
    if kind in AUTOMATIC_WORDS:
        short, long, source = AUTOMATIC_WORDS[kind](note.facts)
    else:
        short, long, source = note.short_text, note.long_text, note.source
    return NoteText(kind.value, KIND_LABELS[kind], short, long, source)
