"""NHS England's real mental health and community metric data file, imported once, reproduced to
the last cell."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from leaguetables import actions
from leaguetables.models import League, Quarter, TrustQuarter
from leaguetables.nof import rules
from leaguetables.presentation.words import ordinal
from tests.conftest import REAL_DATA_FILE, REAL_LEAGUE_FILE

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

LEAGUE = "mental-health-and-community"


def published_league_table() -> dict[str, dict[str, str]]:
    with REAL_LEAGUE_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {row["Trust_code"]: row for row in csv.DictReader(handle)}


def exported(quarter: str = "2025-26-q4") -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("export_league", league=LEAGUE, quarter=quarter, stdout=out)
    text = out.getvalue()
    assert text.startswith("\ufeff")  # UTF-8 with a byte-order mark, for spreadsheets
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def as_value(column: str, text: str) -> object:
    """Compare cells as values: "1.0" == "1", "1.2 to 1.89" == "1.20 to 1.89"."""
    if " to " in text:
        return tuple(float(part) for part in text.split(" to "))
    try:
        return float(text)
    except ValueError:
        return text


@pytest.fixture(scope="module")
def real_data(shared_data, django_db_setup, django_db_blocker):
    """NHS England's real metric data file, imported once for the module's read-only tests."""
    with django_db_blocker.unblock():
        yield actions.import_file(content=REAL_DATA_FILE.read_bytes(), source=REAL_DATA_FILE.name)
        call_command("flush", interactive=False, verbosity=0)


def test_league_rank_segments_and_override_match_every_summary_row(real_data):
    league = League.objects.get(slug=LEAGUE)
    overrides = {}
    for quarter in Quarter.objects.all():
        tqs = list(
            TrustQuarter.objects.filter(league=league, quarter=quarter).select_related("trust")
        )
        assert len(tqs) == 61
        derived = rules.league_ranks(
            {tq.trust.ods_code: tq.adjusted_segment for tq in tqs},
            {tq.trust.ods_code: tq.average_score for tq in tqs},
        )
        for tq in tqs:
            assert derived[tq.trust.ods_code] == tq.league_rank, tq
            assert tq.adjusted_segment == quarter.rules.apply_override(
                tq.unadjusted_segment, tq.in_financial_deficit
            ), tq
        overrides[quarter.label] = sum(tq.financial_override_applied for tq in tqs)
        flagged = sum(bool(tq.in_financial_deficit) for tq in tqs)
        assert flagged == {1: 19, 2: 18, 3: 16, 4: 12}[quarter.quarter]
    assert overrides == {"Q1 2025/26": 7, "Q2 2025/26": 6, "Q3 2025/26": 5, "Q4 2025/26": 2}


def test_reproduction_check_finds_every_average_exact_or_within_rounding(real_data):
    results = [real_data]
    statuses = Counter(TrustQuarter.objects.values_list("reproduction", flat=True))
    assert statuses["discrepancy"] == 0
    assert statuses["exact"] + statuses["within_rounding"] == 244
    assert statuses == {"exact": 231, "within_rounding": 13}
    assert all("0 discrepancies" in line for line in results[0].reproduction)


def test_worked_examples_from_the_product_brief(real_data):
    q1 = TrustQuarter.objects.filter(quarter__quarter=1)
    rxg = q1.get(trust__ods_code="RXG")
    assert (rxg.average_score, rxg.unadjusted_segment, rxg.adjusted_segment) == (1.77, 1, 3)
    assert rxg.league_rank == 26 and rxg.financial_override_applied
    assert q1.get(trust__ods_code="RNK").metrics_scored == 5
    assert q1.get(trust__ods_code="RYW").metrics_scored == 6
    q2 = TrustQuarter.objects.filter(quarter__quarter=2)
    assert q2.get(trust__ods_code="RP7").league_rank == q2.get(trust__ods_code="RY2").league_rank


def test_export_gives_a_likely_range_of_rank_for_every_trust_in_every_quarter(real_data):
    for quarter in ("2025-26-q1", "2025-26-q2", "2025-26-q3", "2025-26-q4"):
        rows = exported(quarter)
        assert len(rows) == 61
        for row in rows:
            low, high = (int(part) for part in row["Likely_range_of_rank"].split(" to "))
            assert low <= float(row["Rank"]) <= high, (quarter, row["Trust_code"])
            assert row["Range_source"] == "leaguetables"
            shares = [float(row[f"Segment_{s}_probability"]) for s in (1, 2, 3, 4)]
            # The four shares are stored to 4 dp: their sum may be off by 4 x 0.00005.
            assert abs(sum(shares) - 1) <= 0.0002 + 1e-9


def test_our_q4_ranges_from_the_data_file_alone_match_nhs_englands(real_data):
    ours = {row["Trust_code"]: row for row in exported()}
    published = published_league_table()
    score_close = rank_close = 0
    for code, theirs in published.items():
        our_score = as_value("", ours[code]["Likely_range_of_average_score"])
        their_score = as_value("", theirs["Likely_range_of_average_score"])
        our_rank = as_value("", ours[code]["Likely_range_of_rank"])
        their_rank = as_value("", theirs["Likely_range_of_rank"])
        score_close += all(abs(a - b) <= 0.05 for a, b in zip(our_score, their_score, strict=True))
        rank_close += all(abs(a - b) <= 3 for a, b in zip(our_rank, their_rank, strict=True))
    print(f"score ranges within 0.05: {score_close}/61; rank ranges within 3: {rank_close}/61")
    assert score_close >= 59 and rank_close >= 59  # the issue asks for 95%: 58 of 61
    assert (score_close, rank_close) == (61, 61)


def test_rank_without_override_for_the_seven_trusts_moved_down_in_q1(real_data):
    rows = {row["Trust_code"]: row for row in exported("2025-26-q1")}
    overridden = {code: row for code, row in rows.items() if row["Override_applied"] == "Yes"}
    expected = {"RXG": 3, "RPG": 4, "RY4": 14, "RWR": 15, "RXE": 17, "RP7": 23, "R1A": 26}
    assert {code: int(float(r["Rank_without_override"])) for code, r in overridden.items()} == (
        expected
    )
    for code, row in overridden.items():
        assert float(row["Rank_without_override"]) < float(row["Rank"])
        # Competition rank on (unadjusted segment, average), everyone else as published.
        key = (float(row["Unadjusted_segment"]), float(row["Average_score"]))
        ahead = sum(
            1
            for other, r in rows.items()
            if other != code and (float(r["Segment"]), float(r["Average_score"])) < key
        )
        assert int(float(row["Rank_without_override"])) == ahead + 1


def test_override_note_names_the_segment_without_override(real_data):
    rows = {row["Trust_code"]: row for row in exported("2025-26-q1")}
    assert (
        "financial_override: Segment 3 because of the financial override; its performance "
        "places it in segment 1, where it would rank 3rd." in rows["RXG"]["Context_notes"]
    )


def test_q1_league_page_shows_the_override_note_in_each_overridden_row(real_data, client):
    url = f"/leagues/{LEAGUE}/2025-26-q1/"
    html = client.get(url).content.decode()
    rows = html.split('<tr class="nhsuk-table__row">')[1:]
    assert len(rows) == 61
    expected = {"RXG": (1, 3), "RPG": (1, 4), "RY4": (1, 14), "RWR": (2, 15), "RXE": (2, 17),
                "RP7": (2, 23), "R1A": (2, 26)}  # fmt: skip
    noted = {}
    for row in rows:
        code = row.split('href="/trusts/')[1].split("/")[0]
        if "Segment 3 because of the financial override" in row:
            noted[code] = row
    assert set(noted) == set(expected)
    for code, (segment, rank) in expected.items():
        words = f"places it in segment {segment}, where it would rank {ordinal(rank)}."
        assert words in noted[code], code
    download = client.get(f"{url}?download=csv").content.decode()
    by_code = {row["Trust_code"]: row for row in csv.DictReader(io.StringIO(download))}
    assert len(by_code) == 61
    for code, (segment, rank) in expected.items():
        words = f"places it in segment {segment}, where it would rank {ordinal(rank)}."
        assert words in by_code[code]["Context_notes"]


def test_q2_segment_changes_are_told_apart_from_noise_on_the_league_page(real_data, client):
    html = client.get(f"/leagues/{LEAGUE}/2025-26-q2/").content.decode()
    # NHS England's Q2 note, nationally: 38 changes, 6 override, 8 significant, 24 not.
    # Its threshold is unpublished; ours (the previous average outside this quarter's likely
    # range) finds no score-driven change beyond noise among these 61 trusts.
    assert "Since Q1 2025/26, 14 of 61 trusts changed segment:" in html
    assert "3 because the financial override was applied or removed" in html
    assert "0 on a change of score beyond the likely range, and\n  11 on a change within it" in html


def test_q4_patient_safety_ranks_only_trusts_scored_on_all_its_metrics(real_data, client):
    url = f"/leagues/{LEAGUE}/2025-26-q4/services/patient-safety/"
    html = client.get(url).content.decode()
    # Q4 published two patient-safety scores (crisis response and raising concerns); 16 trusts
    # have only the staff-survey one, and are listed without a rank.
    assert "45 of 61 trusts are ranked here" in html and "2 metrics of this service" in html
    ranked, _, unranked = html.partition("lt-unranked")
    assert unranked.count("not ranked: scored on 1 of 2") == 16
    assert "not ranked" not in ranked.split("<tbody", 1)[1]
    download = client.get(f"{url}?download=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(download)))
    assert Counter((r["Ranked"], r["Metrics_scored_on_service"]) for r in rows) == {
        ("Yes", "2"): 45,
        ("No", "1"): 16,
    }
    assert all(r["Rank_on_service"] == "" for r in rows if r["Ranked"] == "No")


def test_real_trusts_compare_side_by_side_with_the_caveats_beside_their_metrics(client, real_data):
    actions.load_seed_file()
    html = client.get("/compare/?trusts=RXG,RYY,RYX&quarter=2025-26-q1").content.decode()
    assert "South West Yorkshire Partnership NHS Foundation Trust" in html
    assert "Kent Community Health NHS Foundation Trust" in html
    assert "Financial override" in html  # RXG, moved down in Q1
    assert "Percentage of inpatients with &gt;60 day length of stay" in html
    assert "readmissions are not measured" in html
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/compare/?trusts=RXG,RYY&download=csv").content.decode("utf-8-sig")
            )
        )
    )
    rxg = next(r for r in rows if r["Trust_code"] == "RXG" and r["Metric_ID"] == "OF0063")
    assert rxg["Quarter"] == "Q4 2025/26" and rxg["Value"] == "22.07"
    assert "readmissions" in rxg["Caveat"]
    league = client.get(f"/leagues/{LEAGUE}/2025-26-q4/").content.decode()
    assert "Readmissions beside length of stay" in league
    assert "Restraint and other restrictive practice" in league
