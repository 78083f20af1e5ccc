"""Every file imported, and every published value a later file replaced."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from leaguetables.models.choices import check_choices
from leaguetables.models.organisations import League, Quarter, TrustQuarter
from leaguetables.nof.files import FileKind

SHA256_HEX_DIGITS = 64


class ImportRecord(models.Model):
    """Every distinct file imported (by sha256): an identical file again is not imported twice."""

    Kind = FileKind

    source = models.CharField(max_length=500)  # file name or URL
    sha256 = models.CharField(max_length=SHA256_HEX_DIGITS, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=[(FileKind.METRIC_DATA.value, "Metric data file"),
                 (FileKind.LEAGUE_TABLE.value, "League table file")],
    )  # fmt: skip
    league = models.ForeignKey(League, on_delete=models.PROTECT, related_name="imports")
    # The quarters the file's rows are for: a later metric data file restates earlier ones.
    quarters = models.ManyToManyField(Quarter, related_name="imports")
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_added = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    reproduction_summary = models.TextField(blank=True)
    # Fictional demo data made by `make_demo_data`: every page then says "illustrative data".
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            check_choices("kind", FileKind, name="import_kind_known"),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), SHA256_HEX_DIGITS),
                name="import_sha256_is_64_digits",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="import_source_named"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.imported_at:%Y-%m-%d %H:%M})"

    @property
    def file_name(self) -> str:
        return self.source.rsplit("/", 1)[-1]


class Revision(models.Model):
    """A published value that a later file replaced: the history of what was published when."""

    import_record = models.ForeignKey(
        ImportRecord, on_delete=models.CASCADE, related_name="revisions"
    )
    trust_quarter = models.ForeignKey(
        TrustQuarter, on_delete=models.CASCADE, related_name="revisions"
    )
    # "OF0005 [%] value" or "league table league_rank": what changed, in the file's words.
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
