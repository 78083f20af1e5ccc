"""What NHS England published, stored faithfully, and what we derive from it.

Published numbers are kept as published (floats that round-trip NHS England's text); derived
figures sit beside them under their own names, never over them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leaguetables.nof import rules


class League(models.Model):
    slug = models.SlugField(unique=True)  # acute, mental-health-and-community, ambulance
    name = models.CharField(max_length=100)  # "Mental health and community trusts"
    trust_type = models.CharField(max_length=100)  # Trust_type as NHS England writes it now
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class QuarterQuerySet(models.QuerySet):
    def for_slug(self, slug: str) -> Quarter:
        year, quarter = Quarter.parse_slug(slug)
        return self.get(financial_year=year, quarter=quarter)


class Quarter(models.Model):
    financial_year = models.PositiveSmallIntegerField()  # 2025 for 2025/26
    quarter = models.PositiveSmallIntegerField()
    published_on = models.DateField(null=True, blank=True)

    objects = QuarterQuerySet.as_manager()

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
    def label(self) -> str:
        """As NHS England writes it: "Q4 2025/26"."""
        return f"Q{self.quarter} {self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        return f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}-q{self.quarter}"

    @staticmethod
    def parse_slug(slug: str) -> tuple[int, int]:
        """ "2025-26-q4" -> (2025, 4); ValueError on anything else."""
        parts = slug.lower().split("-")
        if len(parts) != 3 or not parts[2].startswith("q"):
            raise ValueError(f"not a quarter: {slug!r}")
        year, following, quarter = int(parts[0]), int(parts[1]), int(parts[2][1:])
        if following != (year + 1) % 100 or not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
            raise ValueError(f"not a quarter: {slug!r}")
        return year, quarter


class Trust(models.Model):
    """A trust by its ODS code. Name, region and subtype here are the latest published; what each
    quarter said is kept on TrustQuarter."""

    ods_code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=100)
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="trusts")
    subtype = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


class Metric(models.Model):
    """A metric as published: OF0xxx value, OF1xxx score, OF40xx domain score, OF41xx domain
    segment, OF5xxx summary."""

    class Kind(models.TextChoices):
        VALUE = "value", "Metric value"
        SCORE = "score", "Metric score"
        DOMAIN_SCORE = "domain_score", "Domain score"
        DOMAIN_SEGMENT = "domain_segment", "Domain segment"
        SUMMARY = "summary", "Summary"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        UNKNOWN = "unknown", "Not known"

    metric_id = models.CharField(max_length=10, unique=True)
    description = models.CharField(max_length=300)
    domain = models.CharField(max_length=100)
    sub_domain = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.CharField(max_length=60, blank=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.UNKNOWN
    )
    # OF0xxx <-> OF1xxx: a value and its score share their last three digits.
    paired_metric_id = models.CharField(max_length=10, blank=True)
    counts_towards_average = models.BooleanField(default=False)

    class Meta:
        ordering = ["metric_id"]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.description}"

    @property
    def scored_in_average(self) -> bool:
        """Whether this metric's score (its own, or its value's pair) counts in the average."""
        if self.kind == self.Kind.SCORE:
            return self.counts_towards_average
        return bool(self.paired_metric_id) and rules.counts_towards_average(self.paired_metric_id)


class TrustQuarterQuerySet(models.QuerySet):
    def in_league(self, league: League, quarter: Quarter) -> TrustQuarterQuerySet:
        return self.filter(league=league, quarter=quarter)

    def ranked(self) -> TrustQuarterQuerySet:
        return self.order_by(models.F("league_rank").asc(nulls_last=True), "name")


class TrustQuarter(models.Model):
    """One trust in one quarter: what NHS England's summary rows and league file said."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="trust_quarters")
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="trust_quarters")
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
    financial_override_applied = models.BooleanField(default=False)
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
    reproduction = models.CharField(max_length=20, default="not_checked")
    # The published domain segments (OF41xx) by domain name, for the league table's row.
    domain_segments = models.JSONField(default=dict, blank=True)

    # Derived at import: honest statistics (leaguetables.nof.uncertainty and counterfactuals).
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
    # Movement since the previous quarter, and the metrics that moved it.
    previous_average_score = models.FloatField(null=True, blank=True)
    previous_segment = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    movement_beyond_noise = models.BooleanField(null=True, blank=True)
    # What changed the segment, if it changed: nof.movement.SegmentChange's value.
    segment_change = models.CharField(max_length=60, blank=True)
    movement_contributions = models.JSONField(default=list, blank=True)

    objects = TrustQuarterQuerySet.as_manager()

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
        ]
        indexes = [
            # The league table page: one league, one quarter, in rank order.
            models.Index(fields=["league", "quarter", "league_rank"], name="tq_league_table"),
        ]

    def __str__(self) -> str:
        return f"{self.trust.ods_code} {self.quarter.label}"

    @property
    def range_source(self) -> str:
        """Whose likely range of rank we show: NHS England's where published, else ours."""
        if self.published_rank_low is not None:
            return "NHS England"
        if self.likely_rank_low is not None:
            return "leaguetables"
        return ""

    @property
    def rank_range(self) -> tuple[int, int] | None:
        if self.published_rank_low is not None and self.published_rank_high is not None:
            return self.published_rank_low, self.published_rank_high
        if self.likely_rank_low is not None and self.likely_rank_high is not None:
            return self.likely_rank_low, self.likely_rank_high
        return None

    @property
    def score_range(self) -> tuple[float, float] | None:
        if self.published_score_low is not None and self.published_score_high is not None:
            return self.published_score_low, self.published_score_high
        if self.likely_score_low is not None and self.likely_score_high is not None:
            return self.likely_score_low, self.likely_score_high
        return None


class MetricResultQuerySet(models.QuerySet):
    def current(self) -> MetricResultQuerySet:
        return self.select_related("metric")


class MetricResult(models.Model):
    """One row of a metric data file: one metric for one trust in one quarter."""

    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="results"
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="results")
    # Part of the identity: acute infection metrics are published twice, as a rate and a count.
    units = models.CharField(max_length=60)
    value = models.FloatField(null=True, blank=True)  # empty cell: suppressed / not published
    reporting_period = models.CharField(max_length=80, blank=True)
    median_value = models.FloatField(null=True, blank=True)
    lower_quartile = models.FloatField(null=True, blank=True)
    upper_quartile = models.FloatField(null=True, blank=True)
    published_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey("ImportRecord", on_delete=models.PROTECT, related_name="results_set")

    objects = MetricResultQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trust_quarter", "metric", "units"], name="metric_result_unique_units"
            ),
        ]
        indexes = [
            # Metric pages: every trust's result for one metric.
            models.Index(fields=["metric", "trust_quarter"], name="result_by_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.metric.metric_id} {self.units} = {self.value}"


class ImportRecord(models.Model):
    """Every distinct file imported (by sha256): an identical file again is not imported twice."""

    class Kind(models.TextChoices):
        METRIC_DATA = "metric_data", "Metric data file"
        LEAGUE_TABLE = "league_table", "League table file"

    source = models.CharField(max_length=500)  # file name or URL
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="imports")
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_added = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    quarters = models.CharField(max_length=200, blank=True)  # "Q1 2025/26, Q2 2025/26"
    reproduction_summary = models.TextField(blank=True)
    # Fictional demo data made by `make_demo_data`: every page then says "illustrative data".
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-imported_at"]
        indexes = [
            # "Has this exact file been imported before?"
            models.Index(fields=["sha256"], name="import_by_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.imported_at:%Y-%m-%d %H:%M})"


class Revision(models.Model):
    """A published value that a later file replaced: the history of what was published when."""

    import_record = models.ForeignKey(
        ImportRecord, on_delete=models.CASCADE, related_name="revisions"
    )
    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="revisions"
    )
    # "OF0005 [%] Value" or "league file Rank": what changed, in the file's own words.
    field = models.CharField(max_length=120)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    previous_source = models.ForeignKey(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["import_record", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"


class ContextNote(models.Model):
    """A short, typed, sourced statement shown beside a ranking and carried into every export."""

    class Kind(models.TextChoices):
        FINANCIAL_OVERRIDE = "financial_override", "Financial override"
        SPECIALIST = "specialist", "Specialist trust"
        FEW_METRICS = "few_metrics", "Few metrics"
        UNCERTAINTY = "uncertainty", "Uncertainty"
        MOVEMENT = "movement", "Movement"
        RECOVERY_SUPPORT = "recovery_support", "Recovery support"
        DATA = "data", "Data"
        EDITORIAL = "editorial", "Editorial note"
        TRUST_STATEMENT = "trust_statement", "Statement from the trust"

    AUTOMATIC_KINDS = frozenset(
        {
            "financial_override",
            "specialist",
            "few_metrics",
            "uncertainty",
            "movement",
            "recovery_support",
            "data",
        }
    )

    trust_quarter = models.ForeignKey(TrustQuarter, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    short_text = models.CharField(max_length=300)
    long_text = models.TextField()
    source = models.CharField(max_length=300)
    automatic = models.BooleanField(default=False, editable=False)
    # Editorial notes and trust statements appear once an editor approves them.
    approved = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            # Automatic notes are derived from data, never typed: they are approved by nature.
            models.CheckConstraint(
                condition=Q(automatic=False) | Q(approved=True),
                name="context_note_automatic_is_approved",
            ),
        ]
        indexes = [
            # Notes for a league table: every approved note of a league-quarter's rows.
            models.Index(fields=["trust_quarter", "approved", "position"], name="note_by_row"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.short_text}"
