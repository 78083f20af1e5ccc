"""The population an acute trust serves (`nof.population`): weights worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from leaguetables.nof import population
from leaguetables.nof.population import Area, Resolved, Succession

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
