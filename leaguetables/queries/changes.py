"""What changed in each league's latest public quarter: the home page's summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q

from leaguetables.models import Quarter
from leaguetables.queries import public


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One trust's movement in its league's latest quarter, as stored at import."""

    league_id: int
    code: str
    name: str
    rank: int | None
    previous_rank: int | None
    segment: int | None
    previous_segment: int | None
    segment_change: str  # nof.movement.SegmentChange value, "" in a league's first quarter
    beyond_noise: bool | None


def latest_changes(latest: Mapping[int, Quarter]) -> list[ChangeRow]:
    """Every public row of each league's latest quarter (`latest_quarters()`): one query,
    however many leagues and trusts."""
    if not latest:
        return []
    where = Q()
    for league_id, quarter in latest.items():
        where |= Q(league_id=league_id, quarter_id=quarter.pk)
    found, releases = [], []
    for *values, state, scheduled_at in (
        public.trust_quarters()
        .filter(where)
        .order_by("league_id", "league_rank", "name")
        .values_list(
            "league_id", "trust__ods_code", "name", "league_rank", "previous_rank",
            "adjusted_segment", "previous_segment", "segment_change", "movement_beyond_noise",
            "release__state", "release__scheduled_at",
        )
    ):  # fmt: skip
        found.append(ChangeRow(*values))
        releases.append((state, scheduled_at))
    public.note_previewed(releases)
    return found
