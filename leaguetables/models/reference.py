"""Reference data about trusts and places, loaded from `fixtures/` by `load_reference`.

Not NHS England's NOF numbers: who each trust is (NHS ODS), whom each acute trust serves
(OHID catchments), and the places' deprivation (IMD 2025) and rurality (RUC 2021). A trust code
here is a plain code, not a `Trust`: ODS lists every NHS trust, most of which no published
league holds.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class OdsTrust(models.Model):
    """One NHS trust as NHS ODS lists it ("etr"), open or closed."""

    ods_code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)  # upper case, as ODS writes it
    region_code = models.CharField(max_length=5, blank=True)  # Y56 ... Y63
    icb_code = models.CharField(max_length=5, blank=True)
    address = models.CharField(max_length=400, blank=True)  # the address lines, joined
    town = models.CharField(max_length=100, blank=True)  # the last non-empty address line
    postcode = models.CharField(max_length=10, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["ods_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="ods_trust_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ods_code} {self.name}"


class TrustSuccession(models.Model):
    """A trust-level predecessor -> successor record from ODS (to 2022)."""

    old_code = models.CharField(max_length=10)
    new_code = models.CharField(max_length=10)
    succeeded_on = models.DateField()

    class Meta:
        ordering = ["succeeded_on", "old_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_code"], name="trust_succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(old_code=F("new_code")), name="trust_succession_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} -> {self.new_code} ({self.succeeded_on})"


class LocalAuthority(models.Model):
    """A lower-tier local authority by its 2024 code, with its IMD 2025 and RUC 2021 figures."""

    code = models.CharField(max_length=9, unique=True)  # E06000001
    name = models.CharField(max_length=100)
    # IMD 2025 local authority summaries: average score (higher = more deprived) and its rank
    # (1 = most deprived). England only: Welsh authorities have a classification but no IMD.
    imd_average_score = models.FloatField(null=True, blank=True)
    imd_rank_of_average_score = models.PositiveSmallIntegerField(null=True, blank=True)
    ruc = models.CharField(max_length=10, blank=True)  # "Urban", "Rural"; blank: unclassified
    ruc_classification = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ruc__in=["", "Urban", "Rural"]), name="local_authority_ruc_known"
            ),
            models.CheckConstraint(
                condition=Q(imd_average_score__isnull=True) | Q(imd_average_score__gte=0),
                name="local_authority_imd_score_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FormerDistrict(models.Model):
    """A 2021 district merged in April 2023 (e.g. Scarborough into North Yorkshire): kept so a
    reader can still search by its name."""

    code = models.CharField(max_length=9, unique=True)  # 2021 code
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="former_districts"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} (now {self.local_authority.name})"


class CatchmentShare(models.Model):
    """The share of an acute trust's catchment population living in one 2021 district, as OHID
    published it; or, on the demo, an illustrative share of a fictional trust."""

    trust_code = models.CharField(max_length=10)  # OHID's 2022 code (or a demo code)
    district_code = models.CharField(max_length=9)  # 2021 code, as published
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="catchment_shares"
    )  # the 2024 authority the district is now part of
    proportion = models.FloatField()
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["trust_code", "-proportion"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust_code", "district_code"], name="catchment_share_unique"
            ),
            models.CheckConstraint(
                condition=Q(proportion__gte=0, proportion__lte=1),
                name="catchment_share_proportion_0_to_1",
            ),
        ]
        indexes = [models.Index(fields=["local_authority"], name="catchment_by_place")]

    def __str__(self) -> str:
        return f"{self.trust_code} {self.district_code} {self.proportion:.4f}"
