"""NOF scoring rules against NHS England's published scores (docs/scoring-findings.md).

The figures are pinned exactly, so a change to the rules that gains or loses a single score shows.
Most misses are not errors in the rules: those metrics were ranked among trusts beyond this league
(acute and ambulance trusts too), whose values this file does not carry.
"""

import csv

import pytest

from leaguetables.nof.scoring import KNOWN_RULES, infer_direction, reproduce_published_scores

pytestmark = pytest.mark.realdata

DATA_FILE = "nhs-oversight-framework-mental-health-and-community-trust-data-q4-25-26.csv"

# metric: (compared, exact, within 0.01, mismatched), ordering ties by the published Rank.
EXPECTED_PER_METRIC = {
    "OF0005": (165, 54, 58, 107),
    "OF0016": (186, 26, 64, 122),
    "OF0041": (195, 10, 21, 174),
    "OF0057": (151, 24, 33, 118),
    "OF0061": (244, 244, 244, 0),
    "OF0063": (188, 23, 76, 112),
    "OF0079": (244, 244, 244, 0),
    "OF0081": (244, 244, 244, 0),
    "OF0082": (244, 8, 11, 233),
    "OF0084": (244, 244, 244, 0),
    "OF0086": (243, 14, 48, 195),
}


@pytest.fixture(scope="module")
def rows(shared_data):
    with open(shared_data / DATA_FILE, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _figures(report):
    return (report.compared, report.exact, report.within_001, report.mismatched)


def test_known_rules_reproduce_the_published_scores_as_measured(rows):
    report = reproduce_published_scores(rows)
    print(
        f"\nNOF score reproduction (compared, exact, within 0.01, mismatched): {_figures(report)}"
    )
    for metric in report.per_metric.values():
        print(f"  {metric.metric_id}: {_figures(metric)} worst {metric.worst_miss:.2f}")
    assert _figures(report) == (2348, 1135, 1287, 1061)
    assert {m: _figures(r) for m, r in report.per_metric.items()} == EXPECTED_PER_METRIC
    assert report.undecided == ()


def test_every_score_of_the_league_ranked_metrics_and_the_finance_bands_reproduces(rows):
    report = reproduce_published_scores(rows)
    for metric_id in ("OF0061", "OF0084", "OF0079", "OF0081"):
        assert report.per_metric[metric_id].mismatched == 0, metric_id
        assert report.per_metric[metric_id].exact == 244, metric_id


def test_values_alone_lose_the_ties_that_only_rounding_made(rows):
    report = reproduce_published_scores(rows, use_published_rank=False)
    print(f"\nFrom the rounded values alone: {_figures(report)}")
    assert _figures(report) == (2348, 1024, 1176, 1172)
    assert report.per_metric["OF0061"].exact == 210
    assert report.per_metric["OF0084"].exact == 165


def test_directions_inferred_from_the_scores_match_the_known_rules(rows):
    report = reproduce_published_scores(rows, rules={})
    assert {m: r.rule.higher_is_better for m, r in report.per_metric.items()} == {
        m: rule.higher_is_better for m, rule in KNOWN_RULES.items()
    }
    assert _figures(report) == (2348, 647, 794, 1554)


def test_urgent_community_response_below_the_70_percent_floor_always_scores_4(rows):
    scores = {
        (row["Quarter"], row["Trust_code"]): float(row["Value"])
        for row in rows
        if row["Metric_ID"] == "OF1057"
    }
    pairs = [
        (float(row["Value"]), scores[(row["Quarter"], row["Trust_code"])])
        for row in rows
        if row["Metric_ID"] == "OF0057"
    ]
    assert infer_direction(pairs) is True
    assert {score for value, score in pairs if value < 70} == {4.0}
    assert max(score for value, score in pairs if value >= 70) < 3.01
