"""Enum-like text fields, constrained in the database to the values the code knows."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from django.db import models
from django.db.models import Q


def check_choices(
    field: str, values: Iterable[Enum | str], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """A CHECK that `field` holds one of `values` (or "" where `blank`): a value written by hand
    or by an older version of the code cannot slip in."""
    allowed = sorted(
        {v.value if isinstance(v, Enum) else v for v in values} | ({""} if blank else set())
    )
    return models.CheckConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)
