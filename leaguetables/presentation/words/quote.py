"""The sentence a journalist can paste: it names the trust, the league, the quarter, the rank and
its likely range with whose estimate it is, and the context a rank alone leaves out (the
financial override and why, specialist status and how many metrics the rank rests on), so that
once pasted it still stays inside the evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from leaguetables.nof.notes import NoteKind, RangeSource
from leaguetables.presentation.words.general import either, ordinal, rank_range_text, rank_text

if TYPE_CHECKING:
    from leaguetables.presentation.league import LeagueRow

SITE_NAME = "leaguetables"
OUR_ESTIMATE = f"an estimate by {SITE_NAME} from NHS England's data"
NHS_ENGLAND_ESTIMATE = "NHS England's estimate"
OVERRIDE_WHY = "because it was in financial deficit or receiving deficit support"


def range_attribution(source: str) -> str:
    """Whose likely range it is, in words that stay true when quoted away from this site."""
    return NHS_ENGLAND_ESTIMATE if source == RangeSource.NHS_ENGLAND else OUR_ESTIMATE


def _facts(row: LeagueRow, kind: NoteKind) -> Mapping[str, Any] | None:
    return next((note.facts for note in row.notes if note.kind == kind), None)


def _override(row: LeagueRow) -> str:
    if not row.override_applied:
        return ""
    text = f" NHS England's financial override placed it in segment 3 {OVERRIDE_WHY}"
    facts = _facts(row, NoteKind.FINANCIAL_OVERRIDE) or {}
    segments = facts.get("segments_without_override") or (
        [row.segment_without_override] if row.segment_without_override else []
    )
    if segments:
        basis = "average score" if row.override_inferred else "scores"
        text += f"; on its {basis} alone it would be in segment {either(segments)}"
        if row.rank_without_override:
            text += f" and rank {ordinal(row.rank_without_override)}"
    return text + "."


def _basis(row: LeagueRow) -> str:
    """Specialist status and how many metrics the rank rests on (N, and the league's M where a
    note recorded it)."""
    specialist = _facts(row, NoteKind.SPECIALIST)
    counted = specialist or _facts(row, NoteKind.FEW_METRICS) or {}
    scored, usual = counted.get("metrics_scored", row.metrics_scored), counted.get("usual_metrics")
    if scored is None:
        basis = ""
    elif usual:
        basis = f"{scored} metrics, where other trusts in its league are scored on up to {usual}"
    else:
        basis = f"{scored} metrics"
    if specialist:
        text = f" It is a specialist trust ({specialist['subtype']})"
        if specialist.get("no_urgent_care"):
            text += " with no A&E"
        return text + (f", and its rank rests on {basis}." if basis else ".")
    return f" Its rank rests on {basis}." if basis else ""


def quote_sentence(row: LeagueRow) -> str:
    """What a journalist can paste, attributed; "" for a trust without a rank."""
    if row.rank is None:
        return ""
    text = (
        f"{row.trust.name} was ranked {rank_text(row.rank, row.tied)} of {row.league_size} "
        f"{row.league_name[:1].lower()}{row.league_name[1:]} in NHS England's NHS Oversight "
        f"Framework league table for {row.quarter.label}"
    )
    if row.rank_range:
        text += (
            f" (likely range {rank_range_text(*row.rank_range)}, "
            f"{range_attribution(row.range_source)})"
        )
    if row.segment is not None:
        text += f", in segment {row.segment}"
    text += "."
    if row.final_segment == 5:
        text += " It is in NHS England's Recovery Support Programme (segment 5)."
    return text + _override(row) + _basis(row)
