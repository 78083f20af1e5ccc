"""The open data API (/api/v1/): published data only, every response carrying its notes,
likely ranges, source files and licence; the league table equals `export_league`'s; CSV with the
web downloads' columns; bad input a JSON 400/404, never a 500."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from leaguetables import actions
from leaguetables.models import League, Quarter
from tests import nof_files

pytestmark = pytest.mark.django_db

API = "/api/v1"
LEAGUE = "mental-health-and-community"
DRAFT = "2025-26-q2"


@pytest.fixture
def site():
    """Q1 public (metric data and league table files), Q2 a draft."""
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    actions.import_file(content=nof_files.league_file(nof_files.league_rows()),
                        source="league-q1.csv")  # fmt: skip
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv", draft=True)


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_league_table_equals_export_league(client, site):
    out = io.StringIO()
    call_command("export_league", league=LEAGUE, quarter="2025-26-q1", stdout=out)
    response = client.get(f"{API}/leagues/{LEAGUE}/2025-26-q1?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == out.getvalue()
    out = io.StringIO()
    call_command("export_league", league=LEAGUE, quarter="2025-26-q1", format="json", stdout=out)
    exported = json.loads(out.getvalue())["rows"]
    api = get_json(client, f"{API}/leagues/{LEAGUE}/2025-26-q1")["rows"]
    assert len(api) == len(exported) == 3
    for ours, theirs in zip(api, exported, strict=True):
        assert ours["trust"]["code"] == theirs["Trust_code"]
        assert ours["trust"]["name"] == theirs["Trust_name"]
        assert ours["rank"] == theirs["Rank"] and ours["segment"] == theirs["Segment"]
        assert ours["average_score"] == theirs["Average_score"]
        assert (ours["rank_low"], ours["rank_high"]) == (
            theirs["Likely_rank_low"],
            theirs["Likely_rank_high"],
        )
        assert ours["score_low"] == theirs["Likely_average_score_low"]
        assert ours["previous_rank"] == theirs["Previous_rank"]
        assert [{k: n[k] for k in ("kind", "short", "long", "source")} for n in ours["notes"]] == [
            {k: n[k] for k in ("kind", "short", "long", "source")} for n in theirs["Context_notes"]
        ]


def test_every_response_carries_its_context(client, site):
    body = get_json(client, f"{API}/leagues/{LEAGUE}/2025-26-q1")
    context = body["context"]
    assert context["api_version"] == "1"
    assert context["licence"]["name"] == "Open Government Licence v3.0"
    assert {f["file_name"] for f in context["source_files"]} >= {"data-q1.csv", "league-q1.csv"}
    assert all(len(f["sha256"]) == 64 for f in context["source_files"])
    assert context["quarter"]["slug"] == "2025-26-q1"
    row = body["rows"][0]
    assert {"rank_low", "rank_high", "score_low", "score_high", "range_source"} <= set(row)
    assert any(row["notes"] for row in body["rows"])
    note = next(n for row in body["rows"] for n in row["notes"])
    assert {"kind", "short", "long", "source"} <= set(note)
    for url in ("/", "/leagues", f"/leagues/{LEAGUE}", "/trusts", "/releases", "/trusts/ZZ1",
                "/trusts/ZZ1/2025-26-q1", f"/leagues/{LEAGUE}/2025-26-q1/notes",
                f"/leagues/{LEAGUE}/2025-26-q1/metrics",
                f"/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005",
                f"/leagues/{LEAGUE}/2025-26-q1/services",
                f"/leagues/{LEAGUE}/2025-26-q1/services/elective-care"):  # fmt: skip
        assert get_json(client, API + url)["context"]["licence"]["url"].startswith("https://")


def test_tables_are_csv_with_the_web_downloads_columns(client, site):
    pairs = [
        (f"{API}/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005",
         f"/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005/"),
        (f"{API}/leagues/{LEAGUE}/2025-26-q1/services/elective-care",
         f"/leagues/{LEAGUE}/2025-26-q1/services/elective-care/"),
        (f"{API}/trusts/ZZ1/2025-26-q1", "/trusts/ZZ1/2025-26-q1/"),
    ]  # fmt: skip
    for api, page in pairs:
        ours = client.get(api + "?format=csv")
        assert ours.status_code == 200, api
        assert ours.content == client.get(page + "?download=csv").content, api
    for url in (f"/leagues/{LEAGUE}/2025-26-q1/notes", "/trusts/ZZ1"):
        text = client.get(f"{API}{url}?format=csv").content.decode()
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert "Licence" in header and "Quarter" in header, url


def test_drafts_are_absent_from_every_response(client, site, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    actions.make_editor(user=editor)
    for reader in ("anonymous", "editor"):
        if reader == "editor":
            client.force_login(editor)  # the API is public data only, whoever asks
        for url in api_surfaces(DRAFT):
            response = client.get(url)
            if DRAFT in url:
                assert response.status_code == 404, (reader, url)
            else:
                assert response.status_code == 200, (reader, url)
                assert DRAFT.encode() not in response.content, (reader, url)
                assert b"Q2 2025/26" not in response.content, (reader, url)
    trusts = get_json(client, f"{API}/trusts")["trusts"]
    assert [t["trust"]["code"] for t in trusts] == ["ZZ1", "ZZ2", "ZZ3"]
    assert [t["trust"]["code"] for t in get_json(client, f"{API}/trusts?q=zz2")["trusts"]] == [
        "ZZ2"
    ]
    # Published, it appears.
    actions.publish_release(league=League.objects.get(), quarter=Quarter.objects.get(quarter=2))
    assert client.get(f"{API}/leagues/{LEAGUE}/{DRAFT}").status_code == 200
    assert DRAFT.encode() in client.get(f"{API}/releases").content


def api_surfaces(quarter: str) -> list[str]:
    league = f"{API}/leagues/{LEAGUE}/{quarter}"
    return [f"{API}/leagues", f"{API}/leagues/{LEAGUE}", league, f"{league}?format=csv",
            f"{league}/notes", f"{league}/metrics", f"{league}/metrics/OF0005",
            f"{league}/services", f"{league}/services/elective-care", f"{API}/trusts",
            f"{API}/trusts?q=zz2", f"{API}/trusts/ZZ2", f"{API}/trusts/ZZ2?format=csv",
            f"{API}/trusts/ZZ2/{quarter}", f"{API}/trusts/ZZ2/{quarter}?format=csv",
            f"{API}/releases"]  # fmt: skip


@pytest.mark.parametrize("url,status", [
    ("/leagues/dentists", 404), (f"/leagues/{LEAGUE}/2031-32-q1", 404),
    (f"/leagues/{LEAGUE}/2025-26-q1?format=xlsx", 400), (f"/leagues/{LEAGUE}/q1", 400),
    (f"/leagues/{LEAGUE}/2025-26-q1/metrics/OF9999", 404), ("/trusts/NOPE1", 404),
    (f"/leagues/{LEAGUE}/2025-26-q1/services/nothing", 404), ("/trusts?q=%00", 400),
    ("/nothing/here", 404), (f"/leagues/{LEAGUE}/2025-26-q9", 404),
])  # fmt: skip
def test_bad_input_is_a_json_400_or_404(client, site, url, status):
    body = get_json(client, API + url, status)
    assert isinstance(body["detail"], str) and body["detail"]


def test_a_withdrawn_release_is_gone_and_says_why(client, site):
    league, quarter = League.objects.get(), Quarter.objects.get(quarter=2)
    actions.publish_release(league=league, quarter=quarter)
    actions.withdraw_release(league=league, quarter=quarter, reason="NHS England corrected it")
    body = get_json(client, f"{API}/leagues/{LEAGUE}/{DRAFT}", 410)
    assert "NHS England corrected it" in body["detail"]


def test_the_schema_and_its_docs_are_served_from_our_own_files(client, site):
    schema = get_json(client, f"{API}/openapi.json")
    assert schema["openapi"].startswith("3.") and schema["info"]["version"] == "1"
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "frame-ancestors 'none'" in docs["Content-Security-Policy"]


@pytest.mark.parametrize("url,count", [
    ("/api/v1/leagues", 3), (f"/api/v1/leagues/{LEAGUE}/2025-26-q1", 7),
    (f"/api/v1/leagues/{LEAGUE}/2025-26-q1?format=csv", 7), ("/api/v1/trusts", 4),
    # A trust's page, API and embed also read its league's metric caveats (one query).
    ("/api/v1/trusts/ZZ1", 9), ("/api/v1/trusts/ZZ1/2025-26-q1", 9), ("/api/v1/releases", 4),
    (f"/api/v1/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005", 9),  # and its caveat
    (f"/api/v1/leagues/{LEAGUE}/2025-26-q1/services/elective-care", 9),  # and caveats
    (f"/api/v1/leagues/{LEAGUE}/2025-26-q1/notes", 7),
    ("/embed/trusts/ZZ1/", 9), ("/embed/trusts/ZZ1/rank.svg", 9),
    ("/feeds/trusts/ZZ1.atom", 4),
])  # fmt: skip
def test_query_counts(client, site, django_assert_num_queries, url, count):
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_a_metric_table_carries_its_caveat_as_the_page_and_its_download_do(client, site):
    from leaguetables.models import MetricCaveat

    actions.save_caveat(caveat=MetricCaveat(league=LEAGUE, metric_id="OF0005",
                                            text="Counts only waits that were reported.",
                                            source="Our reading"))  # fmt: skip
    api = f"{API}/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005"
    found = get_json(client, api)["caveat"]
    assert found["text"] == "Counts only waits that were reported."
    assert found["source"] == "Our reading"
    page = f"/leagues/{LEAGUE}/2025-26-q1/metrics/OF0005/?download=csv"
    ours = client.get(api + "?format=csv").content
    assert ours == client.get(page).content and b"Counts only waits" in ours
    assert get_json(client, f"{API}/leagues/{LEAGUE}/2025-26-q1/metrics/OF0016")["caveat"] is None
    service = f"/leagues/{LEAGUE}/2025-26-q1/services/elective-care"
    ours = client.get(f"{API}{service}?format=csv").content
    assert ours == client.get(f"{service}/?download=csv").content and b"Counts only waits" in ours
