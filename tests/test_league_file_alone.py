"""A league table file alone still tells the truth: on publication day, or for a league whose
metric data file is late, the override is inferred where the file supports it, non-specialist
ranks are given, and no row is called a discrepancy. Checked on the demo's acute Q3 league
table file, whose true segments the demo generator knows, whole and with five trusts missing
(as a third party's extract of 129 of 134 trusts was)."""

from __future__ import annotations

import csv
import io

import pytest

from leaguetables import actions, demo
from leaguetables.models import TrustQuarter
from leaguetables.nof import leagues
from leaguetables.presentation.words import note_text

pytestmark = pytest.mark.django_db
Q3 = 2  # the demo's quarters are 0-based


@pytest.fixture(scope="module")
def acute():
    """The demo's acute league: its files' bytes and what the generator knows of Q3."""
    data = next(d for d in demo.build() if d.league.slug == "acute")
    return data


@pytest.fixture(scope="module")
def league_file(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("demo")
    path = next(
        p
        for p in demo.write_demo_files(folder)
        if p.name.endswith("acute-trust-league-table-q3-25-26.csv")
    )
    return path.read_bytes()


def without(content: bytes, count: int) -> bytes:
    """The file with `count` trusts from the middle of the table left out."""
    text = content.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    middle = len(lines) // 2
    return ("\ufeff" + "".join(lines[:middle] + lines[middle + count :])).encode()


def clear_cases(acute) -> dict[str, int]:
    """Trusts in deficit moved down whose average lies below every segment-2 average of the
    trusts not in deficit: the file alone must say so, with their segment."""
    result, deficit = acute.results[Q3], acute.inputs[Q3].in_deficit
    segment_two = [
        a for c, a in result.averages.items() if not deficit[c] and result.adjusted[c] == 2
    ]
    return {
        code: result.unadjusted[code]
        for code, average in result.averages.items()
        if deficit[code] and result.unadjusted[code] in (1, 2) and average < min(segment_two)
    }


@pytest.mark.parametrize("missing", [0, 5], ids=["whole league", "129 of 134"])
def test_the_override_is_inferred_where_the_league_file_supports_it(acute, league_file, missing):
    content = without(league_file, missing) if missing else league_file
    actions.import_file(content=content, source="acute-league-q3.csv", illustrative=True)
    rows = {tq.trust.ods_code: tq for tq in TrustQuarter.objects.select_related("trust")}
    assert len(rows) == 134 - missing
    cases = {code: segment for code, segment in clear_cases(acute).items() if code in rows}
    assert len(cases) >= 5
    for code, segment in cases.items():
        tq = rows[code]
        assert tq.financial_override_applied and tq.override_inferred, code
        assert tq.segment_without_override == segment, code
        note = note_text(tq.notes.get(kind="financial_override"))
        assert note.short.startswith("Segment 3 because of the financial override"), code
        assert f"segment {segment}" in note.short
        assert tq.rank_without_override is not None and tq.rank_without_override < tq.league_rank
    # Never a claim the file does not support: every inferred override is a true one.
    result = acute.results[Q3]
    for code, tq in rows.items():
        if tq.financial_override_applied:
            assert result.adjusted[code] != result.unadjusted[code], code
            if tq.segment_without_override is not None:
                assert tq.segment_without_override == result.unadjusted[code], code
    # No row is a discrepancy: without scores an average is not checked.
    assert {tq.reproduction for tq in rows.values()} == {"not_checked"}
    # Non-specialist trusts are ranked among themselves, specialist ones are not.
    for tq in rows.values():
        if leagues.is_specialist(tq.subtype):
            assert tq.rank_among_non_specialist is None
        else:
            assert tq.rank_among_non_specialist is not None
            assert tq.rank_among_non_specialist <= tq.league_rank


def test_the_league_download_of_a_league_file_alone_says_what_was_inferred(
    client, acute, league_file
):
    actions.import_file(content=league_file, source="acute-league-q3.csv", illustrative=True)
    text = client.get("/leagues/acute/2025-26-q3/?download=csv").content.decode("utf-8-sig")
    rows = {row["Trust_code"]: row for row in csv.DictReader(io.StringIO(text))}
    code, segment = next(iter(clear_cases(acute).items()))
    assert rows[code]["Override_applied"] == "Yes"
    assert rows[code]["Unadjusted_segment_inferred"] == "Yes"
    assert rows[code]["Unadjusted_segment"] == str(segment)
    assert all(row["Reproduction_check"] == "not_checked" for row in rows.values())
