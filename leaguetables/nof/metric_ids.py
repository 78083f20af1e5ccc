"""What an NOF Metric_ID says about its row: the one table of ID kinds and value/score pairing.

NHS England numbers its rows OFkxxx: OF0xxx a metric's value, OF1xxx its score (the two share
their last three digits), OF40xx a domain score, OF41xx a domain segment (sharing their last two
digits), OF5xxx a trust's summary figures. No other module takes an ID apart. Pure Python.
"""

from __future__ import annotations

import re
from enum import StrEnum

PATTERN = re.compile(r"^OF\d{4}$")


class MetricKind(StrEnum):
    VALUE = "value"
    SCORE = "score"
    DOMAIN_SCORE = "domain_score"
    DOMAIN_SEGMENT = "domain_segment"
    SUMMARY = "summary"


_VALUE, _SCORE, _DOMAIN_SCORE, _DOMAIN_SEGMENT, _SUMMARY = "OF0", "OF1", "OF40", "OF41", "OF5"

# The summary rows (OF5xxx) of a metric data file.
ADJUSTED_SEGMENT = "OF5000"  # after the financial override; its Rank is the league rank
AVERAGE_SCORE = "OF5002"  # its Rank orders by average alone: not the league rank
UNADJUSTED_SEGMENT = "OF5003"
FINANCIAL_DEFICIT = "OF5004"  # in deficit or on deficit support, whatever the segment
FINAL_SEGMENT = "OF5005"  # 1 to 5, Q1-Q2 2025/26 only
RECOVERY_SUPPORT = "OF5007"  # in the Recovery Support Programme, Q1-Q2 2025/26 only


def is_metric_id(text: str) -> bool:
    return bool(PATTERN.match(text))


def kind_of(metric_id: str) -> MetricKind:
    if metric_id.startswith(_VALUE):
        return MetricKind.VALUE
    if metric_id.startswith(_SCORE):
        return MetricKind.SCORE
    if metric_id.startswith(_DOMAIN_SCORE):
        return MetricKind.DOMAIN_SCORE
    if metric_id.startswith(_DOMAIN_SEGMENT):
        return MetricKind.DOMAIN_SEGMENT
    return MetricKind.SUMMARY


def is_value(metric_id: str) -> bool:
    return kind_of(metric_id) is MetricKind.VALUE


def is_score(metric_id: str) -> bool:
    """OF1xxx rows carry a metric's score (1.00 best to 4.00 worst)."""
    return kind_of(metric_id) is MetricKind.SCORE


def is_summary(metric_id: str) -> bool:
    return kind_of(metric_id) is MetricKind.SUMMARY


def is_domain(metric_id: str) -> bool:
    return kind_of(metric_id) in (MetricKind.DOMAIN_SCORE, MetricKind.DOMAIN_SEGMENT)


def score_id(metric_id: str) -> str:
    """The score row of a metric, from its value's ID or its own: OF0005 -> OF1005."""
    if kind_of(metric_id) not in (MetricKind.VALUE, MetricKind.SCORE):
        raise ValueError(f"{metric_id} is not a metric value or score")
    return _SCORE + metric_id[3:]


def value_id(metric_id: str) -> str:
    """The value row of a metric, from its score's ID or its own: OF1005 -> OF0005."""
    if kind_of(metric_id) not in (MetricKind.VALUE, MetricKind.SCORE):
        raise ValueError(f"{metric_id} is not a metric value or score")
    return _VALUE + metric_id[3:]


def pair_of(metric_id: str) -> str | None:
    """A value's score or a score's value (whether or not the file has it); None otherwise."""
    kind = kind_of(metric_id)
    if kind is MetricKind.VALUE:
        return score_id(metric_id)
    if kind is MetricKind.SCORE:
        return value_id(metric_id)
    return None


def metric_key(metric_id: str) -> str:
    """Where a value and its score meet on a page: under the value's ID (OF0xxx). Other rows
    are their own key."""
    return value_id(metric_id) if pair_of(metric_id) else metric_id


def ids_for_number(number: str) -> tuple[str, str]:
    """A metric's value and score IDs from its three digits: "023" -> (OF0023, OF1023)."""
    if not re.fullmatch(r"\d{3}", number):
        raise ValueError(f"{number!r} is not a metric's three digits")
    return _VALUE + number, _SCORE + number


def domain_ids(code: str) -> tuple[str, str]:
    """A domain's score and segment IDs from its two digits: "02" -> (OF4002, OF4102)."""
    if not re.fullmatch(r"\d{2}", code):
        raise ValueError(f"{code!r} is not a domain's two digits")
    return _DOMAIN_SCORE + code, _DOMAIN_SEGMENT + code
