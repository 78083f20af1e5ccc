"""What a league's metrics leave out: the one table of things a reader may assume a league
table measures and that it does not. Pure Python.

Each entry is said only where it is true of the league's own metrics that quarter: an entry
names words that would mark a metric measuring it (a league with a mortality metric is not told
it leaves out mortality), and may name words a league's metrics must have for the entry to make
sense (readmissions are worth saying beside length of stay or discharge). No figures here: the
pages count nothing from this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ALL_LEAGUES = ("acute", "mental-health-and-community", "ambulance", "integrated-care-boards")
NOF_URL = "https://www.england.nhs.uk/nhs-oversight-framework/"


@dataclass(frozen=True)
class LeftOut:
    key: str  # an anchor on the page
    topic: str  # what is left out, in a few words
    text: str  # why it matters, in a sentence
    source: str
    source_url: str
    measured_by: tuple[str, ...]  # a metric description with one of these measures it
    leagues: tuple[str, ...] = ALL_LEAGUES
    beside: tuple[str, ...] = ()  # said only where a metric description has one of these

    def applies(self, league_slug: str, descriptions: Iterable[str]) -> bool:
        if league_slug not in self.leagues:
            return False
        texts = [" ".join(d.split()).lower() for d in descriptions]
        if any(word in text for word in self.measured_by for text in texts):
            return False
        return not self.beside or any(word in text for word in self.beside for text in texts)


LEFT_OUT: tuple[LeftOut, ...] = (
    LeftOut(
        "outcomes",
        "Outcomes of care, such as mortality",
        "None of the metrics this league is scored on counts how many patients die or recover "
        "after their care.",
        "NHS England, NHS Oversight Framework 2025/26 metrics, as published in the league's files",
        NOF_URL,
        measured_by=("mortality", "death", "survival", "shmi"),
    ),
    LeftOut(
        "restrictive-practice",
        "Restraint and other restrictive practice",
        "No metric of this league counts the use of restraint, seclusion or segregation on "
        "mental health wards, though NHS England publishes these every month in its Mental "
        "Health Services Monthly Statistics.",
        "NHS England, Mental Health Services Monthly Statistics",
        "https://digital.nhs.uk/data-and-information/publications/statistical/"
        "mental-health-services-monthly-statistics",
        measured_by=("restrain", "restrictive", "seclusion", "segregation"),
        leagues=("mental-health-and-community",),
    ),
    LeftOut(
        "readmissions",
        "Readmissions beside length of stay",
        "The league measures how long patients stay or how soon they leave, but not how many "
        "come back: a shorter stay that ends in a return to hospital counts only as a shorter "
        "stay.",
        "NHS England, NHS Oversight Framework 2025/26 metrics, as published in the league's files",
        NOF_URL,
        measured_by=("readmi", "re-admi"),
        beside=("length of stay", "discharge"),
    ),
    LeftOut(
        "population-health",
        "Population health and health inequalities",
        "NHS England assesses some metrics on these but does not score them, so they move no "
        "segment or rank.",
        "NHS England, NHS Oversight Framework 2025/26 (summarised by NHS Providers, June 2025)",
        "https://nhsproviders.org/resources/nhs-oversight-framework-202526",
        measured_by=(),
    ),
)


def left_out(league_slug: str, descriptions: Iterable[str]) -> list[LeftOut]:
    """What this league's metrics (their descriptions, as its files write them) leave out."""
    found = list(descriptions)
    return [entry for entry in LEFT_OUT if entry.applies(league_slug, found)]
