"""NOF metric scoring on small cases worked by hand (methodology section 1)."""

import pytest

from leaguetables.nof.scoring import (
    KNOWN_RULES,
    ScoringRule,
    infer_direction,
    reproduce_published_scores,
    score_metric,
    spread,
)

HIGHER = ScoringRule("OF0999", higher_is_better=True)
LOWER = ScoringRule("OF0999", higher_is_better=False)
# Planned surplus/deficit: breakeven or better 1, to 1% deficit 2, to 2% deficit 3, beyond 4.
FINANCE_BANDS = ScoringRule(
    "OF0079", higher_is_better=True, bands=((0.0, 1.0), (-1.0, 2.0), (-2.0, 3.0))
)
# CQC safe rating coded 1 Outstanding .. 4 Inadequate: Good scores 2.00.
CQC_SAFE = ScoringRule("OF0067", higher_is_better=False, bands=((1, 1.0), (2, 2.0), (3, 3.0)))


@pytest.mark.parametrize(
    ("case", "values", "rule", "expected"),
    [
        (
            "plain bookends: best 1.00, worst 4.00, the rest evenly between",
            {"A": 50, "B": 40, "C": 30, "D": 20, "E": 10},
            HIGHER,
            {"A": 1.0, "B": 1.75, "C": 2.5, "D": 3.25, "E": 4.0},
        ),
        (
            "ties take the best score of their cluster and the next trust skips their places",
            {"A": 50, "B": 40, "C": 40, "D": 20, "E": 10},
            HIGHER,
            {"A": 1.0, "B": 1.75, "C": 1.75, "D": 3.25, "E": 4.0},
        ),
        (
            "a tie at the bottom still takes the better score",
            {"A": 50, "B": 40, "C": 30, "D": 10, "E": 10},
            HIGHER,
            {"A": 1.0, "B": 1.75, "C": 2.5, "D": 3.25, "E": 3.25},
        ),
        (
            "a standard met by two: they score 1.00, the rest spread 2.00 to 4.00",
            {"A": 95, "B": 90, "C": 80, "D": 70, "E": 60},
            ScoringRule("OF0999", higher_is_better=True, standard=90),
            {"A": 1.0, "B": 1.0, "C": 2.0, "D": 3.0, "E": 4.0},
        ),
        (
            "a floor failed by two: they score 4.00, the rest spread 1.00 to 3.00",
            {"A": 95, "B": 85, "C": 75, "D": 65, "E": 50},
            ScoringRule("OF0999", higher_is_better=True, floor=70),
            {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 4.0},
        ),
        (
            "a trust exactly on the floor passes",
            {"A": 90, "B": 70, "C": 69.99},
            ScoringRule("OF0999", higher_is_better=True, floor=70),
            {"A": 1.0, "B": 3.0, "C": 4.0},
        ),
        (
            "lower is better: the smallest value scores 1.00",
            {"A": 10, "B": 20, "C": 30, "D": 40, "E": 50},
            LOWER,
            {"A": 1.0, "B": 1.75, "C": 2.5, "D": 3.25, "E": 4.0},
        ),
        (
            "a lower-is-better standard is met at or below it",
            {"A": 0, "B": 1, "C": 5, "D": 9},
            ScoringRule("OF0999", higher_is_better=False, standard=1),
            {"A": 1.0, "B": 1.0, "C": 2.0, "D": 4.0},
        ),
        ("a single trust is the best of its league", {"A": 7}, HIGHER, {"A": 1.0}),
        (
            "a single trust below the standard is the best of the rest",
            {"A": 7},
            ScoringRule("OF0999", higher_is_better=True, standard=10),
            {"A": 2.0},
        ),
        (
            "a single trust failing the floor still scores 4.00",
            {"A": 7},
            ScoringRule("OF0999", higher_is_better=True, floor=10),
            {"A": 4.0},
        ),
        ("no trusts, no scores", {}, HIGHER, {}),
        (
            "finance bands: breakeven 1, small deficit 2, 1-2% deficit 3, beyond 4",
            {"A": 2.4, "B": 0.0, "C": -0.99, "D": -1.0, "E": -1.96, "F": -2.52},
            FINANCE_BANDS,
            {"A": 1.0, "B": 1.0, "C": 2.0, "D": 2.0, "E": 3.0, "F": 4.0},
        ),
        (
            "banded lower-is-better: a CQC safe rating of Good scores 2.00",
            {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4},
            CQC_SAFE,
            {"outstanding": 1.0, "good": 2.0, "requires improvement": 3.0, "inadequate": 4.0},
        ),
    ],
)
def test_score_metric_spreads_between_the_bookends(case, values, rule, expected):
    assert score_metric(values, rule) == expected, case


def test_scores_round_half_up_as_nhs_england_publishes_them():
    # 49 trusts: the third is 1 + 3 * 2/48 = 1.125 exactly, published as 1.13 (round() gives 1.12).
    scores = spread({f"T{i:02}": float(i) for i in range(49)}, 1.0, 4.0)
    assert scores["T02"] == 1.13
    assert scores["T00"] == 1.0
    assert scores["T48"] == 4.0


def test_published_ranks_separate_values_tied_only_by_rounding():
    # OF0061 in Q1: two trusts publish 7.02 but rank 10th and 11th, and score 1.45 and 1.50.
    values = {"A": 7.43, "B": 7.02, "C": 7.02, "D": 5.68}
    rule = KNOWN_RULES["OF0061"]
    assert score_metric(values, rule) == {"A": 1.0, "B": 2.0, "C": 2.0, "D": 4.0}
    ranks = {"A": 1, "B": 2, "C": 3, "D": 4}
    assert score_metric(values, rule, ranks=ranks) == {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0}


def test_published_ranks_that_tie_still_share_the_best_score():
    ranks = {"A": 1, "B": 2, "C": 2, "D": 4}
    scores = score_metric({"A": 9, "B": 8, "C": 8, "D": 1}, HIGHER, ranks=ranks)
    assert scores == {"A": 1.0, "B": 2.0, "C": 2.0, "D": 4.0}


def test_a_floor_is_judged_on_the_value_even_when_ranks_order_the_trusts():
    rule = ScoringRule("OF0057", higher_is_better=True, floor=70)
    ranks = {"A": 1, "B": 2, "C": 3}
    scores = score_metric({"A": 90, "B": 80, "C": 60}, rule, ranks=ranks)
    assert scores == {"A": 1.0, "B": 3.0, "C": 4.0}


def test_ranks_must_cover_every_trust_scored():
    with pytest.raises(ValueError, match="no rank"):
        score_metric({"A": 1, "B": 2}, HIGHER, ranks={"A": 1})


@pytest.mark.parametrize(
    ("case", "pairs", "expected"),
    [
        (
            "higher values with lower scores: higher is better",
            [(90, 1.0), (50, 2.5), (10, 4)],
            True,
        ),
        (
            "higher values with higher scores: lower is better",
            [(0, 1.0), (5, 2.0), (9, 3.9)],
            False,
        ),
        ("banded scores with ties still show the direction", [(2, 1), (0, 1), (-1.5, 3)], True),
        ("every score equal: undecidable", [(1, 2.0), (2, 2.0), (3, 2.0)], None),
        ("every value equal: undecidable", [(5, 1.0), (5, 4.0)], None),
        ("a V shape: evidence both ways in balance", [(1, 2), (2, 1), (3, 1), (4, 2)], None),
        ("one pair says nothing", [(1, 1.0)], None),
        ("no pairs say nothing", [], None),
    ],
)
def test_infer_direction(case, pairs, expected):
    assert infer_direction(pairs) is expected, case


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"standard": 90, "floor": 70}, "at most one"),
        ({"floor": 70, "bands": ((0.0, 1.0),)}, "at most one"),
        ({"bands": ((-1.0, 2.0), (0.0, 1.0))}, "best to worst"),
        ({"bands": ((0.0, 0.5),)}, "1.00 to 4.00"),
    ],
)
def test_scoring_rule_refuses_rules_without_clear_bookends(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ScoringRule("OF0999", higher_is_better=True, **kwargs)


def test_known_rules_follow_the_methodology():
    assert KNOWN_RULES["OF0057"].floor == 70.0
    assert KNOWN_RULES["OF0005"].higher_is_better is False
    assert all(metric_id.startswith("OF0") for metric_id in KNOWN_RULES)
    assert all(rule.metric_id == metric_id for metric_id, rule in KNOWN_RULES.items())


def _row(quarter, trust, metric_id, value, rank="", trust_type="Mental health and community trust"):
    return {
        "Quarter": quarter,
        "Trust_type": trust_type,
        "Trust_code": trust,
        "Metric_ID": metric_id,
        "Units": "score" if metric_id.startswith("OF1") else "%",
        "Value": value,
        "Rank": rank,
    }


def test_reproduction_compares_each_quarter_and_tells_rounding_from_discrepancy():
    q1, q2 = "Q1 2025/26", "Q2 2025/26"
    rows = [
        # A metric with no known rule: direction inferred from its own pairs (higher is better).
        *(_row(q1, t, "OF0999", v) for t, v in [("A", "30"), ("B", "20"), ("C", "10")]),
        *(_row(q1, t, "OF1999", s) for t, s in [("A", "1.0"), ("B", "2.5"), ("C", "4.0")]),
        # The old league name counts as the same league; B is published 0.01 off, C far off.
        *(
            _row(q2, t, "OF0999", v, trust_type="Non-acute hospital trust")
            for t, v in [("A", "30"), ("B", "20"), ("C", "10"), ("D", "")]
        ),
        *(_row(q2, t, "OF1999", s) for t, s in [("A", "1.0"), ("B", "2.51"), ("C", "3.5")]),
        # Values without published scores are not compared.
        _row(q1, "A", "OF0998", "5"),
    ]
    report = reproduce_published_scores(rows, rules={})
    metric = report.per_metric["OF0999"]
    assert metric.rule == ScoringRule("OF0999", higher_is_better=True)
    assert (report.compared, report.exact, report.within_001, report.mismatched) == (6, 4, 5, 1)
    assert (metric.worst_miss, metric.worst_case) == (0.5, "Q2 2025/26 C")
    assert "OF0998" not in report.per_metric
    assert report.undecided == ()


def test_reproduction_leaves_out_metrics_whose_direction_is_undecidable():
    rows = [
        *(_row("Q1 2025/26", t, "OF0999", v) for t, v in [("A", "1"), ("B", "2")]),
        *(_row("Q1 2025/26", t, "OF1999", "2.0") for t in "AB"),
    ]
    report = reproduce_published_scores(rows, rules={})
    assert report.undecided == ("OF0999",)
    assert report.compared == 0
