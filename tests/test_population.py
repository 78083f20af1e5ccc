"""The population an acute trust serves: the weights (`nof.population`) worked by hand; on the
demo with the reference data loaded, the panel on every acute trust page, the population note
for exactly the most deprived fifth, and what a non-acute trust page says."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from leaguetables.importing import population as derived
from leaguetables.models import CatchmentShare, ContextNote, TrustQuarter
from leaguetables.nof import population
from leaguetables.nof.notes import NoteKind
from leaguetables.nof.population import Area, Resolved, Succession
from tests.test_demo_site import EXPECTED

AREAS = {
    "E1": Area("E1", "Deepdale", 40.0, False),
    "E2": Area("E2", "Hillside", 10.0, True),
    "E3": Area("E3", "Marshton", 20.0, True),
    "W1": Area("W1", "Cymru", None, True),  # a Welsh authority: classified, no English IMD
}


def test_weighted_deprivation_is_the_share_weighted_sum_of_local_authority_scores():
    # 0.5 × 40 + 0.3 × 10 + 0.2 × 20 = 20 + 3 + 4 = 27; rural: 0.3 + 0.2 = 0.5.
    figures = population.weigh(Resolved("RAA", "RAA", {"E1": 0.5, "E2": 0.3, "E3": 0.2}), AREAS)
    assert figures.imd_score == pytest.approx(27.0)
    assert figures.rural_share == pytest.approx(0.5)
    assert figures.covered_share == pytest.approx(1.0)


def test_a_catchment_wholly_in_one_urban_authority_takes_its_score():
    figures = population.weigh(Resolved("RAA", "RAA", {"E1": 1.0}), AREAS)
    assert (figures.imd_score, figures.rural_share) == (40.0, 0.0)


def test_part_of_a_catchment_without_an_imd_score_gives_no_score_rather_than_a_wrong_one():
    # 0.9 in England, 0.1 in Wales: an English-only average of 90% would mislead.
    figures = population.weigh(Resolved("RAA", "RAA", {"E1": 0.9, "W1": 0.1}), AREAS)
    assert figures.imd_score is None
    assert figures.rural_share == pytest.approx(0.1)
    assert figures.covered_share == pytest.approx(0.9)


def test_2021_districts_merged_in_2023_add_their_shares_under_the_2024_code():
    # Scarborough 0.25 and Ryedale 0.15 are both North Yorkshire from April 2023.
    shares = population.to_2024(
        {"E07000168": 0.25, "E07000167": 0.15, "E06000014": 0.6},
        {"E07000168": "E06000065", "E07000167": "E06000065"},
    )
    assert shares == pytest.approx({"E06000065": 0.40, "E06000014": 0.6})


SUCCESSIONS = [
    Succession("OLD", "MID", date(2019, 4, 1)),
    Succession("MID", "NEW", date(2021, 4, 1)),
    Succession("AAA", "TWO", date(2020, 4, 1)),
    Succession("BBB", "TWO", date(2020, 4, 1)),
]
CATCHMENTS = {"OLD": {"E1": 1.0}, "AAA": {"E1": 1.0}, "BBB": {"E2": 1.0}, "OWN": {"E3": 1.0}}


def test_a_trust_with_its_own_catchment_uses_it():
    found = population.resolve("OWN", CATCHMENTS, SUCCESSIONS, {})
    assert found == Resolved("OWN", "OWN", {"E3": 1.0})


def test_a_successor_uses_its_predecessors_catchment_through_a_chain_of_successions():
    found = population.resolve("NEW", CATCHMENTS, SUCCESSIONS, {}, on=date(2025, 4, 1))
    assert found is not None and found.source_code == "OLD"
    assert population.predecessors("NEW", SUCCESSIONS) == ["MID", "OLD"]


def test_a_succession_after_the_quarter_does_not_apply_yet():
    assert population.resolve("NEW", CATCHMENTS, SUCCESSIONS, {}, on=date(2020, 4, 1)) is None


def test_a_merger_of_several_catchments_is_not_added_up_without_populations():
    assert population.resolve("TWO", CATCHMENTS, SUCCESSIONS, {}) is None


def test_a_catchment_of_a_trust_ods_closed_before_the_quarter_is_not_used():
    closed = {"OWN": date(2026, 6, 30)}
    assert population.resolve("OWN", CATCHMENTS, SUCCESSIONS, closed, on=date(2026, 7, 1)) is None
    assert population.resolve("OWN", CATCHMENTS, SUCCESSIONS, closed, on=date(2026, 4, 1))


def test_a_quarter_starts_on_the_first_day_of_its_first_month():
    assert population.first_day(2025, 1) == date(2025, 4, 1)
    assert population.first_day(2025, 4) == date(2026, 1, 1)


def test_the_most_deprived_fifth_of_ten_trusts_is_the_two_highest_scores():
    scores = {f"T{i}": float(i) for i in range(10)}  # T9 most deprived
    places = population.placings(scores)
    assert population.most_deprived_fifth(scores) == {"T9", "T8"}
    assert (places["T9"].position, places["T9"].of, places["T9"].fifth) == (1, 10, 1)
    assert places["T7"].fifth == 2 and places["T0"].fifth == 5


def test_trusts_without_a_score_are_left_out_and_ties_share_a_place():
    scores = {"A": 30.0, "B": 30.0, "C": 10.0, "D": 5.0, "E": 1.0, "F": None}
    places = population.placings(scores)
    assert "F" not in places and places["A"].of == 5
    assert places["A"].position == places["B"].position == 1
    assert population.most_deprived_fifth(scores) == {"A", "B"}  # a tie is not split


def test_with_under_five_trusts_no_catchment_is_in_the_most_deprived_fifth():
    assert population.most_deprived_fifth({"A": 30.0, "B": 20.0, "C": 10.0, "D": 1.0}) == set()


# On the demo site, with the reference data loaded as `make run` loads it -------------------


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        call_command("load_demo", str(folder), stdout=io.StringIO())
        call_command("load_reference", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_every_demo_acute_trust_page_shows_its_illustrative_population_panel(client, demo_site):
    codes = sorted(
        TrustQuarter.objects.filter(league__slug="acute").values_list("trust__ods_code", flat=True)
    )
    assert len(set(codes)) >= 130
    # Illustrative catchments are given to fictional trusts only, and sum to 1.
    invented = CatchmentShare.objects.filter(illustrative=True)
    assert set(invented.values_list("trust_code", flat=True)) == set(codes)
    for code in sorted(set(codes)):
        shown = page_text(client, f"/trusts/{code}/")
        assert "The population this trust serves" in shown, code
        assert "Illustrative This fictional trust's catchment is invented" in shown, code
        assert "IMD 2025 average score" in shown and "most deprived of the" in shown, code
        assert "local authorities classed as rural" in shown, code
        assert "None of its catchment population" in shown or "most rural of" in shown, code
        assert "approximation at local-authority level" in shown, code
        assert "Source: OHID, NHS acute trust catchment populations" in shown, code


@pytest.mark.django_db
def test_the_panel_reads_the_same_four_queries_for_every_kind_of_trust(client, demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for league in ("acute", "mental-health-and-community", "ambulance"):
        code = TrustQuarter.objects.filter(league__slug=league).values_list(
            "trust__ods_code", flat=True
        )[0]
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/trusts/{code}/").status_code == 200
        counts[league] = len(captured.captured_queries)
    assert set(counts.values()) == {EXPECTED["trust"]}, counts  # as tests/test_demo_site.py pins it


@pytest.mark.django_db
def test_non_acute_trust_pages_say_no_catchment_is_published(client, demo_site):
    for league, words in (("ambulance", "ambulance"), ("mental-health-and-community",
                                                       "mental health and community")):  # fmt: skip
        code = TrustQuarter.objects.filter(league__slug=league).values_list(
            "trust__ods_code", flat=True
        )[0]
        shown = page_text(client, f"/trusts/{code}/")
        assert f"No catchment is published for {words} trusts" in shown
        assert "IMD 2025 average score" not in shown


@pytest.mark.django_db
def test_the_population_note_is_exactly_the_most_deprived_fifth_of_each_league_quarter(
    client, demo_site
):
    for (league, year, number), rows in _league_quarters().items():
        codes = [tq.trust.ods_code for tq in rows]
        weighted = _weighted(rows[0], codes)
        expected = population.most_deprived_fifth(weighted)
        noted = {
            tq.trust.ods_code for tq in rows
            if any(n.kind == NoteKind.POPULATION for n in tq.notes.all())
        }  # fmt: skip
        if league != "acute":
            assert not noted
            continue
        assert noted == expected and len(noted) == len(rows) // 5, (league, year, number)
    note = (
        ContextNote.objects.filter(kind=NoteKind.POPULATION)
        .select_related("trust_quarter__trust", "trust_quarter__quarter")
        .first()
    )
    tq = note.trust_quarter
    shown = page_text(client, f"/trusts/{tq.trust.ods_code}/{tq.quarter.slug}/")
    assert "Serves one of the most deprived fifth of catchments in this league" in shown
    assert "The NOF does not adjust a trust's scores for the deprivation" in shown


def _league_quarters():
    found: dict = {}
    for tq in TrustQuarter.objects.select_related("trust", "quarter", "league").prefetch_related(
        "notes"
    ):
        found.setdefault(
            (tq.league.slug, tq.quarter.financial_year, tq.quarter.quarter), []
        ).append(tq)
    return found


def _weighted(tq, codes):
    on = population.first_day(tq.quarter.financial_year, tq.quarter.quarter)
    return {code: w.imd_score for code, w in derived.weighted_league(codes, on).items()}
