"""NHS England's real mental health and community files, reproduced to the last cell."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from leaguetables import actions
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.nof import rules
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

LEAGUE = "mental-health-and-community"


def import_real(*paths):
    return [actions.import_file(content=path.read_bytes(), source=path.name) for path in paths]


def published_league_table() -> dict[str, dict[str, str]]:
    with REAL_LEAGUE_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {row["Trust_code"]: row for row in csv.DictReader(handle)}


def exported(quarter: str = "2025-26-q4") -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("export_league", league=LEAGUE, quarter=quarter, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def as_value(column: str, text: str) -> object:
    """Compare cells as values: "1.0" == "1", "1.2 to 1.89" == "1.20 to 1.89"."""
    if " to " in text:
        return tuple(float(part) for part in text.split(" to "))
    try:
        return float(text)
    except ValueError:
        return text


@pytest.mark.parametrize(
    "order",
    [(REAL_DATA_FILE, REAL_LEAGUE_FILE), (REAL_LEAGUE_FILE, REAL_DATA_FILE)],
    ids=["data-then-league", "league-then-data"],
)
def test_export_reproduces_nhs_englands_q4_league_table(shared_data, order):
    first = import_real(*order)
    again = import_real(*order)
    assert all(result.already_imported for result in again)
    assert not any(r.changed for r in first), "the two files disagree somewhere"
    published = published_league_table()
    rows = exported()
    assert len(rows) == 61 == len(published)
    assert list(rows[0])[:12] == list(next(iter(published.values())))
    for row in rows:
        expected = published[row["Trust_code"]]
        for column, text in expected.items():
            assert as_value(column, row[column]) == as_value(column, text), (
                f"{row['Trust_code']} {column}: {row[column]!r} != {text!r}"
            )
    # Same order as NHS England's file: rank, then name within a tie.
    assert [r["Trust_code"] for r in rows] == list(published)


def test_league_rank_segments_and_override_match_every_summary_row(shared_data):
    import_real(REAL_DATA_FILE)
    league = League.objects.get(slug=LEAGUE)
    overrides = {}
    for quarter in Quarter.objects.all():
        tqs = list(TrustQuarter.objects.in_league(league, quarter).select_related("trust"))
        assert len(tqs) == 61
        derived = rules.league_ranks(
            {tq.trust.ods_code: tq.adjusted_segment for tq in tqs},
            {tq.trust.ods_code: tq.average_score for tq in tqs},
        )
        for tq in tqs:
            assert derived[tq.trust.ods_code] == tq.league_rank, tq
            assert tq.adjusted_segment == rules.apply_override(
                tq.unadjusted_segment, tq.in_financial_deficit
            ), tq
        overrides[quarter.label] = sum(tq.financial_override_applied for tq in tqs)
        flagged = sum(bool(tq.in_financial_deficit) for tq in tqs)
        assert flagged == {1: 19, 2: 18, 3: 16, 4: 12}[quarter.quarter]
    assert overrides == {"Q1 2025/26": 7, "Q2 2025/26": 6, "Q3 2025/26": 5, "Q4 2025/26": 2}


def test_reproduction_check_finds_every_average_exact_or_within_rounding(shared_data):
    results = import_real(REAL_DATA_FILE)
    statuses = Counter(TrustQuarter.objects.values_list("reproduction", flat=True))
    assert statuses["discrepancy"] == 0
    assert statuses["exact"] + statuses["within_rounding"] == 244
    assert statuses == {"exact": 231, "within_rounding": 13}
    assert all("0 discrepancies" in line for line in results[0].reproduction)


def test_worked_examples_from_the_product_brief(shared_data):
    import_real(REAL_DATA_FILE)
    q1 = TrustQuarter.objects.filter(quarter__quarter=1)
    rxg = q1.get(trust__ods_code="RXG")
    assert (rxg.average_score, rxg.unadjusted_segment, rxg.adjusted_segment) == (1.77, 1, 3)
    assert rxg.league_rank == 26 and rxg.financial_override_applied
    assert q1.get(trust__ods_code="RNK").metrics_scored == 5
    assert q1.get(trust__ods_code="RYW").metrics_scored == 6
    q2 = TrustQuarter.objects.filter(quarter__quarter=2)
    assert q2.get(trust__ods_code="RP7").league_rank == q2.get(trust__ods_code="RY2").league_rank
