"""Context notes say what a reader needs beside a rank, in the product's words: the rules
(`nof.notes`) choose the notes and their facts, `words` writes them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from leaguetables.nof.notes import MetricGap, NoteInput, build_notes
from leaguetables.presentation.words import NoteText, note_text


@dataclass
class Stored:
    """A note as stored: a kind and its facts (written notes carry words instead)."""

    kind: str
    facts: dict = field(default_factory=dict)
    short_text: str = ""
    long_text: str = ""
    source: str = ""


def written(row: NoteInput) -> list[NoteText]:
    return [note_text(Stored(note.kind, dict(note.facts))) for note in build_notes(row)]


BASE = NoteInput(
    quarter_label="Q1 2025/26",
    league_name="Mental health and community trusts",
    league_size=61,
    subtype="Mental Health and Learning Disability",
    average_score=2.2,
    unadjusted_segment=2,
    adjusted_segment=2,
    final_segment=None,
    recovery_support=False,
    league_rank=20,
    rank_tied=False,
    financial_override_applied=False,
    rank_without_override=20,
    metrics_scored=12,
    usual_metrics=12,
    rank_range=None,
    range_source="",
)


def kinds(row: NoteInput) -> list[str]:
    return [note.kind for note in build_notes(row)]


def short(row: NoteInput, kind: str) -> str:
    return next(note.short for note in written(row) if note.kind == kind)


def test_a_plain_row_has_no_notes():
    assert build_notes(BASE) == []


def test_override_note_names_the_segment_and_rank_without_override():
    row = replace(BASE, adjusted_segment=3, unadjusted_segment=1, financial_override_applied=True,
                  league_rank=26, rank_without_override=3, average_score=1.77)  # fmt: skip
    assert short(row, "financial_override") == (
        "Segment 3 because of the financial override; its performance places it in segment 1, "
        "where it would rank 3rd."
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"subtype": "Acute - Specialist", "metrics_scored": 14, "usual_metrics": 22},
         "Treats a narrower range of patients (Acute - Specialist); scored on 14 metrics against "
         "up to 22."),
        ({"metrics_scored": 5}, "Rank rests on 5 of 12 metrics."),
        ({"rank_range": (12, 48), "range_source": "leaguetables"},
         "Likely range of rank 12th–48th of 61 (our estimate)."),
        ({"rank_range": (1, 11), "range_source": "NHS England"},
         "Likely range of rank 1st–11th of 61 (NHS England's estimate)."),
        ({"final_segment": 5, "recovery_support": True},
         "Segment 5: in the Recovery Support Programme (intensive support)."),
        ({"previous_quarter_label": "Q4 2024/25", "previous_rank": 30, "previous_segment": 3,
          "movement_beyond_noise": False},
         "Up 10 places since Q4 2024/25 (segment 3 to 2); within the likely range."),
        ({"previous_quarter_label": "Q4 2024/25", "previous_rank": 3, "previous_segment": 1,
          "movement_beyond_noise": True},
         "Down 17 places since Q4 2024/25 (segment 1 to 2); beyond the likely range."),
        ({"previous_quarter_label": "Q4 2024/25", "previous_rank": 26, "previous_segment": 3,
          "segment_change": "financial override applied or removed"},
         "Up 6 places since Q4 2024/25 (segment 3 to 2); the financial override no longer "
         "applies."),
        ({"missing_metrics": (MetricGap("OF1067", "CQC safe inspection"),),
          "older_metrics": (MetricGap("OF1061", "Staff survey", "2024"),)},
         "1 not scored, 1 from older periods."),
    ],
)  # fmt: skip
def test_each_note_in_the_products_words(changes, expected):
    row = replace(BASE, **changes)
    assert expected in [note.short for note in written(row)]


def test_few_metrics_is_not_flagged_above_the_threshold():
    assert "few_metrics" not in kinds(replace(BASE, metrics_scored=8))
    assert "few_metrics" in kinds(replace(BASE, metrics_scored=7))


def test_notes_never_use_the_words_the_product_avoids():
    row = replace(
        BASE, adjusted_segment=4, unadjusted_segment=4, league_rank=61, rank_range=(49, 61),
        range_source="NHS England", previous_quarter_label="Q4", previous_rank=40,
        previous_segment=3, movement_beyond_noise=True, metrics_scored=5,
    )  # fmt: skip
    text = " ".join(f"{n.short} {n.long}" for n in written(row)).lower()
    for word in ("worst", "failing", "named and shamed"):
        assert word not in text


def test_every_note_has_a_source_and_a_long_text():
    row = replace(BASE, adjusted_segment=3, unadjusted_segment=1, financial_override_applied=True,
                  rank_range=(1, 20), range_source="leaguetables", metrics_scored=5)  # fmt: skip
    for note in written(row):
        assert note.source and len(note.long) > len(note.short)


def test_notes_store_numbers_not_words():
    row = replace(BASE, adjusted_segment=3, unadjusted_segment=1, financial_override_applied=True,
                  league_rank=26, rank_without_override=3, average_score=1.77)  # fmt: skip
    (override,) = [n for n in build_notes(row) if n.kind == "financial_override"]
    assert override.facts["segments_without_override"] == [1]
    assert override.facts["rank_without_override"] == 3
    assert override.facts["quarter"] == "Q1 2025/26"


def test_an_override_inferred_from_a_league_file_says_so_and_may_name_two_segments():
    row = replace(
        BASE, adjusted_segment=3, unadjusted_segment=None, financial_override_applied=True,
        possible_segments=(1, 2), segment_inferred=True, rank_without_override=None,
    )  # fmt: skip
    assert short(row, "financial_override") == (
        "Segment 3 because of the financial override; its average score places it in "
        "segment 1 or 2."
    )
    (note,) = [n for n in written(row) if n.kind == "financial_override"]
    assert "inferred" in note.long and "Trust_in_financial_deficit" in note.source


def test_the_methodology_source_is_the_manual_of_the_quarters_year():
    row = replace(BASE, adjusted_segment=3, unadjusted_segment=1, financial_override_applied=True)
    (note,) = [n for n in written(row) if n.kind == "financial_override"]
    assert note.source.startswith("NHS England, NHS Oversight Framework 2025/26 methodology")
