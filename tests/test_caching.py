"""Caching that is always right: every write replaces the data version; public pages are cached
per version with validators and a Cache-Control cut short before the next scheduled release;
signed-in and preview responses are never cached; anonymous pages are compressed."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import brotli
import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from leaguetables import actions
from leaguetables.models import (
    ContextNote,
    DataVersion,
    League,
    Quarter,
    Statement,
    Trust,
    versions,
)
from leaguetables.web import caching
from tests import nof_files

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community"
Q1 = f"{LEAGUE}/2025-26-q1/"
INSTANT = datetime(2026, 6, 11, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_MAX_AGE = 60
    settings.PAGE_STALE_WHILE_REVALIDATE = 120
    cache.clear()
    caching._held.clear()  # this process's copies too
    yield
    cache.clear()
    caching._held.clear()


@pytest.fixture
def q1():
    actions.import_file(content=nof_files.data_file(), source="data-q1.csv")
    return League.objects.get(), Quarter.objects.get(quarter=1)


@pytest.fixture
def q1_public_q2_draft(q1):
    restated = nof_files.trust_rows() + nof_files.trust_rows("Q2 2025/26")
    actions.import_file(content=nof_files.data_file(restated), source="data-q2.csv", draft=True)
    return q1[0], Quarter.objects.get(quarter=2)


def token() -> str:
    return str(DataVersion.objects.get().token)


def changes_version(write) -> None:
    before = token()
    write()
    assert token() != before


def test_every_kind_of_write_replaces_the_data_version(q1_public_q2_draft, django_user_model):
    league, q2 = q1_public_q2_draft
    q1 = Quarter.objects.get(quarter=1)
    tq = q1.trust_quarters.first()
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    member = django_user_model.objects.create_user("comms", password="y" * 12)
    league_file = nof_files.league_file(nof_files.league_rows())
    changes_version(lambda: actions.import_file(content=league_file, source="league-q1.csv"))
    changes_version(lambda: actions.set_publication_dates(dates={(2025, 1): datetime(2025, 9, 1)}))
    changes_version(actions.refresh_everything)
    later = timezone.now() + timedelta(days=1)
    changes_version(lambda: actions.publish_release(league=league, quarter=q2, at=later))
    changes_version(lambda: actions.unschedule_release(league=league, quarter=q2))
    changes_version(lambda: actions.publish_release(league=league, quarter=q2))
    changes_version(lambda: actions.withdraw_release(league=league, quarter=q2, reason="Errors."))
    note = ContextNote(trust_quarter=tq, kind="editorial", short_text="A note.", source="Editors")
    changes_version(lambda: actions.save_written_note(note=note, actor=editor))
    changes_version(lambda: actions.approve_notes(notes=ContextNote.objects.filter(pk=note.pk)))
    changes_version(lambda: actions.delete_written_notes(notes=ContextNote.objects.all()))
    trust = Trust.objects.get(pk=tq.trust_id)
    changes_version(lambda: actions.add_team_member(user=member, trust=trust))
    statement = actions.submit_statement(trust_quarter=tq, text="Our words.", actor=member)
    changes_version(lambda: actions.decide_statement(
        statement=statement, approve=True, actor=editor))  # fmt: skip
    changes_version(lambda: actions.remove_team_member(member=member.trust_teams.get()))
    assert Statement.objects.get().note is not None


def test_a_write_that_changes_no_public_page_keeps_the_version(q1, django_user_model):
    member = django_user_model.objects.create_user("comms", password="y" * 12)
    tq = q1[1].trust_quarters.first()
    before = token()
    actions.import_file(content=nof_files.data_file(), source="same-again.csv")  # same sha256
    actions.submit_statement(trust_quarter=tq, text="Waiting for an editor.", actor=member)
    assert token() == before


def test_a_public_page_is_cached_per_version_with_validators(client, q1):
    first = client.get(Q1)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=120"
    tag, modified = first["ETag"], first["Last-Modified"]
    assert tag.startswith('W/"')
    assert modified == http_date(DataVersion.objects.get().changed_at.timestamp())
    second = client.get(Q1)
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert second["ETag"] == tag
    # A conditional request gets a 304 with no body, by either validator.
    again = client.get(Q1, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    assert client.get(Q1, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(Q1, headers={"If-None-Match": '"other"'}).status_code == 200
    # The address and its query are part of the tag.
    assert client.get(f"{Q1}?sort=-change")["ETag"] != tag
    # A write changes the tag and what is served, at once.
    actions.import_file(
        content=nof_files.league_file(nof_files.league_rows()), source="league-q1.csv"
    )
    fresh = client.get(Q1, headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh["ETag"] != tag and fresh["X-Cache"] == "miss"


def test_a_scheduled_release_bounds_max_age_and_changes_the_tag_at_its_instant(
    client, q1_public_q2_draft
):
    league, q2 = q1_public_q2_draft
    with time_machine.travel(INSTANT - timedelta(hours=1), tick=False):
        actions.publish_release(league=league, quarter=q2, at=INSTANT)
    with time_machine.travel(INSTANT - timedelta(seconds=90), tick=False):
        early = client.get(Q1)
        assert early["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"
    with time_machine.travel(INSTANT - timedelta(seconds=20), tick=False):
        before = client.get(Q1)
        assert before["Cache-Control"] == "public, max-age=20, stale-while-revalidate=0"
        assert before["ETag"] == early["ETag"] and before["X-Cache"] == "hit"
        assert b"Q2 2025/26" not in client.get("/").content
        assert client.get(f"{LEAGUE}/2025-26-q2/").status_code == 404
    with time_machine.travel(INSTANT, tick=False):
        after = client.get(Q1, headers={"If-None-Match": before["ETag"]})
        assert after.status_code == 200 and after["ETag"] != before["ETag"]
        assert after["X-Cache"] == "miss"
        assert after["Cache-Control"] == "public, max-age=60, stale-while-revalidate=120"
        assert after["Last-Modified"] == http_date(INSTANT.timestamp())
        assert b"Q2 2025/26" in client.get("/").content
        assert client.get(f"{LEAGUE}/2025-26-q2/").status_code == 200


def test_signed_in_and_preview_responses_are_never_cached_or_served_from_cache(
    client, django_user_model, q1_public_q2_draft
):
    public = client.get(Q1)
    assert public["X-Cache"] == "miss"
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    actions.make_editor(user=editor)
    client.force_login(editor)
    for url in (Q1, f"{LEAGUE}/2025-26-q2/", "/team/"):
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert response["Cache-Control"] == "private, no-store", url
        assert "X-Cache" not in response and "ETag" not in response, url
        assert "Content-Encoding" not in response, url  # BREACH: never compressed
    assert b"Preview" in client.get(f"{LEAGUE}/2025-26-q2/").content
    client.logout()
    # The public copy was not replaced by the editor's, and the draft stays unseen.
    assert client.get(Q1)["X-Cache"] == "hit"
    assert client.get(f"{LEAGUE}/2025-26-q2/").status_code == 404


def test_pages_with_a_form_token_or_a_cookie_are_not_cached(client):
    response = client.get("/account/sign-in/", headers={"Accept-Encoding": "gzip"})
    assert "X-Cache" not in response and "Content-Encoding" not in response
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_anonymous_pages_are_compressed_brotli_or_gzip(client, q1):
    plain = client.get(Q1)
    assert "Content-Encoding" not in plain
    br = client.get(Q1, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br["Content-Encoding"] == "br" and "Accept-Encoding" in br["Vary"]
    assert brotli.decompress(br.content) == plain.content
    gz = client.get(Q1, headers={"Accept-Encoding": "gzip"})
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain.content
    refused = client.get(Q1, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused["Content-Encoding"] == "gzip"
    # A page that is not stored (a 404) is compressed too, and told to be checked again.
    missing = client.get("/trusts/ZZ9/", headers={"Accept-Encoding": "br"})
    assert missing.status_code == 404 and missing["Content-Encoding"] == "br"
    assert missing["Cache-Control"] == "no-cache"


def test_the_version_is_one_query_and_an_emptied_database_has_one(client, q1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(Q1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(Q1)["X-Cache"] == "hit"
    # One through Django's cursor; on PostgreSQL the same query goes through libpq, unlogged.
    assert len(queries) == (0 if connection.vendor == "postgresql" else 1)
    DataVersion.objects.all().delete()
    assert versions.current().token == "none"
    assert client.get(Q1)["X-Cache"] == "miss"


def test_league_wide_chart_data_is_read_once_per_league_quarter(client, q1, monkeypatch):
    from leaguetables.queries import trusts

    reads = []
    original = trusts._league_scores
    monkeypatch.setattr(trusts, "_league_scores", lambda *a: reads.append(a) or original(*a))
    codes = sorted(q1[1].trust_quarters.values_list("trust__ods_code", flat=True))
    for code in codes[:3]:
        assert client.get(f"/trusts/{code}/2025-26-q1/").status_code == 200
    assert len(reads) == 1
    actions.refresh_everything()  # a new version reads it again
    assert client.get(f"/trusts/{codes[0]}/2025-26-q1/").status_code == 200
    assert len(reads) == 2


def test_what_a_client_accepts_and_what_is_not_stored(rf, q1):
    from django.http import HttpResponse

    page = caching.StoredPage.of(HttpResponse("x" * 500, content_type="text/html"))
    assert set(page.bodies) == {"br", "gzip"}
    assert page.response("identity").content == b"x" * 500  # from the gzip copy
    assert page.response("gzip")["Content-Encoding"] == "gzip"
    tiny = caching.StoredPage.of(HttpResponse("x", content_type="text/html"))
    assert tiny.bodies == {"identity": b"x"} and "Content-Encoding" not in tiny.response("br")
    image = caching.StoredPage.of(HttpResponse(b"\x89PNG" * 100, content_type="image/png"))
    assert set(image.bodies) == {"identity"}
    assert caching._encoding(rf.get("/", HTTP_ACCEPT_ENCODING="gzip;q=0, br;q=0")) == "identity"
    assert caching._encoding(rf.get("/", HTTP_ACCEPT_ENCODING="deflate, gzip;q=0.5")) == "gzip"
    # A response that sets a cookie or used a form token is private and sent as it is.
    request = rf.get("/", HTTP_ACCEPT_ENCODING="br")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    formed = caching._passed_by(request, HttpResponse("<form>" + "x" * 500))
    assert formed["Cache-Control"] == "private, no-store" and "Content-Encoding" not in formed
    cookie = HttpResponse("x" * 500)
    cookie.set_cookie("seen", "1")
    plain = rf.get("/", HTTP_ACCEPT_ENCODING="br")
    assert not caching._may_store(plain, cookie)
    assert caching._passed_by(plain, cookie)["Cache-Control"] == "private, no-store"


def test_head_requests_and_session_cookies(client, q1):
    assert client.head(Q1)["X-Cache"] == "miss"
    assert client.get(Q1)["X-Cache"] == "hit"
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(Q1)
    assert "X-Cache" not in response and "ETag" not in response
    assert client.get("/health/", headers={"If-None-Match": "*"}).status_code == 200


def test_a_cached_page_keeps_the_security_headers(client, q1):
    client.get(Q1)
    hit = client.get(Q1)
    assert hit["X-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Content-Length"] == str(len(hit.content))


def test_the_version_read_through_libpq_and_its_fallback(monkeypatch, q1):
    """On PostgreSQL the token comes through libpq; an unexpected result falls back to Django's
    cursor. Checked with a stand-in connection so that it runs on SQLite too."""
    from psycopg import pq

    real = versions.connection
    expected = token().replace("-", "")

    class Result:
        def __init__(self, status, rows):
            self.status, self.ntuples, self.rows = status, len(rows), rows

        def get_value(self, row, column):
            return self.rows[row].encode()

    class Libpq:
        result = Result(pq.ExecStatus.TUPLES_OK, [token()])
        prepared: list[bytes] = []

        def prepare(self, name, sql):
            assert b"leaguetables_dataversion" in sql
            self.prepared.append(name)
            return Result(pq.ExecStatus.COMMAND_OK, [])

        def exec_prepared(self, name, params):
            assert name in self.prepared and params == [b"1"]
            return self.result

    class Stand_in:
        vendor, ops = "postgresql", real.ops
        connection = type("Raw", (), {"pgconn": Libpq()})()

        def ensure_connection(self):
            pass

        def cursor(self):
            return real.cursor()

    stand_in = Stand_in()
    monkeypatch.setattr(versions, "connection", stand_in)
    assert versions.current().token == expected
    assert versions.current().token == expected
    assert len(Libpq.prepared) == 1  # once per connection, not per request
    Libpq.result = Result(pq.ExecStatus.TUPLES_OK, [])
    assert versions.current().token == "none"
    Libpq.result = Result(pq.ExecStatus.FATAL_ERROR, [])
    assert versions.current().token == expected  # from the Django cursor
    Libpq.result = Result(pq.ExecStatus.TUPLES_OK, [token()])
    assert versions.current().token == expected
    assert len(Libpq.prepared) == 2  # a failed read prepares again
    assert str(DataVersion.objects.get()).startswith("data version ")


def test_the_distribution_chart_needs_scatter_only():
    from leaguetables.presentation import charts

    figure = charts.distribution([4.0, 1.0, 2.0, 3.0, 5.0], "%", highlight=2.0)
    assert {trace["type"] for trace in figure["data"]} == {"scatter"}
    box, median = figure["layout"]["shapes"]
    assert (box["x0"], median["x0"], box["x1"]) == (2.0, 3.0, 4.0)
    assert charts.distribution([7.0], "")["layout"]["shapes"][1]["x0"] == 7.0
    assert len(set(figure["data"][0]["y"])) == 5  # spread, and the same on every draw
    assert figure == charts.distribution([4.0, 1.0, 2.0, 3.0, 5.0], "%", highlight=2.0)


def test_static_names_before_collectstatic_are_plain(tmp_path, settings, caplog):
    from leaguetables.web.static import HashedCompressedStorage

    storage = HashedCompressedStorage(location=tmp_path)
    assert storage.url("js/app.js") == "/static/js/app.js"
    assert "run manage.py collectstatic" in caplog.text or HashedCompressedStorage._warned


def test_a_process_holds_its_latest_pages_by_etag_and_never_past_their_version(client, q1):
    first = client.get(Q1)
    assert first["ETag"] in caching._held
    cache.clear()  # the shared cache emptied: this process still has its copy
    assert client.get(Q1)["X-Cache"] == "hit"
    actions.refresh_everything()  # a new version: a new ETag, so the held copy is not used
    again = client.get(Q1)
    assert again["ETag"] != first["ETag"] and again["X-Cache"] == "miss"
    page = caching._held[again["ETag"]]
    for n in range(caching.HELD_PAGES + 1):
        caching._hold(f"tag {n}", page)
    assert len(caching._held) <= caching.HELD_PAGES
