"""Likely ranges of score and rank (docs/uncertainty-method.md).

Hand-worked tables first, then NHS England's published Q4 2025/26 ranges: the method is only
worth showing if it reproduces theirs.
"""

import itertools

import numpy as np
import pytest

from leaguetables.nof import files, rules
from leaguetables.nof.uncertainty import (
    DEFAULT_DRAWS,
    TrustScores,
    _competition_ranks,
    draw_league,
    format_range,
    league_thresholds,
    parse_range,
    segment_thresholds,
    simulate_league,
    trust_scores_from_rows,
)
from leaguetables.nof.years import NOF_2025_26 as Y

THRESHOLDS = (1.5, 2.0, 2.5)


def trust(code, *scores, deficit=False, segment=None, metric_ids=None):
    ids = metric_ids or [f"OF1{100 + i}" for i in range(len(scores))]
    mapping = dict(zip(ids, scores, strict=True))
    average = rules.round_half_up(Y.average_score(mapping))
    return TrustScores(
        trust_code=code,
        scores=mapping,
        unadjusted_segment=segment or rules.segment_for(average, THRESHOLDS),
        in_financial_deficit=deficit,
        published_average=average,
        rules=Y,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.2 to 1.89", (1.2, 1.89)), ("1 to 11", (1.0, 11.0)), (" 2.05 to 3 ", (2.05, 3.0))],
)
def test_parse_range_reads_nhs_england_ranges(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["1.2-1.89", "1.2 to", "", "3 to 1"])
def test_parse_range_refuses_what_is_not_a_range(text):
    with pytest.raises(ValueError):
        parse_range(text)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1.2, 1.89, "1.2 to 1.89"),
        (1, 11, "1 to 11"),
        (2.0, 2.5, "2.0 to 2.5"),
        (1.125, 2, "1.13 to 2"),
    ],
)
def test_format_range_writes_ranges_as_nhs_england_does(low, high, expected):
    assert format_range(low, high) == expected


def test_range_text_round_trips():
    assert format_range(*parse_range("1.42 to 2.06")) == "1.42 to 2.06"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([3, 1, 2, 2], [4, 1, 2, 2]),
        ([5, 5, 5], [1, 1, 1]),
        ([1, 2, 2, 4], [1, 2, 2, 4]),
        ([2, 2, 1, 1, 3], [3, 3, 1, 1, 5]),
    ],
)
def test_vectorised_competition_rank_gives_ties_the_best_place(keys, expected):
    assert _competition_ranks(np.array([keys])).tolist() == [expected]


def test_vectorised_competition_rank_agrees_with_the_rules():
    keys = np.random.default_rng(3).integers(0, 6, size=(50, 12))
    ranks = _competition_ranks(keys)
    for row, ranked in zip(keys, ranks, strict=True):
        expected = rules.competition_rank({i: (k,) for i, k in enumerate(row)})
        assert ranked.tolist() == [expected[i] for i in range(len(row))]


def test_counted_scores_leave_out_finance_components_and_unscored_metrics():
    scores = TrustScores(
        "RXX",
        {"OF1080": 2.0, "OF1079": 4.0, "OF1081": 4.0, "OF1005": None, "OF1016": 0.0},
        1,
        False,
        2.0,
        Y,
    )
    assert scores.counted_scores == {"OF1080": 2.0}


def test_adjusted_segment_applies_the_override():
    assert trust("A", 1.0, segment=1, deficit=True).adjusted_segment == 3
    assert trust("A", 1.0, segment=4, deficit=True).adjusted_segment == 4


def test_a_trust_whose_scores_are_all_equal_has_a_point_range_and_a_certain_segment():
    league = [trust("A", 1.8, 1.8, 1.8, 1.8), trust("B", 1.0, 4.0, 2.0)]
    result = simulate_league(league, THRESHOLDS)["A"]
    assert (result.score_low, result.score_high) == (1.8, 1.8)
    assert result.segment_probabilities == {1: 0.0, 2: 1.0, 3: 0.0, 4: 0.0}


def test_a_league_of_certain_trusts_ranks_as_published_with_ties():
    league = [
        trust("A", 1.2, 1.2),
        trust("B", 1.2, 1.2, 1.2),  # ties with A: both 1st, then 3rd
        trust("C", 1.4, 1.4, deficit=True),  # segment 1 moved to 3
        trust("D", 2.2, 2.2),
        trust("E", 3.0, 3.0, 3.0, deficit=True),  # segment 4 stays 4
    ]
    result = simulate_league(league, THRESHOLDS)
    expected = {"A": 1, "B": 1, "C": 3, "D": 4, "E": 5}
    assert {code: (u.rank_low, u.rank_high) for code, u in result.items()} == {
        code: (rank, rank) for code, rank in expected.items()
    }
    segments = {t.trust_code: t.adjusted_segment for t in league}
    averages = {t.trust_code: t.published_average for t in league}
    assert rules.league_ranks(segments, averages) == expected


def test_override_at_the_boundary():
    """Means of two of {2.0, 2.6}: 2.0 (1/4), 2.3 (1/2), 2.6 (1/4). With thresholds at 2.3 an
    average equal to the threshold stays in the better segment (2), as `rules.segment_for` says;
    in deficit, segments 1-2 are all moved to 3."""
    thresholds = (1.5, 2.3, 3.0)
    league = [trust("OK", 2.0, 2.6, segment=2), trust("DEF", 2.0, 2.6, segment=2, deficit=True)]
    result = simulate_league(league, thresholds)
    assert result["OK"].segment_probabilities[2] == pytest.approx(0.75, abs=0.015)
    assert result["OK"].segment_probabilities[3] == pytest.approx(0.25, abs=0.015)
    assert result["DEF"].segment_probabilities == {1: 0.0, 2: 0.0, 3: 1.0, 4: 0.0}
    assert (result["OK"].score_low, result["OK"].score_high) == (2.0, 2.6)


def test_a_trust_with_five_metrics():
    """Scores {1, 1, 1, 1, 4}: the resampled mean is 1 + 3k/5 with k ~ Binomial(5, 1/5), so
    P(k=0) = .328, P(k=1) = .410, P(k=2) = .205, P(k>=3) = .058. The 2.5th percentile is k=0
    (1.0), the 97.5th k=3 (2.8); with thresholds 1.5/2.0/2.5 the segments follow k."""
    league = [trust("FIVE", 1, 1, 1, 1, 4), trust("OTHER", 2.0, 2.2)]
    result = simulate_league(league, THRESHOLDS)["FIVE"]
    assert (result.score_low, result.score_high) == (1.0, 2.8)
    expected = {1: 0.32768, 2: 0.4096, 3: 0.2048, 4: 0.05792}
    for segment, probability in expected.items():
        assert result.segment_probabilities[segment] == pytest.approx(probability, abs=0.015)


def exact_bootstrap_cdf(scores: dict[str, float], at: float) -> float:
    """P(resampled weighted mean <= at), by enumerating every resample."""
    items = list(scores.items())
    hits = 0
    for pick in itertools.product(items, repeat=len(items)):
        weights = [Y.weight(m) for m, _ in pick]
        mean = sum(w * s for w, (_, s) in zip(weights, pick, strict=True)) / sum(weights)
        hits += mean <= at + 1e-12
    return hits / len(items) ** len(items)


def test_weighted_metrics_resample_with_their_weights():
    """The infection metrics weigh a third each: the simulated distribution of the weighted mean
    matches the exact one found by enumerating all 4**4 resamples."""
    scores = {"OF1046": 4.0, "OF1048": 3.0, "OF1088": 4.0, "OF1061": 1.0}
    weighted = TrustScores("W", scores, 3, False, 2.5, Y)
    draws = draw_league([weighted, trust("X", 2.0, 2.1)], THRESHOLDS)
    averages = draws.averages[:, 0]
    for point in (1.5, 2.0, 2.5, 3.0, 3.5):
        exact = exact_bootstrap_cdf(scores, point)
        assert (averages <= point + 1e-12).mean() == pytest.approx(exact, abs=0.01)


def test_segment_probabilities_sum_to_one():
    league = [
        trust(c, *np.random.default_rng(i).uniform(1, 4, 8).round(2))
        for i, c in enumerate("ABCDEF")
    ]
    for result in simulate_league(league, THRESHOLDS).values():
        assert sum(result.segment_probabilities.values()) == pytest.approx(1.0)
        assert result.rank_low <= result.rank_high
        assert result.score_low <= result.score_high


def test_the_same_seed_gives_the_same_ranges_and_another_seed_other_draws():
    league = [
        trust(c, *np.random.default_rng(i).uniform(1, 4, 6).round(2)) for i, c in enumerate("ABCDE")
    ]
    assert simulate_league(league, THRESHOLDS, seed=7) == simulate_league(
        league, THRESHOLDS, seed=7
    )
    first = draw_league(league, THRESHOLDS, seed=7).averages
    assert np.array_equal(first, draw_league(league, THRESHOLDS, seed=7).averages)
    assert not np.array_equal(first, draw_league(league, THRESHOLDS, seed=8).averages)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 500}, "at least 2000"),
        ({"thresholds": (2.0, 1.5, 2.5)}, "ascending"),
        ({"thresholds": (1.5, 2.0)}, "three"),
    ],
)
def test_simulation_refuses_too_few_draws_or_bad_thresholds(kwargs, message):
    arguments = {"thresholds": THRESHOLDS, **kwargs}
    with pytest.raises(ValueError, match=message):
        simulate_league([trust("A", 1.0, 2.0)], **arguments)


def test_a_trust_with_no_scored_metric_is_refused():
    with pytest.raises(ValueError, match="NONE"):
        simulate_league([TrustScores("NONE", {"OF1079": 2.0}, 1, False, 2.0, Y)], THRESHOLDS)


def test_thresholds_are_the_midpoints_of_the_implied_cut_points():
    league = [trust("A", 1.4), trust("B", 1.6), trust("C", 2.1), trust("D", 2.3), trust("E", 2.9)]
    assert league_thresholds(league) == pytest.approx((1.5, 1.85, 2.6))


def test_a_boundary_the_data_do_not_imply_is_refused_not_guessed():
    cuts = [rules.CutPoint(2, 2.3, 2.4), rules.CutPoint(3, 2.6, 2.7)]
    with pytest.raises(ValueError, match="1\\|2"):
        segment_thresholds(cuts)


def test_trust_scores_from_parsed_rows():
    def row(metric_id, value):
        return files.DataRow(
            2, (2025, 1), "London", "Mental health and community trust", "Community", "RYX",
            "Central London", "Summary", "", metric_id, "", "", "", value, None, None, None, None,
        )  # fmt: skip

    rows = [row("OF1080", 1.0), row("OF0079", -0.5), row("OF5002", 1.0), row("OF5003", 1.0)]
    assert trust_scores_from_rows(rows) == {}  # no OF5004 yet: not a ranked trust
    (only,) = trust_scores_from_rows([*rows, row("OF5004", 1.0)])[(2025, 1)]
    assert only == TrustScores("RYX", {"OF1080": 1.0}, 1, True, 1.0, Y)


# --- NHS England's published ranges -------------------------------------------------------------

DATA_FILE = "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"
LEAGUE_FILE = "nhs-oversight-framework-mental-health-and-community-trust-league-table-q4-25-26.csv"
Q4 = (2025, 4)

# Measured with the defaults (docs/uncertainty-method.md); floors, so an improvement passes.
SCORE_RANGES_WITHIN_005 = 61  # of 61
RANK_RANGES_WITHIN_3 = 61  # of 61
RANK_ENDS_EXACT = 85  # of 122


@pytest.fixture(scope="module")
def data_rows(shared_data):
    return files.parse((shared_data / DATA_FILE).read_bytes(), DATA_FILE).rows


@pytest.fixture(scope="module")
def simulated(data_rows):
    """Every quarter's simulation with the defaults, once for the module."""
    quarters = trust_scores_from_rows(data_rows)
    return {q: simulate_league(ts, league_thresholds(ts)) for q, ts in quarters.items()}


@pytest.mark.realdata
def test_bootstrap_reproduces_nhs_englands_published_q4_ranges(shared_data, simulated):
    published = files.parse((shared_data / LEAGUE_FILE).read_bytes(), LEAGUE_FILE).rows
    ours = simulated[Q4]
    assert {row.trust_code for row in published} == set(ours)
    score_ok = rank_ok = exact_ends = 0
    for row in published:
        result = ours[row.trust_code]
        score_error = max(
            abs(result.score_low - row.score_range[0]), abs(result.score_high - row.score_range[1])
        )
        rank_errors = (
            abs(result.rank_low - row.rank_range[0]),
            abs(result.rank_high - row.rank_range[1]),
        )
        score_ok += score_error <= 0.05 + 1e-9
        rank_ok += max(rank_errors) <= 3
        exact_ends += rank_errors.count(0)
    print(
        f"\nQ4 2025/26, {len(published)} trusts, {DEFAULT_DRAWS} draws: score range within 0.05 "
        f"{score_ok}/{len(published)} ({score_ok / len(published):.1%}); rank range within 3 "
        f"{rank_ok}/{len(published)} ({rank_ok / len(published):.1%}); rank ends exact "
        f"{exact_ends}/{2 * len(published)}"
    )
    assert score_ok >= SCORE_RANGES_WITHIN_005
    assert rank_ok >= RANK_RANGES_WITHIN_3
    assert exact_ends >= RANK_ENDS_EXACT


@pytest.mark.realdata
def test_every_published_rank_and_average_lies_in_its_likely_range(data_rows, simulated):
    ranks = {(r.quarter, r.trust_code): r.rank for r in data_rows if r.metric_id == "OF5000"}
    averages = {(r.quarter, r.trust_code): r.value for r in data_rows if r.metric_id == "OF5002"}
    assert len(simulated) == 4
    for quarter, results in simulated.items():
        assert len(results) == 61
        for code, result in results.items():
            assert result.rank_low <= ranks[(quarter, code)] <= result.rank_high, (quarter, code)
            assert result.score_low <= averages[(quarter, code)] <= result.score_high, (
                quarter,
                code,
            )


@pytest.mark.realdata
def test_kent_community_ranked_first_could_likely_be_anywhere_from_1st_to_11th(simulated):
    """The product brief's example: RYY is 1st with NHS England's likely range 1st to 11th."""
    ryy = simulated[Q4]["RYY"]
    assert ryy.rank_low == 1
    assert abs(ryy.rank_high - 11) <= 3
