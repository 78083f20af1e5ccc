"""Bulk open data: one tidy file per league (every public quarter, one row per
trust-quarter-metric, numeric ranks, the notes), described by a Frictionless data package;
always the current public data, a scheduled release included from its instant."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction

from leaguetables import actions
from leaguetables.models import League, Quarter
from leaguetables.presentation import bulk
from tests import nof_files

pytestmark = pytest.mark.django_db

LEAGUE = "mental-health-and-community"
INSTANT = datetime(2026, 6, 11, 9, 30, tzinfo=UTC)


@pytest.fixture
def site():
    """Q1 public, Q2 a draft."""
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv", draft=True)


def rows_of(content: bytes) -> list[dict[str, str]]:
    assert not content.startswith(b"\xef\xbb\xbf")  # no byte-order mark in machine files
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_one_tidy_file_per_league_with_numeric_ranks_and_notes(client, site):
    response = client.get(f"/data/bulk/{LEAGUE}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = rows_of(response.content)
    assert {row["Quarter"] for row in rows} == {"Q1 2025/26"}  # the draft is absent
    keys = [(r["Quarter"], r["Trust_code"], r["Metric_ID"], r["Units"]) for r in rows]
    assert len(keys) == len(set(keys))  # one row per trust-quarter-metric (and unit)
    assert {r["Trust_code"] for r in rows} == {"ZZ1", "ZZ2", "ZZ3"}
    assert all(r["Rank"].isdigit() for r in rows)
    assert {r["Metric_kind"] for r in rows} == {"value", "score"}
    assert all(r["Source"].startswith("NHS England, NHS Oversight Framework: ") for r in rows)
    assert any(r["Context_note_kinds"] for r in rows)
    notes = rows_of(client.get(f"/data/bulk/{LEAGUE}-notes.csv").content)
    assert notes and {"Note_kind", "Note_short", "Note_long", "Note_source"} <= set(notes[0])
    api = client.get(f"/api/v1/leagues/{LEAGUE}/2025-26-q1/notes").json()["notes"]
    assert [n["Note_short"] for n in notes] == [n["note"]["short"] for n in api]


def test_the_data_package_describes_every_file(client, site):
    package = client.get("/data/bulk/datapackage.json").json()
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert {s["title"] for s in package["sources"]} >= {"data-q1.csv"}
    names = [r["path"] for r in package["resources"]]
    assert names == [f"{LEAGUE}.csv", f"{LEAGUE}-notes.csv"]
    for resource in package["resources"]:
        content = client.get(f"/data/bulk/{resource['path']}").content
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)
        header = next(csv.reader(io.StringIO(content.decode())))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for row in rows_of(content):  # every value fits its declared type
            for name, value in row.items():
                if value == "":
                    continue
                if types[name] == "integer":
                    int(value)
                elif types[name] == "number":
                    float(value)
                elif types[name] == "boolean":
                    assert value in ("Yes", "No")
    assert client.get("/data/bulk/")["Location"] == "/data/bulk/datapackage.json"
    assert client.get("/data/bulk/nothing.csv").status_code == 404


def test_the_files_follow_publication_and_a_scheduled_instant(client, site):
    league, quarter = League.objects.get(), Quarter.objects.get(quarter=2)
    with time_machine.travel(INSTANT - timedelta(days=1), tick=False):
        before = client.get(f"/data/bulk/{LEAGUE}.csv")
        actions.publish_release(league=league, quarter=quarter, at=INSTANT)
        assert b"Q2 2025/26" not in client.get(f"/data/bulk/{LEAGUE}.csv").content
    with time_machine.travel(INSTANT, tick=False):  # no action: only the clock moved
        after = client.get(f"/data/bulk/{LEAGUE}.csv")
        assert b"Q2 2025/26" in after.content
        assert after["ETag"] != before["ETag"]
        again = client.get(f"/data/bulk/{LEAGUE}.csv", HTTP_IF_NONE_MATCH=after["ETag"])
        assert again.status_code == 304
    actions.withdraw_release(league=league, quarter=quarter, reason="Corrected")
    assert b"Q2 2025/26" not in client.get(f"/data/bulk/{LEAGUE}.csv").content


def test_a_publication_refreshes_the_copy_on_disk(site, settings, tmp_path, monkeypatch):
    settings.BULK_DATA_DIR = str(tmp_path)
    calls = []  # the bulk refresh only (an import also analyses its tables on PostgreSQL)
    monkeypatch.setattr(
        transaction,
        "on_commit",
        lambda hook: hook.__qualname__.startswith("published") and calls.append(hook),
    )
    actions.publish_release(league=League.objects.get(), quarter=Quarter.objects.get(quarter=2))
    assert len(calls) == 1
    calls[0]()
    written = {path.name for path in tmp_path.iterdir()}
    assert written == {"datapackage.json", f"{LEAGUE}.csv", f"{LEAGUE}-notes.csv"}
    assert b"Q2 2025/26" in (tmp_path / f"{LEAGUE}.csv").read_bytes()
    package = json.loads((tmp_path / "datapackage.json").read_bytes())
    assert package["resources"][0]["path"] == f"{LEAGUE}.csv"
    # A draft import changes nothing public: no refresh.
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q3 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q3.csv", draft=True)
    assert len(calls) == 1


def test_nothing_public_is_an_empty_package(client, db):
    package = client.get("/data/bulk/datapackage.json").json()
    assert package["resources"] == []
    assert bulk.PACKAGE == "datapackage.json"


def test_a_version_already_made_costs_only_its_version(client, site, django_assert_num_queries):
    client.get("/data/bulk/datapackage.json")
    # The data version, and nothing else: the files are held. On PostgreSQL the version is
    # read through libpq (models.versions), which Django's query log does not see.
    with django_assert_num_queries(0 if connection.vendor == "postgresql" else 1):
        assert client.get(f"/data/bulk/{LEAGUE}.csv").status_code == 200


def test_the_league_file_carries_each_metrics_caveat(client, site):
    from leaguetables.models import MetricCaveat

    actions.save_caveat(caveat=MetricCaveat(league=LEAGUE, metric_id="OF1005",
                                            text="Counts only waits that were reported.",
                                            source="Our reading"))  # fmt: skip
    rows = rows_of(client.get(f"/data/bulk/{LEAGUE}.csv").content)
    by_metric = {
        (r["Metric_ID"], r["Caveat"]) for r in rows if r["Metric_ID"] in ("OF0005", "OF1005")
    }
    assert by_metric == {("OF0005", "Counts only waits that were reported."),
                         ("OF1005", "Counts only waits that were reported.")}  # fmt: skip
    assert {r["Caveat"] for r in rows if r["Metric_ID"] not in ("OF0005", "OF1005")} == {""}
