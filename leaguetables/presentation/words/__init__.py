"""The product's words: ordinals, ranks with ties, ranges, segments, and every context note.

Say "segment 4", "ranked 58th of 61 (likely range 49th–61st)"; never "worst" or "failing".
Numbers reach here as numbers and leave as words: pages, downloads and the API all call this
module last, so each thing is said once and the same way everywhere.
"""

from leaguetables.presentation.words.general import (
    OUR_SOURCE,
    SEGMENT_MEANINGS,
    WHAT_IF_QUESTIONS,
    change_text,
    count,
    domains_text,
    either,
    london,
    ordinal,
    places,
    range_source_words,
    rank_range_text,
    rank_text,
    row_change,
    score,
    segment_meaning,
    sort_words,
    what_if_text,
)
from leaguetables.presentation.words.notes import Note, NoteText, note_detail, note_short, note_text
from leaguetables.presentation.words.quote import quote_sentence, range_attribution

__all__ = [
    "OUR_SOURCE", "SEGMENT_MEANINGS", "WHAT_IF_QUESTIONS", "Note", "NoteText", "note_detail",
    "note_short", "change_text",
    "count", "domains_text", "either", "london", "note_text", "ordinal", "places", "quote_sentence",
    "range_attribution", "range_source_words", "rank_range_text", "rank_text", "row_change",
    "score", "segment_meaning", "sort_words", "what_if_text",
]  # fmt: skip
