"""The typed rows every page, download and chart is built from: numbers, booleans, dates and
typed notes; never words. Words are applied last, by templates and `words`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from leaguetables.models import ImportRecord, Quarter, TrustQuarter
from leaguetables.nof.notes import KIND_LABELS
from leaguetables.presentation import words

NOF_SOURCE_URL = "https://www.england.nhs.uk/nhs-oversight-framework/"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The numbers are NHS England's; the notes and derived figures ours, labelled as such.
LICENCE_TEXT = (
    f"NHS England's data under the {LICENCE}; context notes and derived figures by "
    "leaguetables, from NHS England's data"
)
LAST = 10**6  # sorts missing numbers after every real one


@dataclass(frozen=True)
class QuarterRef:
    label: str  # "Q4 2025/26"
    slug: str  # "2025-26-q4"
    financial_year: int
    number: int
    published_on: date | None
    restated_on: date | None = None

    @classmethod
    def of(cls, quarter: Quarter) -> QuarterRef:
        return cls(quarter.label, quarter.slug, quarter.financial_year, quarter.quarter,
                   quarter.published_on, quarter.restated_on)  # fmt: skip


LABELS = {kind.value: label for kind, label in KIND_LABELS.items()}


class Note:
    """A context note as a reader sees it, with the facts behind an automatic one. The short
    text is written at once; the long text and the source when first read (a league table of
    hundreds of notes shows only the short ones)."""

    def __init__(self, note: words.Note, automatic: bool):
        self._stored = note
        self.kind = note.kind
        self.label = LABELS[note.kind]
        self.short = words.note_short(note)
        self.automatic = automatic
        # An automatic note's facts; a trust statement's date and trust.
        self.facts: Mapping[str, Any] = note.facts or {}

    @classmethod
    def of(cls, note: words.Note) -> Note:
        return cls(note, bool(getattr(note, "automatic", False)))

    @cached_property
    def _detail(self) -> tuple[str, str]:
        return words.note_detail(self._stored)

    @property
    def long(self) -> str:
        return self._detail[0]

    @property
    def source(self) -> str:
        return self._detail[1]

    def as_dict(self) -> dict[str, Any]:
        """As the JSON downloads and the API carry it."""
        found: dict[str, Any] = {"kind": self.kind, "short": self.short, "long": self.long,
                                 "source": self.source}  # fmt: skip
        if self.facts:
            found["facts"] = dict(self.facts)
        return found


@dataclass(frozen=True)
class TrustRef:
    """A trust as one quarter published it."""

    code: str
    name: str
    subtype: str
    region: str

    @classmethod
    def of(cls, tq: TrustQuarter) -> TrustRef:
        return cls(tq.trust.ods_code, tq.name, tq.subtype, tq.region)

    @property
    def sort_key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Source:
    """A file a table's numbers came from."""

    file_name: str
    kind: str  # "metric_data", "league_table"
    sha256: str
    href: str
    imported_at: datetime

    @classmethod
    def of(cls, record: ImportRecord) -> Source:
        href = record.source if record.source.startswith("https://") else NOF_SOURCE_URL
        return cls(record.file_name, record.kind, record.sha256, href, record.imported_at)

    @property
    def kind_label(self) -> str:
        return {"metric_data": "Metric data file", "league_table": "League table file"}.get(
            self.kind, self.kind
        )


def sources_text(sources: list[Source]) -> str:
    """The source cell of every downloaded row: NHS England's files by name."""
    files = "; ".join(source.file_name for source in sources)
    return f"NHS England, NHS Oversight Framework: {files}" if files else "NHS England"


@dataclass(frozen=True)
class TableMeta:
    """What every download says about itself: which table, when published, from what."""

    table: str  # "league", "trust", "service", "metric"
    league_slug: str
    league_name: str
    quarter: QuarterRef
    sources: tuple[Source, ...]
    illustrative: bool
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def source_text(self) -> str:
        return sources_text(list(self.sources))
