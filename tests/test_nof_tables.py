"""The one tables of leagues, metric-ID kinds and each year's rules, and the pure rules that read
a trust's data gaps and what a league table file alone supports: hand-worked cases."""

from __future__ import annotations

import pytest

from leaguetables.nof import data_quality, league_file, leagues, metric_ids, rules, years
from leaguetables.nof.data_quality import PublishedResult
from leaguetables.nof.league_file import Placed
from leaguetables.nof.metric_ids import MetricKind
from leaguetables.nof.notes import MetricGap

Y = years.NOF_2025_26


# Leagues ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trust_type", "slug"),
    [
        ("Acute trust", "acute"),
        ("acute  hospital trust", "acute"),
        ("Non-acute hospital trust", "mental-health-and-community"),
        ("Mental health and community trust", "mental-health-and-community"),
        ("AMBULANCE TRUST", "ambulance"),
        ("Integrated care board", "integrated-care-boards"),
    ],
)
def test_every_spelling_of_a_league_in_the_files_names_one_league(trust_type, slug):
    assert leagues.from_trust_type(trust_type).slug == slug


def test_an_unknown_trust_type_names_no_league():
    assert leagues.from_trust_type("Dental practice") is None
    assert leagues.canonical_trust_type("Dental practice") == "Dental practice"
    assert leagues.canonical_trust_type("Non-acute hospital trust") == (
        "Mental health and community trust"
    )


@pytest.mark.parametrize(
    ("subtype", "specialist"),
    [("Acute - Specialist", True), ("acute -  specialist", True), ("Acute - Teaching", False),
     ("Community", False), ("Specialist community services", False)],
)  # fmt: skip
def test_only_the_acute_specialist_subtype_is_a_specialist_trust(subtype, specialist):
    assert leagues.is_specialist(subtype) is specialist


# Metric IDs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric_id", "kind", "pair", "key"),
    [
        ("OF0005", MetricKind.VALUE, "OF1005", "OF0005"),
        ("OF1005", MetricKind.SCORE, "OF0005", "OF0005"),
        ("OF1080", MetricKind.SCORE, "OF0080", "OF0080"),
        ("OF4002", MetricKind.DOMAIN_SCORE, None, "OF4002"),
        ("OF4102", MetricKind.DOMAIN_SEGMENT, None, "OF4102"),
        ("OF5000", MetricKind.SUMMARY, None, "OF5000"),
    ],
)
def test_each_metric_id_says_its_kind_and_its_pair(metric_id, kind, pair, key):
    assert metric_ids.kind_of(metric_id) is kind
    assert metric_ids.pair_of(metric_id) == pair
    assert metric_ids.metric_key(metric_id) == key


def test_ids_are_built_from_their_digits_and_refuse_what_is_not_one():
    assert metric_ids.ids_for_number("023") == ("OF0023", "OF1023")
    assert metric_ids.domain_ids("02") == ("OF4002", "OF4102")
    assert metric_ids.is_metric_id("OF0005") and not metric_ids.is_metric_id("OF005")
    for bad in (
        lambda: metric_ids.ids_for_number("23"),
        lambda: metric_ids.domain_ids("2"),
        lambda: metric_ids.score_id("OF5000"),
        lambda: metric_ids.value_id("OF4002"),
    ):
        with pytest.raises(ValueError):
            bad()  # fmt: skip


# Years --------------------------------------------------------------------------------------


def test_each_quarter_is_read_by_its_own_years_rules():
    assert years.rules_for(2025) is years.NOF_2025_26
    assert years.rules_for(2026) is years.NOF_2026_27
    assert years.NOF_2025_26.segmentation is years.Segmentation.QUARTILES
    assert years.NOF_2026_27.segmentation is years.Segmentation.THRESHOLDS
    assert "integrated-care-boards" in years.NOF_2026_27.leagues
    assert "integrated-care-boards" not in years.NOF_2025_26.leagues
    assert years.NOF_2026_27.assumptions  # what is not yet known is said, not hidden


def test_a_year_without_rules_is_refused_rather_than_read_by_another_years():
    with pytest.raises(years.UnknownYear, match="no NOF rules for 2027/28 yet"):
        years.rules_for(2027)
    with pytest.raises(years.UnknownYear, match="2024/25"):
        years.rules_for(2024)


# (scores, counted, average): the finance components and unscored metrics are left out, and the
# infection metrics weigh a third each.
AVERAGES = [
    ({"OF1005": 1.0, "OF1016": 3.0}, 2, 2.0),
    ({"OF1005": 1.0, "OF1079": 4.0, "OF1081": 4.0, "OF1080": 2.0}, 2, 1.5),
    ({"OF1005": 2.0, "OF1016": None, "OF1057": 0.0}, 1, 2.0),
    ({"OF1046": 4.0, "OF1048": 4.0, "OF1088": 4.0, "OF1005": 1.0}, 4, 2.5),
    ({"OF0005": 30.0, "OF4002": 3.0}, 0, None),
]


@pytest.mark.parametrize(("scores", "counted", "average"), AVERAGES)
def test_the_average_rests_on_the_years_counting_metrics(scores, counted, average):
    assert Y.metrics_scored(scores) == counted
    assert Y.average_score(scores) == average


@pytest.mark.parametrize(
    ("unadjusted", "deficit", "adjusted", "applied"),
    [(1, True, 3, True), (2, True, 3, True), (3, True, 3, False), (4, True, 4, False),
     (1, False, 1, False)],
)  # fmt: skip
def test_the_override_moves_segments_1_and_2_of_a_trust_in_deficit(
    unadjusted, deficit, adjusted, applied
):
    assert Y.apply_override(unadjusted, deficit) == adjusted
    assert Y.override_applied(unadjusted, adjusted) is applied


def test_defined_thresholds_win_over_implied_ones_where_published():
    assert Y.thresholds((2.0, 2.4, 2.7)) == (2.0, 2.4, 2.7)
    fixed = years.YearRules(
        financial_year=2030, source="test", segmentation=years.Segmentation.THRESHOLDS,
        excluded_from_average=frozenset(), metric_weights={}, leagues=(),
        defined_thresholds=(1.8, 2.2, 2.6),
    )  # fmt: skip
    assert fixed.thresholds((2.0, 2.4, 2.7)) == (1.8, 2.2, 2.6)
    assert fixed.label == "2030/31"


# Data gaps ----------------------------------------------------------------------------------


def result(metric_id, value=1.0, period="Q1 2025/26", sub_domain="Elective care"):
    return PublishedResult(metric_id, f"Metric {metric_id}", sub_domain, value, period)


def test_data_gaps_name_missing_suppressed_score_only_and_older_metrics():
    results = [
        result("OF0005", 12.0), result("OF1005", 2.0),
        result("OF0016", None), result("OF1016", None),  # suppressed: value and no score
        result("OF1067", 2.0, period="Latest published"),  # score only
        result("OF0061", 7.0, period="2024"), result("OF1061", 1.5, period="2024"),  # older
    ]  # fmt: skip
    gaps = data_quality.data_gaps(
        results,
        scores={"OF1005": 2.0, "OF1016": None, "OF1067": 2.0, "OF1061": 1.5},
        league_counting={"OF1005": "a", "OF1016": "b", "OF1057": "c", "OF1061": "d",
                         "OF1067": "e"},
        rules=Y,
        quarter=(2025, 1),
    )  # fmt: skip
    assert gaps.missing == (MetricGap("OF1016", "b"), MetricGap("OF1057", "c"))
    assert gaps.suppressed == (MetricGap("OF0016", "Metric OF0016"),)
    assert gaps.score_only == (MetricGap("OF1067", "Metric OF1067"),)
    assert gaps.older == (MetricGap("OF1061", "Metric OF1061", "2024"),)
    assert gaps.no_urgent_care


def test_a_trust_with_an_ae_metric_runs_urgent_care():
    gaps = data_quality.data_gaps(
        [result("OF0030", 70.0, sub_domain=data_quality.URGENT_AND_EMERGENCY_CARE)],
        scores={}, league_counting={}, rules=Y, quarter=(2025, 1),
    )  # fmt: skip
    assert not gaps.no_urgent_care and gaps == data_quality.DataGaps((), (), (), (), False)


# A league table file alone ---------------------------------------------------------------

# Trusts not in deficit: segment 1 up to 2.06, segment 2 from 2.13 to 2.35, 3 from 2.40.
EVIDENCE = [Placed(1.36, 1), Placed(2.06, 1), Placed(2.13, 2), Placed(2.35, 2), Placed(2.40, 3),
            Placed(2.71, 3), Placed(2.75, 4)]  # fmt: skip


@pytest.mark.parametrize(
    ("average", "possible"),
    [(1.50, (1,)), (2.06, (1,)), (2.10, (1, 2)), (2.20, (2,)), (2.37, (2, 3)), (2.50, (3,)),
     (2.73, (3, 4)), (3.10, (4,)), (1.00, (1,))],
)  # fmt: skip
def test_an_average_can_be_only_where_the_known_averages_leave_room(average, possible):
    assert league_file.possible_segments(average, EVIDENCE) == possible


@pytest.mark.parametrize(
    ("average", "adjusted", "deficit", "segment", "applied"),
    [
        (1.50, 3, True, 1, True),  # below every segment-2 average: moved down from 1
        (2.20, 3, True, 2, True),
        (2.10, 3, True, None, True),  # 1 or 2: moved down, from which is not known
        (2.37, 3, True, None, None),  # 2 or 3: whether it was moved cannot be told
        (2.50, 3, True, 3, False),
        (2.90, 4, True, 4, False),
        (1.50, 1, False, 1, False),  # not in deficit: where its average puts it
        (2.90, 1, True, None, None),  # the evidence and the file disagree: claim nothing
    ],
)
def test_a_league_file_alone_tells_which_trusts_in_deficit_were_moved_down(
    average, adjusted, deficit, segment, applied
):
    inferred = league_file.infer(
        average=average, adjusted_segment=adjusted, in_financial_deficit=deficit,
        evidence=EVIDENCE, rules=Y,
    )  # fmt: skip
    assert (inferred.segment, inferred.override_applied) == (segment, applied)


def test_evidence_is_a_published_segment_or_that_of_a_trust_not_in_deficit():
    rows = [(1.5, 1, 3, True), (1.6, None, 1, False), (1.7, None, 3, True), (None, 1, 1, False),
            (1.8, None, None, False)]  # fmt: skip
    assert league_file.evidence_from(rows) == [Placed(1.5, 1), Placed(1.6, 1)]


# Ranks of a whole league or of part of one ---------------------------------------------------

KEYS = {"A": (1, 1.5), "B": (1, 1.5), "C": (2, 1.9), "D": (3, 1.7), "E": (3, 2.4)}


@pytest.mark.parametrize(
    ("published", "wrong"),
    [
        ({"A": 1, "B": 1, "C": 3, "D": 4, "E": 5}, set()),  # the whole league, exactly
        ({"A": 1, "B": 1, "C": 4, "D": 6, "E": 9}, set()),  # part of one: gaps, order kept
        ({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}, {"A", "B"}),  # a tie ranked apart
        ({"A": 1, "B": 1, "C": 5, "D": 4, "E": 6}, {"C", "D"}),  # order broken
        ({"A": 1, "B": 1, "C": 2, "D": 6, "E": 9}, {"C"}),  # better than the two ahead allow
        ({"A": 1, "B": 1, "C": 3, "D": 4, "E": 4}, {"D", "E"}),  # a tie the keys do not have
    ],
)
def test_published_ranks_must_keep_the_order_of_segment_and_average(published, wrong):
    assert rules.inconsistent_ranks(KEYS, published) == wrong


def test_a_league_file_alone_is_not_checked_rather_than_a_discrepancy():
    trusts = [
        rules.TrustInput(code, {}, key[1], None, key[0], False, rank)
        for (code, key), rank in zip(KEYS.items(), (1, 1, 4, 6, 9), strict=True)
    ]
    report = rules.check_league_quarter(trusts, Y)
    assert report.count(rules.Reproduction.NOT_CHECKED) == 5 and not report.discrepancies
