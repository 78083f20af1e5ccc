"""Pages answer every request sensibly: bad query strings are a 400 or 404, never a 500; user
text is escaped; downloads are exactly what is shown and cannot run as spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from leaguetables import actions
from leaguetables.models import ContextNote, TrustQuarter
from tests import nof_files

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community/2025-26-q1/"


@pytest.fixture
def small_league():
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    two = nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(two), source="data-q2.csv")


PAGES = [
    "/",
    LEAGUE,
    "/trusts/",
    "/trusts/?q=ashcombe",
    "/trusts/ZZ2/",
    "/trusts/ZZ2/2025-26-q1/",
    f"{LEAGUE}services/elective-care/",
    f"{LEAGUE}metrics/OF0005/",
    "/about/",
    "/about/methodology/",
    "/about/reading/",
    "/about/data/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_without_inline_script_or_style(client, small_league, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert "style=" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    for tag in scripts:
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<title>" in html and html.count("<h1") == 1


@pytest.mark.parametrize(
    "query",
    [
        "sort=bogus",
        "sort=--rank",
        "segment=9",
        "region=Atlantis",
        "override=maybe",
        "recovery=%00",
        "subtype=%3Cscript%3E",
        "download=xlsx",
    ],
)
def test_bad_sort_and_filter_values_are_a_400(client, small_league, query):
    response = client.get(f"{LEAGUE}?{query}")
    assert response.status_code == 400
    assert b"<script>" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        f"{LEAGUE}?page=2",
        f"{LEAGUE}?page=x",
        "/leagues/mental-health-and-community/2025-26-q9/",
        "/leagues/mental-health-and-community/2025-q1/",
        "/leagues/dentists/2025-26-q1/",
        "/leagues/mental-health-and-community/2024-25-q1/",
        "/trusts/NOPE/",
        "/trusts/ZZ1/2030-31-q1/",
        f"{LEAGUE}services/dentistry/",
        f"{LEAGUE}metrics/OF9999/",
        f"{LEAGUE}metrics/%3Cb%3E/",
        "/about/secrets/",
    ],
)
def test_bad_addresses_are_a_404_page(client, small_league, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_sorting_by_each_column_works_without_javascript(client, small_league):
    html = client.get(LEAGUE).content.decode()
    links = re.findall(r'class="lt-sort-link" href="\?([^"]+)"', html)
    assert {"sort=rank", "sort=trust", "sort=segment", "sort=context", "sort=average_score",
            "sort=change"} <= {link.replace("&amp;", "&") for link in links}  # fmt: skip
    descending = client.get(f"{LEAGUE}?sort=-average_score").content.decode()
    codes = re.findall(r'lt-trust"><a href="/trusts/(ZZ\d)/', descending)
    assert codes[:3] == ["ZZ3", "ZZ2", "ZZ1"]


def test_filters_keep_the_sort_and_sort_links_keep_the_filters(client, small_league):
    html = client.get(f"{LEAGUE}?override=yes&sort=-rank").content.decode()
    assert re.findall(r'lt-trust"><a href="/trusts/(ZZ\d)/', html) == ["ZZ2"]
    assert '<input type="hidden" name="sort" value="-rank">' in html
    assert "override=yes&amp;sort=" in html


def test_user_text_is_escaped(client, small_league):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ1", quarter__quarter=1)
    ContextNote.objects.create(
        trust_quarter=tq, kind="editorial", short_text="<script>alert(1)</script>",
        long_text="<img src=x onerror=alert(1)>", source="editor", approved=True,
    )  # fmt: skip
    for url in (LEAGUE, "/trusts/ZZ1/2025-26-q1/", "/trusts/?q=%3Cscript%3E"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html


def test_unapproved_notes_are_not_shown(client, small_league):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ1", quarter__quarter=1)
    ContextNote.objects.create(
        trust_quarter=tq, kind="trust_statement", short_text="Awaiting approval",
        long_text="draft", source="trust", approved=False,
    )  # fmt: skip
    assert b"Awaiting approval" not in client.get(LEAGUE).content
    assert b"Awaiting approval" not in client.get("/trusts/ZZ1/2025-26-q1/").content


def test_csv_download_is_what_is_shown_with_notes_and_no_formulas(client, small_league):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ3", quarter__quarter=1)
    ContextNote.objects.create(
        trust_quarter=tq, kind="editorial", short_text="=HYPERLINK(\"http://x\")",
        long_text="x", source="editor", approved=True,
    )  # fmt: skip
    response = client.get(f"{LEAGUE}?sort=-rank&download=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Trust_code"] for row in rows] == ["ZZ3", "ZZ2", "ZZ1"]
    assert "financial_override: Segment 3 because" in rows[1]["Context_notes"]
    assert all(not row["Context_notes"].startswith(("=", "+", "-", "@")) for row in rows)
    formula = client.get(f"{LEAGUE}?override=no&download=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" not in formula  # the note sits inside a longer cell
    filtered = list(csv.DictReader(io.StringIO(formula)))
    assert [row["Trust_code"] for row in filtered] == ["ZZ1", "ZZ3"]


def test_json_download_carries_filters_and_notes(client, small_league):
    payload = json.loads(client.get(f"{LEAGUE}?override=yes&unknown=x&download=json").content)
    assert payload["filters"] == {"override": "yes"}  # what was applied, not the query string
    assert [row["Trust_code"] for row in payload["rows"]] == ["ZZ2"]
    (note, *_) = payload["rows"][0]["Context_notes"]
    assert note["kind"] == "financial_override"
    assert note["short"].startswith("Segment 3 because of the financial override")
    assert set(note) >= {"kind", "short", "long", "source"}


def test_trust_search_by_code_goes_straight_to_the_trust(client, small_league):
    response = client.get("/trusts/?q=zz2")
    assert response.status_code == 302 and response["Location"].startswith("/trusts/ZZ2")


def test_public_pages_send_a_strict_content_security_policy(client, small_league):
    policy = client.get(LEAGUE)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_trust_page_shows_what_its_rank_would_be_under_other_rules(client, small_league):
    html = client.get("/trusts/ZZ2/2025-26-q1/").content.decode()
    assert "Without the financial override" in html
    assert "segment 2, ranked 2nd of 3" in html
    assert "Leaving out any one of its metrics" in html


def test_trust_page_charts_carry_the_ranks_shown_in_their_data_table(client, small_league):
    html = client.get("/trusts/ZZ2/2025-26-q2/").content.decode()
    blob = re.search(r'<script id="rank-chart-data" type="application/json">(.*?)</script>', html)
    figure = json.loads(blob.group(1))
    assert figure["data"][0]["x"] == ["Q1 2025/26", "Q2 2025/26"]
    assert figure["data"][0]["y"] == [2, 2]
    assert 'data-figure="rank-chart-data"' in html
    assert "Segment, rank and likely range by quarter" in html  # the table beside the chart


def test_a_trust_with_no_row_in_its_leagues_latest_quarter_keeps_its_history(client):
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    later = [row for row in nof_files.trust_rows("Q2 2025/26") if row["Trust_code"] != "ZZ3"]
    actions.import_file(content=nof_files.data_file(later), source="data-q2.csv")
    html = client.get("/trusts/ZZ3/").content.decode()
    assert "Coldharbour Care NHS Trust" in html and "Q1 2025/26" in html
    assert "no row for this trust in Q2 2025/26" in html
    assert "no row for this trust" not in client.get("/trusts/ZZ2/").content.decode()


def test_a_trusts_name_is_the_one_its_latest_public_quarter_gives(client):
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    renamed = [
        {**row, "Trust_name": "Ashcombe Community Health NHS Foundation Trust"}
        if row["Trust_code"] == "ZZ1" else row
        for row in nof_files.trust_rows("Q2 2025/26")
    ]  # fmt: skip
    actions.import_file(content=nof_files.data_file(renamed), source="data-q2.csv")
    found = client.get("/trusts/?q=ashcombe").content.decode()
    assert "Ashcombe Community Health NHS Foundation Trust" in found
    q1 = client.get("/trusts/ZZ1/2025-26-q1/").content.decode()
    assert "<h1>Ashcombe Community Health NHS Trust</h1>" in q1  # as published then
    assert "Now published as Ashcombe Community Health NHS Foundation Trust" in q1


def test_an_upgraded_database_without_derived_notes_is_derived_again():
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    assert not actions.derived_figures_missing()
    ContextNote.objects.filter(automatic=True).delete()
    assert actions.derived_figures_missing()
    actions.refresh_everything()
    assert ContextNote.objects.filter(automatic=True).exists()
