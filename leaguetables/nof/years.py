"""The NOF rules of each financial year, side by side, chosen by the quarter's year.

A new year's rules are added here beside the old ones, never over them, so that an older quarter
is always read by the rules it was published under. What a year changes is data in its
`YearRules`; the arithmetic that does not change (rounding, competition rank, cut-points) is in
`rules`. Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from leaguetables.nof import metric_ids


class Segmentation(StrEnum):
    # Segment 1 is the best quarter of the average scores; the cut-points are close to the
    # quartiles of every trust of every league pooled (checked on the 2025/26 files).
    QUARTILES = "quartiles"
    # Average scores map to segments by thresholds NHS England defines in advance.
    THRESHOLDS = "thresholds"


@dataclass(frozen=True, eq=False)  # one object per year: compared by identity
class YearRules:
    financial_year: int  # 2025 for 2025/26
    source: str
    segmentation: Segmentation
    # Metric scores published for information only, left out of the average.
    excluded_from_average: frozenset[str]
    # Metrics that weigh less than one whole metric in the average (default 1).
    metric_weights: Mapping[str, float]
    # The leagues segmented and ranked that year (nof.leagues slugs).
    leagues: tuple[str, ...]
    # The thresholds 1|2, 2|3, 3|4 where NHS England has published them; else None, and the
    # cut-points are those its published segments imply (`rules.implied_cut_points`).
    defined_thresholds: tuple[float, float, float] | None = None
    # The financial override: a trust in deficit or on deficit support in one of these segments
    # is moved down to `override_segment`.
    overridden_segments: frozenset[int] = frozenset({1, 2})
    override_segment: int = 3
    # What this project assumes about the year where NHS England has not yet said: shown on
    # the methodology page beside the rules.
    assumptions: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """As NHS England writes a year: "2025/26"."""
        return f"{self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    def counts_towards_average(self, metric_id: str) -> bool:
        return metric_ids.is_score(metric_id) and metric_id not in self.excluded_from_average

    def weight(self, metric_id: str) -> float:
        return self.metric_weights.get(metric_id, 1.0)

    def counted_scores(self, scores: Mapping[str, float | None]) -> dict[str, float]:
        """The metric scores an average rests on: counting metrics that were scored. A metric
        not submitted, suppressed or for a service the trust does not run has no score (None,
        or 0 in NHS England's files) and is left out, never counted as zero."""
        return {
            metric_id: score
            for metric_id, score in scores.items()
            if self.counts_towards_average(metric_id) and score is not None and score > 0
        }

    def average_score(self, scores: Mapping[str, float | None]) -> float | None:
        """The (weighted) mean of a trust's counted scores, unrounded (OF5002 before rounding);
        None when nothing was scored."""
        counted = self.counted_scores(scores)
        if not counted:
            return None
        total = sum(self.weight(metric_id) for metric_id in counted)
        return sum(self.weight(m) * score for m, score in counted.items()) / total

    def metrics_scored(self, scores: Mapping[str, float | None]) -> int:
        """How many metrics the average rests on."""
        return len(self.counted_scores(scores))

    def apply_override(self, unadjusted_segment: int, in_financial_deficit: bool) -> int:
        """The adjusted segment: a trust in deficit cannot be above the override segment."""
        if in_financial_deficit and unadjusted_segment in self.overridden_segments:
            return self.override_segment
        return unadjusted_segment

    def override_applied(
        self, unadjusted_segment: int | None, adjusted_segment: int | None
    ) -> bool:
        """Whether the override moved a trust down, read from its two published segments."""
        if unadjusted_segment is None or adjusted_segment is None:
            return False
        return (
            unadjusted_segment in self.overridden_segments
            and adjusted_segment == self.override_segment
        )

    def thresholds(self, implied: Sequence[float]) -> tuple[float, float, float]:
        """The thresholds to segment a recomputed average by: the year's defined ones where
        published, else those implied by the quarter's published segments."""
        low, middle, high = self.defined_thresholds or tuple(implied)
        return low, middle, high


# The two finance components are published for information only: the combined finance score
# OF1080 stands for them in the average, so counting them would count finance three times.
FINANCE_COMPONENTS = frozenset({"OF1079", "OF1081"})
# The three healthcare-associated infection metrics (MRSA, C. difficile, E. coli) weigh one third
# each in the acute average. No acute file has been seen here: these IDs follow the metric
# specification's numbering and the reproduction check flags it if a real file disagrees.
INFECTION_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"OF1046": 1 / 3, "OF1048": 1 / 3, "OF1088": 1 / 3}
)

NOF_2025_26 = YearRules(
    financial_year=2025,
    source="NHS England, NHS Oversight Framework 2025/26 methodology manual (June 2025)",
    segmentation=Segmentation.QUARTILES,
    excluded_from_average=FINANCE_COMPONENTS,
    metric_weights=INFECTION_WEIGHTS,
    leagues=("acute", "mental-health-and-community", "ambulance"),
)

NOF_2026_27 = YearRules(
    financial_year=2026,
    source="NHS England, NHS Oversight Framework 2026/27 methodology manual",
    segmentation=Segmentation.THRESHOLDS,
    excluded_from_average=FINANCE_COMPONENTS,
    metric_weights=INFECTION_WEIGHTS,
    leagues=("acute", "mental-health-and-community", "ambulance", "integrated-care-boards"),
    assumptions=(
        "NHS England has not yet published the thresholds that map average scores to "
        "segments: until it does, we use the cut-points its published segments imply.",
        "The adjustment step that follows the financial override is not yet published: we "
        "read it as the 2025/26 override (segments 1 and 2 moved down to 3).",
        "Which finance scores count towards the average is not yet published: we leave out "
        "the two finance components, as in 2025/26.",
    ),
)

YEARS: Mapping[int, YearRules] = MappingProxyType(
    {rules.financial_year: rules for rules in (NOF_2025_26, NOF_2026_27)}
)


class UnknownYear(ValueError):
    """A quarter of a financial year whose rules are not written down here yet."""


def rules_for(financial_year: int) -> YearRules:
    """The rules a quarter of `financial_year` was published under.

    A year without rules here is refused rather than read by another year's: add its
    `YearRules` beside the others first.
    """
    try:
        return YEARS[financial_year]
    except KeyError:
        label = f"{financial_year}/{(financial_year + 1) % 100:02d}"
        known = ", ".join(rules.label for rules in YEARS.values())
        raise UnknownYear(f"no NOF rules for {label} yet (known: {known})") from None
