"""NHS England's real files imported in each test's own order: both files, either order, twice."""

from __future__ import annotations

import pytest

from leaguetables import actions
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE
from tests.test_real_data import as_value, exported, published_league_table

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

LEAGUE = "mental-health-and-community"


def import_real(*paths):
    return [actions.import_file(content=path.read_bytes(), source=path.name) for path in paths]


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


def test_published_ranges_are_shown_as_nhs_englands_once_the_league_file_is_in(shared_data):
    import_real(REAL_DATA_FILE, REAL_LEAGUE_FILE)
    rows = {row["Trust_code"]: row for row in exported()}
    assert rows["RYY"]["Likely_range_of_rank"] == "1 to 11"
    assert rows["RYY"]["Range_source"] == "NHS England"
    q3 = {row["Trust_code"]: row for row in exported("2025-26-q3")}
    assert q3["RYY"]["Range_source"] == "leaguetables"


def test_the_about_pages_state_what_the_real_files_show(shared_data, client):
    from leaguetables.presentation.about import site_facts

    import_real(REAL_DATA_FILE, REAL_LEAGUE_FILE)
    facts = site_facts()
    # The figures are pinned once, by the tests above; the pages show the same computation.
    (q4,) = facts.ranges
    assert (q4.compared, q4.score_close, q4.rank_close) == (61, 61, 61)
    totals = facts.totals
    assert totals["exact"] + totals["within_rounding"] == facts.trust_quarters == 244
    page = " ".join(client.get("/about/methodology/").content.decode().split())
    assert f"{q4.score_close} of {q4.compared} within 0.05" in page
    assert f"{q4.rank_close} of {q4.compared} within 3 places" in page
    assert f"Exact:</strong> {totals['exact']}." in page
    assert f"Within rounding</strong> (0.01 either way): {totals['within_rounding']}." in page
    example = facts.examples["override"].row
    assert f"{example.name} had an average score of {example.average_score:.2f}" in page
    reading = client.get("/about/reading/").content.decode()
    assert facts.examples["range"].row.name in reading
