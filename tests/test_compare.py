"""Two to four trusts of one league side by side: the page, its downloads, its refusals, a
fixed number of reads, and nothing a draft holds."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leaguetables import actions
from leaguetables.models import Release
from leaguetables.models.releases import ReleaseState
from tests import nof_files

pytestmark = pytest.mark.django_db

ACUTE = "Acute trust"


@pytest.fixture
def two_quarters():
    for number in (1, 2):
        rows = nof_files.trust_rows(f"Q{number} 2025/26")
        actions.import_file(content=nof_files.data_file(rows), source=f"data-q{number}.csv")


@pytest.fixture
def other_league(two_quarters):
    """One acute trust (code ZZ9), so that a mixed request has two leagues to refuse."""
    rows = [
        {**row, "Trust_code": "ZZ9", "Trust_name": "Quillon Hospitals NHS Trust"}
        for row in nof_files.trust_rows("Q1 2025/26", trust_type=ACUTE)
        if row["Trust_code"] == "ZZ1"
    ]
    actions.import_file(content=nof_files.data_file(rows), source="acute.csv")


@pytest.mark.parametrize("codes", ["ZZ1,ZZ2", "ZZ1,ZZ2,ZZ3", "zz3, zz1 ,ZZ2"])
def test_two_or_three_trusts_are_compared_side_by_side(client, two_quarters, codes):
    response = client.get(f"/compare/?trusts={codes}")
    assert response.status_code == 200
    html = response.content.decode()
    count = len(codes.split(","))
    assert f"Compare {count} trusts" in html
    for name in ("Ashcombe Community Health", "Brindlemoor Mental Health")[: min(count, 2)]:
        assert name in html
    assert "Segment 3" in html  # ZZ2 is moved down by the override
    assert "Waits over 52 weeks" in html and "Crisis response" in html
    assert "Q2 2025/26" in html and "Q1 2025/26" in html  # latest shown, history of both


def test_four_trusts_and_checkbox_style_queries_are_compared(client, other_league):
    rows = [
        {**row, "Trust_code": "ZZ4", "Trust_name": "Dunmore Care NHS Trust"}
        for row in nof_files.trust_rows("Q2 2025/26")
        if row["Trust_code"] == "ZZ3"
    ]
    actions.import_file(content=nof_files.data_file(rows), source="zz4.csv")
    response = client.get("/compare/?trusts=ZZ1&trusts=ZZ2&trusts=ZZ3&trusts=ZZ4")
    assert response.status_code == 200
    assert "Compare 4 trusts" in response.content.decode()


def test_duplicate_codes_count_once(client, two_quarters):
    assert client.get("/compare/?trusts=ZZ1,zz1,ZZ1").status_code == 400
    response = client.get("/compare/?trusts=ZZ1,ZZ2,zz2")
    assert response.status_code == 200
    assert "Compare 2 trusts" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", "trusts=", "trusts=ZZ1", "trusts=ZZ1,ZZ2,ZZ3,ZZ4,ZZ5", "trusts=ZZ1,QQ7",
     "trusts=ZZ1,%3Cscript%3E", "trusts=ZZ1,ZZ2,ZZ3,ZZ4,ZZ1,ZZ6"],
)  # fmt: skip
def test_other_counts_unknown_codes_and_quarters_are_a_400_in_plain_words(
    client, two_quarters, query
):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>" not in html
    assert "trusts" in html or "ODS code" in html or "quarter" in html.lower()


@pytest.mark.parametrize("quarter", ["2030-31-q1", "bogus"])
def test_a_quarter_none_of_them_was_published_in_is_a_404(client, two_quarters, quarter):
    assert client.get(f"/compare/?trusts=ZZ1,ZZ2&quarter={quarter}").status_code == 404


def test_trusts_of_different_leagues_are_refused_with_a_reason(client, other_league):
    response = client.get("/compare/?trusts=ZZ1,ZZ9")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Only trusts of one league can be compared" in html
    assert "ZZ9 is in acute trusts" in html


def test_an_earlier_quarter_is_chosen_by_its_slug(client, two_quarters):
    response = client.get("/compare/?trusts=ZZ1,ZZ2&quarter=2025-26-q1")
    assert response.status_code == 200
    assert "Mental health and community trusts, Q1 2025/26" in response.content.decode()


def test_csv_download_has_every_trusts_metrics_with_caveats_and_no_formulas(client, two_quarters):
    actions.import_file(content=nof_files.data_file(), source="again.csv")
    response = client.get("/compare/?trusts=ZZ1,ZZ2&download=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('compare-ZZ1-ZZ2-2025-26-q2.csv"')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Trust_code"] for r in rows} == {"ZZ1", "ZZ2"}
    assert len(rows) == 4  # two trusts, two metrics each
    first = rows[0]
    assert first["Metric_ID"] == "OF0005" and first["Value"] == "2.0" and first["Score"] == "1.0"
    assert "Caveat" in first and first["Licence"].startswith("NHS England's data")
    zz2 = next(r for r in rows if r["Trust_code"] == "ZZ2")
    assert zz2["Segment"] == "3" and "financial_override" in zz2["Context_notes"]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())


def test_json_download_carries_numbers_as_numbers_and_what_it_is(client, two_quarters):
    response = client.get("/compare/?trusts=ZZ2,ZZ1&download=json")
    payload = json.loads(response.content)
    assert payload["table"] == "compare" and payload["trusts"] == ["ZZ2", "ZZ1"]
    assert payload["quarter"] == "2025-26-q2"
    first = payload["rows"][0]
    assert first["Trust_code"] == "ZZ2" and first["Score"] == 2.0 and first["Rank"] == 2
    assert isinstance(first["Context_notes"], list)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_number_of_reads_does_not_grow_with_the_trusts_compared(client, two_quarters):
    rows = [
        {**row, "Trust_code": "ZZ4", "Trust_name": "Dunmore Care NHS Trust"}
        for row in nof_files.trust_rows("Q2 2025/26")
        if row["Trust_code"] == "ZZ3"
    ]
    actions.import_file(content=nof_files.data_file(rows), source="zz4.csv")
    two = count_queries(client, "/compare/?trusts=ZZ1,ZZ2")
    four = count_queries(client, "/compare/?trusts=ZZ1,ZZ2,ZZ3,ZZ4")
    assert two == four == 10
    assert count_queries(client, "/compare/?trusts=ZZ1,ZZ2&download=csv") == 10


def test_a_draft_quarter_is_invisible_to_the_public(client, two_quarters):
    rows = nof_files.trust_rows("Q3 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q3.csv", draft=True)
    assert Release.objects.filter(state=ReleaseState.DRAFT).exists()
    html = client.get("/compare/?trusts=ZZ1,ZZ2").content.decode()
    assert "Q2 2025/26" in html and "Q3 2025/26" not in html
    assert client.get("/compare/?trusts=ZZ1,ZZ2&quarter=2025-26-q3").status_code == 404
    payload = json.loads(client.get("/compare/?trusts=ZZ1,ZZ2&download=json").content)
    assert payload["quarter"] == "2025-26-q2"


def test_a_trust_only_in_a_draft_is_unknown_to_the_public(client, two_quarters):
    rows = [
        {**row, "Trust_code": "ZZ5", "Trust_name": "Embargoed Health NHS Trust"}
        for row in nof_files.trust_rows("Q3 2025/26")
        if row["Trust_code"] == "ZZ3"
    ]
    actions.import_file(content=nof_files.data_file(rows), source="zz5.csv", draft=True)
    response = client.get("/compare/?trusts=ZZ1,ZZ5")
    assert response.status_code == 400
    assert b"Embargoed" not in response.content


def test_trust_pages_and_search_results_lead_to_the_compare_page(client, two_quarters):
    trust = client.get("/trusts/ZZ2/").content.decode()
    assert 'action="/compare/"' in trust and 'name="trusts" value="ZZ2"' in trust
    found = client.get("/trusts/?q=trust").content.decode()
    assert 'action="/compare/"' in found and 'name="trusts"' in found
