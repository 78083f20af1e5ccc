"""What a metric does not show, said beside it wherever it appears: one caveat per league and
metric, seeded from fixtures/metric_caveats.csv and kept by editors (actions.caveats)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from leaguetables.nof import metric_ids
from leaguetables.nof.leagues import LEAGUES

LEAGUE_CHOICES = [(league.slug, league.name) for league in LEAGUES]


def validate_metric_id(value: str) -> None:
    if not metric_ids.is_metric_id(value) or metric_ids.pair_of(value) is None:
        raise ValidationError(f"{value!r} is not a metric's value or score ID (OF0xxx or OF1xxx)")


class MetricCaveat(models.Model):
    """A caveat on one metric of one league, whatever the year: the metric is known by the ID
    its value and score meet under (OF0xxx), so a score-only metric's caveat (OF1067) is kept
    under OF0067 too. Keyed by the league's slug, not a row, so the seed can be loaded before
    the first import creates the league."""

    league = models.SlugField(choices=LEAGUE_CHOICES)
    metric_id = models.CharField(max_length=10, validators=[validate_metric_id])
    text = models.TextField(
        max_length=600, help_text="What the metric does not show, in plain words."
    )
    source = models.CharField(max_length=300, help_text="Where this is said, by name.")
    source_url = models.URLField(blank=True)
    # Loaded from the fixture file (and so refreshed by the next load) or written by an editor
    # (and then kept as the editor left it).
    from_file = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["league", "metric_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["league", "metric_id"], name="caveat_unique_per_metric"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.league} {self.metric_id}: {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        if metric_ids.is_metric_id(self.metric_id) and metric_ids.pair_of(self.metric_id):
            self.metric_id = metric_ids.metric_key(self.metric_id)
        super().save(*args, **kwargs)
