"""What "public" means, said once: `public_rows` is the condition every public read builds on.

Today every imported trust-quarter is public, with its approved notes; an embargo is a change
here and nowhere else.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from leaguetables.models import ContextNote, TrustQuarter


def public_rows(prefix: str = "") -> Q:
    """THE definition of public, for TrustQuarter rows reached through `prefix` (e.g.
    "trust_quarter__" from a MetricResult): every imported row is public today."""
    return Q()


def trust_quarters() -> QuerySet[TrustQuarter]:
    return TrustQuarter.objects.filter(public_rows())


def notes() -> QuerySet[ContextNote]:
    """Automatic notes, and written ones once an editor approved them."""
    return ContextNote.objects.filter(approved=True).order_by("position", "id")


def league_quarter_is_public() -> Exists:
    """For a model with `league` and `quarter`: whether that league-quarter has public rows."""
    return Exists(trust_quarters().filter(league=OuterRef("league"), quarter=OuterRef("quarter")))
