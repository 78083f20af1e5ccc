"""Filters for the league table, with django-filter: region, subtype, segment, override, recovery
support. Choices come from the league-quarter shown, so no filter offers an empty result."""

from __future__ import annotations

import django_filters
from django import forms

from leaguetables.models import TrustQuarter

YES_NO = [("yes", "Yes"), ("no", "No")]


class LeagueFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(field_name="region", label="Region")
    subtype = django_filters.ChoiceFilter(field_name="subtype", label="Type of trust")
    segment = django_filters.ChoiceFilter(
        field_name="adjusted_segment",
        label="Segment",
        choices=[(str(s), f"Segment {s}") for s in (1, 2, 3, 4)],
    )
    override = django_filters.ChoiceFilter(
        label="Moved down by the financial override", choices=YES_NO, method="filter_yes_no"
    )
    recovery = django_filters.ChoiceFilter(
        label="In the Recovery Support Programme (segment 5)",
        choices=YES_NO,
        method="filter_yes_no",
    )

    FLAGS = {"override": "financial_override_applied", "recovery": "recovery_support"}

    class Meta:
        model = TrustQuarter
        fields: list[str] = []

    def __init__(self, *args, regions: list[str], subtypes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = [(r, r) for r in regions]
        self.filters["subtype"].extra["choices"] = [(s, s) for s in subtypes]

    def filter_yes_no(self, queryset, name: str, value: str):
        flag = self.FLAGS[name]
        if value == "yes":
            return queryset.filter(**{flag: True})
        return queryset.exclude(**{flag: True})

    @property
    def active(self) -> bool:
        return any(self.form.cleaned_data.get(name) for name in self.filters)

    def errors_text(self) -> str:
        form: forms.Form = self.form
        return "; ".join(
            f"{self.filters[name].label}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        )

    def applied(self) -> dict[str, str]:
        """The filters in use, as validated: what a download says it was filtered by."""
        return {name: str(value) for name, value in self.form.cleaned_data.items() if value}
