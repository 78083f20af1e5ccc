"""The words of every context note, written from the facts `nof.notes` stored at import.

Each kind has its short text (beside a rank) and its detail (the long text and the source), so
a table that shows only the short texts writes only those."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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


Words = Mapping[str, Any]


# Financial override -----------------------------------------------------------------------


def _override_where(f: Words) -> tuple[list[int], str]:
    segments = f["segments_without_override"]
    where = f"segment {either(segments)}" if segments else "segment 1 or 2"
    if f.get("rank_without_override") is not None:
        where += f", where it would rank {ordinal(f['rank_without_override'])}"
    return segments, where


def _financial_override_short(f: Words) -> str:
    _, where = _override_where(f)
    basis = (
        "its average score places it in" if f.get("inferred") else "its performance places it in"
    )
    return f"Segment 3 because of the financial override; {basis} {where}."


def _financial_override_detail(f: Words) -> tuple[str, str]:
    segments, where = _override_where(f)
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
        else "OF5000, OF5003, OF5004"
    )
    return long, f"{_method_source(f)}; {_data_file(f)} ({fields})"


# Specialist, few metrics, uncertainty, recovery support -----------------------------------


def specialist_basis(f: Words) -> str:
    """ "scored on 14 metrics against up to 22", or "" when the counts are not known."""
    if f.get("metrics_scored") is None or not f.get("usual_metrics"):
        return ""
    return f"scored on {f['metrics_scored']} metrics against up to {f['usual_metrics']}"


def _specialist_short(f: Words) -> str:
    # The kind's label ("Specialist trust") is shown beside this: the text does not repeat it.
    no_ae = ", with no A&E" if f.get("no_urgent_care") else ""
    basis = specialist_basis(f)
    return f"Treats a narrower range of patients ({f['subtype']}){no_ae}" + (
        f"; {basis}." if basis else "."
    )


def _specialist_detail(f: Words) -> tuple[str, str]:
    no_ae = (
        " It runs no A&E, so the urgent and emergency care metrics do not apply."
        if f.get("no_urgent_care")
        else ""
    )
    return (
        "Specialist trusts treat a narrower range of patients than general hospitals and are "
        "scored on fewer metrics; their average is not directly comparable with a general "
        f"hospital's.{no_ae}",
        f"{_data_file(f)} (Trust_subtype, metric scores)",
    )


def _few_metrics_short(f: Words) -> str:
    return f"Rank rests on {f['metrics_scored']} of {f['usual_metrics']} metrics."


def _few_metrics_detail(f: Words) -> tuple[str, str]:
    return (
        f"This trust's average score comes from {f['metrics_scored']} metrics, where others in "
        f"the league are scored on up to {f['usual_metrics']}. With few metrics, one metric can "
        "move the trust a whole segment.",
        f"{_data_file(f)} (metric scores counted towards OF5002)",
    )


def _uncertainty_short(f: Words) -> str:
    return (
        f"Likely range of rank {rank_range_text(f['rank_low'], f['rank_high'])} of "
        f"{f['league_size']} ({range_source_words(f['range_source'])})."
    )


def _uncertainty_detail(f: Words) -> tuple[str, str]:
    ours = f["range_source"] != RangeSource.NHS_ENGLAND
    return (
        f"The rank could plausibly have been anywhere from {ordinal(f['rank_low'])} to "
        f"{ordinal(f['rank_high'])}: a rank from one quarter's data is an estimate, not a "
        "precise position."
        + (
            " NHS England published no range for this quarter; ours resamples the trust's own "
            "metric scores as NHS England's published ranges do (see the methodology page)."
            if ours
            else " NHS England published this range."
        ),
        OUR_SOURCE if ours else _data_file(f),
    )


def _recovery_support_short(f: Words) -> str:
    return "Segment 5: in the Recovery Support Programme (intensive support)."


def _recovery_support_detail(f: Words) -> tuple[str, str]:
    return (
        "NHS England places trusts receiving intensive support in segment 5. The league rank "
        f"still uses its segment from scores and the override (segment {f['adjusted_segment']}).",
        f"{_data_file(f)} (OF5005, OF5007)",
    )


# Movement ---------------------------------------------------------------------------------


def _movement_parts(f: Words) -> tuple[str, str, str]:
    """What moved, its label (override, beyond or within noise), and why."""
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
    return moved, label, why


def _movement_short(f: Words) -> str:
    moved, label, _ = _movement_parts(f)
    return f"{moved}{label}."


def _movement_detail(f: Words) -> tuple[str, str]:
    _, _, why = _movement_parts(f)
    return (
        f"Ranked {ordinal(f['previous_rank'])} in {f['previous_quarter']} and "
        f"{rank_text(f['league_rank'], f['rank_tied'])} in {f['quarter']}; average score "
        f"{score(f.get('previous_average'))} then, {score(f.get('average_score'))} now.{why}",
        OUR_SOURCE,
    )


# Data -------------------------------------------------------------------------------------

# What a data note lists: (facts key, its phrase in the long text, its count in the short text).
DATA_PARTS = (
    ("missing", "not scored on {items}", "{n} not scored"),
    ("older", "from periods before {quarter}: {items}", "{n} from older periods"),
    ("suppressed", "value suppressed or not published for {items}", "{n} suppressed"),
    ("revised", "revised by a later file from NHS England: {items}",
     "{n} published value{s} revised"),
    ("score_only", "score only, no value, for {items}", ""),
)  # fmt: skip


def _data_short(f: Words) -> str:
    counts = [
        counted.format(n=len(f[key]), s="" if len(f[key]) == 1 else "s")
        for key, _, counted in DATA_PARTS
        if counted and f.get(key)
    ]
    return (
        ", ".join(counts).capitalize() if counts else "Some metrics published as scores only"
    ) + "."


def _listed(key: str, items: Sequence[Mapping[str, str]]) -> str:
    if key == "revised":
        return ", ".join(f"{r['field']} {r['old']} to {r['new']} ({r['file']})" for r in items)
    return ", ".join(
        f"{item['description']} ({item['period']})" if key == "older" else item["description"]
        for item in items
    )


def _data_detail(f: Words) -> tuple[str, str]:
    parts = [
        phrase.format(items=_listed(key, f[key]), quarter=f["quarter"])
        for key, phrase, _ in DATA_PARTS
        if f.get(key)
    ]
    return (
        "About this trust's data: " + "; ".join(parts) + ". A metric that is not scored is left "
        "out of the average rather than counted as zero.",
        _data_file(f),
    )


# Every automatic kind's short text and detail.
# Population served (reference data, not NHS England's files) ---------------------------------

POPULATION_SOURCE = (
    "OHID, NHS acute trust catchment populations (2022); MHCLG, English Indices of "
    "Deprivation 2025, local authority summaries"
)


def _population_short(f: Words) -> str:
    invented = " (illustrative catchment)" if f.get("illustrative") else ""
    return (
        f"Serves one of the most deprived fifth of catchments in this league{invented}: "
        f"{ordinal(f['position'])} most deprived of {f['of']}."
    )


def _population_detail(f: Words) -> tuple[str, str]:
    return (
        f"Weighted by where its catchment population lives, the average IMD 2025 score of the "
        f"local authorities this trust serves is {f['imd_score']:.1f} (higher is more deprived), "
        f"{ordinal(f['position'])} highest of the {f['of']} trusts in the league with a "
        "published catchment. The NOF does not adjust a trust's scores for the deprivation of "
        "the people it serves. This is an approximation at local-authority level.",
        POPULATION_SOURCE + (" (catchment illustrative, invented for the demo)"
                             if f.get("illustrative") else ""),
    )  # fmt: skip


AUTOMATIC_WORDS = {
    NoteKind.FINANCIAL_OVERRIDE: (_financial_override_short, _financial_override_detail),
    NoteKind.RECOVERY_SUPPORT: (_recovery_support_short, _recovery_support_detail),
    NoteKind.SPECIALIST: (_specialist_short, _specialist_detail),
    NoteKind.FEW_METRICS: (_few_metrics_short, _few_metrics_detail),
    NoteKind.UNCERTAINTY: (_uncertainty_short, _uncertainty_detail),
    NoteKind.MOVEMENT: (_movement_short, _movement_detail),
    NoteKind.DATA: (_data_short, _data_detail),
    NoteKind.POPULATION: (_population_short, _population_detail),
}


# By the kind as stored (a StrEnum hashes as its text).
_WORDS_BY_TEXT = {kind.value: words for kind, words in AUTOMATIC_WORDS.items()}

# A trust's statement beside a rank: the start of it; the whole on the trust's page.
STATEMENT_SHORT = 280


def _statement_date(note: Note) -> str | None:
    submitted = (note.facts or {}).get("submitted_on")
    if not submitted:
        return None  # written by an editor in the admin, before trust teams had a form
    return date.fromisoformat(str(submitted)).strftime("%-d %B %Y").lstrip("0")


def _statement_short(note: Note) -> str:
    text = " ".join(note.long_text.split()) or note.short_text
    if len(text) > STATEMENT_SHORT:
        text = text[:STATEMENT_SHORT].rsplit(" ", 1)[0] + " …"
    when = _statement_date(note)
    label = f"The trust's own words, {when}" if when else "The trust's own words"
    return f"{label}: “{text}”"


def _statement_detail(note: Note) -> tuple[str, str]:
    when = _statement_date(note)
    source = f"{note.facts.get('trust')}, statement of {when}" if when else note.source
    return note.long_text, f"{source}, approved for publication by the editors"


def note_short(note: Note) -> str:
    """A note's short text: from its facts, or as written."""
    words = _WORDS_BY_TEXT.get(note.kind)
    if words:
        return words[0](note.facts)
    if note.kind == NoteKind.TRUST_STATEMENT:
        return _statement_short(note)
    return note.short_text


def note_detail(note: Note) -> tuple[str, str]:
    """A note's long text and source."""
    words = _WORDS_BY_TEXT.get(note.kind)
    if words:
        return words[1](note.facts)
    if note.kind == NoteKind.TRUST_STATEMENT:
        return _statement_detail(note)
    return note.long_text, note.source


def note_text(note: Note) -> NoteText:
    """A note's words: an automatic note's from its facts, a written one's as written."""
    kind = NoteKind(note.kind)
    long, source = note_detail(note)
    return NoteText(kind.value, KIND_LABELS[kind], note_short(note), long, source)
