"""The whole demo site, its three leagues loaded together through the real importer, as a new
user meets it: each league's pages show only that league's metrics, a metric published in two
units shows both, every table downloads with the same columns as CSV and JSON, the about pages
describe the demo, and every page reads the database a fixed number of times."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leaguetables.models import Metric, TrustQuarter
from leaguetables.nof import files, metric_ids
from leaguetables.presentation import columns

QUARTER = "2025-26-q4"
LEAGUES = ("acute", "mental-health-and-community", "ambulance")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def league_metrics(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, set[str]]:
    """Every demo file imported once for the module, in NHS England's order; returns the
    metric IDs each league's own files carry."""
    found: dict[str, set[str]] = defaultdict(set)
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        call_command("load_demo", str(folder), stdout=io.StringIO())  # as `make run` does
        for path in sorted(folder.glob("*-data*.csv")):
            parsed = files.parse(path.read_bytes(), path.name)
            found[parsed.league] |= {row.metric_id for row in parsed.rows}
        yield dict(found)
        call_command("flush", interactive=False, verbosity=0)


def top_trust(league: str) -> TrustQuarter:
    return (
        TrustQuarter.objects.filter(league__slug=league, quarter__quarter=4)
        .select_related("trust")
        .order_by("league_rank", "name")
        .first()
    )


def csv_rows(response) -> tuple[list[str], list[dict[str, str]]]:
    assert response.content.startswith("\ufeff".encode()), "CSV downloads start with a BOM"
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_no_page_of_a_league_shows_a_metric_its_files_do_not_have(client, league_metrics):
    for league in LEAGUES:
        own = league_metrics[league]
        page = client.get(f"/leagues/{league}/{QUARTER}/services/patient-safety/")
        services = set(re.findall(rf"/leagues/{league}/{QUARTER}/services/([a-z-]+)/", page.text))
        assert len(services) >= 3, league
        for service in services:
            html = client.get(f"/leagues/{league}/{QUARTER}/services/{service}/").text
            shown = set(re.findall(r"/metrics/(OF\d{4})/", html))
            assert shown, (league, service)
            assert shown <= own, f"{league} {service} shows {shown - own}"
        tq = top_trust(league)
        trust_page = client.get(f"/trusts/{tq.trust.ods_code}/{QUARTER}/").text
        assert set(re.findall(r"/metrics/(OF\d{4})/", trust_page)) <= own
    # A metric of another league is no page of this one.
    acute_only = league_metrics["acute"] - league_metrics["mental-health-and-community"]
    metric = sorted(m for m in acute_only if metric_ids.is_value(m))[0]
    assert (
        client.get(f"/leagues/mental-health-and-community/{QUARTER}/metrics/{metric}/").status_code
        == 404
    )


def test_each_league_defines_its_own_metrics(league_metrics):
    shared = sorted(league_metrics["acute"] & league_metrics["mental-health-and-community"])
    assert shared
    for metric_id in shared:
        defined = Metric.objects.filter(metric_id=metric_id, financial_year=2025)
        leagues = set(defined.values_list("league__slug", flat=True))
        assert leagues == {slug for slug, ids in league_metrics.items() if metric_id in ids}


def test_the_infection_metrics_show_both_rate_and_count_with_their_own_units(
    client, league_metrics
):
    twice = Metric.objects.filter(league__slug="acute", metric_id="OF0048").order_by("pk")
    assert [m.units for m in twice] == ["rate per 100,000 bed days", "count"]
    assert {m.direction for m in twice} == {"lower"}
    url = f"/leagues/acute/{QUARTER}/metrics/OF0048/"
    html = client.get(url).text
    assert "count</span>" in html and "rate per 100,000 bed days</span>" in html
    assert html.count('data-figure="metric-chart-data-') == 2
    header, rows = csv_rows(client.get(f"{url}?download=csv"))
    assert {"Value", "Units", "Value_2", "Units_2", "Direction", "Direction_2"} <= set(header)
    assert {(r["Units"], r["Units_2"]) for r in rows if r["Value"]} == {
        ("rate per 100,000 bed days", "count")
    }
    code = next(r["Trust_code"] for r in rows if r["Value"] and r["Value_2"])
    trust_html = client.get(f"/trusts/{code}/{QUARTER}/").text
    row = trust_html.split('/metrics/OF0048/"')[1].split("</tr>")[0]
    assert "rate per 100,000 bed days" in row and "count" in row
    _, trust_rows = csv_rows(client.get(f"/trusts/{code}/{QUARTER}/?download=csv"))
    infection = [r for r in trust_rows if r["Metric_ID"] == "OF0048"]
    assert sorted(r["Units"] for r in infection) == ["count", "rate per 100,000 bed days"]
    assert all(r["Direction"] == "lower" and r["Score"] for r in infection)


def tables(league: str) -> dict[str, str]:
    tq = top_trust(league)
    return {
        "league": f"/leagues/{league}/{QUARTER}/?sort=-average_score",
        "trust": f"/trusts/{tq.trust.ods_code}/{QUARTER}/",
        "service": f"/leagues/{league}/{QUARTER}/services/finance/",
        "metric": f"/leagues/{league}/{QUARTER}/metrics/OF0082/",
    }


@pytest.mark.parametrize("league", LEAGUES)
def test_every_table_downloads_the_same_columns_as_csv_and_json(client, league_metrics, league):
    for name, url in tables(league).items():
        joiner = "&" if "?" in url else "?"
        header, rows = csv_rows(client.get(f"{url}{joiner}download=csv"))
        payload = json.loads(client.get(f"{url}{joiner}download=json").content)
        assert header == [c["name"] for c in payload["columns"]], name
        assert [list(row) for row in payload["rows"]] == [header] * len(rows), name
        assert len(rows) == len(payload["rows"]) > 0, name
        for key in ("league", "quarter", "publication_date", "source_files", "licence",
                    "generated_at"):  # fmt: skip
            assert payload[key], (name, key)
        assert all(len(s["sha256"]) == 64 for s in payload["source_files"])
        # Every row names its quarter, league, source and licence.
        for row in rows:
            assert row["Quarter"] == "Q4 2025/26" and row["League"] == league
            assert row["Source"].startswith("NHS England") and row["Licence"]
        # No cell starts with a neutralised formula: the demo's text has none.
        assert not [cell for row in rows for cell in row.values() if cell.startswith("'")], name


def test_league_downloads_and_export_league_agree_column_for_column(client, league_metrics):
    out = io.StringIO()
    call_command("export_league", league="acute", quarter=QUARTER, stdout=out)
    exported = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    header, web = csv_rows(client.get(f"/leagues/acute/{QUARTER}/?download=csv"))
    assert header == [c.name for c in columns.LEAGUE_COLUMNS] == list(exported[0])
    assert header[:12] == list(files.LEAGUE_FILE_COLUMNS)
    assert web == exported
    payload = json.loads(client.get(f"/leagues/acute/{QUARTER}/?download=json").content)
    tied = [row for row in payload["rows"] if row["Tied"]]
    assert tied and all(row["Tied"] is True for row in tied)
    for row in payload["rows"]:
        assert isinstance(row["Rank"], int) and isinstance(row["Average_score"], float)
        assert isinstance(row["Override_applied"], bool)
        assert all({"kind", "short", "long", "source"} <= set(n) for n in row["Context_notes"])
    # A shared rank is a number in the CSV too, with Tied beside it.
    shared = next(r for r in web if r["Tied"] == "Yes")
    assert re.fullmatch(r"\d+\.0", shared["Rank"]), shared["Rank"]


def test_the_about_pages_show_the_demos_figures_and_no_real_trust(client, league_metrics):
    methodology = client.get("/about/methodology/").text
    assert "134 acute trusts, 61 mental health and community trusts, 10 ambulance trusts" in (
        " ".join(methodology.split())
    )
    demo_names = set(TrustQuarter.objects.values_list("name", flat=True))
    for page in ("methodology", "reading", "data"):
        html = client.get(f"/about/{page}/").text
        named = {name for name in demo_names if name in html}
        assert named, f"{page} names no trust of the loaded data"
        for real in ("South West Yorkshire", "Kent Community", "Tavistock", "Central London",
                     "Humber", "Lincolnshire Partnership", "Bridgewater"):  # fmt: skip
            assert real not in html, (page, real)


# Query counts: a fixed number per page, however many trusts (134 acute, 10 ambulance). -------

# Pinned: a change here is a change in how a page reads the database; say why in the commit.
# Every download also reads its source files and whether the data is illustrative (its
# metadata); the trust page reads its league's latest quarter (to say when a trust has no row)
# and, for its population panel, the league's codes, successions, ODS and catchments (4).
# Pages that show a metric read its caveats; the league page its metrics' descriptions and the
# about page every league's (to say what each league does not measure); search reads its
# examples from the data held (4). The home page reads
# the rows of every league's latest quarter once, for "what changed".
EXPECTED = {
    "league": 9,
    "league filtered and sorted": 9,
    "league csv": 7,
    "trust": 14,
    "trust csv": 9,
    "service": 9,
    "metric": 9,
    "metric json": 9,
}
FIXED = {"home": ("/", 4), "search": ("/trusts/?q=trust", 12), "about": ("/about/", 2),
         "methodology": ("/about/methodology/", 8), "reading": ("/about/reading/", 8),
         "data": ("/about/data/", 5)}  # fmt: skip


def pages(league: str) -> dict[str, str]:
    tq = top_trust(league)
    metric = Metric.objects.filter(kind="value", results__trust_quarter=tq).first()
    service = re.sub(r"[^a-z]+", "-", metric.sub_domain.lower()).strip("-")
    return {
        "league": f"/leagues/{league}/{QUARTER}/",
        "league filtered and sorted": f"/leagues/{league}/{QUARTER}/?segment=3&sort=-average_score",
        "league csv": f"/leagues/{league}/{QUARTER}/?download=csv",
        "trust": f"/trusts/{tq.trust.ods_code}/",
        "trust csv": f"/trusts/{tq.trust.ods_code}/{QUARTER}/?download=csv",
        "service": f"/leagues/{league}/{QUARTER}/services/{service}/",
        "metric": f"/leagues/{league}/{QUARTER}/metrics/{metric.metric_id}/",
        "metric json": f"/leagues/{league}/{QUARTER}/metrics/{metric.metric_id}/?download=json",
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", EXPECTED)
def test_page_query_count_does_not_grow_with_the_league(client, league_metrics, page):
    big = count_queries(client, pages("acute")[page])
    small = count_queries(client, pages("ambulance")[page])
    assert big == small == EXPECTED[page], f"{page}: {big} queries (134 trusts), {small} (10)"


@pytest.mark.parametrize("page", FIXED)
def test_fixed_pages_query_counts(client, league_metrics, page):
    url, expected = FIXED[page]
    assert count_queries(client, url) == expected


def test_compare_reads_the_same_number_of_times_for_two_or_four_trusts(client, league_metrics):
    def codes(league: str, count: int) -> str:
        found = (
            TrustQuarter.objects.filter(league__slug=league, quarter__quarter=4)
            .order_by("league_rank", "name")
            .values_list("trust__ods_code", flat=True)
        )
        return ",".join(found[:count])  # fmt: skip

    four = count_queries(client, f"/compare/?trusts={codes('acute', 4)}")
    two = count_queries(client, f"/compare/?trusts={codes('ambulance', 2)}")
    csv_download = count_queries(client, f"/compare/?trusts={codes('acute', 3)}&download=csv")
    assert four == two == csv_download == 10
