"""Trust teams' right of reply, end to end through the pages: sign in, preview, a statement that
shows nowhere until an editor approves it and then beside the rank with its date, a rejected
one back with the reason, a data problem report and its answer, the editors' upload form, the
audit trail, and sign-in throttled."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from leaguetables import actions
from leaguetables.models import (
    AuditEntry,
    DataReport,
    ImportRecord,
    MetricResult,
    Release,
    Statement,
    Trust,
    TrustQuarter,
)
from tests import nof_files

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community/2025-26-q1/"
TRUST = "/trusts/ZZ2/2025-26-q1/"
WORDS = "Our community waiting times have fallen for three quarters in a row."
SUBMITTED = datetime(2026, 5, 14, 11, 0, tzinfo=UTC)


@pytest.fixture
def team(client, django_user_model):
    """Q1 public; "comms" is on ZZ2's team, signed in; "editor" is an editor."""
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    member = django_user_model.objects.create_user("comms", "comms@example.org", "x" * 12)
    actions.add_team_member(user=member, trust=Trust.objects.get(ods_code="ZZ2"))
    editor = django_user_model.objects.create_user("editor", "ed@example.org", "y" * 12)
    actions.make_editor(user=editor)
    client.force_login(member)
    return {"client": client, "member": member, "editor": editor}


@pytest.fixture
def client_class():
    return Client


def downloads(client) -> dict[str, str]:
    found = {}
    for url in (LEAGUE, TRUST):
        for kind in ("csv", "json"):
            found[f"{url}?download={kind}"] = client.get(f"{url}?download={kind}").content.decode()
    return found


def public_text(client) -> str:
    return "".join([client.get(LEAGUE).content.decode(), client.get(TRUST).content.decode(),
                    *downloads(client).values()])  # fmt: skip


def test_a_statement_shows_nowhere_until_approved_then_beside_the_rank_with_its_date(
    team, client_class
):
    client = team["client"]
    form = client.get("/team/ZZ2/statement/")
    assert form.status_code == 200 and b"csrfmiddlewaretoken" in form.content
    with time_machine.travel(SUBMITTED, tick=False):
        response = client.post("/team/ZZ2/statement/", {"quarter": "2025-26-q1", "text": WORDS})
    assert response.status_code == 302 and response["Location"] == "/team/"
    home = client.get("/team/").content.decode()
    assert "Your statement is with the editors." in home and "Waiting for an editor" in home
    statement = Statement.objects.get()
    assert statement.status == "pending" and statement.trust_quarter.trust.ods_code == "ZZ2"
    public = client_class()
    assert WORDS not in public_text(public)  # pending: nowhere public
    assert len(mail.outbox) == 1 and "Statement to approve" in mail.outbox[0].subject

    # An editor approves it in the admin.
    editors = client_class()
    editors.force_login(team["editor"])
    queue = editors.get("/admin/leaguetables/statement/")
    assert queue.status_code == 200 and b"pending" in queue.content
    change = f"/admin/leaguetables/statement/{statement.pk}/change/"
    assert editors.post(change, {"decision": "approved", "reason_given": ""}).status_code == 302
    statement.refresh_from_db()
    assert statement.status == "approved" and statement.note is not None

    label = "The trust’s own words, 14 May 2026"
    league_html = public.get(LEAGUE).content.decode()
    row = league_html[league_html.index("Brindlemoor") :]
    row = row[: row.index("</tr>")]
    assert "The trust&#39;s own words, 14 May 2026" in row and WORDS in row  # beside its rank
    trust_html = public.get(TRUST).content.decode()
    assert "The trust&#39;s own words, 14 May 2026" in trust_html and WORDS in trust_html
    for url, body in downloads(public).items():
        assert WORDS in body, url
        assert "14 May 2026" in body.replace(label, "14 May 2026"), url
    league_csv = list(csv.DictReader(io.StringIO(downloads(public)[f"{LEAGUE}?download=csv"]
                                                 .lstrip("\ufeff"))))  # fmt: skip
    brindlemoor = next(r for r in league_csv if r["Trust_code"] == "ZZ2")
    assert "trust_statement: The trust's own words, 14 May 2026" in brindlemoor["Context_notes"]
    league_json = json.loads(downloads(public)[f"{LEAGUE}?download=json"])
    notes = next(r for r in league_json["rows"] if r["Trust_code"] == "ZZ2")["Context_notes"]
    said = next(n for n in notes if n["kind"] == "trust_statement")
    assert said["facts"]["submitted_on"] == "2026-05-14" and said["long"] == WORDS
    assert "approved for publication by the editors" in said["source"]
    # Only that trust's row carries it.
    assert WORDS not in next(r for r in league_csv if r["Trust_code"] == "ZZ1")["Context_notes"]
    assert [e.action for e in AuditEntry.objects.order_by("id")][-2:] == [
        "statement.submitted", "statement.approved",
    ]  # fmt: skip


def test_a_rejected_statement_goes_back_with_the_editors_reason(team, client_class):
    client = team["client"]
    client.post("/team/ZZ2/statement/", {"quarter": "2025-26-q1", "text": WORDS})
    statement = Statement.objects.get()
    editors = client_class()
    editors.force_login(team["editor"])
    change = f"/admin/leaguetables/statement/{statement.pk}/change/"
    # A rejection needs a reason.
    refused = editors.post(change, {"decision": "rejected", "reason_given": " "})
    assert refused.status_code == 200 and b"Say why" in refused.content
    editors.post(change, {"decision": "rejected", "reason_given": "It names a member of staff."})
    statement.refresh_from_db()
    assert statement.status == "rejected" and statement.note is None
    home = client.get("/team/").content.decode()
    assert "Not approved" in home and "The editors' reason: It names a member of staff." in home
    assert WORDS not in public_text(client_class())


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("<b>Best</b> trust", "HTML tags"),
        ("Best &amp; finest", "HTML tags and entities"),
        ("x" * 1001, "1,000 characters"),
        ("   ", "This field is required"),
        ("bell\x07", "control character"),
    ],
)
def test_a_statement_is_plain_text_and_length_limited(team, text, why):
    response = team["client"].post("/team/ZZ2/statement/", {"quarter": "2025-26-q1", "text": text})
    assert response.status_code == 200
    assert why in response.content.decode().replace("&#39;", "'")
    assert not Statement.objects.exists()


def test_a_statement_for_a_quarter_the_team_cannot_see_is_refused(team):
    response = team["client"].post("/team/ZZ2/statement/", {"quarter": "2019-20-q1", "text": "x"})
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert not Statement.objects.exists()


def test_a_data_problem_report_reaches_the_editors_and_its_outcome_the_reporter(team, client_class):
    client = team["client"]
    form = client.get("/team/ZZ2/report/").content.decode()
    assert "OF0005" in form  # the metrics the trust was published with
    response = client.post("/team/ZZ2/report/", {"quarter": "2025-26-q1", "metric": "OF0005",
                                                  "text": "The value is doubled."})  # fmt: skip
    assert response.status_code == 302
    bad = client.post("/team/ZZ2/report/", {"quarter": "2025-26-q1", "metric": "OF9999",
                                             "text": "No such metric."})  # fmt: skip
    assert bad.status_code == 200 and DataReport.objects.count() == 1
    report = DataReport.objects.get()
    assert report.metric_id == "OF0005" and report.outcome == "open"
    editors = client_class()
    editors.force_login(team["editor"])
    change = f"/admin/leaguetables/datareport/{report.pk}/change/"
    assert editors.get(change).status_code == 200
    editors.post(change, {"answer": "passed_on", "answer_text": "Sent to NHS England's team."})
    report.refresh_from_db()
    assert report.outcome == "passed_on"
    home = client.get("/team/").content.decode()
    assert "Passed to NHS England" in home
    assert "The editors' answer: Sent to NHS England&#39;s team." in home
    assert AuditEntry.objects.filter(action="report.passed_on").count() == 1
    assert "answered" in mail.outbox[-1].subject and mail.outbox[-1].to == ["comms@example.org"]


def test_the_team_home_lists_previews_and_published_quarters(team):
    rows = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(rows), source="q2.csv", draft=True)
    html = team["client"].get("/team/").content.decode()
    assert "Brindlemoor Mental Health NHS Trust" in html and "Ashcombe" not in html
    assert 'href="/trusts/ZZ2/2025-26-q2/">Q2 2025/26 (preview)' in html
    assert 'href="/trusts/ZZ2/2025-26-q1/">Q1 2025/26</a>' in html
    assert team["client"].get("/team/")["Cache-Control"] == "private, no-store"


def test_an_editor_uploads_a_draft_and_a_bad_file_changes_nothing(team, client_class):
    editors = client_class()
    editors.force_login(team["editor"])
    assert team["client"].get("/team/upload/").status_code == 403
    assert editors.get("/team/upload/").status_code == 200
    before = MetricResult.objects.count(), ImportRecord.objects.count()
    rows = nof_files.trust_rows("Q2 2025/26")
    rows[3]["Value"] = "1_5"
    bad = io.BytesIO(nof_files.data_file(rows))
    bad.name = "bad.csv"
    response = editors.post("/team/upload/", {"file": bad, "draft": "on"})
    text = response.content.decode()
    assert response.status_code == 200 and "Rejected, nothing imported" in text
    assert "bad.csv" in text and "row 5" in text and "Value" in text
    assert (MetricResult.objects.count(), ImportRecord.objects.count()) == before
    good = io.BytesIO(nof_files.data_file(nof_files.trust_rows("Q2 2025/26")))
    good.name = "q2.csv"
    response = editors.post("/team/upload/", {"file": good, "draft": "on"})
    assert response.status_code == 200 and b"draft, not public" in response.content
    assert Release.objects.get(quarter__quarter=2).state == "draft"
    assert client_class().get("/leagues/mental-health-and-community/2025-26-q2/").status_code == 404
    assert AuditEntry.objects.filter(action="import", actor=team["editor"]).exists()


def test_sign_in_sign_out_and_throttling(client, django_user_model, caplog):
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    django_user_model.objects.create_user("comms", "comms@example.org", "right-password-1")
    page = client.get("/account/sign-in/")
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    caplog.set_level(logging.INFO, logger="leaguetables.auth")
    signed_in = client.post("/account/sign-in/", {"username": "comms",
                                                   "password": "right-password-1"})  # fmt: skip
    assert signed_in.status_code == 302 and signed_in["Location"] == "/team/"
    assert any(r.message == "sign_in" and r.actor == "comms" for r in caplog.records)
    assert client.get("/account/sign-out/").status_code == 405  # sign out is a POST
    assert client.post("/account/sign-out/").status_code == 302
    for attempt in range(4):
        wrong = client.post("/account/sign-in/", {"username": "comms", "password": f"no{attempt}"})
        assert wrong.status_code == 200 and b"Please enter a correct" in wrong.content, attempt
    fifth = client.post("/account/sign-in/", {"username": "comms", "password": "no5"})
    assert fifth.status_code == 429  # the fifth wrong password pauses this account here
    locked = client.post("/account/sign-in/", {"username": "comms",
                                                "password": "right-password-1"})  # fmt: skip
    assert locked.status_code == 429 and b"Too many attempts" in locked.content
    assert "Content-Security-Policy" in locked
    failures = [r for r in caplog.records if r.message == "sign_in_failed"]
    assert failures and all("password" not in r.getMessage() for r in failures)


def test_a_redirect_after_sign_in_stays_on_this_site(client, django_user_model):
    django_user_model.objects.create_user("comms", "comms@example.org", "right-password-1")
    response = client.post("/account/sign-in/?next=https://evil.example/", {
        "username": "comms", "password": "right-password-1", "next": "https://evil.example/",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/team/"


def test_forms_need_their_csrf_token(team):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(team["member"])
    response = strict.post("/team/ZZ2/statement/", {"quarter": "2025-26-q1", "text": WORDS})
    assert response.status_code == 403 and not Statement.objects.exists()
    assert strict.post("/account/sign-in/", {"username": "a", "password": "b"}).status_code == 403


def test_team_members_are_added_and_removed_with_an_audit_entry(team, client_class):
    editors = client_class()
    editors.force_login(team["editor"])
    member = TrustQuarter.objects.get(trust__ods_code="ZZ2").trust.team_members.get()
    response = editors.post(f"/admin/leaguetables/trustteammember/{member.pk}/delete/",
                            {"post": "yes"})  # fmt: skip
    assert response.status_code == 302
    assert not team["member"].trust_teams.exists()
    assert AuditEntry.objects.filter(action="team.member_removed").count() == 1
    assert team["client"].get("/team/ZZ2/statement/").status_code == 403
