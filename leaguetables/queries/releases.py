"""Releases as the public may know of them: the calendar of announced ones, published ones with
who had access before, and withdrawn ones with why. A draft is known to no one outside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from leaguetables.models import Release, Revision, TrustTeamMember
from leaguetables.models.releases import ReleaseState
from leaguetables.queries import public

ANNOUNCED = Q(state=ReleaseState.SCHEDULED) | Q(state=ReleaseState.WITHDRAWN)


def calendar() -> list[Release]:
    """Every release the public may know of: announced, published or withdrawn."""
    return list(
        Release.objects.filter(public.public_releases() | ANNOUNCED)
        .select_related("league", "quarter")
        .order_by("-quarter__financial_year", "-quarter__quarter", "league__position")
    )


def release(league_slug: str, year: int, number: int) -> Release:
    """One release the public may know of (an editor previews drafts too); Release.DoesNotExist
    otherwise."""
    known = Q() if public.viewer().editor else public.public_releases() | ANNOUNCED
    found = (
        Release.objects.filter(known)
        .select_related("league", "quarter")
        .get(league__slug=league_slug, quarter__financial_year=year, quarter__quarter=number)
    )
    public.note_previewed([(found.state, found.scheduled_at)])
    return found


def withdrawn(league_slug: str, year: int, number: int) -> Release | None:
    """A withdrawn release, so that its old addresses can say why they are empty."""
    return (
        Release.objects.filter(state=ReleaseState.WITHDRAWN)
        .select_related("league", "quarter")
        .filter(league__slug=league_slug, quarter__financial_year=year, quarter__quarter=number)
        .first()
    )


@dataclass(frozen=True)
class Access:
    """A trust's team that could see the release before it was public, from when."""

    trust_code: str
    trust_name: str
    since: datetime
    members: int


def pre_release_access(release: Release) -> list[Access]:
    """The teams of the release's trusts who had it in preview before its public instant."""
    public_from = release.public_since() or timezone.now()
    found: dict[int, Access] = {}
    for member in (
        TrustTeamMember.objects.filter(trust__quarters__release=release, since__lt=public_from)
        .select_related("trust")
        .distinct()
        .order_by("since")
    ):
        name = release.trust_quarters.filter(trust=member.trust).values_list("name", flat=True)
        since = max(member.since, release.created_at)
        held = found.get(member.trust_id)
        found[member.trust_id] = Access(
            member.trust.ods_code, held.trust_name if held else next(iter(name), ""),
            min(held.since, since) if held else since, (held.members if held else 0) + 1,
        )  # fmt: skip
    return sorted(found.values(), key=lambda access: access.trust_name)


@dataclass(frozen=True)
class Change:
    """A published value the release's files replaced."""

    trust_code: str
    trust_name: str
    quarter_label: str
    quarter_slug: str
    field: str
    old: str
    new: str
    file: str


def changes(release: Release) -> list[Change]:
    """What the release's files revised of what was published before them."""
    return [
        Change(
            r.trust_quarter.trust.ods_code,
            r.trust_quarter.name,
            r.trust_quarter.quarter.label,
            r.trust_quarter.quarter.slug,
            r.field,
            r.old_value,
            r.new_value,
            r.import_record.file_name,
        )  # fmt: skip
        for r in Revision.objects.filter(
            import_record__league=release.league, import_record__quarters=release.quarter
        )
        .select_related("trust_quarter__trust", "trust_quarter__quarter", "import_record")
        .order_by("trust_quarter__name", "id")
    ]
