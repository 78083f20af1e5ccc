"""Metrics as each league's files define them, every published result, and how far NHS
England's scores are reproduced from its values."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leaguetables.models.choices import check_choices
from leaguetables.models.organisations import League, Quarter, TrustQuarter
from leaguetables.nof.metric_ids import MetricKind


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    UNKNOWN = "unknown", "Not known"


class Metric(models.Model):
    """One row kind of one league's files in one financial year, as NHS England describes it:
    an OF0xxx value in one unit, an OF1xxx score, an OF40xx domain score, an OF41xx domain
    segment, or an OF5xxx summary figure.

    Defined per league and year because the files define them so: a metric's description,
    sub-domain and units differ between leagues and change between years. A value published in
    two units (the acute infection metrics' rate and count) is two metrics, each with its own
    direction.
    """

    Kind = MetricKind  # the one table of metric-ID kinds
    Direction = Direction

    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="metrics")
    financial_year = models.PositiveSmallIntegerField()  # 2025 for 2025/26
    metric_id = models.CharField(max_length=10)
    units = models.CharField(max_length=60, blank=True)  # the file's Units, as written
    description = models.CharField(max_length=300)
    domain = models.CharField(max_length=100)
    sub_domain = models.CharField(max_length=100, blank=True)
    kind = models.CharField(
        max_length=20, choices=[(k.value, k.value.replace("_", " ")) for k in MetricKind]
    )
    # Read from the data (values against their scores), never from a list.
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.UNKNOWN
    )
    # OF0xxx <-> OF1xxx, where the league's files that year carry both.
    paired_metric_id = models.CharField(max_length=10, blank=True)
    # Whether this metric's score (its own, or its value's) counts in the year's average.
    counts_towards_average = models.BooleanField(default=False)

    class Meta:
        ordering = ["league", "financial_year", "metric_id", "units"]
        constraints = [
            models.UniqueConstraint(
                fields=["league", "financial_year", "metric_id", "units"],
                name="metric_unique_per_league_year_units",
            ),
            check_choices("kind", MetricKind, name="metric_kind_known"),
            check_choices("direction", Direction, name="metric_direction_known"),
        ]
        indexes = [
            # Service pages: one league-year's metrics of one sub-domain.
            models.Index(fields=["league", "financial_year", "sub_domain"], name="metric_service"),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} [{self.units}] {self.description}"


class MetricResult(models.Model):
    """One row of a metric data file: one metric for one trust in one quarter."""

    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="results"
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="results")
    value = models.FloatField(null=True, blank=True)  # empty cell: suppressed / not published
    reporting_period = models.CharField(max_length=80, blank=True)
    median_value = models.FloatField(null=True, blank=True)
    lower_quartile = models.FloatField(null=True, blank=True)
    upper_quartile = models.FloatField(null=True, blank=True)
    published_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey("ImportRecord", on_delete=models.PROTECT, related_name="results_set")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trust_quarter", "metric"], name="metric_result_unique"
            ),
        ]
        indexes = [
            # Metric pages: every trust's result for one metric.
            models.Index(fields=["metric", "trust_quarter"], name="result_by_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} = {self.value}"


class ScoreCheck(models.Model):
    """How many of one metric's published scores NHS England's rule, applied to the published
    values, reproduces in one league-quarter (`nof.scoring.reproduce_published_scores`):
    stored at import so the methodology page states what the data shows."""

    league = models.ForeignKey(League, on_delete=models.CASCADE, related_name="score_checks")
    quarter = models.ForeignKey(Quarter, on_delete=models.CASCADE, related_name="score_checks")
    metric_id = models.CharField(max_length=10)  # the value's ID (OF0xxx)
    description = models.CharField(max_length=300)
    compared = models.PositiveIntegerField()
    exact = models.PositiveIntegerField()
    within_001 = models.PositiveIntegerField()  # includes the exact ones

    class Meta:
        ordering = ["league", "quarter", "metric_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["league", "quarter", "metric_id"], name="score_check_unique"
            ),
            models.CheckConstraint(
                condition=Q(exact__lte=models.F("within_001"))
                & Q(within_001__lte=models.F("compared")),
                name="score_check_counts_nested",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.quarter}: {self.exact}/{self.compared}"
