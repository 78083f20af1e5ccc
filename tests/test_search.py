"""Find by place: trust name, ODS code, town (ODS address) and local authority served (OHID's
catchments, 2021 district names included); each result says why it matched; no result gives
suggestions; a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leaguetables import actions
from leaguetables.actions import reference
from leaguetables.presentation import search as trust_search
from tests import nof_files
from tests.conftest import REAL_DATA_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data():
    reference.load_reference()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_kirklees_lists_the_acute_trusts_serving_it_with_the_share_of_their_catchment(
    client, reference_data
):
    page = trust_search.search("Kirklees")
    assert [r.code for r in page.elsewhere][:2] == ["RWY", "RXF"]
    rwy = page.elsewhere[0]
    assert rwy.name == "Calderdale and Huddersfield NHS Foundation Trust"
    assert rwy.reasons == (trust_search.Reason.SERVES,) and not rwy.in_league
    assert rwy.served[0].place == "Kirklees" and rwy.served[0].share == pytest.approx(
        0.514, abs=1e-3
    )
    shown = text(client.get("/trusts/?q=Kirklees"))
    assert "51.4% of the trust's catchment population lives in Kirklees" in shown
    assert "not of the place's patients" in shown
    assert "Matched by local authority served" in shown and "not in a published league" in shown


def test_scarborough_a_district_until_2023_lists_the_trusts_serving_it(client, reference_data):
    page = trust_search.search("scarborough")
    assert page.places[0].now_part_of == "North Yorkshire"
    codes = [r.code for r in page.elsewhere]
    assert codes[0] == "RCB"  # York and Scarborough, by the share it draws from the district
    assert set(page.elsewhere[0].reasons) == {trust_search.Reason.NAME, trust_search.Reason.SERVES}
    assert {"RTR", "RWA"} <= set(codes)
    shown = text(client.get("/trusts/?q=Scarborough"))
    assert "a district until March 2023, now part of North Yorkshire" in shown
    assert "of the trust's catchment population lives in Scarborough" in shown


def test_a_2024_authority_adds_up_the_shares_of_its_former_districts(reference_data):
    page = trust_search.search("North Yorkshire")
    rcb = next(r for r in page.elsewhere if r.code == "RCB")
    scarborough = next(r for r in trust_search.search("Scarborough").elsewhere if r.code == "RCB")
    assert rcb.served[0].share > scarborough.served[0].share


@pytest.mark.realdata
def test_with_the_real_files_wakefield_lists_rxg_by_the_town_of_its_address(
    client, shared_data, reference_data
):
    actions.import_file(content=REAL_DATA_FILE.read_bytes(), source=REAL_DATA_FILE.name)
    page = trust_search.search("Wakefield")
    rxg = next(r for r in page.found if r.code == "RXG")
    assert rxg.reasons == (trust_search.Reason.TOWN,) and rxg.town == "Wakefield"
    assert rxg.in_league and rxg.href == "/trusts/RXG/"
    # Mid Yorkshire's acute hospitals serve Wakefield; no league here holds them.
    assert "RXF" in [r.code for r in page.elsewhere]
    shown = text(client.get("/trusts/?q=Wakefield"))
    assert "South West Yorkshire Partnership NHS Foundation Trust" in shown
    assert "Matched by town" in shown
    huddersfield = trust_search.search("Huddersfield")
    assert [r.code for r in huddersfield.elsewhere] == ["RWY"]


def test_public_trusts_still_match_by_name_and_code(client, reference_data):
    actions.import_file(content=nof_files.data_file(nof_files.trust_rows()), source="d.csv")
    page = trust_search.search("Ashcombe")
    assert page.found and all(trust_search.Reason.NAME in r.reasons for r in page.found)
    assert client.get("/trusts/?q=zz2")["Location"] == "/trusts/ZZ2/"


def test_no_result_suggests_near_names_and_how_to_search(client, reference_data):
    assert trust_search.search("Kirkleez").suggestions[0] == "Kirklees"
    shown = text(client.get("/trusts/?q=Scarbrough"))
    assert "0 trusts matching" in shown and "Did you mean: Scarborough" in shown
    assert "Search by a trust's name" in shown
    assert "Did you mean" not in text(client.get("/trusts/?q=qqqqqqqq"))


def test_search_works_without_reference_data(client):
    shown = text(client.get("/trusts/?q=Kirklees"))
    assert "0 trusts matching" in shown and "Search by a trust's name" in shown


def test_ods_names_read_as_names():
    assert trust_search.ods_name("SHEFFIELD CHILDREN'S NHS FOUNDATION TRUST") == (
        "Sheffield Children's NHS Foundation Trust"
    )
    assert trust_search.ods_name("THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST") == (
        "The Newcastle Upon Tyne Hospitals NHS Foundation Trust"
    )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# Pinned: the public search (2), places and districts (2), catchment shares (1), successions (1),
# ODS trusts (1), public names of what they found (1), the search box's examples from the data
# held (4); nothing found: + the vocabulary of suggestions (3).
SEARCH_QUERIES, NOTHING_FOUND_QUERIES = 12, 15


def test_search_reads_a_fixed_number_of_queries_whatever_it_finds(client, reference_data):
    actions.import_file(content=nof_files.data_file(nof_files.trust_rows()), source="d.csv")
    for query in ("Kirklees", "Scarborough", "Ashcombe", "London", "RXG"):
        assert count(client, f"/trusts/?q={query}") == SEARCH_QUERIES, query
    assert count(client, "/trusts/?q=qqqqqqqq") == NOTHING_FOUND_QUERIES


@pytest.mark.realdata
def test_a_draft_trust_is_not_found_in_a_league_by_its_town(client, shared_data, reference_data):
    actions.import_file(content=REAL_DATA_FILE.read_bytes(), source=REAL_DATA_FILE.name,
                        draft=True)  # fmt: skip
    page = trust_search.search("Wakefield")
    assert "RXG" not in [r.code for r in page.found]
    # ODS's list is public: the trust is still named, as in no published league, with no link.
    rxg = next(r for r in page.elsewhere if r.code == "RXG")
    assert not rxg.in_league and rxg.href == ""
    assert 'href="/trusts/RXG/"' not in client.get("/trusts/?q=Wakefield").content.decode()


def test_a_one_letter_query_names_no_place_by_a_part_of_its_name(reference_data):
    page = trust_search.search("a")
    assert not page.places and not page.elsewhere
    assert "Kingston upon Hull, City of" in [p.name for p in trust_search.search("Hull").places]


def test_a_trust_in_a_league_serves_a_place_under_its_predecessors_code(reference_data):
    from leaguetables.models import CatchmentShare, TrustSuccession

    actions.import_file(content=nof_files.data_file(nof_files.trust_rows()), source="d.csv")
    # ZZ1 (a test trust) succeeded RWY, whose OHID catchment is mostly Kirklees.
    CatchmentShare.objects.filter(trust_code="ZZ1").delete()
    TrustSuccession.objects.create(old_code="RWY", new_code="ZZ1", succeeded_on="2023-04-01")
    page = trust_search.search("Kirklees")
    zz1 = next(r for r in page.found if r.code == "ZZ1")
    assert zz1.reasons == (trust_search.Reason.SERVES,) and zz1.in_league
    assert zz1.served[0].share == pytest.approx(0.514, abs=1e-3)


def test_the_search_box_examples_come_from_the_data_held(client, reference_data):
    empty = " ".join(client.get("/trusts/").content.decode().split())
    assert "RXG" not in empty  # no trust is in a league yet: none is offered
    actions.import_file(content=nof_files.data_file(nof_files.trust_rows()), source="d.csv")
    page = " ".join(client.get("/trusts/").content.decode().split())
    first = min(nof_files.trust_rows(), key=lambda r: r["Trust_code"])["Trust_code"]
    assert f"“{first}”" in page and "RXG" not in page
    from leaguetables.models import FormerDistrict

    district = FormerDistrict.objects.order_by("name").first().name  # Allerdale, as shipped
    assert f"“{district}” (district names from before April 2023 work too)" in page
    nothing = " ".join(client.get("/trusts/?q=qqqqqqqq").content.decode().split())
    assert f"its ODS code (“{first}”)" in nothing
