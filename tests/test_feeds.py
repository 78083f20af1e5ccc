"""Atom feeds of releases, of a league and of a trust: valid Atom (RFC 4287's required
elements), each entry saying what changed and whether it is beyond noise, drafts absent."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from leaguetables import actions
from leaguetables.models import League, Quarter
from tests import nof_files

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LEAGUE = "mental-health-and-community"
FEEDS = ["/feeds/releases.atom", f"/feeds/leagues/{LEAGUE}.atom", "/feeds/trusts/ZZ2.atom"]


@pytest.fixture
def site():
    """Q1 and Q2 public (Q2 with a league table file), Q3 a draft."""
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv")
    actions.import_file(content=nof_files.league_file(nof_files.league_rows("Q2 2025/26")),
                        source="league-q2.csv")  # fmt: skip
    rows += nof_files.trust_rows("Q3 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q3.csv", draft=True)


def parse_atom(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml"), url
    feed = ET.fromstring(response.content)
    assert_valid_atom(feed)
    return feed


def assert_valid_atom(feed: ET.Element) -> None:
    """RFC 4287's required elements: a feed has one id, title and updated, an author (or
    every entry has one), and a link rel=self; each entry one id, title, updated, and a link
    or content."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
        assert feed.find(f"{ATOM}{name}").text, name
    feed_author = feed.find(f"{ATOM}author/{ATOM}name")
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
            assert entry.find(f"{ATOM}{name}").text, name
        assert feed_author is not None or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link") is not None or entry.find(f"{ATOM}content") is not None
        assert entry.find(f"{ATOM}updated").text[:4].isdigit()  # an RFC 3339 date-time
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)  # ids unique


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [{"title": e.find(f"{ATOM}title").text, "summary": e.find(f"{ATOM}summary").text,
             "link": e.find(f"{ATOM}link").get("href")}
            for e in feed.findall(f"{ATOM}entry")]  # fmt: skip


def test_the_feeds_are_valid_atom_and_list_public_releases_only(client, site):
    for url in FEEDS:
        feed = parse_atom(client, url)
        body = ET.tostring(feed, encoding="unicode")
        assert "2025-26-q3" not in body and "Q3 2025/26" not in body, url
    releases = entries(parse_atom(client, FEEDS[0]))
    assert [e["title"] for e in releases] == [
        "Mental health and community trusts, Q2 2025/26: published",
        "Mental health and community trusts, Q1 2025/26: published",
    ]
    assert releases[0]["link"] == f"http://testserver/leagues/{LEAGUE}/2025-26-q2/"


def test_a_release_entry_says_what_changed_and_what_is_beyond_noise(client, site):
    latest = entries(parse_atom(client, FEEDS[0]))[0]["summary"]
    assert "changed segment" in latest or "No trust changed segment" in latest
    assert "moved rank" in latest and "beyond noise" in latest
    first = entries(parse_atom(client, FEEDS[0]))[1]["summary"]
    assert "no change to report" in first


def test_a_trust_entry_says_its_segment_rank_change_and_noise(client, site):
    found = entries(parse_atom(client, "/feeds/trusts/ZZ2.atom"))
    assert [e["title"].split(":")[0] for e in found] == ["Q2 2025/26", "Q1 2025/26"]
    assert "segment" in found[0]["title"] and " of 3" in found[0]["title"]
    assert "Change since the previous quarter" in found[0]["summary"]
    assert "Likely range of rank" in found[0]["summary"]


def test_a_draft_appears_once_published(client, site):
    actions.publish_release(league=League.objects.get(), quarter=Quarter.objects.get(quarter=3))
    for url in FEEDS:
        assert b"Q3 2025/26" in client.get(url).content, url


def test_unknown_leagues_and_trusts_are_404(client, site):
    assert client.get("/feeds/leagues/dentists.atom").status_code == 404
    assert client.get("/feeds/trusts/NOPE.atom").status_code == 404


def test_pages_link_their_feeds(client, site):
    home = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in home and "/feeds/releases.atom" in home
    league = client.get(f"/leagues/{LEAGUE}/2025-26-q2/").content.decode()
    assert f"/feeds/leagues/{LEAGUE}.atom" in league
    trust = client.get("/trusts/ZZ2/").content.decode()
    assert "/feeds/trusts/ZZ2.atom" in trust


def swapped(rows: list[dict], a: str = "ZZ1", b: str = "ZZ3") -> list[dict]:
    """The same quarter with two trusts' results exchanged: each moves rank."""
    names = {row["Trust_code"]: row["Trust_name"] for row in rows}
    swap = {a: b, b: a}
    return [{**row, "Trust_code": swap.get(row["Trust_code"], row["Trust_code"]),
             "Trust_name": names[swap.get(row["Trust_code"], row["Trust_code"])]}
            for row in rows]  # fmt: skip


def test_entries_say_how_far_a_trust_moved_and_whether_beyond_noise(client, db):
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + swapped(nof_files.trust_rows("Q2 2025/26"))
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv")
    latest = entries(parse_atom(client, "/feeds/trusts/ZZ1.atom"))[0]
    assert latest["title"].startswith("Q2 2025/26: segment")
    assert "Change since the previous quarter: Down" in latest["summary"]
    assert "The movement is " in latest["summary"] and "noise" in latest["summary"]
    release = entries(parse_atom(client, "/feeds/releases.atom"))[0]["summary"]
    assert "2 trusts moved rank" in release
    assert "changed segment" in release
