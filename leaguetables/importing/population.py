"""The `population` context note of a league-quarter, derived from the reference data.

A trust gets the note when its catchment's weighted IMD 2025 score is among the most deprived
fifth of the league-quarter's trusts that have a catchment (`nof.population`). Derived at every
import (from `importing.notes.refresh`) and again by `load_reference`, so the note always agrees
with the reference data the site holds.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from leaguetables.models import (
    CatchmentShare,
    ContextNote,
    League,
    LocalAuthority,
    OdsTrust,
    Quarter,
    TrustQuarter,
    TrustSuccession,
)
from leaguetables.nof import population
from leaguetables.nof.notes import NoteKind

# After the notes derived from NHS England's files (at most seven), before none of them.
NOTE_POSITION = 20


def areas() -> dict[str, population.Area]:
    return {
        code: population.Area(code, name, score, {"Rural": True, "Urban": False}.get(ruc))
        for code, name, score, ruc in LocalAuthority.objects.values_list(
            "code", "name", "imd_average_score", "ruc"
        )
    }


def successions() -> list[population.Succession]:
    return [
        population.Succession(old, new, on)
        for old, new, on in TrustSuccession.objects.values_list(
            "old_code", "new_code", "succeeded_on"
        )
    ]


def closed() -> dict[str, date]:
    return dict(
        OdsTrust.objects.filter(closed_on__isnull=False).values_list("ods_code", "closed_on")
    )


def catchments(codes: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Shares by 2024 local authority code, by trust code (every trust when `codes` is None)."""
    rows = CatchmentShare.objects.all()
    if codes is not None:
        rows = rows.filter(trust_code__in=codes)
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for code, area, share in rows.values_list("trust_code", "local_authority__code", "proportion"):
        found[code][area] = found[code].get(area, 0.0) + share
    return dict(found)


def weighted_league(codes: list[str], on: date | None) -> dict[str, population.Weighted]:
    """Each trust's catchment-weighted figures, for the trusts that have a catchment."""
    known_successions = successions()
    wanted = set(codes) | {s.old_code for s in known_successions}
    shares = catchments(sorted(wanted))
    places = areas()
    shut = closed()
    found = {}
    for code in codes:
        resolved = population.resolve(code, shares, known_successions, shut, on)
        if resolved is not None:
            found[code] = population.weigh(resolved, places)
    return found


def refresh(trust_quarters: list[TrustQuarter], league: League, quarter: Quarter) -> None:
    """Replace the population notes of a league-quarter's rows."""
    ContextNote.objects.filter(trust_quarter__in=trust_quarters, kind=NoteKind.POPULATION).delete()
    if not trust_quarters or not CatchmentShare.objects.exists():
        return
    codes = [tq.trust.ods_code for tq in trust_quarters]
    weighted = weighted_league(codes, population.first_day(*quarter.key))
    places = population.placings({code: w.imd_score for code, w in weighted.items()})
    notes = []
    for tq in trust_quarters:
        placing = places.get(tq.trust.ods_code)
        if placing is None or placing.fifth != 1:
            continue
        figures = weighted[tq.trust.ods_code]
        notes.append(
            ContextNote(
                trust_quarter=tq,
                kind=NoteKind.POPULATION.value,
                facts={
                    "quarter": quarter.label,
                    "league": league.name,
                    "imd_score": round(figures.imd_score, 2),  # type: ignore[arg-type]
                    "position": placing.position,
                    "of": placing.of,
                    "catchment_code": figures.source_code,
                    "illustrative": CatchmentShare.objects.filter(
                        trust_code=figures.source_code, illustrative=True
                    ).exists(),
                },
                automatic=True,
                approved=True,
                position=NOTE_POSITION,
            )
        )
    ContextNote.objects.bulk_create(notes)


def refresh_all() -> int:
    """Population notes of every league-quarter again; returns how many there are."""
    for league in League.objects.all():
        by_quarter: dict[int, list[TrustQuarter]] = defaultdict(list)
        for tq in TrustQuarter.objects.filter(league=league).select_related("trust", "quarter"):
            by_quarter[tq.quarter_id].append(tq)
        for rows in by_quarter.values():
            refresh(rows, league, rows[0].quarter)
    return ContextNote.objects.filter(kind=NoteKind.POPULATION).count()
