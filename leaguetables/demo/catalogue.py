"""The catalogue behind the fictional demo data (`leaguetables.demo`): metrics, leagues, places.

Each metric says what NHS England's files call it (ID, domain, sub-domain, description, units,
reporting period per quarter), how its scores follow from its values (a `nof.scoring` rule, so the
importer's own scoring reproduces the demo files exactly) and how the demo draws its values. The
mental health and community metrics copy the real file's texts, down to its trailing space; the
acute and ambulance ones are modelled on the NOF 2025/26 technical specification (no real acute
or ambulance file was available), and their thresholds are illustrative. The places are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from leaguetables.nof import metric_ids
from leaguetables.nof.scoring import KNOWN_RULES, ScoringRule

QUARTERS = ("Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26")

# Reporting_date texts, one per quarter, as the real file writes them.
MONTH_END = ("Jun-25", "Sep-25", "Dec-25", "Mar-26")
ROLLING_YEAR = ("Jul 24 - Jun 25", "Oct 24 - Sep 25", "Jan 25 - Dec 25", "Apr 25 - Mar 26")
LAGGED_QUARTER = ("Q4 2024-25", "Q1 2025/26", "Q2 2025/26", "Q3 2025/26")
STAFF_SURVEY = ("2024", "2024", "2024", "2025")
CQC_SAFE_PERIOD = (
    "Latest published if awarded post August 2023",
    "Latest published if awarded post September 2023",
    "Latest published if awarded between 13 Feb 24 and 12 Feb 26",
    "Latest published if awarded between 13 May 24 and 12 May 26",
)

ACCESS, SAFETY, FINANCE, PEOPLE, EFFECTIVENESS = (
    "Access to services",
    "Patient safety",
    "Finance and productivity",
    "People and workforce",
    "Effectiveness and experience",
)
# Domain -> the last two digits of its OF40xx score and OF41xx segment rows.
DOMAIN_CODES: Mapping[str, str] = {
    ACCESS: "00",
    SAFETY: "02",
    FINANCE: "03",
    PEOPLE: "04",
    EFFECTIVENESS: "05",
}


def domain_score_sub_domain(domain: str) -> str:
    # The real file writes the patient safety domain score's sub-domain as plain "Patient safety".
    return domain if domain == SAFETY else f"{domain} domain score"


# Summary rows: (Metric_ID, Units, Metric_description), in the file's order.
SUMMARY = {
    "adjusted": (metric_ids.ADJUSTED_SEGMENT, "segment", "Adjusted segment"),
    "average": (metric_ids.AVERAGE_SCORE, "score", "Average metric score"),
    "unadjusted": (metric_ids.UNADJUSTED_SEGMENT, "segment", "Unadjusted segment"),
    "deficit": (metric_ids.FINANCIAL_DEFICIT, "flag", "Financial override"),
    "final": (metric_ids.FINAL_SEGMENT, "segment", "Final segment score override"),
    "recovery": (
        metric_ids.RECOVERY_SUPPORT,
        "flag",
        "Is the organisation in the Recovery Support Programme?",
    ),
}
RECOVERY_QUARTERS = (0, 1)  # OF5005 and OF5007 appear in Q1-Q2 rows only


@dataclass(frozen=True)
class DemoMetric:
    """One NOF metric as the demo publishes it.

    `units` is None for a score-only metric (OF1xxx with no value row). Values are drawn around
    `centre` with spread `sd` (in the direction that is better for good trusts), clipped to
    `low`..`high`. `coverage` maps a trust kind to the share of such trusts that run the service
    and so report the metric; kinds not named all report it.
    """

    number: str  # "023": value row OF0023, score row OF1023
    domain: str
    sub_domain: str
    description: str
    units: str | None
    reporting: tuple[str, str, str, str]
    rule: ScoringRule | None = None
    centre: float = 0.0
    sd: float = 1.0
    low: float = float("-inf")
    high: float = float("inf")
    loading: float = 0.5  # how far the trust's overall quality drives this metric
    coverage: Mapping[str, float] = field(default_factory=dict)
    quarters: tuple[int, ...] = (0, 1, 2, 3)
    missing_rate: float = 0.01  # not submitted in a quarter (row absent)
    infection: bool = False  # published twice (rate and count) where `count_row` is set
    count_row: bool = False

    @property
    def value_id(self) -> str:
        return metric_ids.ids_for_number(self.number)[0]

    @property
    def score_id(self) -> str:
        return metric_ids.ids_for_number(self.number)[1]

    @property
    def score_only(self) -> bool:
        return self.units is None

    def covers(self, kind: str) -> float:
        """The share of trusts of this kind reporting the metric ("*" for any other kind)."""
        return self.coverage.get(kind, self.coverage.get("*", 1.0))


def _rule(number: str, higher_is_better: bool, **threshold: object) -> ScoringRule:
    value_id = metric_ids.ids_for_number(number)[0]
    return ScoringRule(value_id, higher_is_better=higher_is_better, **threshold)  # type: ignore[arg-type]


SPECIALISTS = ("eye", "orthopaedic", "cancer", "heart", "children", "women")
NO_SPECIALISTS = dict.fromkeys(SPECIALISTS, 0.0)
FEW_METRIC_KINDS = ("psychotherapy", "community-small")  # MH trusts scored on 5 and 6 metrics
NO_FEW_METRICS = dict.fromkeys(FEW_METRIC_KINDS, 0.0)

# Metrics every league publishes, with the real file's texts.
RAISING_CONCERNS = DemoMetric(
    "061", SAFETY, "Patient safety", "NHS Staff survey - raising concerns sub-score", "out of 10",
    STAFF_SURVEY, KNOWN_RULES["OF0061"], 6.75, 0.28, 5.4, 7.8, missing_rate=0.0,
)  # fmt: skip
CQC_SAFE = DemoMetric(
    "067", SAFETY, "Patient safety", "CQC safe inspection", None, CQC_SAFE_PERIOD,
    missing_rate=0.0,
)  # fmt: skip
PLANNED_SURPLUS = DemoMetric(
    "079", FINANCE, "Finance", "Planned surplus/deficit", "%",
    ("2025/26", "2025/26", "2025/26", "2025/26 plan"), KNOWN_RULES["OF0079"], missing_rate=0.0,
)  # fmt: skip
COMBINED_FINANCE = DemoMetric(
    "080", FINANCE, "Finance", "Combined finance", None, QUARTERS, missing_rate=0.0
)
YTD_VARIANCE = DemoMetric(
    "081", FINANCE, "Finance", "Variance year-to-date to financial plan", "%",
    ("Month 3 2025", "Month 6 2025", "Month 9 2025", "Month 12 2025/26"),
    KNOWN_RULES["OF0081"], missing_rate=0.0,
)  # fmt: skip
SICKNESS = DemoMetric(
    "082", PEOPLE, "Retention and culture", "Sickness absence rate", "%", LAGGED_QUARTER,
    KNOWN_RULES["OF0082"], 5.3, 0.7, 2.8, 8.5, loading=0.4, missing_rate=0.0,
)  # fmt: skip
ENGAGEMENT = DemoMetric(
    "084", PEOPLE, "Retention and culture", "NHS staff survey engagement theme sub-score ",
    "out of 10", STAFF_SURVEY, KNOWN_RULES["OF0084"], 7.0, 0.25, 6.0, 7.8, missing_rate=0.0,
)  # fmt: skip
RELATIVE_COSTS = DemoMetric(
    "086", FINANCE, "Productivity", "Relative difference in costs", "%",
    ("2023/24", "2024/25", "2024/25", "2024/25"), KNOWN_RULES["OF0086"], 101.0, 8.0, 72.0, 140.0,
    loading=0.3, missing_rate=0.0, coverage=NO_FEW_METRICS,
)  # fmt: skip
FINANCE_METRICS = (PLANNED_SURPLUS, YTD_VARIANCE, COMBINED_FINANCE, RELATIVE_COSTS)

ACUTE_METRICS = (
    DemoMetric(
        "023", ACCESS, "Elective care",
        "Percentage of patients waiting 18 weeks or less for elective treatment", "%",
        MONTH_END, _rule("023", True), 60.0, 7.5, 30.0, 95.0, coverage={"cancer": 0.0},
    ),
    DemoMetric(
        "024", ACCESS, "Elective care",
        "Percentage of patients waiting over 52 weeks for elective treatment", "%",
        MONTH_END, _rule("024", False), 2.0, 1.7, 0.0, 12.0, coverage={"cancer": 0.0},
    ),
    DemoMetric(
        "026", ACCESS, "Urgent and emergency care",
        "Percentage of A&E attendances admitted, transferred or discharged within 4 hours", "%",
        MONTH_END, _rule("026", True, standard=78.0), 75.0, 5.5, 50.0, 99.0,
        coverage=NO_SPECIALISTS,
    ),
    DemoMetric(
        "027", ACCESS, "Urgent and emergency care",
        "Percentage of patients spending more than 12 hours in an emergency department", "%",
        MONTH_END, _rule("027", False), 9.0, 3.5, 0.3, 25.0, coverage=NO_SPECIALISTS,
    ),
    DemoMetric(
        "029", ACCESS, "Cancer",
        "Percentage of patients told they have cancer, or that cancer is ruled out, within 28 days"
        " of referral (Faster Diagnosis Standard)", "%",
        MONTH_END, _rule("029", True, standard=80.0), 78.0, 5.5, 50.0, 99.0,
        coverage={"eye": 0.0, "orthopaedic": 0.0, "heart": 0.0, "children": 0.0},
    ),
    DemoMetric(
        "030", ACCESS, "Cancer",
        "Percentage of patients starting cancer treatment within 62 days of an urgent referral",
        "%", MONTH_END, _rule("030", True, standard=75.0), 69.0, 7.0, 35.0, 98.0,
        coverage={"eye": 0.0, "orthopaedic": 0.0, "heart": 0.0, "children": 0.0},
    ),
    DemoMetric(
        "046", SAFETY, "Patient safety", "MRSA bacteraemia (hospital-onset healthcare associated)",
        "rate per 100,000 bed days", ROLLING_YEAR, _rule("046", False), 0.9, 0.6, 0.0, 6.0,
        infection=True,
    ),
    DemoMetric(
        "048", SAFETY, "Patient safety",
        "Clostridioides difficile infection (hospital-onset healthcare associated)",
        "rate per 100,000 bed days", ROLLING_YEAR, _rule("048", False), 28.0, 8.0, 3.0, 70.0,
        infection=True, count_row=True,
    ),
    DemoMetric(
        "088", SAFETY, "Patient safety",
        "E. coli bloodstream infection (hospital-onset healthcare associated)",
        "rate per 100,000 bed days", ROLLING_YEAR, _rule("088", False), 18.0, 6.0, 2.0, 50.0,
        infection=True, count_row=True,
    ),
    RAISING_CONCERNS,
    replace(CQC_SAFE, coverage={"*": 0.4}),
    DemoMetric(
        "070", SAFETY, "Patient safety",
        "Neonatal mortality rate per 1,000 live births (stabilised and risk-adjusted)",
        "rate per 1,000 live births", ("2023", "2023", "2024", "2024"),
        _rule("070", False, bands=((1.3, 1.0), (1.6, 2.0), (1.9, 3.0))), 1.55, 0.28, 0.6, 3.0,
        coverage={**NO_SPECIALISTS, "women": 1.0, "multi-service": 0.6}, missing_rate=0.0,
    ),
    DemoMetric(
        "072", SAFETY, "Patient safety", "Summary Hospital-level Mortality Indicator (SHMI)",
        "ratio", ("Apr 24 - Mar 25", "Jul 24 - Jun 25", "Oct 24 - Sep 25", "Jan 25 - Dec 25"),
        _rule("072", False), 1.0, 0.08, 0.7, 1.3, coverage=NO_SPECIALISTS,
    ),
    DemoMetric(
        "052", EFFECTIVENESS, "Effective flow and discharge",
        "Average number of days from discharge ready date to actual discharge", "days",
        QUARTERS, _rule("052", False), 0.9, 0.35, 0.05, 3.5, coverage={"eye": 0.0},
    ),
    DemoMetric(
        "053", EFFECTIVENESS, "Effective flow and discharge",
        "Percentage of patients discharged on their discharge ready date", "%",
        QUARTERS, _rule("053", True), 84.0, 5.0, 55.0, 99.0, coverage={"eye": 0.0},
    ),
    DemoMetric(
        "036", EFFECTIVENESS, "Patient experience", "Adult inpatient survey overall experience",
        "out of 10", ("2023", "2024", "2024", "2024"), _rule("036", True), 8.1, 0.2, 7.2, 9.2,
        coverage={"children": 0.0}, missing_rate=0.0,
    ),
    SICKNESS,
    ENGAGEMENT,
    DemoMetric(
        "083", PEOPLE, "Retention and culture", "Staff leaver rate", "%", ROLLING_YEAR,
        _rule("083", False), 8.5, 1.4, 4.0, 16.0, loading=0.3, missing_rate=0.0,
    ),
    *FINANCE_METRICS,
    DemoMetric(
        "087", FINANCE, "Productivity", "Implied productivity growth", "%",
        ("", "Apr 25 - Sep 25 vs Apr 24 - Sep 24", "Apr 25 - Dec 25 vs Apr 24 - Dec 24",
         "Apr 25 - Mar 26 vs Apr 24 - Mar 25"),
        _rule("087", True), 2.2, 1.8, -6.0, 9.0, loading=0.3, quarters=(1, 2, 3),
    ),
)  # fmt: skip

MENTAL_HEALTH_METRICS = (
    DemoMetric(
        "005", ACCESS, "Elective care",
        "Percentage of patients waiting over 52 weeks for community services", "%", MONTH_END,
        KNOWN_RULES["OF0005"], 4.0, 6.0, 0.0, 70.0,
        coverage={"mhld": 0.55, "care": 0.5, "psychotherapy": 0.0},
    ),
    DemoMetric(
        "041", ACCESS, "Mental health care",
        "Annual change in the number of children and young people accessing NHS-funded MH"
        " services", "percentage points",
        ("Jun 24 - Jun 25 vs Jun 23 - Jun 24", "Oct 24 - Sep 25 vs Oct 23 - Sep 24",
         "Jan 25 - Dec 25 vs Jan 24 - Dec 24", "Apr 25 - Mar 26 vs Apr 24 - Mar 25"),
        KNOWN_RULES["OF0041"], 5.0, 9.0, -30.0, 45.0, loading=0.3,
        coverage={"mhld": 0.95, "community": 0.25, "care": 0.8, "community-small": 0.0},
    ),
    DemoMetric(
        "016", SAFETY, "Patient safety",
        "Percentage of patients in mental health crisis to receive face-to-face contact within"
        " 24 hours", "%", QUARTERS, KNOWN_RULES["OF0016"], 60.0, 13.0, 15.0, 98.0,
        coverage={"community": 0.0, "community-small": 0.0, "psychotherapy": 0.0},
    ),
    RAISING_CONCERNS,
    replace(CQC_SAFE, coverage={"*": 0.12, **NO_FEW_METRICS}, quarters=(0, 1, 2)),
    DemoMetric(
        "057", EFFECTIVENESS, "Effective out of hospital care",
        "Urgent Community Response 2-hour performance", "%", QUARTERS, KNOWN_RULES["OF0057"],
        84.0, 8.0, 30.0, 99.9, coverage={"mhld": 0.45, "care": 0.5, "psychotherapy": 0.0},
    ),
    DemoMetric(
        "063", EFFECTIVENESS, "Effective flow and discharge",
        "Percentage of inpatients with >60 day length of stay", "%", QUARTERS,
        KNOWN_RULES["OF0063"], 25.0, 6.0, 3.0, 55.0,
        coverage={"community": 0.0, "community-small": 0.0, "psychotherapy": 0.0},
    ),
    DemoMetric(
        "035", EFFECTIVENESS, "Patient experience",
        "CQC community mental health survey satisfaction rate", None, STAFF_SURVEY,
        coverage={"community": 0.0, "community-small": 0.0, "psychotherapy": 0.0},
        missing_rate=0.0,
    ),
    *FINANCE_METRICS,
    SICKNESS,
    ENGAGEMENT,
)  # fmt: skip

AMBULANCE_METRICS = (
    DemoMetric(
        "031", ACCESS, "Urgent and emergency care", "Category 2 mean response time", "minutes",
        QUARTERS, _rule("031", False), 33.0, 6.0, 18.0, 60.0, loading=0.6,
    ),
    DemoMetric(
        "032", ACCESS, "Urgent and emergency care", "Category 1 mean response time", "minutes",
        QUARTERS, _rule("032", False), 8.2, 0.5, 6.5, 11.0,
    ),
    DemoMetric(
        "033", ACCESS, "Urgent and emergency care",
        "Percentage of incidents resolved through hear and treat", "%", QUARTERS,
        _rule("033", True), 15.0, 3.0, 6.0, 28.0,
    ),
    RAISING_CONCERNS,
    replace(CQC_SAFE, coverage={"*": 0.5}),
    DemoMetric(
        "034", EFFECTIVENESS, "Effective flow and discharge", "Average hospital handover time",
        "minutes", QUARTERS, _rule("034", False), 32.0, 7.0, 15.0, 70.0,
    ),
    SICKNESS,
    ENGAGEMENT,
    *FINANCE_METRICS,
)  # fmt: skip


@dataclass(frozen=True)
class DemoLeague:
    slug: str  # the product's league slug, also used in file names
    trust_type: str
    q1_trust_type: str  # as the September 2025 (Q1) files wrote it
    q1_data_slug: str  # file-name stem of the September 2025 data file
    subtypes: tuple[tuple[str, str, int], ...]  # (kind, Trust_subtype, how many trusts)
    metrics: tuple[DemoMetric, ...]
    minimum_overrides: int  # trusts moved down by the financial override, every quarter
    recovery_support: tuple[int, int]  # trusts in segment 5 in Q1 and Q2


LEAGUES = (
    DemoLeague(
        "acute", "Acute trust", "Acute trust", "acute",
        (
            ("teaching", "Acute - Teaching", 24), ("large", "Acute - Large", 30),
            ("medium", "Acute - Medium", 34), ("small", "Acute - Small", 20),
            ("eye", "Acute - Specialist", 2), ("orthopaedic", "Acute - Specialist", 3),
            ("cancer", "Acute - Specialist", 3), ("heart", "Acute - Specialist", 2),
            ("children", "Acute - Specialist", 3), ("women", "Acute - Specialist", 1),
            ("multi-service", "Acute - Multi-Service", 12),
        ),
        ACUTE_METRICS, 3, (3, 2),
    ),
    DemoLeague(
        "mental-health-and-community", "Mental health and community trust",
        "Non-acute hospital trust", "non-acute-hospital",
        (
            ("mhld", "Mental Health and Learning Disability", 39),
            ("psychotherapy", "Mental Health and Learning Disability", 1),
            ("community", "Community", 14), ("community-small", "Community", 1),
            ("care", "Care Trust", 6),
        ),
        MENTAL_HEALTH_METRICS, 2, (2, 2),
    ),
    DemoLeague(
        "ambulance", "Ambulance trust", "Ambulance trust", "ambulance",
        (("ambulance", "Ambulance", 10),), AMBULANCE_METRICS, 1, (0, 0),
    ),
)  # fmt: skip
