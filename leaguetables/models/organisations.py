"""Leagues, quarters, trusts, and one trust's published results in one quarter."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leaguetables.models.choices import check_choices
from leaguetables.nof import years
from leaguetables.nof.movement import SegmentChange
from leaguetables.nof.notes import RangeSource
from leaguetables.nof.rules import Reproduction


class League(models.Model):
    """A league as `nof.leagues` names it; rows are created by the importer from that table."""

    slug = models.SlugField(unique=True)  # acute, mental-health-and-community, ambulance
    name = models.CharField(max_length=100)  # "Mental health and community trusts"
    trust_type = models.CharField(max_length=100)  # Trust_type as NHS England writes it now
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Quarter(models.Model):
    financial_year = models.PositiveSmallIntegerField()  # 2025 for 2025/26
    quarter = models.PositiveSmallIntegerField()
    published_on = models.DateField(null=True, blank=True)
    # When NHS England published the latest file that restates this quarter's figures (a later
    # quarter's file carries the earlier ones): what the pages show is as that file has them.
    restated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["financial_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "quarter"], name="quarter_unique_year_quarter"
            ),
            # Quarters of a financial year are Q1 (Apr-Jun) to Q4 (Jan-Mar).
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_number_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> tuple[int, int]:
        return self.financial_year, self.quarter

    @property
    def label(self) -> str:
        """As NHS England writes it: "Q4 2025/26"."""
        return f"Q{self.quarter} {self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        return f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}-q{self.quarter}"

    @property
    def rules(self) -> years.YearRules:
        """The NOF rules of this quarter's financial year."""
        return years.rules_for(self.financial_year)

    @staticmethod
    def parse_slug(slug: str) -> tuple[int, int]:
        """ "2025-26-q4" -> (2025, 4); ValueError on anything else."""
        parts = slug.lower().split("-")
        if len(parts) != 3 or not parts[2].startswith("q"):
            raise ValueError(f"not a quarter: {slug!r}")
        if not all(part.isascii() and part.isdigit() for part in (*parts[:2], parts[2][1:])):
            raise ValueError(f"not a quarter: {slug!r}")
        year, following, quarter = int(parts[0]), int(parts[1]), int(parts[2][1:])
        if following != (year + 1) % 100 or not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
            raise ValueError(f"not a quarter: {slug!r}")
        return year, quarter


class Trust(models.Model):
    """A trust by its ODS code. Its name, region and subtype are what each quarter published
    (TrustQuarter); pages take them from its latest public quarter. A trust that closes or
    merges keeps its history under its own code."""

    ods_code = models.CharField(max_length=10, unique=True)
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="trusts")

    class Meta:
        ordering = ["ods_code"]

    def __str__(self) -> str:
        return self.ods_code


class TrustQuarter(models.Model):
    """One trust in one quarter: what NHS England's summary rows and league file said."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="trust_quarters")
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="trust_quarters")
    # The league-quarter's release: whether (and from when) this row is public.
    release = models.ForeignKey("Release", on_delete=models.PROTECT, related_name="trust_quarters")
    # As published that quarter: names and subtypes change.
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=100)
    subtype = models.CharField(max_length=100)
    trust_type = models.CharField(max_length=100)

    average_score = models.FloatField(null=True, blank=True)  # OF5002
    average_score_rank = models.PositiveSmallIntegerField(null=True, blank=True)  # OF5002 Rank
    unadjusted_segment = models.PositiveSmallIntegerField(null=True, blank=True)  # OF5003
    adjusted_segment = models.PositiveSmallIntegerField(null=True, blank=True)  # OF5000
    in_financial_deficit = models.BooleanField(null=True, blank=True)  # OF5004
    final_segment = models.PositiveSmallIntegerField(null=True, blank=True)  # OF5005, incl. 5
    recovery_support = models.BooleanField(null=True, blank=True)  # OF5007
    league_rank = models.PositiveSmallIntegerField(null=True, blank=True)  # OF5000 Rank / file
    # Published in league files from Q3 2025/26 on.
    published_score_low = models.FloatField(null=True, blank=True)
    published_score_high = models.FloatField(null=True, blank=True)
    published_rank_low = models.PositiveSmallIntegerField(null=True, blank=True)
    published_rank_high = models.PositiveSmallIntegerField(null=True, blank=True)

    # Derived at import, from the stored metric scores.
    metrics_scored = models.PositiveSmallIntegerField(null=True, blank=True)
    recomputed_average = models.FloatField(null=True, blank=True)
    reproduction = models.CharField(
        max_length=20,
        choices=[(r.value, r.value.replace("_", " ")) for r in Reproduction],
        default=Reproduction.NOT_CHECKED.value,
    )
    financial_override_applied = models.BooleanField(default=False)
    # True where the override was inferred from a league table file alone (`nof.league_file`).
    override_inferred = models.BooleanField(default=False)
    # The published domain segments (OF41xx) by domain name, for the league table's row.
    domain_segments = models.JSONField(default=dict, blank=True)

    # Derived at import: honest statistics (nof.uncertainty and nof.counterfactuals).
    likely_score_low = models.FloatField(null=True, blank=True)
    likely_score_high = models.FloatField(null=True, blank=True)
    likely_rank_low = models.PositiveSmallIntegerField(null=True, blank=True)
    likely_rank_high = models.PositiveSmallIntegerField(null=True, blank=True)
    segment_probabilities = models.JSONField(default=dict, blank=True)  # {"1": 0.62, ...}
    segment_without_override = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_without_override = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_among_non_specialist = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_without_finance = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_leave_one_out_best = models.PositiveSmallIntegerField(null=True, blank=True)
    rank_leave_one_out_worst = models.PositiveSmallIntegerField(null=True, blank=True)
    # The metric whose absence gives the best and the worst of those ranks.
    leave_one_out_best_metric = models.CharField(max_length=10, blank=True)
    leave_one_out_worst_metric = models.CharField(max_length=10, blank=True)
    # Movement since the previous quarter, and the metrics that moved it.
    previous_average_score = models.FloatField(null=True, blank=True)
    previous_segment = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    movement_beyond_noise = models.BooleanField(null=True, blank=True)
    # What changed the segment, if it changed ("" when there is no previous quarter).
    segment_change = models.CharField(
        max_length=60, blank=True, choices=[(c.value, c.value) for c in SegmentChange]
    )
    movement_contributions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["quarter", "league_rank"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "quarter"], name="trust_quarter_unique"),
            models.CheckConstraint(
                condition=Q(adjusted_segment__isnull=True)
                | Q(adjusted_segment__gte=1, adjusted_segment__lte=4),
                name="trust_quarter_adjusted_segment_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(unadjusted_segment__isnull=True)
                | Q(unadjusted_segment__gte=1, unadjusted_segment__lte=4),
                name="trust_quarter_unadjusted_segment_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(final_segment__isnull=True)
                | Q(final_segment__gte=1, final_segment__lte=5),
                name="trust_quarter_final_segment_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(published_rank_low__isnull=True)
                | Q(published_rank_low__lte=models.F("published_rank_high")),
                name="trust_quarter_published_rank_range_ordered",
            ),
            check_choices("reproduction", Reproduction, name="trust_quarter_reproduction_known"),
            # Blank: no previous quarter to compare with.
            check_choices(
                "segment_change", SegmentChange, blank=True, name="trust_quarter_change_known"
            ),
        ]
        indexes = [
            # The league table page: one league, one quarter, in rank order.
            models.Index(fields=["league", "quarter", "league_rank"], name="tq_league_table"),
        ]

    def __str__(self) -> str:
        return f"{self.trust.ods_code} {self.quarter.label}"

    @property
    def range_source(self) -> str:
        return range_source(self)

    @property
    def rank_range(self) -> tuple[int, int] | None:
        return rank_range(self)

    @property
    def score_range(self) -> tuple[float, float] | None:
        return score_range(self)


def range_source(row) -> str:
    """Whose likely range of rank we show: NHS England's where published, else ours. `row` is
    a TrustQuarter or anything with its published_* and likely_* fields."""
    if row.published_rank_low is not None:
        return RangeSource.NHS_ENGLAND.value
    if row.likely_rank_low is not None:
        return RangeSource.OURS.value
    return ""


def rank_range(row) -> tuple[int, int] | None:
    if row.published_rank_low is not None and row.published_rank_high is not None:
        return row.published_rank_low, row.published_rank_high
    if row.likely_rank_low is not None and row.likely_rank_high is not None:
        return row.likely_rank_low, row.likely_rank_high
    return None


def score_range(row) -> tuple[float, float] | None:
    if row.published_score_low is not None and row.published_score_high is not None:
        return row.published_score_low, row.published_score_high
    if row.likely_score_low is not None and row.likely_score_high is not None:
        return row.likely_score_low, row.likely_score_high
    return None
