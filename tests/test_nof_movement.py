"""Movement between quarters: what moved the average, and whether the move is beyond noise."""

import math

import pytest

from leaguetables.nof import files, rules
from leaguetables.nof.movement import (
    MovementLabel,
    SegmentChange,
    classify,
    contributions,
    league_movement,
    trust_movement,
)
from leaguetables.nof.uncertainty import (
    TrustScores,
    league_thresholds,
    simulate_league,
    trust_scores_from_rows,
)
from leaguetables.nof.years import NOF_2025_26 as Y


def test_contributions_split_the_change_when_a_metric_is_added():
    """Before: A 2, B 3 (2.50). Now: A 2, B 1, C 3 (2.00). A: 2/3 - 2/2 = -1/3;
    B: 1/3 - 3/2 = -7/6; C: 3/3 - 0 = +1. Sum -1/2, the change."""
    result = contributions(
        {"OF1001": 2.0, "OF1002": 3.0}, {"OF1001": 2.0, "OF1002": 1.0, "OF1003": 3.0}, Y
    )
    assert [c.metric_id for c in result] == ["OF1002", "OF1003", "OF1001"]  # largest first
    assert [c.contribution for c in result] == pytest.approx([-7 / 6, 1.0, -1 / 3])
    assert math.fsum(c.contribution for c in result) == pytest.approx(-0.5, abs=1e-12)
    assert (result[1].score_before, result[1].score_now) == (None, 3.0)


def test_contributions_of_a_dropped_metric_and_of_metrics_that_do_not_count():
    before = {"OF1001": 1.0, "OF1002": 4.0, "OF1079": 4.0, "OF1005": None}
    now = {"OF1001": 1.0, "OF1079": 1.0, "OF1005": 0.0}
    result = {c.metric_id: c.contribution for c in contributions(before, now, Y)}
    assert result == pytest.approx({"OF1001": 0.5, "OF1002": -2.0})
    assert sum(result.values()) == pytest.approx(
        Y.average_score(now) - Y.average_score(before), abs=1e-12
    )


def test_contributions_with_weighted_metrics_sum_to_the_change_in_the_weighted_average():
    before = {"OF1046": 3.0, "OF1048": 2.0, "OF1088": 4.0, "OF1061": 1.0}
    now = {"OF1046": 1.0, "OF1048": 2.0, "OF1061": 2.0, "OF1005": 3.0}
    total = math.fsum(c.contribution for c in contributions(before, now, Y))
    assert total == pytest.approx(Y.average_score(now) - Y.average_score(before), abs=1e-12)


def quarter(code, unadjusted, average, deficit=False, scores=None):
    return TrustScores(code, scores or {"OF1100": average}, unadjusted, deficit, average, Y)


# (segment, average, in deficit) before and now, this quarter's likely range, label, change
@pytest.mark.parametrize(
    ("before", "now", "likely", "label", "change"),
    [
        # same segment, average well inside the range
        ((2, 2.10, False), (2, 2.20, False), (1.8, 2.6), "within", "UNCHANGED"),
        # same segment, but the old average is outside this quarter's range
        ((2, 2.10, False), (2, 2.35, False), (2.2, 2.5), "beyond", "UNCHANGED"),
        # the old average exactly at the end of the range is still within it
        ((2, 2.20, False), (3, 2.40, False), (2.2, 2.6), "within", "WITHIN"),
        ((2, 2.10, False), (3, 2.45, False), (2.2, 2.7), "beyond", "BEYOND"),
        # the override applied: segment 1 -> 3 although the score barely moved
        ((1, 1.80, False), (1, 1.82, True), (1.5, 2.1), "within", "FINANCIAL_OVERRIDE"),
        # the override removed, at its other edge (segment 2)
        ((2, 2.20, True), (2, 2.15, False), (1.9, 2.4), "within", "FINANCIAL_OVERRIDE"),
        # in deficit both times and segment 3 -> 4 on scores: the override played no part
        ((3, 2.40, True), (4, 2.80, True), (2.5, 3.1), "beyond", "BEYOND"),
        # in deficit both times, segment 1 -> 2: adjusted 3 both times, no change to explain
        ((1, 1.80, True), (2, 2.20, True), (1.9, 2.5), "beyond", "UNCHANGED"),
    ],
)
def test_movement_labels(before, now, likely, label, change):
    result = classify(quarter("T", *before), quarter("T", *now), likely)
    assert result == (MovementLabel[label.upper()], SegmentChange[change])


def test_trust_movement_reports_changes_as_a_reader_sees_them():
    before = quarter("T", 2, 2.21, scores={"OF1001": 2.0, "OF1002": 2.42})
    now = quarter("T", 3, 2.45, scores={"OF1001": 2.9, "OF1002": 2.0})
    result = trust_movement(before, now, rank_before=20, rank_now=33, likely_score_range=(2.1, 2.8))
    assert (result.average_change, result.segment_step, result.rank_change) == (0.24, 1, 13)
    assert result.contributions[0].metric_id == "OF1001"
    assert result.recomputed_change == pytest.approx(0.24)
    assert result.label is MovementLabel.WITHIN
    with pytest.raises(ValueError):
        trust_movement(
            before, quarter("U", 3, 2.45), rank_before=1, rank_now=1, likely_score_range=(1, 2)
        )


def test_league_movement_counts_changes_and_skips_trusts_in_one_quarter():
    before = [
        quarter("A", 1, 1.8),
        quarter("B", 2, 2.1),
        quarter("C", 3, 2.4),
        quarter("GONE", 4, 3.0),
    ]
    now = [
        quarter("A", 1, 1.85, True),
        quarter("B", 3, 2.6),
        quarter("C", 3, 2.45),
        quarter("NEW", 1, 1.2),
    ]
    ranges = {"A": (1.5, 2.2), "B": (2.3, 2.9), "C": (2.0, 2.8), "NEW": (1.0, 1.4)}
    result = league_movement(before, now, ranges)
    assert result.not_compared == {"GONE", "NEW"}
    assert result.segment_changes == 2
    assert result.count(SegmentChange.FINANCIAL_OVERRIDE) == 1
    assert result.count(SegmentChange.BEYOND) == 1
    assert result.movements["B"].rank_before == 2 and result.movements["B"].rank_now == 4
    assert result.summary() == (
        "2 of 3 trusts changed segment: 1 from the financial override, "
        "1 beyond the likely range, 0 within it"
    )


# --- the real file: NHS England's Q2 2025/26 statement ------------------------------------------

DATA_FILE = "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"
Q1, Q2, Q3, Q4 = (2025, 1), (2025, 2), (2025, 3), (2025, 4)


@pytest.fixture(scope="module")
def quarters(shared_data):
    return trust_scores_from_rows(
        files.parse((shared_data / DATA_FILE).read_bytes(), DATA_FILE).rows
    )


def movement_between(quarters, before, now):
    ranges = simulate_league(quarters[now], league_thresholds(quarters[now]))
    likely = {code: (r.score_low, r.score_high) for code, r in ranges.items()}
    return league_movement(quarters[before], quarters[now], likely)


@pytest.mark.realdata
def test_q2_segment_changes_in_the_mental_health_and_community_league(quarters):
    """NHS England, Q2 2025/26, all 205 trusts: 38 changed segment, 6 from the override, 8
    significant, 24 not. This file has the 61 mental health and community trusts only: 14 changed,
    3 from the override, and none of the 11 score-driven changes is beyond the likely range."""
    result = movement_between(quarters, Q1, Q2)
    print(f"\nQ1 -> Q2 2025/26, mental health and community: {result.summary()}")
    assert len(result.movements) == 61
    assert result.segment_changes == 14
    assert result.count(SegmentChange.FINANCIAL_OVERRIDE) == 3
    assert result.count(SegmentChange.BEYOND) == 0
    assert result.count(SegmentChange.WITHIN) == 11


@pytest.mark.realdata
def test_q4_a_fall_beyond_the_likely_range(quarters):
    """RY2 went from 2.39 to 3.34 (segment 3 to 4): the only Q4 change beyond the likely range."""
    result = movement_between(quarters, Q3, Q4)
    ry2 = result.movements["RY2"]
    assert (ry2.average_before, ry2.average_now, ry2.segment_before, ry2.segment_now) == (
        2.39,
        3.34,
        3,
        4,
    )
    assert ry2.segment_change is SegmentChange.BEYOND
    assert result.count(SegmentChange.BEYOND) == 1


@pytest.mark.realdata
def test_contributions_explain_every_published_change_within_rounding(quarters):
    for before, now in ((Q1, Q2), (Q2, Q3), (Q3, Q4)):
        previous = {t.trust_code: t for t in quarters[before]}
        for trust in quarters[now]:
            result = contributions(previous[trust.trust_code].scores, trust.scores, Y)
            total = math.fsum(c.contribution for c in result)
            recomputed = Y.average_score(trust.scores) - Y.average_score(
                previous[trust.trust_code].scores
            )
            assert total == pytest.approx(recomputed, abs=1e-12)
            published = trust.published_average - previous[trust.trust_code].published_average
            assert abs(total - published) <= 2 * rules.ROUNDING_TOLERANCE
