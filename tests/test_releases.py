"""Releases: a draft is invisible on every public surface, a scheduled release is public from
its instant and never a second before (no cron), a withdrawal is explained, and the calendar
announces what is coming."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from leaguetables import actions
from leaguetables.models import AuditEntry, League, Quarter, Release, TrustQuarter
from leaguetables.nof.files import NOFFileError
from tests import nof_files
from tests.test_public_read_path import crawl

pytestmark = pytest.mark.django_db

DRAFT = "2025-26-q2"
INSTANT = datetime(2026, 6, 11, 9, 30, tzinfo=UTC)


@pytest.fixture
def q1_public_q2_draft():
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    restated = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    result = actions.import_file(
        content=nof_files.data_file(restated), source="data-q2.csv", draft=True
    )
    assert result.releases == {"Q1 2025/26": "published", "Q2 2025/26": "draft"}
    return League.objects.get(), Quarter.objects.get(quarter=2)


def seen_by(client, quarter_slug: str = DRAFT) -> tuple[bytes, dict[str, int]]:
    """Everything the crawl of the public surfaces shows, and the status of each address."""
    pages, statuses = [], {}
    for url in crawl(quarter_slug):
        response = client.get(url)
        statuses[url] = response.status_code
        pages.append(response.content)
    return b"".join(pages), statuses


def assert_invisible(client) -> None:
    content, statuses = seen_by(client)
    for url, status in statuses.items():
        if DRAFT in url:
            assert status == 404, url
    assert DRAFT.encode() not in content
    assert b"trusts, Q2 2025/26" not in content  # the about pages' tables count no draft
    home = client.get("/").content
    assert b"Q2 2025/26" not in home and b"Q1 2025/26" in home
    assert client.get("/leagues/mental-health-and-community/")["Location"].endswith("q1/")


def test_a_draft_is_invisible_on_every_public_surface(client, q1_public_q2_draft):
    assert_invisible(client)
    # Its trusts' names, as the draft quarter gives them, are not shown either.
    TrustQuarter.objects.filter(quarter__quarter=2, trust__ods_code="ZZ1").update(
        name="Renamed In Draft NHS Trust"
    )
    assert b"Renamed In Draft" not in client.get("/trusts/?q=ashcombe").content
    assert b"Renamed In Draft" not in client.get("/trusts/ZZ1/").content


def test_an_editor_previews_a_draft_with_a_banner_and_no_shared_cache(
    client, django_user_model, q1_public_q2_draft
):
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    actions.make_editor(user=editor)
    client.force_login(editor)
    response = client.get(f"/leagues/mental-health-and-community/{DRAFT}/")
    assert response.status_code == 200
    assert b"Preview \xe2\x80\x94 not public" in response.content
    assert response["Cache-Control"] == "private, no-store"
    public = client.get("/leagues/mental-health-and-community/2025-26-q1/")
    assert b"Preview" not in public.content  # nothing unpublished on it


@pytest.mark.parametrize("offset", [timedelta(seconds=-1), timedelta(0), timedelta(seconds=1)])
def test_a_scheduled_release_is_public_from_its_instant_and_not_a_second_before(
    client, q1_public_q2_draft, offset
):
    league, quarter = q1_public_q2_draft
    with time_machine.travel(INSTANT - timedelta(days=1), tick=False):
        actions.publish_release(league=league, quarter=quarter, at=INSTANT)
    url = f"/leagues/mental-health-and-community/{DRAFT}/"
    with time_machine.travel(INSTANT + offset, tick=False):
        status = client.get(url).status_code
        listed = client.get("/releases/").content.decode()
    if offset < timedelta(0):
        assert status == 404
        assert "Announced" in listed and "11 June 2026, 10:30am" in listed  # London time
        with time_machine.travel(INSTANT + offset, tick=False):
            assert_invisible(client)
    else:
        assert status == 200


def test_publish_now_and_at_an_instant_from_the_command_line(q1_public_q2_draft):
    out = io.StringIO()
    with time_machine.travel(INSTANT - timedelta(hours=2), tick=False):
        call_command("publish", league="mental-health-and-community", quarter=DRAFT,
                     at="2026-06-11T10:30", stdout=out)  # fmt: skip
        release = Release.objects.get(quarter__quarter=2)
        assert release.state == "scheduled" and release.scheduled_at == INSTANT  # BST
        assert not release.is_public()
        with pytest.raises(CommandError, match="is not a date and time"):
            call_command("publish", league="mental-health-and-community", quarter=DRAFT,
                         at="soon")  # fmt: skip
        call_command("publish", league="mental-health-and-community", quarter=DRAFT, stdout=out)
        release.refresh_from_db()
        assert release.state == "published" and release.is_public()
    with pytest.raises(CommandError, match="public already"):
        call_command("publish", league="mental-health-and-community", quarter=DRAFT)
    with pytest.raises(CommandError, match="no league 'dentists'"):
        call_command("publish", league="dentists", quarter=DRAFT)
    trail = AuditEntry.objects.filter(action__startswith="release.")
    assert list(trail.values_list("action", flat=True)) == [
        "release.published",
        "release.scheduled",
    ]


def test_a_withdrawn_release_says_when_and_why(client, q1_public_q2_draft):
    league, quarter = q1_public_q2_draft
    actions.publish_release(league=league, quarter=quarter)
    assert client.get(f"/leagues/mental-health-and-community/{DRAFT}/").status_code == 200
    reason = "NHS England withdrew its file to correct it"
    call_command("withdraw", league="mental-health-and-community", quarter=DRAFT, reason=reason,
                 stdout=io.StringIO())  # fmt: skip
    for url in (f"/leagues/mental-health-and-community/{DRAFT}/",
                f"/leagues/mental-health-and-community/{DRAFT}/?download=csv",
                f"/trusts/ZZ1/{DRAFT}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 410, url
        assert b"NHS England withdrew its file to correct it" in response.content
    assert b"Withdrawn" in client.get("/releases/").content
    with pytest.raises(actions.ReleaseError, match="says why"):
        actions.withdraw_release(league=league, quarter=Quarter.objects.get(quarter=1), reason=" ")


def test_a_draft_cannot_hold_a_revision_of_a_public_quarter(q1_public_q2_draft):
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    rows[0]["Value"] = "9.99"  # a Q1 value, public already, revised
    with pytest.raises(NOFFileError, match="would change the published figures of Q1 2025/26"):
        actions.import_file(content=nof_files.data_file(rows), source="v2.csv", draft=True)
    # Imported to be published at once, the revision goes in.
    actions.import_file(content=nof_files.data_file(rows), source="v2.csv")


def test_the_release_page_lists_pre_release_access_and_what_changed(
    client, django_user_model, q1_public_q2_draft
):
    league, quarter = q1_public_q2_draft
    member = django_user_model.objects.create_user("comms", password="x" * 12)
    actions.add_team_member(user=member, trust=TrustQuarter.objects.filter(
        trust__ods_code="ZZ2").first().trust)  # fmt: skip
    assert client.get(f"/releases/mental-health-and-community/{DRAFT}/").status_code == 404
    actions.publish_release(league=league, quarter=quarter)
    html = client.get(f"/releases/mental-health-and-community/{DRAFT}/").content.decode()
    assert "Brindlemoor Mental Health NHS Trust (ZZ2): 1 team member, from" in html
    assert "This release revised nothing published before it." in html
