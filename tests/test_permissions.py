"""Who sees a draft: for every public surface, an anonymous reader and a member of another
trust's team see nothing of it; the trust's own team previews its own trust's pages and
downloads; editors preview everything. And a member of trust A gets 403 or 404 for everything
of trust B's that is not public. One matrix, every view and download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from leaguetables import actions
from leaguetables.models import League, Quarter, Statement, Trust, TrustQuarter
from tests import nof_files
from tests.test_public_read_path import crawl

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community"
DRAFT = "2025-26-q2"
BANNER = "Preview — not public".encode()
# Trust B's draft-only name: shown to B's team and editors, never to anyone else.
DRAFT_NAME_B = "Brindlemoor Renamed In Draft NHS Trust"
DRAFT_NAME_A = "Ashcombe Renamed In Draft NHS Trust"
INSTANT = datetime(2026, 6, 11, 9, 30, tzinfo=UTC)


@pytest.fixture
def draft(django_user_model):
    """Q1 public, Q2 a draft; ZZ2 is trust B (its team: "b"), ZZ1 is trust A (its team: "a")."""
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="data-q2.csv", draft=True)
    draft_rows = TrustQuarter.objects.filter(quarter__quarter=2)
    draft_rows.filter(trust__ods_code="ZZ2").update(name=DRAFT_NAME_B)
    draft_rows.filter(trust__ods_code="ZZ1").update(name=DRAFT_NAME_A)
    users = {}
    for name, code in (("a", "ZZ1"), ("b", "ZZ2")):
        users[name] = django_user_model.objects.create_user(name, password="x" * 12)
        actions.add_team_member(user=users[name], trust=Trust.objects.get(ods_code=code))
    users["editor"] = django_user_model.objects.create_user("editor", password="x" * 12)
    actions.make_editor(user=users["editor"])
    return users


def as_reader(client, users, who: str):
    if who != "anonymous":
        client.force_login(users[who])
    return client


def trust_b(url: str) -> bool:
    """An address of trust B's own (its page, history, downloads)."""
    return url.startswith("/trusts/ZZ2/")


def draft_surfaces() -> list[str]:
    """Every public surface of the draft quarter and every surface that could show it."""
    return crawl(DRAFT) + [
        f"/trusts/ZZ1/{DRAFT}/",
        f"/trusts/ZZ1/{DRAFT}/?download=csv",
        f"/trusts/ZZ1/{DRAFT}/?download=json",
        f"/releases/mental-health-and-community/{DRAFT}/",
        "/releases/",
        *open_data_surfaces(),
    ]


def open_data_surfaces() -> list[str]:
    """The API, feeds, embeds and bulk files that could show the draft quarter: each is the
    public's view for every reader (no preview), so they sit in the matrix above."""
    league = "mental-health-and-community"
    return ["/api/v1/leagues", f"/api/v1/leagues/{league}", "/api/v1/trusts",
            "/api/v1/trusts?q=brindlemoor", "/api/v1/trusts/ZZ2", "/api/v1/trusts/ZZ2?format=csv",
            "/api/v1/trusts/ZZ1", "/api/v1/releases", "/feeds/releases.atom",
            f"/feeds/leagues/{league}.atom", "/feeds/trusts/ZZ1.atom", "/feeds/trusts/ZZ2.atom",
            "/embed/trusts/ZZ1/", "/embed/trusts/ZZ2/", "/embed/trusts/ZZ2/rank.svg",
            "/data/bulk/datapackage.json", f"/data/bulk/{league}.csv",
            f"/data/bulk/{league}-notes.csv"]  # fmt: skip


def open_data_draft_addresses() -> list[str]:
    """The API's addresses of the draft quarter itself."""
    league = f"/api/v1/leagues/mental-health-and-community/{DRAFT}"
    return [league, f"{league}?format=csv", f"{league}/notes", f"{league}/metrics",
            f"{league}/metrics/OF0005", f"{league}/services", f"{league}/services/elective-care",
            f"/api/v1/trusts/ZZ1/{DRAFT}", f"/api/v1/trusts/ZZ2/{DRAFT}",
            f"/api/v1/trusts/ZZ2/{DRAFT}?format=csv"]  # fmt: skip


@pytest.mark.parametrize("who", ["anonymous", "a", "b", "editor"])
def test_the_api_feeds_embeds_and_bulk_files_never_preview(client, draft, who):
    """Shared with other sites, readers and caches: the public's view, whoever asks (the trust's
    own team and editors preview on the pages)."""
    reader = as_reader(client, draft, who)
    for url in open_data_draft_addresses():
        assert reader.get(url).status_code == 404, (who, url)
    for url in open_data_surfaces():
        response = reader.get(url)
        assert response.status_code == 200, (who, url)
        for hidden in (DRAFT.encode(), b"Q2 2025/26", DRAFT_NAME_A.encode(),
                       DRAFT_NAME_B.encode(), BANNER):  # fmt: skip
            assert hidden not in response.content, (who, url, hidden)


def test_draft_surfaces_name_the_draft(client, draft):
    """The matrix below means something: an editor finds the draft on every draft address."""
    client.force_login(draft["editor"])
    for url in draft_surfaces():
        if DRAFT in url and "/releases/" not in url:
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "a"])
def test_a_draft_is_invisible_to_the_public_and_to_other_trusts_teams(client, draft, who):
    reader = as_reader(client, draft, who)
    for url in draft_surfaces():
        if who == "a" and url.startswith("/trusts/ZZ1/"):
            continue  # trust A's own pages: its team's preview, below
        response = reader.get(url)
        if DRAFT in url:
            assert response.status_code == 404, (who, url)
        else:
            assert response.status_code in (200, 302), (who, url)
        body = response.content
        assert DRAFT_NAME_B.encode() not in body, (who, url)
        if DRAFT not in url:
            assert DRAFT.encode() not in body, (who, url)  # no link, switcher or history
        assert BANNER not in body, (who, url)
    # Trust A's own team previews A's draft, and nothing of B's in it.
    if who == "a":
        own = reader.get(f"/trusts/ZZ1/{DRAFT}/")
        assert own.status_code == 200 and BANNER in own.content
        assert DRAFT_NAME_B.encode() not in own.content


def test_the_trusts_own_team_previews_its_trusts_pages_and_downloads_only(client, draft):
    reader = as_reader(client, draft, "b")
    for url in draft_surfaces():
        response = reader.get(url)
        if trust_b(url) and DRAFT in url:
            assert response.status_code == 200, url
            assert DRAFT_NAME_B.encode() in response.content, url
            assert response["Cache-Control"] == "private, no-store", url
            if "download" not in url:
                assert BANNER in response.content, url
        elif DRAFT in url:
            assert response.status_code == 404, url  # the league's draft tables are not B's
        # Nothing of trust A's draft, anywhere.
        assert DRAFT_NAME_A.encode() not in response.content, url
    # The trust's latest page is its draft quarter, in preview.
    latest = reader.get("/trusts/ZZ2/")
    assert latest.status_code == 200 and DRAFT_NAME_B.encode() in latest.content
    assert BANNER in latest.content


def test_an_editor_previews_every_surface(client, draft):
    reader = as_reader(client, draft, "editor")
    for url in draft_surfaces():
        response = reader.get(url)
        assert response.status_code in (200, 302), url
        assert response["Cache-Control"] == "private, no-store", url
    html = reader.get(f"{LEAGUE}/{DRAFT}/").content
    assert BANNER in html and DRAFT_NAME_A.encode() in html and DRAFT_NAME_B.encode() in html


@pytest.mark.parametrize("seconds", [-1, 0])
@pytest.mark.parametrize("who", ["anonymous", "a"])
def test_scheduled_release_both_sides_of_its_instant(client, draft, who, seconds):
    league, quarter = League.objects.get(), Quarter.objects.get(quarter=2)
    with time_machine.travel(INSTANT - timedelta(days=2), tick=False):
        actions.publish_release(league=league, quarter=quarter, at=INSTANT)
    reader = as_reader(client, draft, who)
    with time_machine.travel(INSTANT + timedelta(seconds=seconds), tick=False):
        for url in draft_surfaces():
            if who == "a" and url.startswith("/trusts/ZZ1/"):
                continue  # trust A's own pages: its team's preview
            response = reader.get(url)
            if DRAFT in url and "/releases/" not in url:
                assert response.status_code == (404 if seconds < 0 else 200), (seconds, url)
            if seconds < 0:
                assert DRAFT_NAME_B.encode() not in response.content, (seconds, url)
            else:
                assert BANNER not in response.content, url  # public now: no preview
        league_page = reader.get(f"{LEAGUE}/{DRAFT}/").content
        assert (DRAFT_NAME_B.encode() in league_page) == (seconds >= 0)


def test_a_member_of_trust_a_gets_403_or_404_for_everything_of_trust_bs_not_public(
    client, draft, django_user_model
):
    b_draft = TrustQuarter.objects.get(quarter__quarter=2, trust__ods_code="ZZ2")
    statement = actions.submit_statement(
        trust_quarter=b_draft, text="Our figures are improving.", actor=draft["b"]
    )
    actions.report_problem(trust_quarter=b_draft, metric_id="OF0005",
                           text="The value looks doubled.", actor=draft["b"])  # fmt: skip
    reader = as_reader(client, draft, "a")
    for url in [u for u in draft_surfaces() if trust_b(u) and DRAFT in u]:
        assert reader.get(url).status_code == 404, url
    for url in ("/team/ZZ2/statement/", "/team/ZZ2/report/"):
        assert reader.get(url).status_code == 403, url
        assert reader.post(url, {"quarter": DRAFT, "metric": "OF0005",
                                 "text": "Written by trust A"}).status_code == 403  # fmt: skip
    assert Statement.objects.filter(text="Written by trust A").count() == 0
    team = reader.get("/team/").content
    assert b"Our figures are improving" not in team and b"looks doubled" not in team
    assert DRAFT_NAME_B.encode() not in team
    # Nor the upload form, the admin, or an editor's queue.
    assert reader.get("/team/upload/").status_code == 403
    admin = reader.get(f"/admin/leaguetables/statement/{statement.pk}/change/")
    assert admin.status_code == 302 and "/login/" in admin["Location"]  # not staff
    # The editors' admin lets only editors in, staff or not.
    draft["a"].is_staff = True
    draft["a"].save()
    reader.force_login(draft["a"])
    assert reader.get(f"/admin/leaguetables/statement/{statement.pk}/change/").status_code in (
        403, 404, 302,
    )  # fmt: skip
    assert b"Our figures are improving" not in reader.get("/admin/").content


def test_anonymous_readers_are_sent_to_sign_in_for_team_pages(client, draft):
    for url in ("/team/", "/team/ZZ2/statement/", "/team/ZZ2/report/", "/team/upload/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/sign-in/?next="), url
    assert client.get("/team/NOPE/statement/").status_code == 302  # signs in first
    client.force_login(draft["b"])
    assert client.get("/team/NOPE/statement/").status_code == 404
    assert client.get("/team/ZZ2/statement/").status_code == 200
    assert client.get("/team/zz2/report/").status_code == 200
