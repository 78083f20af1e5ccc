"""What a trust team's own pages read: its trusts and their previews, and its statements and
reports with the editors' answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from leaguetables.models import DataReport, Statement, Trust, TrustQuarter
from leaguetables.nof import metric_ids
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.queries import public
from leaguetables.queries.public import Scope


@dataclass(frozen=True)
class TeamTrust:
    code: str
    name: str
    public: list[TrustQuarter]  # quarters the public sees
    previews: list[TrustQuarter]  # quarters only the team (and editors) see yet


def trust_by_code(code: str) -> Trust:
    return Trust.objects.get(ods_code__iexact=code)


def team_trusts(trust_ids: Iterable[int]) -> list[TeamTrust]:
    rows: dict[int, list[TrustQuarter]] = {}
    for tq in (
        public.trust_quarters(Scope.TRUST)
        .filter(trust_id__in=list(trust_ids))
        .select_related("trust", "quarter", "league", "release")
        .order_by("quarter__financial_year", "quarter__quarter")
    ):
        rows.setdefault(tq.trust_id, []).append(tq)
    found = [
        TeamTrust(
            history[-1].trust.ods_code,
            history[-1].name,
            [tq for tq in history if tq.release.is_public()],
            [tq for tq in history if not tq.release.is_public()],
        )
        for history in rows.values()
    ]
    return sorted(found, key=lambda trust: trust.name)


def statements_of(user: AbstractBaseUser) -> list[Statement]:
    """The statements of every trust this user's teams speak for, newest first."""
    return list(
        Statement.objects.filter(trust_quarter__trust__team_members__user=user)
        .select_related("trust_quarter__quarter", "trust_quarter__trust")
        .order_by("-submitted_at")
    )


def reports_of(user: AbstractBaseUser) -> list[DataReport]:
    return list(
        DataReport.objects.filter(trust_quarter__trust__team_members__user=user)
        .select_related("trust_quarter__quarter", "trust_quarter__trust")
        .order_by("-reported_at")
    )


def trust_metric_choices(trust_quarters: Sequence[TrustQuarter]) -> list[tuple[str, str]]:
    """The metrics a trust's quarters were published with, as (ID, "ID: description")."""
    found: dict[str, tuple[str, str]] = {}  # key -> (the ID a reader knows, description)
    for metric_id, description in (
        public.trust_quarters(Scope.TRUST)
        .filter(pk__in=[tq.pk for tq in trust_quarters])
        .filter(results__metric__kind__in=[MetricKind.VALUE, MetricKind.SCORE])
        .values_list("results__metric__metric_id", "results__metric__description")
        .distinct()
    ):
        key = metric_ids.metric_key(metric_id)
        if key not in found or metric_ids.is_value(metric_id):
            found[key] = (metric_id, description)
    return [(shown, f"{shown}: {description}") for shown, description in sorted(found.values())]
