"""Small database helpers shared by the writers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models


def update_each(objects: Iterable[models.Model], fields: Sequence[str]) -> None:
    """Save some fields of many rows, one UPDATE each.

    Django's bulk_update builds a CASE per field per row: for 134 rows of 25 derived fields it
    spent ~0.4 s compiling SQL; one small UPDATE per row takes a few milliseconds in all.
    """
    for obj in objects:
        type(obj)._default_manager.filter(pk=obj.pk).update(
            **{name: getattr(obj, name) for name in fields}
        )
