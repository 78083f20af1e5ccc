"""Segment and rank under other rules: without the override, among a subset, without finance,
and with any one metric left out."""

import pytest

from leaguetables.nof import files, metric_ids
from leaguetables.nof.counterfactuals import (
    FINANCE_DOMAIN,
    leave_one_metric_out,
    published_ranks,
    ranks_among,
    without_metrics,
    without_override,
)
from leaguetables.nof.uncertainty import TrustScores, league_thresholds, trust_scores_from_rows
from leaguetables.nof.years import NOF_2025_26

THRESHOLDS = (1.5, 2.0, 2.5)


def trust(code, unadjusted, average, deficit=False, scores=None):
    return TrustScores(
        code, scores or {"OF1100": average}, unadjusted, deficit, average, NOF_2025_26
    )


# Published: A 1st, F 2nd (segment 1); C 3rd (2); B 4th, D 5th, E 6th (3).
LEAGUE = [
    trust("A", 1, 1.50),
    trust("B", 1, 1.60, deficit=True),  # segment 1 moved down to 3
    trust("C", 2, 2.10),
    trust("D", 2, 2.20, deficit=True),  # segment 2 moved down to 3: the override's other edge
    trust("E", 3, 2.40, deficit=True),  # segment 3: the override never touches it
    trust("F", 1, 1.60),
]


def test_published_ranks_are_competition_ranks_on_adjusted_segment_then_average():
    assert published_ranks(LEAGUE) == {"A": 1, "F": 2, "C": 3, "B": 4, "D": 5, "E": 6}


@pytest.mark.parametrize(
    ("code", "segments", "ranks", "applied"),
    [
        ("B", (3, 1), (4, 2), True),  # ties F on (1, 1.60): "=2nd"
        ("D", (3, 2), (5, 4), True),
        ("E", (3, 3), (6, 6), False),
        ("A", (1, 1), (1, 1), False),
    ],
)
def test_rank_without_override_holds_every_other_trust_as_published(code, segments, ranks, applied):
    result = without_override(LEAGUE)[code]
    assert (result.adjusted_segment, result.unadjusted_segment) == segments
    assert (result.rank, result.rank_without_override) == ranks
    assert result.override_applied is applied


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ({"A", "B", "C", "D", "E"}, {"A": 1, "C": 2, "B": 3, "D": 4, "E": 5}),
        (lambda code: code != "A", {"F": 1, "C": 2, "B": 3, "D": 4, "E": 5}),
        ({"B", "D", "E"}, {"B": 1, "D": 2, "E": 3}),
    ],
)
def test_rank_among_a_subset(include, expected):
    assert ranks_among(LEAGUE, include) == expected


def test_rank_among_a_subset_keeps_ties():
    league = [trust("X", 1, 1.5), trust("Y", 1, 1.5), trust("Z", 1, 1.4), trust("W", 1, 1.0)]
    assert ranks_among(league, {"X", "Y", "Z"}) == {"Z": 1, "X": 2, "Y": 2}


def test_without_finance_recomputes_every_average_and_does_not_apply_the_override():
    league = [
        # finance 4.00 and in deficit: 1.00 on everything else, so segment 1 with no override
        trust("P", 3, 2.0, True, {"OF1080": 4.0, "OF1005": 1.0, "OF1061": 1.0}),
        trust("Q", 2, 1.73, False, {"OF1080": 1.0, "OF1005": 2.0, "OF1061": 2.2}),
        trust("R", 1, 1.0, False, {"OF1080": 1.0}),  # finance only: nothing left to rank
        # OF1079 never counted; OF1086 is dropped with OF1080
        trust("S", 3, 2.3, False, {"OF1086": 3.0, "OF1005": 1.6, "OF1079": 4.0}),
    ]
    result = without_metrics(league, {"OF1080", "OF1086"}, THRESHOLDS)
    assert set(result) == {"P", "Q", "S"}
    assert [(r.average_score, r.segment, r.rank) for r in map(result.get, "PSQ")] == [
        (1.0, 1, 1),
        (1.6, 2, 2),
        (2.1, 3, 3),
    ]


FIVE = {"OF1101": 1.0, "OF1102": 1.0, "OF1103": 1.0, "OF1104": 2.0, "OF1105": 4.0}
OTHERS = [trust("U", 1, 1.4), trust("V", 2, 1.9), trust("W", 2, 2.0), trust("X", 3, 2.3)]


def test_leave_one_metric_out_for_a_trust_with_five_metrics():
    """T (1.80, segment 2, 2nd). Without a 1.00: 2.00, still segment 2 (not above 2.0), ties W
    for 3rd. Without the 2.00: 1.75, 2nd. Without the 4.00: 1.25, segment 1, 1st."""
    league = [trust("T", 2, 1.8, scores=FIVE), *OTHERS]
    result = leave_one_metric_out(league, "T", THRESHOLDS)
    assert result.ranks == {"OF1101": 3, "OF1102": 3, "OF1103": 3, "OF1104": 2, "OF1105": 1}
    assert (result.best_rank, result.best_metric) == (1, "OF1105")
    assert (result.worst_rank, result.worst_metric) == (3, "OF1101")


def test_leave_one_metric_out_keeps_the_override_for_a_trust_in_deficit():
    league = [trust("T", 2, 1.8, deficit=True, scores=FIVE), *OTHERS]
    result = leave_one_metric_out(league, "T", THRESHOLDS)
    assert (result.best_rank, result.worst_rank) == (4, 4)


def test_leave_one_metric_out_of_a_single_metric_leaves_nothing_to_rank():
    assert leave_one_metric_out([trust("T", 2, 1.8), *OTHERS], "T", THRESHOLDS) is None
    with pytest.raises(KeyError):
        leave_one_metric_out(OTHERS, "T", THRESHOLDS)


# --- the product brief's worked examples, from the real file ------------------------------------

DATA_FILE = "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"
Q1 = (2025, 1)


@pytest.fixture(scope="module")
def data_rows(shared_data):
    return files.parse((shared_data / DATA_FILE).read_bytes(), DATA_FILE).rows


@pytest.fixture(scope="module")
def quarters(data_rows):
    return trust_scores_from_rows(data_rows)


@pytest.mark.realdata
def test_segments_and_ranks_derived_from_scores_match_every_published_quarter(data_rows, quarters):
    published = {(r.quarter, r.trust_code): r for r in data_rows if r.metric_id == "OF5000"}
    for quarter, trusts in quarters.items():
        for code, rank in published_ranks(trusts).items():
            assert rank == published[(quarter, code)].rank
        for t in trusts:
            assert t.adjusted_segment == published[(quarter, t.trust_code)].value


@pytest.mark.realdata
def test_q1_trusts_moved_down_by_the_override_and_their_ranks_without_it(quarters):
    moved = {
        code: (r.rank, r.rank_without_override)
        for code, r in without_override(quarters[Q1]).items()
        if r.override_applied
    }
    assert moved == {
        "RXG": (26, 3),
        "RPG": (27, 4),
        "RY4": (28, 14),
        "RWR": (29, 15),
        "RXE": (30, 17),
        "RP7": (31, 23),
        "R1A": (32, 26),
    }


@pytest.mark.realdata
def test_q1_without_finance_south_west_yorkshire_is_segment_1(data_rows, quarters):
    """Measured, not published: with the finance domain out and no override, RXG averages 1.90."""
    finance = {
        r.metric_id
        for r in data_rows
        if r.domain == FINANCE_DOMAIN and metric_ids.is_score(r.metric_id)
    }
    assert finance == {"OF1079", "OF1080", "OF1081", "OF1086"}
    result = without_metrics(quarters[Q1], finance, league_thresholds(quarters[Q1]))
    assert len(result) == 61
    assert (result["RXG"].average_score, result["RXG"].segment, result["RXG"].rank) == (1.9, 1, 8)


@pytest.mark.realdata
def test_q1_a_trust_on_few_metrics_rests_on_each_of_them(quarters):
    """RNK (43rd in Q1) could be anywhere from 23rd to 57th with one metric left out."""
    result = leave_one_metric_out(quarters[Q1], "RNK", league_thresholds(quarters[Q1]))
    assert (result.best_rank, result.worst_rank) == (23, 57)
