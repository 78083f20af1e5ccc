"""The importer takes NHS England's files with all their drift, and a bad file changes nothing."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from leaguetables import actions
from leaguetables.models import (
    ContextNote,
    ImportRecord,
    League,
    Metric,
    MetricResult,
    Quarter,
    Revision,
    Trust,
    TrustQuarter,
)
from leaguetables.nof.files import LEAGUE_FILE_COLUMNS, NOFFileError
from leaguetables.presentation.words import note_text
from tests import nof_files

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    """Every stored row of every model, to prove a rejected file left the database as it was."""
    objects = []
    for model in (League, Trust, TrustQuarter, Metric, MetricResult, ImportRecord, Revision):
        objects.extend(model.objects.order_by("pk"))
    return serializers.serialize("json", objects)


def load(content: bytes, source: str = "file.csv", **options):
    return actions.import_file(content=content, source=source, **options)


def test_data_file_stores_every_row_and_the_summary():
    result = load(nof_files.data_file())
    assert (result.added, result.changed, result.unchanged) == (24, 0, 0)
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ2")
    assert (tq.unadjusted_segment, tq.adjusted_segment, tq.league_rank) == (2, 3, 2)
    assert tq.in_financial_deficit is True and tq.financial_override_applied is True
    assert tq.average_score == 2.5 and tq.metrics_scored == 2
    assert tq.reproduction == "exact"
    assert MetricResult.objects.count() == 24


def test_reimporting_the_same_file_changes_nothing():
    load(nof_files.data_file())
    before = snapshot()
    result = load(nof_files.data_file(), source="again.csv")
    assert result.already_imported
    assert snapshot() == before


@pytest.mark.parametrize(
    "options",
    [
        {"bom": True, "crlf": False},
        {"bom": False, "crlf": False},
        {"bom": True, "crlf": True},
        {"bom": False, "crlf": True},
    ],
    ids=["bom", "no-bom", "bom-crlf", "crlf"],
)
def test_byte_order_mark_and_line_ends_make_no_difference(options):
    load(nof_files.data_file(**options))
    assert MetricResult.objects.count() == 24
    assert Metric.objects.filter(metric_id="OF0005").exists()  # no BOM glued to a name


def test_file_without_quarter_column_takes_it_from_the_summary_rows():
    rows = [{k: v for k, v in row.items() if k != "Quarter"} for row in nof_files.trust_rows()]
    header = [c for c in nof_files.DATA_HEADER if c != "Quarter"]
    load(nof_files.write(rows, header))
    assert {tq.quarter.label for tq in TrustQuarter.objects.all()} == {"Q1 2025/26"}


def test_file_without_quarter_column_or_summary_period_needs_the_option():
    rows = [
        {**row, "Reporting_date": "Jun-25"}
        for row in nof_files.trust_rows()
        if not row["Metric_ID"].startswith("OF5")
    ]
    header = [c for c in nof_files.DATA_HEADER if c != "Quarter"]
    content = nof_files.write(rows, header)
    with pytest.raises(NOFFileError, match="give --quarter"):
        load(content)
    load(content, quarter=(2025, 2))
    assert {tq.quarter.slug for tq in TrustQuarter.objects.all()} == {"2025-26-q2"}


def test_non_acute_hospital_trust_is_the_mental_health_and_community_league():
    load(nof_files.data_file(nof_files.trust_rows(trust_type="Non-acute hospital trust")))
    load(nof_files.data_file(nof_files.trust_rows("Q2 2025/26")))
    assert list(League.objects.values_list("slug", flat=True)) == ["mental-health-and-community"]
    assert TrustQuarter.objects.filter(trust__ods_code="ZZ1").count() == 2
    # What each quarter said is kept.
    assert set(TrustQuarter.objects.values_list("trust_type", flat=True)) == {
        "Non-acute hospital trust",
        "Mental health and community trust",
    }


def test_empty_value_and_rank_cells_are_stored_as_missing():
    rows = nof_files.trust_rows()
    rows[0]["Value"] = ""
    rows[0]["Rank"] = ""
    load(nof_files.data_file(rows))
    result = MetricResult.objects.get(
        trust_quarter__trust__ods_code="ZZ1", metric__metric_id="OF0005"
    )
    assert result.value is None and result.published_rank is None


def test_floats_written_as_whole_numbers_are_read_as_ranks_and_segments():
    load(nof_files.data_file())
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ3")
    assert tq.league_rank == 3 and isinstance(tq.league_rank, int)


def test_a_later_file_restating_earlier_quarters_changes_nothing_it_repeats():
    load(nof_files.data_file())
    restated = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    result = load(nof_files.data_file(restated), source="q2.csv")
    assert (result.added, result.changed, result.unchanged) == (24, 0, 24)
    assert not Revision.objects.exists()


def test_a_revision_replaces_values_and_keeps_the_old_ones():
    first = load(nof_files.data_file(), source="data-q1.csv").record
    rows = nof_files.trust_rows()
    rows[0]["Value"] = "9.99"  # ZZ1 OF0005 corrected
    result = load(nof_files.data_file(rows), source="data-q1-v2.csv")
    assert (result.added, result.changed, result.unchanged) == (0, 1, 23)
    stored = MetricResult.objects.get(
        trust_quarter__trust__ods_code="ZZ1", metric__metric_id="OF0005"
    )
    assert stored.value == 9.99 and stored.source == result.record
    revision = Revision.objects.get()
    assert (revision.field, revision.old_value, revision.new_value) == (
        "OF0005 [%] value",
        "2.0",
        "9.99",
    )
    assert revision.previous_source == first


def test_one_metric_published_twice_under_different_units_keeps_both():
    rows = nof_files.trust_rows()
    extra = [
        {**row, "Units": "count", "Value": repr(float(row["Value"]) * 2)}
        for row in rows
        if row["Metric_ID"] == "OF0005"
    ]
    load(nof_files.data_file(rows + extra))
    results = MetricResult.objects.filter(
        trust_quarter__trust__ods_code="ZZ1", metric__metric_id="OF0005"
    )
    assert sorted(results.values_list("metric__units", "value")) == [("%", 2.0), ("count", 4.0)]
    # Each unit is a metric of its own, with its own direction read from the scores.
    metrics = Metric.objects.filter(metric_id="OF0005").order_by("units")
    assert [(m.units, m.direction) for m in metrics] == [("%", "lower"), ("count", "lower")]


def test_league_file_and_data_file_agree_in_either_order():
    load(nof_files.league_file(), source="league.csv")
    load(nof_files.data_file(), source="data.csv")
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ1")
    assert (tq.published_rank_low, tq.published_rank_high, tq.league_rank) == (1, 3, 1)
    assert not Revision.objects.exists()


def test_reproduction_check_flags_a_real_discrepancy():
    rows = nof_files.trust_rows()
    for row in rows:
        if row["Trust_code"] == "ZZ3" and row["Metric_ID"] == "OF5002":
            row["Value"] = "3.5"  # published average; the scores give 3.75
    result = load(nof_files.data_file(rows))
    assert "1 discrepancies" in result.reproduction[0]
    assert TrustQuarter.objects.get(trust__ods_code="ZZ3").reproduction == "discrepancy"
    assert TrustQuarter.objects.get(trust__ods_code="ZZ1").reproduction == "exact"


def _mangled(change) -> bytes:
    rows = nof_files.trust_rows()
    header = list(nof_files.DATA_HEADER)
    change(rows, header)
    return nof_files.write(rows, header)


def _drop_units(rows, header):
    header.remove("Units")


def _text_value(rows, header):
    rows[4]["Value"] = "n/a"


def _repeat_row(rows, header):
    rows.insert(7, dict(rows[3]))


def _unknown_league(rows, header):
    rows[9]["Trust_type"] = "Dental practice"


def _text_rank(rows, header):
    rows[2]["Rank"] = "third"


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        (_drop_units, 1, "Units", "lacks Units"),
        (_text_value, 6, "Value", "'n/a' is not a number"),
        (_repeat_row, 9, "Trust_code", "repeats the trust, quarter, metric and units of row 5"),
        (_unknown_league, 11, "Trust_type", "'Dental practice' is not a known league"),
        (_text_rank, 4, "Rank", "'third' is not a number"),
    ],
    ids=["missing-column", "value-not-a-number", "repeated-row", "unknown-league", "bad-rank"],
)
def test_malformed_file_is_rejected_naming_row_and_column_and_changes_nothing(
    change, row, column, words
):
    load(nof_files.data_file(), source="good.csv")
    before = snapshot()
    with pytest.raises(NOFFileError) as raised:
        load(_mangled(change), source="bad.csv")
    error = raised.value
    assert (error.source, error.row, error.column) == ("bad.csv", row, column)
    assert words in str(error)
    assert str(error).startswith(f"bad.csv: row {row}, column {column!r}")
    assert snapshot() == before


def test_a_file_failing_after_writes_began_is_rolled_back(monkeypatch):
    load(nof_files.data_file(), source="good.csv")
    before = snapshot()

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("leaguetables.importing.derive.refresh_league_quarters", explode)
    rows = nof_files.trust_rows()
    rows[0]["Value"] = "7.5"
    with pytest.raises(RuntimeError):
        load(nof_files.data_file(rows), source="revised.csv")
    assert snapshot() == before


def test_import_command_prints_a_summary_and_rejects_bad_files(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(nof_files.data_file())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_mangled(_text_value))
    with pytest.raises(CommandError, match="1 of 2 files rejected"):
        call_command("import_nof", str(good), str(bad))
    out, err = capsys.readouterr()
    assert "3 trusts, 8 metrics, 1 quarter, 24 rows: 24 added, 0 changed, 0 unchanged" in out
    assert "reproduction check Q1 2025/26: 3 trust-quarters checked: 3 exact" in out
    assert "rejected, nothing imported" in err and "row 6, column 'Value'" in err


def test_import_command_refuses_other_schemes(capsys):
    with pytest.raises(CommandError):
        call_command("import_nof", "ftp://example.invalid/file.csv")
    assert "only local files and https:// URLs" in capsys.readouterr().err


def test_import_command_downloads_https_sources(monkeypatch, capsys):
    content = nof_files.data_file()

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, limit):
            return content

    monkeypatch.setattr("urllib.request.urlopen", lambda request, timeout: Response())
    url = "https://www.england.nhs.uk/wp-content/uploads/2025/09/nof-data.csv"
    call_command("import_nof", url)
    assert ImportRecord.objects.get().source == url
    assert "24 added" in capsys.readouterr().out


def test_a_league_file_alone_is_not_checked_rather_than_a_discrepancy():
    result = load(nof_files.league_file(), source="league.csv")
    assert "0 discrepancies, 3 not checked" in result.reproduction[0]


def test_refreshing_derived_figures_changes_nothing_when_nothing_changed(capsys):
    load(nof_files.data_file())
    before = snapshot()
    notes = list(ContextNote.objects.values_list("kind", "short_text"))
    call_command("refresh_derived")
    assert snapshot() == before
    assert list(ContextNote.objects.values_list("kind", "short_text")) == notes
    assert "3 trust-quarters checked: 3 exact" in capsys.readouterr().out


def test_export_league_writes_json_and_refuses_unknown_leagues_and_quarters(capsys):
    load(nof_files.data_file())
    out = io.StringIO()
    call_command(
        "export_league", league="mental-health-and-community", quarter="Q1 2025/26",
        format="json", stdout=out,
    )  # fmt: skip
    payload = json.loads(out.getvalue())
    assert [c["name"] for c in payload["columns"][:12]] == list(LEAGUE_FILE_COLUMNS)
    assert [row["Trust_code"] for row in payload["rows"]] == ["ZZ1", "ZZ2", "ZZ3"]
    assert payload["rows"][1]["Segment"] == 3 and payload["rows"][1]["Override_applied"] is True
    assert payload["league"] == "mental-health-and-community" and payload["quarter"] == "2025-26-q1"
    with pytest.raises(CommandError, match="no league 'dentists'"):
        call_command("export_league", league="dentists", quarter="2025-26-q1")
    with pytest.raises(CommandError, match="no mental-health-and-community results"):
        call_command("export_league", league="mental-health-and-community", quarter="2031-32-q1")
    with pytest.raises(CommandError, match="is not a quarter"):
        call_command("export_league", league="mental-health-and-community", quarter="Q5")


def test_a_revised_value_is_noted_beside_the_trust(client):
    load(nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows()
    rows[0]["Value"] = "9.99"  # ZZ1 OF0005 corrected
    load(nof_files.data_file(rows), source="https://example.nhs.uk/data-q1-v2.csv")
    note = note_text(ContextNote.objects.get(trust_quarter__trust__ods_code="ZZ1", kind="data"))
    assert "1 published value revised" in note.short
    assert "OF0005 [%] value 2.0 to 9.99 (data-q1-v2.csv)" in note.long
    assert not ContextNote.objects.filter(trust_quarter__trust__ods_code="ZZ2", kind="data")


def test_a_restated_quarter_names_the_date_of_the_file_that_restates_it(client):
    """A later quarter's file carries the earlier quarters: their pages say whose figures
    they show, not that no date was recorded (the date given is the later file's)."""
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    load(nof_files.data_file(rows), "data-q2.csv", published_on=date(2025, 11, 13))
    q1, q2 = Quarter.objects.order_by("quarter")
    assert (q1.published_on, q1.restated_on) == (None, date(2025, 11, 13))
    assert (q2.published_on, q2.restated_on) == (date(2025, 11, 13), None)
    page = client.get("/leagues/mental-health-and-community/2025-26-q1/").content.decode()
    text = " ".join(page.split())
    assert "restated in NHS England's files published" in text
    assert '<time datetime="2025-11-13">13 November 2025</time>' in text
    assert "not recorded at import." not in text
    latest = client.get("/leagues/mental-health-and-community/2025-26-q2/").content.decode()
    assert "restated" not in " ".join(latest.split())
    # A draft's date is not public: it restates nothing until it is published.
    rows3 = rows + nof_files.trust_rows("Q3 2025/26")
    load(nof_files.data_file(rows3), "data-q3.csv", published_on=date(2026, 2, 12), draft=True)
    assert Quarter.objects.get(quarter=1).restated_on == date(2025, 11, 13)
